"""Type references to Python source: annotations, decode and encode expressions.

Dispatch tables keyed by the IR type class, one function per kind of type.
Each function returns a :class:`Code`: the expression plus the names it needs
imported, so the IR can list a module's imports exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from . import records
from .ir import (
    AnyType,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeRef,
    UnionType,
)

__all__ = [
    "Code",
    "Need",
    "annotation",
    "bind",
    "decode",
    "direct_model",
    "encode",
    "from_dict_global",
    "is_file",
    "members_table",
    "referenced",
]


@records.frozen
class Need:
    """A name the generated code uses, which its module must import.

    ``kind`` says what it is: ``runtime``, the helper ``name`` of the package's ``_models``;
    ``stdlib``, the standard module ``name``, imported whole; ``typing``, ``name`` from
    :mod:`typing`; ``model`` or ``enum``, the class ``name`` of ``models/<module>.py``;
    ``members``, the table of the enum ``name`` (:func:`members_table`) that a model module's
    ``_resolve()`` binds, never imported.
    """

    kind: Literal["runtime", "stdlib", "typing", "model", "enum", "members"]
    name: str
    module: str = ""

    @property
    def named(self) -> bool:
        """A model or enum class, imported from its module of the package's ``models``."""
        return self.kind == "model" or self.kind == "enum"


def _model(t: ModelType) -> Need:
    return Need("model", t.name, t.module)


def _enum(t: EnumType) -> Need:
    return Need("enum", t.name, t.module)


def members_table(enum_name: str) -> str:
    """The module global a model module binds to the enum's ``_value2member_map_``: ``_Color_members``."""
    return f"_{enum_name.replace('.', '_')}_members"


def direct_model(t: TypeRef) -> ModelType | None:
    """The model a field of type ``t`` holds directly (``t`` itself, or nullable): its ``from_dict`` is
    called through a module global (the other models a field holds, in lists or unions, through the class)."""
    inner = t.inner if isinstance(t, NullableType) else t
    return inner if isinstance(inner, ModelType) else None


def from_dict_global(model_name: str) -> str:
    """The module global a model module binds to another model's ``from_dict``: ``_Pet_from_dict``.

    Calling it costs less than ``Pet.from_dict(...)``, which makes a bound method on every call
    (Python 3.11 does not specialise reading a classmethod from a class)."""
    return f"_{model_name.replace('.', '_')}_from_dict"


def _runtime(helper: str) -> Need:
    return Need("runtime", helper)


@records.frozen
class Code:
    expr: str
    needs: frozenset[Need] = frozenset()
    identity: bool = False


_PRIMITIVE_ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "uuid": "uuid.UUID",
}
_PRIMITIVE_STDLIB = {"date": "datetime", "datetime": "datetime", "uuid": "uuid"}
_PRIMITIVE_DECODERS = {"date": "parse_date", "datetime": "parse_datetime", "uuid": "parse_uuid", "bytes": "parse_bytes"}
_PRIMITIVE_CHECKERS = {
    "str": "expect_str",
    "int": "expect_int",
    "float": "expect_float",
    "bool": "expect_bool",
}


def _join(*codes: Code) -> frozenset[Need]:
    needs: frozenset[Need] = frozenset()
    for code in codes:
        needs |= code.needs
    return needs


# --- annotations -----------------------------------------------------------------------------


def _ann_primitive(t: PrimitiveType) -> Code:
    stdlib = _PRIMITIVE_STDLIB.get(t.kind)
    return Code(_PRIMITIVE_ANNOTATIONS[t.kind], frozenset({Need("stdlib", stdlib)}) if stdlib else frozenset())


def _ann_any(t: AnyType) -> Code:
    return Code("Any", frozenset({Need("typing", "Any")}))


def _ann_list(t: ListType) -> Code:
    item = annotation(t.item)
    return Code(f"list[{item.expr}]", item.needs)


def _ann_map(t: MapType) -> Code:
    value = annotation(t.value)
    return Code(f"dict[str, {value.expr}]", value.needs)


def _ann_model(t: ModelType) -> Code:
    return Code(t.name, frozenset({_model(t)}))


