"""The schemas of a normalized spec as a graph: one node per schema, ``$ref``\\s resolved once.

A :class:`Schema` is a place in the document (file and JSON pointer) holding a
schema, with typed views of its keywords.  Its children (properties, items,
variants, additional properties) are nodes too, made the first time they are
asked for and kept by :class:`SchemaGraph`, so each place has exactly one node:
walks over the graph memoize by node, and a recursive schema is a cycle of
nodes, never an endless tree.

A ``$ref`` node knows where it leads: :meth:`Schema.resolved` follows the chain
once, through other files too, and reports a dangling or circular reference
(once, where it is written) as a warning, the schema then meaning any value.
A keyword of the wrong shape (``properties`` that is not an object, say) is
reported the first time it is read, and read as absent.
"""

from __future__ import annotations

import re
from typing import Any

from . import records
from .load import Spec, split_ref
from .problems import Level, Location, Problem, Problems, SpecError

__all__ = ["Resolved", "Schema", "SchemaGraph"]

_Key = tuple[str, str]
"""Where a schema lives: its file and JSON pointer."""


@records.frozen
class Resolved:
    """Where a schema's ``$ref`` chain ends: the schema there, and the name the last ``$ref`` gives it."""

    schema: Schema
    name: str | None
    """The target's own name (``Customer`` for ``#/components/schemas/Customer``, the file's
    stem for a whole file); None for a schema that is not a ``$ref``."""


class SchemaGraph:
    """The schema nodes of one spec, each made once; problems found on the way go to ``problems``."""

    def __init__(self, spec: Spec, problems: Problems) -> None:
        self.spec = spec
        self.problems = problems
        self._nodes: dict[_Key, Schema] = {}

    def at(self, location: Location, raw: Any) -> Schema:
        """The node of the schema ``raw`` found at ``location`` (the same node each time)."""
        key = (str(location.file), location.pointer)
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = Schema(self, location, raw)
        return node

    def reference(self, ref: str, location: Location) -> Schema:
        """A ``$ref`` to ``ref`` written at ``location`` outside any schema (a discriminator's mapping, say)."""
        return Schema(self, location, {"$ref": ref})

    def empty(self, location: Location) -> Schema:
        """A schema allowing any value, standing for one the document leaves out at ``location``."""
        return Schema(self, location, {})

    def resolve(self, node: Schema) -> Resolved:
        """Follow ``node``'s ``$ref`` chain to its end; a dangling or circular one ends in an empty schema."""
        name = None
        location, raw = node.location, node.raw
        seen: set[_Key] = set()
        while isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
            ref = raw["$ref"]
            try:
                location, raw = self.spec.resolve(location, ref)
            except SpecError as exc:  # a dangling schema $ref: sloppy but common; the rest still generates
                self.problems.extend(
                    Problem(Level.WARNING, p.location, f"{p.message}: any value") for p in exc.problems
                )
                return Resolved(self.empty(location), None)
            key = (str(location.file), location.pointer)
            if key in seen:
                self.problems.warn(location, f"$ref cycle through {ref!r}: treated as any value")
                return Resolved(self.empty(location), None)
            seen.add(key)
            file_part, pointer = split_ref(ref)
            name = (
                pointer.rsplit("/", 1)[-1] if pointer else re.sub(r"\.(ya?ml|json)$", "", file_part.rsplit("/", 1)[-1])
            )
        return Resolved(self.at(location, raw), name)


