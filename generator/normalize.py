"""Stage 2, normalize: small, named passes over the loaded document.

Each pass is a function ``(data, context) -> data`` that returns a new
document and never mutates its input: nodes on the way to a change are copied,
everything else is shared, so a pass over a large spec that changes nothing
costs one walk and no copies.  ``normalize`` runs :data:`PASSES` in order.

What the passes do, in order:

- ``merge_fragments``: several entry files (one per endpoint) become one
  document; a component defined twice must be defined identically.
- ``authorization_header_to_security``: a required ``Authorization`` header
  parameter is the bearer scheme, not a method argument.
- ``strip_tag_prefix``: ``subpackage_customers`` is the tag ``customers``.
- ``snake_case_operation_ids``: ``list-balances`` is ``list_balances``.
- ``cuid_is_string``: ``format: cuid`` is a plain string.
- ``any_or_null``: ``oneOf: [{description: Any type}, {type: 'null'}]`` is any
  JSON value (``{}``), which includes null.
- ``name_servers``: each server gets an environment name
  (``x-clientgen-environment``), from the configuration, else its description,
  else its place (``production`` first, then ``server_1``...), never from its host.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import records
from .load import Spec
from .problems import Location, Problems, join_pointer

__all__ = ["PASSES", "Context", "normalize"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operations a path item may have, in the order the client lists them."""


@records.frozen
class Context:
    """What the passes may need besides the document."""

    spec: Spec
    problems: Problems
    environments: Mapping[str, str] = records.field(factory=dict)
    """Environment name -> server URL, from the configuration."""
    origins: dict[str, Path] = records.field(factory=dict)
    """Filled by ``merge_fragments``: pointer prefix -> the fragment that defined it."""


Pass = Callable[[Any, Context], Any]


def _rewrite(node: Any, fn: Callable[[Any], Any]) -> Any:
    """Apply ``fn`` to every dict bottom-up, copying only what changes."""
    if isinstance(node, dict):
        changed: dict[str, Any] | None = None
        for key, value in node.items():
            new = _rewrite(value, fn)
            if new is not value:
                if changed is None:
                    changed = dict(node)
                changed[key] = new
        return fn(changed if changed is not None else node)
    if isinstance(node, list):
        new_items = [_rewrite(item, fn) for item in node]
        if any(new is not old for new, old in zip(new_items, node, strict=True)):
            return new_items
        return node
    return node


def _operations(data: Any) -> list[tuple[str, str, dict[str, Any]]]:
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return []
    found = []
    for path, item in paths.items():
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    found.append((path, method, operation))
    return found


def _with_operations(data: dict[str, Any], fn: Callable[[str, str, dict[str, Any]], dict[str, Any]]) -> Any:
    """Rebuild ``paths`` with ``fn`` applied to each operation."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return data
    new_paths: dict[str, Any] = {}
    changed = False
    for path, item in paths.items():
        if not isinstance(item, dict):
            new_paths[path] = item
            continue
        new_item = dict(item)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                new_operation = fn(path, method, operation)
                if new_operation is not operation:
                    new_item[method] = new_operation
                    changed = True
        new_paths[path] = new_item
    return {**data, "paths": new_paths} if changed else data


def merge_fragments(data: Any, context: Context) -> Any:
    """Merge every root document of the spec into the first one's shape."""
    spec = context.spec
    if len(spec.roots) < 2:
        return data
    merged: dict[str, Any] = {}
    origin: dict[tuple[str, ...], Location] = {}
    for root in sorted(spec.roots):
        fragment = spec.documents[root].data
        if not isinstance(fragment, dict):
            context.problems.error(Location(root), "a fragment must be a mapping")
            continue
        for key, value in fragment.items():
            here = Location(root, join_pointer("", key))
            if key in ("paths", "webhooks", "components", "tags", "servers", "security") and value is None:
                continue
            if key in ("paths", "webhooks"):
                if not _is_mapping_of_mappings(value, here, context):
                    continue
                section = merged.setdefault(key, {})
                for path, item in value.items():
                    target = section.setdefault(path, {})
                    for method, operation in item.items():
                        where = here.child(path, method)
                        if _merge_one(target, method, operation, (key, path, method), where, origin, context):
                            context.origins[where.pointer] = root
            elif key == "components":
                if not _is_mapping_of_mappings(value, here, context):
                    continue
                section = merged.setdefault(key, {})
                for kind, entries in value.items():
                    target = section.setdefault(kind, {})
                    for name, definition in entries.items():
                        where = here.child(kind, name)
                        if _merge_one(target, name, definition, (key, kind, name), where, origin, context):
                            context.origins[where.pointer] = root
            elif key in ("tags", "servers", "security"):
                if not isinstance(value, list):
                    context.problems.error(here, f"{key} must be a list")
                    continue
                entries = merged.setdefault(key, [])
                entries.extend(entry for entry in value if entry not in entries)
            else:
                _merge_one(merged, key, value, (key,), here, origin, context)
    return {key: merged[key] for key in _TOP_LEVEL_ORDER if key in merged} | merged


