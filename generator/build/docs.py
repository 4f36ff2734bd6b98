"""What the docstring of a parameter or a model field says, found wherever the spec says it.

A property or parameter often has no description of its own while the spec describes it
one step away: on its ``$ref`` target, on the one described ``anyOf``/``oneOf`` variant
(``anyOf: [{$ref: X, description: ...}, {type: 'null'}]``), or on an ``allOf`` part.
:func:`description` looks there.  :func:`facts` lists, in one fixed form, what the schema
allows: the enum values (a few, then how many more), the format, the bounds, lengths,
item counts and pattern; :func:`default_note` the default.

Descriptions are returned as written (the emitter escapes them); facts are escaped
sentences, each value shown as Python writes it (``repr``) and cut when long.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from ..graph import Schema
from ..names import docstring
from .keywords import SHOWN, default_doc, shown

__all__ = ["ENUM_SHOWN", "default_note", "description", "facets", "facts"]

ENUM_SHOWN = 8
"""How many enum values a docstring lists before it says how many more there are."""

_DEPTH = 8
"""How many ``$ref``\\s and ``allOf``/``anyOf``/``oneOf`` levels the search goes through."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
"""Where a description's first sentence (or line) ends."""

_TYPED_FORMATS = frozenset({"date", "date-time", "uuid", "binary"})
"""Formats the annotation already says (``datetime.date``, ``datetime.datetime``, ``UUID``, a file)."""

_BOUNDS = (
    ("minimum", "minimum"),
    ("exclusiveMinimum", "exclusive minimum"),
    ("maximum", "maximum"),
    ("exclusiveMaximum", "exclusive maximum"),
    ("minLength", "minimum length"),
    ("maxLength", "maximum length"),
    ("minItems", "minimum items"),
    ("maxItems", "maximum items"),
)
"""The constraint keywords shown, in the order shown, with their words."""


def description(node: Schema, depth: int = 0) -> str:
    """The schema's description; else its ``$ref`` target's; else its variants' (the one described,
    or the one text they share; different ones are listed, a sentence each); else its ``allOf``
    parts' (joined)."""
    own = node.text("description").strip()
    if own or depth > _DEPTH:
        return own
    if node.is_ref:
        return description(node.target, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        found = _distinct(description(v, depth + 1) for v in node.parts(keyword) or ())
        if found:
            return found[0] if len(found) == 1 else _either(found)
    return " ".join(_distinct(description(p, depth + 1) for p in node.parts("allOf") or ()))


def _either(found: list[str]) -> str:
    """Different variants' descriptions, the first sentence of each: ``One of: (1) A text. (2) A list.``"""
    firsts = _distinct(_SENTENCE_END.split(text, maxsplit=1)[0] for text in found)
    if len(firsts) == 1:
        return firsts[0]
    return "One of: " + " ".join(f"({n}) {text}" for n, text in enumerate(firsts, 1))


def _distinct(texts: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def facets(node: Schema, depth: int = 0) -> Iterator[Schema]:
    """The schemas that together say what the value is: the schema, the end of its ``$ref`` chain,
    its ``allOf`` parts, and the variant of an ``anyOf``/``oneOf`` when it is the only one besides
    ``null`` or an empty-string sentinel (``anyOf: [{...}, {enum: ['']}]``), each deeper level after."""
    if depth > _DEPTH:
        return
    yield node
    target = node.target
    if target is not node:
        yield from facets(target, depth + 1)
        return
    for part in node.parts("allOf") or ():
        yield from facets(part, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        kept = [v for v in node.parts(keyword) or () if not _sentinel(v.target)]
        if len(kept) == 1:
            yield from facets(kept[0], depth + 1)


def _sentinel(variant: Schema) -> bool:
    """A variant allowing only ``null`` or ``''``: it says the value may be cleared, not what it is."""
    enum = variant.get("enum")
    return variant.only_null or (isinstance(enum, list) and bool(enum) and all(v in ("", None) for v in enum))


def _first(schemas: list[Schema], keyword: str) -> Any:
    return next((s.keywords[keyword] for s in schemas if keyword in s.keywords), None)


def facts(node: Schema) -> str:
    """Escaped sentences on what the value may be: ``One of ``'a'``, ``'b'``. Format: ``email``.
    Minimum ``0``, maximum ``100``. Pattern: ``^[a-z]+$``.``; empty when the schema says nothing."""
    schemas = list(dict.fromkeys(facets(node)))
    sentences = [_enum_sentence(schemas)]
    fmt = _first(schemas, "format")
    if isinstance(fmt, str) and fmt.strip() and fmt not in _TYPED_FORMATS:
        sentences.append(f"Format: ``{_cut(fmt)}``.")
    bounds = _bounds(schemas)
    if bounds:
        sentences.append(bounds[0][0].upper() + ", ".join(bounds)[1:] + ".")
    pattern = _first(schemas, "pattern")
    if isinstance(pattern, str) and pattern:
        sentences.append(f"Pattern: ``{_cut(pattern)}``.")
    return " ".join(docstring(s) for s in sentences if s)


def _bounds(schemas: list[Schema]) -> list[str]:
    """``minimum ``0```` and the like, for each bound the schemas give (3.0's ``exclusiveMinimum: true``
    makes the ``minimum`` exclusive)."""
    found = []
    for keyword, words in _BOUNDS:
        value = _first(schemas, keyword)
        if _number(value):
            exclusive = keyword in ("minimum", "maximum") and _first(schemas, "exclusive" + keyword.title()) is True
            found.append(f"{'exclusive ' if exclusive else ''}{words} ``{shown(value)}``")
    return found


def _number(value: object) -> bool:
    """A bound to show: a number (``exclusiveMinimum: true``, the 3.0 flag, is read with ``minimum``)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _cut(text: str) -> str:
    """Text on one line (line breaks shown as ``\\n``), cut to :data:`SHOWN` characters."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 3]}..."


def _enum_sentence(schemas: list[Schema]) -> str:
    """``One of ``'a'``, ``'b'``.``, or for a string with known values ``Known values: ... (or any string).``"""
    enum = _first(schemas, "enum")
    open_string = False
    for schema in schemas if not isinstance(enum, list) else ():
        enum, open_string = _known_values(schema)
        if enum is not None:
            break
    values = [v for v in enum or () if v is not None]
    if not values:
        return ""
    listed = ", ".join(f"``{shown(v)}``" for v in values[:ENUM_SHOWN])
    more = f" (and {len(values) - ENUM_SHOWN} more)" if len(values) > ENUM_SHOWN else ""
    if open_string:
        return f"Known values: {listed}{more} (or any string)."
    return f"One of {listed}{more}."


def _known_values(node: Schema) -> tuple[list[Any] | None, bool]:
    """The values of "one of these, or any string" (``anyOf: [{type: string}, {enum: [...]}]``);
    None when the variants are anything else."""
    for keyword in ("anyOf", "oneOf"):
        variants = [v.target for v in node.parts(keyword) or () if not _sentinel(v.target)]
        enums = [v.get("enum") for v in variants if isinstance(v.get("enum"), list)]
        plain = [v for v in variants if not isinstance(v.get("enum"), list)]
        if enums and plain and all(v.types == ["string"] and not v.parts("anyOf") for v in plain):
            return [value for enum in enums for value in enum], True
    return None, False


def default_note(node: Schema) -> str:
    """``Defaults to ``10``.`` from the first of :func:`facets` with a ``default``; empty without one."""
    return next((note for schema in facets(node) if (note := default_doc(schema))), "")
