"""Reconciling what a page documents with what its examples show, and pages with each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .helpers import (
    curl_page,
    examples,
    finding,
    line_of,
    op,
    request_schema,
    response_schema,
    synth,
)

BALANCE = "curl --request GET 'https://api.example.com/v1/balance' --header 'Authorization: Bearer KEY'"


def post(path: str, body: str) -> str:
    """A curl POST of a JSON body."""
    return f"curl -X POST 'https://api.example.com/v1/{path}' -H 'Content-Type: application/json' -d '{body}'"


def response_field(name: str, type_: str, description: str = "Documented.", required: bool = False) -> str:
    flag = " required" if required else ""
    return f'<ResponseField name="{name}" type="{type_}"{flag}>\n  {description}\n</ResponseField>\n'


def balance_page(response: str, *fields: str) -> str:
    return curl_page("Get Balance", BALANCE, response=response, fields="## Response\n\n" + "\n".join(fields))


def test_example_name_wins_over_documented_name(tmp_path: Path) -> None:
    text = balance_page(
        '{"message": "success", "customerMainBalance": 29801}',
        response_field("messages", "string", "Status message."),
        response_field("customerBalanceMain", "integer", "Balance of the MAIN wallet."),
    )
    synthesis = synth(tmp_path, {"balance.mdx": text})
    properties = response_schema(synthesis, "get", "/balance")["properties"]
    assert properties == {
        "message": {"type": "string", "description": "Status message."},
        "customerMainBalance": {"type": "integer", "description": "Balance of the MAIN wallet."},
    }
    for documented, seen in (("messages", "message"), ("customerBalanceMain", "customerMainBalance")):
        found = finding(synthesis, "renamed-by-example", "balance.mdx", f"'{documented}'", f"'{seen}'")
        assert found.line == line_of(text, f'name="{documented}"')


def test_documented_only_response_field_is_optional(tmp_path: Path) -> None:
    text = balance_page(
        '{"statusCode": 200}',
        response_field("statusCode", "integer", required=True),
        response_field("currency", "string", "The currency.", required=True),
    )
    synthesis = synth(tmp_path, {"balance.mdx": text})
    schema = response_schema(synthesis, "get", "/balance")
    assert schema["properties"]["currency"] == {"type": "string", "description": "The currency."}
    assert schema["required"] == ["statusCode"]
    found = finding(synthesis, "documented-only", "balance.mdx", "'currency'", "optional")
    assert found.line == line_of(text, 'name="currency"')


def test_documented_only_request_field_keeps_documented_requiredness(tmp_path: Path) -> None:
    curl = post("spend", '{"amount": 1}')
    fields = """
    ## Body

    <ParamField body="amount" type="integer" required>
      How much.
    </ParamField>

    <ParamField body="productId" type="string" required>
      The product.
    </ParamField>

    <ParamField body="memberId" type="string">
      The member.
    </ParamField>
    """
    text = curl_page("Spend Credit", curl, fields=fields)
    synthesis = synth(tmp_path, {"spend.mdx": text})
    schema = request_schema(synthesis, "post", "/spend")
    assert list(schema["properties"]) == ["amount", "productId", "memberId"]
    assert schema["required"] == ["amount", "productId"]
    assert finding(synthesis, "documented-only", "spend.mdx", "'productId'", "required as documented")
    found = finding(synthesis, "documented-only", "spend.mdx", "'memberId'", "optional")
    assert found.line == line_of(text, 'body="memberId"')
    assert op(synthesis, "post", "/spend")["requestBody"]["required"] is True


def test_fields_documented_at_root_nested_under_data_in_example(tmp_path: Path) -> None:
    text = balance_page(
        '{"statusCode": 200, "data": {"customerId": "c1", "amount": 100}}',
        response_field("statusCode", "integer"),
        response_field("customerId", "string", "The customer."),
        response_field("amount", "integer", "How much."),
    )
    synthesis = synth(tmp_path, {"balance.mdx": text})
    schema = response_schema(synthesis, "get", "/balance")
    assert list(schema["properties"]) == ["statusCode", "data"]
    assert schema["properties"]["data"]["properties"] == {
        "customerId": {"type": "string", "description": "The customer."},
        "amount": {"type": "integer", "description": "How much."},
    }
    found = finding(synthesis, "nested-in-example", "balance.mdx", "(customerId, amount)", "'data'")
    assert found.line == line_of(text, 'name="customerId"')


def test_dotted_name_matched_by_words_in_wrapper(tmp_path: Path) -> None:
    """``paymentLink.id`` documented; the example has ``data.paymentLinkId``."""
    text = balance_page(
        '{"data": {"customerId": "c1", "paymentLinkId": "p1"}}',
        response_field("customerId", "string"),
        response_field("paymentLink.id", "string", "The payment link."),
    )
    synthesis = synth(tmp_path, {"balance.mdx": text})
    data = response_schema(synthesis, "get", "/balance")["properties"]["data"]
    assert data["properties"]["paymentLinkId"] == {"type": "string", "description": "The payment link."}
    assert "paymentLink" not in data["properties"]
    found = finding(synthesis, "renamed-by-example", "balance.mdx", "'paymentLink.id'", "'data.paymentLinkId'")
    assert found.line == line_of(text, 'name="paymentLink.id"')


NAME = {"name": {"type": "string"}}


@pytest.mark.parametrize(
    ("documented", "example", "schema", "words"),
    [
        (
            "array of object",
            '{"name": "a"}',
            {"type": "object", "description": "Documented.", "properties": NAME},
            "one object: typed as an object",
        ),
        (
            "object",
            '[{"name": "a"}]',
            {"type": "array", "description": "Documented.", "items": {"type": "object", "properties": NAME}},
            "an array: typed as an array",
        ),
    ],
)
def test_array_versus_object(tmp_path: Path, documented: str, example: str, schema: dict[str, Any], words: str) -> None:
    text = balance_page(f'{{"customer": {example}}}', response_field("customer", documented))
    synthesis = synth(tmp_path, {"balance.mdx": text})
    customer = response_schema(synthesis, "get", "/balance")["properties"]["customer"]
    customer.get("items", {}).pop("required", None)  # genson's, from the one example item
    assert customer == schema
    found = finding(synthesis, "array-vs-object", "balance.mdx", "'customer'", f"{documented!r}", words)
    assert found.line == line_of(text, 'name="customer"')


@pytest.mark.parametrize(
    ("documented", "value", "typed", "words"),
    [
        ("float", "30001", "number", "typed number"),
        ("string", "911090", ["string", "integer"], "typed string | integer"),
        ("integer", '"12"', ["string", "integer"], "typed string | integer"),
        ("boolean | null", "null", ["boolean", "null"], "nullable"),
    ],
)
def test_types_widen(tmp_path: Path, documented: str, value: str, typed: str | list[str], words: str) -> None:
    text = balance_page(f'{{"balance": {value}}}', response_field("balance", documented))
    synthesis = synth(tmp_path, {"balance.mdx": text})
    balance = response_schema(synthesis, "get", "/balance")["properties"]["balance"]
    assert balance == {"type": typed, "description": "Documented."}
    rule = "nullable-by-example" if value == "null" else "type-widened"
    found = finding(synthesis, rule, "balance.mdx", "'balance'", words)
    assert found.line == line_of(text, 'name="balance"')


def test_example_only_fields_are_kept_optional(tmp_path: Path) -> None:
    text = balance_page('{"a": 1, "b": "x"}', response_field("a", "integer", required=True))
    synthesis = synth(tmp_path, {"balance.mdx": text})
    schema = response_schema(synthesis, "get", "/balance")
    assert schema["properties"]["b"] == {"type": "string"}
    assert schema["required"] == ["a"]
    assert finding(synthesis, "example-only", "balance.mdx", ": b:").line == line_of(text, '{"a": 1')


QUERY = """
## Query Parameters

