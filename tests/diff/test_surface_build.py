"""The IR the diff builds: every name and type of the generated client's, without what only rendering reads."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build import build
from generator.config import ClientConfig, load_config
from generator.diff import load_spec
from generator.records import fields

from .test_real_specs import ROOT

CLIENTS = load_config(ROOT / "clientgen.toml")
CORPUS = ROOT.parent / "shared" / "corpus"
RENDERING_ONLY = frozenset({"imports", "type_checking_imports", "lazy_imports", "lazy_globals", "bindings", "notes"})


def _without_rendering(value: Any) -> Any:
    """The value as plain data, what only rendering reads left out."""
    if fields(type(value)):
        return {
            name: _without_rendering(getattr(value, name)) for name in fields(type(value)) if name not in RENDERING_ONLY
        }
    if isinstance(value, tuple | list):
        return [_without_rendering(v) for v in value]
    return value


def _client(name: str) -> ClientConfig:
    if name in CLIENTS:
        return CLIENTS[name]
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({path})")
    return ClientConfig.for_package("openai_client", ROOT / "out")._replace(normalized=path)


@pytest.mark.parametrize("name", [*sorted(CLIENTS), "openai/openapi.yaml"])
def test_the_diff_builds_the_names_and_types_the_client_has(name: str) -> None:
    """OpenAI's spec: discriminated unions, examples, defaults and encodings in the field notes."""
    client = _client(name)
    assert client.normalized is not None
    spec = load_spec(client.normalized, client.environments)
    full = build(spec, client, spec.problems())
    lean_problems = spec.problems()
    lean = build(spec, client, lean_problems, rendering=False)
    assert _without_rendering(lean) == _without_rendering(full)
    assert all(m.imports == () for m in lean.models) and any(m.imports for m in full.models)
    full_problems = spec.problems()
    build(spec, client, full_problems)
    assert lean_problems.items == full_problems.items, "the same warnings, in the same order"