class Schema:
    """One schema of the document: where it is, its keywords, and its children as nodes.

    Identity is the place: two nodes are the same schema exactly when they are the same object.
    """

    __slots__ = ("_parts", "_properties", "_resolved", "graph", "keywords", "location", "raw")

    def __init__(self, graph: SchemaGraph, location: Location, raw: Any) -> None:
        self.graph = graph
        self.location = location
        self.raw = raw
        """The schema as written: normally a mapping; ``true``, ``false`` or anything else is kept for the reader."""
        self.keywords: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self._resolved: Resolved | None = None
        self._properties: dict[str, Schema] | None = None
        self._parts: dict[str, list[Schema] | None] = {}

    def __repr__(self) -> str:
        return f"Schema({self.location.file}#{self.location.pointer})"

    # -- references ----------------------------------------------------------------------------

    @property
    def is_ref(self) -> bool:
        """Whether the schema is a ``$ref`` (its other keywords, if any, are not part of the type)."""
        return isinstance(self.keywords.get("$ref"), str)

    def resolved(self) -> Resolved:
        """The schema this one stands for: the end of its ``$ref`` chain, or itself."""
        if self._resolved is None:
            self._resolved = self.graph.resolve(self) if self.is_ref else Resolved(self, None)
        return self._resolved

    @property
    def target(self) -> Schema:
        """The end of the ``$ref`` chain (itself for a schema that is not a ``$ref``)."""
        return self.resolved().schema

    # -- plain keywords ------------------------------------------------------------------------

    def get(self, keyword: str, default: Any = None) -> Any:
        """A keyword's value as written."""
        return self.keywords.get(keyword, default)

    def text(self, keyword: str) -> str:
        """A text keyword (``description``, ``title``, ``format``...); empty when absent or not text."""
        value = self.keywords.get(keyword)
        return value if isinstance(value, str) else ""

    @property
    def types(self) -> list[str]:
        """The declared types, ``null`` left out (see :attr:`null_type`)."""
        raw = self.keywords.get("type")
        if isinstance(raw, str):
            return [] if raw == "null" else [raw]
        if isinstance(raw, list):
            return [t for t in raw if isinstance(t, str) and t != "null"]
        return []

    @property
    def null_type(self) -> bool:
        """Whether ``type`` names ``null``."""
        raw = self.keywords.get("type")
        return raw == "null" or (isinstance(raw, list) and "null" in raw)

    @property
    def only_null(self) -> bool:
        """Whether ``type`` is ``null`` and nothing else."""
        raw = self.keywords.get("type")
        return raw == "null" or raw == ["null"]

    @property
    def nullable(self) -> bool:
        """Whether the 3.0 keyword ``nullable: true`` is set."""
        return self.keywords.get("nullable") is True

    @property
    def binary(self) -> bool:
        """Whether the schema is raw bytes, a file: a string of ``format: binary``, or (3.1) of a
        ``contentMediaType`` that is not text, with no ``contentEncoding``.

        A ``contentEncoding`` (``base64``) makes the value the encoded text: a string, not a file.
        """
        if self.types not in ([], ["string"]) or "contentEncoding" in self.keywords:
            return False
        if self.text("format") == "binary":
            return self.types == ["string"]
        media = self.text("contentMediaType").split(";")[0].strip().lower()
        return bool(media) and not _textual(media)

    @property
    def required(self) -> frozenset[str]:
        """The required property names (strings only)."""
        raw = self.keywords.get("required")
        return frozenset(r for r in raw if isinstance(r, str)) if isinstance(raw, list) else frozenset()

    # -- children ------------------------------------------------------------------------------

    def child(self, *tokens: str | int) -> Schema:
        """The node of the schema below this one at ``tokens`` (which must lead to a value)."""
        raw = self.raw
        for token in tokens:
            raw = raw[token]
        return self.graph.at(self.location.child(*tokens), raw)

    @property
    def properties(self) -> dict[str, Schema]:
        """The ``properties``, by name; reported and empty when they are not an object."""
        if self._properties is None:
            raw = self.keywords.get("properties")
            self._properties = {}
            if isinstance(raw, dict):
                self._properties = {str(name): self.child("properties", name) for name in raw}
            elif raw is not None:
                self.graph.problems.warn(self.location.child("properties"), "properties must be an object: ignored")
        return self._properties

    def parts(self, keyword: str) -> list[Schema] | None:
        """The schemas of ``allOf``, ``anyOf`` or ``oneOf``; None when absent or not a list."""
        if keyword not in self._parts:
            raw = self.keywords.get(keyword)
            found = [self.child(keyword, index) for index in range(len(raw))] if isinstance(raw, list) else None
            self._parts[keyword] = found
        return self._parts[keyword]

    @property
    def items(self) -> Schema | None:
        """The ``items`` schema; None when absent or a list (tuple validation)."""
        raw = self.keywords.get("items")
        return None if raw is None or isinstance(raw, list) else self.child("items")

    def additional(self) -> Schema | None:
        """The schema of ``additionalProperties``; None when absent, a boolean or empty (any value)."""
        raw = self.keywords.get("additionalProperties")
        if raw is None or raw is True or raw is False or raw == {}:
            return None
        return self.child("additionalProperties")


_TEXT_TYPES = ("application/json", "application/xml", "application/yaml", "application/x-www-form-urlencoded")


def _textual(media: str) -> bool:
    """Whether content of the media type is text (``text/*``, JSON, XML, YAML and their ``+`` suffixes)."""
    return media.startswith("text/") or media in _TEXT_TYPES or media.endswith(("+json", "+xml", "+yaml"))
