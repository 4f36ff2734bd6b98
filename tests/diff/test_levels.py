"""One rule for constraints and defaults, the same in OpenAPI 3.0, 3.1 and Swagger 2.0 documents,
on parameters, request bodies and responses; object-valued parameters; fragments without a version."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ClientConfig
from generator.diff import Level, diff_specs, spec_from_text
from generator.diff.spec import diff_contract

# {q}: the query parameter's schema; {p}: the request property's; {r}: the response property's.
OPENAPI = """
openapi: {version}
info: {{title: Levels, version: '1'}}
paths:
  /things:
    post:
      operationId: make
      parameters:
        - {{name: q, in: query, schema: {q}}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {{type: object, properties: {{p: {p}}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{r: {r}}}}}
"""
SWAGGER = """
swagger: '2.0'
info: {{title: Levels, version: '1'}}
paths:
  /things:
    post:
      operationId: make
      consumes: [application/json]
      produces: [application/json]
      parameters:
        - {{name: q, in: query, {q_flat}}}
        - {{name: body, in: body, required: true, schema: {{type: object, properties: {{p: {p}}}}}}}
      responses:
        '200':
          description: ok
          schema: {{type: object, properties: {{r: {r}}}}}
"""
PLAIN = "{type: string}"


def _document(version: str, q: str = PLAIN, p: str = PLAIN, r: str = PLAIN) -> str:
    if version == "2.0":
        return SWAGGER.format(q_flat=q.strip("{}"), p=p, r=r)
    return OPENAPI.format(version=version, q=q, p=p, r=r)


def _changes(version: str, before: dict[str, str], after: dict[str, str]) -> dict[str, Level]:
    base = spec_from_text(Path("base.yaml"), _document(version, **before))
    revision = spec_from_text(Path("revision.yaml"), _document(version, **after))
    return {c.id: c.level for c in diff_contract(base, revision)}


VERSIONS = ("3.0.3", "3.1.0", "2.0")
BRK, WARN, INFO = Level.BREAKING, Level.WARNING, Level.INFO


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("where", "subject"), [("q", "request-parameter"), ("p", "request-property"), ("r", "response-property")]
)
@pytest.mark.parametrize(
    ("old", "new", "suffix", "request_level", "response_level"),
    [
        (PLAIN, "{type: string, pattern: '^a'}", "pattern-added", BRK, INFO),
        ("{type: string, pattern: '^a'}", PLAIN, "pattern-removed", INFO, WARN),
        ("{type: string, minLength: 1}", "{type: string, minLength: 3}", "min-length-increased", BRK, INFO),
        ("{type: string, minLength: 3}", "{type: string, minLength: 1}", "min-length-decreased", INFO, WARN),
        (PLAIN, "{type: string, maxLength: 9}", "max-length-set", BRK, INFO),
        (PLAIN, "{type: string, format: email}", "format-added", BRK, INFO),
        ("{type: string, enum: [a, b]}", "{type: string, enum: [a]}", "enum-value-removed", BRK, INFO),
        ("{type: string, enum: [a]}", "{type: string, enum: [a, b]}", "enum-value-added", INFO, WARN),
    ],
)
def test_one_rule_for_constraints_in_every_version_and_place(
    version: str, where: str, subject: str, old: str, new: str, suffix: str, request_level: Level, response_level: Level
) -> None:
    changes = _changes(version, {where: old}, {where: new})
    expected = request_level if subject.startswith("request") else response_level
    assert changes == {f"{subject}-{suffix}": expected}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("where", "subject"), [("q", "request-parameter"), ("p", "request-property")])
def test_a_request_default_that_changes_breaks(version: str, where: str, subject: str) -> None:
    changes = _changes(version, {where: "{type: integer, default: 10}"}, {where: "{type: integer, default: 20}"})
    assert changes == {f"{subject}-default-value-changed": BRK}


def test_an_object_valued_parameter_is_compared_property_by_property() -> None:
    def deep(kind: str) -> str:
        return f"{{type: object, properties: {{since: {{type: {kind}}}, mode: {{type: string}}}}}}"

    base = OPENAPI.format(version="3.1.0", q=deep("string"), p=PLAIN, r=PLAIN).replace(
        "in: query,", "in: query, style: deepObject, explode: true,"
    )
    revision = base.replace("since: {type: string}", "since: {type: integer}").replace(", mode: {type: string}", "")
    changes = diff_contract(spec_from_text(Path("a.yaml"), base), spec_from_text(Path("b.yaml"), revision))
    found = {(c.id, c.message) for c in changes}
    retyped = "the property `since` of the query parameter `q` changed type from string to integer"
    assert found == {
        ("request-property-type-changed", retyped),
        ("request-property-removed", "removed the property `mode` of the query parameter `q`"),
    }


def test_a_fragment_without_a_version_is_read_as_openapi_3_with_a_warning() -> None:
    fragment = _document("3.0.3", q="{type: integer, default: 10}").replace("openapi: 3.0.3\n", "")
    changed = fragment.replace("default: 10", "default: 20")
    base, revision = spec_from_text(Path("a.yaml"), fragment), spec_from_text(Path("b.yaml"), changed)
    report = diff_specs(base, revision, ClientConfig.for_package("levels_client", Path("out")))
    assert [c.id for c in report.changes] == ["request-parameter-default-value-changed"]
    assert report.semver == "major"
    assert {w.message for w in report.warnings} == {"no `openapi` version: read as OpenAPI 3.0"}


def test_a_server_whose_url_changes_is_reported_as_moved_not_as_an_environment_removed() -> None:
    text = _document("3.1.0").replace(
        "paths:", "servers:\n  - {url: 'https://api.example.com'}\n  - {url: 'https://dev.example.com'}\npaths:", 1
    )
    moved = text.replace("https://dev.example.com", "https://development.example.com")
    base, revision = spec_from_text(Path("a.yaml"), text), spec_from_text(Path("b.yaml"), moved)
    report = diff_specs(base, revision, ClientConfig.for_package("levels_client", Path("out")))
    assert [(c.id, c.level, c.message) for c in report.changes] == [
        (
            "server-url-changed",
            Level.WARNING,
            "the environment 'server_1' moved from https://dev.example.com to https://development.example.com",
        )
    ]
