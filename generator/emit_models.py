"""The text of model and enum modules: ``from_dict`` and ``to_dict`` expressions per field, and each class's docstring.

Filters of the Jinja environment like those of :mod:`generator.emit` (which registers them in its
:data:`~generator.emit.FILTERS`); every literal through ``repr()``, every description through
:func:`~generator.names.docstring`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from . import types as T
from .ir import (
    AnyType,
    Api,
    Enum,
    EnumType,
    Field,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    TypeRef,
    UnionType,
)

__all__ = [
    "additional_annotation",
    "additional_decode",
    "additional_encode",
    "class_docs",
    "field_decode",
    "field_decode_dense",
    "field_encode",
]


# --- models ------------------------------------------------------------------------------------


def field_decode(f: Field) -> str:
    """``from_dict``'s value for the field: takes the property out of ``_d`` (a copy of ``data``) and decodes it.

    Each declared property is popped, so what is left in ``_d`` is the additional properties,
    found without a second pass over the keys. An optional property whose type has no ``None``
    (not nullable, not any value) that a server sends as ``null`` anyway (OpenAI's streamed chunks
    carry ``"usage": null``) reads as absent: ``UNSET``, the value the annotation allows, rather
    than an error or a ``None`` the annotation denies.
    """
    wire = repr(f.wire_name)
    if f.required:
        return _decode(f.type, f"_d.pop({wire})")
    code = _decode(f.type, "_v")
    absent = "UNSET" if isinstance(f.type, NullableType | AnyType) else "None"  # null is one of the type's values
    if code == "_v":
        return (
            f"_d.pop({wire}, UNSET)" if absent == "UNSET" else f"UNSET if (_v := _d.pop({wire}, None)) is None else _v"
        )
    return f"UNSET if (_v := _d.pop({wire}, {absent})) is {absent} else {code}"


def field_decode_dense(f: Field) -> str:
    """The field's value on ``from_dict``'s path for data that has every declared property: read from
    ``data`` (a read costs less than a pop) with no test of absence; ``null`` reads as it does in
    :func:`field_decode`."""
    read = f"data[{f.wire_name!r}]"
    if f.required or isinstance(f.type, NullableType | AnyType):
        return _decode(f.type, read)
    code = _decode(f.type, "_v")
    return f"UNSET if (_v := {read}) is None else {code}"


def _decode(t: TypeRef, var: str) -> str:
    """The decoding of ``var`` into ``t``; a model (or ``null``) through the module's global bound to its
    ``from_dict`` (see :func:`~generator.types.direct_model`)."""
    model = T.direct_model(t)
    if model is None:
        return T.decode(t, var).expr
    call = T.from_dict_global(model.name)
    if model == t:
        return f"{call}({var})"
    name, bound = T.bind(var)
    return f"None if {bound} is None else {call}({name})"


def field_encode(f: Field) -> str:
    """``to_dict``'s value for the field: the attribute ``self.<name>`` turned into JSON data."""
    return T.encode(f.type, f"self.{f.name}").expr


def _additional(model: Model) -> MapType:
    return MapType(model.additional if model.additional is not None else AnyType())


def additional_annotation(model: Model) -> str:
    """The type of the values of ``additional_properties``."""
    return T.annotation(_additional(model).value).expr


def additional_decode(model: Model) -> str:
    """Expression over ``_d``: the properties of ``data`` the schema does not declare."""
    return T.decode(_additional(model), "_d").expr


def additional_encode(model: Model) -> str:
    """``to_dict``'s start: ``self.additional_properties`` encoded, or copied when the values stay as they are."""
    code = T.encode(_additional(model), "self.additional_properties")
    return f"{code.expr}.copy()" if code.identity else code.expr


# --- the docstring of each model and enum class ---------------------------------------------------


def class_docs(api: Api) -> dict[str, str]:
    """The docstring of each model and enum class, by class name.

    The spec's description or title when it has one; otherwise where the API uses
    the class (``The response of ``customers.get``.``), or nothing for a class
    nothing uses, rather than the class name again.
    """
    uses: dict[str, dict[tuple[str, str, str], list[str]]] = {}
    for kind, label, owner, t in _type_uses(api):
        for name, role in _roles(t, ""):
            uses.setdefault(name, {}).setdefault((role or "The", kind, label), []).append(owner)
    classes: tuple[Model | Enum, ...] = (*api.models, *api.enums)
    return {c.name: c.doc if c.described else _usage_doc(uses.get(c.name, {})) for c in classes}


def _type_uses(api: Api) -> Iterator[tuple[str, str, str, TypeRef]]:
    """(kind, label, owner, type) for every type the API's operations and models name:
    ``("field", "kind", "``Pet``", EnumType(...))``."""
    for r in api.resources:
        for op in r.operations:
            owner = f"``{r.accessor}.{op.name}``"
            yield "response", "", owner, op.success.type or AnyType()
            if op.body is not None:
                yield "request body", "", owner, op.body.type
            for error in op.errors:
                yield "error response", "", owner, error.type or AnyType()
            for p in (*op.path_params, *op.params):
                yield "parameter", p.name, owner, p.type
    for m in api.models:
        for f in m.fields:
            yield "field", f.name, f"``{m.name}``", f.type


_SHOWN = 3
"""How many operations or models one sentence names before it counts the rest."""

_SENTENCES = 4
"""How many sentences (one per kind of use) a docstring gives before it counts the rest."""


def _roles(t: TypeRef, where: str) -> Iterator[tuple[str, str]]:
    """(class name, how ``t`` holds it) for every model and enum in ``t``.

    How it holds it is ``""`` when ``t`` is the class itself, else the start of a
    sentence: ``The items of the`` (a list), ``Part of the`` (deeper than one level).
    """
    if isinstance(t, ModelType | EnumType):
        yield t.name, where
    elif isinstance(t, NullableType):
        yield from _roles(t.inner, where)
    elif isinstance(t, ListType):
        yield from _roles(t.item, "Part of the" if where else "The items of the")
    elif isinstance(t, MapType):
        yield from _roles(t.value, "Part of the" if where else "The values of the")
    elif isinstance(t, UnionType):
        for variant in t.variants:
            yield from _roles(variant, "Part of the" if where else "One of the types of the")


def _usage_doc(uses: dict[tuple[str, str, str], list[str]]) -> str:
    """Sentences saying where a class is used, one per kind of use: ``The response of ``a.b`` and ``a.c``.``"""
    sentences = []
    for (role, kind, label), owners in list(uses.items())[:_SENTENCES]:
        named = list(dict.fromkeys(owners))
        if len(named) > _SHOWN + 1:
            named = [*named[:_SHOWN], f"{len(named) - _SHOWN} more {'models' if kind == 'field' else 'operations'}"]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        what = f"``{label}`` {kind}" if label else kind
        sentences.append(f"{role} {what} of {listed}.")
    if len(uses) > _SENTENCES:
        sentences.append(f"Used in {len(uses) - _SENTENCES} other ways as well.")
    return textwrap.fill(" ".join(sentences), width=88, subsequent_indent="    ", break_on_hyphens=False)
