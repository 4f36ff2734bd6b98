"""Lines found by reading JSON with the JSON scanner are the lines composing the document gives, or no answer."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.jsonlines import JsonLines
from generator.load import Document, _tokens
from generator.yamlnodes import _NODE_LOADER, composed_line

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


@pytest.mark.parametrize(
    "name",
    [
        "slack/slack_web_openapi_v2.json",
        "nytimes/books_api/books_api.json",
        "box/openapi.json",
        "discord/openapi.json",
        "twilio/json/twilio_lookups_v2.json",
    ],
)
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


TRICKY = """\
{
  "plain": {"ключ": [1, {"深い": "値"}], "emoji 👍": {"x": []}},
  "escaped": {"a\\/b": 1, "c": 2},
  "unicode escape in a value": "caf\\u00e9",
  "nested": [[[], [{}]], [[1, [2, [3]]]], {"deep": [{"er": {}}]}],
  "empty": {"o": {}, "a": []},
  "spaced" :  [ 1 ,  "two" ,
      { "three" : 3 }
  ],
  "numbers": [-1, 2.5e10, 0, true, false, null]
}
"""

TRICKY_POINTERS = [
    "/plain/ключ/1/深い",
    "/plain/emoji 👍/x/0",
    "/unicode escape in a value",
    "/nested/0/1/0/anything",
    "/nested/1/0/1/1/0",
    "/nested/2/deep/0/er",
    "/empty/o/missing",
    "/empty/a/0",
    "/spaced/2/three",
    "/spaced/1",
    "/numbers/5",
    "/numbers/6",
    "/missing/deeper",
]


@pytest.mark.parametrize(
    ("text", "pointer"),
    [pytest.param(DOCUMENT, p, id=f"document:{p}") for p in POINTERS]
    + [pytest.param(TRICKY, p, id=f"unicode, nesting, empty, spacing:{p}") for p in TRICKY_POINTERS],
)
def test_answers_are_the_composed_line(text: str, pointer: str) -> None:
    tokens = list(_tokens(pointer))
    answer = JsonLines(text).line(tokens)
    assert answer is not None
    assert answer == composed(text, tokens)


@pytest.mark.parametrize("pointer", ["/escaped/c", "/escaped/a~1b"])
def test_an_object_with_an_escaped_key_gets_no_answer_and_a_document_composes(pointer: str, tmp_path: Path) -> None:
    """YAML and JSON may read an escaped key differently: what an object with one holds is composed."""
    tokens = list(_tokens(pointer))
    assert JsonLines(TRICKY).line(tokens) is None
    document = Document(tmp_path / "spec.json", json.loads(TRICKY), TRICKY)
    assert document.line_of(pointer) == composed(TRICKY, tokens)
    assert JsonLines(TRICKY).line(["plain", "ключ"]) == 2  # the rest still answers


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"b": "\\ud83d\\udc4d"}}',  # a surrogate escape: YAML refuses the text
        '{"a": {"b": "\x7f"}}',  # a character YAML does not accept
        '{"a": {"b": "\u0085"}}',  # a line break to YAML
        '{"' + "k" * 1000 + '": 1, "a": {"b": 1}}',  # a key too long for YAML
        '{"a": {"b": 1}} {"a": 2}',  # two values
        '{"a": {"b": 1}}\n# a comment after',
        '[{"a": 1},]',
    ],
)
def test_where_composing_fails_or_lines_count_differently_there_is_no_answer(text: str) -> None:
    assert JsonLines(text).line(["a", "b"]) is None


def test_a_long_key_that_yaml_still_reads_is_answered() -> None:
    text = '{"' + "k" * 900 + '": 1,\n "a": {"b": 1}}'
    assert JsonLines(text).line(["a", "b"]) == composed(text, ["a", "b"]) == 2


def test_json_that_yaml_cannot_compose_keeps_its_answer_of_no_line() -> None:
    """Twilio's largest file writes an emoji as a surrogate pair (``\\ud83d\\udc4d``), which PyYAML
    refuses: composing gives no line, and the scanner steps aside rather than answer otherwise."""
    path = CORPUS / "twilio" / "json" / "twilio_api_v2010.json"
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({path})")
    text = path.read_text(encoding="utf-8")
    assert JsonLines(text).line(["paths", "/2010-04-01/Accounts.json"]) is None
    assert Document(path, json.loads(text), text).line_of("/paths/~12010-04-01~1Accounts.json") is None
