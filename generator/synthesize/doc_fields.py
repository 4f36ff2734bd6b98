"""Documented fields as schema nodes: their types, their listed values, and the tree they form.

A field's path comes from its nesting and its name's notation (``data.id``,
``items[].rate``, ``items[0].rate``): a segment written as an array holds its
properties in the array's items, and those items keep the requiredness their
fields are documented with.
"""

from __future__ import annotations

from collections.abc import Callable

from .pages import DocField
from .schema import Node, describe, from_doc_type
from .values import apply_values

__all__ = ["doc_tree", "field_node", "holder_of"]

Report = Callable[[str, str], None]  # (rule, message), located at the field's line by the caller


def field_node(f: DocField, report: Report, names: frozenset[str] = frozenset()) -> Node:
    """The node a field's documented type and description give (before example values are seen)."""
    node, unknown = from_doc_type(f.type or "string")
    label = ".".join(f.path)
    if unknown:
        shown = ", ".join(repr(u) for u in unknown)
        read = describe(node) if node.types else "any value"
        report("unknown-type", f"{f.name}: type {shown} is not a known type: read as {read}")
    node.description = "\n\n".join(part for part in (f.description, node.description) if part)
    apply_values(node, f.description, names - {f.name}, lambda rule, message: report(rule, f"{label}: {message}"))
    if len(f.parents) in f.arrays and not node.is_array:  # "tags[]" typed "string": an array of strings
        item, node = node, Node(types={"array"}, items=node, description=node.description)
        item.description = ""
    return node


def holder_of(node: Node) -> Node:
    """The node that holds ``node``'s properties: itself, or its array's items (made an object)."""
    if node.is_array:
        if node.items is None:
            node.items = Node()
        node.items.types.add("object")
        return node.items
    if not node.types:
        node.types.add("object")
    return node


def doc_tree(fields: list[DocField], node_of: Callable[[DocField], Node]) -> Node:
    """The object the documented fields describe (for a body or response without an example)."""
    root = Node(types={"object"}, documented=True)
    nodes: dict[tuple[str, ...], Node] = {(): root}
    for f in sorted(fields, key=lambda f: (len(f.path), f.line)):
        holder = holder_of(_ensure(nodes, f, len(f.parents)))
        node = node_of(f)
        holder.properties[f.name] = node
        if f.required:
            holder.required.add(f.name)
        nodes[f.path] = node
    return root


def _ensure(nodes: dict[tuple[str, ...], Node], f: DocField, depth: int) -> Node:
    """The node at ``f.path[:depth]``, made (an object, or an array of objects) when no field documents it."""
    path = f.path[:depth]
    if path in nodes:
        return nodes[path]
    holder = holder_of(_ensure(nodes, f, depth - 1))
    made = Node(types={"array"}, items=Node(types={"object"})) if depth - 1 in f.arrays else Node(types={"object"})
    node = holder.properties.setdefault(path[-1], made)
    nodes[path] = node
    return node
