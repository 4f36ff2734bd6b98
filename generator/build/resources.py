"""Operations grouped into resources: each operation built as a method of the resource of its first tag.

Without a tag, an operation belongs to the first plain segment of its path (``/v1/pets/{id}``
is ``pets``).  Methods are named after the operationId, else the method and the path.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

import attrs

from ..config import ClientConfig
from ..ir import Operation, Resource
from ..names import Namer, class_name, module_name, snake_name
from ..normalize import HTTP_METHODS
from ..pagination import paginate
from ..problems import Level, Location, Problem, Problems, SpecError
from ..reserved import report_rename, shadowed_builtins
from .import_lines import resource_imports, runtime_imports
from .operations import Operations
from .schemas import Schemas

__all__ = ["Grouped", "group_operations", "resources"]


@attrs.define
class Grouped:
    """The operations of a spec built as methods, by resource (a snake_case name)."""

    operations: dict[str, list[Operation]] = attrs.field(factory=dict)
    tagged: dict[str, Location] = attrs.field(factory=dict)
    """Where each resource's name first comes from: the first tag (or the operation) grouped under it."""
    method_names: dict[str, Namer] = attrs.field(factory=dict)
    in_spec: int = 0
    """How many operations the spec has, built or not."""


def group_operations(paths: dict[Any, Any], root: Location, operations: Operations, problems: Problems) -> Grouped:
    """Build every operation of ``paths``, grouped by resource.

    An operation that cannot be built is reported and left out; when none can, those
    reports are errors (raised), otherwise warnings.
    """
    grouped = Grouped()
    failed: list[Problem] = []
    for path, raw_item in paths.items():
        item, item_location = operations.deref(raw_item, root.child("paths", str(path)))
        if not isinstance(item, dict):
            problems.warn(item_location, "path item must be an object: skipped")
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                where = item_location.child(method)
                failed.extend(_add(grouped, str(path), method, operation, item, where, operations, problems))
    # Errors when no operation could be generated; otherwise warnings, and the client has the others.
    problems.extend(failed if not grouped.operations else (attrs.evolve(p, level=Level.WARNING) for p in failed))
    problems.raise_if_errors()
    return grouped


def _add(
    grouped: Grouped,
    path: str,
    method: str,
    operation: dict[str, Any],
    item: dict[str, Any],
    where: Location,
    operations: Operations,
    problems: Problems,
) -> list[Problem]:
    """Build one operation into its resource; the problems that kept it out, if it could not be built."""
    tag = _resource_of(path, operation)
    resource = snake_name(tag, "default")
    from_tag = isinstance(operation.get("tags"), list) and operation["tags"][:1] == [tag]
    grouped.tagged.setdefault(resource, where.child("tags", 0) if from_tag else where)
    namer = grouped.method_names.setdefault(resource, Namer.for_methods())
    wanted = _operation_name(path, method, operation)
    name = namer.take(wanted)
    named_at = where.child("operationId") if "operationId" in operation else where
    report_rename(namer, wanted, name, "method", problems, named_at)
    grouped.in_spec += 1
    try:
        built = operations.build(path, method, operation, item, where, name)
    except SpecError as exc:  # this operation cannot be generated: reported, the others still are
        return [attrs.evolve(p, message=f"{method.upper()} {path} not generated: {p.message}") for p in exc.problems]
    grouped.operations.setdefault(resource, []).append(built)
    return []


def _resource_of(path: str, operation: dict[str, Any]) -> str:
    tags = operation.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{") and not re.fullmatch(r"v\d+(\.\d+)?|api", segment):
            return segment
    return "default"


def _operation_name(path: str, method: str, operation: dict[str, Any]) -> str:
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id.strip():
        return snake_name(operation_id, "call")
    words = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    return snake_name(method + "_" + "_".join(words), "call")


def resources(
    grouped: Grouped, credentials: Iterable[str], schemas: Schemas, config: ClientConfig, problems: Problems
) -> list[Resource]:
    """The resources, sorted by name, each an attribute of the client (none named like a credential)."""
    built = []
    resource_attrs = Namer.for_resources(credentials)
    for resource_name in sorted(grouped.operations):
        attr = resource_attrs.take(resource_name)
        report_rename(resource_attrs, resource_name, attr, "resource", problems, grouped.tagged[resource_name])
        ops = [_paginated(op, attr, schemas, config, problems) for op in grouped.operations[resource_name]]
        built.append(_resource(resource_name, attr, ops, schemas.class_names))
    return built


def _resource(name: str, attr: str, operations: list[Operation], class_names: Namer) -> Resource:
    imports, checking = resource_imports(operations)
    shadowed = shadowed_builtins(op.name for op in operations)
    if shadowed:
        imports = tuple(sorted({*imports, "import builtins"}))
    klass = _resource_class(name, class_names)
    return Resource(
        attr,
        module_name(name),
        klass,
        "Async" + klass,
        name,
        tuple(operations),
        imports,
        checking,
        raw_class_name=klass + "WithRawResponse",
        async_raw_class_name=f"Async{klass}WithRawResponse",
        shadowed_builtins=shadowed,
    )


def _resource_class(resource: str, class_names: Namer) -> str:
    """The resource's class name, taken with its async and raw-response companions: each must be free
    (no model, enum or page class, nothing the generated modules import), else ``...Resource``."""
    stem = class_name(resource, "Resource")
    for n in itertools.count(1):
        klass = stem if n == 1 else f"{stem}Resource" if n == 2 else f"{stem}Resource{n - 1}"
        names = (klass, f"Async{klass}", f"{klass}WithRawResponse", f"Async{klass}WithRawResponse")
        if not any(name in class_names or class_names.owns(name) for name in names):
            for name in names:
                class_names.take(name)
            return klass
    raise AssertionError("unreachable")


def _paginated(op: Operation, resource: str, schemas: Schemas, config: ClientConfig, problems: Problems) -> Operation:
    """The operation with its pagination decided; a paginated method imports its page class, not the model."""
    op = paginate(op, resource, schemas.models, schemas.class_names, config, problems)
    if op.pagination is None:
        return op
    return attrs.evolve(op, runtime_imports=runtime_imports(*op.errors))
