"""Stage 2, normalize: each named pass on its own, and that no pass mutates its input."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load import Spec, load
from generator.normalize import (
    PASSES,
    Context,
    any_or_null,
    authorization_header_to_security,
    cuid_is_string,
    merge_fragments,
    name_servers,
    normalize,
    snake_case_operation_ids,
    strip_tag_prefix,
)
from generator.problems import Problems, SpecError

from .helpers import write_text


def context_for(tmp_path: Path, data: Any, environments: dict[str, str] | None = None) -> Context:
    spec = load(write_text(tmp_path, "openapi.yaml", yaml.safe_dump(data, sort_keys=False)))
    return Context(spec, spec.problems(), environments or {})


def fragments(tmp_path: Path, **texts: str) -> Spec:
    return load([write_text(tmp_path, name, text) for name, text in texts.items()])


def op(**fields: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "ok"}}, **fields}


# --- merge_fragments ---------------------------------------------------------------------------

CREATE = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers:
  - url: https://api.shop.example
tags:
  - name: customers
security:
  - bearerAuth: []
paths:
  /customers:
    post:
      operationId: create
      responses: {'201': {description: created}}
components:
  schemas:
    Customer: {type: object, properties: {id: {type: string}}}
    CreateRequest: {type: object}
"""
GET = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers:
  - url: https://api.shop.example
tags:
  - name: customers
paths:
  /customers:
    get:
      operationId: list
      responses: {'200': {description: ok}}
  /customers/{id}:
    get:
      operationId: get
      responses: {'200': {description: ok}}
components:
  schemas:
    Customer: {type: object, properties: {id: {type: string}}}
