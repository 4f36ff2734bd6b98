"""Operations grouped into resources: each operation built as a method of the resource of its first tag.

Without a tag, an operation belongs to the first plain segment of its path (``/v1/pets/{id}``
is ``pets``).  Methods are named by ``x-clientgen-name``, else after the operationId, else the
method and the path.  An operation with ``x-clientgen-group: [v2]`` puts its resource in the
namespace ``client.v2`` (see :mod:`.namespaces`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

from .. import records
from ..config import ClientConfig
from ..ir import Namespace, Operation, Resource
from ..names import Namer, class_name, module_name, snake_name
from ..normalize import HTTP_METHODS
from ..pagination import paginate
from ..problems import Level, Location, Problem, Problems, SpecError
from ..reserved import report_rename, shadowed_builtins
from .import_lines import resource_imports, runtime_imports
from .operations import Operations
from .schemas import Schemas

__all__ = ["Grouped", "group_operations", "resources"]


ResourceKey = tuple[str, ...]
"""A resource: the snake_case names of its namespaces (``x-clientgen-group``), then its own."""

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
"""What ``x-clientgen-group`` entries and ``x-clientgen-name`` must look like."""


@records.mutable
class Grouped:
    """The operations of a spec built as methods, by resource."""

    operations: dict[ResourceKey, list[Operation]] = records.field(factory=dict)
    tagged: dict[ResourceKey, Location] = records.field(factory=dict)
    """Where each resource's name first comes from: the first tag (or the operation) grouped under it."""
    method_names: dict[ResourceKey, Namer] = records.field(factory=dict)
    groups: dict[tuple[str, ...], tuple[tuple[str, ...], Location]] = records.field(factory=dict)
    """Each namespace (and each namespace holding one), by snake_case names: its names as the first
    operation in it writes them, and where (that operation's ``x-clientgen-group``)."""
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
    problems.extend(failed if not grouped.operations else (p._replace(level=Level.WARNING) for p in failed))
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
    group = _group_of(operation, where, problems)
    resource = (*(snake_name(g) for g in group), snake_name(tag, "default"))
    for depth in range(1, len(group) + 1):
        grouped.groups.setdefault(resource[:depth], (group[:depth], where.child("x-clientgen-group")))
    from_tag = isinstance(operation.get("tags"), list) and operation["tags"][:1] == [tag]
    grouped.tagged.setdefault(resource, where.child("tags", 0) if from_tag else where)
    namer = grouped.method_names.setdefault(resource, Namer.for_methods())
    wanted, named_at, explicit = _operation_name(path, method, operation, where, problems)
    name = namer.take(wanted)
    report_rename(namer, wanted, name, "method", problems, named_at)
    if explicit and name != wanted and not namer.owns(wanted):
        problems.warn(named_at, f"method {wanted!r} renamed {name!r}: {'.'.join(resource)} already has {wanted!r}")
    grouped.in_spec += 1
    try:
        built = operations.build(path, method, operation, item, where, name, resource[-1])
    except SpecError as exc:  # this operation cannot be generated: reported, the others still are
        return [p._replace(message=f"{method.upper()} {path} not generated: {p.message}") for p in exc.problems]
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


def _group_of(operation: dict[str, Any], where: Location, problems: Problems) -> tuple[str, ...]:
    """The namespaces ``x-clientgen-group`` names, outermost first; a value of another shape is reported."""
    if "x-clientgen-group" not in operation:
        return ()
    value = operation["x-clientgen-group"]
    if isinstance(value, list) and all(isinstance(v, str) and _NAME.fullmatch(v) for v in value):
        return tuple(value)
    problems.warn(
        where.child("x-clientgen-group"),
        f"x-clientgen-group must be a list of names (a letter, then letters, digits or underscores), "
        f"such as ['v2'], not {_shown(value)}: the operation stays on the client",
    )
    return ()


def _operation_name(
    path: str, method: str, operation: dict[str, Any], where: Location, problems: Problems
) -> tuple[str, Location, bool]:
    """The method's name, where it comes from, and whether ``x-clientgen-name`` gives it."""
    if "x-clientgen-name" in operation:
        explicit = operation["x-clientgen-name"]
        if isinstance(explicit, str) and _NAME.fullmatch(explicit):
            return snake_name(explicit, "call"), where.child("x-clientgen-name"), True
        problems.warn(
            where.child("x-clientgen-name"),
            f"x-clientgen-name must be a name (a letter, then letters, digits or underscores), "
            f"not {_shown(explicit)}: ignored",
        )
    named_at = where.child("operationId") if "operationId" in operation else where
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id.strip():
        return snake_name(operation_id, "call"), named_at, False
    words = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    return snake_name(method + "_" + "_".join(words), "call"), named_at, False


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def resources(
    grouped: Grouped, credentials: Iterable[str], schemas: Schemas, config: ClientConfig, problems: Problems
) -> tuple[list[Resource], list[Namespace]]:
    """The resources and the namespaces holding some of them.

    The client's own resources come first, sorted by name, each an attribute of the client (none named
    like a credential); then each namespace's, a namespace before those it holds.  In each scope the
    resources are named first: a namespace whose name a resource has is renamed (``v2_2``), with a warning.
    """
    scopes = _Scopes(grouped, schemas, config, problems)
    scopes.build((), (), Namer.for_resources(credentials))
    return scopes.resources, [n for n in scopes.namespaces if n is not None]


