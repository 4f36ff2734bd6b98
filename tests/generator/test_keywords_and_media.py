"""Stage 3, build: media types (Accept, untyped types reported), files, and the schema keywords that
document or guard a method (``const``, ``default``, ``example``, ``deprecated``, read/write-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import emit
from generator.build.keywords import SHOWN
from generator.build.media import DEFAULT_ACCEPT, accept_header
from generator.ir import Api, LiteralType, PrimitiveType
from generator.problems import Level

from .helpers import build_api, model, operation, write_text

SPEC = """
openapi: 3.1.0
info: {title: Keywords, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 20}}
        - {name: ratio, in: query, schema: {type: number, default: 1}}
        - {name: label, in: query, schema: {type: string, default: 3}}
        - {name: since, in: query, schema: {type: string, format: date, default: '2024-01-01'}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}, default: [a]}}
        - {name: flag, in: query, schema: {type: boolean, default: false}}
        - {name: old, in: query, deprecated: true, schema: {type: integer, default: 1}}
        - name: sort
          in: query
          schema: {type: string}
          examples:
            first: {$ref: '#/components/examples/Sort'}
            second: {value: name}
        - {name: deep, in: query, schema: {type: string, examples: [DEEP]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
              examples:
                long: {value: {text: 'a very long example text that goes on and on and on and on, past any line'}}
            application/xml: {}
  /items/{id}:
    put:
      operationId: putItem
      deprecated: true
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Item'}}
          application/xml: {}
      responses:
        '204': {description: done}
components:
  examples:
    Sort: {value: '-created'}
  schemas:
    Item:
      type: object
      required: [id, kind, password]
      properties:
        id: {type: string, readOnly: true}
        kind: {const: item}
        weight: {const: 1.5}
        password: {type: string, writeOnly: true}
        state: {type: string, enum: [only]}
        picture: {type: string, contentMediaType: image/png}
        document: {type: string, contentMediaType: application/json}
        encoded: {type: string, contentMediaType: image/png, contentEncoding: base64}
        blob: {type: string, format: binary}
        text: {type: string, example: one}
""".replace("DEEP", "[" * 30 + "1" + "]" * 30)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Api, list[tuple[Level, str]], Path]:
    path = write_text(tmp_path_factory.mktemp("keywords"), "openapi.yaml", SPEC)
    api, problems = build_api(path)
    return api, [(p.level, p.format()) for p in problems.items], path


def test_const_is_a_literal_and_an_enum_of_one_value_stays_an_enum(built: tuple[Api, list, Path]) -> None:
    fields = {f.wire_name: f for f in model(built[0], "Item").fields}
    assert fields["kind"].type == LiteralType("item")
    assert emit.annotation(fields["kind"]) == "Literal['item']"
    assert emit.annotation(fields["weight"]) == "float | Unset"  # Literal takes no floats
    # An enum of one value keeps its class: when the API adds a value, the type keeps its name.
    assert emit.annotation(fields["state"]) == "ItemState | str | Unset"


def test_files_binary_and_content_media_types(built: tuple[Api, list, Path]) -> None:
    fields = {f.wire_name: f for f in model(built[0], "Item").fields}
    assert fields["picture"].type == PrimitiveType("bytes")
    assert fields["blob"].type == PrimitiveType("bytes")
    assert fields["document"].type == PrimitiveType("str")  # text content of a string stays a string
    assert fields["encoded"].type == PrimitiveType("str")  # base64 text: the caller encodes it
    assert "Encoded as base64 text" in emit.field_doc(fields["encoded"])


def test_read_only_and_write_only_properties(built: tuple[Api, list, Path]) -> None:
    fields = {f.wire_name: f for f in model(built[0], "Item").fields}
    assert (fields["id"].required, fields["id"].read_only, fields["id"].required_in_request) == (True, True, False)
    # A write-only property never arrives: optional when decoding, required when sending.
    assert (fields["password"].required, fields["password"].required_in_request) == (False, True)
    assert emit.annotation(fields["password"]) == "str | Unset"
    body = operation(built[0], "put_item").body
    assert body is not None
    assert [(p.name, p.required, emit.argument_default(p)) for p in body.flattened[:2]] == [
        ("kind", True, " = 'item'"),
        ("password", True, ""),
    ]
    assert "id" not in [p.wire_name for p in body.flattened]


def test_defaults_are_documented_and_never_sent_unasked(built: tuple[Api, list, Path]) -> None:
    op = operation(built[0], "list_items")
    signature = {p.name: (emit.annotation(p), emit.argument_default(p)) for p in op.params}
    assert signature["limit"] == ("int | Unset", " = UNSET")
    assert signature["flag"] == ("bool | Unset", " = UNSET")
    docs = {p.name: p.notes for p in op.params}
    assert docs["limit"] == "Defaults to ``20``."
    assert docs["flag"] == "Defaults to ``False``."
    assert docs["tags"] == "Defaults to ``['a']``."
    assert docs["since"] == "Defaults to ``'2024-01-01'``."
    assert docs["old"] == "Deprecated. Defaults to ``1``."
    fields = {f.wire_name: f for f in model(built[0], "Item").fields}
    assert fields["text"].description == "" and "Defaults" not in fields["text"].notes


def test_the_first_example_is_one_short_line(built: tuple[Api, list, Path]) -> None:
    op = operation(built[0], "list_items")
    docs = {p.name: p.notes for p in op.params}
    assert docs["sort"] == "Example: ``'-created'``."  # the first of `examples`, through its $ref
    assert docs["deep"] == f"Example: ``{('[' * 30 + '1' + ']' * 30)[: SHOWN - 3]}...``."  # cut to SHOWN
    shown = op.success.example_doc
    assert shown.startswith("Example response: ``{'text': 'a very long example")
    assert shown.endswith("...``.")
    assert len(shown) == len("Example response: ````.") + SHOWN
    fields = {f.wire_name: f for f in model(built[0], "Item").fields}
    assert fields["text"].notes == "Example: ``'one'``."


def test_deprecated_operations_and_arguments_warn(built: tuple[Api, list, Path]) -> None:
    put, get = operation(built[0], "put_item"), operation(built[0], "list_items")
    assert [(d.message, d.argument) for d in put.deprecations] == [("put_item() is deprecated (PUT /items/{id})", "")]
    assert [(d.message, d.argument) for d in get.deprecations] == [
        ("the argument 'old' of list_items() is deprecated", "old")
    ]


def test_accept_lists_the_declared_types_and_the_others_are_reported_as_info(
    built: tuple[Api, list, Path],
) -> None:
    api, problems, path = built
    assert operation(api, "list_items").success.accept == "application/json, application/xml;q=0.9"
    assert emit.body_args(operation(api, "put_item")) == ("json=_body or UNSET",)  # not required: sent when given
    infos = [text for level, text in problems if level is Level.INFO and "media type" in text]
    assert infos == [
        f"{path}:{_line(path, 'application/xml: {}')}: /paths/~1items/get/responses/200/content/application~1xml: "
        "info: response media type 'application/xml' is not typed (the method reads 'application/json'): "
        "it is listed in Accept and read through with_raw_response",
        f"{path}:{_line(path, 'application/xml: {}', 2)}: "
        "/paths/~1items~1{id}/put/requestBody/content/application~1xml: "
        "info: request body media type 'application/xml' is not offered: the method sends 'application/json'",
    ]


@pytest.mark.parametrize(
    ("content", "chosen", "header"),
    [
        pytest.param({"application/json": {}}, "application/json", "", id="plain-json-is-the-default"),
        pytest.param(
            {"application/vnd.api+json": {}}, "application/vnd.api+json", "application/vnd.api+json", id="json-api"
        ),
        pytest.param(
            {"application/json": {}, "application/problem+json": {}, "text/csv": {}},
            "application/json",
            "application/json, application/problem+json, text/csv;q=0.9",
            id="json-kinds-equal-others-after",
        ),
        pytest.param(
            {"text/plain; charset=utf-8": {}}, "text/plain; charset=utf-8", "text/plain", id="parameters-dropped"
        ),
        pytest.param({"image/png": {}, "image/jpeg": {}}, "image/png", "image/png, image/jpeg", id="bytes"),
    ],
)
def test_accept_header(content: dict[str, object], chosen: str, header: str) -> None:
    assert accept_header(content, chosen) == header


def test_the_generator_knows_the_runtime_default_accept_of_each_kind() -> None:
    """The runtime is copied into each package: its defaults and the generator's must agree."""
    from afternoon_client._decoding import RESPONSE_KINDS

    assert {kind: info.accept for kind, info in RESPONSE_KINDS.items()} == DEFAULT_ACCEPT


def _line(path: Path, needle: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if needle in line][nth - 1]
