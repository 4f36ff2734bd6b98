"""Schemas to type references: primitives, lists, maps, unions, enums, and the named models.

Named schemas (components, files) become models and enums once, memoized by where
they live, so recursive schemas terminate; inline object and enum schemas are named
after where they appear (``CustomerBillingAddress`` for ``Customer.billing_address``).
The fields of a model are built by :mod:`.models`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from ..ir import (
    AnyType,
    Discriminator,
    Enum,
    EnumMember,
    EnumType,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeRef,
    UnionType,
)
from ..load import Spec, split_ref
from ..names import Namer, class_name, constant_name, docstring, module_name
from ..problems import Level, Location, Problem, Problems, SpecError
from ..reserved import CLASS_NAMES, report_rename
from .models import build_model

__all__ = ["Schemas"]

_STRING_FORMATS: dict[str, Literal["date", "datetime", "uuid", "bytes"]] = {
    "date": "date",
    "date-time": "datetime",
    "uuid": "uuid",
    "binary": "bytes",
}
_SIMPLE_TYPES: dict[str, TypeRef] = {
    "integer": PrimitiveType("int"),
    "number": PrimitiveType("float"),
    "boolean": PrimitiveType("bool"),
    "string": PrimitiveType("str"),
}

_DEFER_DEPTH = 24
"""Models met this many ``type_of`` calls deep are built after the outermost call, not inside it."""
_MAX_TYPE_DEPTH = 100
"""Deeper than this (array in array through ``$ref``, say) a schema is any value, with a warning."""

_Key = tuple[str, str]
"""Where a schema lives: its file and JSON pointer."""


class Schemas:
    """Turns schemas into type references, collecting models and enums on the way."""

    def __init__(self, spec: Spec, problems: Problems, client_classes: frozenset[str]) -> None:
        self.spec = spec
        self.problems = problems
        self.class_names = Namer(owned=CLASS_NAMES | client_classes)
        self.modules = Namer(taken={"__init__"})
        self.by_location: dict[_Key, TypeRef] = {}
        self.in_progress: set[_Key] = set()
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.order: list[str] = []
        self.depth = 0
        """How many ``type_of`` calls are open: schemas reached through ``$ref`` nest without a bound."""
        self.building: set[_Key] = set()
        """Where the models being built (further up the stack) live."""
        self.pending: list[tuple[ModelType, dict[str, Any], Location]] = []
        """Models met deeper than _DEFER_DEPTH, built once the outermost ``type_of`` returns."""

    # -- naming --------------------------------------------------------------------------------

    def _new_named(self, hint: str, location: Location) -> tuple[str, str]:
        """The class name and module of a new model or enum, named after ``hint``."""
        wanted = class_name(hint)
        name = self.class_names.take(wanted)
        report_rename(self.class_names, wanted, name, "class", self.problems, location)
        module = self.modules.take(module_name(name))
        self.order.append(name)
        return name, module

    # -- resolution ----------------------------------------------------------------------------

    def deref(self, schema: Any, location: Location) -> tuple[Any, Location, str | None]:
        """Follow ``$ref`` chains; returns the schema, where it lives, and its name if named."""
        name = None
        seen: set[_Key] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            try:
                location, schema = self.spec.resolve(location, ref)
            except SpecError as exc:  # a dangling schema $ref: sloppy but common; the rest still generates
                self.problems.extend(
                    Problem(Level.WARNING, p.location, f"{p.message}: any value") for p in exc.problems
                )
                return {}, location, None
            key = (str(location.file), location.pointer)
            if key in seen:
                self.problems.warn(location, f"$ref cycle through {ref!r}: treated as any value")
                return {}, location, None
            seen.add(key)
            file_part, pointer = split_ref(ref)
            name = (
                pointer.rsplit("/", 1)[-1] if pointer else re.sub(r"\.(ya?ml|json)$", "", file_part.rsplit("/", 1)[-1])
            )
        return schema, location, name

    # -- schema -> type ------------------------------------------------------------------------

    def type_of(self, schema: Any, location: Location, hint: str) -> TypeRef:
        """The type of ``schema``; every model it needs is built when the outermost call returns."""
        if self.depth >= _MAX_TYPE_DEPTH:
            self.problems.warn(location, f"schema nested more than {_MAX_TYPE_DEPTH} deep (through $ref): any value")
            return AnyType()
        self.depth += 1
        try:
            result = self._type_of_ref(schema, location, hint)
        finally:
            self.depth -= 1
        if self.depth == 0:
            self._build_pending()
        return result

    def _build_pending(self) -> None:
        """Build the models deferred for depth, and those their fields defer in turn."""
        while self.pending:
            model_type, model_schema, model_location = self.pending.pop(0)
            self.depth += 1
            try:
                self.models[model_type.name] = self._build_tracked(model_type, model_schema, model_location)
            finally:
                self.depth -= 1

    def _type_of_ref(self, schema: Any, location: Location, hint: str) -> TypeRef:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            target, target_location, name = self.deref(schema, location)
            key = (str(target_location.file), target_location.pointer)
            known = self.by_location.get(key)
            if known is not None:
                return known
            if key in self.in_progress:
                self.problems.warn(target_location, "schema refers to itself without an object in between: any value")
                return AnyType()
            self.in_progress.add(key)
            try:
                result = self._type_of(target, target_location, name or hint)
            finally:
                self.in_progress.discard(key)
            self.by_location[key] = result
            return result
        return self._type_of(schema, location, hint)

    def _type_of(self, schema: Any, location: Location, hint: str) -> TypeRef:
        if schema is True or schema is None:
            return AnyType()
        if schema is False:
            self.problems.warn(location, "schema `false` allows nothing: treated as any value")
            return AnyType()
        if not isinstance(schema, dict):
            self.problems.warn(location, f"a schema must be an object, not {type(schema).__name__}: any value")
            return AnyType()

        nullable = schema.get("nullable") is True
        raw_type = schema.get("type")
        types: list[str] = []
        if isinstance(raw_type, str):
            types = [raw_type]
        elif isinstance(raw_type, list):
            types = [t for t in raw_type if isinstance(t, str)]
        if "null" in types:
            nullable = True
            types = [t for t in types if t != "null"]
        if raw_type == "null" or (isinstance(raw_type, list) and raw_type == ["null"]):
            return NullableType(AnyType())

        result = self._core_type(schema, location, hint, types)
        if isinstance(result, NullableType):
            return result
        return NullableType(result) if nullable else result

    def _core_type(self, schema: dict[str, Any], location: Location, hint: str, types: list[str]) -> TypeRef:
        for combinator in ("oneOf", "anyOf"):
            variants = schema.get(combinator)
            if isinstance(variants, list) and variants and not schema.get("properties"):
                return self._union(schema, variants, location.child(combinator), hint)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            if len(all_of) == 1 and not schema.get("properties") and not schema.get("required"):
                return self.type_of(all_of[0], location.child("allOf", 0), hint)
            return self._named_model(schema, location, hint)
        if "enum" in schema:
            return self._enum(schema, location, hint, types)
        if "const" in schema:
            return _literal_type(schema["const"])
        if types == ["object"] or (not types and ("properties" in schema or "additionalProperties" in schema)):
            return self._object(schema, location, hint)
        if types == ["array"] or (not types and "items" in schema):
            items = schema.get("items", {})
            if isinstance(items, list):  # tuple validation (3.0 style): a list of any
                return ListType(AnyType())
            return ListType(self.type_of(items, location.child("items"), hint + "Item"))
        if types == ["string"]:
            fmt = schema.get("format")
            if isinstance(fmt, str) and fmt in _STRING_FORMATS:
                return PrimitiveType(_STRING_FORMATS[fmt])
            return PrimitiveType("str")
        if len(types) == 1 and types[0] in _SIMPLE_TYPES:
            return _SIMPLE_TYPES[types[0]]
        if len(types) > 1:
            parts = [self._type_of({**schema, "type": t}, location, hint) for t in types]
            return UnionType(tuple(parts))
        if types:
            self.problems.warn(location.child("type"), f"unknown type {types[0]!r}: any value")
        return AnyType()

    def _object(self, schema: dict[str, Any], location: Location, hint: str) -> TypeRef:
        """An object schema: a model when it has properties (or a discriminator), else a map."""
        if schema.get("properties") or schema.get("discriminator"):
            return self._named_model(schema, location, hint)
        extra = schema.get("additionalProperties", True)
        if extra is True or extra == {} or extra is None or extra is False:
            return MapType(AnyType())
        return MapType(self.type_of(extra, location.child("additionalProperties"), hint + "Value"))

    def _without_enum(self, schema: dict[str, Any], location: Location, hint: str, types: list[str]) -> TypeRef:
        """The type of an enum schema as if it had no ``enum``: the plain type of its values."""
        return self._core_type({k: v for k, v in schema.items() if k != "enum"}, location, hint, types)

    # -- unions --------------------------------------------------------------------------------

    def _union(self, schema: dict[str, Any], variants: list[Any], location: Location, hint: str) -> TypeRef:
        parts: list[TypeRef] = []
        nullable = False
        for index, variant in enumerate(variants):
            if isinstance(variant, dict) and (variant.get("type") == "null" or variant.get("enum") == [None]):
                nullable = True
                continue
            part = self.type_of(variant, location.child(index), f"{hint}{index + 1}" if len(variants) > 1 else hint)
            if isinstance(part, NullableType):
                nullable = True
                part = part.inner
            if part not in parts:
                parts.append(part)
        if not parts:
            return NullableType(AnyType())
        if any(isinstance(p, AnyType) for p in parts):
            result: TypeRef = AnyType()
        elif len(parts) == 1:
            result = parts[0]
        else:
            result = UnionType(tuple(parts), self._discriminator(schema, parts, location))
        return NullableType(result) if nullable else result

    def _discriminator(self, schema: dict[str, Any], parts: list[TypeRef], location: Location) -> Discriminator | None:
        spec = schema.get("discriminator")
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
                target = self.type_of({"$ref": target_ref}, location.child("discriminator", "mapping", str(value)), ref)
                if isinstance(target, ModelType):
                    mapping.append((repr(str(value)), target))
        mapped = {m.name for _, m in mapping}
        for model in models:
            if model.name not in mapped:
                wire = self._schema_name_of(model)
                mapping.append((repr(wire), model))
        return Discriminator(prop, repr(prop), tuple(mapping))

    def _schema_name_of(self, model: ModelType) -> str:
        for (_, pointer), known in self.by_location.items():
            if known == model:
                return pointer.rsplit("/", 1)[-1]
        return model.name

    # -- enums ---------------------------------------------------------------------------------

    def _enum(self, schema: dict[str, Any], location: Location, hint: str, types: list[str]) -> TypeRef:
        raw = schema.get("enum")
        if not isinstance(raw, list):
            self.problems.warn(location.child("enum"), "enum must be a list: ignored")
            return self._without_enum(schema, location, hint, types)
        values = [v for v in raw if v is not None]
        nullable = len(values) != len(raw)
        if not values:
            self.problems.warn(location.child("enum"), "empty enum: any value of the declared type")
            base = self._without_enum(schema, location, hint, types)
            return NullableType(base) if nullable else base
        if all(isinstance(v, str) for v in values):
            kind: Literal["str", "int"] = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = "int"
        else:
            # Mixed or boolean/float enums: keep the plain type; the values stay in the docs.
            base = self._without_enum(schema, location, hint, types)
            return NullableType(base) if nullable else base
        enum_type = EnumType(*self._new_named(hint, location), kind)
        self.enums[enum_type.name] = Enum(
            enum_type.name,
            enum_type.module,
            docstring(schema.get("description") or schema.get("title") or enum_type.name, "    "),
            kind,
            self._members(values, location),
            location,
        )
        return NullableType(enum_type) if nullable else enum_type

    def _members(self, values: list[Any], location: Location) -> tuple[EnumMember, ...]:
        """One member per distinct value, named as a constant; a repeated value is reported."""
        members: list[EnumMember] = []
        member_names = Namer(reserved=frozenset({"mro", "name", "value"}))
        seen_values: set[object] = set()
        for value in values:
            if value in seen_values:
                self.problems.warn(location.child("enum"), f"duplicate enum value {value!r}: listed once")
                continue
            seen_values.add(value)
            member = member_names.take(constant_name(value))
            members.append(EnumMember(member, repr(value)))
        return tuple(members)

    # -- models --------------------------------------------------------------------------------

    def _named_model(self, schema: dict[str, Any], location: Location, hint: str) -> TypeRef:
        key = (str(location.file), location.pointer)
        building = self.by_location.get(key)
        if key in self.building and isinstance(building, ModelType):
            return building  # an inline schema inside itself (through allOf and $ref): the model it is part of
        model_type = ModelType(*self._new_named(hint, location))
        # Register before building fields so recursive references find it.
        self.by_location.setdefault(key, model_type)
        if self.depth > _DEFER_DEPTH:  # a long chain of models: built later, so the stack stays short
            self.pending.append((model_type, schema, location))
        else:
            self.models[model_type.name] = self._build_tracked(model_type, schema, location)
        return model_type

    def _build_tracked(self, model_type: ModelType, schema: dict[str, Any], location: Location) -> Model:
        key = (str(location.file), location.pointer)
        fresh = key not in self.building
        self.building.add(key)
        try:
            return build_model(self, model_type, schema, location)
        finally:
            if fresh:
                self.building.discard(key)


def _literal_type(value: object) -> TypeRef:
    if isinstance(value, bool):
        return PrimitiveType("bool")
    if isinstance(value, int):
        return PrimitiveType("int")
    if isinstance(value, float):
        return PrimitiveType("float")
    if isinstance(value, str):
        return PrimitiveType("str")
    if value is None:
        return NullableType(AnyType())
    return AnyType()
