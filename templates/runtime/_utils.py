"""Encoding of request values: paths, query parameters, headers, cookies and bodies.

Generated resource methods never format URLs or bodies themselves; they call the
helpers here, which follow OpenAPI's serialization rules:

* :func:`path_template` fills ``{name}`` placeholders, one escaped segment each.
* :func:`encode_query` serializes a query parameter in any OpenAPI ``style``.
* :func:`encode_header` and :func:`encode_cookie` serialize header and cookie values.
* :func:`to_jsonable` turns models, enums and dates into plain JSON values.
* :func:`form_fields` and :func:`multipart_fields` prepare form bodies.
* :func:`encode_body` turns the body of a call into what httpx sends.

Scalars are written the same way everywhere: booleans as ``true``/``false``, enums
by value, dates and times in ISO 8601, UUIDs in their canonical form.
"""

from __future__ import annotations

import datetime as dt
import decimal
import email.utils
import enum
import io
import json
import math
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import PurePath
from typing import IO, Any, Final, Literal, TypeAlias, TypeGuard, cast
from urllib.parse import quote

import attrs
import httpx

from ._types import FileContent, Files, FileTypes, Unset

__all__ = [
    "EncodedBody",
    "QueryStyle",
    "encode_body",
    "encode_cookie",
    "encode_header",
    "encode_query",
    "form_fields",
    "multipart_fields",
    "parse_retry_after",
    "path_template",
    "to_jsonable",
]

QueryStyle: TypeAlias = Literal["form", "spaceDelimited", "pipeDelimited", "deepObject"]
"""The OpenAPI ``style`` values that apply to query parameters."""

_QUERY_STYLES: Final = frozenset({"form", "spaceDelimited", "pipeDelimited", "deepObject"})
_Sequence: TypeAlias = list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any]

_PLACEHOLDER: Final = re.compile(r"\{([^{}]*)\}")
_FORBIDDEN_SEGMENTS: Final = frozenset({"", ".", ".."})
# RFC 6265 cookie-octet, less "%" (the escape character) and "," (our list separator).
_COOKIE_SAFE: Final = "!#$&'()*+-./:<=>?@[]^_`{|}~"
_HEADER_FORBIDDEN: Final = re.compile(r"[\r\n\x00]")
_DELIMITERS: Final[Mapping[str, str]] = {
    "form": ",",
    "spaceDelimited": " ",
    "pipeDelimited": "|",
}


# --- scalars -----------------------------------------------------------------


def _is_absent(value: object) -> bool:
    return value is None or isinstance(value, Unset)


def _scalar_text(value: object) -> str | None:
    """The text of a scalar value, or ``None`` when ``value`` is not a scalar."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):  # datetime is a subclass of date
        return value.isoformat()
    return None


def _text(value: object) -> str:
    """The text of a scalar, or compact JSON for anything else (a nested object)."""
    text = _scalar_text(value)
    if text is not None:
        return text
    return json.dumps(to_jsonable(value), separators=(",", ":"), ensure_ascii=False)


def _plain(value: object) -> object:
    """``value`` with a model (anything with ``to_dict()``) replaced by its dict."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return to_dict()
    return value


def _is_sequence(value: object) -> TypeGuard[_Sequence]:
    return isinstance(value, (list, tuple, set, frozenset))


def _items(value: Mapping[Any, object]) -> Iterator[tuple[str, object]]:
    for key, item in value.items():
        if not _is_absent(item):
            yield str(key), item


def _elements(value: _Sequence) -> Iterator[object]:
    return (item for item in value if not _is_absent(item))


# --- paths -------------------------------------------------------------------


def path_template(template: str, /, **params: object) -> str:
    """Fill the ``{name}`` placeholders of ``template`` with escaped values.

    Each value becomes exactly one path segment: everything except the RFC 3986
    unreserved characters (``A-Z a-z 0-9 - . _ ~``) is percent-encoded as UTF-8,
    so ``"a/b c"`` becomes ``a%2Fb%20c``.

    Raises:
        ValueError: a value is ``""``, ``"."`` or ``".."`` (which would change
            which resource the URL names), a placeholder has no value, or a
            value has no placeholder.
        TypeError: a value is not a string, number, boolean, enum, UUID or date.
    """
    used: set[str] = set()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise ValueError(f"path {template!r} needs a value for {{{name}}}")
        used.add(name)
        return _path_segment(name, params[name])

    path = _PLACEHOLDER.sub(fill, template)
    unused = sorted(params.keys() - used)
    if unused:
        raise ValueError(f"path {template!r} has no placeholder for {', '.join(unused)}")
    return path


