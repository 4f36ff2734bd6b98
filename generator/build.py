"""Stage 3, build the IR: a normalized spec becomes an :class:`~generator.ir.Api`.

Schemas become type references (:mod:`generator.types` turns those into
source).  Named schemas (components, files) become models and enums once,
memoized by where they live, so recursive schemas terminate; inline object
and enum schemas are named after where they appear (``CustomerBillingAddress``
for ``Customer.billing_address``).  Operations are grouped into resources by
their first tag.

Problems that drop or guess something are warnings; nothing is dropped
without one.
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal, cast

import attrs

from . import types as T
from .config import ClientConfig
from .imports import import_block
from .ir import (
    AnyType,
    Api,
    Credential,
    Discriminator,
    Enum,
    EnumMember,
    EnumType,
    Environment,
    Field,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    Operation,
    Parameter,
    PrimitiveType,
    RequestBody,
    Resource,
    Response,
    SecurityScheme,
    TypeRef,
    UnionType,
)
from .limits import integer_digits
from .load import Spec, split_ref
from .names import Namer, class_name, constant_name, docstring, markdown_code, module_name, snake_name
from .normalize import HTTP_METHODS
from .pagination import paginate
from .problems import Level, Location, Problem, Problems, SpecError
from .reserved import CLASS_NAMES, qualify_builtins, report_rename

__all__ = ["build"]

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


@attrs.define
class _Pending:
    """A model or enum whose class is named but not yet built."""

    location: Location
    schema: dict[str, Any]
    type: ModelType | EnumType


_DEFER_DEPTH = 24
"""Models met this many ``type_of`` calls deep are built after the outermost call, not inside it."""
_MAX_TYPE_DEPTH = 100
"""Deeper than this (array in array through ``$ref``, say) a schema is any value, with a warning."""


class _Schemas:
    """Turns schemas into type references, collecting models and enums on the way."""

    def __init__(self, spec: Spec, problems: Problems, client_classes: frozenset[str] = frozenset()) -> None:
        self.spec = spec
        self.problems = problems
        self.class_names = Namer(owned=CLASS_NAMES | client_classes)
        self.modules = Namer(taken={"__init__"})
        self.by_location: dict[tuple[str, str], TypeRef] = {}
        self.in_progress: set[tuple[str, str]] = set()
        self.models: dict[str, Model] = {}
        self.enums: dict[str, Enum] = {}
        self.order: list[str] = []
        self.depth = 0
        """How many ``type_of`` calls are open: schemas reached through ``$ref`` nest without a bound."""
        self.building: set[tuple[str, str]] = set()
        """Where the models being built (further up the stack) live."""
        self.pending: list[tuple[ModelType, dict[str, Any], Location]] = []
        """Models met deeper than _DEFER_DEPTH, built once the outermost ``type_of`` returns."""

    # -- naming --------------------------------------------------------------------------------

    def _new_named(self, hint: str, kind: Literal["model", "enum"], location: Location) -> ModelType | EnumType:
        wanted = class_name(hint)
        name = self.class_names.take(wanted)
        report_rename(self.class_names, wanted, name, "class", self.problems, location)
        module = self.modules.take(module_name(name))
        self.order.append(name)
        return ModelType(name, module) if kind == "model" else EnumType(name, module)

    # -- resolution ----------------------------------------------------------------------------

    def deref(self, schema: Any, location: Location) -> tuple[Any, Location, str | None]:
        """Follow ``$ref`` chains; returns the schema, where it lives, and its name if named."""
        name = None
        seen: set[tuple[str, str]] = set()
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
            while self.pending:
                model_type, model_schema, model_location = self.pending.pop(0)
                self.depth += 1
                try:
                    self.models[model_type.name] = self._build_tracked(model_type, model_schema, model_location)
                finally:
                    self.depth -= 1
        return result

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
                result = self._type_of(target, target_location, name or hint, named=True)
            finally:
                self.in_progress.discard(key)
            self.by_location[key] = result
            return result
        return self._type_of(schema, location, hint, named=False)

    def _type_of(self, schema: Any, location: Location, hint: str, *, named: bool) -> TypeRef:
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

        result = self._core_type(schema, location, hint, types, named=named)
        if isinstance(result, NullableType):
            return result
        return NullableType(result) if nullable else result

    def _core_type(
        self, schema: dict[str, Any], location: Location, hint: str, types: list[str], *, named: bool
    ) -> TypeRef:
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
            if schema.get("properties") or schema.get("discriminator"):
                return self._named_model(schema, location, hint)
            extra = schema.get("additionalProperties", True)
            if extra is True or extra == {} or extra is None:
                return MapType(AnyType())
            if extra is False:
                return MapType(AnyType())
            return MapType(self.type_of(extra, location.child("additionalProperties"), hint + "Value"))
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
            parts = [self._type_of({**schema, "type": t}, location, hint, named=False) for t in types]
            return UnionType(tuple(parts))
        if types:
            self.problems.warn(location.child("type"), f"unknown type {types[0]!r}: any value")
        return AnyType()

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
            return self._core_type({k: v for k, v in schema.items() if k != "enum"}, location, hint, types, named=False)
        values = [v for v in raw if v is not None]
        nullable = len(values) != len(raw)
        if not values:
            self.problems.warn(location.child("enum"), "empty enum: any value of the declared type")
            base = self._core_type({k: v for k, v in schema.items() if k != "enum"}, location, hint, types, named=False)
            return NullableType(base) if nullable else base
        if all(isinstance(v, str) for v in values):
            kind: Literal["str", "int"] = "str"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            kind = "int"
        else:
            # Mixed or boolean/float enums: keep the plain type; the values stay in the docs.
            base = self._core_type({k: v for k, v in schema.items() if k != "enum"}, location, hint, types, named=False)
            return NullableType(base) if nullable else base
        named = self._new_named(hint, "enum", location)
        enum_type = EnumType(named.name, named.module, kind)
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
        self.enums[enum_type.name] = Enum(
            enum_type.name,
            enum_type.module,
            docstring(schema.get("description") or schema.get("title") or enum_type.name, "    "),
            kind,
            tuple(members),
            location,
        )
        return NullableType(enum_type) if nullable else enum_type

    # -- models --------------------------------------------------------------------------------

    def _named_model(self, schema: dict[str, Any], location: Location, hint: str) -> TypeRef:
        key = (str(location.file), location.pointer)
        building = self.by_location.get(key)
        if key in self.building and isinstance(building, ModelType):
            return building  # an inline schema inside itself (through allOf and $ref): the model it is part of
        model_type = self._new_named(hint, "model", location)
        assert isinstance(model_type, ModelType)
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
            return self._build_model(model_type, schema, location)
        finally:
            if fresh:
                self.building.discard(key)

    def _collect(
        self, schema: dict[str, Any], location: Location, depth: int = 0
    ) -> Iterator[tuple[str, Any, Location, bool]]:
        """(property name, schema, location, required) over the schema and its allOf parts."""
        if depth > 32:
            self.problems.warn(location, "allOf nested more than 32 deep: stopped there")
            return
        required = (
            set(r for r in schema.get("required", []) if isinstance(r, str))
            if isinstance(schema.get("required"), list)
            else set()
        )
        all_of = schema.get("allOf")
        if isinstance(all_of, list):
            for index, part in enumerate(all_of):
                target, target_location, _ = self.deref(part, location.child("allOf", index))
                if isinstance(target, dict):
                    for name, prop, where, req in self._collect(target, target_location, depth + 1):
                        yield name, prop, where, req or name in required
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                yield str(name), prop, location.child("properties", str(name)), name in required
        elif props is not None:
            self.problems.warn(location.child("properties"), "properties must be an object: ignored")
        # Required names with no schema anywhere are still fields, of any type.
        for name in sorted(required - set(props or {})):
            yield name, {}, location.child("required"), True

    def _additional(self, schema: dict[str, Any], location: Location, hint: str) -> TypeRef | None:
        all_of = schema.get("allOf")
        extra = schema.get("additionalProperties")
        if extra is None and isinstance(all_of, list):
            for index, part in enumerate(all_of):
                target, target_location, _ = self.deref(part, location.child("allOf", index))
                if isinstance(target, dict) and isinstance(target.get("additionalProperties"), dict):
                    extra, location = target["additionalProperties"], target_location.child("additionalProperties")
                    return self.type_of(extra, location, hint + "Value") if extra else None
        if isinstance(extra, dict) and extra:
            return self.type_of(extra, location.child("additionalProperties"), hint + "Value")
        return None

    def _build_model(self, model_type: ModelType, schema: dict[str, Any], location: Location) -> Model:
        seen: dict[str, tuple[Any, Location, bool]] = {}
        for name, prop, where, required in self._collect(schema, location):
            if name in seen:
                old = seen[name]
                seen[name] = (prop if prop else old[0], where if prop else old[1], required or old[2])
            else:
                seen[name] = (prop, where, required)
        namer = Namer.for_fields()
        fields: list[Field] = []
        for wire, (prop, where, required) in seen.items():
            target, _, _ = self.deref(prop, where) if isinstance(prop, dict) else (prop, where, None)
            field_type = self.type_of(prop, where, model_type.name + class_name(wire, "Field"))
            if isinstance(target, dict) and target.get("nullable") is True and not isinstance(field_type, NullableType):
                field_type = NullableType(field_type)
            wanted = snake_name(wire, "field")
            name = namer.take(wanted)
            report_rename(namer, wanted, name, "field", self.problems, where)
            fields.append(self._field(name, wire, field_type, required, prop, target, where))
        fields.sort(key=lambda f: not f.required)
        additional = self._additional(schema, location, model_type.name)
        additional_type: TypeRef = additional if additional is not None else AnyType()
        additional_ann = T.annotation(additional_type)
        additional_dec = T.decode(MapType(additional_type), "_d")
        additional_enc = T.encode(MapType(additional_type), "self.additional_properties")
        needs = frozenset({("typing", "Any")}) | additional_ann.needs | additional_dec.needs | additional_enc.needs
        decode_needs = additional_dec.needs
        for f in fields:
            field_decode = T.decode(f.type, "_v").needs
            needs |= T.annotation(f.type).needs | field_decode | T.encode(f.type, "_v").needs
            decode_needs |= field_decode
        optional = any(not f.required for f in fields)
        imports, checking, lazy, lazy_names = _model_imports(needs, decode_needs, model_type.name, optional)
        known = ", ".join(f.wire_name_repr for f in fields)
        return Model(
            model_type.name,
            model_type.module,
            docstring(schema.get("description") or schema.get("title") or model_type.name, "    "),
            tuple(fields),
            additional,
            additional_ann.expr,
            additional_dec.expr,
            additional_enc.expr,
            f"frozenset({{{known}}})" if known else "frozenset()",
            imports,
            checking,
            lazy,
            _global_statements(["_resolved", *lazy_names]) if lazy else (),
            location,
        )

    def _field(
        self, name: str, wire: str, field_type: TypeRef, required: bool, prop: Any, target: Any, where: Location
    ) -> Field:
        ann = T.annotation(field_type)
        wire_repr = repr(wire)
        dec = T.decode(field_type, f"data[{wire_repr}]")
        if required:
            decode = dec.expr
        elif dec.identity:
            decode = f"data.get({wire_repr}, UNSET)"
        else:  # `in` first: most optional properties are absent, and then it is all that runs
            decode = f"UNSET if {wire_repr} not in data else {dec.expr}"
        enc = T.encode(field_type, f"self.{name}")
        described = prop if isinstance(prop, dict) and prop.get("description") else target
        doc = described.get("description", "") if isinstance(described, dict) else ""
        return Field(
            name=name,
            wire_name=wire,
            type=field_type,
            required=required,
            annotation=ann.expr if required else f"{ann.expr} | Unset",
            decode=decode,
            encode=enc.expr,
            doc=docstring(doc, "    "),
            default_repr=None,
            location=where,
        )


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


def _model_imports(
    needs: frozenset[T.Need], decode_needs: frozenset[T.Need], own: str, optional_fields: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The lines of the module's import block, of the block only type checkers need and of the
    block ``_resolve()`` runs, and the names that one binds; each block sorted and exact, as
    ``ruff check --select I,F401`` would leave it (so render needs no such pass over models).

    Other models are never imported when a model module loads: the annotations are
    strings, and ``from_dict`` imports what it calls on its first run.  Importing the
    models at the top (or the bottom) of each module imported the whole graph of
    references at once, and a long enough chain of models past the recursion limit.
    """
    statements: list[tuple[str, list[str]]] = [
        ("__future__", ["annotations"]),
        ("collections.abc", ["Mapping"]),
        ("typing", ["Any"]),
        ("attrs", []),
    ]
    for kind, what in needs:
        if kind == "stdlib":
            statements.append((what, []))
        elif kind == "typing":
            statements.append(("typing", [what]))
        elif kind == "runtime":
            statements.append((".._models", [what]))
    checking = [(f".{module}", [name]) for name, module in _named_types(needs) if name != own]
    if optional_fields:  # ``= UNSET`` defaults, ``| Unset`` annotations
        statements.append((".._types", ["UNSET", "Unset"]))
    if checking:
        statements.append(("typing", ["TYPE_CHECKING"]))
    lazy = [(f".{module}", [name]) for name, module in _named_types(decode_needs) if name != own]
    return (
        tuple(import_block(statements).split("\n")),
        tuple(import_block(checking, "    ").split("\n")) if checking else (),
        tuple(import_block(lazy, "    ").split("\n")) if lazy else (),
        tuple(sorted({names[0] for _, names in lazy})),
    )


