"""OAuth 2 bearer tokens: fetched with the client credentials grant, or given by the caller.

A scheme with a ``clientCredentials`` flow makes the client take a client ID and
secret, and get its tokens from the scheme's ``tokenUrl`` (RFC 6749, section 4.4)
itself, through :class:`ClientCredentials`:

- The token request is a form-encoded POST of ``grant_type=client_credentials``
  and ``scope``, the operation's scopes (the union of those its security
  requirements list) separated by spaces.  A relative ``tokenUrl`` is resolved
  against the client's server URL.
- The client authenticates with HTTP Basic (ID and secret form-encoded first,
  as section 2.3.1 says).  When the server rejects that (a 401, or an
  ``invalid_client`` error), the same request is sent once more with the ID and
  secret in the body instead; if that succeeds, the client keeps sending them
  in the body.  :data:`CLIENT_AUTH_METHODS` lists the two.
- Tokens are cached per set of scopes until :data:`TOKEN_EXPIRY_MARGIN` seconds
  (at most a tenth of the lifetime) before ``expires_in`` runs out; a token
  without ``expires_in`` is kept until the API rejects it.
- One request fetches a token while the others needing the same client's
  tokens wait for it: a :class:`threading.Lock` for the sync client, an
  :class:`asyncio.Lock` for the async one, per client (shared by its
  ``with_options`` copies).
- A 401 from the API drops the token the request carried (unless another
  request has replaced it already), gets a new one, and sends the request once
  more; a second 401 raises :class:`AuthenticationError`.
- A token endpoint that refuses raises :class:`OAuth2Error` (an
  :class:`AuthenticationError`) with the OAuth ``error`` code.  Its answer is read
  within :data:`MAX_TOKEN_RESPONSE_SIZE` bytes and the request's timeout, as the
  client reads any response.

The other OAuth 2 flows and OpenID Connect take a token, or a callable that
returns one, called for each request (:class:`ProvidedToken`); the async client
also takes an ``async`` callable.

The client secret, the Basic token made of it and every access token are
registered with :mod:`._redact`, so no log record or error message shows them.
"""

from __future__ import annotations

import inspect
import json
import math
import threading
import time
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Generator,
    Mapping,
    Sequence,
)
from typing import TYPE_CHECKING, Final
from urllib.parse import quote_plus

import httpx

from ._auth import SchemeInfo
from ._exceptions import APIError, AuthenticationError
from ._logs import logger, redact_url
from ._redact import basic_token, register_secrets
from ._streaming import CallClock, aread_body, read_body

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "CLIENT_AUTH_METHODS",
    "MAX_TOKEN_RESPONSE_SIZE",
    "TOKEN_EXPIRY_MARGIN",
    "AsyncTokenProvider",
    "ClientCredentials",
    "OAuth2Error",
    "ProvidedToken",
    "TokenFlow",
    "TokenProvider",
    "token_flows",
]

TOKEN_EXPIRY_MARGIN: Final = 30.0
"""Seconds before its ``expires_in`` runs out at which a token is fetched anew (at most 10% of its lifetime)."""

MAX_TOKEN_RESPONSE_SIZE: Final = 1 << 20
"""The longest token response read, in bytes once decoded (a token response is a few hundred bytes)."""

CLIENT_AUTH_METHODS: Final = ("basic", "body")
"""How the client authenticates to the token endpoint, in the order tried: HTTP Basic, then in the form body."""

TokenProvider = Callable[[], str]
"""A callable returning the access token; called for each request."""

AsyncTokenProvider = Callable[[], str | Awaitable[str]]
"""For the async client: a callable returning the access token, or an awaitable of it."""

TokenFlow = Callable[[Sequence[str]], httpx.Auth]
"""What puts a scheme's token on a request, given the operation's scopes."""


