"""Decoding an event stream as its bytes arrive: server-sent events, JSON lines and JSON text sequences.

Each decoder is fed the body chunk by chunk (:meth:`SSEDecoder.feed`) and gives
out the items completed so far; it keeps only the line, or the event, being
read.  So memory stays flat however long a stream runs, and one line (or one
event, or one record) longer than :data:`MAX_EVENT_SIZE` raises
:class:`EventTooLargeError` instead of growing without bound.

Server-sent events follow the WHATWG HTML standard ("Server-sent events",
section 9.2.6, "Interpreting an event stream"):

* the body is UTF-8 (invalid sequences replaced), a leading byte order mark is
  dropped, and lines end with CRLF, LF or CR;
* a line starting with ``:`` is a comment (servers send them as keep-alives);
* ``field: value`` lines (one space after the colon dropped) fill the fields:
  ``data`` lines are joined with LF, ``event`` names the type (``message`` when
  not given), ``id`` sets the last event id unless it holds NUL and stays set
  for later events, ``retry`` takes ASCII digits only; other fields are ignored;
* an empty line dispatches the event, unless no ``data`` line was seen;
* an event still pending when the stream ends is discarded.

JSON lines (``application/jsonl``, ``application/x-ndjson``) are one JSON value
per line, blank lines skipped; JSON text sequences (``application/json-seq``,
RFC 7464) are records each starting with the RS character (0x1E).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Final, Literal, TypeAlias

import attrs

__all__ = [
    "MAX_EVENT_SIZE",
    "EventTooLargeError",
    "LineDecoder",
    "RecordDecoder",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamFormat",
    "decoder_for",
]

StreamFormat: TypeAlias = Literal["sse", "jsonl", "json-seq"]
"""How an event stream is framed: server-sent events, JSON lines, or JSON text sequences."""

MAX_EVENT_SIZE: Final = 16 * 1024 * 1024
"""The longest line, event or record a stream may send, in bytes (text characters for events)."""

_RS: Final = "\x1e"
_LINE_END: Final = re.compile(r"\r\n|\r|\n")


class EventTooLargeError(ValueError):
    """A line, event or record of the stream is longer than :data:`MAX_EVENT_SIZE`."""


@attrs.frozen
class ServerSentEvent:
    """One event of a ``text/event-stream`` response."""

    event: str = "message"
    """The event type: the ``event`` field, ``message`` when the event names none."""
    data: str = ""
    """The ``data`` lines, joined with LF."""
    id: str | None = None
    """The last event id the stream has set (it carries over to later events), if any."""
    retry: int | None = None
    """The reconnection time the event asks for, in milliseconds, if it gave one."""


class LineDecoder:
    """Bytes to text lines, ending at CRLF, LF or CR, each at most ``limit`` characters."""

    def __init__(self, limit: int = MAX_EVENT_SIZE) -> None:
        self._limit = limit
        self._text = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self._after_cr = (
            False  # the last chunk ended with CR: an LF starting the next one belongs to it
        )

    def feed(self, chunk: bytes) -> Iterator[str]:
        """The lines completed by ``chunk``."""
        return self._split(self._text.decode(chunk))

    def finish(self) -> Iterator[str]:
        """The lines completed at the end of the body: the last one, if it has no line ending."""
        yield from self._split(self._text.decode(b"", final=True))
        if self._pending:
            yield self._pending
            self._pending = ""

    def _split(self, text: str) -> Iterator[str]:
        if self._after_cr and text.startswith("\n"):
            text, self._after_cr = text[1:], False
        if text:
            self._after_cr = text.endswith("\r")
        start = 0
        for end in _LINE_END.finditer(text):
            line, self._pending = self._pending + text[start : end.start()], ""
            self._check(len(line))
            yield line
            start = end.end()
        self._pending += text[start:]
        self._check(len(self._pending))

    def _check(self, size: int) -> None:
        if size > self._limit:
            raise EventTooLargeError(
                f"a line of the stream is longer than {self._limit} characters"
            )


@attrs.define
class _Fields:
    """The fields of the event being read."""

    event: str = ""
    data: list[str] = attrs.field(factory=list)
    size: int = 0
    retry: int | None = None


class SSEDecoder:
    """Bytes to :class:`ServerSentEvent`, as the WHATWG standard interprets an event stream."""

    def __init__(self, limit: int = MAX_EVENT_SIZE) -> None:
        self._limit = limit
        self._lines = LineDecoder(limit)
        self._fields = _Fields()
        self._last_id: str | None = None
        self._first = True

    def feed(self, chunk: bytes) -> Iterator[ServerSentEvent]:
        """The events completed by ``chunk``."""
        for line in self._lines.feed(chunk):
            event = self.line(line)
            if event is not None:
                yield event

    def finish(self) -> Iterator[ServerSentEvent]:
        """The events completed at the end of the body; a pending event without its empty line is discarded."""
        for line in self._lines.finish():
            event = self.line(line)
            if event is not None:
                yield event

    def line(self, line: str) -> ServerSentEvent | None:
        """Take one line; the event it dispatches, if any."""
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        self._field(name, value)
        return None

    def _field(self, name: str, value: str) -> None:
        fields = self._fields
        if name == "data":
            fields.size += len(value) + 1
            if fields.size > self._limit:
                raise EventTooLargeError(
                    f"an event of the stream is longer than {self._limit} characters"
                )
            fields.data.append(value)
        elif name == "event":
            fields.event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            fields.retry = int(value)

    def _dispatch(self) -> ServerSentEvent | None:
        fields, self._fields = self._fields, _Fields()
        if not fields.data:
            return None
        return ServerSentEvent(
            event=fields.event or "message",
            data="\n".join(fields.data),
            id=self._last_id,
            retry=fields.retry,
        )


class RecordDecoder:
    """Bytes to the text of each JSON record: one a line (JSON lines), or one after each RS (RFC 7464)."""

    def __init__(self, sequence: bool, limit: int = MAX_EVENT_SIZE) -> None:
        self._sequence = sequence
        self._limit = limit
        self._lines = LineDecoder(limit)
        self._record: list[str] = []
        self._size = 0

    def feed(self, chunk: bytes) -> Iterator[str]:
        """The records completed by ``chunk``."""
        for line in self._lines.feed(chunk):
            yield from self._take(line)

    def finish(self) -> Iterator[str]:
        """The records completed at the end of the body."""
        for line in self._lines.finish():
            yield from self._take(line)
        yield from self._flush()

    def _take(self, line: str) -> Iterator[str]:
        if not self._sequence:
            if line.strip():
                yield line
            return
        # A record starts at RS; a record may hold line breaks (JSON allows them between tokens).
        parts = line.split(_RS)
        if len(parts) > 1:
            self._append(parts[0])
            yield from self._flush()
            for part in parts[1:-1]:
                self._append(part)
                yield from self._flush()
            line = parts[-1]
        self._append(line)

    def _append(self, text: str) -> None:
        self._size += len(text) + 1
        if self._size > self._limit:
            raise EventTooLargeError(
                f"a record of the stream is longer than {self._limit} characters"
            )
        self._record.append(text)

    def _flush(self) -> Iterator[str]:
        text = "\n".join(self._record).strip()
        self._record, self._size = [], 0
        if text:
            yield text


def decoder_for(fmt: StreamFormat) -> SSEDecoder | RecordDecoder:
    """A new decoder for a stream framed as ``fmt``."""
    return SSEDecoder() if fmt == "sse" else RecordDecoder(sequence=fmt == "json-seq")
