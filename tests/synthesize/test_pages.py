"""Reading one page: frontmatter, the ``.md`` export, fields and where they go, code blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import curl_page, examples, finding, line_of, op, page_of, request_schema, response_schema, rules, synth

CURL = "curl --request GET 'https://api.example.com/v1/things' --header 'Authorization: Bearer KEY'"


def test_frontmatter_gives_title_and_description() -> None:
    page, findings = page_of(
        """
        ---
        title: "Get Customer Balance"
        description: "This endpoint returns a balance."
        openapi: "GET /placeholder/"
        ---

        Text.
        """
    )
    assert (page.title, page.title_line) == ("Get Customer Balance", 1)
    assert (page.description, page.description_line) == ("This endpoint returns a balance.", 1)
    assert page.form == "mdx"
    assert page.front("openapi") == "GET /placeholder/"
    assert findings == []


def test_md_export_title_description_and_skipped_index_quote() -> None:
    page, findings = page_of(
        """
        > ## Documentation Index
        > Fetch the complete documentation index at: https://docs.example.com/llms.txt
        > Use this file to discover all available pages before exploring further.

        # Get Customer Balance

        > This endpoint returns a balance.
        > Only for customers.

        Text.
        """,
        "balance.md",
    )
    assert page.form == "md-export"
    assert (page.title, page.title_line) == ("Get Customer Balance", 5)
    assert page.description == "This endpoint returns a balance. Only for customers."
    assert page.description_line == 7
    assert findings == []


def test_md_export_description_ends_at_blank_line() -> None:
    page, _ = page_of("# Get Balance\n\n> Returns a balance.\n\n> **Heads up**: a quote in the body.\n", "balance.md")
    assert page.description == "Returns a balance."


def test_page_without_title_is_reported() -> None:
    page, findings = page_of("Just prose.\n")
    assert page.title == ""
    assert finding(findings, "no-title", "page.mdx").line == 1


FIELDS_BY_HEADING = """
## Authorization

<ResponseField name="Authorization" type="string" required>
  Bearer key.
</ResponseField>

## Path Parameters

<ParamField query="thingId" path="thingId" type="string" required>
  The thing.
</ParamField>

## Query Parameters

<ParamField query="limit" path="limit" type="integer" default="10">
  How many.
</ParamField>

## Headers

<ParamField header="X-Trace" type="string">
  A trace id.
</ParamField>

## Request Body

<ParamField query="amount" path="amount" type="integer" required>
  How much.
</ParamField>

## Response

<ResponseField name="statusCode" type="integer">
  Status.
</ResponseField>
"""


def test_section_heading_places_fields() -> None:
    page, _ = page_of(FIELDS_BY_HEADING)
    placed = {f.name: f.section for f in page.fields}
    assert placed == {
        "Authorization": "header",
        "thingId": "path",
        "limit": "query",
        "X-Trace": "header",
        "amount": "body",
        "statusCode": "response",
    }
    limit = next(f for f in page.fields if f.name == "limit")
    assert (limit.type, limit.default, limit.required, limit.description) == ("integer", "10", False, "How many.")
    assert limit.line == line_of(FIELDS_BY_HEADING, 'query="limit"')


def test_heading_wins_over_tag_attributes(tmp_path: Path) -> None:
    """Body fields written <ParamField query=… path=…> under "Request Body" go in the body, with a finding."""
    text = curl_page(
        "Spend Credit",
        """curl --request POST 'https://api.example.com/v1/spend' --header 'Content-Type: application/json' """
        """--data '{"amount": 10}'""",
        fields="""
        ## Request Body

        <ParamField query="amount" path="amount" type="integer" required>
          How much.
        </ParamField>
        """,
    )
    synthesis = synth(tmp_path, {"spend.mdx": text})
    operation = op(synthesis, "post", "/spend")
    assert "parameters" not in operation
    assert request_schema(synthesis, "post", "/spend")["properties"]["amount"]["type"] == "integer"
    found = finding(synthesis, "tag-section-mismatch", "spend.mdx", "amount", "Request Body")
    assert found.line == line_of(text, 'query="amount"')


@pytest.mark.parametrize(
    ("attribute", "location"),
    [("query", "query"), ("path", "path"), ("header", "header"), ("body", "body")],
)
def test_tag_attribute_places_field_without_heading(attribute: str, location: str) -> None:
    page, _ = page_of(f'<ParamField {attribute}="thing" type="string">\n  A thing.\n</ParamField>\n')
    (field,) = page.fields
    assert (field.name, field.attribute_locations) == ("thing", (location,))
    assert field.section is None  # no heading: the endpoint reads the attribute


def test_field_with_neither_heading_nor_single_attribute_is_skipped(tmp_path: Path) -> None:
    text = curl_page("Get Thing", CURL, fields='<ParamField query="a" path="a" type="string">\n  A.\n</ParamField>')
    synthesis = synth(tmp_path, {"thing.mdx": text})
    assert finding(synthesis, "unplaced-field", "thing.mdx", "'a'").line == line_of(text, "<ParamField")
    assert "parameters" not in op(synthesis, "get", "/things")


STRUCTURE = """
## Response

### Main Structure (Root)

<ResponseField name="statusCode" type="integer">
  Status.
</ResponseField>

<ResponseField name="customer" type="object">
  The customer.
</ResponseField>

### customer Structure (Object)

<ParamField path="id" type="string<uuid>" >
  Unique identifier.
</ParamField>

<ResponseField name="link" type="object">
  The link.
</ResponseField>

### link Structure

<ResponseField name="url" type="string">
  The URL.
</ResponseField>

### Main Structure

<ResponseField name="total" type="integer">
  Back at the root.
