"""The HTTP machinery shared by every generated client: build, send, retry, decode.

The generated ``_client.py`` subclasses :class:`._sync_client.SyncAPIClient` and
:class:`._async_client.AsyncAPIClient` (both :class:`BaseClient`), adding credentials
(:meth:`BaseClient._auth`) and resources.  Generated resource methods call ``request()`` with
an already-encoded path, query and headers, a body, and ``cast``, the function
that turns the decoded response body into the declared return type.

One call goes through these steps:

1. Build the URL, query, headers and body (:meth:`BaseClient._prepare`).
2. Send it; retry on connection errors, timeouts and retryable statuses,
   following the policy documented in :mod:`._constants`.
3. Read the body within ``max_response_size`` and the attempt's deadline
   (:mod:`._streaming`).  On a 2xx status, decode it and ``cast`` it; on any
   other status, decode it and raise the matching :class:`APIStatusError`
   (:mod:`._decoding`).  A 2xx body of an event stream, or of a call made
   through ``with_streaming_response``, is left unread for the caller
   (:mod:`._stream`, :mod:`._streamed_response`).

``request()`` returns the decoded value, or, for a method wrapped by
:func:`._response.to_raw_response_wrapper` (the ``with_raw_response`` twins),
the :class:`APIResponse` itself; decoding pauses the garbage collector (see
:mod:`._response`).
"""

from __future__ import annotations

import copy
import functools
import random
import time
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Final, TypeVar, cast

import attrs
import httpx

from ._constants import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_JITTER,
    RETRYABLE_STATUS_CODES,
)
from ._decoding import RESPONSE_KINDS, ErrorDecoders, ResponseKind, decode_error_body
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    make_status_error,
)
from ._logs import install_redaction, logger, redact_headers, redact_url, setup_logging
from ._redact import mask_exception_chain, named_secrets, register_secrets, url_secrets
from ._response import APIResponse
from ._streaming import ACCEPT_ENCODING, CallClock
from ._types import UNSET, BodyFields, Files, Headers, Query, TimeoutTypes, Unset
from ._utils import EncodedBody, encode_body, encode_query, parse_retry_after

if TYPE_CHECKING:
    # Only for annotations: ``typing.Self`` needs Python 3.11, and this package
    # supports 3.10 without depending on typing_extensions at run time.
    import typing_extensions

__all__ = [
    "APIResponse",
    "AuthParts",
    "BaseClient",
    "ErrorDecoders",
    "RequestOptions",
    "ResponseKind",
    "mask_secret",
]

T = TypeVar("T")

DEFAULT_USER_AGENT: Final = f"{logger.name}/python"

# The request never left this machine, so even a POST can safely be sent again.
_NOT_SENT_ERRORS: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Mistakes in the request itself: sending it again cannot help.
_FATAL_ERRORS: Final = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
# Spreads out the retries of many clients; the OS source keeps linters quiet about
# pseudo-random numbers, not because jitter needs to be unpredictable.
_JITTER: Final = random.SystemRandom()
# httpx's own default, which we replace with ours unless the caller chose another.
_HTTPX_DEFAULT_TIMEOUT: Final = httpx.Timeout(5.0)


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call settings that override the client's.

    Every generated method builds one from its ``timeout``, ``max_retries``,
    ``max_response_size`` and ``extra_*`` arguments; fields left at their
    default use the client's setting.
    """

    timeout: TimeoutTypes | Unset = UNSET
    """Seconds, an :class:`httpx.Timeout`, or ``None`` to wait forever."""
    max_retries: int | Unset = UNSET
    """Retries after the first attempt; ``0`` turns retries off."""
    max_response_size: int | Unset | None = UNSET
    """The longest body to read, in bytes once decoded; ``None`` for no limit."""
    extra_headers: Headers | None = None
    """Headers to add, replacing any of the same name."""
    extra_query: Query | None = None
    """Query parameters to add, encoded in the ``form`` style."""
    extra_body: BodyFields | None = None
    """Fields to merge into a JSON object or form body."""
    idempotency_key: str | None = None
    """Sent as ``Idempotency-Key``; lets a POST or PATCH be retried safely."""


@attrs.frozen
class AuthParts:
    """Credentials to add to one request, produced by :meth:`BaseClient._auth`."""

    headers: dict[str, str] = attrs.field(factory=dict)
    query: list[tuple[str, str]] = attrs.field(factory=list)
    cookies: dict[str, str] = attrs.field(factory=dict)
    flow: httpx.Auth | None = None
    """Puts a token on each attempt, fetching it when needed (OAuth 2: see ``_oauth2``)."""

    def names(self) -> tuple[str, ...]:
        """The names of every header, query parameter and cookie carrying a credential."""
        return (*self.headers, *(name for name, _ in self.query), *self.cookies)


@attrs.frozen
class _Prepared:
    """Everything needed to send one call, attempt after attempt."""

    method: str
    url: httpx.URL
    query: list[tuple[str, str]]
    headers: httpx.Headers
    body: EncodedBody
    timeout: TimeoutTypes
    max_retries: int
    max_response_size: int | None
    may_resend: bool
    """The method is idempotent or the call carries an idempotency key."""
    sensitive: tuple[str, ...]
    """Names of the headers and query parameters carrying credentials."""
    errors: ErrorDecoders
    auth: httpx.Auth | None = None
    """Puts a token on each attempt (a token flow); ``None`` leaves it to the ``http_client``'s own setting."""


