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

from .. import records
from ..graph import Schema
from ..problems import join_pointer
from .contract_rules import CONSTRAINTS
from .model import Change

__all__ = ["SchemaDiff", "Where"]


_CHILD_SUBJECTS = {"request-body": "request-property", "response-body": "response-property"}


@records.frozen
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

    # The places below are made by the constructor: records.evolve is several times slower.

    def child(self, name: str) -> Where:
        if self.subject == "request-parameter":
            relative = name.removeprefix(f"{self.name}.")
            return Where(self.op, "request-property", relative, self.context, self.noun())
        subject = _CHILD_SUBJECTS.get(self.subject, self.subject)
        return Where(self.op, subject, name, self.context, self.parameter)

    def items(self) -> Where:
        return Where(self.op, self.subject, f"{self.name}[]", self.context, self.parameter)

    def prop(self, name: str) -> Where:
        """The place of the property ``name`` of the schema here (``*``: its additional properties)."""
        return self.child(f"{self.name}.{name}" if self.name else name)

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


@records.frozen
class _Finding:
    """A change a pair of schemas shows wherever it is reached; its noun comes from the place it is reached at."""

    rule: str
    """The rule id, or (``relative``) its suffix after the subject (``type-changed``)."""
    pointer: str
    before: str
    """The message before the noun."""
    after: str
    """The message after the noun."""
    relative: bool = True
    prop: str | None = None
    """The property the noun names (a property of the place), or None for the place itself."""
    bare: bool = False
    """The noun without its leading ``the``."""

    def change(self, where: Where) -> Change:
        noun = (where.prop(self.prop) if self.prop is not None else where).noun()
        rule = f"{where.subject}-{self.rule}" if self.relative else self.rule
        message = f"{self.before}{noun[4:] if self.bare else noun}{self.after}"
        return Change.of(rule, where.op, self.pointer, message)


@records.frozen
class _Edge:
    """A pair of schemas below a pair: ``step`` is how its place follows from the parent's."""

    old: Schema
    new: Schema
    step: str
    """``same`` (a variant), ``items``, ``prop`` (the property ``name``) or ``extra`` (additional properties)."""
    name: str = ""

    def where(self, parent: Where) -> Where:
        if self.step == "items":
            return parent.items()
        if self.step == "prop":
            return parent.prop(self.name)
        if self.step == "extra":
            return parent.prop("*")
        return parent


@records.frozen
class _Pair:
    findings: tuple[_Finding, ...]
    edges: tuple[_Edge, ...]


_PairKey = tuple[Schema, Schema, bool]
"""Two schema nodes (ends of their ``$ref`` chains) and the direction they are read in (request?)."""


class SchemaDiff:
    """Compares schema pairs, adding what changed to ``changes``; ``unchanged`` says which pairs to skip.

    Pairs are collected with :meth:`schema` and compared by :meth:`finish`, in three passes, all
    with work lists (no recursion, so the depth of a schema never meets Python's limit):

    1. every pair reachable from the collected ones is compared once per direction
       (:func:`_compare`): its findings, and the pairs below it;
    2. the pairs from which a finding can be reached are marked (the rest can report nothing);
    3. each collected pair is walked again through marked pairs only, wording each finding
       for the place it is reached at: once per operation, request or response and media type
       or status, at the first property path that reaches it.
    """

    def __init__(self, changes: list[Change], unchanged: Callable[[Schema, Schema], bool]) -> None:
        self.changes = changes
        self.unchanged = unchanged
        self.roots: list[tuple[Schema, Schema, Where]] = []
        self.pairs: dict[_PairKey, _Pair] = {}
        self.below: dict[_PairKey, list[tuple[_Edge, _PairKey]]] = {}
        """The pairs below each pair (``$ref``\\s followed, pairs to skip left out), with how they follow."""
        self.live: set[_PairKey] = set()
        """Pairs from which a finding can be reached."""
        self.live_below: dict[_PairKey, list[tuple[_Edge, _PairKey]]] = {}
        """The live pairs of ``below``, once listed."""
        self.visited: dict[tuple[str, str], set[_PairKey]] = {}
        """The pairs walked, by operation and media type or status (the direction is in the pair's key)."""

    def schema(self, old: Schema, new: Schema, where: Where) -> None:
        """Compare two schemas, and everything below them, at :meth:`finish`."""
        self.roots.append((old, new, where))

    def finish(self) -> None:
        """Compare every collected pair (see the class's docs) and add the changes found."""
        self._explore()
        self._mark_live()
        for root in self.roots:
            self._report(*root)

    def _key(self, old: Schema, new: Schema, request: bool) -> _PairKey | None:
        old, new = old.target, new.target
        if not (isinstance(old.raw, dict) and isinstance(new.raw, dict)) or self.unchanged(old, new):
            return None
        return old, new, request

    def _explore(self) -> None:
        stack = [key for old, new, where in self.roots if (key := self._key(old, new, where.request))]
        while stack:
            key = stack.pop()
            if key in self.pairs:
                continue
            pair = self.pairs[key] = _compare(*key)
            below = [(edge, child) for edge in pair.edges if (child := self._key(edge.old, edge.new, key[2]))]
            self.below[key] = below
            stack.extend(child for _, child in below)

    def _mark_live(self) -> None:
        parents: dict[_PairKey, list[_PairKey]] = {}
        for key, below in self.below.items():
            for _, child in below:
                parents.setdefault(child, []).append(key)
        stack = [key for key, pair in self.pairs.items() if pair.findings]
        while stack:
            key = stack.pop()
            if key not in self.live:
                self.live.add(key)
                stack.extend(parents.get(key, ()))

    def _report(self, old: Schema, new: Schema, where: Where) -> None:
        root = self._key(old, new, where.request)
        if root is None or root not in self.live:
            return
        visited = self.visited.setdefault((where.op, where.context), set())
        live = self.live
        pending: list[tuple[_PairKey, _Path]] = [(root, None)]
        while pending:
            key, path = pending.pop()
            if key in visited:
                continue
            visited.add(key)
            findings = self.pairs[key].findings
            if findings:  # the place is worded only where something is reported
                here = _place(where, path)
                self.changes.extend(finding.change(here) for finding in findings)
            below = self.live_below.get(key)
            if below is None:  # the same for every operation that passes here
                below = self.live_below[key] = [(e, child) for e, child in self.below[key] if child in live]
            pending.extend((child, (path, edge)) for edge, child in below if child not in visited)


