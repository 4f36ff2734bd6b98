"""Servers: the environments of the top-level ``servers``, the servers of paths and operations, and the
variables of their URLs, which become constructor arguments of the client.

The top-level servers are the client's named environments (``ENVIRONMENTS``), their URLs kept as
templates.  An operation's own ``servers``, else its path item's, send it to the first of them
(the client's runtime, ``_servers.py``, decides; a base URL the user gives still wins).  Every
``{variable}`` of any of these URLs is one argument of the client, named after the variable in
snake_case, with the default of its first declaration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .. import records
from ..config import ClientConfig
from ..ir import Environment, Server, ServerVariable
from ..names import Namer, docstring, markdown_code, snake_name
from ..problems import Location, Problems

__all__ = ["client_variables", "environments", "operation_server"]

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
"""A variable in a server URL; the runtime's ``_servers.py`` reads them with the same pattern."""


def environments(
    data: dict[str, Any], config: ClientConfig, problems: Problems, root: Location
) -> tuple[list[Environment], list[Server]]:
    """The spec's servers as named environments, then those of the config (which replace same-named ones);
    and the spec's servers themselves, for their variables."""
    envs, servers = _top_level(data, problems, root)
    if not config.environments:
        return envs, servers
    configured = {
        Environment(snake_name(k), repr(snake_name(k)), repr(v.rstrip("/")), markdown_code(v.rstrip("/")))
        for k, v in config.environments.items()
    }
    kept = [e for e in envs if e.name in {c.name for c in configured}] + sorted(
        (c for c in configured if c.name not in {e.name for e in envs}), key=lambda e: e.name
    )
    return kept, servers


def _top_level(data: dict[str, Any], problems: Problems, root: Location) -> tuple[list[Environment], list[Server]]:
    """One environment a server: named by ``x-clientgen-environment``, else ``production`` for the first."""
    listed = data.get("servers")
    envs: list[Environment] = []
    servers: list[Server] = []
    taken = Namer()
    if not isinstance(listed, list):
        return envs, servers
    for index, entry in enumerate(listed):
        server = _server(entry, root.child("servers", index), problems)
        if server is None:
            continue
        servers.append(server)
        name = entry.get("x-clientgen-environment")
        env_name = taken.take(snake_name(str(name) if name else ("production" if index == 0 else f"server_{index}")))
        envs.append(Environment(env_name, repr(env_name), repr(server.url), markdown_code(server.url)))
    return envs, servers


def operation_server(
    operation: dict[str, Any], item: dict[str, Any], location: Location, problems: Problems
) -> Server | None:
    """The first of the operation's own ``servers``, else of its path item's; ``None`` when neither has any."""
    for node, where in ((operation, location), (item, Location(location.file, location.pointer.rpartition("/")[0]))):
        listed = node.get("servers")
        if isinstance(listed, list) and listed:
            return _server(listed[0], where.child("servers", 0), problems)
    return None


def _server(entry: Any, where: Location, problems: Problems) -> Server | None:
    """A server object with its URL (no trailing slash) and the variables the URL uses."""
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        problems.warn(where, "server without a url: ignored")
        return None
    url = entry["url"].rstrip("/")
    declared = entry.get("variables")
    if not isinstance(declared, dict):
        declared = {}
    variables = []
    for name in dict.fromkeys(_PLACEHOLDER.findall(url)):
        spec = declared.get(name)
        if not isinstance(spec, dict):
            problems.warn(where.child("url"), f"server variable {{{name}}} is not declared")
            variables.append(ServerVariable(name, None, (), "", where.child("url"), declared=False))
            continue
        if spec.get("default") is None:
            problems.warn(where.child("variables", name), f"server variable {{{name}}} has no default")
        variables.append(_variable(name, spec, where.child("variables", name)))
    return Server(url, tuple(variables), markdown_code(url))


def _variable(name: str, spec: dict[str, Any], where: Location) -> ServerVariable:
    default, enum, description = spec.get("default"), spec.get("enum"), spec.get("description")
    return ServerVariable(
        name,
        None if default is None else str(default),
        tuple(str(v) for v in enum) if isinstance(enum, list) else (),
        description if isinstance(description, str) else "",
        where,
    )


def client_variables(servers: Iterable[Server], taken: Iterable[str], problems: Problems) -> list[ServerVariable]:
    """One variable a name, as its first declaration says, named as a constructor argument clear of ``taken``.

    A later declaration with another default or enum is reported: the first one is used for every server.
    A variable that no server declares has no default.
    """
    first: dict[str, ServerVariable] = {}
    for server in servers:
        for variable in server.variables:
            seen = first.setdefault(variable.name, variable)
            if not seen.declared:
                first[variable.name] = variable
            elif variable.declared and (seen.default, seen.enum) != (variable.default, variable.enum):
                problems.warn(
                    variable.location,
                    f"server variable {{{variable.name}}} is declared differently at {seen.location.pointer}: "
                    "the client uses that first declaration",
                )
    args = Namer.for_client_arguments(taken)
    named = []
    for variable in first.values():
        arg = args.take(snake_name(variable.name, "server"))
        named.append(records.evolve(variable, arg=arg, doc=_doc(variable), md=_md(variable, arg)))
    return named


def _doc(variable: ServerVariable) -> str:
    """The Args line of the client's docstring (escaped)."""
    parts = [variable.description.strip().rstrip(".") or f"The ``{{{variable.name}}}`` of the server URLs"]
    if variable.enum:
        parts.append("one of " + ", ".join(repr(v) for v in variable.enum))
    return docstring("; ".join(parts) + ".", "            ")


def _md(variable: ServerVariable, arg: str) -> str:
    """The README's line: the argument, the variable, its default and values."""
    default = "no default" if variable.default is None else f"default `{markdown_code(variable.default)}`"
    values = "; one of " + ", ".join(f"`{markdown_code(v)}`" for v in variable.enum) if variable.enum else ""
    return f"`{arg}=` sets `{markdown_code('{' + variable.name + '}')}` ({default}{values})"
