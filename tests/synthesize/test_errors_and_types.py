"""Error documentation as error responses; field notation, type spellings and listed values as schemas.

The pages here are written in the styles Mintlify documents (``api:`` frontmatter,
``<ParamField body=...>``, ``<ResponseField>`` with ``<Expandable>``, the ``.md``
export), plus the shapes found on Mayar's pages; the last tests read the real
Mayar documentation when it is present beside the repository.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.synthesize import Synthesis, synthesize
from tests.support.generated import generated_package
from tests.support.replay import ReplayServer

from .helpers import curl_page, finding, findings_of, line_of, op, request_schema, resolve, response_schema, synth

MAYAR_DOCS = Path(__file__).resolve().parents[2].parent / "shared" / "mayar-docs"


def api_page(title: str, api: str, body: str) -> str:
    """A page in the style Mintlify documents for pages without a request example: ``api:`` frontmatter, then fields."""
    return f'---\ntitle: "{title}"\napi: "{api}"\n---\n\n' + textwrap.dedent(body).strip("\n") + "\n"


def get_page(title: str, path: str, response: str, fields: str) -> str:
    """A page with a GET request example on ``path``, its 200 example and, under "## Response", ``fields``."""
    body = "## Response\n\n" + textwrap.dedent(fields).strip("\n")
    return curl_page(title, f"curl --request GET 'https://api.example.com/v1{path}'", response=response, fields=body)


THING = api_page(
    "Create Thing",
    "POST https://api.example.com/v1/things",
    """
<ParamField body="name" type="string" required>
  The thing's name.
</ParamField>

## Response

<ResponseField name="id" type="string">
  The new thing's id.
</ResponseField>

### Errors

<ResponseField name="400 Bad Request" type="object">
  Returned when validation fails: `{ "statusCode": 400, "messages": "Validation Error" }`.
</ResponseField>

<ResponseField name="404 — Owner not found" type="object">
  Returned with `messages: "Owner not found"` when the owner does not exist.
</ResponseField>

<ResponseField name="409 Conflict" type="object">
  The thing exists already.

  <Expandable title="properties">
    <ResponseField name="existingId" type="string" required>
      The id of the thing that exists.
    </ResponseField>
  </Expandable>
</ResponseField>

<ResponseField name="200 OK (validation failed)" type="object">
  Some failures answer 200 with `messages` set to `failed`.