@records.mutable
class _Scopes:
    grouped: Grouped
    schemas: Schemas
    config: ClientConfig
    problems: Problems
    modules: Namer = records.field(factory=Namer)
    resources: list[Resource] = records.field(factory=list)
    namespaces: list[Namespace | None] = records.field(factory=list)

    def build(self, group: tuple[str, ...], path: tuple[str, ...], names: Namer) -> tuple[Resource, ...]:
        """The resources of the scope ``group`` (reached by the attributes ``path``), then its namespaces."""
        scope = "namespace" if group else ""
        made = []
        for key in sorted(k for k in self.grouped.operations if k[:-1] == group):
            attr = names.take(key[-1])
            report_rename(names, key[-1], attr, "resource", self.problems, self.grouped.tagged[key], scope)
            accessor = ".".join((*path, attr))
            ops = [
                _paginated(op, accessor, self.schemas, self.config, self.problems)
                for op in self.grouped.operations[key]
            ]
            module = self.modules.take(module_name("_".join(key)))
            made.append(_resource(key, attr, module, path, ops, self.schemas.class_names))
        self.resources.extend(made)
        depth = len(group)
        inner = sorted({k[depth] for k in self.grouped.operations if len(k) > depth + 1 and k[:depth] == group})
        for name in inner:
            self._namespace((*group, name), path, names)
        return tuple(made)

    def _namespace(self, group: tuple[str, ...], path: tuple[str, ...], names: Namer) -> None:
        spelled, where = self.grouped.groups[group]
        attr = names.take(group[-1])
        report_rename(names, group[-1], attr, "namespace", self.problems, where, "namespace" if path else "resource")
        if attr != group[-1] and not names.owns(group[-1]):
            owner = f"the namespace {'.'.join(path)}" if path else "the client"
            self.problems.warn(
                where, f"namespace {group[-1]!r} renamed {attr!r}: {owner} has a resource named {group[-1]!r}"
            )
        index = len(self.namespaces)
        self.namespaces.append(None)  # outer namespaces before the ones they hold
        module = self.modules.take(module_name("_".join(group)))
        resources = self.build(group, (*path, attr), Namer.for_namespace())
        klass = _resource_class("_".join(group) + "_namespace", self.schemas.class_names)
        children = tuple(n for n in self.namespaces[index + 1 :] if n is not None and n.path[:-1] == (*path, attr))
        self.namespaces[index] = Namespace(
            attr, (*path, attr), spelled, module, klass, "Async" + klass, resources, children, where
        )


def _resource(
    key: ResourceKey,
    attr: str,
    module: str,
    namespace: tuple[str, ...],
    operations: list[Operation],
    class_names: Namer,
) -> Resource:
    shadowed = shadowed_builtins(op.name for op in operations)
    imports, checking = resource_imports(operations, shadowed)
    klass = _resource_class("_".join(key), class_names)
    return Resource(
        attr,
        module,
        klass,
        "Async" + klass,
        key[-1],
        tuple(operations),
        imports,
        checking,
        raw_class_name=klass + "WithRawResponse",
        async_raw_class_name=f"Async{klass}WithRawResponse",
        streaming_class_name=klass + "WithStreamingResponse",
        async_streaming_class_name=f"Async{klass}WithStreamingResponse",
        shadowed_builtins=shadowed,
        namespace=namespace,
    )


def _resource_class(resource: str, class_names: Namer) -> str:
    """The resource's class name, taken with its async and raw-response companions: each must be free
    (no model, enum or page class, nothing the generated modules import), else ``...Resource``."""
    stem = class_name(resource, "Resource")
    for n in itertools.count(1):
        klass = stem if n == 1 else f"{stem}Resource" if n == 2 else f"{stem}Resource{n - 1}"
        names = tuple(
            f"{prefix}{klass}{suffix}"
            for suffix in ("", "WithRawResponse", "WithStreamingResponse")
            for prefix in ("", "Async")
        )
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
    return records.evolve(op, runtime_imports=runtime_imports(*op.errors))