def _named_types(needs: Iterable[T.Need]) -> list[tuple[str, str]]:
    """(name, module) of the models and enums among ``needs``."""
    found: list[tuple[str, str]] = []
    for kind, what in needs:
        if kind in ("model", "enum"):
            name, module = what.split(":")
            found.append((name, module))
    return found


def _global_statements(names: list[str], width: int = 92) -> tuple[str, ...]:
    """``global a, b, ...`` statements declaring ``names``, each at most ``width`` long when the names allow."""
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + len(name) + 2 <= width:
            lines[-1] += f", {name}"
        else:
            lines.append(f"global {name}")
    return tuple(lines)


# --- operations ------------------------------------------------------------------------------

_BODY_PREFERENCE = (
    ("application/json", "json"),
    ("multipart/form-data", "multipart"),
    ("application/x-www-form-urlencoded", "form"),
    ("text/plain", "text"),
    ("application/octet-stream", "binary"),
)


def _body_kind(content_type: str) -> Literal["json", "form", "multipart", "binary", "text"]:
    lowered = content_type.lower().split(";")[0].strip()
    if lowered == "application/json" or lowered.endswith("+json") or lowered == "*/*":
        return "json"
    for known, kind in _BODY_PREFERENCE:
        if lowered == known:
            return cast(Literal["json", "form", "multipart", "binary", "text"], kind)
    if lowered.startswith("text/"):
        return "text"
    return "binary"


