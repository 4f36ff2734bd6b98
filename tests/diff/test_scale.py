"""The contract walk on recursive and deep schemas, and the skipping of unchanged ``$ref`` targets."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from generator.config import ClientConfig
from generator.diff import diff_specs, load_spec
from generator.diff.spec import diff_contract
from generator.diff.unchanged import unchanged_targets
from generator.front import prepare_text
from generator.load import Spec


def _spec(data: dict[str, Any], name: str) -> Spec:
    return prepare_text(Path(name), json.dumps(data)).checked()


def _tree_spec() -> dict[str, Any]:
    """One operation returning a tree whose children are trees, and a 3,000-schema chain."""
    schemas: dict[str, Any] = {
        "Node": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            },
        }
    }
    for index in range(3000):
        following = {"$ref": f"#/components/schemas/C{index + 1}"} if index < 2999 else {"type": "string"}
        schemas[f"C{index}"] = {"type": "object", "properties": {"next": following}}
    response = {"type": "object", "properties": {"tree": {"$ref": "#/components/schemas/Node"}}}
    response["properties"]["chain"] = {"$ref": "#/components/schemas/C0"}
    content = {"application/json": {"schema": response}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Trees", "version": "1"},
        "paths": {"/tree": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}},
        "components": {"schemas": schemas},
    }


def test_a_recursive_schema_and_a_deep_chain_diff_without_recursion_limits() -> None:
    base = _tree_spec()
    assert diff_contract(_spec(base, "base.json"), _spec(base, "same.json")) == []
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["Node"]["properties"]["name"] = {"type": "integer"}
    revision["components"]["schemas"]["C2999"]["properties"]["next"] = {"type": "integer"}
    changes = diff_contract(_spec(base, "base.json"), _spec(revision, "revision.json"))
    pointers = {c.pointer for c in changes if c.id == "response-property-type-changed"}
    assert pointers == {
        "/components/schemas/Node/properties/name",
        "/components/schemas/C2999/properties/next",
    }, "each changed schema reported once for the operation, at the first path that reaches it"


def test_unchanged_targets_are_those_whose_whole_reach_is_equal() -> None:
    base = _tree_spec()
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["C2990"]["properties"]["next"] = {"type": "integer"}
    unchanged = unchanged_targets(base, revision)
    assert "/components/schemas/Node" in unchanged
    assert "/components/schemas/C2991" in unchanged, "below the edit, nothing changed"
    assert not any(f"/components/schemas/C{i}" in unchanged for i in range(2991)), "the edit's referrers changed"


def test_schemas_in_other_files_are_compared_through_their_refs(tmp_path: Path) -> None:
    api = """
openapi: 3.1.0
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'shared.yaml#/Pet'}}}}
"""
    shared = "Pet: {type: object, properties: {id: {type: %s}, owner: {$ref: '#/Owner'}}}\nOwner: {type: %s}\n"
    specs = []
    for name, id_type, owner in (("base", "string", "string"), ("revision", "integer", "object")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "api.yaml").write_text(api, encoding="utf-8")
        (tmp_path / name / "shared.yaml").write_text(shared % (id_type, owner), encoding="utf-8")
        specs.append(load_spec(tmp_path / name / "api.yaml"))
    changes = diff_contract(specs[0], specs[1])
    found = {(c.id, c.pointer) for c in changes}
    assert found == {
        ("response-property-type-changed", "/Pet/properties/id"),
        ("response-property-type-changed", "/Owner"),
    }


def test_the_same_files_build_once_and_report_nothing(tmp_path: Path) -> None:
    data = _tree_spec()
    data["components"]["schemas"]["Node"]["properties"]["lost"] = {"$ref": "#/components/schemas/Missing"}
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "spec.json").write_text(json.dumps(data), encoding="utf-8")
    config = ClientConfig.for_package("trees_client", tmp_path / "out")
    base, same = load_spec(tmp_path / "a" / "spec.json"), load_spec(tmp_path / "b" / "spec.json")
    report = diff_specs(base, same, config)
    assert report.changes == ()
    assert report.warnings, "the spec is still built, so its problems are still shown"
    assert {w.location.file for w in report.warnings} == {tmp_path / "a" / "spec.json"}
    # The same document written differently is compared the long way, and is still the same contract.
    (tmp_path / "b" / "spec.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    reformatted = diff_specs(base, load_spec(tmp_path / "b" / "spec.json"), config)
    assert reformatted.changes == ()
    # The base's warnings that the revision repeats at the same place are given once, the revision's.
    assert len(reformatted.warnings) == len(report.warnings)
    assert {w.location.file for w in reformatted.warnings} == {tmp_path / "b" / "spec.json"}
