"""A key under ``paths`` must be a relative path template: ``generate`` refuses any other, located, with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.pathkeys import path_problem

SPEC = """\
openapi: 3.1.0
info:
  title: Paths
  version: "1"
paths:
  /good/{{id}}:
    get:
      operationId: good
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
  {key}:
    get:
      operationId: bad
      responses:
        "200":
          description: ok
"""


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("/v1/things", None),
        ("/v1/things/{id}/parts/{partId}", None),
        ("/v1/things/{id}.json", None),
        ("/v1/things:batchGet", None),
        ("/", None),
        ("v1/things", "does not start with '/'"),
        ("{id}//api.example.com/v1/x", "does not start with '/'"),
        ("https://api.example.com/v1/x", "is a URL with a scheme and host"),
        ("//api.example.com/v1/x", "has an empty segment"),
        ("/v1//things", "has an empty segment"),
        ("/v1/things /x", "has whitespace"),
        ("/v1/things?limit=10", "has a query or fragment"),
        ("/v1/things/{id", "no closing '}'"),
        ("/v1/things/{id/parts}", "no closing '}'"),
        ("/v1/things/id}", "closes nothing"),
        ("/v1/things/{{id}}", "inside a path parameter"),
        ("/v1/things/{}", "with no name"),
    ],
)
def test_path_problem(key: str, problem: str | None) -> None:
    found = path_problem(key)
    assert found == problem if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("key", "pointer", "message"),
    [
        ('"{id}//api.example.com/v1/x"', "/paths/{id}~1~1api.example.com~1v1~1x", "does not start with '/'"),
        ('"/v1//things"', "/paths/~1v1~1~1things", "has an empty segment"),
        ('"/things/{id"', "/paths/~1things~1{id", "has a path parameter with no closing '}'"),
        ('"https://api.example.com/v1/x"', "/paths/https:~1~1api.example.com~1v1~1x", "is a URL"),
    ],
)
def test_generate_rejects_an_invalid_path_key_located(
    key: str, pointer: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("{key}", key).replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{spec}:14: {pointer}: the path {key.strip(chr(34))!r} {message}" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("key", ['"/good#variant"', '"/good?beta=true"'])
def test_generate_accepts_a_path_variant_written_with_a_query_or_fragment(key: str, tmp_path: Path) -> None:
    # Box and OpenAI write such keys; the URL a client sends for them is the right one.
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("{key}", key).replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 0
    resources = (tmp_path / "out" / "src" / "paths_client" / "resources").glob("*.py")
    assert any("def bad(" in module.read_text(encoding="utf-8") for module in resources)
