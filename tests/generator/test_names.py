"""Names and safe text: identifiers, escaping, collision suffixes, docstrings."""

from __future__ import annotations

import ast
import keyword
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.names import (
    Namer,
    class_name,
    constant_name,
    docstring,
    markdown_code,
    module_name,
    package_name,
    snake_name,
)

# --- case conversion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "snake", "klass", "constant"),
    [
        pytest.param("listBalances", "list_balances", "ListBalances", "LIST_BALANCES", id="camel"),
        pytest.param("ListBalances", "list_balances", "ListBalances", "LIST_BALANCES", id="pascal"),
        pytest.param("list-balances", "list_balances", "ListBalances", "LIST_BALANCES", id="kebab"),
        pytest.param("list_balances", "list_balances", "ListBalances", "LIST_BALANCES", id="snake"),
        pytest.param("HTTPServerError", "http_server_error", "HTTPServerError", "HTTP_SERVER_ERROR", id="acronym"),
        pytest.param("userID", "user_id", "UserID", "USER_ID", id="trailing-acronym"),
        pytest.param("X-API-Key", "x_api_key", "XAPIKey", "X_API_KEY", id="header-name"),
        pytest.param("a.b/c d", "a_b_c_d", "ABCD", "A_B_C_D", id="punctuation"),
        pytest.param("2fa", "value_2fa", "Model2fa", "VALUE_2FA", id="digit-first"),
        pytest.param("123", "value_123", "Model123", "VALUE_123", id="only-digits"),
        pytest.param("v2Items", "v2_items", "V2Items", "V2_ITEMS", id="digit-inside"),
        pytest.param("", "value", "Model", "EMPTY", id="empty"),
        pytest.param("  ", "value", "Model", "VALUE", id="blank"),
        pytest.param("café", "cafe", "Cafe", "CAFE", id="accent-folded"),
        pytest.param("日本語", "value", "Model", "VALUE", id="no-ascii-at-all"),
        pytest.param("GMT+0", "gmt_plus_0", "GMTPlus0", "GMT_PLUS_0", id="plus"),
        pytest.param("GMT-0", "gmt_0", "GMT0", "GMT_0", id="minus"),
        pytest.param("__init__", "init", "Init", "INIT", id="dunder"),
    ],
)
def test_case_conversion(text: str, snake: str, klass: str, constant: str) -> None:
    assert snake_name(text) == snake
    assert class_name(text) == klass
    assert constant_name(text) == constant


@pytest.mark.parametrize(
    "text", ["", "2fa", "class", "None", "日本語", "a-b", "GMT+0", "ünïcödé", "__x__", "x" * 3 + "!" * 3]
)
def test_every_name_is_an_identifier(text: str) -> None:
    for name in (snake_name(text), class_name(text), constant_name(text), module_name(text)):
        assert name.isidentifier(), name


def test_plus_and_minus_values_get_distinct_constant_names() -> None:
    assert constant_name("GMT+0") != constant_name("GMT-0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(1, "VALUE_1", id="int"),
        pytest.param(0, "VALUE_0", id="zero"),
        pytest.param(2.5, "VALUE_2_5", id="float"),
        pytest.param("_private", "PRIVATE", id="leading-underscore"),
        pytest.param("", "EMPTY", id="empty-string"),
        pytest.param("!!", "VALUE", id="only-punctuation"),
    ],
)
def test_constant_name_of_values(value: object, expected: str) -> None:
    assert constant_name(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("none", "None_", id="none"),
        pytest.param("true", "True_", id="true"),
        pytest.param("class", "Class", id="keyword-capitalised-is-fine"),
    ],
)
def test_class_name_never_is_a_keyword(text: str, expected: str) -> None:
    assert class_name(text) == expected
    assert not keyword.iskeyword(class_name(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("class", "class_", id="keyword"),
        pytest.param("lambda", "lambda_", id="another-keyword"),
        pytest.param("Customers", "customers", id="plain"),
    ],
)
def test_module_name(text: str, expected: str) -> None:
    assert module_name(text) == expected


