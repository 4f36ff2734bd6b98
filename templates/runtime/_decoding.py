"""Turning a response body into Python values, with every failure the client's own error.

A body is JSON only if it is what RFC 8259 allows (parsed by ``_json.loads``: the standard
library's rules, msgspec's speed when it is installed): text in UTF-8 (or UTF-16/32,
which :func:`json.detect_encoding` recognises), without ``NaN``, ``Infinity`` or
``-Infinity``, which JSON does not have.  Any body that cannot be decoded,
whether it is not JSON, nests deeper than Python's recursion limit, holds an
integer with more digits than Python converts (``sys.get_int_max_str_digits()``),
or needs more memory than there is, and any ``cast`` that fails on the decoded
value, including one that recurses too deep, raises
:class:`APIResponseValidationError` naming the status, the request id and the
start of the body, never a bare built-in error.

Error bodies (statuses other than 2xx) are decoded the same way, but a failure
there does not hide the status: the :class:`APIStatusError` subclass is raised
with the body kept as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Literal, NamedTuple, TypeAlias, TypeVar

import httpx

from ._exceptions import APIResponseValidationError, find_request_id
from ._json import loads
from ._logs import logger

__all__ = [
    "RESPONSE_KINDS",
    "ErrorDecoders",
    "ResponseKind",
    "ResponseKindInfo",
    "cast_body",
    "decode_error_body",
    "decode_success",
    "request_id_of",
]

T = TypeVar("T")

ResponseKind: TypeAlias = Literal["json", "text", "bytes", "none", "stream"]
"""How to decode a successful response body before ``cast`` sees it (``"stream"``: it is not read;
``cast`` gets the response and returns the stream reading it, see :mod:`._stream`)."""

ErrorDecoders: TypeAlias = Mapping[str, Callable[[Any], object]]
"""Decoders for error bodies by status: ``"404"``, then ``"4XX"``, then ``"default"``."""

EXCERPT: Final = 80
"""Characters of the body, and of a decoder's complaint, that an error message quotes."""

# What decoding JSON or text raises on a bad body: ValueError covers malformed JSON,
# invalid UTF-8 (UnicodeDecodeError) and integers past the digit limit.
_BODY_ERRORS: Final = (ValueError, RecursionError, MemoryError)
# What a ``cast`` or an error decoder raises when the data does not fit the model.
_CAST_ERRORS: Final = (
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    RecursionError,
    MemoryError,
)


def _json(content: bytes) -> object:
    """The JSON value of ``content`` (msgspec parses it when installed, see ``_json``); raises one of
    ``_BODY_ERRORS`` when it is not JSON."""
    return loads(content)


def _short(text: str) -> str:
    return text if len(text) <= EXCERPT else f"{text[:EXCERPT]}..."


def _invalid(
    response: httpx.Response, problem: str, exc: BaseException, body: object
) -> APIResponseValidationError:
    request_id = find_request_id(response.headers, None)
    start = response.content[:EXCERPT].decode("utf-8", "replace")
    reason = f"{type(exc).__name__}: {_short(str(exc))}" if str(exc) else type(exc).__name__
    return APIResponseValidationError(
        f"Response body of status {response.status_code}"
        f"{f' (request id {_short(request_id)})' if request_id else ''} {problem}: {reason}; "
        f"the body begins {start!r}",
        response=response,
        body=body,
    )


class ResponseKindInfo(NamedTuple):
    """What one kind of response asks for and how its body is decoded."""

    accept: str
    """The ``Accept`` header of the request."""
    decode: Callable[[httpx.Response], object]
    """The body as the kind says; may raise one of ``_BODY_ERRORS``."""
    what: str
    """What the body should be, for messages (``JSON``)."""


def _text(response: httpx.Response) -> object:
    # httpx's encoding: the charset of Content-Type when Python knows it, else UTF-8.
    return response.content.decode(response.encoding or "utf-8")


RESPONSE_KINDS: Final[Mapping[str, ResponseKindInfo]] = {
    "json": ResponseKindInfo(
        "application/json", lambda r: _json(r.content) if r.content.strip() else None, "JSON"
    ),
    "text": ResponseKindInfo("*/*", _text, "text"),
    "bytes": ResponseKindInfo("*/*", lambda r: r.content, "bytes"),
    "none": ResponseKindInfo("application/json", lambda r: None, "nothing"),
    "stream": ResponseKindInfo("text/event-stream", lambda r: r, "an event stream"),
}
"""Every :data:`ResponseKind`, one entry each: a new kind of response is a new entry here, a name in
``ResponseKind`` and in the generator's ``ir.ResponseKind`` (a test keeps them equal)."""


def decode_success(response: httpx.Response, kind: ResponseKind) -> object:
    """The body of a 2xx response as ``kind`` says (see :data:`RESPONSE_KINDS`)."""
    info = RESPONSE_KINDS[kind]
    try:
        return info.decode(response)
    except _BODY_ERRORS as exc:
        body = None if isinstance(exc, MemoryError) else response.text
        raise _invalid(response, f"is not valid {info.what}", exc, body) from exc


def cast_body(cast: Callable[[Any], T], data: object, response: httpx.Response) -> T:
    """``cast(data)``, its failure an :class:`APIResponseValidationError`."""
    try:
        return cast(data)
    except _CAST_ERRORS as exc:
        body = None if isinstance(exc, RecursionError | MemoryError) else data
        raise _invalid(response, "does not match the expected type", exc, body) from exc


def decode_error_body(response: httpx.Response, errors: ErrorDecoders) -> object:
    """The body of a response that is not 2xx, for :attr:`APIStatusError.body`.

    The error model the API declares for the status when the body matches it;
    else the decoded JSON; else the text; ``None`` for an empty body.
    """
    if not response.content:
        return None
    try:
        body = _json(response.content)
    except _BODY_ERRORS:
        return response.text
    decode = _error_decoder(errors, response.status_code)
    if decode is None:
        return body
    try:
        return decode(body)
    except _CAST_ERRORS:
        logger.debug(
            "Error body of %s does not match its declared model; keeping the raw JSON",
            response.status_code,
        )
        return body


def request_id_of(response: httpx.Response, kind: ResponseKind) -> str | None:
    """The request id from the headers, else from a JSON object body; ``None`` when neither has one."""
    found = find_request_id(response.headers, None)
    if found is not None or kind != "json":
        return found
    try:
        body = _json(response.content)
    except _BODY_ERRORS:
        return None
    return find_request_id(response.headers, body) if isinstance(body, Mapping) else None


def _error_decoder(errors: ErrorDecoders, status: int) -> Callable[[Any], object] | None:
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in errors:
            return errors[key]
    return None
