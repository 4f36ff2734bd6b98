"""`clientgen generate` never destroys what it does not own.

Each test rebuilds one way a run could lose a user's files: an output that is a
repository, a spec folder, a project, another client's parent, a file, a symbolic
link out of the folder, a user's edit, an interruption.  Every one ends with the
user's files byte for byte as they were.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import write as write_stage
from generator.cli import main
from generator.ownership import RECORD
from generator.render import MARKDOWN_HEADER

from .tree import PETS, PETS_V2, snapshot, write_spec

REPO = Path(__file__).resolve().parent.parent.parent


def generate(spec: Path, out: Path, *extra: str) -> int:
    return main(["generate", str(spec), "--output", str(out), "--package-name", "pets_client", *extra])


def one_error(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """The single line a refused run prints, which must name ``words``."""
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert all(word in err for word in words), err
    return err


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's configuration, specs, templates and generated clients, as the current folder."""
    root = tmp_path / "clone"
    root.mkdir()
    for name in ("specs", "generated", "templates"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__", ".clientgen-manifest*"))
    for name in ("clientgen.toml", "README.md", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("git", [True, False], ids=["git-work-tree", "clientgen-toml-folder"])
def test_generating_into_the_repository_itself_is_refused(
    clone: Path, capsys: pytest.CaptureFixture[str], git: bool
) -> None:
    if git:
        subprocess.run(["git", "init", "-q", str(clone)], check=True)
    before = snapshot(clone)
    assert main(["generate", "specs/afternoon/openapi.yaml", "--output", ".", "--package-name", "x_client"]) == 2
    one_error(capsys, "git work tree" if git else "clientgen.toml")
    assert snapshot(clone) == before


def test_an_output_holding_the_input_spec_is_refused(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(clone)
    assert main(["generate", "specs/mayar/openapi.yaml", "--output", "specs/mayar"]) == 2
    one_error(capsys, "holds an input", "specs/mayar/openapi.yaml")
    assert snapshot(clone) == before


def test_an_output_holding_a_referenced_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path / "api", PETS.replace("'#/components/schemas/Pet'", "'../shared/pet.yaml#/Pet'"))
    write_spec(tmp_path / "shared", "Pet: {type: object, properties: {id: {type: string}}}\n", "pet.yaml")
    before = snapshot(tmp_path)
    assert generate(spec, tmp_path / "shared", "--refs-root", str(tmp_path)) == 2
    one_error(capsys, "holds an input", "pet.yaml")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("other", ["generated", "generated/afternoon"])
def test_an_output_that_is_or_holds_a_configured_client_is_refused(
    clone: Path, capsys: pytest.CaptureFixture[str], other: str
) -> None:
    before = snapshot(clone)
    assert main(["generate", "specs/afternoon/openapi.yaml", "--output", other, "--package-name", "x_client"]) == 2
    one_error(capsys, "client 'afternoon'")
    assert snapshot(clone) == before


def test_a_folder_holding_another_client_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS)
    assert generate(spec, tmp_path / "clients" / "pets") == 0
    capsys.readouterr()
    before = snapshot(tmp_path)
    assert generate(spec, tmp_path / "clients") == 2
    one_error(capsys, "not empty", RECORD, "found: pets/")
    assert generate(spec, tmp_path / "clients" / "pets" / "src" / "inner") == 2
    one_error(capsys, "lies inside")
    assert snapshot(tmp_path) == before


def test_a_users_project_is_refused_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS)
    project = tmp_path / "project"
    write_spec(project, "# My project\n", "README.md")
    write_spec(project, "[project]\nname = 'mine'\n", "pyproject.toml")
    write_spec(project, "# API\n", "api.md")
    write_spec(project, "", ".venv/lib/python3.11/site-packages/some_lib/py.typed")
    write_spec(project, f"{MARKDOWN_HEADER}\nOur notes on the client clientgen made.\n", "docs/notes.md")
    before = snapshot(tmp_path)
    assert generate(spec, project) == 2
    one_error(capsys, "not empty", "found: .venv/, README.md, api.md, docs/notes.md, pyproject.toml")
    assert snapshot(tmp_path) == before


