"""Request bodies: which content type is sent, the body's type, and its fields as keyword arguments.

A JSON, form or multipart body whose schema is a model is flattened: each field becomes a
keyword argument of the method (when none of their names clashes with a parameter's).
"""

from __future__ import annotations

from typing import Any

from .. import types as T
from ..ir import BodyKind, ModelType, Parameter, PrimitiveType, RequestBody, TypeRef
from ..names import Namer
from ..problems import Location, Problems
from .schemas import Schemas

__all__ = ["body_kind", "pick_content", "request_body"]

_BODY_PREFERENCE: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"),
    ("multipart/form-data", "multipart"),
    ("application/x-www-form-urlencoded", "form"),
    ("text/plain", "text"),
    ("application/octet-stream", "binary"),
)
_RANKING: list[BodyKind] = ["json", "multipart", "form", "text", "binary"]
"""Of the content types an operation offers, the one whose kind comes first here is used."""


def body_kind(content_type: str) -> BodyKind:
    """How a body of ``content_type`` is sent (or a response read)."""
    lowered = content_type.lower().split(";")[0].strip()
    if lowered == "application/json" or lowered.endswith("+json") or lowered == "*/*":
        return "json"
    for known, kind in _BODY_PREFERENCE:
        if lowered == known:
            return kind
    if lowered.startswith("text/"):
        return "text"
    return "binary"


def pick_content(content: Any) -> tuple[str, Any] | None:
    """The content type used of a ``content`` map, and its media object; None when there is none."""
    if not isinstance(content, dict) or not content:
        return None
    ranked = sorted(content.items(), key=lambda item: _RANKING.index(body_kind(str(item[0]))))
    content_type, media = ranked[0]
    return str(content_type), media if isinstance(media, dict) else {}


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
    body_type = _body_type(schemas, kind, media, where.child("content", content_type, "schema"), hint)
    # Only a JSON body can be left out (UNSET sends none); the others are always sent.
    required = body.get("required") is True or kind != "json"
    flattened = _flattened(schemas, body_type, kind, namer)
    flatten = flattened is not None
    description = body.get("description")
    return RequestBody(
        kind=kind,
        content_type=content_type,
        type=body_type,
        required=required or flatten,
        flattened=tuple(flattened or ()),
        flatten=flatten,
        body_param="" if flatten else namer.take("body"),
        description=description if isinstance(description, str) else "",
    )


def _body_type(schemas: Schemas, kind: BodyKind, media: dict[str, Any], location: Location, hint: str) -> TypeRef:
    """Bytes for a binary body, text for a text one (their schemas still typed), else the schema's type."""
    if kind in ("binary", "text") and not media.get("schema"):
        body_type: TypeRef = PrimitiveType("bytes" if kind == "binary" else "str")
    else:
        body_type = schemas.type_of(schemas.graph.at(location, media.get("schema", {})), hint + "Body")
    if kind == "binary":
        return PrimitiveType("bytes")
    if kind == "text":
        return PrimitiveType("str")
    return body_type


def _flattened(schemas: Schemas, body_type: TypeRef, kind: BodyKind, namer: Namer) -> list[Parameter] | None:
    """The body model's fields as keyword arguments, required first; None when the body stays one argument."""
    model = schemas.models.get(body_type.name) if isinstance(body_type, ModelType) else None
    if model is None or kind not in ("json", "form", "multipart") or not model.fields:
        return None
    trial = namer.copy()
    if [trial.take(f.name) for f in model.fields] != [f.name for f in model.fields]:
        return None
    flattened = [
        Parameter(
            name=namer.take(f.name),
            wire_name=f.wire_name,
            location="query",
            type=f.type,
            required=f.required,
            style="form",
            explode=T.is_file(f.type),
            description=f.description,
            location_info=f.location,
        )
        for f in model.fields
    ]
    flattened.sort(key=lambda p: not p.required)
    return flattened