def _pick_content(content: Any) -> tuple[str, Any] | None:
    if not isinstance(content, dict) or not content:
        return None
    ranked = sorted(
        content.items(),
        key=lambda item: ["json", "multipart", "form", "text", "binary"].index(_body_kind(str(item[0]))),
    )
    content_type, media = ranked[0]
    return str(content_type), media if isinstance(media, dict) else {}


class _Operations:
    def __init__(self, spec: Spec, schemas: _Schemas, problems: Problems, config: ClientConfig) -> None:
        self.spec = spec
        self.schemas = schemas
        self.problems = problems
        self.config = config

    def deref(self, node: Any, location: Location) -> tuple[Any, Location]:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            location, node = self.spec.resolve(location, node["$ref"])
            seen += 1
        return node, location

    def build(
        self, path: str, method: str, operation: dict[str, Any], item: dict[str, Any], location: Location, name: str
    ) -> Operation:
        hint = class_name(name)
        namer = Namer.for_params()
        parameters = self._parameters(item, operation, location)
        path_names = re.findall(r"{([^}/]+)}", path)
        by_name = {(p["in"], p["name"]): (p, where) for p, where in parameters}
        path_params: list[Parameter] = []
        for wire in path_names:
            found = by_name.get(("path", wire))
            if found is None:
                self.problems.warn(location, f"path parameter {wire!r} is not declared: taken as a string")
                found = ({"name": wire, "in": "path", "required": True, "schema": {"type": "string"}}, location)
            elif found[0].get("required") is not True:
                self.problems.warn(found[1], f"path parameter {wire!r} is not marked required: it always is")
            path_params.append(self._parameter(found[0], found[1], namer, hint, required=True))
        other: list[Parameter] = []
        for param, where in parameters:
            if param["in"] == "path":
                if param["name"] not in path_names:
                    self.problems.warn(where, f"path parameter {param['name']!r} does not appear in {path!r}: ignored")
                continue
            other.append(self._parameter(param, where, namer, hint, required=param.get("required") is True))
        other.sort(key=lambda p: not p.required)
        body = self._body(operation, location, namer, hint)
        success, errors = self._responses(operation, location, hint)
        security = operation.get("security")
        security_repr = "None"
        if isinstance(security, list):
            alternatives = tuple(
                tuple(str(k) for k in requirement) for requirement in security if isinstance(requirement, dict)
            )
            security_repr = repr(alternatives)
        idempotency = None
        if body is not None and body.flatten:
            for p in body.flattened:
                if any(p.wire_name_repr == repr(f) for f in self.config.idempotency_fields):
                    idempotency = p.name
        for p in other:
            if p.location == "header" and any(
                p.wire_name_repr.lower() == repr(h).lower() for h in self.config.idempotency_headers
            ):
                idempotency = p.name
        path_args = ", ".join(
            f"{wire}={p.name}"
            if wire.isidentifier() and not keyword.iskeyword(wire)
            else f"**{{{p.wire_name_repr}: {p.name}}}"
            for wire, p in zip(path_names, path_params, strict=True)
        )
        path_call = f"path_template({path!r}{', ' if path_args else ''}{path_args})"
        args_doc = []
        for p in (*path_params, *other):
            args_doc.append(f"{p.name}: {_one_line(p.doc)}" if p.doc else f"{p.name}: ({p.location} parameter)")
        for p in body.flattened if body else ():
            args_doc.append(f"{p.name}: {_one_line(p.doc)}" if p.doc else f"{p.name}: (request body field)")
        if body is not None and not body.flatten:
            args_doc.append(f"{body.body_param}: {_one_line(body.doc)}")
        forward = [p.name for p in path_params]
        forward += [f"{p.name}={p.name}" for p in (*other, *(body.flattened if body else ()))]
        if body is not None and not body.flatten:
            forward.append(f"{body.body_param}={body.body_param}")
        forward += [f"{name}={name}" for name in _CALL_OPTIONS]
        summary = operation.get("summary") if isinstance(operation.get("summary"), str) else ""
        description = operation.get("description") if isinstance(operation.get("description"), str) else ""
        doc_parts = [summary or "", description if description != summary else ""]
        return Operation(
            name=name,
            method=method.upper(),
            method_repr=repr(method.upper()),
            path_repr=repr(path),
            path=path,
            summary=docstring(summary or f"{method.upper()} {path}", "        "),
            doc=docstring("\n\n".join(p for p in doc_parts if p) or f"{method.upper()} {path}", "        "),
            deprecated=operation.get("deprecated") is True,
            path_params=tuple(path_params),
            params=tuple(other),
            body=body,
            success=success,
            errors=errors,
            return_annotation=success.annotation,
            security_repr=security_repr,
            idempotency_field=idempotency,
            pagination=None,
            location=location,
            path_doc=docstring(path),
            path_call=path_call,
            args_doc=tuple(args_doc),
            runtime_imports=_runtime_imports(success, *errors),
            body_prelude=_body_code(body)[0],
            body_args=_body_code(body)[1],
            has_query=any(p.location == "query" for p in other),
            has_headers=any(p.location == "header" for p in other),
            has_cookies=any(p.location == "cookie" for p in other),
            signature_md=markdown_code(
                ", ".join(
                    [
                        *(p.name for p in path_params),
                        *(f"{p.name}=..." for p in other if p.required),
                        *(f"{p.name}=..." for p in (body.flattened if body else ()) if p.required),
                    ]
                )
            ),
            path_md=markdown_code(path),
            return_md=markdown_code(success.annotation),
            forward_args=tuple(forward),
        )

    def _parameters(
        self, item: dict[str, Any], operation: dict[str, Any], location: Location
    ) -> list[tuple[dict[str, Any], Location]]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], Location]] = {}
        sources = (
            (item.get("parameters"), Location(location.file, location.pointer.rsplit("/", 1)[0]).child("parameters")),
            (operation.get("parameters"), location.child("parameters")),
        )
        for params, where in sources:
            if params is None:
                continue
            if not isinstance(params, list):
                self.problems.warn(where, "parameters must be a list: ignored")
                continue
            for index, raw in enumerate(params):
                param, param_location = self.deref(raw, where.child(index))
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    self.problems.warn(where.child(index), "parameter without a name: skipped")
                    continue
                if param.get("in") not in ("path", "query", "header", "cookie"):
                    self.problems.warn(
                        param_location.child("in"), f"parameter location {param.get('in')!r} is unknown: skipped"
                    )
                    continue
                merged[(param["in"], param["name"])] = (param, param_location)
        return list(merged.values())

    def _parameter(
        self, param: dict[str, Any], where: Location, namer: Namer, hint: str, *, required: bool
    ) -> Parameter:
        wire = param["name"]
        schema = param.get("schema")
        if isinstance(schema, dict) and "default" in schema:
            _check_default(schema, where.child("schema", "default"), self.problems)
        if schema is None and isinstance(param.get("content"), dict):
            picked = _pick_content(param["content"])
            schema = picked[1].get("schema", {}) if picked else {}
        param_type = self.schemas.type_of(
            schema if schema is not None else {}, where.child("schema"), hint + class_name(wire, "Param")
        )
        location = cast(Literal["path", "query", "header", "cookie"], param["in"])
        style = (
            param.get("style")
            if isinstance(param.get("style"), str)
            else ("simple" if location in ("path", "header") else "form")
        )
        explode = param.get("explode")
        if not isinstance(explode, bool):
            explode = style == "form"
        ann = T.annotation(param_type).expr
        doc = param.get("description") if isinstance(param.get("description"), str) else ""
        return Parameter(
            name=namer.take(snake_name(wire, "param")),
            wire_name=wire,
            location=location,
            type=param_type,
            annotation=ann if required else f"{ann} | Unset",
            required=required,
            default_repr=None if required else "UNSET",
            style_repr=repr(style),
            explode=explode,
            doc=docstring(doc, "            "),
            location_info=where,
            integer_default=_integer_default(schema),
        )

    def _body(self, operation: dict[str, Any], location: Location, namer: Namer, hint: str) -> RequestBody | None:
        raw = operation.get("requestBody")
        if raw is None:
            return None
        body, where = self.deref(raw, location.child("requestBody"))
        if not isinstance(body, dict):
            self.problems.warn(where, "requestBody must be an object: ignored")
            return None
        picked = _pick_content(body.get("content"))
        if picked is None:
            self.problems.warn(where, "requestBody has no content: ignored")
            return None
        content_type, media = picked
        kind = _body_kind(content_type)
        schema_location = where.child("content", content_type, "schema")
        if kind in ("binary", "text") and not media.get("schema"):
            body_type: TypeRef = PrimitiveType("bytes" if kind == "binary" else "str")
        else:
            body_type = self.schemas.type_of(media.get("schema", {}), schema_location, hint + "Body")
        if kind == "binary":
            body_type = PrimitiveType("bytes")
        elif kind == "text":
            body_type = PrimitiveType("str")
        # Only a JSON body can be left out (UNSET sends none); the others are always sent.
        required = body.get("required") is True or kind != "json"
        flattened: list[Parameter] = []
        flatten = False
        model = self.schemas.models.get(body_type.name) if isinstance(body_type, ModelType) else None
        if model is not None and kind in ("json", "form", "multipart") and model.fields:
            trial = namer.copy()
            names = [trial.take(f.name) for f in model.fields]
            if names == [f.name for f in model.fields]:
                flatten = True
                for f in model.fields:
                    is_file = _is_file(f.type)
                    ann = "FileTypes" if is_file else T.annotation(f.type).expr
                    if is_file and isinstance(f.type, ListType):
                        ann = "list[FileTypes]"
                    flattened.append(
                        Parameter(
                            name=namer.take(f.name),
                            wire_name=f.wire_name,
                            location="query",
                            type=f.type,
                            annotation=ann if f.required else f"{ann} | Unset",
                            required=f.required,
                            default_repr=None if f.required else "UNSET",
                            style_repr="'form'",
                            explode=is_file,
                            doc=f.doc.replace("\n    ", "\n            "),
                            location_info=f.location,
                        )
                    )
                flattened.sort(key=lambda p: not p.required)
        ann = T.annotation(body_type).expr
        if kind == "binary":
            ann = "bytes"
        body_param = "" if flatten else namer.take("body")
        doc = body.get("description") if isinstance(body.get("description"), str) else ""
        return RequestBody(
            kind=kind,
            content_type_repr=repr(content_type),
            type=body_type,
            annotation=ann if required else f"{ann} | Unset",
            required=required or flatten,
            flattened=tuple(flattened),
            flatten=flatten,
            body_param=body_param,
            doc=docstring(doc or "The request body.", "            "),
        )

    def _responses(
        self, operation: dict[str, Any], location: Location, hint: str
    ) -> tuple[Response, tuple[Response, ...]]:
        responses = operation.get("responses")
        where = location.child("responses")
        if not isinstance(responses, dict) or not responses:
            self.problems.warn(where, "operation has no responses: returns None")
            responses = {}
        success: Response | None = None
        errors: list[Response] = []
        for status_raw, raw in responses.items():
            status = str(status_raw).upper() if str(status_raw).lower() != "default" else "default"
            response, response_location = self.deref(raw, where.child(str(status_raw)))
            if not isinstance(response, dict):
                self.problems.warn(response_location, "response must be an object: ignored")
                continue
            is_success = status.startswith("2")
            if is_success and success is not None:
                continue
            if not is_success and not (status[:1] in "345" or status == "default"):
                self.problems.warn(response_location, f"status {status_raw!r} is not a status code: ignored")
                continue
            built = self._response(
                status, response, response_location, hint + ("Response" if is_success else f"Error{status}")
            )
            if is_success:
                success = built
            elif status[:1] != "3":
                errors.append(built)
        if success is None:
            success = Response("200", "'200'", None, "None", "to_none", "none", "")
        return success, tuple(errors)

    def _response(self, status: str, response: dict[str, Any], location: Location, hint: str) -> Response:
        picked = _pick_content(response.get("content"))
        doc = docstring(response.get("description", ""), "        ")
        if picked is None:
            return Response(status, repr(status), None, "None", "to_none", "none", doc)
        content_type, media = picked
        kind = _body_kind(content_type)
        if kind == "text":
            text = PrimitiveType("str")
            return Response(status, repr(status), text, "str", T.decoder(text).expr, "text", doc)
        if kind != "json":
            raw = PrimitiveType("bytes")
            return Response(status, repr(status), raw, "bytes", T.decoder(raw).expr, "bytes", doc)
        schema = media.get("schema")
        if schema is None:
            return Response(status, repr(status), AnyType(), "Any", T.decoder(AnyType()).expr, "json", doc)
        response_type = self.schemas.type_of(schema, location.child("content", content_type, "schema"), hint)
        return Response(
            status,
            repr(status),
            response_type,
            T.annotation(response_type).expr,
            T.decoder(response_type).expr,
            "json",
            doc,
        )


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")


