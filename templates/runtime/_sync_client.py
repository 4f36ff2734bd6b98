"""The blocking client: :class:`SyncAPIClient` sends one call at a time over :class:`httpx.Client`,
retrying as :mod:`._constants` documents; :class:`SyncAPIResource` is the base of its resources."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
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
from ._streaming import CallClock, read_body
from ._types import UNSET, Files, TimeoutTypes, Unset

if TYPE_CHECKING:
    # Only for annotations: ``typing.Self`` needs Python 3.11, and this package
    # supports 3.10 without depending on typing_extensions at run time.
    import typing_extensions


__all__ = ["SyncAPIClient", "SyncAPIResource"]


class SyncAPIClient(BaseClient):
    """A blocking client built on :class:`httpx.Client`."""

    _client: httpx.Client
    _sleep: Callable[[float], None]
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
        http_client: httpx.Client | None = None,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        _sleep: Callable[[float], None] | None = None,
    ) -> None:
        """Create a client.

        Args:
            base_url: The server, e.g. ``https://api.example.com``; paths are appended.
            timeout: Default timeout of each attempt, end to end (see :mod:`._constants`):
                seconds, an :class:`httpx.Timeout`, or ``None`` for none.  Defaults to
                ``http_client``'s own timeout when one was set, else ``DEFAULT_TIMEOUT``.
            max_retries: Default number of retries after the first attempt.
            default_headers: Headers sent with every request.
            default_query: Query parameters sent with every request.
            user_agent: The ``User-Agent`` header.
            log_env_var: Environment variable that turns on log output.
            http_client: An httpx client to send requests with, for proxies or
                custom transports.  It is not closed by :meth:`close`.
            max_response_size: The longest response body to read, in bytes once
                decoded (``DEFAULT_MAX_RESPONSE_SIZE``); ``None`` for no limit.
        """
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
        self._client = httpx.Client(timeout=self.timeout) if http_client is None else http_client
        self._sleep = time.sleep if _sleep is None else _sleep

    def request(
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
        """Send a request, retrying as configured, and return ``cast(decoded body)``.

        Called by a method that a raw-response wrapper runs (see :mod:`._response`),
        it returns the :class:`APIResponse` instead, undecoded.

        Args:
            method: The HTTP method.
            path: The path below ``base_url``, already encoded (see ``path_template``).
            query: Query pairs, already encoded (see ``encode_query``).
            headers: Header parameters, already encoded (see ``encode_header``).
            cookies: Cookie parameters, already encoded (see ``encode_cookie``).
            json: A JSON body; ``UNSET`` sends none.
            form: An ``application/x-www-form-urlencoded`` body.
            files: Uploads of a ``multipart/form-data`` body.
            data: Other fields of a ``multipart/form-data`` body.
            content: A raw body, sent with ``content_type``.
            content_type: The ``Content-Type`` of ``content``, or of a JSON body
                (``application/json`` when not given).
            cast: Turns the decoded body into the return value.
            response_kind: How to decode the body: ``"json"``, ``"text"``,
                ``"bytes"``, or ``"none"`` to ignore it.
            accept: The ``Accept`` header: the media types the operation declares;
                ``None`` for the default of ``response_kind``.
            errors: Decoders for error bodies, by status (``"404"``, ``"4XX"``,
                ``"default"``).
            security: The operation's security requirements, or ``None`` for the
                client's default.
            server: The URL template of the operation's own server, or ``None``
                for ``base_url``.
            idempotent: The request carries an idempotency key in its body, so it
                may be retried even if it is a POST or PATCH.  A key in one of
                the ``_idempotency_headers`` is recognised without it.
            options: Per-call settings.
            scopes: The OAuth 2 scopes the operation's own security requirements
                list, for a token the client fetches.

        Raises:
            APIStatusError: the response status was not 2xx (a subclass per status).
            APITimeoutError: the request timed out, on every attempt.
            APIConnectionError: no response was received, on every attempt.
            APIResponseValidationError: the body did not match the declared type.
            APIResponseTooLargeError: the body was longer than ``max_response_size``.
        """
        raw, streamed = take_raw_response(), take_streamed_response()
        response = self.request_raw(
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

    def request_raw(
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
        """Like :meth:`request`, but return the response undecoded.

        Raises the same errors as :meth:`request` for statuses other than 2xx;
        decoding errors are raised by :meth:`APIResponse.parse`.  With ``stream``
        (always for ``response_kind="stream"``), a 2xx body is left unread, for
        the caller to read (see :mod:`._streamed_response`).
        """
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
        response = self._send(prepared, stream or response_kind == "stream")
        return APIResponse(
            response,
            cast=cast,
            response_kind=response_kind,
            max_response_size=prepared.max_response_size,
        )

    def _send(self, prepared: _Prepared, stream: bool = False) -> httpx.Response:
        clock = CallClock(prepared.timeout, prepared.max_retries)
        retries = 0
        while True:
            request = _build_request(self._client, prepared, clock.start_attempt())
            self._log_request(prepared, request, retries + 1)
            started = time.monotonic()
            try:
                response = self._client.send(
                    request, stream=True, auth=prepared.auth or httpx.USE_CLIENT_DEFAULT
                )
                if not (stream and response.is_success):  # a streamed body is the caller's to read
                    read_body(response, prepared.max_response_size, clock)
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
            self._sleep(delay)
            retries += 1

    def close(self) -> None:
        """Close the connection pool, unless it was passed in as ``http_client``."""
        if self._owns_http_client:
            self._client.close()

    def __enter__(self) -> typing_extensions.Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class SyncAPIResource:
    """Base class of the generated resources of the sync client."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client
