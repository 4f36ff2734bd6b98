"""Security schemes: which the client supports, and the constructor arguments carrying their credentials.

Each kind of scheme is one entry of :data:`SCHEME_KINDS`: which OpenAPI security schemes it
covers, where its credential goes, and which credentials it takes.  The generated client's
runtime has the same kinds in ``templates/runtime/_auth.py`` (``AUTH_KINDS``: how each is
put on a request, and which values are secret); a test keeps the two lists equal.  A new kind
of scheme is one entry in each table (and a name in the IR's ``SecurityScheme.kind``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from .. import records
from ..config import ClientConfig
from ..ir import Credential, SecurityScheme
from ..names import Namer, docstring, markdown_code, snake_name
from ..problems import Location, Problems

__all__ = [
    "SCHEME_KINDS",
    "SchemeKind",
    "credentials_note",
    "default_security_repr",
    "required_scopes",
    "requirements",
    "security",
]

Location_ = Literal["header", "query", "cookie"]


@records.frozen
class SchemeKind:
    """One kind of security scheme the generated client supports."""

    name: Literal["oauth2", "bearer", "basic", "api_key"]
    covers: Callable[[Mapping[str, Any]], bool]
    """Whether an OpenAPI security scheme object is of this kind."""
    place: Callable[[Mapping[str, Any]], tuple[Location_, str]]
    """Where the credential goes: ``header``, ``query`` or ``cookie``, and under which name."""
    credentials: tuple[tuple[str, str], ...]
    """(argument name suffix, what it is for the docs); an empty suffix is the scheme's one key."""


def _http(scheme: Mapping[str, Any]) -> str:
    return str(scheme.get("scheme", "")).lower() if scheme.get("type") == "http" else ""


def _token_url(scheme: Mapping[str, Any]) -> str | None:
    """The ``tokenUrl`` of an OAuth 2 scheme's client credentials flow, when it has one."""
    flows = scheme.get("flows") if scheme.get("type") == "oauth2" else None
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return url if isinstance(url, str) and url.strip() else None


def _takes_token_provider(scheme: Mapping[str, Any]) -> bool:
    """An OAuth 2 or OpenID Connect scheme whose token the caller obtains: a token or a callable returning one."""
    return scheme.get("type") in ("oauth2", "openIdConnect") and _token_url(scheme) is None


def _api_key_place(scheme: Mapping[str, Any]) -> tuple[Location_, str]:
    return scheme["in"], scheme["name"]


SCHEME_KINDS: tuple[SchemeKind, ...] = (
    SchemeKind(
        "oauth2",
        lambda s: _token_url(s) is not None,
        lambda s: ("header", "Authorization"),
        (("client_id", "OAuth 2 client ID"), ("client_secret", "OAuth 2 client secret")),
    ),
    SchemeKind(
        "bearer",
        lambda s: _http(s) == "bearer" or s.get("type") in ("oauth2", "openIdConnect"),
        lambda s: ("header", "Authorization"),
        (("", "bearer token"),),
    ),
    SchemeKind(
        "basic",
        lambda s: _http(s) == "basic",
        lambda s: ("header", "Authorization"),
        (("username", "user name"), ("password", "password")),
    ),
    SchemeKind(
        "api_key",
        lambda s: (
            s.get("type") == "apiKey"
            and s.get("in") in ("header", "query", "cookie")
            and isinstance(s.get("name"), str)
        ),
        _api_key_place,
        (("", "API key"),),
    ),
)
"""The kinds, in the order they are tried: ``oauth2`` is an OAuth 2 scheme with a client credentials flow,
whose tokens the client fetches; bearer also covers the other OAuth 2 flows and OpenID Connect, whose
token (or a callable returning one) the caller gives."""

_KINDS = {kind.name: kind for kind in SCHEME_KINDS}


def security(data: dict[str, Any], config: ClientConfig, problems: Problems, root: Location) -> list[SecurityScheme]:
    """The security schemes the client supports, each with the arguments carrying its credentials."""
    return _with_credentials(_schemes(data, problems, root), config)