class OAuth2Error(AuthenticationError):
    """The token endpoint did not issue a token (RFC 6749, section 5.2)."""

    error: str | None
    """The OAuth error code (``invalid_client``, ``invalid_scope``...), when the server sent one."""
    error_description: str | None
    """The server's explanation, when it sent one."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response=response, body=body)
        fields = body if isinstance(body, dict) else {}
        self.error = _text(fields.get("error"))
        self.error_description = _text(fields.get("error_description"))


class _Token:
    """A cached access token; its value is masked in every text while the token is cached."""

    def __init__(self, value: str, lifetime: float | None) -> None:
        self.value = value
        margin = 0.0 if lifetime is None else min(TOKEN_EXPIRY_MARGIN, lifetime / 10)
        self.renew_at = math.inf if lifetime is None else time.monotonic() + lifetime - margin
        register_secrets(self, [value])


class ClientCredentials:
    """The tokens of one client credentials scheme for one client, cached per set of scopes."""

    def __init__(
        self,
        token_url: httpx.URL,
        client_id: str,
        client_secret: str,
        http_client: httpx.Client | httpx.AsyncClient,
    ) -> None:
        self.token_url = token_url
        self.client_auth = CLIENT_AUTH_METHODS[0]
        """How the next token request authenticates; ``body`` once the server has refused Basic."""
        self._id = client_id
        self._secret = client_secret
        self._http = http_client
        self._tokens: dict[frozenset[str], _Token] = {}
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        register_secrets(self, [client_secret, self._basic()])

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(token_url={redact_url(self.token_url)!r}, client_id={self._id!r})"
        )

    def auth(self, scopes: Sequence[str]) -> httpx.Auth:
        """Puts a token for ``scopes`` on one request (see :class:`_ClientCredentialsAuth`)."""
        return _ClientCredentialsAuth(self, tuple(scopes))

    def token(self, scopes: tuple[str, ...], timeout: object) -> str:
        """A valid token for ``scopes``: the cached one, else one fetched while other threads wait."""
        cached = self._cached(scopes)
        if cached is None:
            if not isinstance(self._http, httpx.Client):
                raise TypeError("the sync client's token flow needs an httpx.Client")
            with self._lock:
                cached = self._cached(scopes)
                for method in self._methods() if cached is None else ():
                    request = self._request(scopes, method, timeout)
                    response = self._http.send(request, auth=None, stream=True)
                    read_body(response, MAX_TOKEN_RESPONSE_SIZE, _clock(request))
                    cached = self._accept(scopes, method, response)
                    if cached is not None:
                        break
        return _fetched(cached)

    async def atoken(self, scopes: tuple[str, ...], timeout: object) -> str:
        """:meth:`token` for the async client: other tasks wait while one fetches."""
        cached = self._cached(scopes)
        if cached is None:
            if not isinstance(self._http, httpx.AsyncClient):
                raise TypeError("the async client's token flow needs an httpx.AsyncClient")
            async with self._lock_for_tasks():
                cached = self._cached(scopes)
                for method in self._methods() if cached is None else ():
                    request = self._request(scopes, method, timeout)
                    response = await self._http.send(request, auth=None, stream=True)
                    await aread_body(response, MAX_TOKEN_RESPONSE_SIZE, _clock(request))
                    cached = self._accept(scopes, method, response)
                    if cached is not None:
                        break
        return _fetched(cached)

    def expire(self, scopes: tuple[str, ...], value: str) -> None:
        """Drop the token ``value`` for ``scopes``, which the API refused, unless it was replaced already."""
        key = frozenset(scopes)
        with (
            self._lock
        ):  # never held across an await: the async client fetches under its asyncio.Lock
            token = self._tokens.get(key)
            if token is not None and token.value == value:
                del self._tokens[key]

    def _cached(self, scopes: tuple[str, ...]) -> str | None:
        token = self._tokens.get(frozenset(scopes))
        return token.value if token is not None and time.monotonic() < token.renew_at else None

    def _lock_for_tasks(self) -> asyncio.Lock:
        if self._async_lock is None:
            import asyncio  # here: only the async client needs it, and it is slow to import

            self._async_lock = asyncio.Lock()
        return self._async_lock

    def _methods(self) -> tuple[str, ...]:
        """The client authentication methods to try: Basic, then the body; only the body once it worked."""
        return CLIENT_AUTH_METHODS[CLIENT_AUTH_METHODS.index(self.client_auth) :]

    def _basic(self) -> str:
        return basic_token(quote_plus(self._id), quote_plus(self._secret))

    def _request(self, scopes: tuple[str, ...], method: str, timeout: object) -> httpx.Request:
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        headers = {"Accept": "application/json"}
        if method == "basic":
            headers["Authorization"] = f"Basic {self._basic()}"
        else:
            form.update(client_id=self._id, client_secret=self._secret)
        extensions = {"timeout": timeout} if isinstance(timeout, dict) else {}
        return httpx.Request(
            "POST", self.token_url, data=form, headers=headers, extensions=extensions
        )

    def _accept(self, scopes: tuple[str, ...], method: str, response: httpx.Response) -> str | None:
        """Cache and return the token of a token response; ``None`` when Basic was refused and the body is
        still to try.  A token whose lifetime is already over is still used for this request.

        Raises:
            OAuth2Error: the server refused, or sent no usable token.
        """
        body = _json(response)
        fields = body if isinstance(body, dict) else {}
        value = _text(fields.get("access_token"))
        kind = _text(fields.get("token_type")) or "bearer"
        where = redact_url(self.token_url)
        if response.is_success and value and kind.lower() == "bearer":
            lifetime = _lifetime(fields.get("expires_in"))
            self._tokens[frozenset(scopes)] = _Token(value, lifetime)
            self.client_auth = method
            shown = "no expiry" if lifetime is None else f"expires in {lifetime:g} s"
            logger.info(
                "OAuth 2 token fetched from %s for scopes %r (%s)", where, " ".join(scopes), shown
            )
            return value
        if method == "basic" and (
            response.status_code == 401 or fields.get("error") == "invalid_client"
        ):
            logger.info(
                "The token endpoint %s refused HTTP Basic: sending the client credentials in the body",
                where,
            )
            return None
        if response.is_success:
            problem = "no access_token" if not value else f"token_type {kind!r}, not bearer"
            message = f"The token endpoint {where} answered {response.status_code} with {problem}"
        else:
            message = f"The token endpoint {where} refused a token: {response.status_code}"
            message += "".join(
                f" {fields[key]}"
                for key in ("error", "error_description")
                if _text(fields.get(key))
            )
        raise OAuth2Error(message, response=response, body=body)


class _ClientCredentialsAuth(httpx.Auth):
    """One request's bearer token for ``scopes``; a 401 gets a new token and one more attempt."""

    def __init__(self, source: ClientCredentials, scopes: tuple[str, ...]) -> None:
        self._source = source
        self._scopes = scopes

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._source.token(self._scopes, request.extensions.get("timeout"))
        response = yield _bearer(request, token)
        if response.status_code == 401:
            self._refused(token)
            yield _bearer(
                request, self._source.token(self._scopes, request.extensions.get("timeout"))
            )

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._source.atoken(self._scopes, request.extensions.get("timeout"))
        response = yield _bearer(request, token)
        if response.status_code == 401:
            self._refused(token)
            yield _bearer(
                request, await self._source.atoken(self._scopes, request.extensions.get("timeout"))
            )

    def _refused(self, token: str) -> None:
        logger.info(
            "401 with an OAuth 2 token: fetching a new token and sending the request once more"
        )
        self._source.expire(self._scopes, token)


