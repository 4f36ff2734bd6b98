"""Reading one response body within two bounds: a size cap and a deadline.

Requests are sent with ``stream=True``: :func:`read_body` (and :func:`aread_body`
for the async client) then reads the body chunk by chunk and stores it on the
response, so that ``response.content`` works as usual afterwards.

The size cap (``max_response_size``, default
:data:`~._constants.DEFAULT_MAX_RESPONSE_SIZE`) counts the body after its
``Content-Encoding`` is undone.  The client undoes ``gzip`` and ``deflate``
itself, in any number of layers, giving out at most :data:`PIECE` bytes per
step, so a small compressed body that would inflate to gigabytes (a "gzip
bomb") is stopped once the cap is passed, having inflated no more than the cap
plus one piece.  The request asks for those two encodings only
(``Accept-Encoding: gzip, deflate``); a body in any other encoding is kept as
received, as httpx does with an encoding it cannot undo.  Past the cap, the
connection is closed and :class:`APIResponseTooLargeError` is raised, whatever
the status.  Holding a body at the cap takes about twice the cap for a moment,
while its pieces are joined.

The deadline comes from :class:`CallClock`, which keeps the time limits of one
call (see :mod:`._constants` for the policy).  The read timeout of the body is
cut to the time left when the body begins, and a chunk that arrives after the
deadline ends the attempt with :class:`httpx.ReadTimeout`, which the client
treats like any other timeout.
"""

from __future__ import annotations

import contextlib
import itertools
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import httpx

from ._constants import MAX_RETRY_DELAY
from ._exceptions import APIResponseTooLargeError
from ._types import TimeoutTypes

__all__ = ["ACCEPT_ENCODING", "PIECE", "CallClock", "aread_body", "attempt_budget", "read_body"]

ACCEPT_ENCODING: Final = "gzip, deflate"
"""The content encodings a request accepts: the ones :class:`_Inflater` undoes."""

PIECE: Final = 64 * 1024
"""The most bytes one step of inflating a compressed body gives out."""

# A timeout of zero would make a socket non-blocking rather than time out at once.
_SHORTEST: Final = 0.001

_ZLIB_WBITS: Final = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


def attempt_budget(timeout: TimeoutTypes) -> float | None:
    """Seconds one attempt may take end to end, or ``None`` for no limit.

    A number is the budget itself; an :class:`httpx.Timeout` gives its longest
    part, unless one of its parts is ``None`` (no limit on that step).
    """
    if timeout is None or isinstance(timeout, int | float):
        return None if timeout is None else float(timeout)
    parts = timeout.as_dict().values()
    return None if None in parts else max(part for part in parts if part is not None)


