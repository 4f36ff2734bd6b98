"""Every part of the document that becomes no code is reported once, where it is, and ``--report`` lists them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.unused import OBJECTS, Dropped, Walk
from generator.problems import Level

from .helpers import build_api, write_text

SPEC = """
openapi: 3.1.0
info: {title: Drops, version: '2.1', contact: {name: Someone}}
x-vendor: {anything: 1}
tags: [{name: pets, description: Pets}]
webhooks:
  newPet: {post: {responses: {'200': {description: ok}}}}
paths:
  /pets:
    servers: [{url: 'https://uploads.example'}]
    get:
      operationId: listPets
      x-internal: true
      servers: [{url: 'https://eu.example'}]
      responses:
        '200':
          description: ok
          headers: {X-Rate-Limit: {schema: {type: integer}}}
          links: {next: {operationId: listPets}}
          content:
            application/json: {schema: {type: array, items: {type: string}}}
            text/csv: {schema: {type: string}}
        '201': {description: also ok}
        '302': {description: elsewhere}
        '404': {$ref: '#/components/responses/NotFound'}
    post:
      operationId: addPet
      requestbody: {content: {application/json: {}}}
      callbacks:
        onAdded: {'{$request.body#/url}': {post: {responses: {'200': {description: ok}}}}}
      requestBody:
        content:
          application/vnd.api+json: {schema: {type: object}}
          application/xml: {schema: {type: object}}
      responses:
        '404': {$ref: '#/components/responses/NotFound'}
components:
  responses:
    NotFound:
      description: missing
      content:
        application/json: {schema: {type: object}, example: {message: gone}}
    Unused: {description: never}