# --- Namer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namer", "wanted", "expected"),
    [
        pytest.param(Namer.for_fields, "class", "class_", id="field-keyword"),
        pytest.param(Namer.for_fields, "from", "from_", id="field-keyword-from"),
        pytest.param(Namer.for_fields, "match", "match_", id="field-soft-keyword"),
        pytest.param(Namer.for_fields, "type", "type_", id="field-soft-keyword-type"),
        pytest.param(Namer.for_fields, "self", "self_", id="field-reserved-self"),
        pytest.param(Namer.for_fields, "to_dict", "to_dict_", id="field-reserved-method"),
        pytest.param(Namer.for_fields, "additional_properties", "additional_properties_", id="field-reserved-extra"),
        pytest.param(Namer.for_fields, "data", "data", id="field-data-is-free"),
        pytest.param(Namer.for_fields, "timeout", "timeout", id="field-timeout-is-free"),
        pytest.param(Namer.for_params, "timeout", "timeout_", id="param-call-option"),
        pytest.param(Namer.for_params, "extra_headers", "extra_headers_", id="param-extra-headers"),
        pytest.param(Namer.for_params, "max_response_size", "max_response_size_", id="param-size-cap"),
        pytest.param(Namer.for_params, "identity", "identity_", id="param-runtime-helper"),
        pytest.param(Namer.for_params, "path_template", "path_template_", id="param-path-helper"),
        pytest.param(Namer.for_params, "isinstance", "isinstance_", id="param-builtin-used"),
        pytest.param(Namer.for_params, "class", "class_", id="param-keyword"),
        pytest.param(Namer.for_params, "body", "body", id="param-plain"),
    ],
)
def test_namer_escapes_keywords_and_reserved_names(namer: Callable[[], Namer], wanted: str, expected: str) -> None:
    assert namer().take(wanted) == expected


def test_namer_collisions_get_numbered_suffixes_in_order() -> None:
    namer = Namer(taken={"taken"})
    assert [namer.take(n) for n in ["a", "a", "a", "taken", "a_2", "class", "class"]] == [
        "a",
        "a_2",
        "a_3",
        "taken_2",
        "a_2_2",
        "class_",
        "class__2",
    ]
    assert "a_3" in namer
    assert "b" not in namer


def test_namer_is_deterministic() -> None:
    wanted = ["id", "ID", "Id", "id", "class", "from", "id"]
    first, second = Namer.for_fields(), Namer.for_fields()
    assert [first.take(snake_name(w)) for w in wanted] == [second.take(snake_name(w)) for w in wanted]


# --- docstring ---------------------------------------------------------------------------------


def as_string_constant(body: str) -> str:
    """Evaluate ``body`` between triple quotes, checking that it is one plain string constant."""
    source = '"""' + body + '"""'
    compile(source, "<t>", "eval")
    module = ast.parse(source)
    assert len(module.body) == 1
    statement = module.body[0]
    assert isinstance(statement, ast.Expr)
    assert isinstance(statement.value, ast.Constant)
    assert isinstance(statement.value.value, str)
    return statement.value.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("plain", "plain", id="plain"),
        pytest.param('say """hi""" now', 'say """hi""" now', id="triple-quotes-inside"),
        pytest.param('""""', '""""', id="four-quotes"),
        pytest.param("C:\\path\\", "C:\\path\\", id="backslashes-and-trailing-backslash"),
        pytest.param("\\N{BULLET} \\x41 \\u0041", "\\N{BULLET} \\x41 \\u0041", id="escape-lookalikes"),
        pytest.param('ends with "', 'ends with "', id="trailing-quote"),
        pytest.param('ends with ""', 'ends with ""', id="two-trailing-quotes"),
        pytest.param('ends with \\"', 'ends with \\"', id="backslash-then-quote"),
        pytest.param("bell\x07 nul\x00 esc\x1b del\x7f", "bell nul esc del", id="control-characters-dropped"),
        pytest.param("a\r\nb\rc", "a\nb\nc", id="newlines-normalised"),
        pytest.param("a\u2028b\u0085c", "abc", id="unicode-line-breaks-dropped"),
        pytest.param("  padded  \n", "padded", id="stripped"),
        pytest.param("tab\there", "tab\there", id="tab-kept"),
        pytest.param("line   \nnext", "line\nnext", id="trailing-spaces-per-line"),
        pytest.param('"""; import os; os.system("x"); """ #', '"""; import os; os.system("x"); """ #', id="injection"),
    ],
)
def test_docstring_round_trips_through_a_string_literal(text: str, expected: str) -> None:
    assert as_string_constant(docstring(text)) == expected


