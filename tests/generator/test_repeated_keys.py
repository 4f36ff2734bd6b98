"""A key written twice in one mapping is a located error naming both lines, in YAML and JSON."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load, parse_text
from generator.problems import SpecError

from .helpers import write_text

TWICE_YAML = """
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /pets:
    get:
      responses: {'200': {description: listed}}
    post:
      responses: {'201': {description: created}}
    get:
      responses: {'204': {description: nothing}}
"""

TWICE_JSON = """{
  "openapi": "3.0.0",
  "info": {"title": "T", "version": "1"},
  "paths": {"/pets": {"get": {"responses": {"200": {"description": "listed"}}}}},
  "paths": {}
}
"""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "openapi.yaml",
            TWICE_YAML,
            "openapi.yaml:9: /paths/~1pets/get: key 'get' is repeated: first at line 5, again at line 9",
            id="yaml",
        ),
        pytest.param(
            "openapi.json",
            TWICE_JSON,
            "openapi.json:5: /paths: key 'paths' is repeated: first at line 4, again at line 5",
            id="json",
        ),
        pytest.param(
            "openapi.json",
            TWICE_JSON.replace('"paths": {}\n', '"paths": {}, // the second\n'),
            "openapi.json:5: /paths: key 'paths' is repeated: first at line 4, again at line 5",
            id="json-with-comments",
        ),
    ],
)
def test_a_repeated_key_is_an_error_naming_both_lines(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write_text(tmp_path, name, text)
    with pytest.raises(SpecError) as raised:
        load(path)
    assert [p.format().replace(str(tmp_path) + "/", "") for p in raised.value.problems] == [
        expected + " (only the last one would count)"
    ]


def test_every_repeated_key_is_reported_in_line_order() -> None:
    text = "a: 1\nb: {c: 1, c: 2}\na: 2\nlist:\n  - {x: 1, x: 1}\n"
    with pytest.raises(SpecError) as raised:
        parse_text(Path("spec.yaml"), text)
    assert [(p.location.line, p.location.pointer) for p in raised.value.problems] == [
        (2, "/b/c"),
        (3, "/a"),
        (5, "/list/0/x"),
    ]


def test_a_yaml_merge_overridden_by_the_mapping_itself_is_no_repeat() -> None:
    text = "base: &base {x: 1, y: 2}\nother:\n  <<: *base\n  x: 3\n"
    assert parse_text(Path("spec.yaml"), text) == {"base": {"x": 1, "y": 2}, "other": {"x": 3, "y": 2}}


def test_generate_refuses_a_repeated_operation_with_exit_2(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "pets.yaml", TWICE_YAML)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{spec}:9: /paths/~1pets/get: key 'get' is repeated: first at line 5, again at line 9 "
        "(only the last one would count)"
    ]
    assert not (tmp_path / "out").exists()