_Path = tuple["_Path", _Edge] | None
"""How a pair is reached from the root pair of a walk: the path to its parent and the last edge."""


def _place(root: Where, path: _Path) -> Where:
    """The place the pair at the end of ``path`` is reached at from ``root``."""
    edges: list[_Edge] = []
    while path is not None:
        path, edge = path
        edges.append(edge)
    for edge in reversed(edges):
        root = edge.where(root)
    return root


class _Collector:
    """The findings and edges of one pair, as :func:`_compare` meets them."""

    def __init__(self) -> None:
        self.findings: list[_Finding] = []
        self.edges: list[_Edge] = []

    def add(self, rule: str, pointer: str, before: str, after: str = "", **how: Any) -> None:
        self.findings.append(_Finding(rule, pointer, before, after, **how))

    def pair(self) -> _Pair:
        return _Pair(tuple(self.findings), tuple(self.edges))


def _compare(old_node: Schema, new_node: Schema, request: bool) -> _Pair:
    """What differs between two schemas read in one direction, and the pairs below them."""
    found = _Collector()
    old_null, old_node = _core(old_node)
    new_null, new_node = _core(new_node)
    old, new, np_ = old_node.keywords, new_node.keywords, new_node.location.pointer
    if old_null != new_null:
        became = "became-nullable" if new_null else "became-not-nullable"
        if request:
            found.add(became, np_, "", f" {'now accepts' if new_null else 'no longer accepts'} null")
        else:
            found.add(became, np_, "", f" {'may now be' if new_null else 'is no longer'} null")
    old_types, new_types = _types(old), _types(new)
    old_fmt, new_fmt = _format(old), _format(new)
    if old_types != new_types or old_fmt != new_fmt:
        change = f" changed type from {_type_text(old_types, old_fmt)} to {_type_text(new_types, new_fmt)}"
        if old_fmt == new_fmt and request and _accepts(new_types, old_types):
            found.add("type-generalized", np_, "", change)
        elif old_fmt == new_fmt and not request and _accepts(old_types, new_types):
            found.add("type-narrowed", np_, "", change)
        else:
            found.add("type-changed", np_, "", change)
            return found.pair()
    _enum(found, old, new, np_)
    _constraints(found, old, new, np_, request)
    _variants_of(found, old_node, new_node)
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        found.edges.append(_Edge(old_node.child("items"), new_node.child("items"), "items"))
    _properties(found, old_node, new_node, request)
    if isinstance(old.get("additionalProperties"), dict) and isinstance(new.get("additionalProperties"), dict):
        extra = (old_node.child("additionalProperties"), new_node.child("additionalProperties"))
        found.edges.append(_Edge(*extra, "extra"))
    return found.pair()


