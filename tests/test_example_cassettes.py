"""tools/example_cassettes.py on small specs: what a cassette holds, what gets none and why, --check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.support.replay import load_cassette, replay
from tools.example_cassettes import main, plan, render, write
from tools.spec_surface import client_path, resource_table

Data = dict[str, Any]


def _json(example: object, *more: object) -> Data:
    examples = {f"e{i}": {"value": v} for i, v in enumerate((example, *more))}
    return {"content": {"application/json": {"schema": {"type": "object"}, "examples": examples}}}


def _spec(**operations: Data) -> Data:
    paths: dict[str, Data] = {}
    for name, operation in operations.items():
        method, path = operation.pop("at")
        paths.setdefault(path, {})[method] = {"operationId": name, **operation}
    return {"openapi": "3.1.0", "servers": [{"url": "https://api.example.com/v1/"}], "paths": paths}


SPEC = _spec(
    update_thing={
        "at": ("post", "/things/{thingId}"),
        "tags": ["Things"],
        "parameters": [
            {"name": "thingId", "in": "path", "required": True, "example": "th 1"},
            {"name": "dryRun", "in": "query", "example": True},
            {"name": "tags", "in": "query", "schema": {"type": "array"}, "example": ["a", "b"]},
            {"name": "page", "in": "query", "schema": {"type": "integer"}},
        ],
        "requestBody": {"required": True, **_json({"name": "é", "size": 2})},
        "responses": {
            "404": {"description": "missing", **_json({"error": "not found"})},
            "200": {"description": "ok", **_json({"id": "th 1"}, {"id": "th 2"})},
        },
    },
    list_things={"at": ("get", "/things"), "responses": {"200": {"description": "no example"}}},
    broken={"at": ("get", "{id}//host/things"), "responses": {"200": _json({})}},
    needs_query={
        "at": ("get", "/search"),
        "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": _json([])},
    },
)


def test_a_cassette_holds_the_request_example_and_one_response_per_example() -> None:
    made, skipped = plan(SPEC)
    (cassette,) = made
    assert cassette.filename == "update_thing.yaml"
    requests = [i["request"] for i in cassette.interactions]
    assert all(r == requests[0] for r in requests)
    assert requests[0]["method"] == "POST"
    assert requests[0]["uri"] == "https://api.example.com/v1/things/th%201?dryRun=true&tags=a&tags=b"
    assert json.loads(requests[0]["body"]) == {"name": "é", "size": 2}
    assert requests[0]["headers"] == {"Accept": ["application/json"], "Content-Type": ["application/json"]}
    answers = [(i["response"]["status"], json.loads(i["response"]["body"]["string"])) for i in cassette.interactions]
    assert answers == [
        ({"code": 200, "message": "OK"}, {"id": "th 1"}),
        ({"code": 200, "message": "OK"}, {"id": "th 2"}),
        ({"code": 404, "message": "Not Found"}, {"error": "not found"}),
    ]
    assert {s.name: (s.reason, s.invalid) for s in skipped} == {
        "list_things": ("no success response (2xx) has an example", False),
        "broken": ("the path '{id}//host/things' is not a relative path: it does not start with '/'", True),
        "needs_query": ("the required query parameter 'q' has no example", False),
    }


def test_the_replay_server_serves_a_written_cassette(tmp_path: Path) -> None:
    (cassette,) = plan(SPEC)[0]
    (tmp_path / cassette.filename).write_text(render(cassette), encoding="utf-8")
    assert load_cassette(tmp_path / cassette.filename) == list(cassette.interactions)
    assert "&id" not in render(cassette)  # every request written out, no YAML anchors
    with replay(tmp_path / cassette.filename) as server:
        url = server.url + "/v1/things/th%201?dryRun=true&tags=a&tags=b"
        codes = [httpx.post(url, json={"name": "é", "size": 2}).status_code for _ in range(3)]
    assert codes == [200, 200, 404]


def test_write_is_deterministic_removes_stale_files_and_check_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = tmp_path / "openapi.yaml"
    spec_file.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    folder = tmp_path / "cassettes"
    folder.mkdir()
    (folder / "gone.yaml").write_text("old", encoding="utf-8")
    assert main([str(spec_file), str(folder), "--check"]) == 1
    assert (folder / "gone.yaml").exists()
    assert main([str(spec_file), str(folder)]) == 0
    first = (folder / "update_thing.yaml").read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["update_thing.yaml"]
    assert main([str(spec_file), str(folder), "--check"]) == 0
    assert write(SPEC, folder, check=True)[1] == []
    assert (folder / "update_thing.yaml").read_bytes() == first
    out, err = capsys.readouterr()
    assert f"{folder}: 1 cassettes, 0 stale, 3 operations without one" in out
    assert "broken (GET {id}//host/things): no cassette: the path" in err


def test_unreadable_spec_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_file = tmp_path / "openapi.yaml"
    spec_file.write_text("- a list\n", encoding="utf-8")
    assert main([str(spec_file), str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"{spec_file}: not an OpenAPI document\n"


def test_repeated_operation_ids_name_cassettes_by_client_path() -> None:
    spec = _spec(
        a={"at": ("get", "/v1/things"), "tags": ["Things"], "responses": {"200": _json({})}},
        b={"at": ("get", "/v2/things"), "tags": ["Things"], "responses": {"200": _json({})}},
    )
    spec["paths"]["/v1/things"]["get"]["operationId"] = "list_things"
    spec["paths"]["/v2/things"]["get"].update({"operationId": "list_things", "x-clientgen-group": ["v2"]})
    assert [c.filename for c in plan(spec)[0]] == ["things.list_things.yaml", "v2.things.list_things.yaml"]


def test_client_path_is_where_the_generator_puts_the_method() -> None:
    operation = {"operationId": "getThing", "tags": ["Things & stuff"], "responses": {"200": {"description": "ok"}}}
    spec = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/v2/things/{id}": {}}}
    spec["paths"]["/v2/things/{id}"]["get"] = operation
    assert client_path(spec, "get", "/v2/things/{id}", operation) == ["things_stuff", "get_thing"]
    operation.update({"x-clientgen-group": ["v2"], "x-clientgen-name": "fetch"})
    assert client_path(spec, "get", "/v2/things/{id}", operation) == ["v2", "things_stuff", "fetch"]
    spec["paths"]["/v2/things/{id}"]["delete"] = {"responses": {"204": {"description": "gone"}}}
    assert client_path(spec, "delete", "/v2/things/{id}", {})[0] == "things"
    assert resource_table(SPEC).splitlines()[2:] == [
        "| `client.search` |  | 1 |",  # no tag: the first literal path segment; the broken key has no method
        "| `client.things` | Things | 2 |",  # tagged Things, and one untagged under /things
    ]