def _ann_enum(t: EnumType) -> Code:
    # Open enums: a value the server adds later stays readable as the plain value.
    return Code(f"{t.name} | {t.base}", frozenset({_enum(t)}))


def _ann_union(t: UnionType) -> Code:
    parts = _pieces(t)
    seen: list[str] = []
    for part in parts:
        if part.expr not in seen:
            seen.append(part.expr)
    return Code(" | ".join(seen), _join(*parts))


def _pieces(t: TypeRef) -> list[Code]:
    """The alternatives an annotation of ``t`` lists: a union's variants, an open enum's class and
    base, ``None`` of a nullable type; any other type is one piece."""
    if isinstance(t, UnionType):
        return [piece for variant in t.variants for piece in _pieces(variant)]
    if isinstance(t, EnumType):
        return [Code(t.name, frozenset({_enum(t)})), Code(t.base)]
    if isinstance(t, NullableType):
        whole = annotation(t.inner)
        inner = _pieces(t.inner)
        return inner if whole.expr == "Any" or whole.expr.endswith("| None") else [*inner, Code("None")]
    return [annotation(t)]


def _ann_literal(t: LiteralType) -> Code:
    return Code(f"Literal[{t.value_repr}]", frozenset({Need("typing", "Literal")}))


def _ann_nullable(t: NullableType) -> Code:
    inner = annotation(t.inner)
    if inner.expr.endswith("| None") or inner.expr == "Any":
        return inner
    return Code(f"{inner.expr} | None", inner.needs)


_ANNOTATIONS: dict[type, Callable[[Any], Code]] = {
    PrimitiveType: _ann_primitive,
    AnyType: _ann_any,
    ListType: _ann_list,
    MapType: _ann_map,
    ModelType: _ann_model,
    EnumType: _ann_enum,
    UnionType: _ann_union,
    NullableType: _ann_nullable,
    LiteralType: _ann_literal,
}


def annotation(t: TypeRef) -> Code:
    return _ANNOTATIONS[type(t)](t)


# --- decoding (JSON data -> Python values) ---------------------------------------------------


def _dec_primitive(t: PrimitiveType, var: str, depth: int) -> Code:
    helper = _PRIMITIVE_DECODERS.get(t.kind)
    if helper is None:
        return Code(var, identity=True)
    return Code(f"{helper}({var})", frozenset({_runtime(helper)}))


def _dec_any(t: AnyType, var: str, depth: int) -> Code:
    return Code(var, identity=True)


def _dec_list(t: ListType, var: str, depth: int) -> Code:
    if isinstance(t.item, ModelType):  # map() calls from_dict without a comprehension's per-item lookups
        return Code(f"list(map({t.item.name}.from_dict, {var}))", frozenset({_model(t.item)}))
    item_var = f"_i{depth}"
    item = decode(t.item, item_var, depth + 1)
    if item.identity:
        return Code(var, identity=True)
    return Code(f"[{item.expr} for {item_var} in {var}]", item.needs)


def _dec_map(t: MapType, var: str, depth: int) -> Code:
    key_var, value_var = f"_k{depth}", f"_v{depth}"
    value = decode(t.value, value_var, depth + 1)
    if value.identity:
        return Code(var, identity=True)
    return Code(f"{{{key_var}: {value.expr} for {key_var}, {value_var} in {var}.items()}}", value.needs)


def _dec_model(t: ModelType, var: str, depth: int) -> Code:
    return Code(f"{t.name}.from_dict({var})", frozenset({_model(t)}))


def _dec_enum(t: EnumType, var: str, depth: int) -> Code:
    """The member for a value of the enum's JSON type by one lookup in the module's table of members (a
    call of ``parse_enum`` costs more than the lookup); any other value through ``parse_enum``, which
    gives the same answer for those and returns an unknown or unhashable value as it is."""
    name, bound = bind(var)
    table = members_table(t.name)
    return Code(
        f"{table}.get({name}, {name}) if type({bound.removeprefix('(').removesuffix(')')}) is {t.base} "
        f"else parse_enum({t.name}, {name})",
        frozenset({_runtime("parse_enum"), _enum(t), Need("members", t.name, t.module)}),
    )