def _path_segment(name: str, value: object) -> str:
    if _is_absent(value):
        raise ValueError(f"path parameter {name!r} must be given, got {value!r}")
    text = _scalar_text(value)
    if text is None:
        raise TypeError(
            f"path parameter {name!r} must be a string, number, boolean, enum, UUID or date, got {type(value).__name__}"
        )
    if text in _FORBIDDEN_SEGMENTS:
        raise ValueError(f"path parameter {name!r} must not be {text!r}")
    return quote(text, safe="")


# --- query, headers, cookies ---------------------------------------------------


def encode_query(
    name: str, value: object, *, style: str = "form", explode: bool = True
) -> list[tuple[str, str]]:
    """Serialize one query parameter into ``(name, value)`` pairs.

    Follows OpenAPI's ``style``/``explode`` rules, for example with
    ``name="color"``:

    =====================  ===========================  =====================
    style, explode         ``["a", "b"]``               ``{"R": 1, "G": 2}``
    =====================  ===========================  =====================
    form, true             ``color=a&color=b``          ``R=1&G=2``
    form, false            ``color=a,b``                ``color=R,1,G,2``
    spaceDelimited, false  ``color=a b``                ``color=R 1 G 2``
    pipeDelimited, false   ``color=a|b``                ``color=R|1|G|2``
    deepObject             ``color=a&color=b``          ``color[R]=1&color[G]=2``
    =====================  ===========================  =====================

    Combinations OpenAPI leaves undefined (delimited styles with ``explode``,
    scalars in any style) fall back to ``form``.  ``UNSET`` and ``None`` are left
    out, and so are empty lists and objects (they are "undefined" in RFC 6570).
    Nested objects inside a list or object are sent as compact JSON, except in
    ``deepObject``, which nests them as ``color[a][b]=1``.

    Returns pairs of text; the HTTP client percent-encodes them.

    Raises:
        ValueError: ``style`` is not one of :data:`QueryStyle`.
    """
    if style not in _QUERY_STYLES:
        raise ValueError(f"unknown query parameter style {style!r}")
    value = _plain(value)
    if _is_absent(value):
        return []
    if isinstance(value, Mapping):
        if style == "deepObject":
            return list(_deep_object(name, value))
        items = list(_items(value))
        if explode and style == "form":
            return [(key, _text(item)) for key, item in items]
        flat = [text for key, item in items for text in (key, _text(item))]
        return [(name, _DELIMITERS.get(style, ",").join(flat))] if flat else []
    if _is_sequence(value):
        texts = [_text(item) for item in _elements(value)]
        if explode or style == "deepObject":
            return [(name, text) for text in texts]
        return [(name, _DELIMITERS.get(style, ",").join(texts))] if texts else []
    return [(name, _text(value))]


def _deep_object(prefix: str, value: Mapping[Any, object]) -> Iterator[tuple[str, str]]:
    for key, item in _items(value):
        item = _plain(item)
        name = f"{prefix}[{key}]"
        if isinstance(item, Mapping):
            yield from _deep_object(name, item)
        elif _is_sequence(item):
            yield from ((name, _text(element)) for element in _elements(item))
        else:
            yield name, _text(item)


def encode_header(value: object, *, explode: bool = False) -> str:
    """Serialize a header parameter value (OpenAPI style ``simple``).

    Lists become ``a,b``; objects ``k1,v1,k2,v2``, or ``k1=v1,k2=v2`` with
    ``explode``.  Leave a header out rather than passing ``UNSET`` or ``None``.

    Raises:
        ValueError: the value is ``UNSET`` or ``None``, or its text contains a
            line break or NUL (which would let it inject further headers).
    """
    text = _simple(value, explode=explode, what="header")
    if _HEADER_FORBIDDEN.search(text):
        raise ValueError("header value must not contain line breaks or NUL characters")
    return text