<ParamField query="productId" type="string" required>
  The product.
</ParamField>

<ParamField query="{name}" type="string"{required}>
  Only on this page.
</ParamField>

<ParamField query="customerId" type="string"{customer_required}>
  The customer.
</ParamField>
"""


def test_pages_sharing_method_and_path_merge(tmp_path: Path) -> None:
    def page(title: str, name: str, required: bool, customer_required: bool) -> str:
        fields = QUERY.format(
            name=name,
            required=" required" if required else "",
            customer_required=" required" if customer_required else "",
        )
        return curl_page(title, BALANCE, fields=fields)

    synthesis = synth(
        tmp_path,
        {
            "credit/balance.mdx": page("Get Customer Balance", "memberId", True, True),
            "membership/balance.mdx": page("Get Member Balance", "tierId", True, False),
        },
    )
    assert list(synthesis.document["paths"]) == ["/balance"]
    operation = op(synthesis, "get", "/balance")
    assert operation["x-clientgen-pages"] == ["credit/balance.mdx", "membership/balance.mdx"]
    assert operation["operationId"] == "get_customer_balance"
    parameters = {p["name"]: p.get("required", False) for p in operation["parameters"]}
    assert parameters == {"productId": True, "memberId": False, "customerId": False, "tierId": False}
    titles = finding(synthesis, "titles-differ", "credit/balance.mdx", "Get Customer Balance / Get Member Balance")
    assert titles.line == 1
    member = finding(synthesis, "merged-requiredness", "credit/balance.mdx", "'memberId'")
    assert "membership/balance.mdx: absent" in member.message
    assert member.line == line_of(page("", "memberId", True, True), 'query="memberId"')
    customer = finding(synthesis, "merged-requiredness", "credit/balance.mdx", "'customerId'")
    assert "credit/balance.mdx: required; membership/balance.mdx: optional" in customer.message
    tier = finding(synthesis, "merged-requiredness", "membership/balance.mdx", "'tierId'")
    assert "credit/balance.mdx: absent; membership/balance.mdx: required): optional" in tier.message
    assert operation["description"] == (
        "credit: A page written for a test.\n\nmembership: A page written for a test."
    )  # each page's description, labelled by its group


def test_merged_response_shapes_are_the_union(tmp_path: Path) -> None:
    synthesis = synth(
        tmp_path,
        {
            "a/balance.mdx": balance_page('{"main": 1}'),
            "b/balance.mdx": balance_page('{"membership": 1}'),
        },
    )
    schema = response_schema(synthesis, "get", "/balance")
    assert schema["properties"] == {"main": {"type": "integer"}, "membership": {"type": "integer"}}
    assert "required" not in schema
    found = finding(synthesis, "merged-shapes", "b/balance.mdx", "only on a/balance.mdx: main", "only here: membership")
    assert found.line == line_of(balance_page('{"membership": 1}'), '{"membership"')


AUTHORIZATION = """
## Authorization

