"""Credentials for the security schemes an operation accepts.

The generated client describes its schemes in a table (scheme name -> kind,
location, parameter name, credential attribute); :func:`resolve_auth` picks the
first alternative of the operation's requirements whose credentials are all
configured, and says clearly which ones are missing otherwise;
:func:`secrets_of` tells the client which values to mask in logs and errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ._base_client import AuthParts
from ._exceptions import APIError
from ._redact import basic_token

__all__ = ["SchemeInfo", "resolve_auth", "secrets_of"]

SchemeInfo = tuple[str, str, str, tuple[str, ...]]
"""(kind: bearer | basic | api_key, location: header | query | cookie, parameter name, credential names)."""


def _apply(info: SchemeInfo, values: Sequence[str], parts: AuthParts) -> None:
    kind, location, param, _ = info
    if kind == "bearer":
        parts.headers["Authorization"] = f"Bearer {values[0]}"
    elif kind == "basic":
        parts.headers["Authorization"] = f"Basic {basic_token(values[0], values[1])}"
    elif location == "query":
        parts.query.append((param, values[0]))
    elif location == "cookie":
        parts.cookies[param] = values[0]
    else:
        parts.headers[param] = values[0]


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
            values = [credentials.get(name) for name in info[3]]
            if any(value is None for value in values):
                missing.extend(name for name, value in zip(info[3], values, strict=True) if value is None)
                satisfied = False
                break
            _apply(info, [value for value in values if value is not None], parts)
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
    for kind, _, param, credential_names in schemes.values():
        given = [credentials.get(name) for name in credential_names]
        if kind == "basic":
            username, password = given
            if password:
                values.append(password)
                values.append(basic_token(username or "", password))
        else:
            values.extend(value for value in given if value)
        if kind == "api_key":
            names.append(param)
    return values, names
