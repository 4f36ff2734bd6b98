"""Numbers no client can hold give ``file:line: /json/pointer: message``, never an internal error.

Python reads and writes integers of at most 4300 digits: ``json.loads`` and PyYAML
fail on a longer literal, ``repr()`` on a longer value.  Such an integer is refused
where it is written (exit 2), in a JSON spec, a YAML spec, a JSON spec with comments
and as a YAML hexadecimal literal.  Text that only looks like one (a string default,
a ``$ref`` index) and floats that are not finite (``1e999``, ``NaN``) generate a
client, the unusable default reported and left out.
"""

from __future__ import annotations

import json
import py_compile
import re
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

BIG = "1" + "0" * 5000  # 10**5000: 5001 digits
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<pointer>/[^ ]*): (?P<message>.+)$")
DEFAULT = "/paths/~1items/get/parameters/0/schema/default"
TOO_LONG = "an integer of 5001 digits: Python reads and writes at most 4300, refusing (write it as a string?)"


def yaml_spec(schema: str, responses: str = "'200': {description: ok}") -> str:
    """A spec whose one operation has a query parameter ``limit`` of ``schema`` (YAML flow text)."""
    return f"""openapi: 3.1.0
info: {{title: Numbers, version: "1"}}
servers: [{{url: "https://numbers.example"}}]
paths:
  /items:
    get:
      operationId: list_items
      parameters:
        - name: limit
          in: query
          schema: {schema}
      responses:
        {responses}
"""


def json_spec(schema: str) -> str:
    """The same spec as JSON, one key a line; ``schema`` is JSON text."""
    data: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Numbers", "version": "1"},
        "servers": [{"url": "https://numbers.example"}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "list_items",
                    "parameters": [{"name": "limit", "in": "query", "schema": "SCHEMA"}],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    return json.dumps(data, indent=2).replace('"SCHEMA"', schema)


def generate(spec: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[re.Match[str]], str]:
    """Exit code, the located lines printed (every problem line must be one) and stderr."""
    code = main(["generate", str(spec), "--output", str(spec.parent / "out"), "--package-name", "numbers_client"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    problems = [line for line in err.splitlines() if not line.startswith(str(spec.parent / "out"))]
    matches = [LOCATED.match(line) for line in problems]
    assert all(matches), err
    return code, [m for m in matches if m is not None], err


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("name", "text", "pointer"),
    [
        pytest.param("spec.json", json_spec('{"type": "integer", "default": ' + BIG + "}"), DEFAULT, id="json-default"),
        pytest.param("spec.yaml", yaml_spec("{type: integer, default: " + BIG + "}"), DEFAULT, id="yaml-default"),
        pytest.param(
            "spec.yaml", yaml_spec("{type: integer, enum: [1, -" + BIG + "]}"), DEFAULT[:-7] + "enum/1", id="yaml-enum"
        ),
        pytest.param(
            "spec.json",
            json_spec('{"type": "integer", "maximum": ' + BIG + "}"),
            DEFAULT[:-7] + "maximum",
            id="json-max",
        ),
        pytest.param(
            "spec.json", json_spec('{"type": "integer", "const": ' + BIG + "}"), DEFAULT[:-7] + "const", id="json-const"
        ),
    ],
)
def test_an_integer_longer_than_python_reads_is_a_located_error(
    name: str, text: str, pointer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    code, located, _ = generate(spec, capsys)
    assert code == 2
    assert [(m["pointer"], m["message"]) for m in located] == [(pointer, TOO_LONG)]
    assert Path(located[0]["file"]) == spec
    assert int(located[0]["line"]) == line_of(text, BIG)
    assert not (tmp_path / "out").exists()


def test_a_hexadecimal_yaml_integer_too_long_to_write_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PyYAML reads ``0x`` + 4000 digits whatever its length; ``repr()`` of it would fail."""
    text = yaml_spec("{type: integer, default: 0x" + "f" * 4000 + "}")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    code, located, _ = generate(spec, capsys)
    assert code == 2
    assert [(m["pointer"], int(m["line"])) for m in located] == [(DEFAULT, line_of(text, "0xfff"))]
    assert located[0]["message"].startswith("an integer of more than 4300 digits: ")


def test_a_json_spec_with_comments_and_a_long_integer_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "// read leniently: comments are dropped\n" + json_spec('{"type": "integer", "default": ' + BIG + "}")
    spec = tmp_path / "spec.json"
    spec.write_text(text, encoding="utf-8")
    code, located, _ = generate(spec, capsys)
    assert code == 2
    assert [(int(m["line"]), m["message"]) for m in located] == [(line_of(text, BIG), TOO_LONG)]


@pytest.mark.parametrize(
    ("name", "text", "warning"),
    [
        pytest.param(
            "spec.yaml",
            yaml_spec("{type: integer, default: '" + BIG + "'}"),
            f"default '{BIG[:56]}... is not of type integer: ignored",
            id="digits-as-a-string",
        ),
        pytest.param(
            "spec.json",
            json_spec('{"type": "integer", "default": 1e999}'),
            "default inf is not of type integer: ignored",
            id="json-1e999",
        ),
        pytest.param(
            "spec.json",
            json_spec('{"type": "integer", "default": NaN}'),
            "default nan is not of type integer: ignored",
            id="json-nan",
        ),
        pytest.param("spec.json", json_spec('{"type": "number", "default": 1e999}'), None, id="json-number-inf"),
        pytest.param("spec.json", json_spec('{"type": "number", "enum": [NaN, 1.5]}'), None, id="json-nan-enum"),
    ],
)
def test_numbers_no_literal_can_hold_are_left_out(
    name: str, text: str, warning: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    code, located, _ = generate(spec, capsys)
    assert code == 0
    assert [(m["pointer"], m["message"]) for m in located] == ([(DEFAULT, "warning: " + warning)] if warning else [])
    resource = tmp_path / "out" / "src" / "numbers_client" / "resources" / "items.py"
    source = resource.read_text(encoding="utf-8")
    assert "inf" not in source.replace("info", "") and "nan" not in source
    py_compile.compile(str(resource), cfile=str(tmp_path / "items.pyc"), doraise=True)


def test_a_ref_index_of_any_length_is_a_located_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = "'200': {$ref: '#/paths/~1items/get/parameters/" + BIG + "'}"
    text = yaml_spec("{type: integer}", ref)
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    code, located, _ = generate(spec, capsys)
    assert code == 2
    assert [m["pointer"] for m in located] == ["/paths/~1items/get/responses/200"]
    assert located[0]["message"].startswith("GET /items not generated: $ref '#/paths/~1items/get/parameters/1000")