def _enum(found: _Collector, old: dict[str, Any], new: dict[str, Any], np_: str) -> None:
    old_values, new_values = old.get("enum"), new.get("enum")
    if not isinstance(new_values, list):
        if isinstance(old_values, list):
            found.add("became-open", np_, "", " is no longer an enum")
        return
    new_set = {_show(v): v for v in new_values}
    if not isinstance(old_values, list):
        found.add("became-enum", join_pointer(np_, "enum"), "", f" became an enum of {', '.join(new_set)}")
        return
    old_set = {_show(v): v for v in old_values}
    for shown in new_set:
        if shown not in old_set:
            found.add("enum-value-added", join_pointer(np_, "enum"), "", f" has the new enum value {shown}")
    for shown in old_set:
        if shown not in new_set:
            found.add("enum-value-removed", join_pointer(np_, "enum"), "", f" lost the enum value {shown}")


def _constraints(found: _Collector, old: dict[str, Any], new: dict[str, Any], np_: str, request: bool) -> None:
    for keyword, stem, _ in CONSTRAINTS:
        before, after = old.get(keyword), new.get(keyword)
        before = before if _is_number(before) else None
        after = after if _is_number(after) else None
        if before == after:
            continue
        pointer = join_pointer(np_, keyword)
        if before is None:
            found.add(f"{stem}-set", pointer, "", f" got {keyword} {after}")
        elif after is None:
            found.add(f"{stem}-unset", np_, "", f" lost its {keyword} ({before})")
        else:
            verb = "increased" if after > before else "decreased"
            found.add(f"{stem}-{verb}", pointer, "", f"'s {keyword} {verb} from {before} to {after}")
    _changed_text(found, "pattern", old.get("pattern"), new.get("pattern"), np_)
    _changed_text(found, "format", _checked_format(old) or None, _checked_format(new) or None, np_)
    if request and ("default" in old or "default" in new) and old.get("default") != new.get("default"):
        shown_old = _show(old["default"]) if "default" in old else "none"
        shown_new = _show(new["default"]) if "default" in new else "none"
        found.add("default-value-changed", np_, "", f"'s default changed from {shown_old} to {shown_new}")


def _changed_text(found: _Collector, keyword: str, before: Any, after: Any, np_: str) -> None:
    """A text constraint (``pattern``, ``format``) added, removed or changed."""
    if before == after:
        return
    if not isinstance(before, str):
        found.add(f"{keyword}-added", join_pointer(np_, keyword), "", f" got the {keyword} {after!r}")
    elif not isinstance(after, str):
        found.add(f"{keyword}-removed", np_, "", f" lost the {keyword} {before!r}")
    else:
        changed = f"'s {keyword} changed from {before!r} to {after!r}"
        found.add(f"{keyword}-changed", join_pointer(np_, keyword), "", changed)


def _variants_of(found: _Collector, old: Schema, new: Schema) -> None:
    for keyword in ("oneOf", "anyOf"):
        if old.parts(keyword) is None and new.parts(keyword) is None:
            continue
        old_map, new_map = _variants(old, keyword), _variants(new, keyword)
        for name, node in old_map.items():
            if name not in new_map:
                found.add("variant-removed", node.location.pointer, "", f" lost the {keyword} variant {name}")
        for name, node in new_map.items():
            if name not in old_map:
                found.add("variant-added", node.location.pointer, "", f" has the new {keyword} variant {name}")
        found.edges.extend(_Edge(node, new_map[name], "same") for name, node in old_map.items() if name in new_map)


def _properties(found: _Collector, old: Schema, new: Schema, request: bool) -> None:
    old_props, old_required = _object(old)
    new_props, new_required = _object(new)
    if not old_props and not new_props:
        return
    side = "request" if request else "response"
    hidden = "readOnly" if request else "writeOnly"
    for name, node in old_props.items():
        if node.get(hidden) is True:
            continue
        if name not in new_props:
            if request:
                found.add("request-property-removed", node.location.pointer, "removed ", relative=False, prop=name)
            else:
                kind = "required" if name in old_required else "optional"
                found.add(f"response-{kind}-property-removed", node.location.pointer, f"removed the {kind} ",
                          relative=False, prop=name, bare=True)  # fmt: skip
            continue
        new_node = new_props[name]
        was, now = name in old_required, name in new_required
        if was != now:
            became = "required" if now else "optional"
            found.add(f"{side}-property-became-{became}", new_node.location.pointer, "", f" became {became}",
                      relative=False, prop=name)  # fmt: skip
        found.edges.append(_Edge(node, new_node, "prop", name))
    for name, node in new_props.items():
        if name in old_props or node.get(hidden) is True:
            continue
        kind = "required" if name in new_required else "optional"
        rule_id = f"new-{kind}-request-property" if request else f"response-{kind}-property-added"
        found.add(rule_id, node.location.pointer, f"added the {kind} ", relative=False, prop=name, bare=True)


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
