"""Streaming responses: the body of any call read as it arrives, instead of whole.

Each resource's ``with_streaming_response`` twin wraps its methods with
:func:`to_streamed_response_wrapper` (or :func:`async_to_streamed_response_wrapper`):
a wrapped call is a context manager that sends the request, waits for the
status and headers only, and gives a :class:`StreamedAPIResponse` whose body
is read by the caller, chunk by chunk::

    with client.files.with_streaming_response.download(file_id) as response:
        response.write_to_file("report.pdf")

Read in chunks, the body is neither held in memory nor bound by ``max_response_size``,
and each read waits at most the read timeout (there is no deadline for the whole body);
:meth:`StreamedAPIResponse.parse` reads it whole, so it holds it to ``max_response_size``.
Leaving the block closes the connection, whether or not the body was read.
Statuses other than 2xx raise as usual, before the block is entered.  Like the
raw-response wrappers (see :mod:`._response`), a context variable tells the
client's ``request()`` to leave the body unread.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Final, Generic, ParamSpec, TypeVar

import httpx

from ._exceptions import find_request_id
from ._response import APIResponse, response_of
from ._sse import LineDecoder
from ._stream import reading_errors
from ._streaming import CallClock, aread_body, read_body

__all__ = [
    "AsyncStreamedAPIResponse",
    "StreamedAPIResponse",
    "async_to_streamed_response_wrapper",
    "take_streamed_response",
    "to_streamed_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

_STREAMED_RESPONSE: Final = contextvars.ContextVar("streamed_response", default=False)
"""True while a method wrapped by one of the wrappers below runs, until its request takes it."""


def take_streamed_response() -> bool:
    """Whether this request was asked to leave its body unread; the question is answered once."""
    if not _STREAMED_RESPONSE.get():
        return False
    _STREAMED_RESPONSE.set(False)
    return True


class _Streamed(Generic[T]):
    """What a streamed response tells before its body is read."""

    def __init__(self, response: APIResponse[T]) -> None:
        self._response = response

    @property
    def http_response(self) -> httpx.Response:
        """The underlying httpx response, its body not read."""
        return self._response.http_response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    @property
    def request_id(self) -> str | None:
        """The server's identifier of this request, from the ``x-request-id`` or ``request-id`` header."""
        return find_request_id(self._response.headers, None)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}]>"


def _no_deadline() -> CallClock:
    """A streamed body has no deadline as a whole: each read waits at most the read timeout."""
    return CallClock(None, 0)


def _temporary(path: str | os.PathLike[str]) -> tuple[Path, Path, int]:
    """The target, and a new temporary file beside it (its path and descriptor)."""
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    return target, Path(temporary), descriptor


class StreamedAPIResponse(_Streamed[T]):
    """A successful response whose body is read as it arrives; see the module's docs."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks, its ``Content-Encoding`` undone."""
        with reading_errors(self.http_response):
            yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body as text, in chunks, decoded with the response's charset."""
        with reading_errors(self.http_response):
            yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body's lines (UTF-8), without their line endings; a line may be at most 16 MiB."""
        lines = LineDecoder()
        for chunk in self.iter_bytes():
            yield from lines.feed(chunk)
        yield from lines.finish()

    def parse(self) -> T:
        """Read the whole body (within ``max_response_size``) and decode it as the plain method would;
        a stream is returned unread.

        Raises:
            APIResponseTooLargeError: the body is longer than ``max_response_size``.
            APIResponseValidationError: the body does not match the declared type.
        """
        if self._response.response_kind != "stream":
            with reading_errors(self.http_response):
                read_body(self.http_response, self._response.max_response_size, _no_deadline())
        return self._response.parse()

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` as it arrives, atomically.

        The chunks go to a temporary file in the same directory (readable by its
        owner only), renamed to ``path`` once the body is complete; on any error
        the temporary file is removed and ``path`` is left as it was.
        """
        target, temporary, descriptor = _temporary(path)
        try:
            with os.fdopen(descriptor, "wb") as file:
                for chunk in self.iter_bytes():
                    file.write(chunk)
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def close(self) -> None:
        """Close the connection (done when the ``with`` block ends)."""
        self.http_response.close()


class AsyncStreamedAPIResponse(_Streamed[T]):
    """The async twin of :class:`StreamedAPIResponse`: its reads are awaited."""

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks, its ``Content-Encoding`` undone."""
        with reading_errors(self.http_response):
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body as text, in chunks, decoded with the response's charset."""
        with reading_errors(self.http_response):
            async for text in self.http_response.aiter_text(chunk_size):
                yield text

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines (UTF-8), without their line endings; a line may be at most 16 MiB."""
        lines = LineDecoder()
        async for chunk in self.iter_bytes():
            for line in lines.feed(chunk):
                yield line
        for line in lines.finish():
            yield line

    async def parse(self) -> T:
        """Read the whole body (within ``max_response_size``) and decode it; see :meth:`StreamedAPIResponse.parse`."""
        if self._response.response_kind != "stream":
            with reading_errors(self.http_response):
                await aread_body(
                    self.http_response, self._response.max_response_size, _no_deadline()
                )
        return self._response.parse()

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` as it arrives, atomically; see :meth:`StreamedAPIResponse.write_to_file`."""
        target, temporary, descriptor = _temporary(path)
        try:
            with os.fdopen(descriptor, "wb") as file:
                async for chunk in self.iter_bytes():
                    file.write(chunk)
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    async def close(self) -> None:
        """Close the connection (done when the ``async with`` block ends)."""
        await self.http_response.aclose()


def to_streamed_response_wrapper(
    method: Callable[P, T],
) -> Callable[P, contextlib.AbstractContextManager[StreamedAPIResponse[T]]]:
    """``method`` with the same parameters, as a context manager giving the response with its body unread."""

    @contextlib.contextmanager
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Iterator[StreamedAPIResponse[T]]:
        token = _STREAMED_RESPONSE.set(True)
        try:
            result = method(*args, **kwargs)
        finally:
            _STREAMED_RESPONSE.reset(token)
        response = StreamedAPIResponse[T](response_of(result, method))
        try:
            yield response
        finally:
            response.close()

    return wrapped


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, contextlib.AbstractAsyncContextManager[AsyncStreamedAPIResponse[T]]]:
    """The async twin of :func:`to_streamed_response_wrapper`, for methods whose call is awaited."""

    @contextlib.asynccontextmanager
    async def wrapped(
        *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[AsyncStreamedAPIResponse[T]]:
        token = _STREAMED_RESPONSE.set(True)
        try:
            result = await method(*args, **kwargs)
        finally:
            _STREAMED_RESPONSE.reset(token)
        response = AsyncStreamedAPIResponse[T](response_of(result, method))
        try:
            yield response
        finally:
            await response.close()

    return wrapped
