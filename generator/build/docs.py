"""What the docstring of a parameter or a model field says, found wherever the spec says it.

A property or parameter often has no description of its own while the spec describes it
one step away: on its ``$ref`` target, on the one described ``anyOf``/``oneOf`` variant
(``anyOf: [{$ref: X, description: ...}, {type: 'null'}]``), or on an ``allOf`` part.
:func:`description` looks there.  :func:`facts` lists, in one fixed form, what the schema
allows: the enum values (a few, then how many more), the format, the bounds, lengths,
item counts and pattern, then the default.

Descriptions are returned as written (the emitter escapes them); facts are escaped
sentences, each value shown as Python writes it (``repr``), a format or pattern as written
on one line, all cut when long.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from ..graph import Schema
from ..names import docstring
from .keywords import SHOWN, default_doc, shown

__all__ = ["ENUM_SHOWN", "description", "facets", "facts"]

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


def description(node: Schema) -> str:
    """The schema's description; else its ``$ref`` target's; else its variants' (the one described,
    or the one text they share; different ones are listed, a sentence each); else its ``allOf``
    parts' (joined).  Each schema is read once per search, so cycles and shared parts cost nothing more."""
    return _description(node, set(), 0)


def _description(node: Schema, seen: set[Schema], depth: int) -> str:
    own = node.text("description").strip()
    if own or node in seen or depth > _DEPTH:
        return own
    seen.add(node)
    if node.is_ref:
        return _description(node.target, seen, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        found = _distinct(_description(v, seen, depth + 1) for v in node.parts(keyword) or ())
        if found:
            return found[0] if len(found) == 1 else _either(found)
    return " ".join(_distinct(_description(p, seen, depth + 1) for p in node.parts("allOf") or ()))


def _either(found: list[str]) -> str:
    """Different variants' descriptions, the first sentence of each: ``One of: (1) A text. (2) A list.``"""
    firsts = _distinct(_SENTENCE_END.split(text, maxsplit=1)[0] for text in found)
    if len(firsts) == 1:
        return firsts[0]
    return "One of: " + " ".join(f"({n}) {text}" for n, text in enumerate(firsts, 1))


def _distinct(texts: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def facets(node: Schema) -> list[Schema]:
    """The schemas that together say what the value is: the schema, the end of its ``$ref`` chain,
    its ``allOf`` parts, and the variant of an ``anyOf``/``oneOf`` when it is the only one besides
    ``null`` or an empty-string sentinel (``anyOf: [{...}, {enum: ['']}]``), each deeper level after;
    each schema once."""
    found: dict[Schema, None] = {}
    _facets(node, found, 0)
    return list(found)


def _facets(node: Schema, found: dict[Schema, None], depth: int) -> None:
    if node in found or depth > _DEPTH:
        return
    found[node] = None
    target = node.target
    if target is not node:
        _facets(target, found, depth + 1)
        return
    for part in node.parts("allOf") or ():
        _facets(part, found, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        kept = [v for v in node.parts(keyword) or () if not _sentinel(v.target)]
        if len(kept) == 1:
            _facets(kept[0], found, depth + 1)


def _sentinel(variant: Schema) -> bool:
    """A variant allowing only ``null`` or ``''``: it says the value may be cleared, not what it is."""
    enum = variant.get("enum")
    return variant.only_null or (isinstance(enum, list) and bool(enum) and all(v in ("", None) for v in enum))


_SHOWN_KEYWORDS = frozenset({"enum", "format", "pattern", "default", *(keyword for keyword, _ in _BOUNDS)})


def _keywords(schemas: list[Schema]) -> dict[str, Any]:
    """The keywords :func:`facts` shows, each from the first of ``schemas`` that has it."""
    merged: dict[str, Any] = {}
    for schema in schemas:
        for keyword in _SHOWN_KEYWORDS.intersection(schema.keywords):
            merged.setdefault(keyword, schema.keywords[keyword])
    return merged


def facts(node: Schema) -> str:
    """Escaped sentences on what the value may be, then its default: ``One of ``'a'``, ``'b'``.
    Format: ``email``. Minimum ``0``, maximum ``100``. Pattern: ``^[a-z]+$``. Defaults to ``'a'``.``;
    empty when the schema says nothing."""
    schemas = facets(node)
    found = _keywords(schemas)
    if not found and not any("anyOf" in s.keywords or "oneOf" in s.keywords for s in schemas):
        return ""  # most properties: nothing to say, and no variants that could list known values
    sentences = [_enum_sentence(found.get("enum"), schemas)]
    fmt = found.get("format")
    if isinstance(fmt, str) and fmt.strip() and fmt not in _TYPED_FORMATS:
        sentences.append(f"Format: ``{_cut(fmt)}``.")
    bounds = _bounds(found)
    if bounds:
        sentences.append(bounds[0][0].upper() + ", ".join(bounds)[1:] + ".")
    pattern = found.get("pattern")
    if isinstance(pattern, str) and pattern:
        sentences.append(f"Pattern: ``{_cut(pattern)}``.")
    escaped = [docstring(s) for s in sentences if s]
    if "default" in found:
        escaped.append(next(default_doc(schema) for schema in schemas if "default" in schema.keywords))
    return " ".join(s for s in escaped if s)


def _bounds(found: dict[str, Any]) -> list[str]:
    """``minimum ``0```` and the like, for each bound the schemas give (3.0's ``exclusiveMinimum: true``
    makes the ``minimum`` exclusive)."""
    shown_bounds = []
    for keyword, words in _BOUNDS:
        value = found.get(keyword)
        if value is not None and _number(value):
            exclusive = keyword in ("minimum", "maximum") and found.get("exclusive" + keyword.title()) is True
            shown_bounds.append(f"{'exclusive ' if exclusive else ''}{words} ``{shown(value)}``")
    return shown_bounds


def _number(value: object) -> bool:
    """A bound to show: a number (``exclusiveMinimum: true``, the 3.0 flag, is read with ``minimum``)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _cut(text: str) -> str:
    """Text on one line (line breaks shown as ``\\n``), cut to :data:`SHOWN` characters."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= SHOWN else f"{text[: SHOWN - 3]}..."


def _enum_sentence(enum: object, schemas: list[Schema]) -> str:
    """``One of ``'a'``, ``'b'``.``, or for a string with known values ``Known values: ... (or any string).``"""
    open_string = False
    for schema in schemas if not isinstance(enum, list) else ():
        if "anyOf" in schema.keywords or "oneOf" in schema.keywords:
            enum, open_string = _known_values(schema)
            if enum is not None:
                break
    values = [v for v in enum if v is not None] if isinstance(enum, list) else []
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
