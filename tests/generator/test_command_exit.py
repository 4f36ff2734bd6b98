"""The ``clientgen`` command ends its process as soon as the command is done: everything it prints and
writes is complete, and the exit status is the command's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .helpers import PETS, write_text

REPO = Path(__file__).resolve().parent.parent.parent


def _clientgen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_the_command_writes_everything_and_says_so_before_the_process_ends(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "pets.yaml", PETS)
    done = _clientgen("generate", str(spec), "--output", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("0 unchanged\n")
    written = int(done.stdout.split(" written")[0].rsplit(" ", 1)[1])
    record = json.loads((tmp_path / "out" / ".clientgen-files.json").read_text(encoding="utf-8"))
    assert len(record["files"]) == written - 1, "every file but the record itself is on the record"
    assert all((tmp_path / "out" / name).is_file() for name in record["files"])
    again = _clientgen("generate", str(spec), "--output", str(tmp_path / "out"), "--check")
    assert again.returncode == 0
    assert "nothing changed since the last run" in again.stdout


def test_a_refused_spec_still_exits_2_with_its_message(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "broken.yaml", "openapi: 3.1.0\npaths: [\n")
    done = _clientgen("generate", str(spec), "--output", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{spec}:")
    assert "invalid YAML" in done.stderr