def decoder(t: TypeRef, depth: int = 0) -> Code:
    """A callable expression (not a call) that decodes one value of ``t``."""
    if isinstance(t, ModelType):
        return Code(f"{t.name}.from_dict", frozenset({_model(t)}))
    if isinstance(t, PrimitiveType) and t.kind in _PRIMITIVE_CHECKERS:
        helper = _PRIMITIVE_CHECKERS[t.kind]
        return Code(helper, frozenset({_runtime(helper)}))
    if isinstance(t, ListType):
        inner = decoder(t.item, depth + 1)
        return Code(f"list_of({inner.expr})", inner.needs | {_runtime("list_of")})
    if isinstance(t, MapType):
        inner = decoder(t.value, depth + 1)
        return Code(f"map_of({inner.expr})", inner.needs | {_runtime("map_of")})
    if isinstance(t, NullableType):
        inner = decoder(t.inner, depth + 1)
        return Code(f"nullable({inner.expr})", inner.needs | {_runtime("nullable")})
    var = f"_x{depth}"
    if isinstance(t, EnumType):  # through parse_enum: a module without a table of members can use it
        return Code(f"lambda {var}: parse_enum({t.name}, {var})", frozenset({_runtime("parse_enum"), _enum(t)}))
    code = decode(t, var, depth + 1)
    if code.identity:
        return Code("identity", frozenset({_runtime("identity")}))
    return Code(f"lambda {var}: {code.expr}", code.needs)


_STRING = PrimitiveType("str")


def _text(t: TypeRef) -> bool:
    """Whether a value of ``t`` is any string or one given string (``Literal['']``), kept as it is."""
    return t == _STRING or (isinstance(t, LiteralType) and isinstance(t.value, str))


def _dec_union(t: UnionType, var: str, depth: int) -> Code:
    models = [v for v in t.variants if not _text(v)]
    if len(models) < len(t.variants) and models and all(isinstance(v, ModelType) for v in models):
        return _dec_id_or_object(t, models, var, depth)
    variants = [decoder(v, depth) for v in t.variants]
    needs = _join(*variants)
    choices = ", ".join(v.expr for v in variants)
    if t.discriminator is not None and t.discriminator.mapping:
        mapping = ", ".join(f"{value}: {model.name}.from_dict" for value, model in t.discriminator.mapping)
        needs |= {_runtime("parse_discriminated")}
        needs |= {_model(m) for _, m in t.discriminator.mapping}
        return Code(
            f"parse_discriminated({var}, {t.discriminator.property_repr}, {{{mapping}}}, ({choices},))",
            needs,
        )
    return Code(f"parse_union({var}, ({choices},))", needs | {_runtime("parse_union")})


def _dec_id_or_object(t: UnionType, models: list[TypeRef], var: str, depth: int) -> Code:
    """A string or an object (Stripe's expandable fields: the id, or what it names; an object or ``""``
    to clear it), told apart by type.

    No model accepts a string and a string is only the string variant, so this is what trying
    the variants in turn gives, without the calls.
    """
    name, bound = bind(var)
    if len(models) == 1:
        rest = decode(models[0], name, depth)
    else:
        rest = _dec_union(UnionType(tuple(models), t.discriminator), name, depth)
    if _STRING not in t.variants:  # only given strings (``Literal['']``): the value as received, not narrowed to str
        return Code(f"{rest.expr} if isinstance({bound}, dict) else {name}", rest.needs)
    return Code(f"{name} if isinstance({bound}, str) else {rest.expr}", rest.needs)


def _dec_nullable(t: NullableType, var: str, depth: int) -> Code:
    name, bound = bind(var)
    inner = decode(t.inner, name, depth)
    if inner.identity:  # an identity decoder is the value itself, whatever holds it
        return Code(var, identity=True)
    return Code(f"None if {bound} is None else {inner.expr}", inner.needs)


def bind(var: str) -> tuple[str, str]:
    """A name for the value of ``var``, and what to write where it is first read.

    ``var`` is a name, or at the top of a field an expression such as ``data['x']``
    that the decoder reads more than once: it is then evaluated once, into ``_v``.
    """
    return (var, var) if var.isidentifier() else ("_v", f"(_v := {var})")


