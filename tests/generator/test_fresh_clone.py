"""``regenerate --check`` in a fresh clone: the committed manifest lets it skip every stage, and only
when every input, every output and the generator itself are the ones it records."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import manifest
from generator.cli import main

from .helpers import write_text
from .test_fast_path import PET, SPEC, _no_stages

CONFIG = """
[clients.pets]
sources = ["specs/pets/pets.yaml"]
normalized = "specs/pets/openapi.yaml"
output = "generated/pets"
package = "pets_client"
"""
FAST = "nothing changed since the last run"
GIT = ("git", "-c", "user.name=clientgen tests", "-c", "user.email=tests@clientgen.invalid")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project generated and committed in one folder, then cloned into another; the clone is the current folder."""
    manifest.generator_digest.cache_clear()
    origin = tmp_path / "origin"
    write_text(origin, "clientgen.toml", CONFIG)
    write_text(origin, "specs/pets/pets.yaml", SPEC)
    write_text(origin, "specs/pets/pet.yaml", PET)
    monkeypatch.chdir(origin)
    assert main(["regenerate"]) == 0
    assert (origin / "generated/pets" / manifest.MANIFEST).is_file()
    _git("init", "-q", cwd=origin)
    _git("add", "-A", cwd=origin)
    _git("commit", "-q", "-m", "generated", cwd=origin)
    _git("clone", "-q", str(origin), str(tmp_path / "clone"), cwd=tmp_path)
    monkeypatch.chdir(tmp_path / "clone")
    return tmp_path / "clone"


def test_a_fresh_clone_checks_without_running_a_stage(
    clone: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (clone / "generated/pets" / manifest.MANIFEST).is_file(), "the manifest is committed with the client"
    _no_stages(monkeypatch)
    capsys.readouterr()
    assert main(["regenerate", "--check"]) == 0
    assert FAST in capsys.readouterr().out


def test_an_edited_generated_file_in_a_clone_is_found(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = clone / "generated/pets/src/pets_client/models/pet.py"
    model.write_text(model.read_text(encoding="utf-8").replace("id", "ident", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["regenerate", "--check"]) == 1
    assert "conflict: generated/pets/src/pets_client/models/pet.py: edited since clientgen wrote it" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("name", ["pets.yaml", "pet.yaml"])
def test_an_edited_spec_in_a_clone_makes_files_stale(
    clone: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    spec = clone / "specs/pets" / name
    spec.write_text(spec.read_text(encoding="utf-8").replace("{type: string}", "{type: integer}"), encoding="utf-8")
    capsys.readouterr()
    assert main(["regenerate", "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale: generated/pets/src/pets_client/" in err
    assert "out of date" in err


def test_another_generator_takes_the_full_path_and_says_the_manifest_is_old(
    clone: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manifest, "__version__", "0.0.0+other")
    manifest.generator_digest.cache_clear()
    capsys.readouterr()
    assert main(["regenerate", "--check"]) == 0, "the files are what this generator makes too"
    out = capsys.readouterr().out
    assert FAST not in out
    assert f"{manifest.MANIFEST} is out of date" in out
    assert main(["regenerate"]) == 0
    _no_stages(monkeypatch)
    assert main(["regenerate", "--check"]) == 0
    assert FAST in capsys.readouterr().out
    manifest.generator_digest.cache_clear()
