"""Request examples: curl options, lenient JSON, and the Production/Sandbox endpoint templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.synthesize.curl import CurlError, JsonTextError, parse_curl, parse_json

from .helpers import curl_page, examples, finding, findings_of, line_of, op, request_schema, synth

URL = "https://api.example.com/v1/things"


@pytest.mark.parametrize(
    ("command", "method", "explicit"),
    [
        (f"curl --request PUT '{URL}'", "PUT", True),
        (f"curl -X patch {URL}", "PATCH", True),
        (f"curl -XDELETE {URL}", "DELETE", True),
        (f"curl --url '{URL}' --request POST", "POST", True),
        (f"curl --location '{URL}'", "GET", False),
        (f"curl {URL} --data '{{}}'", "POST", False),
        (f"curl {URL} --data-raw '{{}}'", "POST", False),
        (f"curl {URL} -d '{{}}'", "POST", False),
        (f"curl --request GET {URL} --data ''", "GET", True),
    ],
)
def test_method(command: str, method: str, explicit: bool) -> None:
    curl = parse_curl(command, 8)
    assert (curl.method, curl.method_explicit, curl.url, curl.path) == (method, explicit, URL, "/v1/things")


def test_url_headers_query_and_data_line() -> None:
    text = (
        f"curl --location --request POST '{URL}?page=1&limit=5' \\\n"
        "--header 'Authorization: Bearer KEY' \\\n"
        "-H 'X-Trace:  abc' \\\n"
        "--data-raw '{\n"
        '  "amount": 10\n'
        "}'"
    )
    curl = parse_curl(text, 20)
    assert curl.url == f"{URL}?page=1&limit=5"
    assert curl.query == [("page", "1"), ("limit", "5")]
    assert curl.headers == (("Authorization", "Bearer KEY"), ("X-Trace", "abc"))
    assert curl.header("authorization") == "Bearer KEY"
    assert (curl.data, curl.data_option, curl.line, curl.data_line) == ('{\n  "amount": 10\n}', "--data-raw", 20, 23)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wget https://example.com", "not a curl command"),
        ("curl --request GET", "no URL"),
        ("curl 'https://[x.example.com/v1'", "is not valid"),
    ],
)
def test_bad_curl(text: str, message: str) -> None:
    with pytest.raises(CurlError, match=message) as caught:
        parse_curl(text, 12)
    assert caught.value.line == 12


def test_json_comments_outside_strings_only() -> None:
    parsed = parse_json(
        '{\n  "url": "https://x.example/a//b", // the link\n  "n": 1, /* block */\n  "s": "a /* b */"\n}', 5
    )
    assert parsed.value == {"url": "https://x.example/a//b", "n": 1, "s": "a /* b */"}
    assert parsed.comments == (("url", "the link"), ("", "block"))
    assert (parsed.had_comments, parsed.had_trailing_commas) == (True, False)


def test_json_trailing_commas() -> None:
    parsed = parse_json('{"a": [1, 2,], "b": {"c": 1,},}', 1)
    assert parsed.value == {"a": [1, 2], "b": {"c": 1}}
    assert (parsed.had_comments, parsed.had_trailing_commas) == (False, True)


def test_json_error_names_page_line() -> None:
    with pytest.raises(JsonTextError, match="not valid JSON") as caught:
        parse_json('{\n  "a": 1\n  "b": 2\n}', 30)
    assert caught.value.line == 32


def test_post_implied_by_data_raw(tmp_path: Path) -> None:
    curl = f"""curl '{URL}' \\
    --header 'Authorization: Bearer KEY' \\
    --data-raw '{{
        "url": "https://x.example", // where to go
        "amount": 10, //optional
    }}'"""
    text = curl_page("Create Thing", curl)
    synthesis = synth(tmp_path, {"create.mdx": text})
    assert list(synthesis.document["paths"]["/things"]) == ["post"]
    (example,) = examples(synthesis, "post", "/things", None).values()
    assert example["value"] == {"url": "https://x.example", "amount": 10}
    assert request_schema(synthesis, "post", "/things")["properties"] == {
        "url": {"type": "string"},
        "amount": {"type": "integer"},
    }
    assert finding(synthesis, "method-implied", "create.mdx", "--data-raw").line == line_of(text, "curl ")
    comments = finding(synthesis, "json-comments", "create.mdx", "url: 'where to go'", "amount: 'optional'")
    assert comments.line == line_of(text, "--data-raw")
    assert finding(synthesis, "no-content-type", "create.mdx").line == line_of(text, "curl ")