"""


def test_merge_fragments_merges_paths_and_identical_components(tmp_path: Path) -> None:
    spec = fragments(tmp_path, **{"customers-create.yaml": CREATE, "customers-get.yaml": GET})
    problems = spec.problems()
    merged = merge_fragments(spec.root.data, Context(spec, problems))
    assert problems.items == []
    assert list(merged) == ["openapi", "info", "servers", "security", "tags", "paths", "components"]
    assert set(merged["paths"]["/customers"]) == {"get", "post"}
    assert set(merged["paths"]) == {"/customers", "/customers/{id}"}
    assert set(merged["components"]["schemas"]) == {"Customer", "CreateRequest"}
    assert merged["servers"] == [{"url": "https://api.shop.example"}]
    assert merged["tags"] == [{"name": "customers"}]
    assert merged["security"] == [{"bearerAuth": []}]


def test_merge_fragments_is_in_file_name_order_whatever_the_order_given(tmp_path: Path) -> None:
    texts = {"b.yaml": CREATE, "a.yaml": GET}
    forward = fragments(tmp_path, **texts)
    backward = load(list(reversed(forward.roots)))
    first = merge_fragments(forward.root.data, Context(forward, forward.problems()))
    second = merge_fragments(backward.root.data, Context(backward, backward.problems()))
    assert first == second
    assert list(first["paths"]["/customers"]) == ["get", "post"]


def test_merge_fragments_reports_a_component_defined_differently_naming_both_files(tmp_path: Path) -> None:
    changed = GET.replace("Customer: {type: object, properties: {id: {type: string}}}", "Customer: {type: string}")
    spec = fragments(tmp_path, **{"a-create.yaml": CREATE, "b-get.yaml": changed})
    problems = spec.problems()
    merge_fragments(spec.root.data, Context(spec, problems))
    assert [p.format() for p in problems.items] == [
        f"{tmp_path / 'b-get.yaml'}:18: /components/schemas/Customer: "
        "components/schemas/Customer is defined differently here and in a-create.yaml"
    ]


def test_normalize_stops_on_a_component_defined_differently(tmp_path: Path) -> None:
    changed = GET.replace("Customer: {type: object, properties: {id: {type: string}}}", "Customer: {type: string}")
    spec = fragments(tmp_path, **{"a.yaml": CREATE, "b.yaml": changed})
    with pytest.raises(SpecError, match=r"is defined differently here and in a\.yaml"):
        normalize(spec, spec.problems())


def test_merge_fragments_leaves_a_single_document_alone(tmp_path: Path) -> None:
    context = context_for(tmp_path, {"openapi": "3.1.0", "paths": {}})
    assert merge_fragments(context.spec.root.data, context) is context.spec.root.data


def test_merge_fragments_tolerates_empty_sections(tmp_path: Path) -> None:
    spec = fragments(tmp_path, **{"a.yaml": CREATE, "b.yaml": "openapi: 3.1.0\npaths:\ncomponents:\n"})
    merged = merge_fragments(spec.root.data, Context(spec, spec.problems()))
    assert set(merged["paths"]) == {"/customers"}


# --- authorization_header_to_security ----------------------------------------------------------

AUTH_HEADER = {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}}
QUERY = {"name": "q", "in": "query", "schema": {"type": "string"}}


def test_authorization_header_becomes_the_bearer_scheme(tmp_path: Path) -> None:
    data = {
        "openapi": "3.1.0",
        "paths": {
            "/a": {"get": op(parameters=[AUTH_HEADER, QUERY]), "post": op(parameters=[AUTH_HEADER])},
            "/public": {"get": op(parameters=[QUERY])},
        },
    }
    result = authorization_header_to_security(data, context_for(tmp_path, data))
    assert result["components"]["securitySchemes"] == {"bearerAuth": {"type": "http", "scheme": "bearer"}}
    get, post = result["paths"]["/a"]["get"], result["paths"]["/a"]["post"]
    assert get["parameters"] == [QUERY]
    assert get["security"] == [{"bearerAuth": []}]
    assert "parameters" not in post
    assert post["security"] == [{"bearerAuth": []}]
    assert result["paths"]["/public"]["get"] == op(parameters=[QUERY])


def test_authorization_header_reuses_an_existing_bearer_scheme_and_security(tmp_path: Path) -> None:
    data = {
        "openapi": "3.1.0",
        "paths": {"/a": {"get": op(parameters=[{**AUTH_HEADER, "name": "authorization"}], security=[{"token": []}])}},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "Bearer"}}},
    }
    result = authorization_header_to_security(data, context_for(tmp_path, data))
    assert result["components"]["securitySchemes"] == {"token": {"type": "http", "scheme": "Bearer"}}
    assert result["paths"]["/a"]["get"] == op(security=[{"token": []}])


def test_without_an_authorization_header_nothing_changes(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "paths": {"/a": {"get": op(parameters=[QUERY])}}}
    assert authorization_header_to_security(data, context_for(tmp_path, data)) is data


def test_an_optional_authorization_header_is_left_as_a_parameter(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "paths": {"/a": {"get": op(parameters=[{**AUTH_HEADER, "required": False}])}}}
    assert authorization_header_to_security(data, context_for(tmp_path, data)) == data


# --- strip_tag_prefix, snake_case_operation_ids, cuid_is_string --------------------------------


def test_strip_tag_prefix_renames_operation_tags_and_tag_objects(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "openapi": "3.1.0",
        "tags": [{"name": "subpackage_customers", "description": "d"}, {"name": "plain"}],
        "paths": {"/a": {"get": op(tags=["subpackage_customers", "other"])}, "/b": {"get": op(tags=["plain"])}},
    }
    result = strip_tag_prefix(data, context_for(tmp_path, data))
    assert result["tags"] == [{"name": "customers", "description": "d"}, {"name": "plain"}]
    assert result["paths"]["/a"]["get"]["tags"] == ["customers", "other"]
    assert result["paths"]["/b"]["get"] is data["paths"]["/b"]["get"]


@pytest.mark.parametrize(
    ("operation_id", "expected"),
    [
        pytest.param("list-balances", "list_balances", id="kebab"),
        pytest.param("create-credit-grant", "create_credit_grant", id="several-dashes"),
        pytest.param("listBalances", "listBalances", id="camel-left-for-build"),
        pytest.param("list_balances", "list_balances", id="already-snake"),
    ],
)
def test_snake_case_operation_ids(tmp_path: Path, operation_id: str, expected: str) -> None:
    data = {"openapi": "3.1.0", "paths": {"/a": {"get": op(operationId=operation_id)}}}
    result = snake_case_operation_ids(data, context_for(tmp_path, data))
    assert result["paths"]["/a"]["get"]["operationId"] == expected


def test_cuid_is_string_drops_the_format_everywhere(tmp_path: Path) -> None:
    cuid = {"type": "string", "format": "cuid", "description": "id"}
    data = {
        "openapi": "3.1.0",
        "paths": {"/a/{id}": {"get": op(parameters=[{"name": "id", "in": "path", "schema": cuid}])}},
        "components": {
            "schemas": {
                "C": {"type": "object", "properties": {"id": cuid, "when": {"type": "string", "format": "date"}}}
            }
        },
    }
    result = cuid_is_string(data, context_for(tmp_path, data))
    assert result["paths"]["/a/{id}"]["get"]["parameters"][0]["schema"] == {"type": "string", "description": "id"}
    props = result["components"]["schemas"]["C"]["properties"]
    assert props["id"] == {"type": "string", "description": "id"}
    assert props["when"] == {"type": "string", "format": "date"}


def test_cuid_is_string_shares_everything_when_nothing_changes(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "components": {"schemas": {"C": {"type": "string", "format": "uuid"}}}}
    assert cuid_is_string(data, context_for(tmp_path, data)) is data


# --- any_or_null -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        pytest.param(
            {"oneOf": [{"description": "Any type"}, {"type": "null"}], "description": "v"},
            {"description": "v"},
            id="oneOf-any-type-marker",
        ),
        pytest.param({"anyOf": [{"type": "null"}, {}]}, {}, id="anyOf-empty-schema"),
        pytest.param(
            {"oneOf": [{"type": "string"}, {"type": "null"}]},
            {"oneOf": [{"type": "string"}, {"type": "null"}]},
            id="typed-or-null-is-kept",
        ),
        pytest.param(
            {"oneOf": [{"description": "Any type"}, {"type": "string"}]},
            {"oneOf": [{"description": "Any type"}, {"type": "string"}]},
            id="any-or-string-is-kept",
        ),
        pytest.param(
            {"oneOf": [{"description": "Something"}, {"type": "null"}]},
            {"oneOf": [{"description": "Something"}, {"type": "null"}]},
            id="other-description-is-kept",
        ),
    ],
)
def test_any_or_null(tmp_path: Path, schema: dict[str, Any], expected: dict[str, Any]) -> None:
    data = {"openapi": "3.1.0", "components": {"schemas": {"V": {"type": "object", "properties": {"v": schema}}}}}
    result = any_or_null(data, context_for(tmp_path, data))
    assert result["components"]["schemas"]["V"]["properties"]["v"] == expected


# --- name_servers ------------------------------------------------------------------------------


def names_of(data: dict[str, Any]) -> list[str]:
    return [s["x-clientgen-environment"] for s in data["servers"]]


def test_name_servers_uses_the_configured_names_by_url(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "servers": [{"url": "https://api.shop.example/"}, {"url": "https://eu.shop.example"}]}
    environments = {"prod": "https://api.shop.example", "europe": "https://eu.shop.example/"}
    result = name_servers(data, context_for(tmp_path, data, environments))
    assert names_of(result) == ["prod", "europe"]
    assert result["servers"][0]["url"] == "https://api.shop.example/"


@pytest.mark.parametrize(
    ("servers", "expected"),
    [
        pytest.param(
            [{"url": "https://api.shop.example"}, {"url": "https://other.shop.example"}],
            ["production", "server_1"],
            id="by-position",
        ),
        pytest.param(
            [{"url": "http://localhost:8080"}, {"url": "https://sandbox.shop.example"}],
            ["production", "server_1"],
            id="never-from-the-host",  # a guess from the host would change whenever the URL does
        ),
        pytest.param(
            [
                {"url": "https://a.example", "description": "EU (Frankfurt)"},
                {"url": "https://b.example", "description": "2nd"},
            ],
            ["eu_frankfurt", "server_1"],
            id="from-description",
        ),
        pytest.param(
            [{"url": "https://a.example", "x-clientgen-environment": "mine"}], ["mine"], id="explicit-name-kept"
        ),
    ],
)
def test_name_servers_derives_names_when_not_configured(
    tmp_path: Path, servers: list[dict[str, str]], expected: list[str]
) -> None:
    data = {"openapi": "3.1.0", "servers": servers}
    assert names_of(name_servers(data, context_for(tmp_path, data))) == expected


def test_name_servers_matches_whole_words_only(tmp_path: Path) -> None:
    data = {
        "openapi": "3.1.0",
        "servers": [{"url": "https://api.latest.example"}, {"url": "https://api.devices.example"}],
    }
    assert names_of(name_servers(data, context_for(tmp_path, data))) == ["production", "server_1"]


# --- purity ------------------------------------------------------------------------------------

EVERYTHING = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers:
  - url: https://api.shop.example
  - url: http://localhost:8787
tags:
  - name: subpackage_customers
paths:
  /customers/{id}:
    get:
      operationId: list-balances
      tags: [subpackage_customers]
      parameters:
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: id, in: path, required: true, schema: {type: string, format: cuid}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  meta:
                    oneOf: [{description: Any type}, {type: 'null'}]
components:
  schemas:
    Account: {type: object, properties: {id: {type: string, format: cuid}}}
"""


