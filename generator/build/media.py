"""Media types beyond the one a method is typed for: the ``Accept`` header, and what is left untyped.

An operation may offer a body, or answer, in several media types.  The method is
typed for one of them (see :func:`.bodies.pick_content`); the ``Accept`` header
lists every type the success response declares, so the server knows them all, the
typed one preferred; the others are reported as info, since they are reached only
through the raw response (``with_raw_response``, asking for them with
``extra_headers={"Accept": ...}``).
"""

from __future__ import annotations

from typing import Any

from ..ir import BodyKind, ResponseKind, StreamFormat
from ..problems import Location, Problems

__all__ = [
    "DEFAULT_ACCEPT",
    "accept_header",
    "body_kind",
    "media_type",
    "pick_content",
    "pick_stream",
    "report_unused",
]

_BODY_PREFERENCE: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"),
    ("multipart/form-data", "multipart"),
    ("application/x-www-form-urlencoded", "form"),
    ("text/plain", "text"),
    ("application/octet-stream", "binary"),
)
_RANKING: list[BodyKind] = ["json", "multipart", "form", "text", "binary"]
"""Of the content types an operation offers, the one whose kind comes first here is used."""


def body_kind(content_type: str) -> BodyKind:
    """How a body of ``content_type`` is sent (or a response read)."""
    lowered = content_type.lower().split(";")[0].strip()
    if lowered == "application/json" or lowered.endswith("+json") or lowered == "*/*":
        return "json"
    for known, kind in _BODY_PREFERENCE:
        if lowered == known:
            return kind
    if lowered.startswith("text/"):
        return "text"
    return "binary"


def pick_content(content: Any) -> tuple[str, Any] | None:
    """The content type used of a ``content`` map, and its media object; None when there is none."""
    if not isinstance(content, dict) or not content:
        return None
    ranked = sorted(content.items(), key=lambda item: _RANKING.index(body_kind(str(item[0]))))
    content_type, media = ranked[0]
    return str(content_type), media if isinstance(media, dict) else {}


DEFAULT_ACCEPT: dict[ResponseKind, str] = {
    "json": "application/json",
    "text": "*/*",
    "bytes": "*/*",
    "none": "application/json",
    "stream": "text/event-stream",
}
"""The ``Accept`` the runtime sends for each kind of response when a method names none
(``RESPONSE_KINDS`` in the runtime's ``_decoding.py``; a test keeps them equal)."""

STREAM_FORMATS: dict[str, StreamFormat] = {
    "text/event-stream": "sse",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/json-seq": "json-seq",
}
"""The media types of event streams, read item by item as they arrive (see the runtime's ``_sse.py``)."""


def pick_stream(content: Any) -> tuple[str, StreamFormat, dict[str, Any]] | None:
    """The first event-stream media type of a ``content`` map, its format and media object; None when none."""
    if not isinstance(content, dict):
        return None
    for content_type, media in content.items():
        fmt = STREAM_FORMATS.get(media_type(str(content_type)))
        if fmt is not None:
            return str(content_type), fmt, media if isinstance(media, dict) else {}
    return None


_OTHER_QUALITY = "0.9"
"""The preference (``q``) the ``Accept`` header gives media types decoded otherwise than the typed one."""

_KIND_OF_BODY: dict[str, ResponseKind] = {"json": "json", "text": "text"}
"""How a response of each body kind is decoded; any other is bytes."""


def media_type(content_type: str) -> str:
    """``content_type`` without its parameters, in lower case (``text/csv; charset=utf-8`` -> ``text/csv``)."""
    return content_type.split(";")[0].strip().lower()


def response_kind(content_type: str) -> ResponseKind:
    """How a success response of ``content_type`` is decoded."""
    return _KIND_OF_BODY.get(body_kind(content_type), "bytes")


def accept_header(content: dict[str, Any], chosen: str) -> str:
    """The ``Accept`` header of an operation whose success response offers ``content``, typed as ``chosen``.

    The types read the same way as ``chosen`` come first, equally preferred; the others follow
    with ``q=0.9``.  Empty when it says no more than the runtime's default for the kind.
    """
    kind = response_kind(chosen)
    same = [media_type(chosen)]
    other: list[str] = []
    for content_type in content:
        plain = media_type(str(content_type))
        if plain and plain not in same and plain not in other:
            (same if response_kind(plain) == kind else other).append(plain)
    header = ", ".join([*same, *(f"{t};q={_OTHER_QUALITY}" for t in other)])
    return "" if header == DEFAULT_ACCEPT[kind] else header


_UNUSED = {
    "request body": "is not offered: the method sends {chosen!r}",
    "response": "is not typed (the method reads {chosen!r}): it is listed in Accept and read through with_raw_response",
    "error response": "is not typed (the error reads {chosen!r}): its body is kept in the error's body as text",
    "webhook body": "is not parsed: webhooks.unwrap reads {chosen!r}",
}
"""What happens to a media type the method is not typed for, by where it is offered."""


def report_unused(content: dict[str, Any], chosen: str, where: Location, problems: Problems, what: str) -> None:
    """Report, as info, each media type of ``content`` (a ``what`` of :data:`_UNUSED`) not typed as ``chosen``."""
    read_alike = response_kind(chosen) != "json" and what != "request body"
    for content_type in content:
        if read_alike and response_kind(str(content_type)) == response_kind(chosen):
            continue  # returned as the typed one is: bytes or text of whichever type the server sends
        if str(content_type) != chosen:
            outcome = _UNUSED[what].format(chosen=chosen)
            problems.info(
                where.child(str(content_type)), f"{what} media type {str(content_type)!r} {outcome}", "media-type"
            )