"""

EXPECTED = [  # the build reports media types as it picks one; the rest is walked after the build
    ("/paths/~1pets/get/responses/200/content/text~1csv", "info", "media-type"),
    ("/paths/~1pets/post/requestBody/content/application~1xml", "info", "media-type"),
    ("/webhooks/newPet", "info", "webhook"),  # the webhooks build reports what does not become an event
    ("/paths/~1pets/post/callbacks/onAdded/{$request.body#~1url}", "info", "webhook"),
    ("/info/version", "info", "version"),
    ("/info/contact", "info", "documentation"),
    ("/tags", "info", "tags"),
    ("/webhooks/newPet/post/responses", "info", "webhook-responses"),
    ("/paths/~1pets/get/responses/200/headers", "info", "response-headers"),
    ("/paths/~1pets/get/responses/200/links/next", "info", "link"),
    ("/paths/~1pets/get/responses/201", "warning", "success-response"),
    ("/paths/~1pets/get/responses/302", "info", "redirect"),
    ("/components/responses/NotFound/content/application~1json/example", "info", "example"),
    ("/paths/~1pets/post/requestbody", "warning", "unknown-key"),
    ("/paths/~1pets/post/callbacks/onAdded/{$request.body#~1url}/post/responses", "info", "webhook-responses"),
    ("/components/responses/Unused", "info", "unused-component"),
]


def reported(tmp_path: Path, text: str = SPEC) -> list[tuple[str, str, str]]:
    _, problems = build_api(write_text(tmp_path, "openapi.yaml", text))
    return [(p.location.pointer, p.level.value, p.kind) for p in problems.items if p.kind]


def test_each_part_that_becomes_no_code_is_reported_once_at_its_place(tmp_path: Path) -> None:
    assert reported(tmp_path) == EXPECTED


def test_the_reasons_say_what_happens_instead(tmp_path: Path) -> None:
    _, problems = build_api(write_text(tmp_path, "openapi.yaml", SPEC))
    messages = {p.location.pointer: p.message for p in problems.items}
    assert messages["/paths/~1pets/get/responses/200/content/text~1csv"] == (
        "response media type 'text/csv' is not typed (the method reads 'application/json'): "
        "it is listed in Accept and read through with_raw_response"
    )
    assert messages["/paths/~1pets/post/requestBody/content/application~1xml"] == (
        "request body media type 'application/xml' is not offered: the method sends 'application/vnd.api+json'"
    )
    assert messages["/paths/~1pets/get/responses/201"] == (
        "a second success response: the method returns the 200 response's type"
    )
    assert messages["/paths/~1pets/post/requestbody"] == "'requestbody' is not an OpenAPI key here: ignored"


def test_a_spec_whose_every_part_becomes_code_reports_nothing(tmp_path: Path) -> None:
    text = """
    openapi: 3.0.3
    info: {title: Plain, description: All used}
    servers: [{url: 'https://api.example'}]
    paths:
      /pets/{id}:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get:
          tags: [pets]
          summary: One pet
          responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
    """
    assert reported(tmp_path, text) == []


def test_empty_parts_drop_nothing(tmp_path: Path) -> None:
    text = """
    openapi: 3.0.3
    info: {title: Plain}
    paths:
      /a:
        post:
          requestBody:
            content: {application/x-www-form-urlencoded: {schema: {type: object}, encoding: {}}}
          responses: {'204': {description: none, headers: {}}}
    """
    assert reported(tmp_path, text) == []


def test_every_walked_kind_is_in_the_table() -> None:
    walked = {use.kind for table in OBJECTS.values() for use in table.values() if isinstance(use, Walk)}
    content_owners = {"parameter", "request body", "response"}
    assert walked - content_owners <= set(OBJECTS) | {"media_type"}
    assert "media_type" in OBJECTS
    for table in OBJECTS.values():
        for use in table.values():
            if isinstance(use, Dropped):
                assert use.level in (Level.INFO, Level.WARNING)
                assert use.kind
                assert use.reason


def generate(spec: Path, out: Path, report: Path) -> subprocess.CompletedProcess[str]:
    command = ["generate", str(spec), "--output", str(out), "--report", str(report)]
    return subprocess.run(
        [sys.executable, "-m", "generator", *command], capture_output=True, text=True, check=False, cwd=spec.parent
    )


def test_generate_report_writes_every_line_as_json_in_a_fixed_order(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "openapi.yaml", SPEC)
    report = tmp_path / "report.json"
    done = generate(spec, tmp_path / "out", report)
    assert done.returncode == 0, done.stderr
    assert "; 2 warnings; 14 info; " in done.stdout
    first = report.read_text(encoding="utf-8")
    data = json.loads(first)
    assert data["counts"] == {"info": 14, "warning": 2, "error": 0}
    items = data["items"]
    assert {(i["pointer"], i["level"], i["kind"]) for i in items} == set(EXPECTED)
    assert [(i["line"], i["pointer"]) for i in items] == sorted((i["line"], i["pointer"]) for i in items)
    webhook = next(i for i in items if i["kind"] == "webhook")
    assert webhook == {
        "file": str(spec),
        "line": 6,
        "pointer": "/webhooks/newPet",
        "level": "info",
        "kind": "webhook",
        "reason": "this webhook has no request body: there is no payload to parse",
    }
    # Warnings are printed, info lines only counted.
    assert "/paths/~1pets/post/requestbody: warning: 'requestbody' is not an OpenAPI key here" in done.stderr
    assert "webhooks" not in done.stderr
    # Nothing changed: the run stops early, and the report is the same, from the manifest.
    report.unlink()
    again = generate(spec, tmp_path / "out", report)
    assert "nothing changed since the last run" in again.stdout
    assert report.read_text(encoding="utf-8") == first


def test_a_refused_spec_still_gets_its_report(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "openapi.yaml", "openapi: 3.0.0\ninfo: {title: T}\ninfo: {title: U}\npaths: {}\n")
    report = tmp_path / "report.json"
    done = generate(spec, tmp_path / "out", report)
    assert done.returncode == 2
    assert json.loads(report.read_text(encoding="utf-8"))["items"] == [
        {
            "file": str(spec),
            "line": 3,
            "pointer": "/info",
            "level": "error",
            "kind": "problem",
            "reason": "key 'info' is repeated: first at line 2, again at line 3 (only the last one would count)",
        }
    ]


@pytest.mark.parametrize("count", [3, 5])
def test_warnings_that_say_the_same_are_printed_three_times_at_most(tmp_path: Path, count: int) -> None:
    paths = "".join(
        f"  /p{i}:\n    get:\n      summry: a typo\n      responses: {{'204': {{description: none}}}}\n"
        for i in range(count)
    )
    spec = write_text(tmp_path, "openapi.yaml", f"openapi: 3.0.0\ninfo: {{title: T}}\npaths:\n{paths}")
    done = generate(spec, tmp_path / "out", tmp_path / "report.json")
    lines = [line for line in done.stderr.splitlines() if "'summry' is not an OpenAPI key" in line]
    assert len(lines) == 3
    more = " (and 2 more places like it: --report FILE lists them)"
    assert lines[-1].endswith(more) is (count == 5)
    assert len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["items"]) == count
