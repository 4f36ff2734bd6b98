"""The client generated from OpenAI's description streams chat completions, typed, sync and async.

The server replays a recorded ``chat.completion.chunk`` stream (``fixtures/``) cut into pieces at
arbitrary bytes; the method's overloads give ``Stream[CreateChatCompletionStreamResponse]`` for
``stream=True`` and ``CreateChatCompletionResponse`` otherwise, as ``mypy --strict`` confirms on a
user script.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from tests.streams.stream_server import FIXTURE

TEXT = "Streams arrive one token at a time, so the reader sees words as soon as they exist."
CHUNKS = FIXTURE.read_text(encoding="utf-8").count("chat.completion.chunk")


def _user_message(openai: Any) -> Any:
    models = importlib.import_module("openai_client.models.chat_completion_request_user_message")
    return models.ChatCompletionRequestUserMessage(content="Say something about streams.", role="user")


def test_stream_true_iterates_typed_chunks_until_done(openai_src: Path, base_url: str) -> None:
    openai = importlib.import_module("openai_client")
    chunk_type = importlib.import_module("openai_client.models.create_chat_completion_stream_response")
    with openai.OpenaiClient(base_url=base_url, api_key="sk-test") as client:
        message = _user_message(openai)
        with client.chat.create_chat_completion(messages=[message], model="gpt-4o-mini", stream=True) as stream:
            chunks = list(stream)
            assert stream.response.request.headers["accept"] == "text/event-stream"
    assert len(chunks) == CHUNKS
    assert all(isinstance(c, chunk_type.CreateChatCompletionStreamResponse) for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks[1:-1]) == TEXT
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_chunks_with_usage_null_decode_and_the_last_one_carries_the_usage(openai_src: Path) -> None:
    """With ``stream_options: {include_usage: true}`` every chunk but the last says ``"usage": null``,
    which the description does not allow (``usage`` is an optional, non-nullable ``CompletionUsage``)."""
    chunk_type = importlib.import_module("openai_client.models.create_chat_completion_stream_response")
    unset = importlib.import_module("openai_client._types").UNSET
    first, *_ = (line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.startswith("data: {"))
    data = json.loads(first.removeprefix("data: "))
    assert chunk_type.CreateChatCompletionStreamResponse.from_dict({**data, "usage": None}).usage is unset
    usage = {"prompt_tokens": 12, "completion_tokens": 19, "total_tokens": 31}
    last = chunk_type.CreateChatCompletionStreamResponse.from_dict({**data, "choices": [], "usage": usage})
    assert last.usage.total_tokens == 31


def test_without_stream_the_same_method_returns_the_completion(openai_src: Path, base_url: str) -> None:
    openai = importlib.import_module("openai_client")
    with openai.OpenaiClient(base_url=base_url, api_key="sk-test") as client:
        completion = client.chat.create_chat_completion(messages=[_user_message(openai)], model="gpt-4o-mini")
    assert completion.choices[0].message.content == "Whole."


async def test_async_stream_true_iterates_the_same_chunks(openai_src: Path, base_url: str) -> None:
    openai = importlib.import_module("openai_client")
    async with openai.AsyncOpenaiClient(base_url=base_url, api_key="sk-test") as client:
        stream = await client.chat.create_chat_completion(
            messages=[_user_message(openai)], model="gpt-4o-mini", stream=True
        )
        async with stream:
            pieces = [c.choices[0].delta.content async for c in stream if c.choices[0].delta.content]
    assert "".join(pieces) == TEXT


_USER_SCRIPT = """
from openai_client import AsyncOpenaiClient, AsyncStream, OpenaiClient, Stream
from openai_client.models.chat_completion_request_user_message import ChatCompletionRequestUserMessage
from openai_client.models.create_chat_completion_response import CreateChatCompletionResponse
from openai_client.models.create_chat_completion_stream_response import CreateChatCompletionStreamResponse

Chunks = Stream[CreateChatCompletionStreamResponse]


def sync(client: OpenaiClient, flag: bool) -> str:
    message = ChatCompletionRequestUserMessage(content="hi", role="user")
    streamed: Chunks = client.chat.create_chat_completion(messages=[message], model="m", stream=True)
    whole: CreateChatCompletionResponse = client.chat.create_chat_completion(messages=[message], model="m")
    off: CreateChatCompletionResponse = client.chat.create_chat_completion(messages=[message], model="m", stream=False)
    either: CreateChatCompletionResponse | Chunks = client.chat.create_chat_completion(
        messages=[message], model="m", stream=flag
    )
    with client.chat.with_streaming_response.create_chat_completion(messages=[message], model="m") as response:
        lines: list[str] = list(response.iter_lines())
    with streamed:
        first: CreateChatCompletionStreamResponse = next(iter(streamed))
    return f"{whole.id}{off.id}{either}{lines}{first.id}"


async def run_async(client: AsyncOpenaiClient) -> str:
    message = ChatCompletionRequestUserMessage(content="hi", role="user")
    streamed: AsyncStream[CreateChatCompletionStreamResponse] = await client.chat.create_chat_completion(
        messages=[message], model="m", stream=True
    )
    whole: CreateChatCompletionResponse = await client.chat.create_chat_completion(messages=[message], model="m")
    async with streamed:
        ids = [chunk.id async for chunk in streamed]
    return f"{whole.id}{ids}"
"""

_WRONG = """
from openai_client import OpenaiClient
from openai_client.models.chat_completion_request_user_message import ChatCompletionRequestUserMessage
from openai_client.models.create_chat_completion_response import CreateChatCompletionResponse


def wrong(client: OpenaiClient) -> None:
    message = ChatCompletionRequestUserMessage(content="hi", role="user")
    whole: CreateChatCompletionResponse = client.chat.create_chat_completion(messages=[message], model="m", stream=True)
"""


def test_mypy_strict_accepts_both_overloads_and_refuses_a_stream_taken_for_the_model(
    openai_src: Path, tmp_path: Path
) -> None:
    (tmp_path / "user.py").write_text(textwrap.dedent(_USER_SCRIPT), encoding="utf-8")
    (tmp_path / "wrong.py").write_text(textwrap.dedent(_WRONG), encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(openai_src)}
    mypy = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.11",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]
    checked = subprocess.run(
        [*mypy, "user.py", "wrong.py"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, checked.stdout + checked.stderr  # user.py passes; wrong.py has one error
    assert errors[0].startswith("wrong.py:")
    assert 'expression has type "Stream[CreateChatCompletionStreamResponse]"' in errors[0]
