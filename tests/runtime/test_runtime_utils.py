"""Encoding helpers of ``_utils``: paths, query, headers, cookies, bodies."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import io
import uuid

import attrs
import pytest
from rtpkg._types import UNSET
from rtpkg._utils import (
    encode_cookie,
    encode_header,
    encode_query,
    form_fields,
    multipart_fields,
    parse_retry_after,
    path_template,
    to_jsonable,
)


class Color(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark blue"


class Level(enum.IntEnum):
    HIGH = 3


UID = uuid.UUID("12345678-1234-5678-1234-567812345678")
DAY = dt.date(2024, 2, 29)
MOMENT = dt.datetime(2024, 2, 29, 13, 45, 0, tzinfo=dt.timezone(dt.timedelta(0)))


@attrs.frozen
class Point:
    x: int
    y: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"x": self.x, "y": self.y}


# --- path_template -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("cus_123", "cus_123", id="plain"),
        pytest.param("a/b c", "a%2Fb%20c", id="slash-and-space"),
        pytest.param("café/ü", "caf%C3%A9%2F%C3%BC", id="unicode"),
        pytest.param("AZaz09-._~", "AZaz09-._~", id="unreserved-kept"),
        pytest.param("?#%&=+;:@", "%3F%23%25%26%3D%2B%3B%3A%40", id="reserved-escaped"),
        pytest.param("...", "...", id="three-dots-allowed"),
        pytest.param(".hidden", ".hidden", id="leading-dot"),
        pytest.param(42, "42", id="int"),
        pytest.param(1.5, "1.5", id="float"),
        pytest.param(True, "true", id="bool-true"),
        pytest.param(False, "false", id="bool-false"),
        pytest.param(Color.DARK_BLUE, "dark%20blue", id="enum"),
        pytest.param(Level.HIGH, "3", id="int-enum"),
        pytest.param(UID, str(UID), id="uuid"),
        pytest.param(DAY, "2024-02-29", id="date"),
        pytest.param(MOMENT, "2024-02-29T13%3A45%3A00%2B00%3A00", id="datetime"),
    ],
)
def test_path_template_encodes_one_segment(value: object, expected: str) -> None:
    assert path_template("/v1/items/{id}/x", id=value) == f"/v1/items/{expected}/x"


def test_path_template_fills_several_placeholders() -> None:
    path = path_template("/v1/{org}/members/{user_id}", org="acme", user_id=7)
    assert path == "/v1/acme/members/7"


def test_path_template_without_placeholders_is_unchanged() -> None:
    assert path_template("/v1/things") == "/v1/things"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_template_rejects_dot_segments_and_empty(value: str) -> None:
    with pytest.raises(ValueError, match="must not be"):
        path_template("/v1/items/{id}", id=value)


@pytest.mark.parametrize("value", [UNSET, None])
def test_path_template_rejects_missing_values(value: object) -> None:
    with pytest.raises(ValueError, match="must be given"):
        path_template("/v1/items/{id}", id=value)


def test_path_template_rejects_placeholder_without_value() -> None:
    with pytest.raises(ValueError, match=r"needs a value for \{id\}"):
        path_template("/v1/items/{id}")


def test_path_template_rejects_value_without_placeholder() -> None:
    with pytest.raises(ValueError, match="no placeholder for extra"):
        path_template("/v1/items/{id}", id="a", extra="b")


def test_path_template_rejects_non_scalar() -> None:
    with pytest.raises(TypeError, match="list"):
        path_template("/v1/items/{id}", id=["a"])


# --- encode_query --------------------------------------------------------------

COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}


@pytest.mark.parametrize(
    ("value", "style", "explode", "expected"),
    [
        pytest.param("blue", "form", True, [("color", "blue")], id="form-scalar"),
        pytest.param("blue", "form", False, [("color", "blue")], id="form-scalar-no-explode"),
        pytest.param(
            COLORS,
            "form",
            True,
            [("color", "blue"), ("color", "black"), ("color", "brown")],
            id="form-array-explode",
        ),
        pytest.param(COLORS, "form", False, [("color", "blue,black,brown")], id="form-array"),
        pytest.param(RGB, "form", True, [("R", "100"), ("G", "200"), ("B", "150")], id="form-object-explode"),
        pytest.param(RGB, "form", False, [("color", "R,100,G,200,B,150")], id="form-object"),
        pytest.param(COLORS, "spaceDelimited", False, [("color", "blue black brown")], id="space-array"),
        pytest.param(RGB, "spaceDelimited", False, [("color", "R 100 G 200 B 150")], id="space-object"),
        pytest.param(COLORS, "pipeDelimited", False, [("color", "blue|black|brown")], id="pipe-array"),
        pytest.param(RGB, "pipeDelimited", False, [("color", "R|100|G|200|B|150")], id="pipe-object"),
        pytest.param(
            ["a", "b"],
            "pipeDelimited",
            True,
            [("color", "a"), ("color", "b")],
            id="pipe-array-explode-repeats",
        ),
        pytest.param(
            RGB,
            "deepObject",
            True,
            [("color[R]", "100"), ("color[G]", "200"), ("color[B]", "150")],
            id="deep-object",
        ),
        pytest.param(
            {"a": {"b": 1, "c": [1, 2]}, "d": True},
            "deepObject",
            True,
            [("color[a][b]", "1"), ("color[a][c]", "1"), ("color[a][c]", "2"), ("color[d]", "true")],
            id="deep-object-nested",
        ),
        pytest.param("blue", "deepObject", True, [("color", "blue")], id="deep-object-scalar"),
    ],
)
def test_encode_query_styles(value: object, style: str, explode: bool, expected: list[tuple[str, str]]) -> None:
    assert encode_query("color", value, style=style, explode=explode) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(True, "true", id="bool"),
        pytest.param(False, "false", id="bool-false"),
        pytest.param(0, "0", id="zero"),
        pytest.param(2.5, "2.5", id="float"),
        pytest.param(Color.RED, "red", id="enum"),
        pytest.param(Level.HIGH, "3", id="int-enum"),
        pytest.param(DAY, "2024-02-29", id="date"),
        pytest.param(MOMENT, "2024-02-29T13:45:00+00:00", id="datetime"),
        pytest.param(UID, str(UID), id="uuid"),
        pytest.param(decimal.Decimal("1.10"), "1.10", id="decimal"),
        pytest.param("", "", id="empty-string"),
    ],
)
def test_encode_query_scalars(value: object, expected: str) -> None:
    assert encode_query("q", value) == [("q", expected)]


@pytest.mark.parametrize("value", [UNSET, None, [], {}, [None, UNSET]])
def test_encode_query_drops_absent_and_empty(value: object) -> None:
    assert encode_query("q", value) == []
    assert encode_query("q", value, explode=False) == []


def test_encode_query_drops_absent_items() -> None:
    assert encode_query("q", ["a", None, "b"], explode=False) == [("q", "a,b")]
    assert encode_query("q", {"a": 1, "b": UNSET, "c": None}) == [("a", "1")]


def test_encode_query_converts_models_first() -> None:
    assert encode_query("p", Point(1), style="deepObject") == [("p[x]", "1")]
    assert encode_query("p", Point(1, 2), explode=False) == [("p", "x,1,y,2")]


def test_encode_query_sends_nested_objects_as_json() -> None:
    assert encode_query("f", [{"a": 1}], explode=True) == [("f", '{"a":1}')]


def test_encode_query_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="matrix"):
        encode_query("q", "x", style="matrix")


# --- headers and cookies ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "explode", "expected"),
    [
        pytest.param("abc", False, "abc", id="string"),
        pytest.param(5, False, "5", id="int"),
        pytest.param(True, False, "true", id="bool"),
        pytest.param(Color.RED, False, "red", id="enum"),
        pytest.param(["a", "b", 3], False, "a,b,3", id="array"),
        pytest.param({"role": "admin", "n": 2}, False, "role,admin,n,2", id="object"),
        pytest.param({"role": "admin", "n": 2}, True, "role=admin,n=2", id="object-explode"),
    ],
)
def test_encode_header_simple_style(value: object, explode: bool, expected: str) -> None:
    assert encode_header(value, explode=explode) == expected


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\x00b"])
def test_encode_header_rejects_line_breaks(value: str) -> None:
    with pytest.raises(ValueError, match="line breaks"):
        encode_header(value)


@pytest.mark.parametrize("value", [UNSET, None])
def test_encode_header_rejects_absent(value: object) -> None:
    with pytest.raises(ValueError, match="leave the header out"):
        encode_header(value)


def test_encode_cookie_escapes_separators() -> None:
    assert encode_cookie('a b;c,d"e%') == "a%20b%3Bc%2Cd%22e%25"
    assert encode_cookie(["x", "y z"]) == "x,y%20z"
    assert encode_cookie({"k": "v"}) == "k,v"
    assert encode_cookie(True) == "true"


# --- bodies --------------------------------------------------------------------


def test_to_jsonable_converts_recursively() -> None:
    value = {
        "point": Point(1),
        "color": Color.RED,
        "when": MOMENT,
        "day": DAY,
        "id": UID,
        "items": (1, Level.HIGH, [Point(2, 3)]),
        "skip": UNSET,
        "null": None,
        7: "int key",
    }
    assert to_jsonable(value) == {
        "point": {"x": 1, "y": None},
        "color": "red",
        "when": "2024-02-29T13:45:00+00:00",
        "day": "2024-02-29",
        "id": str(UID),
        "items": [1, 3, [{"x": 2, "y": 3}]],
        "null": None,
        "7": "int key",
    }


def test_to_jsonable_leaves_unknown_values_alone() -> None:
    marker = object()
    assert to_jsonable(marker) is marker
    assert to_jsonable("text") == "text"


def test_form_fields_stringify_values() -> None:
    fields = form_fields(
        {"name": "Ada", "admin": False, "tags": ["a", Color.RED], "meta": {"k": 1}, "gone": UNSET, "nil": None}
    )
    assert fields == {"name": "Ada", "admin": "false", "tags": ["a", "red"], "meta": '{"k":1}'}


def test_multipart_fields_split_files_from_fields() -> None:
    stream = io.BytesIO(b"streamed")
    fields, files = multipart_fields(
        {
            "title": "report",
            "count": 3,
            "raw": b"bytes",
            "named": ("a.txt", b"text", "text/plain"),
            "stream": stream,
            "many": [("1.bin", b"1"), ("2.bin", b"2")],
            "labels": ["x", "y"],
            "missing": UNSET,
        }
    )
    assert fields == {"title": "report", "count": "3", "labels": ["x", "y"]}
    assert files == [
        ("raw", b"bytes"),
        ("named", ("a.txt", b"text", "text/plain")),
        ("stream", stream),
        ("many", ("1.bin", b"1")),
        ("many", ("2.bin", b"2")),
    ]


def test_multipart_fields_accept_bytearray() -> None:
    _, files = multipart_fields({"f": bytearray(b"ab"), "g": (None, bytearray(b"cd"))})
    assert files == [("f", b"ab"), ("g", (None, b"cd"))]


def test_parse_retry_after_prefers_milliseconds() -> None:
    assert parse_retry_after({"retry-after-ms": "100", "retry-after": "5"}) == 0.1
    assert parse_retry_after({"retry-after-ms": "nan", "retry-after": "5"}) == 5.0
    assert parse_retry_after({"retry-after": "inf"}) is None
    assert parse_retry_after({}) is None
