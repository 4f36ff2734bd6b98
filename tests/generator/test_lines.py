"""Lines found by reading block YAML are the lines composing the document gives, or no answer."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.lines import BlockLines, scan_line
from generator.load import _tokens
from generator.yamlnodes import _NODE_LOADER, composed_line

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def composed(text: str, tokens: list[str]) -> int:
    """What composing gives: the line of the last key (or item) on the way."""
    return composed_line(yaml.compose(text, Loader=_NODE_LOADER), tokens)


DOCUMENT = textwrap.dedent(
    """\
    # a comment first
    openapi: 3.1.0
    info:
      title: 'Pets: the API'
      description: |
        paths:
          /not-a-key:
      version: "1"
    paths:
      /pets/{id}:
        # a comment inside
        get:
          parameters:
          - name: id
            in: path
            schema:
              type: string
          -   name: 'it''s'
              in: query
          responses:
            '200':
              description: a long
                plain scalar
              content:
                application/json: {schema: {type: object}}
        "post":
          tags:
            - one
            - two
    components:
      schemas:
        Pet:
          type: object
          properties:
            name: {type: string}
            nested:
              type: object
              properties:
                deep:
                  type: integer
    """
)

POINTERS = [
    "/openapi",
    "/info/title",
    "/info/description",
    "/info/description/paths",
    "/info/version",
    "/paths/~1pets~1{id}",
    "/paths/~1pets~1{id}/get",
    "/paths/~1pets~1{id}/get/parameters",
    "/paths/~1pets~1{id}/get/parameters/0",
    "/paths/~1pets~1{id}/get/parameters/0/in",
    "/paths/~1pets~1{id}/get/parameters/0/schema/type",
    "/paths/~1pets~1{id}/get/parameters/1",
    "/paths/~1pets~1{id}/get/parameters/1/name",
    "/paths/~1pets~1{id}/get/parameters/1/in",
    "/paths/~1pets~1{id}/get/parameters/7",
    "/paths/~1pets~1{id}/get/responses/200",
    "/paths/~1pets~1{id}/get/responses/200/description",
    "/paths/~1pets~1{id}/get/responses/200/description/more",
    "/paths/~1pets~1{id}/get/responses/200/content/application~1json",
    "/paths/~1pets~1{id}/post",
    "/paths/~1pets~1{id}/post/tags/1",
    "/components/schemas/Pet/properties/nested/properties/deep/type",
    "/components/schemas/Pet/properties/name",
]


@pytest.mark.parametrize("pointer", POINTERS)
def test_block_style_is_read_and_gives_the_composed_line(pointer: str) -> None:
    tokens = list(_tokens(pointer))
    assert scan_line(DOCUMENT, tokens) == composed(DOCUMENT, tokens)


def test_a_flow_mapping_on_the_way_gets_no_answer() -> None:
    tokens = ["paths", "/pets/{id}", "get", "responses", "200", "content", "application/json", "schema"]
    assert scan_line(DOCUMENT, tokens) is None
    assert scan_line(DOCUMENT, tokens[:-1]) == composed(DOCUMENT, tokens[:-1]) == 25


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('{"openapi": "3.1.0", "paths": {}}', ["paths"]),  # JSON
        ("openapi: 3.1.0\npaths: {}\n", ["paths", "x"]),  # flow
        ("a: &x\n  b: 1\nc: *x\n", ["c", "b"]),  # an alias
        ("a:\n\tb: 1\n", ["a", "b"]),  # a tab
        ("a:\n  b: 1\n", ["a", "missing"]),  # a key it cannot find
        ("---\na: 1\n", ["a"]),  # a document marker
        ("a:\n  -\n    b: 1\n", ["a", "0", "b"]),  # an item below its dash
    ],
)
def test_what_it_does_not_read_gets_no_answer(text: str, tokens: list[str]) -> None:
    assert scan_line(text, tokens) is None


def _pointers(
    data: Any, prefix: tuple[str, ...] = (), out: list[tuple[str, ...]] | None = None
) -> list[tuple[str, ...]]:
    out = [] if out is None else out
    if len(prefix) < 12 and isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                out.append((*prefix, key))
                _pointers(value, (*prefix, key), out)
    elif len(prefix) < 12 and isinstance(data, list):
        for index, value in enumerate(data[:4]):
            out.append((*prefix, str(index)))
            _pointers(value, (*prefix, str(index)), out)
    return out


def _corpus_spec(name: str) -> tuple[str, Any, yaml.Node]:
    """A corpus spec's text, its data and its composed nodes (skipped without the corpus)."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({path})")
    text = path.read_text(encoding="utf-8")
    return text, yaml.load(text, Loader=yaml.CSafeLoader), yaml.compose(text, Loader=_NODE_LOADER)


@pytest.mark.parametrize("name", ["openai/openapi.yaml", "digitalocean/DigitalOcean-public.v2.yaml"])
def test_on_real_specs_answers_agree_with_composing(name: str) -> None:
    text, data, node = _corpus_spec(name)
    sample = random.Random(6).sample(_pointers(data), 150)
    unsure = 0
    for tokens in sample:
        found = scan_line(text, list(tokens))
        if found is None:
            unsure += 1
            continue
        assert found == composed_line(node, list(tokens)), tokens
    assert unsure < len(sample) // 20


@pytest.mark.parametrize("name", ["stripe/spec3.yaml", "openai/openapi.yaml"])
def test_one_reading_answers_many_pointers_as_composing_does(name: str) -> None:
    """The keys and items it indexes on the way serve every later pointer: each answer is still composing's."""
    text, data, node = _corpus_spec(name)
    lines = BlockLines(text)
    sample = random.Random(15).sample(_pointers(data), 2000)
    answers = [(tokens, lines.line(list(tokens))) for tokens in sample]
    assert sum(found is None for _, found in answers) < len(sample) // 20
    assert [(t, f) for t, f in answers if f is not None and f != composed_line(node, list(t))] == []


def test_keys_are_indexed_in_each_form_they_are_written_in() -> None:
    text = textwrap.dedent(
        """\
        a:
          plain key  : 1
          'it''s': 2
          "double": 3
          'a: b': 4
          a#b: 5
          later:
            plain key: 6
          plain key: 7
        """
    )
    lines = BlockLines(text)
    node = yaml.compose(text, Loader=_NODE_LOADER)
    for key in ("plain key", "it's", "double", "a: b", "later"):
        assert lines.line(["a", key]) == composed_line(node, ["a", key]), key
    assert lines.line(["a", "plain key"]) == 2, "the first of a repeated key, as composing finds it"
    assert lines.line(["a", "later", "plain key"]) == 8
    assert lines.line(["a", "a#b"]) is None, "a form it does not read: no answer"
