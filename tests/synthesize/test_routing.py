"""Routing: the endpoint a page states wins over its request example; curl damage is repaired or reported;
placeholders and literal ids become path parameters; invalid paths are never emitted; merges need agreement.

The pages are written in the shapes Mintlify documents: ``api:`` frontmatter, ``<RequestExample>`` and
``<ResponseExample>``, ``<ParamField path=… query=… body=… header=…>``, ``<Expandable>``, the ``.md`` export.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.synthesize import Synthesis
from generator.synthesize.curl import parse_curl

from .helpers import curl_page, finding, findings_of, line_of, op, request_schema, synth

HOST = "https://api.example.com"
UUID = "7c9d2e1f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


def api_page(api: str, *, curl: str = "", fields: str = "", title: str = "Get Thing") -> str:
    """An MDX page whose ``api:`` frontmatter states its endpoint, optionally with a request example."""
    parts = ["---", f'title: "{title}"', f'api: "{api}"', "---", ""]
    if curl:
        parts += ["<RequestExample>", "```bash cURL", textwrap.dedent(curl).strip("\n"), "```", "</RequestExample>", ""]
    parts += [
        "<ResponseExample>",
        "```json 200",
        '{"id": "t1"}',
        "```",
        "</ResponseExample>",
        "",
        textwrap.dedent(fields).strip("\n"),
        "",
    ]
    return "\n".join(parts)


def group(url: str, sandbox: str = "") -> str:
    sandbox = sandbox or url.replace("api.example.com", "sandbox.example.com")
    production, sandboxed = f"```Production Production\n{url}\n```", f"```Sandbox Sandbox\n{sandbox}\n```"
    return f"Endpoint:\n\n<CodeGroup>\n{production}\n\n{sandboxed}\n</CodeGroup>"


def path_fields(*names: str) -> str:
    """A "Path Parameters" section documenting ``names``, each a required string."""
    fields = (f'<ParamField path="{n}" type="string" required>\n  The {n}.\n</ParamField>\n' for n in names)
    return "## Path Parameters\n\n" + "\n".join(fields)


def paths(synthesis: Synthesis) -> list[str]:
    return sorted(synthesis.document["paths"])


# -- item 2: the stated endpoint wins ------------------------------------------------------------


def test_frontmatter_api_wins_over_a_copied_curl(tmp_path: Path) -> None:
    curl = f"curl --request POST '{HOST}/v1/invoices/create' --data '{{\"amount\": 1}}'"
    page = api_page("POST /v1/payments/create", curl=curl, title="Create Payment")
    synthesis = synth(tmp_path, {"payment.mdx": page})
    assert paths(synthesis) == ["/payments/create"]
    assert request_schema(synthesis, "post", "/payments/create")["properties"] == {"amount": {"type": "integer"}}
    found = finding(synthesis, "example-path-differs", "payment.mdx", "/v1/invoices/create", "frontmatter api")
    assert found.line == line_of(page, "curl --request")


def test_frontmatter_api_with_full_url_gives_the_server_and_the_method(tmp_path: Path) -> None:
    curl = f"curl --request GET '{HOST}/v1/things/t1'"
    fields = '<ParamField path="thingId" type="string" required>\n  The thing.\n</ParamField>'
    page = api_page(f"DELETE {HOST}/v1/things/{{thingId}}", curl=curl, fields=fields)
    synthesis = synth(tmp_path, {"thing.mdx": page})
    assert synthesis.document["servers"][0]["url"] == f"{HOST}/v1"
    operation = op(synthesis, "delete", "/things/{thingId}")
    assert operation["parameters"][0]["example"] == "t1"
    found = finding(synthesis, "example-method-differs", "thing.mdx", "sends GET", "says DELETE")
    assert found.line == line_of(page, "curl --request")


def test_stated_get_takes_no_body_from_a_post_example(tmp_path: Path) -> None:
    page = api_page("GET /v1/things", curl=f"curl -X POST '{HOST}/v1/things' -d '{{\"a\": 1}}'")
    synthesis = synth(tmp_path, {"things.mdx": page})
    assert "requestBody" not in op(synthesis, "get", "/things")
    finding(synthesis, "example-method-differs", "things.mdx", "sends POST", "frontmatter api says GET")


def test_endpoint_line_shown_in_the_page_wins(tmp_path: Path) -> None:
    extra = "{/* maintainers: POST /v1/internal/thing is the old route */}\n\nPOST https://api.example.com/v1/widgets"
    page = curl_page("Create Widget", f"curl -X POST '{HOST}/v1/gadgets' -d '{{\"a\": 1}}'", extra=extra)
    synthesis = synth(tmp_path, {"widget.mdx": page})
    assert paths(synthesis) == ["/widgets"]
    source = f"the endpoint shown on line {line_of(page, 'POST https://api.example.com/v1/widgets')}"
    assert finding(synthesis, "example-path-differs", "widget.mdx", source).line == line_of(page, "curl -X")


def test_endpoint_shown_alone_in_a_code_block_md_export(tmp_path: Path) -> None:
    page = """
    # Get Thing

    > Returns one thing.

    ```bash
    GET https://api.example.com/v1/things/{thingId}
    ```

    ## Path Parameters

    <ParamField path="thingId" type="string" required>
      The thing.
    </ParamField>

    ## Response

    <ResponseField name="id" type="string" required>
      Its id.
    </ResponseField>
    """
    synthesis = synth(tmp_path, {"thing.md": page})
    assert paths(synthesis) == ["/things/{thingId}"]
    finding(synthesis, "request-from-stated-endpoint", "thing.md", "the endpoint shown on line 6")
    assert op(synthesis, "get", "/things/{thingId}")["parameters"][0]["required"] is True


def test_production_group_wins_and_copied_pages_are_not_merged(tmp_path: Path) -> None:
    copied = f"curl --request POST '{HOST}/v1/invoice/create' --data-raw '{{\"name\": \"a\"}}'"
    pages = {
        "invoice/create.mdx": curl_page("Create Invoice", copied, extra=group(f"{HOST}/v1/invoice/create")),
        "payment/create.mdx": curl_page("Create Payment", copied, extra=group(f"{HOST}/v1/payment/create")),
        "payment/reopen.mdx": curl_page(
            "Reopen Payment",
            f"curl '{HOST}/v1/payment/close/p1'",
            extra=group(f"{HOST}/v1/payment/open/{{id}}"),
        ),
        "payment/close.mdx": curl_page(
            "Close Payment", f"curl '{HOST}/v1/payment/close/p1'", extra=group(f"{HOST}/v1/payment/close/{{id}}")
        ),
    }
    synthesis = synth(tmp_path, pages)
    assert paths(synthesis) == ["/invoice/create", "/payment/close/{id}", "/payment/create", "/payment/open/{id}"]
    assert op(synthesis, "get", "/payment/close/{id}")["parameters"][0]["example"] == "p1"
    assert "example" not in op(synthesis, "get", "/payment/open/{id}")["parameters"][0]
    assert findings_of(synthesis, "pages-merged") == []
    found = finding(synthesis, "example-path-differs", "payment/reopen.mdx", "/v1/payment/close/p1")
    assert "the Production endpoint's /v1/payment/open/{id}" in found.message


def test_pages_stating_the_same_endpoint_merge_with_the_reason(tmp_path: Path) -> None:
    pages = {
        "a/list.mdx": curl_page("List Things", f"curl '{HOST}/v1/things?page=1'", extra=group(f"{HOST}/v1/things")),
        "b/filter.mdx": curl_page(
            "Filter Things", f"curl '{HOST}/v1/things?status=paid'", extra=group(f"{HOST}/v1/things?status=paid")
        ),
        "c/other.mdx": api_page("GET /v1/things/{thingId}", title="Get Thing"),
        "d/same.mdx": curl_page("Get Thing Again", f"curl '{HOST}/v1/x'", extra=group(f"{HOST}/v1/things/:id")),
    }
    synthesis = synth(tmp_path, pages)
    assert op(synthesis, "get", "/things")["x-clientgen-pages"] == ["a/list.mdx", "b/filter.mdx"]
    merged = finding(synthesis, "pages-merged", "b/filter.mdx", "merged with a/list.mdx")
    assert "states GET /v1/things" in merged.message and merged.operation == "GET /things"
    assert merged.line == line_of(pages["b/filter.mdx"], "```Production") + 1
    (slot,) = [p for p in synthesis.document["paths"] if p.startswith("/things/")]
    assert op(synthesis, "get", slot)["x-clientgen-pages"] == ["c/other.mdx", "d/same.mdx"]
    again = finding(synthesis, "pages-merged", "d/same.mdx", "merged with c/other.mdx")
    assert "once path parameters are compared without names" in again.message


# -- item 3: curl damage is repaired, or the page synthesizes from its endpoint -----------------------------


DAMAGED_CURLS = {
    "backticks": (f"curl --request GET `{HOST}/v1/things?limit=5` \\\n  --header 'X-Key: k'", "backtick", "curl"),
    "backtick-unclosed": (
        f"curl --request GET `{HOST}/v1/things?limit=5 \\\n  --header 'X-Key: k'",
        "backtick",
        "curl",
    ),
    "closed-by-backtick": (
        f"curl --request GET '{HOST}/v1/things?limit=5`\\\n  --header 'X-Key: k'",
        "backtick",
        "curl",
    ),
    "unclosed-header": (
        f"curl --request GET '{HOST}/v1/things?limit=5' \\\n  --header 'X-Key: k\\\n  --compressed",
        "not closed",
        "--header",
    ),
    "missing-slashes": (
        "curl --request GET 'https:api.example.com//v1/things?limit=5' \\\n  --header 'X-Key: k'",
        "no '//'",
        "curl",
    ),
    "double-slash": (
        f"curl --request GET '{HOST}//v1/things?limit=5' \\\n  --header 'X-Key: k'",
        "doubled '/'",
        "curl",
    ),
}


@pytest.mark.parametrize(
    ("curl", "words", "at"),
    list(DAMAGED_CURLS.values()),
    ids=list(DAMAGED_CURLS),
)
def test_damaged_curl_is_repaired_with_a_finding(tmp_path: Path, curl: str, words: str, at: str) -> None:
    page = curl_page("List Things", curl)
    synthesis = synth(tmp_path, {"things.mdx": page})
    assert paths(synthesis) == ["/things"]
    operation = op(synthesis, "get", "/things")
    assert {(p["name"], p["in"], p.get("example")) for p in operation["parameters"]} == {
        ("limit", "query", 5),
        ("X-Key", "header", "k"),
    }
    assert finding(synthesis, "curl-repaired", "things.mdx", words).line == line_of(page, at)


def test_glued_option_and_unclosed_body_are_repaired() -> None:
    text = "curl --request POST 'https://api.example.com/v1/x' \\\n--data-raw'{\n  \"a\": 1\n}\n"
    curl = parse_curl(text, 20)
    assert (curl.url, curl.method, curl.data) == ("https://api.example.com/v1/x", "POST", '{\n  "a": 1\n}')
    assert [(line, message.split(":")[0]) for line, message in curl.repairs] == [
        (21, "an option is glued to its quote (--data-raw'…)"),
        (21, "the ' quote opened here is never closed"),
    ]


def test_unusable_curl_leaves_the_page_to_its_endpoint_and_fields(tmp_path: Path) -> None:
    fields = """
    ## Body

    <ParamField body="name" type="string" required>
      The name.
    </ParamField>

    <ParamField body="amount" type="integer">
      The amount.
    </ParamField>
    """
    page = api_page("POST /v1/things", curl="curl --request POST --header 'X-Key: k'", fields=fields)
    synthesis = synth(tmp_path, {"create.mdx": page})
    schema = request_schema(synthesis, "post", "/things")
    assert (sorted(schema["properties"]), schema["required"]) == (["amount", "name"], ["name"])
    found = finding(synthesis, "bad-request-example", "create.mdx", "no URL", "frontmatter api and the documented")
    assert found.line == line_of(page, "curl --request")


# -- item 4: placeholders, literal ids, invalid paths ------------------------------------------------------


@pytest.mark.parametrize("written", ["{memberId}", ":memberId", "(memberId)", "<memberId>"])
def test_placeholder_forms_become_path_parameters(tmp_path: Path, written: str) -> None:
    fields = path_fields("memberId")
    page = curl_page(
        "Cancel Member",
        f"curl -X POST '{HOST}/v1/members/MBR8X2QK/cancel'",
        extra=group(f"{HOST}/v1/members/{written}/cancel"),
        fields=fields,
    )
    synthesis = synth(tmp_path, {"cancel.mdx": page})
    assert paths(synthesis) == ["/members/{memberId}/cancel"]
    (param,) = op(synthesis, "post", "/members/{memberId}/cancel")["parameters"]
    assert (param["name"], param["in"], param["required"], param["example"]) == ("memberId", "path", True, "MBR8X2QK")
    normalized = findings_of(synthesis, "placeholder-normalized", "cancel.mdx")
    assert [f.message for f in normalized] == (
        [] if written.startswith("{") else [f"the path writes its parameters {written}: read as {{memberId}}"]
    )


@pytest.mark.parametrize(
    ("api", "name", "literal", "path"),
    [
        ("GET /v1/members/MBR8X2QK", "memberId", "MBR8X2QK", "/members/{memberId}"),
        ("GET /v1/product/type/ebook", "type", "ebook", "/product/type/{type}"),
        (f"GET /v1/orders/{UUID}/items", "orderRef", UUID, "/orders/{orderRef}/items"),
    ],
)  # fmt: skip
def test_literal_segment_where_a_path_parameter_is_documented(
    tmp_path: Path, api: str, name: str, literal: str, path: str
) -> None:
    page = api_page(api, fields=path_fields(name))
    synthesis = synth(tmp_path, {"page.mdx": page})
    assert paths(synthesis) == [path]
    (param,) = op(synthesis, "get", path)["parameters"]
    assert (param["name"], param["in"], param["example"]) == (name, "path", literal)
    found = finding(synthesis, "literal-path-param", "page.mdx", repr(literal), f"{{{name}}}")
    assert found.line == line_of(page, f'path="{name}"')


def test_route_words_are_not_taken_for_values(tmp_path: Path) -> None:
    fields = '<ParamField path="customerId" type="string">\n  The customer.\n</ParamField>'
    synthesis = synth(tmp_path, {"page.mdx": api_page("GET /v1/customer/history-2024", fields=fields)})
    assert paths(synthesis) == ["/customer/history-2024"]
    finding(synthesis, "path-param-without-slot", "page.mdx", "'customerId'")


def test_placeholders_name_their_parameters_when_there_are_several(tmp_path: Path) -> None:
    fields = path_fields("id", "action")
    template = group(f"{HOST}/v1/things/{{id}}/{{action}}")
    curl = f"curl -X POST '{HOST}/v1/things/t1/close'"
    page = curl_page("Change Status", curl, extra=template, fields=fields)
    synthesis = synth(tmp_path, {"status.mdx": page})
    parameters = op(synthesis, "post", "/things/{id}/{action}")["parameters"]
    assert [(p["name"], p["example"]) for p in parameters] == [("id", "t1"), ("action", "close")]
    assert findings_of(synthesis, "path-params-share-slot") == []


@pytest.mark.parametrize(
    ("api", "problem"),
    [
        ("GET /v1/things/{id", "has a path parameter with no closing '}'"),
        ("GET v1/things", "does not start with '/'"),
        ("GET /v1/things/{id}}", "has a '}' that closes nothing"),
    ],
)
def test_invalid_path_is_reported_and_the_page_skipped(tmp_path: Path, api: str, problem: str) -> None:
    good = api_page("GET /v1/good", title="Get Good")
    synthesis = synth(tmp_path, {"bad.mdx": api_page(api), "good.mdx": good})
    assert paths(synthesis) == ["/good"]
    assert op(synthesis, "get", "/good")["x-clientgen-pages"] == ["good.mdx"]
    found = finding(synthesis, "invalid-path", "bad.mdx", problem, "no operation is made from this page")
    assert found.line == 1


def test_a_documented_path_parameter_in_the_stated_query_is_a_query_parameter(tmp_path: Path) -> None:
    fields = path_fields("productId", "memberId")
    page = curl_page(
        "Member Detail",
        f"curl '{HOST}/v1/member-detail/p1?memberId=m1'",
        extra=group(f"{HOST}/v1/member-detail/(productId)?memberId=(memberId)"),
        fields=fields,
    )
    synthesis = synth(tmp_path, {"detail.mdx": page})
    parameters = op(synthesis, "get", "/member-detail/{productId}")["parameters"]
    read = [(p["name"], p["in"], p["example"]) for p in parameters]
    assert read == [("productId", "path", "p1"), ("memberId", "query", "m1")]
    moved = finding(synthesis, "path-param-in-query", "detail.mdx", "'memberId'")
    assert moved.line == line_of(page, 'path="memberId"')
