"""The orchestrator end to end, and a functional test: generate, import, decode, call."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.config import ClientConfig
from generator.pipeline import generate
from generator.specfiles import SPEC_HEADER, dump_spec

from .helpers import PETS, write_text

PACKAGE = "fx_pets_client"


@pytest.fixture
def pets_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The generated package, importable for the test only."""
    spec = write_text(tmp_path, "pets.yaml", PETS)
    outcome = generate([spec], ClientConfig.for_package(PACKAGE, tmp_path / "out"))
    assert outcome.warnings == ()
    monkeypatch.syspath_prepend(str(tmp_path / "out" / "src"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_generated_models_keep_unknown_keys_and_unknown_enum_values(pets_package: Any) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    wire = {
        "id": "p1",
        "class": "mammal",
        "data": "d",
        "status": "pending",
        "born": "2024-01-15T10:30:00+00:00",
        "colour": {"eyes": "green"},
    }
    pet = models.Pet.from_dict(wire)
    assert (pet.class_, pet.data) == ("mammal", "d")
    assert pet.status == "pending"
    assert type(pet.status) is str
    assert pet.additional_properties == {"colour": {"eyes": "green"}}
    assert pet.to_dict() == wire
    assert json.loads(json.dumps(pet.to_dict())) == wire


def test_generated_models_decode_known_enum_values_to_members(pets_package: Any) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    pet = models.Pet.from_dict({"id": "p1", "status": "sold"})
    assert pet.status is models.PetStatus.SOLD
    assert pet.to_dict() == {"id": "p1", "status": "sold"}


def test_generated_client_calls_the_api(pets_package: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "a/b", "status": "available", "extra": 1})

    with pets_package.FxPetsClient(http_client=httpx.Client(transport=httpx.MockTransport(handler))) as client:
        pet = client.pets.get_pet("a/b")
    assert [str(r.url) for r in seen] == ["https://pets.example/v1/pets/a%2Fb"]
    assert pet.id == "a/b"
    assert pet.additional_properties == {"extra": 1}


# --- the orchestrator --------------------------------------------------------------------------


def test_generating_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "pets.yaml", PETS)
    config = ClientConfig.for_package("pets_client", tmp_path / "out")
    first = generate([spec], config)
    assert first.result.unchanged == 0
    assert len(first.result.written) > 10
    second = generate([spec], config)
    assert (second.result.written, second.result.removed) == ((), ())
    assert second.result.unchanged == len(first.result.written)
    assert generate([spec], config, check=True).stale == ()


def test_the_normalized_spec_is_written_with_a_header_and_checked(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "pets.yaml", PETS.replace("operationId: getPet", "operationId: get-pet"))
    normalized = tmp_path / "openapi.yaml"
    config = ClientConfig.for_package("pets_client", tmp_path / "out")
    outcome = generate([spec], config, normalized=normalized)
    assert outcome.normalized_stale
    text = normalized.read_text(encoding="utf-8")
    assert text.startswith(SPEC_HEADER.format(sources="pets.yaml"))
    assert "operationId: get_pet" in text
    assert "x-clientgen-environment: production" in text
    assert not generate([spec], config, normalized=normalized, check=True).normalized_stale
    normalized.write_text(text + "# edited\n", encoding="utf-8")
    assert generate([spec], config, normalized=normalized, check=True).normalized_stale
    assert normalized.read_text(encoding="utf-8").endswith("# edited\n")


def test_dump_spec_keeps_key_order_and_never_uses_aliases() -> None:
    shared = {"type": "string"}
    text = dump_spec({"b": shared, "a": shared, "date": "2024-01-15"}, "x.yaml")
    assert text == SPEC_HEADER.format(sources="x.yaml") + "b:\n  type: string\na:\n  type: string\ndate: '2024-01-15'\n"


EMPTY_ENUM = """
openapi: 3.1.0
info: {title: T, version: '1'}
servers:
  - url: https://api.example.com
paths: {}
components:
  schemas:
    Empty:
      type: string
      enum: []
"""


def test_warnings_keep_their_lines_after_normalization(tmp_path: Path) -> None:
    spec = write_text(tmp_path, "openapi.yaml", EMPTY_ENUM)
    outcome = generate([spec], ClientConfig.for_package("t_client", tmp_path / "out"))
    assert [w.format() for w in outcome.warnings] == [
        f"{spec}:10: /components/schemas/Empty/enum: warning: empty enum: any value of the declared type"
    ]


def test_a_warning_in_a_second_fragment_names_that_fragment(tmp_path: Path) -> None:
    first = write_text(tmp_path, "a.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
    second = write_text(tmp_path, "b.yaml", EMPTY_ENUM)
    outcome = generate([first, second], ClientConfig.for_package("t_client", tmp_path / "out"))
    assert [w.format() for w in outcome.warnings] == [
        f"{second}:10: /components/schemas/Empty/enum: warning: empty enum: any value of the declared type"
    ]
