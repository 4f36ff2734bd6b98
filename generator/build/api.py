"""The :class:`~generator.ir.Api` of a spec: its schemas, resources, security, environments, and its names."""

from __future__ import annotations

from typing import Any

from .. import records
from ..config import ClientConfig
from ..ir import Api, Environment, Resource, SecurityScheme
from ..load import Spec
from ..names import class_name
from ..pathkeys import QUERY_OR_FRAGMENT, path_problem
from ..problems import Location, Problems
from .import_lines import pages_imports
from .operations import Operations
from .resources import group_operations, resources
from .schemas import Schemas
from .security import credentials_note, default_security_repr, required_scopes, security
from .servers import client_variables, environments
from .unused import report_unused
from .webhooks import webhooks

__all__ = ["build"]


def build(spec: Spec, config: ClientConfig, problems: Problems, *, rendering: bool = True) -> Api:
    """Build the IR of one normalized spec.

    The steps, in order (their warnings come in this order too): check the document; type
    every component schema, so each named schema is a model or enum whatever uses it; build
    the operations, grouped into resources; the security schemes and their credentials; the
    the servers of the API and of its operations, and their variables; the resources, with their
    pagination; the webhooks and callbacks, as events (:mod:`.webhooks`); then the API's names;
    last, every part of the document that became no code (:mod:`.unused`).  ``rendering`` False
    leaves out what only rendering reads (the models' import blocks, their fields' notes), for a
    comparison of names and types (``clientgen diff``).
    """
    data, root = _document(spec, problems)
    client_classes = frozenset({config.client_class, "Async" + config.client_class})
    schemas = Schemas(spec, problems, client_classes, rendering=rendering)
    _type_components(data, root, schemas, problems)
    operations = Operations(spec, schemas, problems, config)
    grouped = group_operations(_paths(data, root, problems), root, operations, problems)
    security_schemes = security(data, config, problems, root)
    credentials = [c.arg for s in security_schemes for c in s.credentials]
    envs, servers = environments(data, config, problems, root)
    own = (op.server for ops in grouped.operations.values() for op in ops if op.server is not None)
    variables = client_variables([*servers, *own], credentials, problems)
    built, namespaces = resources(grouped, [*credentials, *(v.arg for v in variables)], schemas, config, problems)
    hooks = webhooks(data, root, operations, config, (*built, *namespaces), problems)
    api = records.evolve(
        _api(data, config, schemas, security_schemes, built, envs, grouped.in_spec),
        server_variables=tuple(variables),
        namespaces=tuple(namespaces),
        webhooks=hooks,
    )
    report_unused(spec, api, problems)
    return api


def _document(spec: Spec, problems: Problems) -> tuple[dict[str, Any], Location]:
    """The document's root mapping and where it is; an error (raised) unless it is OpenAPI 3."""
    data = spec.root.data
    root = Location(spec.roots[0])
    if not isinstance(data, dict):
        problems.error(root, "an OpenAPI document must be a mapping")
        problems.raise_if_errors()
    if "openapi" not in data and "swagger" not in data:  # a fragment: paths or components on their own
        problems.warn(root, "no `openapi` version: read as OpenAPI 3.0")
        return data, root
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
        schemas.wanted_names.update(class_name(str(name)) for name in components)
        for name in components:
            ref = f"#/components/schemas/{_escape_ref(str(name))}"
            schemas.type_of(schemas.graph.reference(ref, root), str(name))


def _paths(data: dict[str, Any], root: Location, problems: Problems) -> dict[Any, Any]:
    """The ``paths`` object; an error (raised) for a key that is not a relative path template."""
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        problems.warn(root.child("paths"), "paths must be an object: no operations")
        return {}
    for key in paths:
        problem = path_problem(str(key))
        if problem is not None and problem != QUERY_OR_FRAGMENT:  # see QUERY_OR_FRAGMENT
            problems.error(root.child("paths").child(str(key)), f"the path {str(key)!r} {problem}")
    problems.raise_if_errors()
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
    title = str((info if isinstance(info, dict) else {}).get("title") or config.package)
    return Api(
        title=title,
        package=config.package,
        distribution=config.distribution_name,
        client_class=config.client_class,
        async_client_class="Async" + config.client_class,
        environments=tuple(envs),
        security_schemes=tuple(security_schemes),
        default_security_repr=default_security_repr(data),
        default_scopes=required_scopes(data.get("security"), data),
        resources=tuple(resources),
        models=tuple(schemas.models[n] for n in schemas.order if n in schemas.models),
        enums=tuple(schemas.enums[n] for n in schemas.order if n in schemas.enums),
        package_version=config.version,
        base_url_env=f"{config.env_prefix}_BASE_URL",
        log_env=f"{config.env_prefix}_LOG",
        credentials_note=credentials_note(security_schemes),
        idempotency_headers=tuple(config.idempotency_headers) or ("Idempotency-Key",),
        operations_in_spec=in_spec,
        pages_imports=pages_imports(resources),
    )


def _escape_ref(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
