"""Credentials for the security schemes an operation accepts.

The generated client describes its schemes in a table (scheme name ->
:class:`SchemeInfo`), and each kind of scheme is one entry of :data:`AUTH_KINDS`; :func:`resolve_auth` picks the
first alternative of the operation's requirements whose credentials are all
configured, and otherwise says which schemes need which arguments or environment
variables, before anything is sent;
:func:`secrets_of` tells the client which values to mask in logs and errors.
Schemes whose token comes from a flow (OAuth 2 client credentials, or a
callable given as the token: see :mod:`._oauth2`) put an :class:`httpx.Auth`
on the request instead of a header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

import httpx

from ._base_client import AuthParts
from ._exceptions import APIError
from ._redact import basic_token

__all__ = ["AUTH_KINDS", "AuthKind", "SchemeInfo", "resolve_auth", "secrets_of"]


class SchemeInfo(NamedTuple):
    """One security scheme of the generated client's table."""

    kind: str
    """A key of :data:`AUTH_KINDS`: ``oauth2``, ``bearer``, ``basic`` or ``api_key``."""
    location: str
    """Where an API key goes: ``header``, ``query`` or ``cookie``."""
    param: str
    """The header, query parameter or cookie name (``Authorization`` for bearer and basic)."""
    credentials: tuple[str, ...]
    """The client's credential attributes this scheme needs, in order (basic: user name, password;
    oauth2: client ID, client secret)."""
    env_vars: tuple[str, ...] = ()
    """The environment variables the client reads them from, in the same order (for messages)."""
    token_url: str = ""
    """oauth2: the token endpoint of the client credentials flow, absolute or relative to the server URL."""


class AuthKind(NamedTuple):
    """How one kind of scheme puts its credentials on a request, and which of them are secret."""

    apply: Callable[[SchemeInfo, Sequence[str], AuthParts], None]
    secrets: Callable[[Sequence[str | None]], list[str]]


def _bearer(info: SchemeInfo, values: Sequence[str], parts: AuthParts) -> None:
    parts.headers["Authorization"] = f"Bearer {values[0]}"


def _basic(info: SchemeInfo, values: Sequence[str], parts: AuthParts) -> None:
    parts.headers["Authorization"] = f"Basic {basic_token(values[0], values[1])}"


def _api_key(info: SchemeInfo, values: Sequence[str], parts: AuthParts) -> None:
    if info.location == "query":
        parts.query.append((info.param, values[0]))
    elif info.location == "cookie":
        parts.cookies[info.param] = values[0]
    else:
        parts.headers[info.param] = values[0]


def _given(values: Sequence[str | None]) -> list[str]:
    return [value for value in values if value]


def _basic_secrets(values: Sequence[str | None]) -> list[str]:
    """The password and the header's base64 token; the user name is not a secret."""
    username, password = values
    return [password, basic_token(username or "", password)] if password else []


def _by_flow(info: SchemeInfo, values: Sequence[str], parts: AuthParts) -> None:
    """Nothing: the token of a client credentials scheme is put on by its flow (:mod:`._oauth2`)."""


AUTH_KINDS: Mapping[str, AuthKind] = {
    "oauth2": AuthKind(_by_flow, _basic_secrets),
    "bearer": AuthKind(_bearer, _given),
    "basic": AuthKind(_basic, _basic_secrets),
    "api_key": AuthKind(_api_key, _given),
}
"""Every kind of scheme, one entry each: a new kind is a new entry here and in the generator's
``generator/build/security.py`` table, which must name the same kinds."""


def resolve_auth(
    schemes: Mapping[str, SchemeInfo],
    credentials: Mapping[str, str | None],
    security: Sequence[Sequence[str]],
    flows: Mapping[str, Callable[[Sequence[str]], httpx.Auth]] = MappingProxyType({}),
    scopes: Sequence[str] = (),
) -> AuthParts:
    """The credentials to send for an operation whose requirements are ``security``.

    ``security`` lists alternatives, each naming the schemes that must all be
    satisfied; ``()`` means the operation needs none, and an empty alternative
    means credentials are optional.  The first alternative whose credentials are
    all configured is used; when none is, an empty alternative sends nothing.
    A scheme this client does not support is left to the caller (headers or an
    ``http_client`` of their own).  An empty or blank credential counts as not
    configured, so it never becomes a header like ``Bearer ``.  A scheme in
    ``flows`` is configured: its flow, given the operation's ``scopes``, puts
    the token on the request.

    Raises:
        APIError: the operation needs credentials that are not configured; the
            message names the schemes, the arguments and the environment variables.
    """
    if not security:
        return AuthParts()
    for alternative in security:
        if alternative and not _missing(schemes, credentials, alternative, flows):
            flow = next((flows[scheme](scopes) for scheme in alternative if scheme in flows), None)
            parts = AuthParts(flow=flow)
            for scheme in alternative:
                info = schemes.get(scheme)
                if info is not None and scheme not in flows:
                    values = [credentials.get(name) or "" for name in info.credentials]
                    AUTH_KINDS[info.kind].apply(info, values, parts)
            return parts
    if any(not alternative for alternative in security):
        return AuthParts()
    raise APIError(_needs(schemes, credentials, security))


def _missing(
    schemes: Mapping[str, SchemeInfo],
    credentials: Mapping[str, str | None],
    alternative: Sequence[str],
    flows: Mapping[str, object] = MappingProxyType({}),
) -> list[str]:
    """The schemes of ``alternative`` this client supports whose credentials are not all configured."""
    return [
        scheme
        for scheme in alternative
        if scheme in schemes
        and scheme not in flows
        and not all(_usable(credentials.get(name)) for name in schemes[scheme].credentials)
    ]


def _usable(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def _needs(
    schemes: Mapping[str, SchemeInfo],
    credentials: Mapping[str, str | None],
    security: Sequence[Sequence[str]],
) -> str:
    """The message of a call that lacks credentials: what each alternative needs, and what was empty."""
    options = []
    for alternative in security:
        needed = []
        for scheme in _missing(schemes, credentials, alternative):
            info = schemes[scheme]
            args = " and ".join(f"{name}=" for name in info.credentials)
            where = f" to the client or set {' and '.join(info.env_vars)}" if info.env_vars else ""
            needed.append(f"{scheme} (pass {args}{where})")
        options.append(" with ".join(needed))
    wanted = options[0] if len(options) == 1 else "one of " + "; or ".join(options)
    given = {
        name
        for info in schemes.values()
        for name in info.credentials
        if credentials.get(name) is not None
    }
    empty = sorted(name for name in given if not _usable(credentials.get(name)))
    note = f" ({', '.join(empty)}: empty, which counts as not given)" if empty else ""
    return f"this operation needs credentials: {wanted}{note}"


def secrets_of(
    schemes: Mapping[str, SchemeInfo], credentials: Mapping[str, str | None]
) -> tuple[list[str], list[str]]:
    """The credential values to mask, and the names of the parameters carrying API keys.

    Every configured token and key is a secret; of basic auth the password and
    the header's base64 token, not the user name.
    """
    values: list[str] = []
    names: list[str] = []
    for info in schemes.values():
        values.extend(
            AUTH_KINDS[info.kind].secrets([credentials.get(name) for name in info.credentials])
        )
        if info.kind == "api_key":
            names.append(info.param)
    return values, names