@pytest.mark.parametrize("run", [pytest.param(p, id=p.__name__) for p in PASSES])
def test_a_pass_never_mutates_its_input(tmp_path: Path, run: Any) -> None:
    other = GET.replace("/customers/{id}", "/orders/{id}")
    spec = fragments(tmp_path, **{"a.yaml": EVERYTHING, "b.yaml": other})
    before = {path: copy.deepcopy(document.data) for path, document in spec.documents.items()}
    data = merge_fragments(spec.root.data, Context(spec, Problems()))
    data_before = copy.deepcopy(data)
    result = run(data, Context(spec, Problems(), {"production": "https://api.shop.example"}))
    assert result != data_before or run is merge_fragments
    assert data == data_before
    assert {path: document.data for path, document in spec.documents.items()} == before


def test_normalize_runs_every_pass_and_keeps_the_input_spec(tmp_path: Path) -> None:
    spec = fragments(tmp_path, **{"a.yaml": EVERYTHING, "b.yaml": GET.replace("/customers/{id}", "/orders/{id}")})
    before = copy.deepcopy(spec.root.data)
    result = normalize(spec, spec.problems(), {"prod": "https://api.shop.example"})
    assert spec.root.data == before
    assert result.roots == (spec.roots[0],)
    data = result.root.data
    operation = data["paths"]["/customers/{id}"]["get"]
    assert operation["operationId"] == "list_balances"
    assert operation["tags"] == ["customers"]
    assert operation["security"] == [{"bearerAuth": []}]
    assert operation["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["meta"] == {}
    assert names_of(data) == ["prod", "server_1"]
    assert set(data["paths"]) == {"/customers/{id}", "/customers", "/orders/{id}"}