def test_an_existing_file_as_output_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_spec(tmp_path, PETS)
    target = write_spec(tmp_path, "keep me\n", "notes.txt")
    assert generate(spec, target) == 2
    one_error(capsys, "existing file")
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_user_files_inside_a_generated_project_survive_regeneration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert generate(spec, out) == 0
    package = out / "src" / "pets_client"
    assert (package / "models" / "pet.py").is_file()
    mine = {
        ".venv/lib/python3.11/site-packages/dep/py.typed": b"",
        ".venv/lib/python3.11/site-packages/dep/__init__.py": b"# Generated by clientgen: do not edit.\n",
        "NOTES.md": f"{MARKDOWN_HEADER}\nCopied from the generated README.\n".encode(),
        "src/pets_client/lib/helpers.py": b"def helper() -> None: ...\n",
        "src/pets_client/models/mine.py": (package / "models" / "pet.py").read_bytes(),
        "docs/py.typed": b"",
    }
    for name, data in mine.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    capsys.readouterr()
    write_spec(tmp_path, PETS_V2)
    assert generate(spec, out) == 0
    summary = capsys.readouterr().out
    assert ", 0 conflicts, " in summary and " removed, " in summary and ", 0 removed, " not in summary
    assert not (package / "models" / "pet.py").exists(), "a file clientgen wrote and no longer writes is removed"
    assert (package / "models" / "owner.py").is_file()
    assert {name: (out / name).read_bytes() for name in mine} == mine


def test_an_edited_generated_file_is_a_conflict_until_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert generate(spec, out) == 0
    client = out / "src" / "pets_client" / "_client.py"
    edited = client.read_bytes() + b"# my fix\n"
    client.write_bytes(edited)
    write_spec(tmp_path, PETS.replace("version: '1'", "version: '1.1'"))
    capsys.readouterr()
    assert generate(spec, out) == 1
    captured = capsys.readouterr()
    assert f"conflict: {os.path.relpath(client)}: edited since clientgen wrote it" in captured.err
    assert ", 1 conflicts, " in captured.out
    assert client.read_bytes() == edited
    assert generate(spec, out, "--check") == 1
    assert client.read_bytes() == edited
    assert generate(spec, out, "--force") == 0
    assert client.read_bytes() != edited
    assert generate(spec, out) == 0


def test_a_user_file_where_a_new_generated_file_goes_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert generate(spec, out) == 0
    theirs = out / "src" / "pets_client" / "models" / "owner.py"
    theirs.write_bytes(b"# Generated by clientgen from the OpenAPI description: do not edit.\nOWNER = 1\n")
    write_spec(tmp_path, PETS_V2)
    for flags in ((), ("--force",)):
        capsys.readouterr()
        assert generate(spec, out, *flags) == 1
        assert "not written by clientgen" in capsys.readouterr().err
        assert theirs.read_bytes().endswith(b"OWNER = 1\n")


@pytest.mark.parametrize("recorded", [False, True], ids=["new-folder", "generated-before"])
def test_a_symbolic_link_out_of_the_output_is_never_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recorded: bool
) -> None:
    spec = write_spec(tmp_path, PETS)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_spec(elsewhere, "precious\n", "pets_client/_client.py")
    if recorded:
        assert generate(spec, out) == 0
        shutil.rmtree(out / "src")
    else:
        out.mkdir()
    (out / "src").symlink_to(elsewhere, target_is_directory=True)
    write_spec(tmp_path, PETS_V2)
    before = snapshot(elsewhere)
    assert generate(spec, out, "--force") == (1 if recorded else 2)
    err = capsys.readouterr().err
    assert ("symbolic link" in err) if recorded else ("found: src" in err)
    assert snapshot(elsewhere) == before


