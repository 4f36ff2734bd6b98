"""``null`` where the schema does not allow it: an optional property reads as absent.

Servers send ``null`` for optional properties their description marks non-nullable (OpenAI's
streamed chat chunks carry ``"usage": null`` on every chunk but the last). The model's annotation
says ``T | Unset``: ``UNSET`` is the value it allows, so that is what such a ``null`` becomes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.generated import generated_package

SPEC = """
openapi: 3.0.3
info: {title: Nulls, version: "1"}
paths:
  /chunks:
    get:
      operationId: getChunk
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Chunk"}}}
components:
  schemas:
    Usage:
      type: object
      required: [total]
      properties: {total: {type: integer}}
    Chunk:
      type: object
      required: [id]
      properties:
        id: {type: string}
        text: {type: string}
        usage: {$ref: "#/components/schemas/Usage"}
        created: {type: string, format: date-time}
        tags: {type: array, items: {type: string}}
        note: {type: string, nullable: true}
        extra: {}
"""


@pytest.fixture(scope="module")
def nulls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("nulls"), "nulls_client", SPEC):
        import nulls_client.models

        yield nulls_client.models


def test_null_for_an_optional_non_nullable_property_reads_as_absent(nulls: ModuleType) -> None:
    from nulls_client._types import UNSET

    data = {"id": "c1", "text": None, "usage": None, "created": None, "tags": None, "note": None, "extra": None}
    chunk = nulls.Chunk.from_dict(data)
    assert (chunk.text, chunk.usage, chunk.created, chunk.tags) == (UNSET, UNSET, UNSET, UNSET)
    assert chunk.note is None and chunk.extra is None  # null is a value of these types
    assert chunk.to_dict() == {"id": "c1", "note": None, "extra": None}


def test_present_values_and_absent_properties_read_as_before(nulls: ModuleType) -> None:
    from nulls_client._types import UNSET

    chunk = nulls.Chunk.from_dict({"id": "c2", "text": "hi", "usage": {"total": 3}, "tags": ["a"]})
    assert (chunk.text, chunk.usage.total, chunk.tags, chunk.created, chunk.note) == ("hi", 3, ["a"], UNSET, UNSET)
    assert chunk.to_dict() == {"id": "c2", "text": "hi", "usage": {"total": 3}, "tags": ["a"]}


def test_the_generated_models_pass_mypy_strict(nulls: ModuleType, tmp_path: Path) -> None:
    src = Path(nulls.__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", str(src / "nulls_client")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(src)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout
