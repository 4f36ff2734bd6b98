"""Raw responses: the HTTP response before its body is decoded, and the wrappers that return it.

A generated resource writes each method once, sync and async: the method builds
its request and hands it to the client's ``request()``, which decodes the body
into the declared type.  The resource's ``with_raw_response`` twin wraps those
same methods with :func:`to_raw_response_wrapper` (or
:func:`async_to_raw_response_wrapper`): while a wrapped method runs, a context
variable asks the client for the :class:`APIResponse` itself, undecoded, and the
wrapper returns it.  The wrappers keep the method's parameters for type
checkers (``ParamSpec``), so ``raw.parse()`` has the method's return type.

A context variable belongs to one thread and, under asyncio, to one task: a raw
call never makes a call of another thread or task raw.  The first request of
the wrapped call takes the flag (:func:`take_raw_response`), so a call made
while that request runs (from an httpx event hook, say) is not raw either.

While one response body is decoded and cast into models, Python's cyclic
garbage collector is paused (:func:`gc.disable`, re-enabled afterwards, and
only if it was enabled): the many small objects a large response creates
trigger collections that find nothing to free, and cost more than the decoding
itself.  The pause is process-wide, like ``gc.disable()``; objects are freed by
reference counting as usual, and a collection may run once it is re-enabled.
"""

from __future__ import annotations

import contextvars
import functools
import gc
from collections.abc import Awaitable, Callable
from typing import Any, Final, Generic, ParamSpec, TypeVar

import httpx

from ._decoding import ResponseKind, cast_body, decode_success, request_id_of

__all__ = [
    "APIResponse",
    "async_to_raw_response_wrapper",
    "response_of",
    "take_raw_response",
    "to_raw_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

_RAW_RESPONSE: Final = contextvars.ContextVar("raw_response", default=False)
"""True while a method wrapped by one of the wrappers below runs, until its request takes it."""


class APIResponse(Generic[T]):
    """A successful response, before its body is decoded.

    Returned by the client's ``request_raw()``, and by its ``request()`` under
    :func:`to_raw_response_wrapper`; :meth:`parse` gives what the plain method
    would have returned.
    """

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        cast: Callable[[Any], T],
        response_kind: ResponseKind = "json",
        max_response_size: int | None = None,
    ) -> None:
        self._http_response = http_response
        self._cast = cast
        self._response_kind = response_kind
        self.max_response_size = max_response_size
        """The longest body to read, in bytes once decoded, when the body was left unread (a streamed call)."""
        self._parsed: list[T] = []  # empty until parse() succeeds once

    @property
    def http_response(self) -> httpx.Response:
        """The underlying httpx response."""
        return self._http_response

    @property
    def http_request(self) -> httpx.Request:
        """The request that was sent (the last attempt, when it was retried)."""
        return self._http_response.request

    @property
    def response_kind(self) -> ResponseKind:
        """How the body is decoded (``"stream"``: not read, but iterated as an event stream)."""
        return self._response_kind

    @property
    def method(self) -> str:
        return self._http_response.request.method

    @property
    def url(self) -> httpx.URL:
        return self._http_response.request.url

    @property
    def status_code(self) -> int:
        return self._http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._http_response.headers

    @property
    def content(self) -> bytes:
        """The body as received."""
        return self._http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self._http_response.text

    @property
    def request_id(self) -> str | None:
        """The server's identifier of this request.

        From the ``x-request-id`` or ``request-id`` header, else from a
        ``request_id`` or ``requestId`` property of a JSON object body.
        """
        return request_id_of(self._http_response, self._response_kind)

    def parse(self) -> T:
        """Decode the body and convert it into the declared type.

        Raises:
            APIResponseValidationError: the body is not valid JSON or does not
                match the declared type.
        """
        if not self._parsed:
            paused = gc.isenabled()  # see the module's docs: collections find nothing here
            if paused:
                gc.disable()
            try:
                data = decode_success(self._http_response, self._response_kind)
                value = cast_body(self._cast, data, self._http_response)
            finally:
                if paused:
                    gc.enable()
            self._parsed.append(value)
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"


def take_raw_response() -> bool:
    """Whether this request was asked for its raw response; the question is answered once.

    The client's ``request()`` calls it first: true means "return the
    :class:`APIResponse`, undecoded", and the flag is cleared for any other
    request made before the wrapper returns.
    """
    if not _RAW_RESPONSE.get():
        return False
    _RAW_RESPONSE.set(False)
    return True


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """``method`` with the same parameters, returning the HTTP response instead of the decoded value."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _RAW_RESPONSE.set(True)
        try:
            result = method(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)
        return response_of(result, method)

    return wrapped


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]:
    """The async twin of :func:`to_raw_response_wrapper`, for methods whose call is awaited."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = _RAW_RESPONSE.set(True)
        try:
            result = await method(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)
        return response_of(result, method)

    return wrapped


def response_of(result: object, method: Callable[..., object]) -> APIResponse[Any]:
    """The response a wrapped method returned; anything else means it sent no request through its client."""
    if not isinstance(result, APIResponse):
        name = getattr(method, "__qualname__", repr(method))
        raise TypeError(f"{name} returned {type(result).__name__}, not the response of a request")
    return result