def test_get_with_empty_data_is_ignored(tmp_path: Path) -> None:
    text = curl_page("Get Things", f"curl --request GET '{URL}' \\\n--data ''")
    synthesis = synth(tmp_path, {"things.mdx": text})
    operation = op(synthesis, "get", "/things")
    assert "requestBody" not in operation
    assert finding(synthesis, "get-with-body", "things.mdx", "--data ''")


def test_get_with_empty_data_names_its_line(tmp_path: Path) -> None:
    text = curl_page("Get Things", f"curl --request GET '{URL}' \\\n--header 'A: b' \\\n--data ''")
    synthesis = synth(tmp_path, {"things.mdx": text})
    assert finding(synthesis, "get-with-body", "things.mdx").line == line_of(text, "--data ''")


def test_bad_request_body_json_is_reported_at_its_line(tmp_path: Path) -> None:
    text = curl_page("Create Thing", f"curl --request POST '{URL}' \\\n--data '{{\n  \"a\": 1\n  \"b\": 2\n}}'")
    synthesis = synth(tmp_path, {"create.mdx": text})
    assert finding(synthesis, "bad-json-example", "create.mdx", "request body").line == line_of(text, '"b": 2')
    assert "/things" in synthesis.document["paths"]


TEMPLATES = """
<CodeGroup>
  ```Production Production theme={null}
  https://api.example.com/v1/credit/balance?customerId={customerID}
  ```

  ```Sandbox Sandbox theme={null}
  https://api.example.club/v1/credit/balance?customerId{customerID}
  ```
</CodeGroup>
"""


def test_servers_from_code_group_and_missing_equals(tmp_path: Path) -> None:
    curl = "curl --request GET 'https://api.example.com/v1/credit/balance?customerId=c1'"
    text = curl_page("Get Balance", curl, extra=TEMPLATES)
    synthesis = synth(tmp_path, {"balance.mdx": text})
    assert synthesis.document["servers"] == [
        {"url": "https://api.example.com/v1", "description": "Production", "x-clientgen-environment": "production"},
        {"url": "https://api.example.club/v1", "description": "Sandbox", "x-clientgen-environment": "sandbox"},
    ]
    missing = finding(synthesis, "template-missing-equals", "balance.mdx", "Sandbox", "customerId={customerID}")
    assert missing.line == line_of(text, "api.example.club")
    (parameter,) = op(synthesis, "get", "/credit/balance")["parameters"]
    assert (parameter["name"], parameter["in"], parameter["example"]) == ("customerId", "query", "c1")
    assert findings_of(synthesis, "templates-differ") == []


def test_servers_without_code_group_come_from_curl(tmp_path: Path) -> None:
    synthesis = synth(tmp_path, {"things.mdx": curl_page("Get Things", f"curl '{URL}'")})
    assert synthesis.document["servers"] == [
        {"url": "https://api.example.com/v1", "description": "production", "x-clientgen-environment": "production"}
    ]
    assert synthesis.document["info"]["version"] == "1"


def test_trailing_comma_in_response_example_is_reported(tmp_path: Path) -> None:
    text = curl_page("Get Things", f"curl '{URL}'", response='{\n  "a": [1, 2,],\n}')
    synthesis = synth(tmp_path, {"things.mdx": text})
    assert finding(synthesis, "json-trailing-comma", "things.mdx").line == line_of(text, '"a": [1, 2,]') - 1
    (example,) = examples(synthesis, "get", "/things").values()
    assert example["value"] == {"a": [1, 2]}


def test_trailing_comma_in_request_body_is_reported(tmp_path: Path) -> None:
    text = curl_page("Create Thing", f"curl --request POST '{URL}' \\\n--data-raw '{{\n  \"a\": 1,\n}}'")
    synthesis = synth(tmp_path, {"create.mdx": text})
    assert request_schema(synthesis, "post", "/things")["properties"] == {"a": {"type": "integer"}}
    assert finding(synthesis, "json-trailing-comma", "create.mdx").line == line_of(text, "--data-raw")
