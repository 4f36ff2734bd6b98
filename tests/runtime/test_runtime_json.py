"""``_json.loads``: msgspec's parser when it is installed, with exactly the standard library's results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rtpkg import _json
from rtpkg._decoding import decode_success
from rtpkg._exceptions import APIResponseValidationError


@pytest.fixture
def fast() -> Iterator[None]:
    """msgspec's JSON step on for bodies of any size (skipped where msgspec is not installed)."""
    pytest.importorskip("msgspec")
    _json.use_msgspec(True, from_size=0)
    assert _json._decode is not None
    yield
    _json.use_msgspec(True)


def _outcome(content: bytes, *, msgspec: bool) -> tuple[str, Any]:
    _json.use_msgspec(msgspec, from_size=0)
    try:
        value = _json.loads(content)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc)
    return "value", (repr(value), _types(value))


def _types(value: Any) -> Any:
    """The type of every node: equal values of other types (1 and 1.0, True and 1) must not pass."""
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__


EDGES = [
    pytest.param(b'{"a": 1, "a": 2}', id="duplicate-key-last-wins"),
    pytest.param(b"123456789012345678901234567890", id="integer-beyond-64-bits"),
    pytest.param(b"-123456789012345678901234567890", id="negative-integer-beyond-64-bits"),
    pytest.param(b"1" * 4301, id="integer-past-the-digit-limit"),
    pytest.param(b"1e400", id="float-overflow-is-inf"),
    pytest.param(b"[-0.0, 0.1, 1e-320, 1.7976931348623157e308, 1E2, 1.0]", id="floats"),
    pytest.param(b'"\\ud800"', id="lone-surrogate-escape"),
    pytest.param(b'["\\ud83d\\ude00", "\\u0000", "\\u00e9"]', id="escapes"),
    pytest.param('"\u2028é"'.encode(), id="utf-8-text"),
    pytest.param(b"\xef\xbb\xbf{}", id="byte-order-mark"),
    pytest.param('{"x": 1}'.encode("utf-16"), id="utf-16"),
    pytest.param(b"NaN", id="nan-rejected"),
    pytest.param(b"[Infinity]", id="infinity-rejected"),
    pytest.param(b'"a\x01b"', id="control-character"),
    pytest.param(b"[1,]", id="trailing-comma"),
    pytest.param(b"01", id="leading-zero"),
    pytest.param(b"1 2", id="two-values"),
    pytest.param(b'"\xff"', id="invalid-utf-8"),
    pytest.param(b"\xa01", id="non-json-space"),
    pytest.param(b" \t\n{} \r\n", id="json-space"),
    pytest.param(b"[" * 5000 + b"]" * 5000, id="too-deep"),
    pytest.param(b"", id="empty"),
]


@pytest.mark.parametrize("content", EDGES)
@pytest.mark.usefixtures("fast")
def test_msgspec_gives_what_the_standard_library_gives(content: bytes) -> None:
    assert _outcome(content, msgspec=True) == _outcome(content, msgspec=False)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON, indent=st.sampled_from([None, 1]), escaped=st.booleans())
def test_any_json_document_decodes_the_same_with_and_without_msgspec(
    value: object, indent: int | None, escaped: bool
) -> None:
    pytest.importorskip("msgspec")
    content = json.dumps(value, indent=indent, ensure_ascii=escaped).encode()
    fast, slow = _outcome(content, msgspec=True), _outcome(content, msgspec=False)
    _json.use_msgspec(True)
    assert fast == slow
    assert fast[0] == "value"


@pytest.mark.usefixtures("fast")
def test_a_response_decodes_to_the_same_value_with_and_without_msgspec() -> None:
    body = {"data": [{"id": f"ch_{i}", "amount": i * 7, "paid": i % 2 == 0, "fee": i / 3} for i in range(50)]}
    response = httpx.Response(200, content=json.dumps(body).encode())
    fast = decode_success(response, "json")
    _json.use_msgspec(False, from_size=0)
    slow = decode_success(response, "json")
    assert fast == slow == body
    assert isinstance(fast, dict)
    assert [type(item["fee"]) for item in fast["data"]] == [float] * 50


@pytest.mark.parametrize("msgspec", [pytest.param(True, id="msgspec"), pytest.param(False, id="stdlib")])
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(b'{"a": }', "JSONDecodeError: Expecting value: line 1 column 7", id="malformed"),
        pytest.param(b'{"a": NaN}', "ValueError: NaN is not a JSON value", id="nan"),
    ],
)
def test_a_body_that_is_not_json_is_the_same_error_either_way(msgspec: bool, body: bytes, reason: str) -> None:
    if msgspec:
        pytest.importorskip("msgspec")
    _json.use_msgspec(msgspec, from_size=0)
    try:
        with pytest.raises(APIResponseValidationError, match=f"is not valid JSON: {reason}"):
            decode_success(httpx.Response(200, content=body), "json")
    finally:
        _json.use_msgspec(True)


def test_turned_off_it_parses_with_the_standard_library_alone() -> None:
    _json.use_msgspec(False)
    try:
        assert _json._decode is None
        assert _json.loads(b'{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    finally:
        _json.use_msgspec(True)


def test_a_small_body_is_parsed_by_the_standard_library_without_looking_msgspec_up() -> None:
    _json._decode = _json._NOT_LOOKED_UP
    try:
        assert _json.loads(b'{"a": 1}') == {"a": 1}
        assert _json._decode is _json._NOT_LOOKED_UP
        large = json.dumps({"items": list(range(_json.FAST_FROM // 4))}).encode()
        assert len(large) >= _json.FAST_FROM
        assert _json.loads(large) == json.loads(large)
        assert _json._decode is not _json._NOT_LOOKED_UP  # looked up: msgspec's decoder, or None without it
    finally:
        _json.use_msgspec(True)
