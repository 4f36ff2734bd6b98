"""Schemas to type references: primitives, lists, maps, unions, enums, and the named models.

Named schemas (components, files) become models and enums once, memoized by where
they live, so recursive schemas terminate; inline object and enum schemas are named
after where they appear (``CustomerBillingAddress`` for ``Customer.billing_address``).
The fields of a model are built by :mod:`.models`.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

from .. import types as T
from ..graph import Schema, SchemaGraph
from ..ir import (
    AnyType,
    Discriminator,
    Enum,
    EnumMember,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    Model,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeRef,
    UnionType,
)
from ..load import Spec
from ..names import Namer, class_name, constant_name, docstring, module_name
from ..problems import Location, Problems
from ..reserved import CLASS_NAMES, report_rename
from .models import NeedsKey, build_model
from .scopes import MAX_NAME, Scopes, fits, report_collision, short_names
from .unions import known_values, plain_string, sentinel, variant_hints

__all__ = ["Schemas"]

_STRING_FORMATS: dict[str, Literal["date", "datetime", "uuid"]] = {
    "date": "date",
    "date-time": "datetime",
    "uuid": "uuid",
}
_SIMPLE_TYPES: dict[str, TypeRef] = {
    "integer": PrimitiveType("int"),
    "number": PrimitiveType("float"),
    "boolean": PrimitiveType("bool"),
    "string": PrimitiveType("str"),
}

_STRING = PrimitiveType("str")
_EXTENSIBLE = "x-extensible-enum"
"""Known values of a string that may take others (Zalando's guidelines): an open enum, as ``enum`` is."""

_DEFER_DEPTH = 24
"""Models met this many ``type_of`` calls deep are built after the outermost call, not inside it."""
_MAX_TYPE_DEPTH = 100
"""Deeper than this (array in array through ``$ref``, say) a schema is any value, with a warning."""

_Key = tuple[str, str]
"""Where a schema lives: its file and JSON pointer."""


class Schemas:
    """Turns schemas into type references, collecting models and enums on the way."""

    def __init__(
        self, spec: Spec, problems: Problems, client_classes: frozenset[str], *, rendering: bool = True
    ) -> None:
        self.graph = SchemaGraph(spec, problems)
        self.rendering = rendering
        """Whether models get what only rendering reads: import blocks, field notes."""
        self.problems = problems
        self.class_names = Namer(owned=CLASS_NAMES | client_classes)
        self.modules = Namer(taken={"__init__"})
        self.by_location: dict[_Key, TypeRef] = {}
        self.model_keys: dict[ModelType, list[tuple[int, _Key]]] = {}
        """For each model: the keys of ``by_location`` that were given it, with their place in its order."""
        self.places: dict[_Key, int] = {}
        """The place of each key in ``by_location``'s order (where it was first set)."""
        self.in_progress: set[_Key] = set()
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.order: list[str] = []
        self.depth = 0
        """How many ``type_of`` calls are open: schemas reached through ``$ref`` nest without a bound."""
        self.building: set[_Key] = set()
        """Where the models being built (further up the stack) live."""
        self.pending: list[tuple[ModelType, Schema]] = []
        """Models met deeper than _DEFER_DEPTH, built once the outermost ``type_of`` returns."""
        self.wanted_names: set[str] = set()
        """The class names of the components: a shortened name leaves them to their schemas."""
        self.field_needs: dict[NeedsKey, tuple[frozenset[T.Need], frozenset[T.Need]]] = {}
        """The imports the code of each type needs (all of it, for decoding), found once a build."""
        self.first_named: dict[str, Location] = {}
        """Where each wanted top-level class name was first given, for the collision warnings."""
        self.scopes = Scopes(self.class_names, self.modules, problems, client_classes)
        """The operations' own namespaces, for the schemas written inline in a request."""

    # -- naming --------------------------------------------------------------------------------

    def _new_named(self, hint: str, node: Schema) -> tuple[str, str]:
        """The class name and module of a new model or enum, named after ``hint``: in its operation's
        namespace when it is written inside an operation's request (see :mod:`.scopes`)."""
        scoped = self.scopes.name(hint, node)
        if scoped is not None:
            self.order.append(scoped[0])
            return scoped
        wanted = self._top_level_name(hint, node)
        name = self.class_names.take(wanted)
        report_rename(self.class_names, wanted, name, "class", self.problems, node.location)
        report_collision(self.problems, wanted, name, node.location, self.first_named.get(wanted))
        self.first_named.setdefault(wanted, node.location)
        module = self.modules.take(module_name(name))
        if not fits(module):  # numbered: another class's module has the name
            module = self.modules.take(module_name(name)[: MAX_NAME - 3].rstrip("_"))
        self.order.append(name)
        self.scopes.paths[name] = hint
        return name, module

    def _top_level_name(self, hint: str, node: Schema) -> str:
        """The class name ``hint`` (a path: ``Customer/Address``) asks for; when that is too long or taken
        already, the first shorter name free (see :func:`.scopes.short_names`), reported."""
        wanted = class_name(hint)
        if fits(wanted) and (wanted not in self.class_names or "/" not in hint):
            return wanted  # a component's name, or a free one: the name
        shorter = next((n for n in short_names(hint) if n not in self.class_names and n not in self.wanted_names), None)
        if shorter is None:
            return wanted
        why = "shortened" if not fits(wanted) else "taken by another schema: this one is"
        self.problems.info(node.location, f"the class name {wanted!r} is {why} {shorter!r}", "name-shortened")
        return shorter

    # -- schema -> type ------------------------------------------------------------------------

    def type_of(self, node: Schema, hint: str) -> TypeRef:
        """The type of the schema ``node``; every model it needs is built when the outermost call returns."""
        if self.depth >= _MAX_TYPE_DEPTH:
            self.problems.warn(
                node.location, f"schema nested more than {_MAX_TYPE_DEPTH} deep (through $ref): any value"
            )
            return AnyType()
        self.depth += 1
        try:
            result = self._type_of_ref(node, hint)
        finally:
            self.depth -= 1
        if self.depth == 0:
            self._build_pending()
        return result

    def _build_pending(self) -> None:
        """Build the models deferred for depth, and those their fields defer in turn."""
        while self.pending:
            model_type, model_node = self.pending.pop(0)
            self.depth += 1
            try:
                self.models[model_type.name] = self._build_tracked(model_type, model_node)
            finally:
                self.depth -= 1

    def _type_of_ref(self, node: Schema, hint: str) -> TypeRef:
        if not node.is_ref:
            return self._type_of(node, hint)
        resolved = node.resolved()
        target = resolved.schema
        key = (str(target.location.file), target.location.pointer)
        known = self.by_location.get(key)
        if known is not None:
            return known
        if key in self.in_progress:
            self.problems.warn(target.location, "schema refers to itself without an object in between: any value")
            return AnyType()
        self.in_progress.add(key)
        try:
            result = self._type_of(target, resolved.name or hint)
        finally:
            self.in_progress.discard(key)
        self._located(key, result)
        return result

    def _type_of(self, node: Schema, hint: str) -> TypeRef:
        raw = node.raw
        if raw is True or raw is None:
            return AnyType()
        if raw is False:
            self.problems.warn(node.location, "schema `false` allows nothing: treated as any value")
            return AnyType()
        if not isinstance(raw, dict):
            self.problems.warn(node.location, f"a schema must be an object, not {type(raw).__name__}: any value")
            return AnyType()
        if node.only_null:
            return NullableType(AnyType())
        return self._typed_as(node, hint, node.types, node.nullable or node.null_type)

    def _typed_as(self, node: Schema, hint: str, types: list[str], nullable: bool, *, enum: bool = True) -> TypeRef:
        """The type of ``node`` read as having the JSON ``types`` (and null too when ``nullable``)."""
        result = self._core_type(node, hint, types, enum=enum)
        if isinstance(result, NullableType):
            return result
        return NullableType(result) if nullable else result

    def _core_type(self, node: Schema, hint: str, types: list[str], *, enum: bool = True) -> TypeRef:
        keywords = node.keywords
        for combinator in ("oneOf", "anyOf"):
            variants = node.parts(combinator)
            if variants and not keywords.get("properties"):
                return self._union(node, variants, hint)
        all_of = node.parts("allOf")
        if all_of:
            if len(all_of) == 1 and not keywords.get("properties") and not keywords.get("required"):
                return self.type_of(all_of[0], hint)
            return self._named_model(node, hint)
        if enum and ("enum" in keywords or isinstance(keywords.get(_EXTENSIBLE), list)):
            return self._enum(node, hint, types)
        if "const" in keywords:
            return _literal_type(keywords["const"])
        if types == ["object"] or (not types and ("properties" in keywords or "additionalProperties" in keywords)):
            return self._object(node, hint)
        if types == ["array"] or (not types and "items" in keywords):
            return self._array(node, hint)
        if node.binary:
            return PrimitiveType("bytes")
        if types == ["string"]:
            fmt = keywords.get("format")
            if isinstance(fmt, str) and fmt in _STRING_FORMATS:
                return PrimitiveType(_STRING_FORMATS[fmt])
            return PrimitiveType("str")
        if len(types) == 1 and types[0] in _SIMPLE_TYPES:
            return _SIMPLE_TYPES[types[0]]
        if len(types) > 1:
            return UnionType(tuple(self._typed_as(node, hint, [t], node.nullable, enum=enum) for t in types))
        if types:
            self.problems.warn(node.location.child("type"), f"unknown type {types[0]!r}: any value")
        return AnyType()

    def _array(self, node: Schema, hint: str) -> TypeRef:
        """A list of the ``items`` type; of any value for tuple validation (a list of schemas, 3.0 style)."""
        if isinstance(node.keywords.get("items"), list):
            return ListType(AnyType())
        items = node.items or self.graph.empty(node.location.child("items"))
        return ListType(self.type_of(items, hint + "Item"))

    def _object(self, node: Schema, hint: str) -> TypeRef:
        """An object schema: a model when it has properties (or a discriminator), else a map."""
        if node.keywords.get("properties") or node.keywords.get("discriminator"):
            return self._named_model(node, hint)
        extra = node.additional()
        return MapType(AnyType() if extra is None else self.type_of(extra, hint + "Value"))

    # -- unions --------------------------------------------------------------------------------

    def _union(self, node: Schema, variants: list[Schema], hint: str) -> TypeRef:
        known = known_values(variants)
        if known is not None:  # any string, or one of these: one open enum, named after the union
            variants = [v for v in variants if not plain_string(v)]
        parts: list[TypeRef] = []
        nullable = False
        for variant, variant_hint in zip(variants, variant_hints(variants, hint), strict=True):
            if variant.get("type") == "null" or variant.get("enum") == [None]:
                nullable = True
                continue
            part = sentinel(variant) or self.type_of(variant, variant_hint)
            if isinstance(part, NullableType):
                nullable = True
                part = part.inner
            if part not in parts:
                parts.append(part)
        if not parts:
            return NullableType(AnyType())
        if _STRING in parts and any(isinstance(p, EnumType) and p.base == "str" for p in parts):
            parts.remove(_STRING)  # an open enum's annotation accepts any string already
        if any(isinstance(p, AnyType) for p in parts):
            result: TypeRef = AnyType()
        elif len(parts) == 1:
            result = parts[0]
        else:
            result = UnionType(tuple(parts), self._discriminator(node, parts))
        return NullableType(result) if nullable else result

    def _discriminator(self, node: Schema, parts: list[TypeRef]) -> Discriminator | None:
        spec = node.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop = spec["propertyName"]
        models = [p for p in parts if isinstance(p, ModelType)]
        mapping: list[tuple[str, ModelType]] = []
        explicit = spec.get("mapping")
        if isinstance(explicit, dict):
            for value, ref in explicit.items():
                if not isinstance(ref, str):
                    continue
                target_ref = ref if ("#" in ref or "/" in ref or "." in ref) else f"#/components/schemas/{ref}"
                where = node.location.child("discriminator", "mapping", str(value))
                target = self.type_of(self.graph.reference(target_ref, where), ref)
                if isinstance(target, ModelType):
                    mapping.append((repr(str(value)), target))
        mapped = {m.name for _, m in mapping}
        for model in models:
            if model.name not in mapped:
                wire = self._schema_name_of(model)
                mapping.append((repr(wire), model))
        return Discriminator(prop, repr(prop), tuple(mapping))

    def _located(self, key: _Key, result: TypeRef, *, keep: bool = False) -> None:
        """``by_location[key] = result`` (``keep``: unless the key has a type), noting where models are."""
        if keep and key in self.by_location:
            return
        place = self.places.setdefault(key, len(self.places))
        if isinstance(result, ModelType):
            self.model_keys.setdefault(result, []).append((place, key))
        self.by_location[key] = result

    def _schema_name_of(self, model: ModelType) -> str:
        """The last part of the pointer of the first place (in ``by_location``'s order) typed as ``model``."""
        places = sorted(p for p in self.model_keys.get(model, ()) if self.by_location[p[1]] == model)
        return places[0][1][1].rsplit("/", 1)[-1] if places else model.name

    # -- enums ---------------------------------------------------------------------------------

    def _enum(self, node: Schema, hint: str, types: list[str]) -> TypeRef:
        raw = node.get("enum", node.get(_EXTENSIBLE))  # x-extensible-enum: known values of any string
        if not isinstance(raw, list):
            self.problems.warn(node.location.child("enum"), "enum must be a list: ignored")
            return self._core_type(node, hint, types, enum=False)
        values = [v for v in raw if v is not None]
        nullable = len(values) != len(raw)
        if not values:
            self.problems.warn(node.location.child("enum"), "empty enum: any value of the declared type")
            base = self._core_type(node, hint, types, enum=False)
            return NullableType(base) if nullable else base
        if all(isinstance(v, str) for v in values):
            kind: Literal["str", "int"] = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = "int"
        else:
            # Mixed or boolean/float enums: keep the plain type; the values stay in the docs.
            base = self._core_type(node, hint, types, enum=False)
            return NullableType(base) if nullable else base
        enum_type = EnumType(*self._new_named(hint, node), kind)
        self.enums[enum_type.name] = Enum(
            enum_type.name,
            enum_type.module,
            docstring(node.get("description") or node.get("title") or enum_type.name, "    "),
            kind,
            self._members(values, node),
            node.location,
        )
        return NullableType(enum_type) if nullable else enum_type

    def _members(self, values: list[Any], node: Schema) -> tuple[EnumMember, ...]:
        """One member per distinct value, named as a constant; a repeated value is reported."""
        distinct: dict[object, None] = {}
        for value in values:
            if value in distinct:
                self.problems.warn(node.location.child("enum"), f"duplicate enum value {value!r}: listed once")
            distinct.setdefault(value)
        return _named_members(tuple(distinct))

    # -- models --------------------------------------------------------------------------------

    def _named_model(self, node: Schema, hint: str) -> TypeRef:
        key = (str(node.location.file), node.location.pointer)
        building = self.by_location.get(key)
        if key in self.building and isinstance(building, ModelType):
            return building  # an inline schema inside itself (through allOf and $ref): the model it is part of
        model_type = ModelType(*self._new_named(hint, node))
        # Register before building fields so recursive references find it.
        self._located(key, model_type, keep=True)
        if self.depth > _DEFER_DEPTH:  # a long chain of models: built later, so the stack stays short
            self.pending.append((model_type, node))
        else:
            self.models[model_type.name] = self._build_tracked(model_type, node)
        return model_type

    def _build_tracked(self, model_type: ModelType, node: Schema) -> Model:
        key = (str(node.location.file), node.location.pointer)
        fresh = key not in self.building
        self.building.add(key)
        try:
            return build_model(self, model_type, node)
        finally:
            if fresh:
                self.building.discard(key)


@functools.lru_cache(maxsize=1 << 12)
def _named_members(values: tuple[Any, ...]) -> tuple[EnumMember, ...]:
    """The members of an enum of distinct ``values`` (all text or all integers), named as constants:
    cached (bounded), as specs repeat their enums (Stripe's ``status`` lists, say)."""
    member_names = Namer(reserved=frozenset({"mro", "name", "value"}))
    return tuple(EnumMember(member_names.take(constant_name(value)), repr(value)) for value in values)


def _literal_type(value: object) -> TypeRef:
    """The type of ``const``: ``Literal[value]`` for text, an integer or a boolean; else the value's type."""
    if isinstance(value, str | int):  # bool is an int
        return LiteralType(value)
    if isinstance(value, float):
        return PrimitiveType("float")
    if value is None:
        return NullableType(AnyType())
    return AnyType()