</ResponseField>
"""


def test_structure_headings_nest_fields() -> None:
    page, findings = page_of(STRUCTURE)
    assert [f.path for f in page.fields] == [
        ("statusCode",),
        ("customer",),
        ("customer", "id"),
        ("customer", "link"),
        ("customer", "link", "url"),
        ("total",),
    ]
    assert {f.section for f in page.fields} == {"response"}
    assert rules(findings) == {"no-title"}


def test_structure_heading_without_field_is_reported() -> None:
    page, findings = page_of(
        "## Response\n\n### ghost Structure\n\n<ResponseField name='a' type='string'>\n</ResponseField>\n"
    )
    assert page.fields[0].path == ("ghost", "a")
    assert finding(findings, "structure-without-field", "page.mdx", "ghost").line == 3


def test_dotted_names_nest_fields() -> None:
    page, _ = page_of('## Response\n\n<ResponseField name="paymentLink.id" type="string">\n  Id.\n</ResponseField>\n')
    (field,) = page.fields
    assert (field.parents, field.name, field.dotted) == (("paymentLink",), "id", True)


EXPANDABLE = """
## Response

<ResponseField name="data" type="object">
  The data.
  <Expandable title="properties">
    <ResponseField name="id" type="string">
      Id.
    </ResponseField>
    <ResponseField name="owner" type="object">
      <Expandable title="properties">
        <ResponseField name="email" type="string">
          Email.
        </ResponseField>
      </Expandable>
    </ResponseField>
  </Expandable>
</ResponseField>
"""


def test_expandable_nests_fields() -> None:
    page, findings = page_of(EXPANDABLE)
    assert sorted(f.path for f in page.fields) == [
        ("data",),
        ("data", "id"),
        ("data", "owner"),
        ("data", "owner", "email"),
    ]
    data = next(f for f in page.fields if f.path == ("data",))
    assert data.description == "The data."
    assert rules(findings) == {"no-title"}


def test_attribute_value_with_angle_brackets() -> None:
    page, findings = page_of('<ParamField path="id" type="string<uuid>" required>\n  Id.\n</ParamField>\n')
    (field,) = page.fields
    assert (field.type, field.required, field.description) == ("string<uuid>", True, "Id.")
    assert rules(findings) == {"no-title"}


def test_uuid_type_becomes_a_format(tmp_path: Path) -> None:
    text = curl_page(
        "Get Thing",
        CURL,
        response='{"id": "68ca1a1c-7ed8-47f3-a5c2-c5ff314dd750"}',
        fields='## Response\n\n<ResponseField name="id" type="string<uuid>">\n  Id.\n</ResponseField>',
    )
    synthesis = synth(tmp_path, {"thing.mdx": text})
    schema = response_schema(synthesis, "get", "/things")
    assert schema["properties"]["id"] == {"type": "string", "format": "uuid", "description": "Id."}


def test_tag_spread_over_several_lines() -> None:
    page, _ = page_of('<ParamField\n  query="limit"\n  type="integer"\n  required\n>\n  How many.\n</ParamField>\n')
    (field,) = page.fields
    assert (field.name, field.type, field.required, field.line) == ("limit", "integer", True, 1)


def test_code_blocks_keep_container_info_and_line() -> None:
    page, _ = page_of(
        """
        <ResponseExample>
          ```json Response Example 200 theme={null}
          {"a": 1}
          ```
        </ResponseExample>
        """
    )
    (block,) = page.code
    assert (block.container, block.info, block.text, block.line) == (
        "ResponseExample",
        "json Response Example 200 theme={null}",
        '{"a": 1}',
        3,
    )


def test_notes_are_kept_with_their_line() -> None:
    page, _ = page_of("## Query Parameters\n\n<Note>\n  Send `a` or `b`.\n</Note>\n")
    (note,) = page.notes
    assert (note.text, note.line, note.section) == ("Send `a` or `b`.", 3, "query")


def test_response_examples_by_status(tmp_path: Path) -> None:
    text = curl_page(
        "Get Thing",
        CURL,
        response=None,
        extra="""
        <ResponseExample>
        ```json Response Example 200
        {"statusCode": 200, "message": "success"}
        ```

        ```json Response Example 400
        {"statusCode": 400, "message": "bad request"}
        ```

        ```json theme={null}
        {"statusCode": 200}
        ```
        </ResponseExample>
        """,
    )
    synthesis = synth(tmp_path, {"thing.mdx": text})
    responses = op(synthesis, "get", "/things")["responses"]
    assert sorted(responses) == ["200", "400"]
    assert responses["400"]["description"] == "Error 400"
    assert response_schema(synthesis, "get", "/things", "400")["properties"]["message"] == {"type": "string"}
    values = [e["value"] for e in examples(synthesis, "get", "/things").values()]
    assert values == [{"statusCode": 200, "message": "success"}, {"statusCode": 200}]
    found = finding(synthesis, "example-without-status", "thing.mdx")
    assert found.line == line_of(text, '{"statusCode": 200}')


def test_tag_section_mismatch_names_the_first_mismatched_field(tmp_path: Path) -> None:
    text = curl_page(
        "Get Thing",
        CURL,
        response='{"statusCode": 200, "id": "a"}',
        fields="""
        ## Response

        <ResponseField name="statusCode" type="integer">
          Status.
        </ResponseField>

        <ParamField query="id" path="id" type="string">
          Id.
        </ParamField>
        """,
    )
    synthesis = synth(tmp_path, {"thing.mdx": text})
    assert finding(synthesis, "tag-section-mismatch", "thing.mdx", "id under 'Response'").line == line_of(
        text, 'query="id"'
    )
