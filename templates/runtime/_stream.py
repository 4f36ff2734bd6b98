"""Event streams: the typed items of a response read as they arrive.

A method whose response is an event stream (``text/event-stream``,
``application/jsonl``, ``application/x-ndjson``, ``application/json-seq``)
returns a :class:`Stream` (an :class:`AsyncStream` from the async client) as
soon as the response headers arrive.  Iterating it reads the body chunk by
chunk, decodes it (:mod:`._sse`) and gives out each item converted into the
declared type: a model of the spec, else the raw :class:`ServerSentEvent`.
Leaving the ``with`` block, reaching the end, or :meth:`Stream.close` closes
the connection.

What ends or breaks a stream:

* the end of the body, or a ``data: [DONE]`` event (the sentinel some vendors
  send last), ends the iteration;
* an event of type ``error``, or a JSON object whose ``error`` member is set,
  raises :class:`APIStreamError` with the decoded body;
* an item that is not JSON, or does not match its type, raises
  :class:`APIResponseValidationError`; a line, event or record longer than
  :data:`._sse.MAX_EVENT_SIZE` raises :class:`APIResponseTooLargeError`;
* a connection lost, or a read that waits longer than the read timeout, raises
  :class:`APIConnectionError` or :class:`APITimeoutError`.

The response's size cap (``max_response_size``) and the attempt's deadline do
not apply to a stream, which may run forever: each read waits at most the read
timeout, and memory holds one line or event at a time.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
)
from ._sse import (
    MAX_EVENT_SIZE,
    EventTooLargeError,
    ServerSentEvent,
    StreamFormat,
    decoder_for,
)

if TYPE_CHECKING:
    import typing_extensions

__all__ = [
    "AsyncStream",
    "ServerSentEvent",
    "Stream",
    "async_event_stream",
    "async_stream_of",
    "event_stream",
    "reading_errors",
    "stream_of",
]

T = TypeVar("T")

DONE: Final = "[DONE]"
"""The ``data`` of the event that ends a stream, for the vendors that send one."""

_CAST_ERRORS: Final = (LookupError, TypeError, ValueError, AttributeError, RecursionError)


class _End(Exception):
    """The stream's sentinel was read: no item follows."""


class _Items(Generic[T]):
    """Turns the pieces a decoder gives out (events, record texts) into items of ``T``."""

    def __init__(
        self, response: httpx.Response, item: Callable[[Any], T], json_items: bool
    ) -> None:
        self._response = response
        self._item = item
        self._json_items = json_items

    def take(self, piece: ServerSentEvent | str) -> T:
        """The item of ``piece``; raises :class:`_End` at the sentinel, or the stream's error."""
        if isinstance(piece, ServerSentEvent):
            if piece.data.strip() == DONE:
                raise _End
            if piece.event == "error":
                raise self._error(self._json_or_text(piece.data), piece)
            if not self._json_items:
                return self._item(piece)
            text = piece.data
        else:
            text = piece
        value = self._json(text)
        if isinstance(value, dict) and value.get("error"):
            raise self._error(value, piece if isinstance(piece, ServerSentEvent) else None)
        try:
            return self._item(value)
        except _CAST_ERRORS as exc:
            raise self._invalid(
                f"an item does not match its type: {type(exc).__name__}: {exc}", value
            ) from exc

    def _json(self, text: str) -> object:
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise self._invalid(f"an item is not valid JSON: {exc}", text) from exc

    @staticmethod
    def _json_or_text(text: str) -> object:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return text

    def _error(self, body: object, event: ServerSentEvent | None) -> APIStreamError:
        detail = body.get("error") if isinstance(body, dict) else body
        if isinstance(detail, dict) and isinstance(detail.get("message"), str):
            detail = detail["message"]
        shown = str(detail)[:200]
        return APIStreamError(
            f"The stream of {self._response.request.method} {self._response.request.url.path} "
            f"reported an error: {shown}",
            response=self._response,
            body=body,
            event=event,
        )

    def _invalid(self, problem: str, body: object) -> APIResponseValidationError:
        return APIResponseValidationError(
            f"Event stream of status {self._response.status_code}: {problem[:200]}",
            response=self._response,
            body=body,
        )


