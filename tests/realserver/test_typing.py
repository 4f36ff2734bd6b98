"""Scripts a user writes on the generated Depot client pass ``mypy --strict`` and run on the server.

``scripts/use_depot.py`` reads items, pages, searches, shapes, errors and raw responses with
``assert_type`` on what each call returns; ``scripts/upload_files.py`` uploads ``bytes``, file
objects and tuples.  One mypy run checks both scripts and the whole generated package; each test
reads the errors of its own file.  Then each script runs, in a fresh interpreter, on the server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.realserver.app import TOKEN
from tests.realserver.conftest import PACKAGE, Depot

SCRIPTS = Path(__file__).parent / "scripts"
TIMEOUT = 300  # seconds, for mypy; it takes a few
ERROR = re.compile(r"^(?P<file>[^:\n]+):\d+: error: ", re.MULTILINE)


def _env(generated: Path) -> dict[str, str]:
    src = str(generated / "src")
    return {**os.environ, "MYPYPATH": src, "PYTHONPATH": src}


@pytest.fixture(scope="module")
def checked(generated: Path) -> tuple[str, dict[str, list[str]]]:
    """mypy's output, and its error lines by file, for both scripts and the generated package."""
    folder = generated / "scripts"
    shutil.copytree(SCRIPTS, folder, dirs_exist_ok=True)
    options = ["--strict", "--python-version", "3.11", "--no-incremental", "--cache-dir", str(generated / ".mypy")]
    targets = ["use_depot.py", "upload_files.py", str(generated / "src" / PACKAGE)]
    command = [sys.executable, "-m", "mypy", *options, *targets]
    result = subprocess.run(command, cwd=folder, env=_env(generated), capture_output=True, text=True, timeout=TIMEOUT)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output  # 1: type errors; anything else: mypy did not run
    errors: dict[str, list[str]] = {}
    for line in output.splitlines():
        found = ERROR.match(line)
        if found:
            errors.setdefault(Path(found["file"]).name, []).append(line)
    return output, errors


def test_a_user_script_and_the_package_pass_mypy_strict(checked: tuple[str, dict[str, list[str]]]) -> None:
    output, errors = checked
    assert re.search(r"(checked|found in) \d+ source files", output), output
    assert {name: lines for name, lines in errors.items() if name != "upload_files.py"} == {}


def test_uploads_of_bytes_file_objects_and_tuples_pass_mypy_strict(
    checked: tuple[str, dict[str, list[str]]],
) -> None:
    _, errors = checked
    assert errors.get("upload_files.py", []) == []


def _run(generated: Path, script: str, *args: str) -> object:
    command = [sys.executable, str(SCRIPTS / script), *args]
    result = subprocess.run(command, env=_env(generated), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_user_script_runs_on_the_server(generated: Path, depot: Depot) -> None:
    out = _run(generated, "use_depot.py", depot.url, TOKEN)
    assert out == {
        "sync": {
            "names": ["hammer", "bolt", "starter kit", "saw", "washer"],
            "width": 30.0,
            "found": ["bolt"],
            "stock": {"tool": 2, "part": 2, "kit": 1},
            "side": 1.5,
            "code": "not_found",
            "token": TOKEN,
        },
        "async": {"ids": [1, 2, 3, 4, 5], "shapes": ["circle", "square"], "health": "ok", "rows": 3},
    }


def test_the_upload_script_runs_on_the_server(generated: Path, depot: Depot, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8" + bytes(98))
    assert _run(generated, "upload_files.py", depot.url, str(photo)) == [9, 100, 5, 1, 2, 4]
