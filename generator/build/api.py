"""The :class:`~generator.ir.Api` of a spec: its schemas, resources, security, environments, and its names."""

from __future__ import annotations

import re
from typing import Any

from ..config import ClientConfig
from ..ir import Api, Environment, PrimitiveType, Resource, SecurityScheme
from ..load import Spec
from ..names import Namer, docstring, markdown_code, snake_name
from ..problems import Location, Problems
from .import_lines import pages_imports
from .operations import Operations
from .resources import group_operations, resources
from .schemas import Schemas
from .security import credentials_note, default_security_repr, security
from .unused import report_unused

__all__ = ["build"]


def build(spec: Spec, config: ClientConfig, problems: Problems) -> Api:
    """Build the IR of one normalized spec.

    The steps, in order (their warnings come in this order too): check the document; type
    every component schema, so each named schema is a model or enum whatever uses it; build
    the operations, grouped into resources; the security schemes and their credentials; the
    resources, with their pagination; the environments; then the API's names; last, every part
    of the document that became no code (:mod:`.unused`).
    """
    data, root = _document(spec, problems)
    schemas = Schemas(spec, problems, frozenset({config.client_class, "Async" + config.client_class}))
    _type_components(data, root, schemas, problems)
    operations = Operations(spec, schemas, problems, config)
    grouped = group_operations(_paths(data, root, problems), root, operations, problems)
    security_schemes = security(data, config, problems, root)
    credentials = (c.arg for s in security_schemes for c in s.credentials)
    built = resources(grouped, credentials, schemas, config, problems)
    envs = _environments(data, config, problems, root)
    api = _api(data, config, schemas, security_schemes, built, envs, grouped.in_spec)
    report_unused(spec, api, problems)
    return api


def _document(spec: Spec, problems: Problems) -> tuple[dict[str, Any], Location]:
    """The document's root mapping and where it is; an error (raised) unless it is OpenAPI 3."""
    data = spec.root.data
    root = Location(spec.roots[0])
    if not isinstance(data, dict):
        problems.error(root, "an OpenAPI document must be a mapping")
        problems.raise_if_errors()
    version = str(data.get("openapi", ""))
    if not version.startswith("3."):
        problems.error(root.child("openapi"), f"unsupported OpenAPI version {version or data.get('swagger')!r}")
        problems.raise_if_errors()
    return data, root


def _type_components(data: dict[str, Any], root: Location, schemas: Schemas, problems: Problems) -> None:
    """Type every schema of ``components``, in the spec's order, so each gets the name the spec gives it."""
    if not isinstance(data.get("components", {}), dict | None):
        problems.error(root.child("components"), "components must be a mapping")
        problems.raise_if_errors()
    components = (data.get("components") or {}).get("schemas") or {}
    if isinstance(components, dict):
        for name in components:
            schemas.type_of({"$ref": f"#/components/schemas/{_escape_ref(str(name))}"}, root, str(name))


def _paths(data: dict[str, Any], root: Location, problems: Problems) -> dict[Any, Any]:
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        problems.warn(root.child("paths"), "paths must be an object: no operations")
        return {}
    return paths


def _api(
    data: dict[str, Any],
    config: ClientConfig,
    schemas: Schemas,
    security_schemes: list[SecurityScheme],
    resources: list[Resource],
    envs: list[Environment],
    in_spec: int,
) -> Api:
    info = data.get("info")
    if not isinstance(info, dict):
        info = {}
    title = str(info.get("title") or config.package)
    return Api(
        title=title,
        package=config.package,
        distribution=config.distribution_name,
        client_class=config.client_class,
        async_client_class="Async" + config.client_class,
        doc=docstring(info.get("description") or title),
        environments=tuple(envs),
        base_url_env_repr=repr(f"{config.env_prefix}_BASE_URL"),
        log_env_repr=repr(f"{config.env_prefix}_LOG"),
        security_schemes=tuple(security_schemes),
        default_security_repr=default_security_repr(data, security_schemes),
        resources=tuple(resources),
        models=tuple(schemas.models[n] for n in schemas.order if n in schemas.models),
        enums=tuple(schemas.enums[n] for n in schemas.order if n in schemas.enums),
        package_version=config.version,
        display_name=_api_name(title),
        title_doc=docstring(_api_name(title)),
        title_md=markdown_code(_api_name(title)),
        base_url_env=f"{config.env_prefix}_BASE_URL",
        log_env=f"{config.env_prefix}_LOG",
        credentials_note=credentials_note(security_schemes),
        example=_example(resources),
        idempotency_headers_repr=repr(tuple(config.idempotency_headers) or ("Idempotency-Key",)),
        idempotency_headers=tuple(config.idempotency_headers) or ("Idempotency-Key",),
        operations_in_spec=in_spec,
        pages_imports=pages_imports(resources),
    )


# -- security ----------------------------------------------------------------------------------


# -- environments ------------------------------------------------------------------------------


def _environments(data: dict[str, Any], config: ClientConfig, problems: Problems, root: Location) -> list[Environment]:
    """The spec's servers as named environments, then those of the config (which replace same-named ones)."""
    envs = _servers(data, problems, root)
    if not config.environments:
        return envs
    configured = {
        Environment(snake_name(k), repr(snake_name(k)), repr(v.rstrip("/")), markdown_code(v.rstrip("/")))
        for k, v in config.environments.items()
    }
    return [e for e in envs if e.name in {c.name for c in configured}] + sorted(
        (c for c in configured if c.name not in {e.name for e in envs}), key=lambda e: e.name
    )


def _servers(data: dict[str, Any], problems: Problems, root: Location) -> list[Environment]:
    """One environment a server: named by ``x-clientgen-environment``, else ``production`` for the first."""
    servers = data.get("servers")
    envs: list[Environment] = []
    taken = Namer()
    if not isinstance(servers, list):
        return envs
    for index, server in enumerate(servers):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            problems.warn(root.child("servers", index), "server without a url: ignored")
            continue
        url = server["url"]
        variables = server.get("variables")
        if isinstance(variables, dict):
            for var, spec in variables.items():
                default = spec.get("default") if isinstance(spec, dict) else None
                url = url.replace("{" + str(var) + "}", str(default if default is not None else ""))
        if "{" in url:
            problems.warn(root.child("servers", index, "url"), "server variable without a default: left in the URL")
        name = server.get("x-clientgen-environment")
        env_name = taken.take(snake_name(str(name) if name else ("production" if index == 0 else f"server_{index}")))
        envs.append(Environment(env_name, repr(env_name), repr(url.rstrip("/")), markdown_code(url.rstrip("/"))))
    return envs


# -- names and snippets of the README ----------------------------------------------------------


def _api_name(title: str) -> str:
    """``Afternoon Events API`` stays as it is; ``Petstore`` becomes ``Petstore API``."""
    return title if re.search(r"\bAPI\b", title, re.IGNORECASE) else f"{title} API"


def _example(resources: list[Resource]) -> str:
    """A call the README shows: the first GET whose only required arguments are string path parameters."""
    for resource in resources:
        for op in resource.operations:
            if op.method == "GET" and all(p.type == PrimitiveType("str") for p in op.path_params):
                required = [p for p in op.params if p.required]
                if not required:
                    args = ", ".join(repr("...") for _ in op.path_params)
                    return f"{resource.name}.{op.name}({args})"
    return ""


def _escape_ref(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