def _check_default(schema: dict[str, Any], where: Location, problems: Problems) -> None:
    """A parameter's ``default`` that its own schema refuses is reported (the client never sends it)."""
    default, declared = schema["default"], schema.get("type")
    wanted = _JSON_TYPES.get(declared) if isinstance(declared, str) else None
    if default is None or wanted is None:
        return
    if not isinstance(default, wanted) or (isinstance(default, bool) and declared in ("integer", "number")):
        problems.warn(where, f"default {_shown(default)} is not of type {declared}: ignored")
    elif schema.get("format") == "uuid" and isinstance(default, str) and not _UUID.fullmatch(default):
        problems.warn(where, f"default {_shown(default)} is not a uuid: ignored")


def _shown(value: object, width: int = 60) -> str:
    """``value`` for a message: its repr, cut to ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 3]}..."


def _integer_default(schema: Any) -> int | None:
    """``default``, else ``minimum``, of a parameter schema when it is an integer (or integer text)."""
    if not isinstance(schema, dict):
        return None
    for key in ("default", "minimum"):
        value = schema.get(key)
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= integer_digits():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


_CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "max_response_size")
"""Keyword arguments every generated method takes after the operation's own."""


def _runtime_imports(*responses: Response) -> tuple[str, ...]:
    lines: set[str] = set()
    for response in responses:
        if response.type is None:
            continue
        lines.update(
            f"from ..models.{module} import {name}" for name, module in _named_types(T.decoder(response.type).needs)
        )
    return tuple(sorted(lines))