</ResponseField>
""",
)


def _error(synthesis: Synthesis, method: str, path: str, status: str) -> dict[str, Any]:
    found: dict[str, Any] = op(synthesis, method, path)["responses"][status]
    return found


def _property_names(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for name, child in (schema.get("properties") or {}).items():
            yield name
            yield from _property_names(child)
        for key in ("items", "additionalProperties"):
            yield from _property_names(schema.get(key))
    elif isinstance(schema, list):
        for item in schema:
            yield from _property_names(item)


# -- errors --------------------------------------------------------------------------------------


def test_status_fields_under_errors_are_error_responses_not_properties(tmp_path: Path) -> None:
    s = synth(tmp_path, {"things/create.mdx": THING})
    ok = response_schema(s, "POST", "/things")
    assert list(ok["properties"]) == ["id"]
    bad = _error(s, "POST", "/things", "400")
    assert bad["description"].startswith("Bad Request: Returned when validation fails")
    media = bad["content"]["application/json"]
    assert media["example"] == {"statusCode": 400, "messages": "Validation Error"}
    assert resolve(s, media["schema"])["properties"] == {
        "statusCode": {"type": "integer"},
        "messages": {"type": "string"},
    }


def test_a_prose_value_gives_the_error_body_a_field_but_no_example(tmp_path: Path) -> None:
    s = synth(tmp_path, {"things/create.mdx": THING})
    missing = _error(s, "POST", "/things", "404")
    assert missing["description"].startswith("Owner not found: Returned with")
    media = missing["content"]["application/json"]
    assert "example" not in media and "examples" not in media
    assert resolve(s, media["schema"]) == {"type": "object", "properties": {"messages": {"type": "string"}}}


def test_fields_nested_in_a_status_field_are_the_error_body(tmp_path: Path) -> None:
    s = synth(tmp_path, {"things/create.mdx": THING})
    conflict = resolve(s, _error(s, "POST", "/things", "409")["content"]["application/json"]["schema"])
    assert conflict["properties"]["existingId"]["type"] == "string"
    assert conflict["required"] == ["existingId"]


def test_a_success_status_among_the_errors_is_reported_not_made_a_response(tmp_path: Path) -> None:
    s = synth(tmp_path, {"things/create.mdx": THING})
    assert set(op(s, "POST", "/things")["responses"]) == {"200", "400", "404", "409"}
    found = finding(s, "success-in-errors", "things/create.mdx", "200 OK (validation failed)")
    assert found.line == line_of(THING, 'name="200 OK (validation failed)"')


ENVELOPE = curl_page(
    "Cancel Member",
    "curl --request POST 'https://api.example.com/v1/members/M1/cancel'",
    response='{"statusCode": 200, "message": "ok"}',
    extra="""
    ## Errors

    All errors use the envelope `{ "statusCode": <code>, "message": "<reason>" }`.

    ```json Error Example 400
    {
        "statusCode": 400,
        "message": "Member is not active"
    }
    ```

    <ResponseField name="statusCode" type="integer">
      The HTTP status code of the error.
    </ResponseField>

    <ResponseField name="message" type="string">
      What went wrong.
    </ResponseField>

    | Status | `message` | When |
    | --- | --- | --- |
    | `400` | `Member is not active` | The member was cancelled already. |
    | `404` | `Member not found` | No member has this id. |
    """,
)


def test_an_error_section_envelope_example_and_status_table(tmp_path: Path) -> None:
    s = synth(tmp_path, {"members/cancel.mdx": ENVELOPE})
    responses = op(s, "POST", "/members/M1/cancel")["responses"]
    assert set(responses) == {"200", "400", "404"}
    bad = responses["400"]["content"]["application/json"]
    assert bad["example"] == {"statusCode": 400, "message": "Member is not active"}
    envelope = resolve(s, bad["schema"])["properties"]
    assert envelope["message"] == {"type": "string", "description": "What went wrong."}
    assert "The member was cancelled already." in responses["400"]["description"]
    missing = responses["404"]
    assert "Member not found" in missing["description"] and "No member has this id." in missing["description"]
    assert "statusCode" in resolve(s, missing["content"]["application/json"]["schema"])["properties"]
    assert list(response_schema(s, "POST", "/members/M1/cancel")["properties"]) == ["statusCode", "message"]


def test_response_examples_titled_with_a_status_or_error(tmp_path: Path) -> None:
    page = """
    ---
    title: "Get Code"
    ---

    <RequestExample>
    ```bash Request Example
    curl --request GET 'https://api.example.com/v1/codes/C1'
    ```
    </RequestExample>

    <ResponseExample>
    ```json Response Example 200
    {"statusCode": 200, "code": "C1"}
    ```

    ```json Error
    {"statusCode": 404, "messages": "Code not found"}
    ```

    ```json Error
    {"messages": "it broke"}
    ```
    </ResponseExample>
    """
    s = synth(tmp_path, {"codes/get.mdx": page})
    responses = op(s, "GET", "/codes/C1")["responses"]
    assert set(responses) == {"200", "404"}
    missing = responses["404"]["content"]["application/json"]
    assert missing["example"] == {"statusCode": 404, "messages": "Code not found"}
    finding(s, "error-status-from-body", "codes/get.mdx", "404")
    found = finding(s, "error-without-status", "codes/get.mdx")
    assert found.line == line_of(page, '{"messages": "it broke"}')


def test_the_generated_client_raises_with_the_documented_error_body(tmp_path: Path) -> None:
    s = synth(tmp_path / "docs", {"things/create.mdx": THING})
    documented = _error(s, "POST", "/things", "400")["content"]["application/json"]["example"]
    (tmp_path / "gen").mkdir()
    cassette = [
        {
            "request": {"method": "POST", "uri": "http://127.0.0.1/v1/things"},
            "response": {
                "status": {"code": 400, "message": "Bad Request"},
                "headers": {"Content-Type": ["application/json"]},
                "body": {"string": json.dumps(documented)},
            },
        }
    ]
    spec = yaml.safe_dump(s.document, sort_keys=False)
    with generated_package(tmp_path / "gen", "thing_errors_client", spec):
        package = importlib.import_module("thing_errors_client")
        for kind in ("sync", "async"):
            server = ReplayServer([dict(i) for i in cassette]).start()
            try:
                with pytest.raises(package.BadRequestError) as caught:
                    if kind == "sync":
                        with package.ThingErrorsClient(base_url=server.url + "/v1") as client:
                            client.things.create_thing(name="x")
                    else:
                        asyncio.run(_create_async(package.AsyncThingErrorsClient(base_url=server.url + "/v1")))
            finally:
                server.stop()
            body = caught.value.body
            assert type(body).__name__ == "CreateThingError400"
            assert body.messages == "Validation Error" and body.status_code == 400
            assert body.to_dict() == documented


async def _create_async(client: Any) -> None:
    async with client:
        await client.things.create_thing(name="x")


# -- field notation ------------------------------------------------------------------------------


def test_array_notation_names_properties_of_the_items_keeping_their_requiredness(tmp_path: Path) -> None:
    page = api_page(
        "Create Invoice",
        "POST https://api.example.com/v1/invoices",
        """
    ## Body

    <ParamField body="items" type="array" required>
      The lines.
    </ParamField>

    <ParamField body="items[].rate" type="number" required>
      Price per item.
    </ParamField>

    <ParamField body="items[].note" type="string">
      A note.
    </ParamField>

    <ParamField body="tags[0].label" type="string" required>
      A tag's label (no field documents tags itself).
    </ParamField>

    <ParamField body="owner.addresses[].city" type="string" required>
      The city.
    </ParamField>
    """,
    )
    s = synth(tmp_path, {"invoices/create.mdx": page})
    body = request_schema(s, "POST", "/invoices")
    assert set(body["properties"]) == {"items", "tags", "owner"}
    items = body["properties"]["items"]
    assert items["type"] == "array" and items["description"] == "The lines."
    assert items["items"]["properties"]["rate"] == {"type": "number", "description": "Price per item."}
    assert items["items"]["required"] == ["rate"]
    tags = body["properties"]["tags"]
    assert tags["type"] == "array" and tags["items"]["required"] == ["label"]
    city = body["properties"]["owner"]["properties"]["addresses"]["items"]["properties"]["city"]
    assert city["type"] == "string"


def test_array_notation_in_an_expandable_and_against_an_example(tmp_path: Path) -> None:
    page = get_page(
        "List Orders",
        "/orders",
        '{"data": [{"id": "o1", "lines": [{"sku": "A", "qty": 1}]}]}',
        """

        <ResponseField name="data" type="array of object">
          The orders.
          <Expandable title="order">
            <ResponseField name="id" type="string" required>The order id.</ResponseField>
            <ResponseField name="lines[].sku" type="string" required>The product.</ResponseField>
            <ResponseField name="lines[0].qty" type="integer">How many.</ResponseField>
          </Expandable>
        </ResponseField>
        """,
    )
    s = synth(tmp_path, {"orders/list.mdx": page})
    order = response_schema(s, "GET", "/orders")["properties"]["data"]["items"]
    assert order["required"] == ["id"]
    line = order["properties"]["lines"]["items"]
    assert line["properties"]["sku"]["description"] == "The product."
    assert line["required"] == ["sku"]
    assert not findings_of(s, "documented-only") and not findings_of(s, "example-only")


def test_a_structure_heading_and_a_dotted_name_say_the_parent_once(tmp_path: Path) -> None:
    page = get_page(
        "Get Config",
        "/config",
        '{"data": {"id": "c1"}}',
        """

        <ResponseField name="data" type="object">The configuration.</ResponseField>

        ### data Structure

        <ResponseField name="data.id" type="string">The id.</ResponseField>
        """,
    )
    s = synth(tmp_path, {"config.mdx": page})
    assert response_schema(s, "GET", "/config")["properties"]["data"]["properties"]["id"]["description"] == "The id."
    assert not findings_of(s, "renamed-by-example")


# -- type spellings ------------------------------------------------------------------------------

TYPES = [
    ("string", {"type": "string"}),
    ("string | null", {"type": ["string", "null"]}),
    ("string<uuid>", {"type": "string", "format": "uuid"}),
    ("string <uuid>", {"type": "string", "format": "uuid"}),
    ("string | datetime", {"type": "string", "format": "date-time"}),
    ("string (ISO 8601)", {"type": "string", "format": "date-time"}),
    ("string (ISO 8601 datetime)", {"type": "string", "format": "date-time"}),
    ("string (format ISO 8601 date-time)", {"type": "string", "format": "date-time"}),
    ("string (ISO 8601) | null", {"type": ["string", "null"], "format": "date-time"}),
    ("string (URL)", {"type": "string", "format": "uri"}),
    ("string (JSON string)", {"type": "string", "description": "Documented type: string (JSON string)."}),
    ("number (timestamp)", {"type": "integer", "description": "Documented type: number (timestamp)."}),
    ("number | timestamp", {"type": "integer", "description": "Documented type: number | timestamp."}),
    ("integer (timestamp)", {"type": "integer", "description": "Documented type: integer (timestamp)."}),
    (
        "integer | timestamp - Unix epoch in milliseconds",
        {"type": "integer", "description": "Documented type: integer | timestamp - Unix epoch in milliseconds."},
    ),
    ("integer | null", {"type": ["integer", "null"]}),
    ("number | integer", {"type": "number"}),
    ("number | null", {"type": ["number", "null"]}),
    ("float", {"type": "number"}),
    ("boolean | null", {"type": ["boolean", "null"]}),
    ("Object", {"type": "object", "properties": {}}),
    ("object | null", {"type": ["object", "null"], "properties": {}}),
    ("Array", {"type": "array", "items": {}}),
    ("array | null", {"type": ["array", "null"], "items": {}}),
    ("array of object", {"type": "array", "items": {"type": "object", "properties": {}}}),
    ("array of string", {"type": "array", "items": {"type": "string"}}),
    ("string[]", {"type": "array", "items": {"type": "string"}}),
    ("date", {"type": "string", "format": "date"}),
    ("any", {}),
]


@pytest.mark.parametrize(("spelling", "schema"), TYPES, ids=[t for t, _ in TYPES])
def test_type_spellings_map_to_schemas(tmp_path: Path, spelling: str, schema: dict[str, Any]) -> None:
    page = api_page(
        "Make Value",
        "POST https://api.example.com/v1/values",
        f"""
    <ParamField body="value" type="{spelling}">
    </ParamField>
    """,
    )
    s = synth(tmp_path, {"values.mdx": page})
    assert request_schema(s, "POST", "/values")["properties"]["value"] == schema
    assert not findings_of(s, "unknown-type")


def test_an_unknown_spelling_is_any_value_with_its_text_and_a_finding(tmp_path: Path) -> None:
    page = """
    # Make Value

    > Makes a value.

    <RequestExample>
    ```bash
    curl --request POST 'https://api.example.com/v1/values' --header 'Content-Type: application/json' --data '{}'
    ```
    </RequestExample>

    ## Body

    <ParamField body="shade" type="colour">
      The shade.
    </ParamField>
    """
    s = synth(tmp_path, {"values.md": page})
    shade = request_schema(s, "POST", "/values")["properties"]["shade"]
    assert shade == {"description": "The shade.\n\nDocumented type: colour."}
    found = finding(s, "unknown-type", "values.md", "colour")
    assert found.line == line_of(page, 'body="shade"')


def test_a_timestamp_example_that_is_a_float_widens_and_a_bad_date_time_drops_the_format(tmp_path: Path) -> None:
    page = get_page(
        "Get Times",
        "/times",
        '{"createdAt": 1718000000000, "updatedAt": "yesterday", "day": "2024-06-10T10:00:00.000Z"}',
        """

        <ResponseField name="createdAt" type="number (timestamp)">When it was made.</ResponseField>
        <ResponseField name="updatedAt" type="string (ISO 8601)">When it changed.</ResponseField>
        <ResponseField name="day" type="string | datetime">The day.</ResponseField>
        """,
    )
    s = synth(tmp_path, {"times.mdx": page})
    props = response_schema(s, "GET", "/times")["properties"]
    assert props["createdAt"]["type"] == "integer"
    assert "format" not in props["updatedAt"]
    assert props["day"]["format"] == "date-time"
    finding(s, "format-contradicted", "times.mdx", "updatedAt", "'yesterday'")


# -- listed values -------------------------------------------------------------------------------

VALUES = [
    ("The action. One of:\n\n  - `open`\n  - `close`\n\n  Anything else is refused.", ["open", "close"]),
    ("Must be one of `1`, `3`, `6`, or `12`.", ["1", "3", "6", "12"]),
    ("The new status. One of `ACTIVE`, `ARCHIVED`, or `INACTIVE`.", ["ACTIVE", "ARCHIVED", "INACTIVE"]),
    ("Type of discount (`monetary` or `percentage`).", ["monetary", "percentage"]),
    ("`START` or `STOP`", ["START", "STOP"]),
    ("Accepted values: asc, desc", ["asc", "desc"]),
    ("The file extension (for example `png` or `jpg`).", None),
    ("The order, e.g. `asc` or `desc`.", None),
    ("At least one of `memberId` or `customerId` must be given.", None),
    ("Whether it is on (`true` or `false`).", None),
]


@pytest.mark.parametrize(("text", "enum"), VALUES, ids=[str(i) for i in range(len(VALUES))])
def test_values_listed_as_the_only_ones_become_an_enum(tmp_path: Path, text: str, enum: list[str] | None) -> None:
    page = api_page(
        "Set Thing",
        "POST https://api.example.com/v1/set",
        f"""
    <ParamField body="memberId" type="string">The member.</ParamField>

    <ParamField body="value" type="{"boolean" if "true" in text else "string"}">
      {text}
    </ParamField>
    """,
    )
    s = synth(tmp_path, {"set.mdx": page})
    value = request_schema(s, "POST", "/set")["properties"]["value"]
    assert value.get("enum") == enum
    assert bool(findings_of(s, "enum-from-description")) == (enum is not None)


def test_integer_values_and_an_enum_type(tmp_path: Path) -> None:
    page = api_page(
        "Set Period",
        "POST https://api.example.com/v1/period",
        """
    <ParamField body="months" type="integer" required>Must be one of `1`, `3`, `6`, or `12`.</ParamField>
    <ParamField body="kind" type="enum">One of `a` or `b`.</ParamField>
    <ParamField body="mood" type="enum">How it feels.</ParamField>
    """,
    )
    s = synth(tmp_path, {"period.mdx": page})
    props = request_schema(s, "POST", "/period")["properties"]
    assert props["months"]["enum"] == [1, 3, 6, 12] and props["months"]["type"] == "integer"
    assert props["kind"]["enum"] == ["a", "b"] and props["kind"]["type"] == "string"
    assert "enum" not in props["mood"] and "type" not in props["mood"]
    finding(s, "enum-without-values", "period.mdx", "mood")


def test_an_example_outside_the_listed_values_is_reported_and_kept(tmp_path: Path) -> None:
    page = get_page(
        "Get State",
        "/state",
        '{"state": "PAUSED"}',
        """

        <ResponseField name="state" type="string">The state: `START` or `STOP`.</ResponseField>
        """,
    )
    s = synth(tmp_path, {"state.mdx": page})
    assert response_schema(s, "GET", "/state")["properties"]["state"]["enum"] == ["START", "STOP", "PAUSED"]
    finding(s, "enum-contradicted", "state.mdx", "'PAUSED'")


# -- the real Mayar documentation ----------------------------------------------------------------

needs_docs = pytest.mark.skipif(not MAYAR_DOCS.is_dir(), reason="the Mayar documentation is not beside the repository")
_BAD_NAME = re.compile(r"[\[\]\s]|^[1-5]\d\d\b")


@pytest.fixture(scope="module")
def mayar_docs() -> Synthesis:
    return synthesize(MAYAR_DOCS)


@needs_docs
def test_no_property_of_the_real_docs_has_a_notation_or_status_in_its_name(mayar_docs: Synthesis) -> None:
    schemas = mayar_docs.document["components"]["schemas"]
    names = [f"{schema}.{name}" for schema, body in schemas.items() for name in _property_names(body)]
    bad = [name for name in names if _BAD_NAME.search(name.split(".", 1)[1])]
    assert bad == []
    assert not findings_of(mayar_docs, "unknown-type") or all(
        "objext" in f.message for f in findings_of(mayar_docs, "unknown-type")
    )


@needs_docs
def test_every_real_page_with_an_error_section_has_its_error_responses(mayar_docs: Synthesis) -> None:
    with_errors = set()
    for page in sorted(MAYAR_DOCS.rglob("*.mdx")):
        text = page.read_text(encoding="utf-8")
        fields = re.findall(r'<ResponseField name="([1-5]\d\d)', text)
        statuses = {int(s) for s in fields + re.findall(r"^\| `?([45]\d\d)`? \|", text, re.M)}
        if re.search(r"^#+ Errors?\s*$", text, re.M):
            with_errors.add((page.relative_to(MAYAR_DOCS).as_posix(), frozenset(s for s in statuses if s >= 300)))
    assert len(with_errors) >= 40
    made = {
        page: set(operation["responses"])
        for item in mayar_docs.document["paths"].values()
        for operation in item.values()
        for page in operation["x-clientgen-pages"]
    }
    missing = {
        page: sorted(str(s) for s in statuses if str(s) not in made[page])
        for page, statuses in with_errors
        if page in made and not {str(s) for s in statuses} <= made[page]
    }
    assert missing == {}
    dropped = {page for page, _ in with_errors if page not in made}
    reasons = {f.page for f in mayar_docs.findings if f.rule in ("bad-request-example", "no-request-example")}
    assert dropped <= reasons  # pages that make no operation are reported (their repair is not this rule's)


def test_a_status_field_among_the_response_fields_and_an_envelope_for_a_titled_example(tmp_path: Path) -> None:
    page = get_page(
        "Get Box",
        "/boxes/B1",
        '{"id": "B1"}',
        """
        <ResponseField name="id" type="string">The box.</ResponseField>

        <ResponseField name="404 Not Found" type="object">No box has this id.</ResponseField>

        ## Error Response

        <ResponseField name="error" type="string" required>What went wrong.</ResponseField>

        <ResponseExample>
        ```json Response Example 400
        {"error": "bad id"}
        ```
        </ResponseExample>
        """,
    )
    s = synth(tmp_path, {"boxes/get.mdx": page})
    assert list(response_schema(s, "GET", "/boxes/B1")["properties"]) == ["id"]
    assert _error(s, "GET", "/boxes/B1", "404")["description"] == "Not Found: No box has this id."
    bad = _error(s, "GET", "/boxes/B1", "400")["content"]["application/json"]
    assert bad["example"] == {"error": "bad id"}
    assert resolve(s, bad["schema"])["properties"]["error"]["description"] == "What went wrong."


def test_a_status_table_on_a_guide_page_is_reported_not_applied(tmp_path: Path) -> None:
    guide = """
    ---
    title: "Status Codes"
    ---

    | **Status Code** | **Explanation** |
    | :---: | :---: |
    | 200 | Success |
    | 400 | Bad request |
    | [429](/rate-limit) | Too many requests |
    """
    page = get_page(
        "Get Box", "/boxes/B1", '{"id": "B1"}', '<ResponseField name="id" type="string">The box.</ResponseField>'
    )
    s = synth(tmp_path, {"status.mdx": guide, "boxes/get.mdx": page})
    assert set(op(s, "GET", "/boxes/B1")["responses"]) == {"200"}
    found = finding(s, "site-status-table", "status.mdx", "400, 429")
    assert found.line == line_of(guide, "**Status Code**")
