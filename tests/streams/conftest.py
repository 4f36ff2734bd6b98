"""Fixtures of the stream tests: the piece-by-piece server, and clients generated into temporary folders.

``feeds`` is generated from :data:`FEEDS_SPEC`, ten-odd lines naming each kind of stream; ``openai``
from the OpenAI description of the shared corpus (``../shared/corpus``), read where it lies.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import ClientConfig
from generator.pipeline import generate
from tests.streams.stream_server import serving
from tests.support.generated import generated_package

ROOT = Path(__file__).resolve().parents[2]
OPENAI_SPEC = ROOT.parent / "shared" / "corpus" / "openai" / "openapi.yaml"

FEEDS_SPEC = """
openapi: 3.2.0
info: {title: Feeds, version: "1.0"}
paths:
  /events:
    get:
      operationId: listen
      tags: [feeds]
      parameters:
        - {name: error, in: query, schema: {type: integer}}
      responses:
        "200": {description: Raw events., content: {text/event-stream: {}}}
  /ticks:
    get:
      operationId: ticks
      tags: [feeds]
      responses:
        "200":
          description: Typed events.
          content: {text/event-stream: {itemSchema: {$ref: "#/components/schemas/Tick"}}}
  /logs:
    get:
      operationId: logs
      tags: [feeds]
      responses:
        "200":
          description: One JSON object a line.
          content: {application/x-ndjson: {itemSchema: {$ref: "#/components/schemas/Tick"}}}
  /files/{size}:
    get:
      operationId: download
      tags: [files]
      parameters:
        - {name: size, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: The bytes.
          content: {application/octet-stream: {schema: {type: string, format: binary}}}
components:
  schemas:
    Tick:
      type: object
      required: [seq]
      properties:
        seq: {type: integer}
        note: {type: string}
"""


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with serving() as url:
        yield url


@pytest.fixture(scope="session")
def feeds_src(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ``src`` folder of the generated ``feeds_client``, importable while the session lasts."""
    with generated_package(tmp_path_factory.mktemp("feeds"), "feeds_client", FEEDS_SPEC) as out:
        yield out / "src"


@pytest.fixture(scope="session")
def openai_src(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ``src`` folder of ``openai_client``, generated from the corpus's OpenAI description."""
    if not OPENAI_SPEC.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({OPENAI_SPEC})")
    out = tmp_path_factory.mktemp("openai") / "out"
    generate([OPENAI_SPEC], ClientConfig.for_package("openai_client", out))
    src = str(out / "src")
    sys.path.insert(0, src)
    try:
        yield out / "src"
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == "openai_client" or n.startswith("openai_client.")]:
            del sys.modules[name]
