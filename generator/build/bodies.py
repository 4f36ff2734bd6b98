"""Request bodies: which content type is sent, the body's type, and its fields as keyword arguments.

A JSON, form or multipart body whose schema is a model is flattened: each field becomes a
keyword argument of the method (when none of their names clashes with a parameter's).
"""

from __future__ import annotations

from typing import Any

from .. import types as T
from ..graph import Schema
from ..ir import BodyKind, ModelType, Parameter, PrimitiveType, RequestBody, TypeRef
from ..names import Namer
from ..problems import Location, Problems
from .docs import description as described
from .keywords import example_doc, first_example
from .media import body_kind, pick_content, report_unused
from .models import properties_of
from .schemas import Schemas

__all__ = ["request_body"]


def request_body(
    body: Any, where: Location, schemas: Schemas, problems: Problems, namer: Namer, hint: str
) -> RequestBody | None:
    """The request body ``body`` (dereferenced, at ``where``) describes; None, reported, if it cannot be sent."""
    if not isinstance(body, dict):
        problems.warn(where, "requestBody must be an object: ignored")
        return None
    picked = pick_content(body.get("content"))
    if picked is None:
        problems.warn(where, "requestBody has no content: ignored")
        return None
    content_type, media = picked
    kind = body_kind(content_type)
    report_unused(body["content"], content_type, where.child("content"), problems, "request body")
    node = schemas.graph.at(where.child("content", content_type, "schema"), media.get("schema", {}))
    body_type = _body_type(schemas, kind, media, node, hint)
    # A body the spec does not require is an optional argument (or, flattened, sent only when a field is given).
    required = body.get("required") is True
    flattened = _flattened(schemas, body_type, kind, namer)
    flatten = flattened is not None
    description = body.get("description")
    example = example_doc(first_example(schemas.graph.spec, media, where.child("content", content_type), node))
    return RequestBody(
        kind=kind,
        content_type=content_type,
        type=body_type,
        required=required,
        flattened=tuple(flattened or ()),
        flatten=flatten,
        body_param="" if flatten else namer.take("body"),
        description=description if isinstance(description, str) else described(node),
        part_types=_part_types(schemas, media, node) if kind == "multipart" else (),
        notes=example,
    )


def _body_type(schemas: Schemas, kind: BodyKind, media: dict[str, Any], node: Schema, hint: str) -> TypeRef:
    """Bytes for a binary body, text for a text one (their schemas still typed), else the schema's type."""
    if kind in ("binary", "text") and not media.get("schema"):
        body_type: TypeRef = PrimitiveType("bytes" if kind == "binary" else "str")
    else:
        body_type = schemas.type_of(node, hint + "Body")
    if kind == "binary":
        return PrimitiveType("bytes")
    if kind == "text":
        return PrimitiveType("str")
    return body_type


def _flattened(schemas: Schemas, body_type: TypeRef, kind: BodyKind, namer: Namer) -> list[Parameter] | None:
    """The body model's fields as keyword arguments, required first; None when the body stays one argument.

    Read-only fields are left out (the server sets them); a required field of one allowed
    value (``const``) defaults to it.
    """
    model = schemas.models.get(body_type.name) if isinstance(body_type, ModelType) else None
    fields = [f for f in model.fields if not f.read_only] if model is not None else []
    if kind not in ("json", "form", "multipart") or not fields:
        return None
    trial = namer.copy()
    if [trial.take(f.name) for f in fields] != [f.name for f in fields]:
        return None
    flattened = [
        Parameter(
            name=namer.take(f.name),
            wire_name=f.wire_name,
            location="query",
            type=f.type,
            required=f.required_in_request,
            style="form",
            explode=T.is_file(f.type),
            description=f.description,
            location_info=f.location,
            deprecated=f.deprecated,
            notes=f.notes,
        )
        for f in fields
    ]
    flattened.sort(key=lambda p: not p.required)
    return flattened


def _part_types(schemas: Schemas, media: dict[str, Any], node: Schema) -> tuple[tuple[str, str], ...]:
    """The ``Content-Type`` of each multipart part the spec names: its ``encoding`` entry's, else a file's
    ``contentMediaType`` (``application/octet-stream`` says nothing more than a file: the upload's own
    name then picks the type).  Only one concrete type counts; a list or a range leaves the upload's."""
    raw = media.get("encoding")
    encoding: dict[str, Any] = raw if isinstance(raw, dict) else {}
    found: list[tuple[str, str]] = []
    for wire, (prop, _) in properties_of(schemas, node.target).items():
        entry = encoding.get(wire)
        declared = entry.get("contentType") if isinstance(entry, dict) else None
        if not isinstance(declared, str):
            target = prop.target
            item = target.items.target if target.types == ["array"] and target.items is not None else target
            declared = item.text("contentMediaType") if item.binary else ""
            declared = "" if declared.strip().lower() == "application/octet-stream" else declared
        declared = declared.strip()
        if declared and "," not in declared and "*" not in declared:
            found.append((wire, declared))
    return tuple(found)