<ResponseField name="Authorization" type="string" required>
  `Authorization | Bearer Paste-Your-API-Key-Here`
</ResponseField>
"""


def test_authorization_field_is_the_bearer_scheme(tmp_path: Path) -> None:
    text = curl_page("Get Balance", "curl 'https://api.example.com/v1/balance'", fields=AUTHORIZATION)
    synthesis = synth(tmp_path, {"balance.mdx": text})
    operation = op(synthesis, "get", "/balance")
    assert "parameters" not in operation
    assert "security" not in operation  # the document-wide requirement applies
    assert synthesis.document["security"] == [{"bearer": []}]
    assert synthesis.document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    found = finding(synthesis, "authorization-security", "balance.mdx", "<ResponseField>", "bearer scheme")
    assert found.line == line_of(text, 'name="Authorization"')


def test_no_authorization_means_no_security(tmp_path: Path) -> None:
    synthesis = synth(tmp_path, {"open.mdx": curl_page("Get Open", "curl 'https://api.example.com/v1/open'")})
    assert "security" not in synthesis.document
    assert op(synthesis, "get", "/open")["security"] == []


ONE_OF = """
## Request Body

<ParamField body="memberId" type="string">
  The member.
</ParamField>

<ParamField body="customerId" type="string">
  The customer.
</ParamField>

<Note>
  You must send at least **one of** `customerId` **or** `memberId`.
