"""Event streams: which responses a method returns as a ``Stream`` of typed items, and how it asks for them.

A success response offering an event-stream media type (:data:`.media.STREAM_FORMATS`)
is read item by item.  When it offers nothing else, the method always returns the
stream.  When it also offers other media types (OpenAI's chat completions answer
JSON, or events when the request says ``"stream": true``), the method returns the
stream only if a boolean body field named ``stream`` is true (typed with overloads);
without such a field the stream is reported as info and left to
``with_streaming_response``.

The item type is the OpenAPI 3.2 ``itemSchema``, else the media type's ``schema``
(unless it only says "a string", the whole body), else none: raw server-sent events.
"""

from __future__ import annotations

from typing import Any

from ..ir import AnyType, EventStream, NullableType, Parameter, PrimitiveType, RequestBody, Response, TypeRef
from ..problems import Location
from .media import STREAM_FORMATS, media_type, pick_stream
from .schemas import Schemas

__all__ = ["SWITCH_FIELD", "event_stream", "item_responses", "without_streams"]

SWITCH_FIELD = "stream"
"""The boolean body field that asks for the event stream instead of JSON."""


def without_streams(content: dict[str, Any]) -> dict[str, Any]:
    """``content`` without its event-stream media types (typed apart, so not reported as unused)."""
    return {k: v for k, v in content.items() if media_type(str(k)) not in STREAM_FORMATS}


def event_stream(
    response: Any, success: Response, body: RequestBody | None, location: Location, schemas: Schemas, hint: str
) -> tuple[EventStream | None, Response, str]:
    """The stream of the success ``response`` (at ``location``), the method's success response, and a
    message to report as info when the response offers a stream the method cannot return."""
    content = response.get("content") if isinstance(response, dict) else None
    picked = pick_stream(content)
    if picked is None or not isinstance(content, dict):
        return None, success, ""
    content_type, fmt, media = picked
    item_type = _item_type(media, location.child("content", content_type), schemas, hint)
    if item_type is None and fmt != "sse":
        item_type = AnyType()  # a JSON value per item
    stream = EventStream(fmt, media_type(content_type), item_type)
    if not without_streams(content):
        accept = "" if stream.media_type == "text/event-stream" else stream.media_type
        return stream, Response(success.status, item_type, "stream", accept, success.example_doc), ""
    switch = _switch(body)
    if switch is None:
        message = (
            f"response media type {content_type!r} is an event stream, but no boolean body field "
            f"{SWITCH_FIELD!r} asks for it: read it through with_streaming_response"
        )
        return None, success, message
    nullable = isinstance(switch.type, NullableType)
    return EventStream(fmt, stream.media_type, item_type, switch.name, nullable), success, ""


def item_responses(stream: EventStream | None) -> tuple[Response, ...]:
    """The stream's items as a response whose decoder a method imports, when its switch asks for it."""
    if stream is None or not stream.switch or stream.item_type is None:
        return ()
    return (Response("200", stream.item_type, "stream"),)


def _item_type(media: dict[str, Any], location: Location, schemas: Schemas, hint: str) -> TypeRef | None:
    for key in ("itemSchema", "schema"):
        schema = media.get(key)
        if isinstance(schema, dict) and not _whole_body(schema):
            return schemas.type_of(schemas.graph.at(location.child(key), schema), hint + "StreamItem")
    return None


def _whole_body(schema: dict[str, Any]) -> bool:
    """A schema describing the body as one string (``type: string``), not its items."""
    return schema.get("type") == "string" and "$ref" not in schema


def _switch(body: RequestBody | None) -> Parameter | None:
    if body is None or not body.flatten:
        return None
    for p in body.flattened:
        inner = p.type.inner if isinstance(p.type, NullableType) else p.type
        if p.wire_name == SWITCH_FIELD and inner == PrimitiveType("bool"):
            return p
    return None