def encode_cookie(value: object) -> str:
    """Serialize a cookie parameter value (OpenAPI style ``form``, not exploded).

    Lists become ``a,b`` and objects ``k1,v1,k2,v2``; each item is
    percent-encoded so that it cannot contain ``;``, ``,``, spaces or quotes.
    Leave a cookie out rather than passing ``UNSET`` or ``None``.

    Raises:
        ValueError: the value is ``UNSET`` or ``None``.
    """
    return _simple(value, explode=False, what="cookie", escape=_escape_cookie)


def _escape_cookie(text: str) -> str:
    return quote(text, safe=_COOKIE_SAFE)


def _simple(
    value: object,
    *,
    explode: bool,
    what: str,
    escape: Callable[[str], str] = str,
) -> str:
    value = _plain(value)
    if _is_absent(value):
        raise ValueError(f"{what} value must be given, got {value!r}; leave the {what} out")
    if isinstance(value, Mapping):
        items = [(escape(key), escape(_text(item))) for key, item in _items(value)]
        if explode:
            return ",".join(f"{key}={item}" for key, item in items)
        return ",".join(text for pair in items for text in pair)
    if _is_sequence(value):
        return ",".join(escape(_text(item)) for item in _elements(value))
    return escape(_text(value))


# --- bodies --------------------------------------------------------------------


def to_jsonable(value: object) -> object:
    """Convert ``value`` into plain JSON values (dict, list, str, int, float, bool, None).

    Models (anything with ``to_dict()``) become dicts, enums their value, dates
    and times ISO 8601 text, UUIDs and decimals text.  Dict entries whose value
    is ``UNSET`` are dropped; ``None`` is kept as JSON ``null``.  Other values
    are returned unchanged.
    """
    value = _plain(value)
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, (bool, int, float, str, Unset)):
        return value
    if isinstance(value, Mapping):
        return {
            str(key): to_jsonable(item)
            for key, item in value.items()
            if not isinstance(item, Unset)
        }
    if _is_sequence(value):
        return [to_jsonable(item) for item in value if not isinstance(item, Unset)]
    text = _scalar_text(value)
    return value if text is None else text


