"""Schema pairs of the HTTP-contract diff: types, nullability, enums, constraints, variants, properties.

Two schemas are compared as nodes of their specs' schema graphs (:mod:`generator.graph`),
with a work list instead of recursion: each pair of nodes once per operation, direction and
media type or status, so a recursive schema ends where a pair repeats and no depth meets
Python's recursion limit.  The levels are the rules' (:mod:`.contract_rules`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs

from ..graph import Schema
from ..problems import join_pointer
from .contract_rules import CONSTRAINTS
from .model import Change

__all__ = ["SchemaDiff", "Where"]


@attrs.frozen
class Where:
    """A schema's place: the operation, the subject (rule prefix), the wire name and its context."""

    op: str
    subject: str
    name: str = ""
    context: str = ""
    parameter: str = ""
    """For a property of an object-valued parameter (``style: deepObject``): the parameter, as a noun."""

    def noun(self) -> str:
        subject, name, ctx = self.subject, self.name, self.context
        if self.parameter:
            return f"the property `{name}` of {self.parameter}"
        if subject == "request-parameter":
            return f"the {ctx} parameter `{name}`"
        if subject == "request-body":
            return f"the request body ({ctx})" if not name else f"the request body `{name}` ({ctx})"
        if subject == "request-property":
            return f"the request property `{name}`"
        if subject == "response-body":
            return f"the {ctx} response body" if not name else f"the {ctx} response body `{name}`"
        return f"the response property `{name}` ({ctx} response)"

    def child(self, name: str) -> Where:
        if self.subject == "request-parameter":
            relative = name.removeprefix(f"{self.name}.")
            return attrs.evolve(self, subject="request-property", name=relative, parameter=self.noun())
        subject = {"request-body": "request-property", "response-body": "response-property"}.get(
            self.subject, self.subject
        )
        return attrs.evolve(self, subject=subject, name=name)

    def items(self) -> Where:
        return attrs.evolve(self, name=f"{self.name}[]")

    @property
    def request(self) -> bool:
        return self.subject.startswith("request")


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_PY_FORMATS = frozenset({"date", "date-time", "uuid", "binary", "byte"})


def _types(schema: dict[str, Any]) -> frozenset[str]:
    t = schema.get("type")
    if isinstance(t, str):
        found = {t}
    elif isinstance(t, list):
        found = {str(x) for x in t}
    elif "properties" in schema or "allOf" in schema:
        found = {"object"}
    elif "items" in schema:
        found = {"array"}
    else:
        found = set()
    return frozenset(found - {"null"})


def _format(schema: dict[str, Any]) -> str:
    """The format when the client decodes by it (a date, a UUID...): a change of it changes the type."""
    fmt = schema.get("format")
    return fmt if isinstance(fmt, str) and fmt in _PY_FORMATS else ""


def _checked_format(schema: dict[str, Any]) -> str:
    """Any other format (email, uri, int32...): a constraint on the values, not a type."""
    fmt = schema.get("format")
    return fmt if isinstance(fmt, str) and fmt not in _PY_FORMATS else ""


