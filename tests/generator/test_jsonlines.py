"""Lines found by reading JSON with the JSON scanner are the lines composing the document gives."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.jsonlines import JsonLines
from generator.load import _NODE_LOADER, Document, _tokens, composed_line

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

DOCUMENT = """\
{
  "openapi": "3.1.0",
  "info": {"title": "Pets: \\"the\\" API", "version": "1"},
  "paths": {
    "/pets/{id}": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {
            "name": "it's",
            "in": "query"
          }
        ],
        "responses": {"200": {"description": "ok\\u2028still ok"}}
      }
    }
  },
  "x-twice": {"a": 1},
  "x-twice": {
    "a": 2
  },
  "list": [[1, 2], [], {}, "s", null]
}
"""

POINTERS = [
    "",
    "/openapi",
    "/info",
    "/info/title",
    "/info/title/more",
    "/paths/~1pets~1{id}",
    "/paths/~1pets~1{id}/get/parameters",
    "/paths/~1pets~1{id}/get/parameters/0",
    "/paths/~1pets~1{id}/get/parameters/0/in",
    "/paths/~1pets~1{id}/get/parameters/1",
    "/paths/~1pets~1{id}/get/parameters/1/in",
    "/paths/~1pets~1{id}/get/parameters/2",
    "/paths/~1pets~1{id}/get/parameters/01",
    "/paths/~1pets~1{id}/get/responses/200/description",
    "/paths/~1pets~1{id}/missing/deeper",
    "/x-twice/a",
    "/list/0/1",
    "/list/1/0",
    "/list/2/key",
    "/list/4",
]


def composed(text: str, tokens: list[str]) -> int:
    return composed_line(yaml.compose(text, Loader=_NODE_LOADER), tokens)


@pytest.mark.parametrize("pointer", POINTERS)
def test_answers_are_the_composed_line(pointer: str) -> None:
    tokens = list(_tokens(pointer))
    assert JsonLines(DOCUMENT).line(tokens) == composed(DOCUMENT, tokens)


def test_a_key_written_twice_answers_with_the_first_as_composing_does() -> None:
    lines = JsonLines(DOCUMENT)
    assert lines.line(["x-twice"]) == lines.line(["x-twice", "a"]) == 18


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_ends_count_as_composing_counts_them(newline: str) -> None:
    text = DOCUMENT.replace("\n", newline)
    lines = JsonLines(text)
    for pointer in POINTERS:
        tokens = list(_tokens(pointer))
        assert lines.line(tokens) == composed(text, tokens), pointer


def test_one_line_json_is_read_too() -> None:
    text = json.dumps(json.loads(DOCUMENT))
    assert JsonLines(text).line(["paths", "/pets/{id}", "get"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1,}',  # a trailing comma
        '{"a": 1 // a comment\n}',
        "a: 1\n",  # YAML
        '{"a": "\u2028"}',  # a line break to YAML inside a JSON string
        '{"a": {"b": 1} "c": 2}',
    ],
)
def test_what_is_not_strict_json_gets_no_answer(text: str) -> None:
    assert JsonLines(text).line(["a", "b"]) is None


def test_a_document_falls_back_to_composing_where_json_does_not_answer(tmp_path: Path) -> None:
    text = '{\n  "a": {\n    "b": 1, // why\n  }\n}\n'
    document = Document(tmp_path / "spec.json", {"a": {"b": 1}}, text)
    assert document.line_of("/a/b") == 3


def _pointers(data: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _pointers(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _pointers(value, (*prefix, str(index)))
    return out


@pytest.mark.parametrize("name", ["slack/slack_web_openapi_v2.json", "nytimes/books_api/books_api.json"])
def test_on_real_specs_every_answer_is_composings(name: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({path})")
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text, Loader=_NODE_LOADER)
    pointers = _pointers(json.loads(text))
    sample = random.Random(3).sample(pointers, min(1500, len(pointers)))
    sample += [(*tokens, "missing") for tokens in sample[:100]] + [(*tokens, "99999") for tokens in sample[:100]]
    lines = JsonLines(text)
    assert [t for t in sample if lines.line(list(t)) != composed_line(node, list(t))] == []


def test_json_that_yaml_cannot_compose_still_gets_lines() -> None:
    """Twilio's largest file is JSON that PyYAML does not read; its lines were lost before."""
    path = CORPUS / "twilio" / "json" / "twilio_api_v2010.json"
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({path})")
    text = path.read_text(encoding="utf-8")
    document = Document(path, json.loads(text), text)
    expected = 1 + text[: text.index('"/2010-04-01/Accounts.json"')].count("\n")
    assert document.line_of("/paths/~12010-04-01~1Accounts.json") == expected
