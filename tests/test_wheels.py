"""Real wheels: build each generated client, install it into a fresh venv, use it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.smoke.install_wheels import SMOKE_CASSETTES, run_smoke

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = tomllib.loads((ROOT / "clientgen.toml").read_text(encoding="utf-8"))["clients"]


@pytest.mark.parametrize("name", sorted(n for n in CLIENTS if n in SMOKE_CASSETTES))
def test_wheel_installs_into_a_fresh_venv_and_works(name: str, tmp_path: Path) -> None:
    project = ROOT / CLIENTS[name]["output"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(project)],
        check=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    run_smoke(wheel, name)
