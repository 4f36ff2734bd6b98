"""Which server each request goes to, and the variables of the servers' URLs.

The generated client names its environments (the spec's top-level servers) in
``ENVIRONMENTS`` and the variables of every server URL (``{region}`` in
``https://{region}.api.example.com``) in a table (variable name ->
:class:`ServerVariable`); each variable is a constructor argument with the
spec's default.  :class:`Servers` is the choice one client made:

- the base URL: ``base_url=`` if given, else the named ``environment``, else
  the base URL environment variable, else the first environment;
- an operation with servers of its own (its ``servers``, else its path's) goes
  to the first of them, unless the user gave the base URL (``base_url=`` or the
  environment variable): a URL the user chose always wins.  A relative server
  URL is resolved against the base URL.

Variables are filled in when a URL is needed; a value outside a variable's
``enum`` is refused when the client is built.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Final, NamedTuple

import httpx

from ._exceptions import APIError

__all__ = ["ServerVariable", "Servers"]

_PLACEHOLDER: Final = re.compile(r"\{([^{}/]+)\}")


class ServerVariable(NamedTuple):
    """One variable of the server URLs, as the client's table lists it."""

    arg: str
    """The constructor argument that sets it."""
    default: str | None
    """The value used when the argument is not given (``None``: the spec gives none)."""
    enum: tuple[str, ...]
    """The values allowed; empty for any."""


class Servers:
    """The base URL a client was built for, and the URLs of the operations that have their own servers.

    Raises:
        APIError: a variable was given a value outside its ``enum``, or a URL
            needs a variable that has no value.
        ValueError: ``environment`` names no environment, or there is no server at all.
    """

    def __init__(
        self,
        variables: Mapping[str, ServerVariable],
        given: Mapping[str, str | None],
        *,
        environments: Mapping[str, str],
        environment: str | None,
        base_url: str | httpx.URL | None,
        base_url_env: str,
    ) -> None:
        self._variables = variables
        self._values = {
            name: _checked(name, variable, given.get(name)) for name, variable in variables.items()
        }
        from_env = os.environ.get(base_url_env) if environment is None else None
        self.user_given = base_url is not None or bool(from_env)
        """The user chose the base URL: every operation goes there."""
        self.base_url: str | httpx.URL
        if base_url is not None:
            self.base_url = base_url
        elif environment is not None:
            if environment not in environments:
                known = ", ".join(sorted(environments)) or "none"
                raise ValueError(f"unknown environment {environment!r} (known: {known})")
            self.base_url = self.fill(environments[environment])
        elif from_env:
            self.base_url = from_env
        elif environments:
            self.base_url = self.fill(next(iter(environments.values())))
        else:
            raise ValueError(f"this API names no server: pass base_url= or set {base_url_env}")

    def fill(self, template: str) -> str:
        """``template`` with each ``{variable}`` replaced by its value."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            found = self._values.get(name)
            if found is None:
                arg = self._variables[name].arg if name in self._variables else name
                raise APIError(
                    f"the server {template!r} needs {{{name}}}: pass {arg}= to the client"
                )
            return found

        return _PLACEHOLDER.sub(value, template)

    def url(self, base_url: httpx.URL, server: str | None) -> httpx.URL:
        """Where an operation goes: ``base_url``, or its own ``server`` unless the user chose the base URL."""
        if server is None or self.user_given:
            return base_url
        return base_url.join(self.fill(server))


def _checked(name: str, variable: ServerVariable, value: str | None) -> str | None:
    if value is None:
        return variable.default
    if variable.enum and value not in variable.enum:
        allowed = ", ".join(repr(v) for v in variable.enum)
        raise APIError(
            f"{variable.arg}={value!r} is not a value of the server variable {{{name}}}: one of {allowed}"
        )
    return value