def _schemes(data: dict[str, Any], problems: Problems, root: Location) -> list[SecurityScheme]:
    """The schemes of ``components`` that a kind of :data:`SCHEME_KINDS` covers; the others are reported."""
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(schemes, dict):
        return []
    found: list[SecurityScheme] = []
    for name, scheme in schemes.items():
        where = root.child("components", "securitySchemes", str(name))
        if not isinstance(scheme, dict):
            problems.warn(where, "security scheme must be an object: ignored")
            continue
        kind = next((k for k in SCHEME_KINDS if k.covers(scheme)), None)
        if kind is None:
            shown = str(scheme.get("scheme", "")).lower() or "-"
            problems.warn(where, f"security scheme type {scheme.get('type')!r} ({shown}) is not supported: ignored")
            continue
        location, param = kind.place(scheme)
        doc = docstring(scheme.get("description", ""), "        ")
        found.append(
            SecurityScheme(
                str(name),
                repr(str(name)),
                kind.name,
                location,
                repr(param),
                (),
                doc,
                token_url=_token_url(scheme) or "",
                token_url_repr=repr(_token_url(scheme) or ""),
                token_provider=kind.name == "bearer" and _takes_token_provider(scheme),
            )
        )
    return found


def _with_credentials(schemes: list[SecurityScheme], config: ClientConfig) -> list[SecurityScheme]:
    """Credentials: the first scheme takes ``api_key`` (or ``username``/``password``) and the configured
    variable; the others get arguments named after the scheme."""
    result = []
    args = Namer.for_client_arguments()
    for index, scheme in enumerate(schemes):
        stem = "" if index == 0 else snake_name(scheme.name, "credential")
        credentials = []
        for suffix, what in _KINDS[scheme.kind].credentials:
            if scheme.token_provider:
                what = "access token, or a callable returning one (called for each request),"
            wanted = "_".join(part for part in (stem, suffix) if part) or "api_key"
            arg = args.take(wanted)
            env = config.api_key_env if arg == "api_key" else f"{config.env_prefix}_{arg.upper()}"
            credentials.append(
                Credential(arg, env, docstring(f"The {what} for {scheme.name}; read from {env} when not given."))
            )
        result.append(records.evolve(scheme, credentials=tuple(credentials)))
    return result


def default_security_repr(data: dict[str, Any]) -> str:
    """The requirements of operations without their own ``security``, as source: the top-level
    ``security``, else ``()``, no credentials (OpenAPI's meaning, whatever schemes ``components`` defines)."""
    found = requirements(data.get("security"))
    return repr(found) if found is not None else "()"


def requirements(security: Any) -> tuple[tuple[str, ...], ...] | None:
    """A ``security`` list as a tuple of alternatives, each the tuple of its scheme names (``()`` for ``{}``,
    no credentials); ``None`` when it is not a list."""
    if not isinstance(security, list):
        return None
    return tuple(tuple(str(k) for k in requirement) for requirement in security if isinstance(requirement, dict))


def required_scopes(security: Any, data: dict[str, Any]) -> tuple[str, ...]:
    """The OAuth 2 scopes a ``security`` list requires: the union, over its alternatives, of the scopes
    it lists for OAuth 2 schemes, in the order they first appear (the scopes of a token the client fetches)."""
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    found: dict[str, None] = {}
    for requirement in security if isinstance(security, list) else ():
        for name, scopes in requirement.items() if isinstance(requirement, dict) else ():
            scheme = schemes.get(name) if isinstance(schemes, dict) else None
            if isinstance(scheme, dict) and scheme.get("type") == "oauth2" and isinstance(scopes, list):
                found.update((scope, None) for scope in scopes if isinstance(scope, str))
    return tuple(found)


def credentials_note(schemes: list[SecurityScheme]) -> str:
    envs = [c.env_var for s in schemes for c in s.credentials]
    if not envs:
        return "this API declares no authentication"
    return "credentials from " + ", ".join(markdown_code(e) for e in envs)