def _body_code(body: RequestBody | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Statements run before ``request()``, and the keyword arguments passing the body."""
    if body is None:
        return (), ()
    value = "_body" if body.flatten else body.body_param
    fields = value if body.flatten else f"as_fields({value})"
    if body.kind == "json":
        return (), (f"json={value}",)
    if body.kind == "form":
        return (), (f"form={fields}",)
    if body.kind == "multipart":
        return (f"_fields, _files = multipart_fields({fields})",), ("data=_fields", "files=_files")
    if body.kind == "text":
        return (), (f"content={value}.encode('utf-8')", f"content_type={body.content_type_repr}")
    return (), (f"content={value}", f"content_type={body.content_type_repr}")


def _is_file(t: TypeRef) -> bool:
    if isinstance(t, PrimitiveType):
        return t.kind == "bytes"
    if isinstance(t, ListType):
        return _is_file(t.item)
    if isinstance(t, NullableType):
        return _is_file(t.inner)
    return False


def _resource_imports(operations: list[Operation]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Module-level imports, and the model imports needed only by type checkers.

    Models are imported inside each method (see ``Operation.runtime_imports``),
    so importing a resource does not import every model.
    """
    needs: set[T.Need] = set()
    for op in operations:
        for p in (*op.path_params, *op.params, *(op.body.flattened if op.body else ())):
            needs |= T.annotation(p.type).needs
        if op.body is not None and not op.body.flatten:
            needs |= T.annotation(op.body.type).needs
        for response in (op.success, *op.errors):
            if response.type is not None:
                needs |= T.annotation(response.type).needs | T.decoder(response.type).needs
            else:
                needs.add(("runtime", "to_none"))
    imports: set[str] = set()
    checking: set[str] = set()
    for op in operations:
        if op.pagination is not None:
            needs |= T.annotation(op.pagination.item_type).needs
            checking.add(f"from ..pages import {op.pagination.async_page_class}, {op.pagination.page_class}")
    runtime: set[str] = set()
    for kind, what in needs:
        if kind == "stdlib":
            imports.add(f"import {what}")
        elif kind == "typing":
            imports.add(f"from typing import {what}")
        elif kind == "runtime":
            runtime.add(what)
        elif kind in ("model", "enum"):
            name, module = what.split(":")
            checking.add(f"from ..models.{module} import {name}")
    if runtime:
        imports.add(f"from .._models import {', '.join(sorted(runtime))}")
    return tuple(sorted(imports)), tuple(sorted(checking))


def _resource_of(path: str, operation: dict[str, Any]) -> str:
    tags = operation.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{") and not re.fullmatch(r"v\d+(\.\d+)?|api", segment):
            return segment
    return "default"


def _operation_name(path: str, method: str, operation: dict[str, Any]) -> str:
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id.strip():
        return snake_name(operation_id, "call")
    words = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    return snake_name(method + "_" + "_".join(words), "call")


def _security(data: dict[str, Any], config: ClientConfig, problems: Problems, root: Location) -> list[SecurityScheme]:
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(schemes, dict):
        return []
    found: list[SecurityScheme] = []
    args = Namer.for_params()
    for name, raw in schemes.items():
        where = root.child("components", "securitySchemes", str(name))
        scheme = raw
        if not isinstance(scheme, dict):
            problems.warn(where, "security scheme must be an object: ignored")
            continue
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        doc = docstring(scheme.get("description", ""), "        ")
        if (kind == "http" and http_scheme == "bearer") or kind in ("oauth2", "openIdConnect"):
            found.append(SecurityScheme(str(name), repr(str(name)), "bearer", "header", "'Authorization'", (), doc))
        elif kind == "http" and http_scheme == "basic":
            found.append(SecurityScheme(str(name), repr(str(name)), "basic", "header", "'Authorization'", (), doc))
        elif (
            kind == "apiKey"
            and scheme.get("in") in ("header", "query", "cookie")
            and isinstance(scheme.get("name"), str)
        ):
            found.append(
                SecurityScheme(str(name), repr(str(name)), "api_key", scheme["in"], repr(scheme["name"]), (), doc)
            )
        else:
            problems.warn(where, f"security scheme type {kind!r} ({http_scheme or '-'}) is not supported: ignored")
    # Credentials: the first scheme takes api_key and the configured variable; others get their own.
    result = []
    for index, scheme in enumerate(found):
        stem = "" if index == 0 else snake_name(scheme.name, "credential")
        if scheme.kind == "basic":
            wanted = [
                (f"{stem}_username" if stem else "username", "user name"),
                (f"{stem}_password" if stem else "password", "password"),
            ]
        else:
            wanted = [(stem or "api_key", "API key" if scheme.kind == "api_key" else "bearer token")]
        credentials = []
        for arg_name, what in wanted:
            arg = args.take(arg_name)
            env = config.api_key_env if arg == "api_key" else f"{config.env_prefix}_{arg.upper()}"
            credentials.append(
                Credential(arg, repr(env), docstring(f"The {what} for {scheme.name}; read from {env} when not given."))
            )
        result.append(attrs.evolve(scheme, credentials=tuple(credentials)))
    return result


def _environments(data: dict[str, Any], config: ClientConfig, problems: Problems, root: Location) -> list[Environment]:
    servers = data.get("servers")
    envs: list[Environment] = []
    taken = Namer()
    if isinstance(servers, list):
        for index, server in enumerate(servers):
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                problems.warn(root.child("servers", index), "server without a url: ignored")
                continue
            url = server["url"]
            variables = server.get("variables")
            if isinstance(variables, dict):
                for var, spec in variables.items():
                    default = spec.get("default") if isinstance(spec, dict) else None
                    url = url.replace("{" + str(var) + "}", str(default if default is not None else ""))
            if "{" in url:
                problems.warn(root.child("servers", index, "url"), "server variable without a default: left in the URL")
            name = server.get("x-clientgen-environment")
            env_name = taken.take(
                snake_name(str(name) if name else ("production" if index == 0 else f"server_{index}"))
            )
            envs.append(Environment(env_name, repr(env_name), repr(url.rstrip("/")), markdown_code(url.rstrip("/"))))
    return envs


def build(spec: Spec, config: ClientConfig, problems: Problems) -> Api:
    """Build the IR of one normalized spec."""
    data = spec.root.data
    root = Location(spec.roots[0])
    if not isinstance(data, dict):
        problems.error(root, "an OpenAPI document must be a mapping")
        problems.raise_if_errors()
    version = str(data.get("openapi", ""))
    if not version.startswith("3."):
        problems.error(root.child("openapi"), f"unsupported OpenAPI version {version or data.get('swagger')!r}")
        problems.raise_if_errors()
    schemas = _Schemas(spec, problems, frozenset({config.client_class, "Async" + config.client_class}))
    if not isinstance(data.get("components", {}), dict | None):
        problems.error(root.child("components"), "components must be a mapping")
        problems.raise_if_errors()
    components = (data.get("components") or {}).get("schemas") or {}
    if isinstance(components, dict):
        for name in components:
            schemas.type_of({"$ref": f"#/components/schemas/{_escape_ref(str(name))}"}, root, str(name))
    operations = _Operations(spec, schemas, problems, config)
    grouped: dict[str, list[Operation]] = {}
    method_names: dict[str, Namer] = {}
    tagged: dict[str, Location] = {}
    """Where each resource's name first comes from: the first tag (or the operation) grouped under it."""
    in_spec = 0
    failed: list[Problem] = []
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        problems.warn(root.child("paths"), "paths must be an object: no operations")
        paths = {}
    for path, raw_item in paths.items():
        item, item_location = operations.deref(raw_item, root.child("paths", str(path)))
        if not isinstance(item, dict):
            problems.warn(item_location, "path item must be an object: skipped")
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            tag = _resource_of(str(path), operation)
            resource = snake_name(tag, "default")
            where = item_location.child(method)
            from_tag = isinstance(operation.get("tags"), list) and operation["tags"][:1] == [tag]
            tagged.setdefault(resource, where.child("tags", 0) if from_tag else where)
            namer = method_names.setdefault(resource, Namer.for_methods())
            wanted = _operation_name(str(path), method, operation)
            name = namer.take(wanted)
            named_at = where.child("operationId") if "operationId" in operation else where
            report_rename(namer, wanted, name, "method", problems, named_at)
            in_spec += 1
            try:
                built = operations.build(str(path), method, operation, item, where, name)
            except SpecError as exc:  # this operation cannot be generated: reported, the others still are
                failed.extend(
                    attrs.evolve(p, message=f"{method.upper()} {path} not generated: {p.message}") for p in exc.problems
                )
                continue
            grouped.setdefault(resource, []).append(built)
    # Errors when no operation could be generated; otherwise warnings, and the client has the others.
    problems.extend(failed if not grouped else (attrs.evolve(p, level=Level.WARNING) for p in failed))
    problems.raise_if_errors()
    security_schemes = _security(data, config, problems, root)
    resources = []
    resource_attrs = Namer.for_resources(c.arg for s in security_schemes for c in s.credentials)
    for resource_name in sorted(grouped):
        attr = resource_attrs.take(resource_name)
        report_rename(resource_attrs, resource_name, attr, "resource", problems, tagged[resource_name])
        ops, qualified = qualify_builtins(
            [_paginated(op, attr, schemas, config, problems) for op in grouped[resource_name]]
        )
        imports, checking = _resource_imports(ops)
        if qualified:
            imports = tuple(sorted({*imports, "import builtins"}))
        klass = _resource_class(resource_name, schemas.class_names)
        resources.append(
            Resource(
                attr,
                module_name(resource_name),
                klass,
                "Async" + klass,
                docstring(f"Operations tagged {resource_name!r}."),
                tuple(ops),
                imports,
                checking,
                raw_class_name=klass + "WithRawResponse",
                async_raw_class_name=f"Async{klass}WithRawResponse",
            )
        )
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    title = str(info.get("title") or config.package)
    envs = _environments(data, config, problems, root)
    if config.environments:
        configured = {
            Environment(snake_name(k), repr(snake_name(k)), repr(v.rstrip("/")), markdown_code(v.rstrip("/")))
            for k, v in config.environments.items()
        }
        envs = [e for e in envs if e.name in {c.name for c in configured}] + sorted(
            (c for c in configured if c.name not in {e.name for e in envs}), key=lambda e: e.name
        )
    default_security = data.get("security")
    default_security_repr = (
        repr(tuple(tuple(str(k) for k in r) for r in default_security if isinstance(r, dict)))
        if isinstance(default_security, list)
        else repr(tuple((s.name,) for s in security_schemes))
    )
    models = tuple(schemas.models[n] for n in schemas.order if n in schemas.models)
    enums = tuple(schemas.enums[n] for n in schemas.order if n in schemas.enums)
    return Api(
        title=title,
        title_repr=repr(title),
        version_repr=repr(str(info.get("version", ""))),
        package=config.package,
        distribution=config.distribution_name,
        client_class=config.client_class,
        async_client_class="Async" + config.client_class,
        doc=docstring(info.get("description") or title),
        environments=tuple(envs),
        default_environment_repr=envs[0].name_repr if envs else "None",
        base_url_env_repr=repr(f"{config.env_prefix}_BASE_URL"),
        log_env_repr=repr(f"{config.env_prefix}_LOG"),
        security_schemes=tuple(security_schemes),
        default_security_repr=default_security_repr,
        resources=tuple(resources),
        models=models,
        enums=enums,
        package_version=config.version,
        notes=(),
        display_name=_api_name(title),
        title_doc=docstring(_api_name(title)),
        title_md=markdown_code(_api_name(title)),
        base_url_env=f"{config.env_prefix}_BASE_URL",
        log_env=f"{config.env_prefix}_LOG",
        credentials_note=_credentials_note(security_schemes),
        example=_example(resources),
        idempotency_headers_repr=repr(tuple(config.idempotency_headers) or ("Idempotency-Key",)),
        idempotency_headers=tuple(config.idempotency_headers) or ("Idempotency-Key",),
        operations_in_spec=in_spec,
        **_pages_imports(resources),
    )


def _resource_class(resource: str, class_names: Namer) -> str:
    """The resource's class name, taken with its async and raw-response companions: each must be free
    (no model, enum or page class, nothing the generated modules import), else ``...Resource``."""
    stem = class_name(resource, "Resource")
    for n in itertools.count(1):
        klass = stem if n == 1 else f"{stem}Resource" if n == 2 else f"{stem}Resource{n - 1}"
        names = (klass, f"Async{klass}", f"{klass}WithRawResponse", f"Async{klass}WithRawResponse")
        if not any(name in class_names or class_names.owns(name) for name in names):
            for name in names:
                class_names.take(name)
            return klass
    raise AssertionError("unreachable")


def _paginated(op: Operation, resource: str, schemas: _Schemas, config: ClientConfig, problems: Problems) -> Operation:
    """The operation with its pagination decided; a paginated method imports its page class, not the model."""
    op = paginate(op, resource, schemas.models, schemas.class_names, config, problems)
    if op.pagination is None:
        return op
    return attrs.evolve(op, runtime_imports=_runtime_imports(*op.errors))


def _pages_imports(resources: list[Resource]) -> dict[str, tuple[str, ...]]:
    """Imports of ``pages.py``: the models its classes extend and their item types (both used at run time)."""
    imports: set[str] = set()
    for resource in resources:
        for op in resource.operations:
            if op.pagination is None:
                continue
            model = op.pagination.model
            imports.add(f"from .models.{model.module} import {model.name}")
            for kind, what in T.annotation(op.pagination.item_type).needs:
                if kind == "stdlib":
                    imports.add(f"import {what}")
                elif kind == "typing":
                    imports.add(f"from typing import {what}")
                elif kind in ("model", "enum"):
                    name, module = what.split(":")
                    imports.add(f"from .models.{module} import {name}")
    return {"pages_imports": tuple(sorted(imports))}


def _api_name(title: str) -> str:
    """``Afternoon Events API`` stays as it is; ``Petstore`` becomes ``Petstore API``."""
    return title if re.search(r"\bAPI\b", title, re.IGNORECASE) else f"{title} API"


def _credentials_note(schemes: list[SecurityScheme]) -> str:
    envs = [c.env_var_repr.strip("'\"") for s in schemes for c in s.credentials]
    if not envs:
        return "this API declares no authentication"
    return "credentials from " + ", ".join(markdown_code(e) for e in envs)


def _example(resources: list[Resource]) -> str:
    for resource in resources:
        for op in resource.operations:
            if op.method == "GET" and all(p.type == PrimitiveType("str") for p in op.path_params):
                required = [p for p in op.params if p.required]
                if not required:
                    args = ", ".join(repr("...") for _ in op.path_params)
                    return f"{resource.name}.{op.name}({args})"
    return ""


def _escape_ref(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