_TOP_LEVEL_ORDER = ("openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "paths")


def _is_mapping_of_mappings(value: Any, here: Location, context: Context) -> bool:
    if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
        return True
    context.problems.error(here, "must be a mapping of mappings")
    return False


def _merge_one(
    target: dict[str, Any],
    key: str,
    value: Any,
    identity: tuple[str, ...],
    where: Location,
    origin: dict[tuple[str, ...], Location],
    context: Context,
) -> bool:
    """Add ``value`` under ``key``; True when it was new here."""
    if key not in target:
        target[key] = value
        origin[identity] = where
        return True
    if target[key] != value:
        first = origin[identity]
        context.problems.error(
            where,
            f"{'/'.join(identity)} is defined differently here and in {first.file.name}",
        )
    return False


def authorization_header_to_security(data: Any, context: Context) -> Any:
    """A required ``Authorization`` header parameter becomes the bearer scheme."""
    found = False

    def fix(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
        nonlocal found
        params = operation.get("parameters")
        if not isinstance(params, list):
            return operation
        kept = [p for p in params if not _is_authorization_header(p)]
        if len(kept) == len(params):
            return operation
        found = True
        new = {**operation, "parameters": kept} if kept else {k: v for k, v in operation.items() if k != "parameters"}
        if "security" not in new:
            new["security"] = [{_bearer_scheme_name(data): []}]
        return new

    result = _with_operations(data, fix)
    if not found:
        return result
    name = _bearer_scheme_name(data)
    components = dict(result.get("components") or {})
    schemes = dict(components.get("securitySchemes") or {})
    schemes.setdefault(name, {"type": "http", "scheme": "bearer"})
    components["securitySchemes"] = schemes
    return {**result, "components": components}


def _is_authorization_header(param: Any) -> bool:
    return (
        isinstance(param, dict)
        and param.get("in") == "header"
        and str(param.get("name", "")).lower() == "authorization"
        and param.get("required") is True
    )


def _bearer_scheme_name(data: Any) -> str:
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in schemes.items():
        if isinstance(scheme, dict) and scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
            return str(name)
    return "bearerAuth"


_TAG_PREFIX = re.compile(r"^subpackage_")


def strip_tag_prefix(data: Any, context: Context) -> Any:
    """``subpackage_customers`` (how some doc generators name groups) is ``customers``."""

    def fix(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
        tags = operation.get("tags")
        if not isinstance(tags, list) or not any(isinstance(t, str) and _TAG_PREFIX.match(t) for t in tags):
            return operation
        return {**operation, "tags": [_TAG_PREFIX.sub("", t) if isinstance(t, str) else t for t in tags]}

    result = _with_operations(data, fix)
    tags = result.get("tags") if isinstance(result, dict) else None
    if isinstance(tags, list) and any(isinstance(t, dict) and _TAG_PREFIX.match(str(t.get("name", ""))) for t in tags):
        renamed = [
            {**t, "name": _TAG_PREFIX.sub("", str(t["name"]))} if isinstance(t, dict) and "name" in t else t
            for t in tags
        ]
        result = {**result, "tags": renamed}
    return result


def snake_case_operation_ids(data: Any, context: Context) -> Any:
    """``list-balances`` is ``list_balances``."""

    def fix(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str) and "-" in operation_id:
            return {**operation, "operationId": operation_id.replace("-", "_")}
        return operation

    return _with_operations(data, fix)


def cuid_is_string(data: Any, context: Context) -> Any:
    """``format: cuid`` adds nothing a client can check: a plain string."""

    def fix(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("format") == "cuid" and node.get("type") == "string":
            return {k: v for k, v in node.items() if k != "format"}
        return node

    return _rewrite(data, fix)


def _is_any_marker(node: Any) -> bool:
    return isinstance(node, dict) and set(node) <= {"description"} and node.get("description", "Any type") == "Any type"


def any_or_null(data: Any, context: Context) -> Any:
    """``oneOf: [{description: Any type}, {type: 'null'}]`` is any JSON value, null included."""

    def fix(node: dict[str, Any]) -> dict[str, Any]:
        variants = node.get("oneOf") or node.get("anyOf")
        if (
            isinstance(variants, list)
            and len(variants) == 2
            and any(_is_any_marker(v) for v in variants)
            and any(isinstance(v, dict) and v.get("type") == "null" for v in variants)
        ):
            return {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
        return node

    return _rewrite(data, fix)


def _environment_name(index: int, description: str) -> str:
    """The server's description as a name (``Sandbox server`` is ``sandbox_server``), else its position.

    Never the host alone: a guess from the host changes when the URL does, and a renamed
    environment breaks every caller that chose it by name.
    """
    slug = re.sub(r"[^a-z0-9]+", "_", description.lower()).strip("_")
    if slug and not slug[0].isdigit():
        return slug
    return "production" if index == 0 else f"server_{index}"


def name_servers(data: Any, context: Context) -> Any:
    """Give every server an environment name: from the configuration, else its description, else its place."""
    servers = data.get("servers") if isinstance(data, dict) else None
    if not isinstance(servers, list) or not servers:
        return data
    by_url = {url.rstrip("/"): name for name, url in context.environments.items()}
    named = []
    taken: set[str] = set()
    for index, server in enumerate(servers):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            named.append(server)
            continue
        url = server["url"]
        name = server.get("x-clientgen-environment") or by_url.get(url.rstrip("/"))
        if not isinstance(name, str):
            name = _environment_name(index, str(server.get("description", "")))
        base, n = name, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        named.append({**server, "x-clientgen-environment": name})
    return {**data, "servers": named}


PASSES: tuple[Pass, ...] = (
    merge_fragments,
    authorization_header_to_security,
    strip_tag_prefix,
    snake_case_operation_ids,
    cuid_is_string,
    any_or_null,
    name_servers,
)


def normalize(spec: Spec, problems: Problems, environments: Mapping[str, str] | None = None) -> Spec:
    """Run every pass; the result is a spec with one root holding the normalized document."""
    context = Context(spec, problems, dict(environments or {}))
    data = spec.root.data
    for run in PASSES:
        data = run(data, context)
    problems.raise_if_errors()
    if data is spec.root.data and len(spec.roots) == 1:
        return spec
    return spec.with_root_data(data, origins=context.origins)
