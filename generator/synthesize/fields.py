"""The fields a page documents: where each goes, its schema, and how it folds into an example's schema.

The reconciliation policy (README, "Synthesizing a spec from documentation"):

* the response example is what the server sent: its names and nesting win;
  documented fields the example lacks are kept, optional;
* conflicting types widen to what both allow;
* every decision that resolves a conflict is a finding with the page and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from .. import records
from .doc_fields import field_node, holder_of
from .findings import Findings
from .pages import DocField, Page
from .schema import Node, describe, words_key

__all__ = ["Context", "Param", "coerce", "doc_node", "finish_required", "placed_fields", "reconcile"]


@records.mutable
class Param:
    name: str
    location: str  # "query", "path" or "header"
    node: Node
    required: bool
    line: int
    example: Any = None
    has_example: bool = False
    sources: set[str] = records.field(factory=set)  # "docs", "curl", "template"
    names: list[str] = records.field(factory=list)  # a path slot: the documented parameters it stands for


@records.mutable
class Context:
    page: Page
    findings: Findings

    def warn(self, line: int, rule: str, message: str) -> None:
        self.findings.add(self.page.path, line, rule, message)


# -- fields: which section each belongs to ----------------------------------------------------


def placed_fields(ctx: Context) -> dict[str, list[DocField]]:
    placed: dict[str, list[DocField]] = {}
    mismatched: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for f in ctx.page.fields:
        where = f.section
        locations = f.attribute_locations
        if where is None:
            where = "response" if f.tag == "ResponseField" else (locations[0] if len(locations) == 1 else None)
            if where is None:
                ctx.warn(f.line, "unplaced-field", f"no heading says where {f.name!r} goes: skipped")
                continue
        if f.name.lower() == "authorization":
            where = "header"
        expected_tag = "ResponseField" if where in ("response", "error") else "ParamField"
        wrong_attrs = where in ("query", "path", "body", "header") and locations and locations != (where,)
        if f.tag != expected_tag or wrong_attrs:
            written = f"<{f.tag}{''.join(f' {k}=…' for k in locations)}>"
            mismatched.setdefault((written, f.heading), []).append((f.line, ".".join(f.path)))
        placed.setdefault(where, []).append(f)
    for (written, heading), lined in mismatched.items():
        line, names = min(n for n, _ in lined), [name for _, name in lined]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        ctx.warn(line, "tag-section-mismatch", f"{shown} under {heading!r} written as {written}: read by the heading")
    return placed


def doc_node(ctx: Context, f: DocField) -> Node:
    names = frozenset(other.name for other in ctx.page.fields)
    node = field_node(f, partial(ctx.warn, f.line), names)
    node.doc_required = f.required
    node.documented = True
    if f.default is not None:
        node.default, node.has_default = coerce(f.default, node), True
    return node


def coerce(text: str, node: Node) -> Any:
    try:
        if node.types == {"integer"}:
            return int(text)
        if node.types & {"number", "integer"} and not node.types & {"string"}:
            return float(text) if "." in text else int(text)
        if node.types == {"boolean"}:
            return text.lower() == "true"
    except ValueError:
        return text
    return text


def finish_required(node: Node) -> None:
    """Required: documented required and present in every example (or documented required, for bodies)."""
    holder = node.object_node()
    if holder is not None:
        holder.required = {
            name
            for name, child in holder.properties.items()
            if child.doc_required and (name in holder.required or not child.in_example)
        }
        for child in holder.properties.values():
            finish_required(child)


def _find(
    root: Node, parent: tuple[str, ...], keys: list[tuple[str, ...]], taken: set[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """A property under ``parent`` whose words match one of ``keys``, not claimed by another field."""
    holder = root.at(parent)
    holder = holder.object_node() if holder else None
    if holder is None:
        return None
    for name in holder.properties:
        path = (*parent, name)
        if path not in taken and words_key(name) in keys:
            return path
    return None


def reconcile(ctx: Context, documented: list[DocField], seen: Node, *, line: int, what: str) -> None:
    """Fold the documented fields into the example's schema ``seen`` (in place)."""
    where: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}  # documented path -> path in the example
    taken: set[tuple[str, ...]] = set()
    documented_root = {f.name for f in documented if not f.parents}
    wrappers = [
        name
        for name, child in (seen.object_node() or Node()).properties.items()
        if name not in documented_root and child.object_node() is not None
    ]
    nested: dict[str, list[str]] = {}
    for f in sorted(documented, key=lambda f: (len(f.path), f.line)):
        parent = where.get(f.parents)
        if parent is None:
            parent = _deepest(where, f.parents)
        found = _locate(seen, f, parent, wrappers, taken, where)
        label = ".".join(f.path)
        if found is None:
            _add_documented_only(ctx, seen, f, parent, what)
            where[f.path] = (*parent, f.name)
            continue
        taken.add(found)
        where[f.path] = found
        shown = ".".join(found)
        if found[:-1] != parent and not f.parents and found[-1] == f.name:
            nested.setdefault(found[0], []).append(f.name)
        elif found[-1] != f.name or found[:-1] != parent:
            ctx.warn(
                f.line,
                "renamed-by-example",
                f"{what} field documented as {label!r} is {shown!r} in the example: the example's name is used",
            )
        node = seen.at(found)
        assert node is not None
        _merge_doc(ctx, f, node, what, shown)
    extra = list(_undocumented(seen, (), taken))
    if extra:
        shown = ", ".join(extra[:8]) + (f" and {len(extra) - 8} more" if len(extra) > 8 else "")
        ctx.warn(line, "example-only", f"{what} fields only in the example, not documented: {shown}: kept, optional")
    for wrapper, names in nested.items():
        first = min((f.line for f in documented if f.name in names and not f.parents), default=1)
        ctx.warn(
            first,
            "nested-in-example",
            f"{what} fields documented at the root ({', '.join(names)}) are nested under {wrapper!r} in the example: "
            "the example's nesting is used",
        )