class BaseClient:
    """Settings and request building shared by the sync and async clients.

    Subclasses keep credentials in :attr:`_credentials` (set it before calling
    ``super().__init__``), never in public attributes, so that ``repr()`` and
    ``str()`` show ``api_key='***'`` instead of the key.  While a client (or a
    :meth:`with_options` copy) lives, its credentials, the password in its
    ``base_url`` and the credential-named ``default_headers`` and
    ``default_query`` values given to the constructor are masked in every log
    record of httpx, httpcore and this package, and in every error message
    (see :mod:`._redact`).
    """

    _credentials: Mapping[str, str | None] = MappingProxyType({})
    """Credentials by name (``{"api_key": ...}``); ``repr()`` shows them masked."""

    _idempotency_headers: ClassVar[tuple[str, ...]] = ("Idempotency-Key",)
    """Headers that carry an idempotency key.  A POST or PATCH that sends one of
    them, from any source (``extra_headers``, ``default_headers``, a header
    parameter), may be retried; the first carries
    :attr:`RequestOptions.idempotency_key`."""

    base_url: httpx.URL
    timeout: TimeoutTypes
    max_retries: int
    max_response_size: int | None
    default_headers: dict[str, str]
    default_query: dict[str, object]
    user_agent: str
    _owns_http_client: bool = True

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
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        self.base_url = httpx.URL(base_url)
        self.timeout = DEFAULT_TIMEOUT if isinstance(timeout, Unset) else timeout
        self.max_retries = _check_max_retries(max_retries)
        self.max_response_size = _check_size(max_response_size)
        self.default_headers = dict(default_headers or {})
        self.default_query = dict(default_query or {})
        self.user_agent = user_agent
        self._register_secrets()
        if log_env_var is not None:
            setup_logging(log_env_var)

    def _secrets(self) -> tuple[Sequence[str], Sequence[str]]:
        """The credential values to mask, and the names of the parameters that carry them.

        By default every credential in :attr:`_credentials`; the generated
        client overrides this to add basic auth's header token, leave out user
        names, and name its API key parameters.
        """
        return [value for value in self._credentials.values() if value], ()

    def _register_secrets(self) -> None:
        """Mask this client's credentials in log records and error messages while it lives."""
        values, names = self._secrets()
        configured = [
            *url_secrets(self.base_url),
            *named_secrets(self.default_headers, names),
            *named_secrets(self.default_query, names),
        ]
        register_secrets(self, [*values, *configured], names)
        install_redaction()

    def _auth(
        self, security: Sequence[Sequence[str]] | None, scopes: Sequence[str] = ()
    ) -> AuthParts:
        """Credentials for an operation; the generated client overrides this.

        ``security`` lists the acceptable alternatives, each a list of security
        scheme names that must all be satisfied (OpenAPI semantics): ``()``
        means the operation needs no credentials, ``None`` means "use the
        client's default requirement".  ``scopes`` are the OAuth 2 scopes the
        operation's own requirements list.
        """
        del security, scopes
        return AuthParts()

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        max_response_size: int | Unset | None = UNSET,
    ) -> typing_extensions.Self:
        """A copy of this client with other defaults, sharing its connection pool.

        Closing the copy does not close the shared connection pool.
        """
        clone = copy.copy(self)
        clone._owns_http_client = False
        if not isinstance(max_response_size, Unset):
            clone.max_response_size = _check_size(max_response_size)
        if not isinstance(timeout, Unset):
            clone.timeout = timeout
        if not isinstance(max_retries, Unset):
            clone.max_retries = _check_max_retries(max_retries)
        clone._register_secrets()  # the copy may outlive this client
        # Resources cached with functools.cached_property are bound to the
        # original client; drop them so the copy creates its own.
        for name in list(vars(clone)):
            if isinstance(getattr(type(clone), name, None), functools.cached_property):
                del vars(clone)[name]
        return clone

    def __repr__(self) -> str:
        fields = [
            f"base_url={redact_url(self.base_url)!r}",
            f"timeout={self.timeout!r}",
            f"max_retries={self.max_retries!r}",
        ]
        fields.extend(f"{name}={mask_secret(value)!r}" for name, value in self._credentials.items())
        return f"{type(self).__name__}({', '.join(fields)})"

    # --- building a request -----------------------------------------------------

    def _prepare(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str] | None,
        cookies: Mapping[str, str] | None,
        json: object,
        form: Mapping[str, object] | None,
        files: Files | None,
        data: Mapping[str, object] | None,
        content: bytes | None,
        content_type: str | None,
        response_kind: ResponseKind,
        accept: str | None,
        errors: ErrorDecoders | None,
        security: Sequence[Sequence[str]] | None,
        server: str | None,
        idempotent: bool,
        options: RequestOptions | None,
        scopes: Sequence[str] = (),
    ) -> _Prepared:
        options = options or RequestOptions()
        method = method.upper()
        auth = self._auth(security, scopes)

        all_query = list(auth.query)
        for name, value in self.default_query.items():
            all_query.extend(encode_query(name, value))
        all_query.extend(query)
        for name, value in (options.extra_query or {}).items():
            all_query.extend(encode_query(name, value))

        body = encode_body(
            json_body=json,
            form=form,
            files=files,
            data=data,
            content=content,
            content_type=content_type,
            extra_body=options.extra_body,
        )

        accept = accept or RESPONSE_KINDS[response_kind].accept
        all_headers = httpx.Headers(
            {"Accept": accept, "Accept-Encoding": ACCEPT_ENCODING, "User-Agent": self.user_agent}
        )
        if body.content_type is not None:
            all_headers["Content-Type"] = body.content_type
        if options.idempotency_key is not None:
            all_headers[self._idempotency_headers[0]] = options.idempotency_key
        for source in (self.default_headers, auth.headers, headers, options.extra_headers):
            for name, value in (source or {}).items():
                all_headers[name] = value
        # The same headers, and so the same key, are sent on every attempt.
        if any(all_headers.get(name) for name in self._idempotency_headers):
            idempotent = True
        cookie = "; ".join(
            f"{name}={value}" for name, value in {**auth.cookies, **(cookies or {})}.items()
        )
        if cookie:
            existing = all_headers.get("Cookie")
            all_headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie

        timeout = self.timeout if isinstance(options.timeout, Unset) else options.timeout
        max_retries = (
            self.max_retries
            if isinstance(options.max_retries, Unset)
            else _check_max_retries(options.max_retries)
        )
        size = options.max_response_size
        return _Prepared(
            method=method,
            url=self._url(path, server),
            query=all_query,
            headers=all_headers,
            body=body,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=self.max_response_size
            if isinstance(size, Unset)
            else _check_size(size),
            may_resend=idempotent or method in IDEMPOTENT_METHODS,
            sensitive=auth.names(),
            errors=errors or {},
            auth=auth.flow,
        )

    def _server_url(self, server: str | None) -> httpx.URL:
        """The URL an operation's paths go below: ``base_url`` here; the generated client sends an
        operation with servers of its own (``server``, a URL template) to them."""
        del server
        return self.base_url

    def _url(self, path: str, server: str | None = None) -> httpx.URL:
        base = str(self._server_url(server).copy_with(query=None, fragment=None)).rstrip("/")
        return httpx.URL(f"{base}/{path.lstrip('/')}")

    # --- retries and errors -----------------------------------------------------

    def _should_retry_status(
        self, prepared: _Prepared, response: httpx.Response, retries: int
    ) -> bool:
        status = response.status_code
        return (
            retries < prepared.max_retries
            and prepared.may_resend
            and (status in RETRYABLE_STATUS_CODES or status >= 500)
        )

    def _should_retry_error(
        self, prepared: _Prepared, error: httpx.RequestError, retries: int
    ) -> bool:
        return (
            retries < prepared.max_retries
            and isinstance(error, httpx.TransportError)
            and not isinstance(error, _FATAL_ERRORS)
            and (prepared.may_resend or isinstance(error, _NOT_SENT_ERRORS))
        )

    def _next_delay(
        self,
        prepared: _Prepared,
        retries: int,
        clock: CallClock,
        outcome: httpx.Response | httpx.RequestError,
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` when the call ends with ``outcome``.

        It ends when the policy does not retry ``outcome``, or when the wait
        would pass the call's ceiling (see :mod:`._constants`).
        """
        if isinstance(outcome, httpx.Response):
            if not self._should_retry_status(prepared, outcome, retries):
                return None
            delay = self._retry_delay(retries, outcome)
        elif self._should_retry_error(prepared, outcome, retries):
            delay = self._retry_delay(retries, None)
        else:
            return None
        return delay if clock.allows_wait(delay) else None

    def _retry_delay(self, retries: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number ``retries`` (counting from 0)."""
        if response is not None:
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None:
                return min(retry_after, MAX_RETRY_AFTER)
        backoff = min(INITIAL_RETRY_DELAY * 2.0**retries, MAX_RETRY_DELAY)
        return backoff * _JITTER.uniform(RETRY_JITTER, 1.0)

    def _connection_error(self, error: httpx.RequestError) -> APIConnectionError:
        request = _request_of(error)
        mask_exception_chain(error)  # tracebacks show the httpx and httpcore messages too
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(request=request)
        where = "" if request is None else f" ({request.method} {redact_url(request.url)})"
        return APIConnectionError(
            f"Connection error: {type(error).__name__}: {error}{where}", request=request
        )

    def _status_error(self, prepared: _Prepared, response: httpx.Response) -> APIStatusError:
        return make_status_error(response, decode_error_body(response, prepared.errors))

    # --- logging ----------------------------------------------------------------

    def _log_request(self, prepared: _Prepared, request: httpx.Request, attempt: int) -> None:
        logger.debug(
            "Request %s %s (attempt %d), headers %s",
            request.method,
            redact_url(request.url, prepared.sensitive),
            attempt,
            redact_headers(request.headers, prepared.sensitive),
        )

    def _log_outcome(
        self,
        prepared: _Prepared,
        request: httpx.Request,
        attempt: int,
        started: float,
        outcome: httpx.Response | httpx.RequestError,
    ) -> None:
        result = (
            str(outcome.status_code)
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        logger.info(
            "HTTP %s %s -> %s (attempt %d, %.3fs)",
            request.method,
            redact_url(request.url, prepared.sensitive),
            result,
            attempt,
            time.monotonic() - started,
        )
        if isinstance(outcome, httpx.Response):
            logger.debug("Response headers %s", redact_headers(outcome.headers, prepared.sensitive))

    def _log_retry(self, prepared: _Prepared, delay: float, retries: int) -> None:
        logger.info(
            "Retrying %s %s in %.2f seconds (retry %d of %d)",
            prepared.method,
            redact_url(prepared.url, prepared.sensitive),
            delay,
            retries + 1,
            prepared.max_retries,
        )


# --- helpers ---------------------------------------------------------------------


def _deliver(response: APIResponse[T], raw: bool) -> T:
    """What ``request()`` returns: the decoded body, or under a raw-response wrapper the response itself.

    The wrapper's signature gives its callers ``APIResponse[T]`` (see :mod:`._response`);
    here the response passes through a ``T`` it is not, which the cast says.
    """
    return cast(T, response) if raw else response.parse()


def mask_secret(value: str | None) -> str | None:
    """``'***'`` for a credential that is set, ``None`` for one that is not."""
    return "***" if value else None


def _check_max_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be a non-negative integer, got {max_retries!r}")
    return max_retries


def _check_size(size: int | None) -> int | None:
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise ValueError(f"max_response_size must be a non-negative integer or None, got {size!r}")
    return size


def _timeout_of(timeout: httpx.Timeout) -> TimeoutTypes | Unset:
    """An http_client's timeout, unless it is httpx's default (then ours applies)."""
    return UNSET if timeout == _HTTPX_DEFAULT_TIMEOUT else timeout


def _request_of(error: httpx.RequestError) -> httpx.Request | None:
    try:
        return error.request
    except RuntimeError:
        return None


def _build_request(
    client: httpx.Client | httpx.AsyncClient, prepared: _Prepared, timeout: TimeoutTypes
) -> httpx.Request:
    body = prepared.body
    return client.build_request(
        prepared.method,
        prepared.url,
        params=tuple(prepared.query),
        headers=prepared.headers,
        content=body.content,
        data=body.data,
        files=body.files,
        timeout=timeout,
    )