def test_an_interrupted_write_leaves_whole_files_and_the_next_run_finishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = write_spec(tmp_path, PETS)
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert generate(spec, out) == 0
    write_spec(tmp_path, PETS_V2)
    assert generate(spec, reference) == 0
    old, new = snapshot(out), snapshot(reference)
    real, calls = write_stage.replace_file, []

    def interrupted(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 6:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(write_stage, "replace_file", interrupted)
    capsys.readouterr()
    assert generate(spec, out) == 130
    one_error(capsys, "interrupted")
    for name, entry in snapshot(out).items():
        if name != RECORD:
            assert entry in (old.get(name), new.get(name)), f"{name} is neither the old file nor the new one"
    assert not [p for p in out.rglob("*clientgen-tmp")], "no temporary file is left behind"
    monkeypatch.setattr(write_stage, "replace_file", real)
    assert generate(spec, out) == 0, "files written before the interruption are clientgen's, not conflicts"
    assert {k: v for k, v in snapshot(out).items() if k != ".clientgen-manifest.json"} == {
        k: v for k, v in new.items() if k != ".clientgen-manifest.json"
    }


def test_ctrl_c_during_a_large_generation(tmp_path: Path) -> None:
    """A real SIGINT to a real process, while it writes 600 models: one line, exit 130, no partial file."""
    models = "\n".join(
        f"    M{i}: {{type: object, properties: {{id: {{type: string}}, n{i}: {{type: integer}}}}}}" for i in range(600)
    )
    spec = write_spec(tmp_path, PETS + models + "\n")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not (out / RECORD).exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the generation finished before the signal arrived")
    assert process.returncode == 130, err
    assert err.count("\n") == 1 and "interrupted" in err, err
    assert not [p for p in out.rglob("*clientgen-tmp")]
    complete = tmp_path / "complete"
    subprocess.run([*command[:-1], str(complete)], check=True, capture_output=True, cwd=tmp_path)
    expected = snapshot(complete)
    for name, entry in snapshot(out).items():
        if name != RECORD:
            assert entry == expected[name], f"{name} was left half-written"
    finish = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert finish.returncode == 0, finish.stderr


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("specs/mayar", "existing folder"),
        ("specs/mayar/docs/api-reference/introduction.mdx", "documentation pages"),
        ("specs/mayar/docs/new.yaml", "documentation pages"),
    ],
)
def test_synthesize_never_writes_over_a_folder_or_among_its_pages(
    clone: Path, capsys: pytest.CaptureFixture[str], target: str, words: str
) -> None:
    before = snapshot(clone)
    assert main(["synthesize", "specs/mayar/docs", "--output", target]) == 2
    one_error(capsys, words)
    assert snapshot(clone) == before


def test_generate_check_reports_stale_files_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_spec(tmp_path, PETS)
    out = tmp_path / "out"
    assert generate(spec, out, "--check") == 1, "nothing generated yet: everything is stale"
    assert not out.exists()
    assert generate(spec, out) == 0
    assert generate(spec, out, "--check") == 0
    write_spec(tmp_path, PETS_V2)
    before = snapshot(out)
    capsys.readouterr()
    assert generate(spec, out, "--check") == 1
    captured = capsys.readouterr()
    assert "stale: " in captured.err and "models/owner.py" in captured.err
    assert " stale, 3 to remove, 0 conflicts, " in captured.out  # the Pet model, its status enum, the resource
    assert snapshot(out) == before


def test_an_output_holding_a_file_referenced_inside_the_git_work_tree_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()  # refs reach the whole work tree without --refs-root
    spec = write_spec(tmp_path / "api", PETS.replace("'#/components/schemas/Pet'", "'../shared/pet.yaml#/Pet'"))
    write_spec(tmp_path / "shared", "Pet: {type: object, properties: {id: {type: string}}}\n", "pet.yaml")
    before = snapshot(tmp_path)
    assert generate(spec, tmp_path / "shared") == 2
    one_error(capsys, "holds an input", "pet.yaml")
    assert snapshot(tmp_path) == before