def test_docstring_indents_continuation_lines_but_not_blank_ones() -> None:
    assert docstring("first\n\nsecond\nthird", "    ") == "first\n\n    second\n    third"


@pytest.mark.parametrize("value", [None, 3, ["a"], {"a": 1}])
def test_docstring_of_a_non_string_is_empty(value: object) -> None:
    assert docstring(value) == ""


@pytest.mark.parametrize("text", [pytest.param('"""', id="only"), pytest.param('see """', id="after-text")])
def test_docstring_of_text_ending_in_triple_quotes_compiles(text: str) -> None:
    assert as_string_constant(docstring(text)) == text


def cleaned(text: str) -> str:
    """What docstring() promises to keep of ``text``: printable prose, stripped, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return "\n".join(line.rstrip() for line in text.split("\n"))


@settings(max_examples=300, deadline=None, database=None)
@given(st.text())
@example('"""')
def test_docstring_of_any_text_is_one_plain_string_constant(text: str) -> None:
    assert as_string_constant(docstring(text)) == cleaned(text)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("\"\\'\n\r\t\x00\x1b a{}\u2028é")) | st.text())
def test_docstring_of_any_text_not_ending_in_a_quote_is_one_plain_string_constant(text: str) -> None:
    text += " ."
    assert as_string_constant(docstring(text)) == cleaned(text)


# --- markdown_code -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a | b", "a \\| b", id="pipe"),
        pytest.param("`x`", "'x'", id="backtick"),
        pytest.param("a\n  b\tc", "a b c", id="whitespace-collapsed"),
    ],
)
def test_markdown_code(text: str, expected: str) -> None:
    assert markdown_code(text) == expected


# --- the default package name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "spec", "expected"),
    [
        pytest.param("Stripe API", "spec3.yaml", "stripe_client", id="title-up-to-api"),
        pytest.param("Twilio - Api", "x.json", "twilio_client", id="api-any-case"),
        pytest.param("Swagger Petstore", "openapi.yaml", "swagger_petstore_client", id="title"),
        pytest.param("OpenAI API", "openapi.yaml", "open_ai_client", id="api-inside-a-word-stays"),
        pytest.param(
            "API with Non-Operations and Security", "x.yaml", "api_with_non_operations_client", id="api-first"
        ),
        pytest.param(
            "Bank of the Nations of Europe", "x.yaml", "bank_of_the_nations_client", id="cut-not-on-a-linking-word"
        ),
        pytest.param("Terms and Conditions", "x.yaml", "terms_and_conditions_client", id="linking-word-inside-kept"),
        pytest.param("Search and", "x.yaml", "search_and_client", id="whole-title-kept-as-it-is"),
        pytest.param("Café Orders", "x.yaml", "cafe_orders_client", id="accents"),
        pytest.param("3scale", "x.yaml", "api_3scale_client", id="digit-first"),
        pytest.param(None, "billing-v2.yaml", "billing_v2_client", id="no-title-file-stem"),
        pytest.param("日本", "shop.json", "shop_client", id="title-without-ascii-words"),
        pytest.param(None, "shop/openapi.json", "shop_client", id="generic-stem-folder"),
        pytest.param(42, "shop/swagger.yaml", "shop_client", id="title-not-text"),
    ],
)
def test_the_default_package_comes_from_the_title_then_the_file_then_the_folder(
    title: object, spec: str, expected: str
) -> None:
    assert package_name(title, Path(spec)) == expected


def test_a_spec_named_openapi_in_the_current_folder_is_named_after_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Billing Service"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert package_name(None, Path("openapi.json")) == "billing_service_client"


@pytest.mark.parametrize(
    ("text", "snake"),
    [("URLs", "urls"), ("getURLsForIDs", "get_urls_for_ids"), ("userIDs", "user_ids"), ("APIsList", "apis_list")],
)
def test_an_acronyms_plural_is_one_word(text: str, snake: str) -> None:
    assert snake_name(text) == snake
    assert class_name(text) == text[0].upper() + text[1:]