_DECODERS: dict[type, Callable[[Any, str, int], Code]] = {
    PrimitiveType: _dec_primitive,
    AnyType: _dec_any,
    ListType: _dec_list,
    MapType: _dec_map,
    ModelType: _dec_model,
    EnumType: _dec_enum,
    UnionType: _dec_union,
    NullableType: _dec_nullable,
    LiteralType: _dec_any,
}


def decode(t: TypeRef, var: str, depth: int = 0) -> Code:
    """An expression that turns the JSON value held in ``var`` into ``t``.

    ``var`` is a plain name, or an expression without side effects (``data['x']``)
    that the expression evaluates once (binding ``_v`` when it needs the value twice).
    """
    return _DECODERS[type(t)](t, var, depth)


# --- encoding (Python values -> JSON data) ---------------------------------------------------


def _enc_primitive(t: PrimitiveType, var: str, depth: int) -> Code:
    if t.kind in ("date", "datetime"):
        return Code(f"{var}.isoformat()")
    if t.kind == "uuid":
        return Code(f"str({var})")
    return Code(var, identity=True)


def _enc_any(t: AnyType, var: str, depth: int) -> Code:
    return Code(var, identity=True)


def _enc_list(t: ListType, var: str, depth: int) -> Code:
    item_var = f"_i{depth}"
    item = encode(t.item, item_var, depth + 1)
    if item.identity:
        return Code(var, identity=True)
    return Code(f"[{item.expr} for {item_var} in {var}]", item.needs)


def _enc_map(t: MapType, var: str, depth: int) -> Code:
    key_var, value_var = f"_k{depth}", f"_v{depth}"
    value = encode(t.value, value_var, depth + 1)
    if value.identity:
        return Code(var, identity=True)
    return Code(f"{{{key_var}: {value.expr} for {key_var}, {value_var} in {var}.items()}}", value.needs)


def _enc_model(t: ModelType, var: str, depth: int) -> Code:
    return Code(f"{var}.to_dict()")


def _enc_enum(t: EnumType, var: str, depth: int) -> Code:
    return Code(f"enum_value({var})", frozenset({_runtime("enum_value")}))


def _enc_union(t: UnionType, var: str, depth: int) -> Code:
    return Code(f"to_jsonable({var})", frozenset({_runtime("to_jsonable")}))


def _enc_nullable(t: NullableType, var: str, depth: int) -> Code:
    inner = encode(t.inner, var, depth)
    if inner.identity:
        return inner
    return Code(f"None if {var} is None else {inner.expr}", inner.needs)


_ENCODERS: dict[type, Callable[[Any, str, int], Code]] = {
    PrimitiveType: _enc_primitive,
    AnyType: _enc_any,
    ListType: _enc_list,
    MapType: _enc_map,
    ModelType: _enc_model,
    EnumType: _enc_enum,
    UnionType: _enc_union,
    NullableType: _enc_nullable,
    LiteralType: _enc_any,
}


def encode(t: TypeRef, var: str, depth: int = 0) -> Code:
    """An expression that turns the value held in ``var`` into JSON data."""
    return _ENCODERS[type(t)](t, var, depth)


def is_file(t: TypeRef) -> bool:
    """Whether a value of ``t`` is file content: bytes, or a list of them (``None`` allowed)."""
    if isinstance(t, PrimitiveType):
        return t.kind == "bytes"
    if isinstance(t, ListType):
        return is_file(t.item)
    if isinstance(t, NullableType):
        return is_file(t.inner)
    return False


def referenced(t: TypeRef) -> set[ModelType | EnumType]:
    """The named types ``t`` mentions, directly or inside containers."""
    if isinstance(t, ModelType | EnumType):
        return {t}
    if isinstance(t, ListType):
        return referenced(t.item)
    if isinstance(t, MapType):
        return referenced(t.value)
    if isinstance(t, NullableType):
        return referenced(t.inner)
    if isinstance(t, UnionType):
        found: set[ModelType | EnumType] = set()
        for v in t.variants:
            found |= referenced(v)
        if t.discriminator is not None:
            found |= {m for _, m in t.discriminator.mapping}
        return found
    return set()