class ProvidedToken(httpx.Auth):
    """A bearer token from a caller's callable, called for each request.

    The last token it returned is masked in every text while this client lives.
    """

    def __init__(self, scheme: str, provider: Callable[[], object]) -> None:
        self._scheme = scheme
        self._provider = provider
        self._last: _Token | None = None

    def auth(self, scopes: Sequence[str]) -> httpx.Auth:
        """The same flow whatever the scopes: the callable knows which token to give."""
        del scopes
        return self

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        yield _bearer(request, self._checked(self._provider()))

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = self._provider()
        if inspect.isawaitable(token):
            token = await token
        yield _bearer(request, self._checked(token))

    def _checked(self, token: object) -> str:
        if not isinstance(token, str) or not token.strip():
            shown = (
                "an awaitable (use the async client)"
                if inspect.isawaitable(token)
                else type(token).__name__
            )
            raise APIError(f"the token provider of {self._scheme} returned {shown}, not a token")
        if self._last is None or self._last.value != token:
            self._last = _Token(token, None)
        return token


def token_flows(
    schemes: Mapping[str, SchemeInfo],
    credentials: Mapping[str, str | None],
    providers: Mapping[str, object],
    base_url: httpx.URL,
    http_client: httpx.Client | httpx.AsyncClient,
) -> dict[str, TokenFlow]:
    """The schemes whose tokens come from a flow: client credentials given, or a callable given as the token.

    ``providers`` maps a scheme to what was passed as its token; strings are sent as they are, by
    :func:`._auth.resolve_auth`, and are not flows.
    """
    flows: dict[str, TokenFlow] = {}
    for name, info in schemes.items():
        if info.kind != "oauth2":
            continue
        client_id, client_secret = (credentials.get(arg) or "" for arg in info.credentials)
        if client_id.strip() and client_secret.strip():
            token_url = base_url.join(info.token_url)
            flows[name] = ClientCredentials(token_url, client_id, client_secret, http_client).auth
    for name, provider in providers.items():
        if callable(provider):
            flows[name] = ProvidedToken(name, provider).auth
    return flows


def _fetched(token: str | None) -> str:
    if token is None:  # not reached: the last method tried gives a token or raises
        raise APIError("the token endpoint gave no token")
    return token


def _clock(request: httpx.Request) -> CallClock:
    """The token request's deadline: its timeout's longest part, as for any attempt of the client's."""
    parts = request.extensions.get("timeout")
    clock = CallClock(httpx.Timeout(**parts) if isinstance(parts, dict) else None, 0)
    clock.start_attempt()
    return clock


def _bearer(request: httpx.Request, token: str) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token}"
    return request


def _json(response: httpx.Response) -> object:
    """The decoded JSON body, else its text (for the error)."""
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _lifetime(value: object) -> float | None:
    """``expires_in`` as seconds (a number, or a string of one, as some servers send), else ``None``."""
    try:
        seconds = (
            float(value)
            if isinstance(value, (int, float, str)) and not isinstance(value, bool)
            else math.nan
        )
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