@contextlib.contextmanager
def reading_errors(response: httpx.Response) -> Iterator[None]:
    """httpx's errors while reading the body become the client's own."""
    try:
        yield
    except EventTooLargeError as exc:
        raise APIResponseTooLargeError(str(exc), response=response, limit=MAX_EVENT_SIZE) from exc
    except httpx.TimeoutException as exc:
        raise APITimeoutError(request=response.request) from exc
    except httpx.TransportError as exc:
        message = f"Connection lost while reading the body: {type(exc).__name__}"
        raise APIConnectionError(message, request=response.request) from exc
    except httpx.DecodingError as exc:  # a gzip or deflate body that does not inflate
        raise APIConnectionError(
            f"The body could not be decoded: {exc}", request=response.request
        ) from exc


class Stream(Generic[T]):
    """The items of a streamed response, read as they arrive: iterate it, preferably in a ``with`` block."""

    def __init__(
        self,
        response: httpx.Response,
        *,
        fmt: StreamFormat,
        item: Callable[[Any], T],
        json_items: bool = True,
    ) -> None:
        self._response = response
        self._iterator = self._read(fmt, _Items(response, item, json_items))

    @property
    def response(self) -> httpx.Response:
        """The HTTP response (status, headers); its body is the stream being read."""
        return self._response

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Close the connection; iteration ends."""
        self._iterator.close()
        self._response.close()

    def __enter__(self) -> typing_extensions.Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self, fmt: StreamFormat, items: _Items[T]) -> Generator[T, None, None]:
        decoder = decoder_for(fmt)
        try:
            with reading_errors(self._response):
                for chunk in self._response.iter_bytes():
                    for piece in decoder.feed(chunk):
                        yield items.take(piece)
                for piece in decoder.finish():
                    yield items.take(piece)
        except _End:
            return
        finally:
            self._response.close()

    def __repr__(self) -> str:
        return f"<Stream [{self._response.status_code}]>"


class AsyncStream(Generic[T]):
    """The items of a streamed response of the async client: ``async for`` over it, in an ``async with`` block."""

    def __init__(
        self,
        response: httpx.Response,
        *,
        fmt: StreamFormat,
        item: Callable[[Any], T],
        json_items: bool = True,
    ) -> None:
        self._response = response
        self._iterator = self._read(fmt, _Items(response, item, json_items))

    @property
    def response(self) -> httpx.Response:
        """The HTTP response (status, headers); its body is the stream being read."""
        return self._response

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        """Close the connection; iteration ends."""
        await self._iterator.aclose()
        await self._response.aclose()

    async def __aenter__(self) -> typing_extensions.Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _read(self, fmt: StreamFormat, items: _Items[T]) -> AsyncGenerator[T, None]:
        decoder = decoder_for(fmt)
        try:
            with reading_errors(self._response):
                async for chunk in self._response.aiter_bytes():
                    for piece in decoder.feed(chunk):
                        yield items.take(piece)
                for piece in decoder.finish():
                    yield items.take(piece)
        except _End:
            return
        finally:
            await self._response.aclose()

    def __repr__(self) -> str:
        return f"<AsyncStream [{self._response.status_code}]>"


def _event(event: ServerSentEvent) -> ServerSentEvent:
    return event


def stream_of(fmt: StreamFormat, item: Callable[[Any], T]) -> Callable[[httpx.Response], Stream[T]]:
    """The ``cast`` of a method returning a stream of JSON items, each converted by ``item``."""
    return lambda response: Stream(response, fmt=fmt, item=item)


def async_stream_of(
    fmt: StreamFormat, item: Callable[[Any], T]
) -> Callable[[httpx.Response], AsyncStream[T]]:
    """The async twin of :func:`stream_of`."""
    return lambda response: AsyncStream(response, fmt=fmt, item=item)


def event_stream() -> Callable[[httpx.Response], Stream[ServerSentEvent]]:
    """The ``cast`` of a method returning a stream of server-sent events whose data has no declared type."""
    return lambda response: Stream(response, fmt="sse", item=_event, json_items=False)


def async_event_stream() -> Callable[[httpx.Response], AsyncStream[ServerSentEvent]]:
    """The async twin of :func:`event_stream`."""
    return lambda response: AsyncStream(response, fmt="sse", item=_event, json_items=False)
