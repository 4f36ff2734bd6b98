"""What a generated ``from_dict`` gives for every shape of data: the contract decoding keeps.

Declared properties become fields; any other key goes to ``additional_properties``, decoded
when the schema types it; an absent optional property (or a ``null`` its type has no room
for) is ``UNSET``; a missing required one raises ``KeyError`` naming it; an enum value the
client does not know, hashable or not, comes back as it was sent; data that is not an
object raises one of the errors the client turns into ``APIResponseValidationError``.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.generated import generated_package

SPEC = """
openapi: 3.0.3
info: {title: Decoding, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
components:
  schemas:
    Thing:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {type: string, enum: [open, closed]}
        level: {type: integer, enum: [1, 2, 3]}
        maybe_status: {type: string, enum: [open, closed], nullable: true}
        statuses: {type: array, items: {type: string, enum: [open, closed]}}
        part: {$ref: "#/components/schemas/Part"}
        parts: {type: array, items: {$ref: "#/components/schemas/Part"}}
        when: {type: string, format: date-time}
        note: {type: string, nullable: true}
        owner: {anyOf: [{type: string}, {$ref: "#/components/schemas/Part"}]}
        count: {type: integer}
    Part:
      type: object
      properties:
        name: {type: string, nullable: true}
        parent: {$ref: "#/components/schemas/Part"}
    Holder:
      type: object
      required: [scores]
      properties:
        scores: {$ref: "#/components/schemas/Scores"}
        name: {type: string}
    Scores:
      type: object
      required: [total]
      properties:
        total: {type: integer}
      additionalProperties: {type: string, format: date-time}
"""

UTC = datetime.UTC


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[types.ModuleType]:
    with generated_package(tmp_path_factory.mktemp("decoding"), "decoding_client", SPEC):
        import decoding_client.models

        yield decoding_client.models


@pytest.fixture(scope="module")
def unset(models: types.ModuleType) -> object:
    from decoding_client._types import UNSET

    return UNSET


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in type(obj).__slots__ if not name.startswith("__")}


def test_every_declared_property_becomes_its_field(models: types.ModuleType) -> None:
    thing = models.Thing.from_dict(
        {
            "id": "t_1",
            "status": "open",
            "level": 2,
            "maybe_status": "closed",
            "statuses": ["closed", "open"],
            "part": {"name": None},
            "parts": [{}, {"name": "b"}],
            "when": "2020-01-01T00:00:00Z",
            "note": "n",
            "owner": {"name": "o"},
            "count": 3,
        }
    )
    assert thing.status is models.ThingStatus.OPEN
    assert thing.level is models.ThingLevel.VALUE_2
    assert thing.maybe_status is models.ThingMaybeStatus.CLOSED
    assert thing.statuses == [models.ThingStatusesItem.CLOSED, models.ThingStatusesItem.OPEN]
    assert thing.part.name is None
    assert [p.name for p in thing.parts] == [models.Part.from_dict({}).name, "b"]
    assert thing.when == datetime.datetime(2020, 1, 1, tzinfo=UTC)
    assert (thing.id, thing.note, thing.owner.name, thing.count) == ("t_1", "n", "o", 3)
    assert thing.additional_properties == {}


def test_unknown_keys_go_to_additional_properties_in_their_order(models: types.ModuleType) -> None:
    thing = models.Thing.from_dict({"zz": 1, "id": "t", "aa": [2], "status": "open", "part": {"q": None}})
    assert list(thing.additional_properties.items()) == [("zz", 1), ("aa", [2])]
    assert thing.part.additional_properties == {"q": None}


def test_an_unknown_key_in_place_of_a_declared_one_is_additional(models: types.ModuleType, unset: object) -> None:
    # as many keys as declared properties, one of them unknown
    holder = models.Holder.from_dict({"scores": {"total": 1}, "nome": "x"})
    assert (holder.name, holder.additional_properties) == (unset, {"nome": "x"})
    part = models.Part.from_dict({"name": "n", "q": 1})
    assert (part.name, part.parent, part.additional_properties) == ("n", unset, {"q": 1})


def test_a_missing_required_property_deeper_down_raises_key_error(models: types.ModuleType) -> None:
    with pytest.raises(KeyError, match="total"):
        models.Holder.from_dict({"scores": {"a": "2021-01-01T00:00:00Z"}, "name": "n"})
    with pytest.raises(KeyError, match="total"):
        models.Holder.from_dict({"scores": {}})


def test_the_data_given_is_left_as_it_was(models: types.ModuleType) -> None:
    data = {"id": "t", "status": "open", "extra": 1, "part": {"name": "p", "more": 2}}
    models.Thing.from_dict(data)
    assert data == {"id": "t", "status": "open", "extra": 1, "part": {"name": "p", "more": 2}}


def test_a_model_that_holds_itself_decodes(models: types.ModuleType) -> None:
    part = models.Part.from_dict({"name": "c", "parent": {"name": "p", "parent": {"name": None}}})
    assert (part.name, part.parent.name, part.parent.parent.name) == ("c", "p", None)


def test_typed_additional_properties_are_decoded(models: types.ModuleType) -> None:
    scores = models.Scores.from_dict({"total": 1, "a": "2021-01-01T00:00:00Z"})
    assert scores.additional_properties == {"a": datetime.datetime(2021, 1, 1, tzinfo=UTC)}
    with pytest.raises(TypeError, match="date-time string, got int"):
        models.Scores.from_dict({"total": 1, "a": 5})


def test_any_mapping_decodes(models: types.ModuleType) -> None:
    part = models.Part.from_dict(types.MappingProxyType({"name": "n", "q": 1}))
    assert (part.name, part.additional_properties) == ("n", {"q": 1})


def test_absent_optional_properties_are_unset(models: types.ModuleType, unset: object) -> None:
    thing = models.Thing.from_dict({"id": "t", "status": "closed"})
    assert {k: v for k, v in _fields(thing).items() if v is not unset} == {
        "id": "t",
        "status": models.ThingStatus.CLOSED,
        "additional_properties": {},
    }


def test_null_is_unset_unless_the_type_allows_it(models: types.ModuleType, unset: object) -> None:
    names = ("level", "statuses", "part", "parts", "when", "owner", "count")
    thing = models.Thing.from_dict(
        {"id": "t", "status": "open", "maybe_status": None, "note": None, **dict.fromkeys(names)}
    )
    assert (thing.maybe_status, thing.note) == (None, None)
    assert all(getattr(thing, name) is unset for name in names)
    assert models.Part.from_dict({"name": None}).name is None


def test_a_missing_required_property_raises_key_error_naming_it(models: types.ModuleType) -> None:
    with pytest.raises(KeyError, match="status"):
        models.Thing.from_dict({"id": "t"})
    with pytest.raises(KeyError, match="id"):
        models.Thing.from_dict({})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param({"status": "weird", "level": 9, "maybe_status": "new"}, ("weird", 9, "new"), id="unknown"),
        pytest.param(
            {"status": ["x"], "level": {"a": 1}, "maybe_status": [1]}, (["x"], {"a": 1}, [1]), id="unhashable"
        ),
        pytest.param({"status": 1, "level": "1", "maybe_status": 2.5}, (1, "1", 2.5), id="other-json-type"),
    ],
)
def test_an_enum_value_the_client_does_not_know_comes_back_as_sent(
    models: types.ModuleType, data: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    thing = models.Thing.from_dict({"id": "t", **data})
    assert (thing.status, thing.level, thing.maybe_status) == expected
    assert models.Thing.from_dict({"id": "t", "status": "open", "statuses": ["x", "open"]}).statuses == [
        "x",
        models.ThingStatusesItem.OPEN,
    ]


def test_a_boolean_for_an_integer_enum_is_the_member_of_equal_value(models: types.ModuleType) -> None:
    assert models.Thing.from_dict({"id": "t", "status": "open", "level": True}).level is models.ThingLevel.VALUE_1


def test_primitive_values_are_kept_as_sent(models: types.ModuleType) -> None:
    thing = models.Thing.from_dict({"id": 1, "status": "open", "count": "x", "note": 2})
    assert (thing.id, thing.count, thing.note) == (1, "x", 2)


@pytest.mark.parametrize("data", [[], [1], "abc", "", None, 5, {"x"}], ids=repr)
@pytest.mark.parametrize("model", ["Thing", "Part", "Scores"])
def test_data_that_is_not_an_object_raises(models: types.ModuleType, model: str, data: object) -> None:
    with pytest.raises((TypeError, AttributeError)):
        getattr(models, model).from_dict(data)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        pytest.param("part", "x", (TypeError, AttributeError), id="model-from-string"),
        pytest.param("part", [1], (TypeError, AttributeError), id="model-from-list"),
        pytest.param("parts", {"a": 1}, (TypeError, AttributeError), id="list-from-object"),
        pytest.param("owner", [1], (TypeError, AttributeError), id="string-or-model-from-list"),
        pytest.param("when", 5, TypeError, id="date-time-from-int"),
    ],
)
def test_a_value_of_the_wrong_json_type_raises(
    models: types.ModuleType, field: str, value: object, error: type[Exception] | tuple[type[Exception], ...]
) -> None:
    with pytest.raises(error):
        models.Thing.from_dict({"id": "t", "status": "open", field: value})


def test_the_generated_models_pass_mypy_strict(models: types.ModuleType, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    src = Path(models.__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", str(src / "decoding_client")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(src)},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout
