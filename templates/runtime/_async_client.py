"""The asyncio client: :class:`AsyncAPIClient` over :class:`httpx.AsyncClient`, retrying as
:mod:`._constants` documents; :class:`AsyncAPIResource` is the base of its resources."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from ._base_client import (
    DEFAULT_USER_AGENT,
    BaseClient,
    RequestOptions,
    T,
    _build_request,
    _deliver,
    _Prepared,
    _timeout_of,
)
from ._constants import DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES
from ._decoding import ErrorDecoders, ResponseKind
from ._response import APIResponse, take_raw_response
from ._streamed_response import take_streamed_response
from ._streaming import CallClock, aread_body
from ._types import UNSET, Files, TimeoutTypes, Unset

if TYPE_CHECKING:
    # Only for annotations: ``typing.Self`` needs Python 3.11, and this package
    # supports 3.10 without depending on typing_extensions at run time.
    import typing_extensions


__all__ = ["AsyncAPIClient", "AsyncAPIResource"]


class AsyncAPIClient(BaseClient):
    """An asyncio client built on :class:`httpx.AsyncClient`."""

    _client: httpx.AsyncClient
    _sleep: Callable[[float], Awaitable[None]]
    """Waits between retries; replace it in tests to record the delays."""

    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        log_env_var: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        _sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        """Create a client; the arguments are those of :class:`SyncAPIClient`."""
        if isinstance(timeout, Unset) and http_client is not None:
            timeout = _timeout_of(http_client.timeout)
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            user_agent=user_agent,
            log_env_var=log_env_var,
            max_response_size=max_response_size,
        )
        self._owns_http_client = http_client is None
        self._client = (
            httpx.AsyncClient(timeout=self.timeout) if http_client is None else http_client
        )
        if _sleep is None:
            import asyncio  # here, not at the top: only the async client needs it, and it is slow to import

            _sleep = asyncio.sleep
        self._sleep = _sleep

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        json: object = UNSET,
        form: Mapping[str, object] | None = None,
        files: Files | None = None,
        data: Mapping[str, object] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        cast: Callable[[Any], T],
        response_kind: ResponseKind = "json",
        accept: str | None = None,
        errors: ErrorDecoders | None = None,
        security: Sequence[Sequence[str]] | None = None,
        server: str | None = None,
        idempotent: bool = False,
        options: RequestOptions | None = None,
        scopes: Sequence[str] = (),
    ) -> T:
        """Send a request; see :meth:`SyncAPIClient.request`."""
        raw, streamed = take_raw_response(), take_streamed_response()
        response = await self.request_raw(
            method,
            path,
            query=query,
            headers=headers,
            cookies=cookies,
            json=json,
            form=form,
            files=files,
            data=data,
            content=content,
            content_type=content_type,
            cast=cast,
            response_kind=response_kind,
            accept=accept,
            errors=errors,
            security=security,
            server=server,
            idempotent=idempotent,
            options=options,
            scopes=scopes,
            stream=streamed,
        )
        return _deliver(response, raw or streamed)

    async def request_raw(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        json: object = UNSET,
        form: Mapping[str, object] | None = None,
        files: Files | None = None,
        data: Mapping[str, object] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        cast: Callable[[Any], T],
        response_kind: ResponseKind = "json",
        accept: str | None = None,
        errors: ErrorDecoders | None = None,
        security: Sequence[Sequence[str]] | None = None,
        server: str | None = None,
        idempotent: bool = False,
        options: RequestOptions | None = None,
        scopes: Sequence[str] = (),
        stream: bool = False,
    ) -> APIResponse[T]:
        """Send a request and return it undecoded; see :meth:`SyncAPIClient.request_raw`."""
        prepared = self._prepare(
            method,
            path,
            query=query,
            headers=headers,
            cookies=cookies,
            json=json,
            form=form,
            files=files,
            data=data,
            content=content,
            content_type=content_type,
            response_kind=response_kind,
            accept=accept,
            errors=errors,
            security=security,
            server=server,
            idempotent=idempotent,
            options=options,
            scopes=scopes,
        )
        response = await self._send(prepared, stream or response_kind == "stream")
        return APIResponse(
            response,
            cast=cast,
            response_kind=response_kind,
            max_response_size=prepared.max_response_size,
        )

    async def _send(self, prepared: _Prepared, stream: bool = False) -> httpx.Response:
        clock = CallClock(prepared.timeout, prepared.max_retries)
        retries = 0
        while True:
            request = _build_request(self._client, prepared, clock.start_attempt())
            self._log_request(prepared, request, retries + 1)
            started = time.monotonic()
            try:
                response = await self._client.send(
                    request, stream=True, auth=prepared.auth or httpx.USE_CLIENT_DEFAULT
                )
                if not (stream and response.is_success):  # a streamed body is the caller's to read
                    await aread_body(response, prepared.max_response_size, clock)
            except httpx.RequestError as exc:
                self._log_outcome(prepared, request, retries + 1, started, exc)
                delay = self._next_delay(prepared, retries, clock, exc)
                if delay is None:
                    raise self._connection_error(exc) from exc
            else:
                self._log_outcome(prepared, request, retries + 1, started, response)
                if response.is_success:
                    return response
                delay = self._next_delay(prepared, retries, clock, response)
                if delay is None:
                    raise self._status_error(prepared, response)
            self._log_retry(prepared, delay, retries)
            await self._sleep(delay)
            retries += 1

    async def aclose(self) -> None:
        """Close the connection pool, unless it was passed in as ``http_client``."""
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> typing_extensions.Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


class AsyncAPIResource:
    """Base class of the generated resources of the async client."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
