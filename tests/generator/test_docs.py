"""Stage 3, build: the docs of parameters and fields, found wherever the spec has them (the property,
its ``$ref`` target, the described ``anyOf``/``oneOf`` variant, an ``allOf`` part), then what the
schema allows (enum values, format, bounds, lengths, item counts, pattern) and the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import emit
from generator.build.docs import ENUM_SHOWN
from generator.ir import Api, Field, Parameter
from generator.render import render

from .helpers import build_api, model, operation, write_text

SPEC = """
openapi: 3.1.0
info: {title: Docs, version: '1'}
paths:
  /things/{thing_id}:
    parameters:
      - {name: thing_id, in: path, required: true, schema: {type: string}}
    post:
      operationId: updateThing
      parameters:
        - {name: who, in: query, schema: {$ref: '#/components/schemas/Owner'}}
        - {name: tier, in: query, schema: {anyOf: [{$ref: '#/components/schemas/Tier'}, {type: 'null'}]}}
        - {name: level, in: query, schema: {type: integer, minimum: 1, maximum: 5, default: 3}}
        - {name: ratio, in: query, schema: {type: number, minimum: 0, exclusiveMaximum: 1}}
        - {name: words, in: query, description: Own words., schema: {$ref: '#/components/schemas/Owner'}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Owner: {type: string, description: The owner's handle., minLength: 3, maxLength: 30, pattern: '^[a-z]\\w*$'}
    Tier: {type: string, enum: [free, pro], description: The plan.}
    Code: {type: string, format: email}
    Thing:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
        note: {anyOf: [{type: string, description: A note., maxLength: 9, default: hi}, {type: 'null'}]}
        agree: {oneOf: [{type: string, description: Same.}, {type: integer, description: Same.}]}
        differ: {oneOf: [{type: string, description: A name. More.}, {type: integer, description: A number.}]}
        parts: {allOf: [{$ref: '#/components/schemas/Code'}, {description: From a part.}]}
        open: {anyOf: [{type: string}, {type: string, enum: [auto, none]}]}
        cleared: {anyOf: [{type: string, maxLength: 40}, {type: string, enum: ['']}]}
        many: {type: string, enum: [a, b, c, d, e, f, g, h, i, j, k]}
        items: {type: array, items: {type: integer}, minItems: 1, maxItems: 4}
        old: {type: integer, minimum: 0, exclusiveMinimum: true}
        bare: {type: string}
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    built, problems = build_api(write_text(tmp_path_factory.mktemp("docs"), "docs.yaml", SPEC))
    assert not problems.errors
    return built


def _field(api: Api, name: str) -> Field:
    return next(f for f in model(api, "Thing").fields if f.name == name)


def _param(api: Api, name: str) -> Parameter:
    op = operation(api, "update_thing")
    return next(p for p in (*op.path_params, *op.params, *(op.body.flattened if op.body else ())) if p.name == name)


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        pytest.param(
            "who",
            "The owner's handle. Minimum length ``3``, maximum length ``30``. Pattern: ``^[a-z]\\\\w*$``.",
            id="ref-target",
        ),
        pytest.param("tier", "The plan. One of ``'free'``, ``'pro'``.", id="described-variant-beside-null"),
        pytest.param("level", "Minimum ``1``, maximum ``5``. Defaults to ``3``.", id="bounds-and-default"),
        pytest.param("ratio", "Minimum ``0``, exclusive maximum ``1``.", id="exclusive-bound-3.1"),
        pytest.param(
            "words",
            "Own words. Minimum length ``3``, maximum length ``30``. Pattern: ``^[a-z]\\\\w*$``.",
            id="own-description-first",
        ),
    ],
)
def test_a_parameter_doc_comes_from_wherever_the_spec_has_it(api: Api, name: str, doc: str) -> None:
    assert emit.arg_doc(_param(api, name)) == doc


@pytest.mark.parametrize(
    ("name", "doc"),
    [
        pytest.param("note", "A note. Maximum length ``9``. Defaults to ``'hi'``.", id="variant-beside-null"),
        pytest.param("agree", "Same.", id="variants-agree"),
        pytest.param("differ", "One of: (1) A name. (2) A number.", id="variants-differ-first-sentences"),
        pytest.param("parts", "From a part. Format: ``email``.", id="all-of-part"),
        pytest.param("open", "Known values: ``'auto'``, ``'none'`` (or any string).", id="known-values-or-string"),
        pytest.param("cleared", "Maximum length ``40``.", id="empty-string-sentinel-not-a-value"),
        pytest.param(
            "many",
            "One of " + ", ".join(f"``'{c}'``" for c in "abcdefghijk"[:ENUM_SHOWN]) + f" (and {11 - ENUM_SHOWN} more).",
            id="long-enum-cut",
        ),
        pytest.param("items", "Minimum items ``1``, maximum items ``4``.", id="item-counts"),
        pytest.param("old", "Exclusive minimum ``0``.", id="exclusive-flag-3.0"),
        pytest.param("bare", "", id="nothing-to-say"),
    ],
)
def test_a_field_doc_comes_from_wherever_the_spec_has_it(api: Api, name: str, doc: str) -> None:
    assert emit.field_doc(_field(api, name)) == doc


def test_an_undocumented_argument_gets_no_line_rather_than_a_placeholder(api: Api) -> None:
    op = operation(api, "update_thing")
    lines = emit.args_doc(op)
    assert not any(line.startswith(("thing_id:", "bare:")) for line in lines)
    assert "owner: The owner's handle. Minimum length ``3``" in " ".join(lines)  # a flattened body field
    source = "".join(render(api).values())
    for placeholder in ("(path parameter)", "(query parameter)", "(request body field)"):
        assert placeholder not in source


def test_a_described_argument_ends_its_description_with_a_period_before_the_notes(tmp_path: Path) -> None:
    spec = SPEC.replace("description: The plan.", "description: The plan")
    api, _ = build_api(write_text(tmp_path, "docs.yaml", spec))
    assert emit.arg_doc(_param(api, "tier")) == "The plan. One of ``'free'``, ``'pro'``."
