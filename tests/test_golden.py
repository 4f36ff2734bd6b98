"""Regenerating every configured client into a temporary folder reproduces generated/ byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.ownership import RECORD
from generator.pipeline import generate, generate_synthesized

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = load_config(ROOT / "clientgen.toml")


def _ignored(relative: Path) -> bool:
    """Build and tool artefacts that git ignores (caches, egg-info), the manifest (its paths lead to the inputs,
    elsewhere for a temporary folder), and the CHANGELOG that `--bump` writes; the record of generated files is
    compared like every generated file."""
    if relative.as_posix() == RECORD:
        return False
    if relative.as_posix() == "CHANGELOG.md":
        return True
    return any(part.startswith(".") or part == "__pycache__" or part.endswith(".egg-info") for part in relative.parts)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not _ignored(path.relative_to(folder))
    }


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_regenerating_reproduces_the_committed_client(name: str, tmp_path: Path) -> None:
    client = CLIENTS[name]
    assert client.normalized is not None
    fresh = client._replace(output=tmp_path / "out", normalized=tmp_path / "openapi.yaml")
    if client.synthesize_from is not None:
        outcome = generate_synthesized(fresh, ROOT)
        report = client.normalized.parent / "synthesis-report.json"
        assert (tmp_path / "synthesis-report.json").read_bytes() == report.read_bytes()
    else:
        outcome = generate(client.source_paths(ROOT), fresh, normalized=fresh.normalized)
    assert outcome.result.unchanged == 0, "the temporary folder started empty"
    assert (tmp_path / "openapi.yaml").read_bytes() == client.normalized.read_bytes()
    assert _tree(tmp_path / "out") == _tree(client.output)


PLACEHOLDERS = ("(path parameter)", "(query parameter)", "(header parameter)", "(request body field)")


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_the_committed_client_documents_arguments_without_placeholders(name: str) -> None:
    sources = sorted((CLIENTS[name].output / "src").rglob("*.py"))
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not [p for p in PLACEHOLDERS if p in text], path


def test_the_committed_client_lists_what_the_schema_allows() -> None:
    """A field's doc: the description, then the format and the bounds; an undescribed path parameter has no line."""
    customers = CLIENTS["afternoon"].output / "src" / "afternoon_client" / "resources" / "customers.py"
    text = customers.read_text(encoding="utf-8")
    assert "            email: Email address. Format: ``email``. Maximum length ``255``.\n" in text
    assert "            id: " not in text
