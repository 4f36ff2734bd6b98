"""How the variants of an ``anyOf``/``oneOf`` read, before they are typed: the patterns real specs
use everywhere get one type with a plain name instead of a numbered class per variant.

- **Known values or any string** (``[{type: string}, {type: string, enum: [...]}]``, either
  order): the enum variant alone, an open enum named after the union (its annotation already
  accepts any string), so the plain string variants are dropped.
- **Sentinels**: an inline variant allowing one string (``enum: [""]``, Stripe's "pass an empty
  string to clear it", or ``enum: ["now"]``) is ``Literal[...]`` of that value, not a class.
- **Names**: a variant that becomes a class is named after the union itself when it is the only
  one; several are told apart by their ``title`` (``FooCard``) or the one value a property of
  each allows (``RunStreamEventThreadRunCreated``), and only then by their position (``Foo1``).
"""

from __future__ import annotations

from ..graph import Schema
from ..ir import LiteralType, NullableType, TypeRef, UnionType
from ..names import class_name

__all__ = ["known_values", "plain_string", "sentinel", "sentinel_doc", "variant_hints"]

_SHAPING = ("properties", "items", "allOf", "anyOf", "oneOf", "additionalProperties", "discriminator")
"""Keywords that make an inline variant a type of its own (a class, a list of classes...)."""


def plain_string(variant: Schema) -> bool:
    """Whether ``variant`` is any string: ``type: string`` with no ``enum``, ``const`` or format of its own."""
    node = variant.target
    return (
        node.types == ["string"]
        and "enum" not in node.keywords
        and "const" not in node.keywords
        and not node.text("format")
        and not node.binary
    )


def _string_enum(variant: Schema) -> bool:
    values = variant.target.get("enum")
    return (
        isinstance(values, list)
        and len([v for v in values if v is not None]) > 1
        and all(isinstance(v, str) for v in values if v is not None)
    )


def known_values(variants: list[Schema]) -> Schema | None:
    """The enum variant of a "known values or any string" union, None for any other union."""
    enums = [v for v in variants if _string_enum(v)]
    others = [v for v in variants if not _string_enum(v) and not _null(v)]
    if len(enums) == 1 and others and all(plain_string(v) for v in others):
        return enums[0]
    return None


def sentinel(variant: Schema) -> LiteralType | None:
    """``Literal[value]`` for an inline variant allowing one string and nothing else, None otherwise."""
    if variant.is_ref:
        return None
    values = variant.get("enum")
    if not isinstance(values, list) or len(values) != 1 or not isinstance(values[0], str):
        return None
    if variant.types not in ([], ["string"]) or any(k in variant.keywords for k in _SHAPING):
        return None
    return LiteralType(values[0])


def _null(variant: Schema) -> bool:
    return bool(variant.get("type") == "null" or variant.get("enum") == [None])


def _named(variant: Schema) -> bool:
    """Whether an inline variant is typed as a class of its own (or holds one): it needs a name."""
    if variant.is_ref or _null(variant) or sentinel(variant) is not None:
        return False
    keywords = variant.keywords
    return _string_enum(variant) or any(k in keywords for k in _SHAPING)


def _label(variant: Schema) -> str:
    """What tells a variant apart: its ``title``, else the one value a property of it allows
    (``event: {enum: [thread.run.created]}``, ``type: {const: image}``)."""
    title = variant.text("title").strip()
    if title:
        return title
    properties = variant.get("properties")
    for prop in properties.values() if isinstance(properties, dict) else ():
        if not isinstance(prop, dict):
            continue
        values = prop.get("enum") if "const" not in prop else [prop["const"]]
        if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) and values[0].strip():
            return values[0]
    return ""


def variant_hints(variants: list[Schema], hint: str) -> list[str]:
    """The name each variant's class would take: the union's own when one variant needs a class,
    else the union's name and each one's label (:func:`_label`) when they differ, else the union's
    name and the variant's position."""
    needing = [i for i, v in enumerate(variants) if _named(v)]
    if len(needing) <= 1:
        return [hint] * len(variants)
    titles = [class_name(label) if (label := _label(variants[i])) else "" for i in needing]
    if all(titles) and len(set(titles)) == len(titles):
        by_index = {i: f"{hint}/{title}" for i, title in zip(needing, titles, strict=True)}
        return [by_index.get(i, hint) for i in range(len(variants))]
    return [f"{hint}{i + 1}" for i in range(len(variants))]


_CLEAR = LiteralType("")


def sentinel_doc(t: TypeRef) -> str:
    """The doc line of an argument or field that takes ``""`` besides its type (Stripe's "or an empty
    string to clear it"); empty for any other type."""
    if isinstance(t, NullableType):
        return sentinel_doc(t.inner)
    if isinstance(t, UnionType) and _CLEAR in t.variants:
        return "Pass ``''`` to clear it."
    return ""