def _accepts(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Every value of type ``narrow`` is one of ``wide`` (empty means any JSON value)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(types: frozenset[str], fmt: str) -> str:
    text = "|".join(sorted(types)) or "any"
    return f"{text}/{fmt}" if fmt else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class SchemaDiff:
    """Compares schema pairs, adding what changed to ``changes``; ``unchanged`` says which pairs to skip."""

    def __init__(self, changes: list[Change], unchanged: Callable[[Schema, Schema], bool]) -> None:
        self.changes = changes
        self.unchanged = unchanged
        self.pending: list[tuple[Schema, Schema, Where]] = []
        """Schema pairs still to compare (see :meth:`schema`)."""
        self.draining = False
        self.visited: set[tuple[str, str, bool, Schema, Schema]] = set()

    def add(self, rule_id: str, operation: str, pointer: str, message: str) -> None:
        self.changes.append(Change.of(rule_id, operation, pointer, message))

    def schema(self, old: Schema, new: Schema, where: Where) -> None:
        """Compare two schemas and, through the work list, everything below them.

        Each pair of schema nodes is compared once per operation, request or response and
        media type or status, at the first place it is reached: a recursive schema ends where it
        repeats, and the schemas Stripe shares between hundreds of properties are compared once,
        not once per path.  No recursion: the depth of a schema never meets Python's limit.
        """
        self.pending.append((old, new, where))
        if self.draining:
            return
        self.draining = True
        try:
            while self.pending:
                self._compare(*self.pending.pop())
        finally:
            self.draining = False

    def _compare(self, old_node: Schema, new_node: Schema, where: Where) -> None:
        old_node, new_node = old_node.target, new_node.target
        key = (where.op, where.context, where.request, old_node, new_node)
        if key in self.visited or not (isinstance(old_node.raw, dict) and isinstance(new_node.raw, dict)):
            return
        if self.unchanged(old_node, new_node):
            return
        self.visited.add(key)
        old_null, old_node = _core(old_node)
        new_null, new_node = _core(new_node)
        old, new, np_ = old_node.keywords, new_node.keywords, new_node.location.pointer
        s, noun, label = where.subject, where.noun(), where.op
        if old_null != new_null:
            became = "became-nullable" if new_null else "became-not-nullable"
            if where.request:
                text = f"{noun} {'now accepts' if new_null else 'no longer accepts'} null"
            else:
                text = f"{noun} {'may now be' if new_null else 'is no longer'} null"
            self.add(f"{s}-{became}", label, np_, text)
        old_types, new_types = _types(old), _types(new)
        old_fmt, new_fmt = _format(old), _format(new)
        if old_types != new_types or old_fmt != new_fmt:
            change = f"{noun} changed type from {_type_text(old_types, old_fmt)} to {_type_text(new_types, new_fmt)}"
            if old_fmt == new_fmt and where.request and _accepts(new_types, old_types):
                self.add(f"{s}-type-generalized", label, np_, change)
            elif old_fmt == new_fmt and not where.request and _accepts(old_types, new_types):
                self.add(f"{s}-type-narrowed", label, np_, change)
            else:
                self.add(f"{s}-type-changed", label, np_, change)
                return
        self.enum(old, new, np_, where)
        self.constraints(old, new, np_, where)
        self.variants(old_node, new_node, where)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.schema(old_node.child("items"), new_node.child("items"), where.items())
        self.properties(old_node, new_node, where)
        if isinstance(old.get("additionalProperties"), dict) and isinstance(new.get("additionalProperties"), dict):
            extra = where.child(f"{where.name}.*")
            self.schema(old_node.child("additionalProperties"), new_node.child("additionalProperties"), extra)

    def enum(self, old: dict[str, Any], new: dict[str, Any], np_: str, where: Where) -> None:
        s, noun, label = where.subject, where.noun(), where.op
        old_values, new_values = old.get("enum"), new.get("enum")
        if not isinstance(new_values, list):
            if isinstance(old_values, list):
                self.add(f"{s}-became-open", label, np_, f"{noun} is no longer an enum")
            return
        new_set = {_show(v): v for v in new_values}
        if not isinstance(old_values, list):
            self.add(f"{s}-became-enum", label, join_pointer(np_, "enum"),
                     f"{noun} became an enum of {', '.join(new_set)}")  # fmt: skip
            return
        old_set = {_show(v): v for v in old_values}
        for shown in new_set:
            if shown not in old_set:
                self.add(
                    f"{s}-enum-value-added", label, join_pointer(np_, "enum"), f"{noun} has the new enum value {shown}"
                )
        for shown in old_set:
            if shown not in new_set:
                self.add(
                    f"{s}-enum-value-removed", label, join_pointer(np_, "enum"), f"{noun} lost the enum value {shown}"
                )

    def constraints(self, old: dict[str, Any], new: dict[str, Any], np_: str, where: Where) -> None:
        s, noun, label = where.subject, where.noun(), where.op
        for keyword, stem, _ in CONSTRAINTS:
            before, after = old.get(keyword), new.get(keyword)
            before = before if _is_number(before) else None
            after = after if _is_number(after) else None
            if before == after:
                continue
            pointer = join_pointer(np_, keyword)
            if before is None:
                self.add(f"{s}-{stem}-set", label, pointer, f"{noun} got {keyword} {after}")
            elif after is None:
                self.add(f"{s}-{stem}-unset", label, np_, f"{noun} lost its {keyword} ({before})")
            else:
                grew = after > before
                verb = "increased" if grew else "decreased"
                self.add(f"{s}-{stem}-{verb}", label, pointer, f"{noun}'s {keyword} {verb} from {before} to {after}")
        before, after = old.get("pattern"), new.get("pattern")
        if before != after:
            if not isinstance(before, str):
                self.add(f"{s}-pattern-added", label, join_pointer(np_, "pattern"), f"{noun} got the pattern {after!r}")
            elif not isinstance(after, str):
                self.add(f"{s}-pattern-removed", label, np_, f"{noun} lost the pattern {before!r}")
            else:
                self.add(f"{s}-pattern-changed", label, join_pointer(np_, "pattern"),
                         f"{noun}'s pattern changed from {before!r} to {after!r}")  # fmt: skip
        before, after = _checked_format(old), _checked_format(new)
        if before != after:
            if not before:
                self.add(f"{s}-format-added", label, join_pointer(np_, "format"), f"{noun} got the format {after!r}")
            elif not after:
                self.add(f"{s}-format-removed", label, np_, f"{noun} lost the format {before!r}")
            else:
                self.add(f"{s}-format-changed", label, join_pointer(np_, "format"),
                         f"{noun}'s format changed from {before!r} to {after!r}")  # fmt: skip
        if not where.request:
            return
        if ("default" in old or "default" in new) and old.get("default") != new.get("default"):
            shown_old = _show(old["default"]) if "default" in old else "none"
            shown_new = _show(new["default"]) if "default" in new else "none"
            self.add(
                f"{s}-default-value-changed", label, np_, f"{noun}'s default changed from {shown_old} to {shown_new}"
            )

    def variants(self, old: Schema, new: Schema, where: Where) -> None:
        for keyword in ("oneOf", "anyOf"):
            if old.parts(keyword) is None and new.parts(keyword) is None:
                continue
            old_map, new_map = _variants(old, keyword), _variants(new, keyword)
            s, noun, label = where.subject, where.noun(), where.op
            for name, node in old_map.items():
                if name not in new_map:
                    pointer = node.location.pointer
                    self.add(f"{s}-variant-removed", label, pointer, f"{noun} lost the {keyword} variant {name}")
            for name, node in new_map.items():
                if name not in old_map:
                    pointer = node.location.pointer
                    self.add(f"{s}-variant-added", label, pointer, f"{noun} has the new {keyword} variant {name}")
            for name, node in old_map.items():
                if name in new_map:
                    self.schema(node, new_map[name], where)

    def properties(self, old: Schema, new: Schema, where: Where) -> None:
        old_props, old_required = _object(old)
        new_props, new_required = _object(new)
        if not old_props and not new_props:
            return
        request, label = where.request, where.op
        hidden = "readOnly" if request else "writeOnly"
        for name, node in old_props.items():
            pointer = node.location.pointer
            if node.get(hidden) is True:
                continue
            child = where.child(f"{where.name}.{name}" if where.name else name)
            noun = child.noun()
            if name not in new_props:
                if request:
                    self.add("request-property-removed", label, pointer, f"removed {noun}")
                else:
                    kind = "required" if name in old_required else "optional"
                    self.add(f"response-{kind}-property-removed", label, pointer, f"removed the {kind} {noun[4:]}")
                continue
            new_node = new_props[name]
            new_pointer = new_node.location.pointer
            was, now = name in old_required, name in new_required
            if now and not was:
                rule_id = "request-property-became-required" if request else "response-property-became-required"
                self.add(rule_id, label, new_pointer, f"{noun} became required")
            elif was and not now:
                rule_id = "request-property-became-optional" if request else "response-property-became-optional"
                self.add(rule_id, label, new_pointer, f"{noun} became optional")
            self.schema(node, new_node, child)
        for name, node in new_props.items():
            pointer = node.location.pointer
            if name in old_props or node.get(hidden) is True:
                continue
            noun = where.child(f"{where.name}.{name}" if where.name else name).noun()[4:]
            kind = "required" if name in new_required else "optional"
            rule_id = f"new-{kind}-request-property" if request else f"response-{kind}-property-added"
            self.add(rule_id, label, pointer, f"added the {kind} {noun}")


def _is_null(node: Schema) -> bool:
    target = node.target
    return bool(target.get("type") == "null" or target.get("enum") == [None])


def _core(node: Schema) -> tuple[bool, Schema]:
    """(nullable, the schema without its null): ``nullable``, ``type: [.., null]``, ``oneOf [X, null]``."""
    nullable = node.nullable or (isinstance(node.get("type"), list) and node.null_type)
    for keyword in ("oneOf", "anyOf"):
        variants = node.parts(keyword)
        if variants and any(_is_null(v) for v in variants):
            nullable = True
            rest = [v for v in variants if not _is_null(v)]
            if len(rest) == 1 and isinstance(rest[0].target.raw, dict):
                return nullable, rest[0].target
    return nullable, node


def _variants(node: Schema, keyword: str) -> dict[str, Schema]:
    """oneOf/anyOf variants by name: the ``$ref`` target's name, else the title, else the position."""
    found: dict[str, Schema] = {}
    for index, variant in enumerate(node.parts(keyword) or ()):
        if _is_null(variant):
            continue
        name = variant.text("$ref").rsplit("/", 1)[-1] or variant.text("title") or f"#{index}"
        found.setdefault(name, variant)
    return found


def _object(node: Schema) -> tuple[dict[str, Schema], set[str]]:
    """Properties and required names, ``allOf`` members merged in."""
    props: dict[str, Schema] = {}
    required: set[str] = set()
    stack = [node]
    visited: set[Schema] = set()
    while stack:
        here = stack.pop(0).target
        if not isinstance(here.raw, dict) or here in visited:
            continue
        visited.add(here)
        for name, value in here.properties.items():
            props.setdefault(name, value)
        required.update(here.required)
        stack.extend(here.parts("allOf") or ())
    return props, required