class CallClock:
    """The time limits of one call: a deadline per attempt, and a ceiling over the whole call.

    The ceiling is ``(max_retries + 1) * budget + max_retries * MAX_RETRY_DELAY``
    seconds after the first attempt starts; every attempt's deadline is its budget
    after it starts, or the ceiling if that comes first.
    """

    def __init__(self, timeout: TimeoutTypes, max_retries: int) -> None:
        self._timeout = timeout
        self._budget = attempt_budget(timeout)
        self._span = (
            None
            if self._budget is None
            else (max_retries + 1) * self._budget + max_retries * MAX_RETRY_DELAY
        )
        self.deadline: float | None = None
        """When the current attempt must end (:func:`time.monotonic`), if ever."""
        self.ceiling: float | None = None
        """When the whole call must end (:func:`time.monotonic`), once it started, if ever."""

    def start_attempt(self) -> TimeoutTypes:
        """Start an attempt; its timeout, each part cut to the time left before its deadline."""
        if self._budget is None or self._span is None:
            return self._timeout
        now = time.monotonic()
        if self.ceiling is None:  # the first attempt: the call starts now, with a whole budget
            self.ceiling = now + self._span
            left = self._budget
        else:
            left = max(min(self._budget, self.ceiling - now), _SHORTEST)
        self.deadline = now + left
        if left == self._budget:
            return self._timeout
        parts = httpx.Timeout(self._timeout).as_dict()
        return httpx.Timeout(
            **{name: None if part is None else min(part, left) for name, part in parts.items()}
        )

    def allows_wait(self, delay: float) -> bool:
        """Whether waiting ``delay`` seconds before another attempt stays within the ceiling."""
        return self.ceiling is None or time.monotonic() + delay < self.ceiling

    def check(self, request: httpx.Request) -> None:
        """Raise :class:`httpx.ReadTimeout` if the current attempt is past its deadline."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise httpx.ReadTimeout(
                "The response did not arrive in full within the timeout", request=request
            )

    @contextlib.contextmanager
    def reads_bounded(self, request: httpx.Request) -> Iterator[None]:
        """Within the block, each read of the response body waits at most the time left now.

        httpcore looks up ``request.extensions["timeout"]["read"]`` when the body
        begins, so the read timeout is cut there for the block and put back after.
        """
        timeouts = request.extensions.get("timeout")
        read = timeouts.get("read") if isinstance(timeouts, dict) else None
        if self.deadline is None or not isinstance(timeouts, dict) or read is None:
            yield
            return
        timeouts["read"] = min(read, max(self.deadline - time.monotonic(), _SHORTEST))
        try:
            yield
        finally:
            timeouts["read"] = read


class _Inflater:
    """Undoes one ``gzip`` or ``deflate`` layer, giving out at most :data:`PIECE` bytes a step."""

    def __init__(self, encoding: str, request: httpx.Request) -> None:
        self._encoding = encoding
        self._request = request
        self._zlib = zlib.decompressobj(_ZLIB_WBITS[encoding])
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            piece = self._step(data)
            if piece:
                yield piece
            data = self._zlib.unconsumed_tail
            if not data and len(piece) < PIECE:
                return

    def finish(self) -> Iterator[bytes]:
        yield from self.feed(b"")
        try:
            yield self._zlib.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(f"{self._encoding}: {exc}", request=self._request) from exc

    def _step(self, data: bytes) -> bytes:
        first, self._started = not self._started, True
        try:
            return self._zlib.decompress(data, PIECE)
        except zlib.error as exc:
            if not (first and self._encoding == "deflate"):
                raise httpx.DecodingError(
                    f"{self._encoding}: {exc}", request=self._request
                ) from exc
        # Some servers send raw deflate, without the zlib header; httpx accepts it too.
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._step(data)


def _feed_each(
    feed: Callable[[bytes], Iterator[bytes]], pieces: Iterable[bytes]
) -> Iterator[bytes]:
    for piece in pieces:
        yield from feed(piece)


class _BodyReader:
    """The decoded pieces of one body so far, checked against the cap and the deadline."""

    def __init__(self, response: httpx.Response, limit: int | None, clock: CallClock) -> None:
        self._response = response
        self._limit = limit
        self._clock = clock
        self._pieces: list[bytes] = []
        self._size = 0
        encodings = [
            name.strip().lower() for name in response.headers.get_list("content-encoding", True)
        ]
        # The last encoding applied is undone first; identity and unknown ones are left alone.
        self._layers = [
            _Inflater(name, response.request) for name in reversed(encodings) if name in _ZLIB_WBITS
        ]

    def add(self, raw: bytes) -> None:
        self._clock.check(self._response.request)
        pieces: Iterable[bytes] = (raw,)
        for layer in self._layers:
            pieces = _feed_each(layer.feed, pieces)
        self._keep(pieces)

    def finish(self) -> None:
        pieces: Iterable[bytes] = ()
        for layer in self._layers:
            pieces = itertools.chain(_feed_each(layer.feed, pieces), layer.finish())
        self._keep(pieces)
        # Stored where httpx keeps a body it read itself, so .content and .text work.
        self._response._content = b"".join(self._pieces)
        self._pieces.clear()

    def _keep(self, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            self._size += len(piece)
            if self._limit is not None and self._size > self._limit:
                self._pieces.clear()
                raise _too_large(self._response, self._limit)
            self._pieces.append(piece)


def _too_large(response: httpx.Response, limit: int) -> APIResponseTooLargeError:
    return APIResponseTooLargeError(
        f"Response body of status {response.status_code} is longer than max_response_size "
        f"({limit} bytes); the connection was closed",
        response=response,
        limit=limit,
    )


def _read_already(response: httpx.Response, limit: int | None) -> bool:
    """Check the size of a body that was read before the client could (by a mock transport, an event hook)."""
    if not response.is_stream_consumed:
        return False
    if limit is not None and len(response.content) > limit:
        raise _too_large(response, limit)
    return True


def read_body(response: httpx.Response, limit: int | None, clock: CallClock) -> None:
    """Read the body of a streamed response within ``limit`` bytes and the clock's deadline.

    Raises:
        APIResponseTooLargeError: the decoded body is longer than ``limit``.
        httpx.ReadTimeout: the attempt's deadline passed before the body ended.
        httpx.DecodingError: the body is not valid gzip or deflate.
    """
    try:
        clock.check(response.request)
        if not _read_already(response, limit):
            body = _BodyReader(response, limit, clock)
            with clock.reads_bounded(response.request):
                for raw in response.iter_raw():
                    body.add(raw)
            body.finish()
    finally:
        response.close()


async def aread_body(response: httpx.Response, limit: int | None, clock: CallClock) -> None:
    """Like :func:`read_body`, for a response of the async client."""
    try:
        clock.check(response.request)
        if not _read_already(response, limit):
            body = _BodyReader(response, limit, clock)
            with clock.reads_bounded(response.request):
                async for raw in response.aiter_raw():
                    body.add(raw)
            body.finish()
    finally:
        await response.aclose()
