"""Object schemas to models: their fields (own and from ``allOf``), additional properties, imports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import types as T
from ..graph import Schema
from ..ir import AnyType, Field, MapType, Model, ModelType, NullableType, TypeRef
from ..names import Namer, class_name, docstring, snake_name
from ..reserved import report_rename
from .docs import description, facts
from .import_lines import global_statements, model_imports
from .keywords import example_doc, first_example
from .unions import sentinel_doc

if TYPE_CHECKING:
    from .schemas import Schemas

__all__ = ["NeedsKey", "build_model", "properties_of"]

_MAX_ALL_OF_DEPTH = 32
"""``allOf`` parts nested deeper than this add no fields, with a warning."""

_Property = tuple[Schema, bool]
"""A property's schema and whether it is required."""


def build_model(schemas: Schemas, model_type: ModelType, node: Schema) -> Model:
    """The model of an object schema, its fields typed through ``schemas``."""
    fields = _fields(schemas, model_type, node)
    additional = _additional(schemas, node, schemas.scopes.paths.get(model_type.name, model_type.name))
    blocks = _imports(schemas.field_needs, model_type, fields, additional) if schemas.rendering else _NONE
    imports, checking, lazy, lazy_names = blocks
    bindings = _bindings(schemas.field_needs, fields) if schemas.rendering else ()
    bound = [name for name, _, _ in bindings]
    return Model(
        model_type.name,
        model_type.module,
        docstring(node.get("description") or node.get("title") or model_type.name, "    "),
        tuple(fields),
        additional,
        imports,
        checking,
        lazy,
        global_statements(["_resolved", *lazy_names, *bound]) if lazy or bound else (),
        bindings,
        node.location,
    )


_Blocks = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_NONE: _Blocks = ((), (), (), ())


_Needs = tuple[frozenset[T.Need], frozenset[T.Need]]
"""What the code of a type needs imported: all of it, and for decoding."""
NeedsKey = tuple[TypeRef, bool]
"""A type, and whether it is of additional properties (else of a field)."""


def _imports(
    known: dict[NeedsKey, _Needs], model_type: ModelType, fields: list[Field], additional: TypeRef | None
) -> _Blocks:
    """The model module's import blocks, from what its annotations, decoding and encoding need;
    ``known``: the needs of each type met so far in the build (models share a few types)."""
    needs, decode_needs = _needs(known, additional if additional is not None else AnyType(), True)
    for f in fields:
        field_needs, field_decode = _needs(known, f.type, False)
        needs |= field_needs
        decode_needs |= field_decode
    optional = any(not f.required for f in fields)
    bound_models = any(T.direct_model(f.type) is not None for f in fields)
    return model_imports(needs, decode_needs, model_type.name, optional, bound_models)


def _bindings(known: dict[NeedsKey, _Needs], fields: list[Field]) -> tuple[tuple[str, str, str], ...]:
    """(global, annotation, value) of what ``from_dict`` reads from module globals, sorted: the table of
    members of each enum it decodes, the ``from_dict`` of each model a field holds directly;
    ``known`` as for :func:`_imports` (which has found each field type's decoding needs already)."""
    found: set[tuple[str, str, str]] = set()
    for f in fields:
        model = T.direct_model(f.type)
        if model is not None:
            annotation = f"Callable[[Mapping[str, Any]], {model.name}]"
            found.add((T.from_dict_global(model.name), annotation, f"{model.name}.from_dict"))
        for need in _needs(known, f.type, False)[1]:
            if need.kind == "members":
                found.add((T.members_table(need.name), "dict[Any, Any]", f"{need.name}._value2member_map_"))
    return tuple(sorted(found))


def _needs(known: dict[NeedsKey, _Needs], t: TypeRef, additional: bool) -> _Needs:
    """The needs of a field of type ``t``, or (``additional``) of the model's code for additional properties of it."""
    found = known.get((t, additional))
    if found is not None:
        return found
    if additional:
        decode = T.decode(MapType(t), "_d").needs | {T.Need("runtime", "new_object")}  # from_dict makes the instance
        every = T.annotation(t).needs | decode | T.encode(MapType(t), "self.additional_properties").needs
        found = (every | {T.Need("typing", "Any")}, decode)
    else:
        decode = T.decode(t, "_v").needs
        found = (T.annotation(t).needs | decode | T.encode(t, "_v").needs, decode)
    known[(t, additional)] = found
    return found