</Note>
"""


def test_note_requiring_one_of_two_optional_fields(tmp_path: Path) -> None:
    curl = post("spend", '{"memberId": "m"}')
    text = curl_page("Spend Credit", curl, fields=ONE_OF)
    synthesis = synth(tmp_path, {"spend.mdx": text})
    schema = request_schema(synthesis, "post", "/spend")
    assert "required" not in schema
    assert "one of" in op(synthesis, "post", "/spend")["description"]
    found = finding(synthesis, "one-of-required", "spend.mdx", "customerId, memberId", "optional")
    assert found.line == line_of(text, "<Note>")


HISTORY_TEMPLATE = """
<CodeGroup>
```Production Production
https://api.example.com/v1/history/{template}?productId={{productId}}
```
</CodeGroup>
"""


@pytest.mark.parametrize(
    ("template", "documented", "name", "rule", "at"),
    [
        ("", ["customerId"], "customerId", "template-empty-segment", "/v1/history/?"),
        ("{memberId}", ["memberId", "customerId"], "memberIdOrCustomerId", "path-params-share-slot", 'path="memberId"'),
        ("{id}", [], "id", "undocumented-path-param", "/v1/history/{id}"),
    ],
)
def test_path_slot_names(tmp_path: Path, template: str, documented: list[str], name: str, rule: str, at: str) -> None:
    curl = "curl --request GET 'https://api.example.com/v1/history/PQVS4KGY?productId=p1'"
    fields = "## Path Parameters\n\n" + "\n".join(
        f'<ParamField path="{n}" type="string">\n  The {n}.\n</ParamField>\n' for n in documented
    )
    text = curl_page("Get History", curl, extra=HISTORY_TEMPLATE.format(template=template), fields=fields)
    synthesis = synth(tmp_path, {"history.mdx": text})
    path = f"/history/{{{name}}}"
    assert list(synthesis.document["paths"]) == [path]
    slot = op(synthesis, "get", path)["parameters"][0]
    assert (slot["name"], slot["in"], slot["required"], slot["schema"]["type"]) == (name, "path", True, "string")
    assert slot["example"] == "PQVS4KGY"
    if len(documented) == 2:
        assert slot["description"] == "The memberId. / The customerId."
    assert finding(synthesis, rule, "history.mdx").line == line_of(text, at)


def test_path_slot_named_differently_on_two_pages(tmp_path: Path) -> None:
    def page(name: str) -> str:
        curl = f"curl 'https://api.example.com/v1/history/{name}-1'"
        extra = HISTORY_TEMPLATE.replace("?productId={{productId}}", "").format(template="{" + name + "}")
        return curl_page("Get History", curl, extra=extra)

    synthesis = synth(tmp_path, {"a/history.mdx": page("customerId"), "b/history.mdx": page("memberId")})
    assert list(synthesis.document["paths"]) == ["/history/{customerIdOrMemberId}"]
    found = finding(synthesis, "path-slot-renamed", "b/history.mdx", "customerId on a/history.mdx")
    assert "named customerIdOrMemberId" in found.message


def test_operation_ids_from_titles(tmp_path: Path) -> None:
    def page(path: str, title: str) -> str:
        return curl_page(title, f"curl 'https://api.example.com/v1/{path}'")

    synthesis = synth(
        tmp_path,
        {
            "a.mdx": page("balance", "Get Customer Balance"),
            "b.mdx": page("history", "Get Paginate Customer-Credit History!"),
            "c.mdx": page("other", "Get Customer Balance"),
            "d.md": "# \n\n<RequestExample>\n```bash\ncurl https://api.example.com/v1/x/y\n```\n</RequestExample>\n",
        },
    )
    ids = {path: item["get"]["operationId"] for path, item in synthesis.document["paths"].items()}
    assert ids == {
        "/balance": "get_customer_balance",
        "/history": "get_paginate_customer_credit_history",
        "/other": "get_customer_balance_other",
        "/x/y": "get_x_y",
    }
    same = finding(synthesis, "same-title", "c.mdx")
    assert same.message == (
        "'Get Customer Balance' is also the title of a.mdx in the same namespace: named get_customer_balance_other"
    )


NAVIGATION: dict[str, Any] = {
    "name": "Example",
    "navigation": {
        "tabs": [
            {
                "tab": "API Reference",
                "groups": [
                    {
                        "group": "Credit",
                        "pages": [
                            {"group": "Credit Based Product", "pages": ["api-reference/cbp/balance"]},
                            {"group": "Membership (Credit)", "pages": ["api-reference/ubm/balance"]},
                        ],
                    },
                    {"group": "Licences", "pages": ["api-reference/licence/verify"]},
                ],
            }
        ]
    },
}


def test_tags_from_navigation_groups(tmp_path: Path) -> None:
    pages = {
        "cbp/balance.mdx": balance_page('{"main": 1}'),
        "ubm/balance.mdx": balance_page('{"membership": 1}'),
        "licence/verify.mdx": curl_page("Verify Licence", "curl 'https://api.example.com/v1/verify'"),
    }
    synthesis = synth(tmp_path, pages, docs_json=NAVIGATION)
    document = synthesis.document
    assert document["info"]["title"] == "Example"
    assert document["tags"] == [{"name": "Credit"}, {"name": "Licences"}]
    assert op(synthesis, "get", "/balance")["tags"] == ["Credit"]
    assert op(synthesis, "get", "/verify")["tags"] == ["Licences"]
    assert {k: v["summary"] for k, v in examples(synthesis, "get", "/balance").items()} == {
        "credit_based_product": "Credit Based Product",
        "membership_credit": "Membership (Credit)",
    }


def test_tags_from_folders_without_navigation(tmp_path: Path) -> None:
    pages = {
        "creditbasedproduct/balance.mdx": balance_page('{"main": 1}'),
        "top.mdx": curl_page("Get Top", "curl 'https://api.example.com/v1/top'"),
    }
    synthesis = synth(tmp_path, pages)
    assert synthesis.document["tags"] == [{"name": "creditbasedproduct"}]
    assert op(synthesis, "get", "/balance")["tags"] == ["creditbasedproduct"]
    assert "tags" not in op(synthesis, "get", "/top")
    assert synthesis.document["info"]["title"] == "API"


def test_navigation_that_is_not_json_is_reported(tmp_path: Path) -> None:
    (tmp_path / "docs.json").write_text("{\n  nope\n}", encoding="utf-8")
    synthesis = synth(tmp_path, {"guides/top.mdx": curl_page("Get Top", "curl 'https://api.example.com/v1/top'")})
    assert finding(synthesis, "bad-navigation", "docs.json").line == 2
    assert op(synthesis, "get", "/top")["tags"] == ["guides"]
