"""Credentials for the security schemes an operation accepts.

The generated client describes its schemes in a table (scheme name ->
:class:`SchemeInfo`), and each kind of scheme is one entry of :data:`AUTH_KINDS`; :func:`resolve_auth` picks the
first alternative of the operation's requirements whose credentials are all
configured, and says clearly which ones are missing otherwise;
:func:`secrets_of` tells the client which values to mask in logs and errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from ._base_client import AuthParts
from ._exceptions import APIError
from ._redact import basic_token

__all__ = ["AUTH_KINDS", "AuthKind", "SchemeInfo", "resolve_auth", "secrets_of"]


class SchemeInfo(NamedTuple):
    """One security scheme of the generated client's table."""

    kind: str
    """A key of :data:`AUTH_KINDS`: ``bearer``, ``basic`` or ``api_key``."""
    location: str
    """Where an API key goes: ``header``, ``query`` or ``cookie``."""
    param: str
    """The header, query parameter or cookie name (``Authorization`` for bearer and basic)."""
    credentials: tuple[str, ...]
    """The client's credential attributes this scheme needs, in order (basic: user name, password)."""


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


AUTH_KINDS: Mapping[str, AuthKind] = {
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
) -> AuthParts:
    """Auth for the first satisfiable alternative; an empty alternative means "no auth"."""
    missing: list[str] = []
    for alternative in security:
        parts = AuthParts(headers={}, query=[], cookies={})
        satisfied = True
        for scheme in alternative:
            info = schemes.get(scheme)
            if info is None:  # a scheme this client cannot use
                satisfied = False
                break
            values = [credentials.get(name) for name in info.credentials]
            if any(value is None for value in values):
                missing.extend(name for name, value in zip(info.credentials, values, strict=True) if value is None)
                satisfied = False
                break
            AUTH_KINDS[info.kind].apply(info, [value for value in values if value is not None], parts)
        if satisfied:
            return parts
    if not security:
        return AuthParts(headers={}, query=[], cookies={})
    names = ", ".join(sorted(set(missing))) or "a supported credential"
    raise APIError(f"this operation needs credentials: pass {names} to the client or set its environment variable")


def secrets_of(schemes: Mapping[str, SchemeInfo], credentials: Mapping[str, str | None]) -> tuple[list[str], list[str]]:
    """The credential values to mask, and the names of the parameters carrying API keys.

    Every configured token and key is a secret; of basic auth the password and
    the header's base64 token, not the user name.
    """
    values: list[str] = []
    names: list[str] = []
    for info in schemes.values():
        values.extend(AUTH_KINDS[info.kind].secrets([credentials.get(name) for name in info.credentials]))
        if info.kind == "api_key":
            names.append(info.param)
    return values, names