def _undocumented(node: Node, path: tuple[str, ...], taken: set[tuple[str, ...]], shown: str = "") -> Iterator[str]:
    """Example fields no documented field matched (an unmatched object's own fields are not listed)."""
    holder = node.object_node()
    if holder is None:
        return
    prefix = f"{shown}[]." if node.is_array and shown else (f"{shown}." if shown else "")
    for name, child in holder.properties.items():
        here = (*path, name)
        if here in taken or child.documented or any(t[: len(here)] == here for t in taken):
            yield from _undocumented(child, here, taken, prefix + name)
        elif child.in_example:
            yield prefix + name


def _deepest(where: dict[tuple[str, ...], tuple[str, ...]], path: tuple[str, ...]) -> tuple[str, ...]:
    for cut in range(len(path), -1, -1):
        if path[:cut] in where:
            return where[path[:cut]] + path[cut:]
    return path


def _locate(
    seen: Node,
    f: DocField,
    parent: tuple[str, ...],
    wrappers: list[str],
    taken: set[tuple[str, ...]],
    where: dict[tuple[str, ...], tuple[str, ...]],
) -> tuple[str, ...] | None:
    exact = (*parent, f.name)
    if exact not in taken and seen.at(exact) is not None:
        return exact
    bases = [parent] + ([(w,) for w in wrappers] if not f.parents else [])
    for base in bases[1:]:
        candidate = (*base, f.name)
        if candidate not in taken and seen.at(candidate) is not None:
            return candidate
    keys = [words_key(f.name)]
    if (f.parents and f.parents not in where) or (f.parents and seen.at(where[f.parents]) is None):
        keys.append(words_key(*f.parents[-1:], f.name))  # "paymentLink.id" written as "paymentLinkId"
        outer = _deepest(where, f.parents[:-1])
        bases = [outer] + ([(w,) for w in wrappers] if len(f.parents) == 1 else [])
    for base in bases:
        found = _find(seen, base, keys, taken)
        if found is not None:
            return found
    return None


def _add_documented_only(ctx: Context, seen: Node, f: DocField, parent: tuple[str, ...], what: str) -> None:
    holder_node = seen.at(parent) if parent else seen
    if holder_node is None:
        for depth in range(1, len(parent) + 1):
            prefix = parent[:depth]
            if seen.at(prefix) is None:
                outer = seen.at(prefix[:-1]) if depth > 1 else seen
                assert outer is not None
                holder = holder_of(outer)
                holder.properties[prefix[-1]] = Node(types={"object"}, documented=True)
        holder_node = seen.at(parent)
    assert holder_node is not None
    holder = holder_of(holder_node)
    node = doc_node(ctx, f)
    label = ".".join(f.path)
    if what == "request body" and f.required:  # a request example is one sample; the fields say what is needed
        holder.required.add(f.name)
        state = "kept, required as documented"
    else:
        node.doc_required = False
        state = "optional"
    holder.properties[f.name] = node
    ctx.warn(f.line, "documented-only", f"{what} field {label!r} is documented but not in the example: {state}")


def _merge_doc(ctx: Context, f: DocField, node: Node, what: str, shown: str) -> None:
    documented = doc_node(ctx, f)
    node.description = documented.description
    node.doc_required = f.required
    node.documented = True
    if documented.has_default:
        node.default, node.has_default = documented.default, True
    if documented.format and "string" in node.types:
        node.format = documented.format
    if documented.enum is not None:
        node.enum = documented.enum
    doc_types, seen_types = set(documented.types), set(node.types)
    if not doc_types or doc_types == seen_types:
        return
    said, got = describe(documented), describe(node)
    for said_kind, seen_kind, has in (("array", "object", "one object"), ("object", "array", "an array")):
        if said_kind in doc_types and seen_kind in seen_types and said_kind not in seen_types:
            ctx.warn(
                f.line,
                "array-vs-object",
                f"{what} field {shown!r} is documented as {f.type!r} but the example has {has}: "
                f"typed as {'an object' if seen_kind == 'object' else 'an array'}",
            )
            return
    widened = seen_types | doc_types
    if seen_types == {"null"}:
        ctx.warn(
            f.line,
            "nullable-by-example",
            f"{what} field {shown!r} is documented as {f.type!r}; the example has null: nullable",
        )
    elif seen_types <= {"integer"} and "number" in doc_types:
        ctx.warn(
            f.line,
            "type-widened",
            f"{what} field {shown!r} is documented as {f.type!r} but the example values are integers: typed number",
        )
    else:
        node.types = widened
        ctx.warn(
            f.line,
            "type-widened",
            f"{what} field {shown!r} is documented as {said!r} but the example has {got}: typed {describe(node)}",
        )
        return
    node.types = widened