def form_fields(data: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Prepare an ``application/x-www-form-urlencoded`` body for httpx's ``data=``.

    Scalars become text (see :func:`encode_query`), lists become repeated
    fields, nested objects compact JSON.  ``UNSET`` and ``None`` are left out.
    """
    fields: dict[str, str | list[str]] = {}
    for name, value in _items(_plain_mapping(data)):
        value = _plain(value)
        if _is_sequence(value):
            fields[name] = [_text(item) for item in _elements(value)]
        else:
            fields[name] = _text(value)
    return fields


def multipart_fields(
    data: Mapping[str, object], part_types: Mapping[str, str] | None = None
) -> tuple[dict[str, str | list[str]], list[tuple[str, FileTypes]]]:
    """Split a ``multipart/form-data`` body into httpx's ``data=`` and ``files=``.

    Files are ``bytes``, binary file objects, ``(filename, content)`` or
    ``(filename, content, content_type)`` tuples, or lists of those; every
    other value is converted as in :func:`form_fields`.  ``part_types`` gives
    the ``Content-Type`` the API declares for a part, by field name: a file
    given without its own type is sent with it, and any other field becomes a
    part of that type (``application/json`` for an object, say).  httpx chooses
    a fresh random boundary for each request.
    """
    types = part_types or {}
    fields: dict[str, str | list[str]] = {}
    files: list[tuple[str, FileTypes]] = []
    for name, value in _items(_plain_mapping(data)):
        upload = _as_file(value)
        if upload is not None:
            files.append((name, _typed_upload(upload, types.get(name))))
            continue
        if _is_sequence(value):
            uploads = [_as_file(item) for item in _elements(value)]
            if uploads and all(upload is not None for upload in uploads):
                files.extend(
                    (name, _typed_upload(upload, types.get(name)))
                    for upload in uploads
                    if upload is not None
                )
                continue
        encoded = form_fields({name: value})
        declared = types.get(name)
        if declared is None:
            fields.update(encoded)
            continue
        for values in encoded.values():
            files.extend((name, (None, text.encode("utf-8"), declared)) for text in _texts(values))
    return fields, files


def _texts(values: str | list[str]) -> list[str]:
    return [values] if isinstance(values, str) else values


def _typed_upload(upload: FileTypes, declared: str | None) -> FileTypes:
    """``upload`` with the declared part type when it brings none of its own."""
    if declared is None:
        return upload
    if not isinstance(upload, tuple):
        return (PurePath(str(getattr(upload, "name", "upload"))).name, upload, declared)
    if len(upload) == 2:
        return (upload[0], upload[1], declared)
    return upload if upload[2] is not None else (upload[0], upload[1], declared)


def _plain_mapping(data: Mapping[str, object]) -> Mapping[Any, object]:
    plain = _plain(data)
    if not isinstance(plain, Mapping):
        raise TypeError(f"form body must be a mapping, got {type(plain).__name__}")
    return plain


def _as_file(value: object) -> FileTypes | None:
    """``value`` as an upload, or ``None`` when it is not one."""
    if not isinstance(value, tuple):
        return _as_file_content(value)
    if len(value) not in (2, 3) or not (value[0] is None or isinstance(value[0], str)):
        return None
    filename: str | None = value[0]
    content = _as_file_content(value[1])
    if content is None:
        return None
    if len(value) == 2:
        return (filename, content)
    content_type = value[2]
    if content_type is None or isinstance(content_type, str):
        return (filename, content, content_type)
    return None


def _as_file_content(value: object) -> FileContent | None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, (str, io.TextIOBase)) or not callable(getattr(value, "read", None)):
        return None
    return cast("IO[bytes]", value)


# --- responses -----------------------------------------------------------------


def parse_retry_after(headers: httpx.Headers | Mapping[str, str]) -> float | None:
    """Seconds the server asked to wait, from ``retry-after-ms`` or ``Retry-After``.

    ``Retry-After`` may be a number of seconds or an HTTP date; a date in the
    past means "now" (0).  Returns ``None`` when neither header is present or
    parseable.
    """
    headers = httpx.Headers(headers)
    milliseconds = _finite(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _finite(value)
    if seconds is not None:
        return seconds
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    try:
        when = email.utils.mktime_tz(parsed)
    except (OverflowError, ValueError):
        return None
    return max(0.0, when - time.time())


def _finite(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


@attrs.frozen
class EncodedBody:
    """A request body as httpx takes it: raw content, form fields, or multipart uploads."""

    content: bytes | None = None
    data: Mapping[str, str | list[str]] | None = None
    files: list[tuple[str, FileTypes]] | None = None
    content_type: str | None = None


def encode_body(
    *,
    json_body: object,
    form: Mapping[str, object] | None,
    files: Files | None,
    data: Mapping[str, object] | None,
    content: bytes | None,
    content_type: str | None,
    extra_body: Mapping[str, object] | None,
) -> EncodedBody:
    """The body of a request from the one kind given (JSON, form, multipart or raw), with ``extra_body`` merged in."""
    multipart = files is not None or data is not None
    given = [not isinstance(json_body, Unset), form is not None, multipart, content is not None]
    if sum(given) > 1:
        raise TypeError("pass only one of json, form, files/data or content")
    extra = dict(extra_body or {})

    if form is not None:
        return EncodedBody(data=form_fields({**form, **extra}))
    if multipart:
        fields = form_fields({**(data or {}), **extra})
        uploads = list(files.items() if isinstance(files, Mapping) else files or ())
        if not uploads:
            # httpx sends fields without files as a urlencoded form; sending them
            # as nameless "files" keeps the body multipart.
            uploads = [
                (name, (None, text.encode()))
                for name, values in fields.items()
                for text in ([values] if isinstance(values, str) else values)
            ]
            return EncodedBody(files=uploads)
        return EncodedBody(data=fields, files=uploads)
    if content is not None:
        if extra:
            raise TypeError("extra_body cannot be merged into a raw body")
        return EncodedBody(content=content, content_type=content_type)
    if isinstance(json_body, Unset) and not extra:
        return EncodedBody()

    payload = {} if isinstance(json_body, Unset) else to_jsonable(json_body)
    extra_payload = to_jsonable(extra)  # a dict without the UNSET entries
    if extra and isinstance(extra_payload, dict):
        if not isinstance(payload, dict):
            raise TypeError("extra_body can only be merged into a JSON object body")
        payload = {**payload, **extra_payload}
    encoded = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # The spec's own JSON media type when it has one (``application/vnd.api+json``), else plain JSON.
    return EncodedBody(
        content=encoded.encode("utf-8"), content_type=content_type or "application/json"
    )
