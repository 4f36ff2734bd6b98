"""Object schemas to models: their fields (own and from ``allOf``), additional properties, imports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import types as T
from ..ir import AnyType, Field, MapType, Model, ModelType, NullableType, TypeRef
from ..names import Namer, class_name, docstring, snake_name
from ..problems import Location
from ..reserved import report_rename
from .import_lines import global_statements, model_imports

if TYPE_CHECKING:
    from .schemas import Schemas

__all__ = ["build_model"]

_MAX_ALL_OF_DEPTH = 32
"""``allOf`` parts nested deeper than this add no fields, with a warning."""

_Property = tuple[Any, Location, bool]
"""A property's schema, where it is, and whether it is required."""


def build_model(schemas: Schemas, model_type: ModelType, schema: dict[str, Any], location: Location) -> Model:
    """The model of an object schema, its fields typed through ``schemas``."""
    fields = _fields(schemas, model_type, schema, location)
    additional = _additional(schemas, schema, location, model_type.name)
    additional_type: TypeRef = additional if additional is not None else AnyType()
    additional_ann = T.annotation(additional_type)
    additional_dec = T.decode(MapType(additional_type), "_d")
    additional_enc = T.encode(MapType(additional_type), "self.additional_properties")
    needs = frozenset({T.Need("typing", "Any")}) | additional_ann.needs | additional_dec.needs | additional_enc.needs
    decode_needs = additional_dec.needs
    for f in fields:
        field_decode = T.decode(f.type, "_v").needs
        needs |= T.annotation(f.type).needs | field_decode | T.encode(f.type, "_v").needs
        decode_needs |= field_decode
    optional = any(not f.required for f in fields)
    imports, checking, lazy, lazy_names = model_imports(needs, decode_needs, model_type.name, optional)
    return Model(
        model_type.name,
        model_type.module,
        docstring(schema.get("description") or schema.get("title") or model_type.name, "    "),
        tuple(fields),
        additional,
        imports,
        checking,
        lazy,
        global_statements(["_resolved", *lazy_names]) if lazy else (),
        location,
    )


def _fields(schemas: Schemas, model_type: ModelType, schema: dict[str, Any], location: Location) -> list[Field]:
    """The model's fields, named and typed, the required ones first."""
    namer = Namer.for_fields()
    fields: list[Field] = []
    for wire, (prop, where, required) in _properties(schemas, schema, location).items():
        target, _, _ = schemas.deref(prop, where) if isinstance(prop, dict) else (prop, where, None)
        field_type = schemas.type_of(prop, where, model_type.name + class_name(wire, "Field"))
        if isinstance(target, dict) and target.get("nullable") is True and not isinstance(field_type, NullableType):
            field_type = NullableType(field_type)
        wanted = snake_name(wire, "field")
        name = namer.take(wanted)
        report_rename(namer, wanted, name, "field", schemas.problems, where)
        fields.append(_field(name, wire, field_type, required, prop, target, where))
    fields.sort(key=lambda f: not f.required)
    return fields


def _properties(schemas: Schemas, schema: dict[str, Any], location: Location) -> dict[str, _Property]:
    """Each property once by wire name: a later schema wins unless empty, and required if any says so."""
    seen: dict[str, _Property] = {}
    for name, prop, where, required in _collect(schemas, schema, location):
        if name in seen:
            old = seen[name]
            seen[name] = (prop if prop else old[0], where if prop else old[1], required or old[2])
        else:
            seen[name] = (prop, where, required)
    return seen


def _collect(
    schemas: Schemas, schema: dict[str, Any], location: Location, depth: int = 0
) -> Iterator[tuple[str, Any, Location, bool]]:
    """(property name, schema, location, required) over the schema and its allOf parts."""
    if depth > _MAX_ALL_OF_DEPTH:
        schemas.problems.warn(location, f"allOf nested more than {_MAX_ALL_OF_DEPTH} deep: stopped there")
        return
    required = (
        set(r for r in schema.get("required", []) if isinstance(r, str))
        if isinstance(schema.get("required"), list)
        else set()
    )
    all_of = schema.get("allOf")
    if isinstance(all_of, list):
        for index, part in enumerate(all_of):
            target, target_location, _ = schemas.deref(part, location.child("allOf", index))
            if isinstance(target, dict):
                for name, prop, where, req in _collect(schemas, target, target_location, depth + 1):
                    yield name, prop, where, req or name in required
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, prop in props.items():
            yield str(name), prop, location.child("properties", str(name)), name in required
    elif props is not None:
        schemas.problems.warn(location.child("properties"), "properties must be an object: ignored")
    # Required names with no schema anywhere are still fields, of any type.
    for name in sorted(required - set(props or {})):
        yield name, {}, location.child("required"), True


def _additional(schemas: Schemas, schema: dict[str, Any], location: Location, hint: str) -> TypeRef | None:
    """The type of the additional properties, when the schema (or an allOf part) gives them one."""
    all_of = schema.get("allOf")
    extra = schema.get("additionalProperties")
    if extra is None and isinstance(all_of, list):
        for index, part in enumerate(all_of):
            target, target_location, _ = schemas.deref(part, location.child("allOf", index))
            if isinstance(target, dict) and isinstance(target.get("additionalProperties"), dict):
                extra, location = target["additionalProperties"], target_location.child("additionalProperties")
                return schemas.type_of(extra, location, hint + "Value") if extra else None
    if isinstance(extra, dict) and extra:
        return schemas.type_of(extra, location.child("additionalProperties"), hint + "Value")
    return None


def _field(name: str, wire: str, field_type: TypeRef, required: bool, prop: Any, target: Any, where: Location) -> Field:
    described = prop if isinstance(prop, dict) and prop.get("description") else target
    description = described.get("description", "") if isinstance(described, dict) else ""
    return Field(
        name=name,
        wire_name=wire,
        type=field_type,
        required=required,
        description=description if isinstance(description, str) else "",
        location=where,
    )
