"""Stage 3, build: which responses become event streams, their item types and switches, and the
method text they give (overloads, ``cast``, return annotations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import emit
from generator.ir import AnyType, Api, EventStream, ModelType
from generator.problems import Level
from generator.render import render

from .helpers import build_api, operation, write_text

SPEC = """
openapi: 3.2.0
info: {title: Streams, version: '1'}
paths:
  /chat:
    post:
      operationId: chat
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [prompt]
              properties:
                prompt: {type: string}
                stream: {type: [boolean, 'null']}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Reply'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
  /speech:
    post:
      operationId: speech
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {format: {type: string, enum: [sse, audio]}}}
      responses:
        '200':
          description: ok
          content:
            application/octet-stream: {schema: {type: string, format: binary}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}
  /events:
    get:
      operationId: events
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
  /items:
    get:
      operationId: items
      responses:
        '200':
          description: ok
          content:
            application/jsonl: {itemSchema: {$ref: '#/components/schemas/Chunk'}, schema: {type: array}}
  /records:
    get:
      operationId: records
      responses:
        '200': {description: ok, content: {application/json-seq: {}}}
components:
  schemas:
    Reply: {type: object, properties: {text: {type: string}}}
    Chunk: {type: object, properties: {delta: {type: string}}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Api, list[tuple[Level, str]], Path]:
    path = write_text(tmp_path_factory.mktemp("streams"), "openapi.yaml", SPEC)
    api, problems = build_api(path, "streams_client")
    return api, [(p.level, p.format()) for p in problems.items], path


def test_json_or_events_with_a_boolean_stream_field_is_switched_by_it(built: tuple[Api, list, Path]) -> None:
    op = operation(built[0], "chat")
    assert op.stream == EventStream("sse", "text/event-stream", ModelType("Chunk", "chunk"), "stream", True)
    assert op.success.kind == "json"
    assert op.success.accept == ""  # JSON alone when not streaming
    assert emit.return_annotation(op) == "Reply | Stream[Chunk]"
    assert emit.async_return_annotation(op) == "Reply | AsyncStream[Chunk]"
    assert emit.stream_overloads(op, False) == [
        ("Literal[True]", "Stream[Chunk]"),
        ("Literal[False] | None | Unset = UNSET", "Reply"),
        ("bool | None", "Reply | Stream[Chunk]"),
    ]
    assert emit.stream_cast(op, True) == "async_stream_of('sse', Chunk.from_dict)"


def test_a_stream_without_a_switch_is_reported_and_the_other_media_type_typed(
    built: tuple[Api, list, Path],
) -> None:
    op = operation(built[0], "speech")
    assert op.stream is None
    assert op.success.kind == "bytes"
    infos = [text for level, text in built[1] if level is Level.INFO and "speech" in text]
    assert any(
        "/paths/~1speech/post/responses/200/content: info: response media type 'text/event-stream' is an event "
        "stream, but no boolean body field 'stream' asks for it: read it through with_streaming_response" in text
        for text in infos
    ), infos


def test_an_event_stream_alone_is_always_returned_raw_when_its_schema_is_the_whole_body(
    built: tuple[Api, list, Path],
) -> None:
    op = operation(built[0], "events")
    assert op.stream == EventStream("sse", "text/event-stream", None)
    assert (op.success.kind, op.success.accept) == ("stream", "")
    assert emit.return_annotation(op) == "Stream[ServerSentEvent]"
    assert emit.stream_cast(op, False) == "event_stream()"


def test_item_schema_comes_before_schema_and_json_records_default_to_any(built: tuple[Api, list, Path]) -> None:
    items, records = operation(built[0], "items"), operation(built[0], "records")
    assert items.stream is not None and items.stream.item_type == ModelType("Chunk", "chunk")
    assert items.success.accept == "application/jsonl"
    assert emit.stream_cast(items, False) == "stream_of('jsonl', Chunk.from_dict)"
    assert records.stream == EventStream("json-seq", "application/json-seq", AnyType())
    assert emit.return_annotation(records) == "Stream[Any]"


def test_no_warning_for_item_schema(built: tuple[Api, list, Path]) -> None:
    assert not [text for level, text in built[1] if level is Level.WARNING]


def test_the_rendered_resource_has_overloads_a_switch_and_streaming_twins(built: tuple[Api, list, Path]) -> None:
    files = render(built[0])
    source = next(text for path, text in files.items() if path.endswith("resources/chat.py"))
    assert source.count("@overload") == 6  # three for each of the sync and async methods
    assert "        if stream is True:\n" in source
    assert "class ChatWithStreamingResponse:" in source
    assert "self.chat = async_to_streamed_response_wrapper(resource.chat)" in source
    readme = files["README.md"]
    assert "- `client.chat.chat(..., stream=True)` returns `Stream[Chunk]`" in readme
    assert "### Streaming responses" in readme