def _fields(schemas: Schemas, model_type: ModelType, node: Schema) -> list[Field]:
    """The model's fields, named and typed, the required ones first."""
    namer = Namer.for_fields()
    fields: list[Field] = []
    for wire, (prop, required) in properties_of(schemas, node).items():
        field_type = schemas.type_of(prop, schemas.scopes.hint_below(model_type.name, class_name(wire, "Field")))
        if prop.target.nullable and not isinstance(field_type, NullableType):
            field_type = NullableType(field_type)
        wanted = snake_name(wire, "field")
        name = namer.take(wanted)
        report_rename(namer, wanted, name, "field", schemas.problems, prop.location)
        fields.append(_field(name, wire, field_type, required, prop, notes=schemas.rendering))
    fields.sort(key=lambda f: not f.required)
    return fields


def properties_of(schemas: Schemas, node: Schema) -> dict[str, _Property]:
    """Each property once by wire name: a later schema wins unless empty, and required if any says so."""
    seen: dict[str, _Property] = {}
    for name, prop, required in _collect(schemas, node):
        if name in seen:
            old = seen[name]
            seen[name] = (prop if prop.raw else old[0], required or old[1])
        else:
            seen[name] = (prop, required)
    return seen


def _collect(schemas: Schemas, node: Schema, depth: int = 0) -> Iterator[tuple[str, Schema, bool]]:
    """(property name, schema, required) over the schema and its allOf parts."""
    if depth > _MAX_ALL_OF_DEPTH:
        schemas.problems.warn(node.location, f"allOf nested more than {_MAX_ALL_OF_DEPTH} deep: stopped there")
        return
    required = node.required
    for part in node.parts("allOf") or ():
        target = part.target
        if isinstance(target.raw, dict):
            for name, prop, req in _collect(schemas, target, depth + 1):
                yield name, prop, req or name in required
    props = node.properties
    for name, prop in props.items():
        yield name, prop, name in required
    # Required names with no schema anywhere are still fields, of any type.
    for name in sorted(required - set(props)):
        yield name, schemas.graph.empty(node.location.child("required")), True


def _additional(schemas: Schemas, node: Schema, hint: str) -> TypeRef | None:
    """The type of the additional properties, when the schema (or an allOf part) gives them one."""
    if node.get("additionalProperties") is None:
        for part in node.parts("allOf") or ():
            target = part.target
            if isinstance(target.get("additionalProperties"), dict):
                extra = target.additional()
                return schemas.type_of(extra, hint + "Value") if extra is not None else None
    extra = node.additional()
    if extra is not None and isinstance(extra.raw, dict):
        return schemas.type_of(extra, hint + "Value")
    return None


def _field(name: str, wire: str, field_type: TypeRef, required: bool, prop: Schema, *, notes: bool) -> Field:
    """The field; ``notes``: with the notes of its docs (read-only, encoding, default, example)."""
    read_only, write_only = _flag(prop, "readOnly"), _flag(prop, "writeOnly")
    decoded_required = required and not write_only  # responses leave write-only properties out
    noted = (
        [
            "Read-only: set by the server, never sent." if read_only else "",
            "Write-only: sent, never returned." if write_only else "",
            _encoded(prop),
            facts(prop),
            example_doc(first_example(prop.graph.spec, None, prop.location, prop)),
            sentinel_doc(field_type),
        ]
        if notes
        else []
    )
    return Field(
        name=name,
        wire_name=wire,
        type=field_type,
        required=decoded_required,
        description=description(prop),
        notes=" ".join(n for n in noted if n),
        location=prop.location,
        read_only=read_only,
        write_only=write_only,
        required_in_request=required and not read_only,
        deprecated=_flag(prop, "deprecated"),
    )


def _encoded(prop: Schema) -> str:
    """A note for text holding encoded bytes (``contentEncoding: base64``): the caller encodes and decodes it."""
    encoding = prop.target.text("contentEncoding") or prop.text("contentEncoding")
    return docstring(f"Encoded as {encoding} text (encode and decode it yourself).") if encoding else ""


def _flag(prop: Schema, keyword: str) -> bool:
    """Whether the boolean ``keyword`` is true on the property, or on the schema its ``$ref`` names."""
    return prop.get(keyword) is True or prop.target.get(keyword) is True
