"""Type references to source: annotations, decode and encode expressions, and what they import."""

from __future__ import annotations

import ast
import datetime
import enum
from typing import Any

import pytest

from generator.ir import (
    AnyType,
    Discriminator,
    EnumType,
    ListType,
    MapType,
    ModelType,
    NullableType,
    PrimitiveType,
    TypeRef,
    UnionType,
)
from generator.types import Need, annotation, decode, decoder, encode, referenced

PET = ModelType("Pet", "pet")
CAT = ModelType("Cat", "cat")
DOG = ModelType("Dog", "dog")
COLOR = EnumType("Color", "color")
LEVEL = EnumType("Level", "level", "int")
DATETIME = PrimitiveType("datetime")
STR = PrimitiveType("str")
KIND = Discriminator("kind", "'kind'", (("'cat'", CAT), ("'dog'", DOG)))

TABLE = [
    pytest.param(STR, "str", "v", "v", id="str"),
    pytest.param(PrimitiveType("int"), "int", "v", "v", id="int"),
    pytest.param(PrimitiveType("float"), "float", "v", "v", id="float"),
    pytest.param(PrimitiveType("bool"), "bool", "v", "v", id="bool"),
    pytest.param(DATETIME, "datetime.datetime", "parse_datetime(v)", "v.isoformat()", id="date-time"),
    pytest.param(PrimitiveType("date"), "datetime.date", "parse_date(v)", "v.isoformat()", id="date"),
    pytest.param(PrimitiveType("uuid"), "uuid.UUID", "parse_uuid(v)", "str(v)", id="uuid"),
    pytest.param(PrimitiveType("bytes"), "bytes", "parse_bytes(v)", "v", id="bytes"),
    pytest.param(AnyType(), "Any", "v", "v", id="any"),
    pytest.param(PET, "Pet", "Pet.from_dict(v)", "v.to_dict()", id="model"),
    pytest.param(ListType(STR), "list[str]", "v", "v", id="list-of-str"),
    pytest.param(
        ListType(PET),
        "list[Pet]",
        "list(map(Pet.from_dict, v))",
        "[_i0.to_dict() for _i0 in v]",
        id="list-of-models",
    ),
    pytest.param(
        ListType(ListType(DATETIME)),
        "list[list[datetime.datetime]]",
        "[[parse_datetime(_i1) for _i1 in _i0] for _i0 in v]",
        "[[_i1.isoformat() for _i1 in _i0] for _i0 in v]",
        id="list-of-lists",
    ),
    pytest.param(MapType(PrimitiveType("float")), "dict[str, float]", "v", "v", id="map-of-float"),
    pytest.param(
        MapType(PET),
        "dict[str, Pet]",
        "{_k0: Pet.from_dict(_v0) for _k0, _v0 in v.items()}",
        "{_k0: _v0.to_dict() for _k0, _v0 in v.items()}",
        id="map-of-models",
    ),
    pytest.param(
        COLOR,
        "Color | str",
        "_Color_members.get(v, v) if type(v) is str else parse_enum(Color, v)",
        "enum_value(v)",
        id="open-str-enum",
    ),
    pytest.param(
        LEVEL,
        "Level | int",
        "_Level_members.get(v, v) if type(v) is int else parse_enum(Level, v)",
        "enum_value(v)",
        id="open-int-enum",
    ),
    pytest.param(
        UnionType((STR, PrimitiveType("int"))),
        "str | int",
        "parse_union(v, (expect_str, expect_int,))",
        "to_jsonable(v)",
        id="union",
    ),
    pytest.param(
        UnionType((CAT, DOG), KIND),
        "Cat | Dog",
        "parse_discriminated(v, 'kind', {'cat': Cat.from_dict, 'dog': Dog.from_dict}, (Cat.from_dict, Dog.from_dict,))",
        "to_jsonable(v)",
        id="discriminated-union",
    ),
    pytest.param(
        UnionType((COLOR, STR)),
        "Color | str",
        "parse_union(v, (lambda _x0: parse_enum(Color, _x0), expect_str,))",
        "to_jsonable(v)",
        id="union-with-enum-deduplicates-str",
    ),
    pytest.param(
        UnionType((STR, PET)),
        "str | Pet",
        "v if isinstance(v, str) else Pet.from_dict(v)",
        "to_jsonable(v)",
        id="id-or-object",
    ),
    pytest.param(
        UnionType((CAT, STR, DOG), KIND),
        "Cat | str | Dog",
        "v if isinstance(v, str) else parse_discriminated(v, 'kind', {'cat': Cat.from_dict, 'dog': Dog.from_dict}, "
        "(Cat.from_dict, Dog.from_dict,))",
        "to_jsonable(v)",
        id="id-or-one-of-objects",
    ),
    pytest.param(
        UnionType((DATETIME, PET)),
        "datetime.datetime | Pet",
        "parse_union(v, (lambda _x0: parse_datetime(_x0), Pet.from_dict,))",
        "to_jsonable(v)",
        id="formatted-string-or-object-tries-each",
    ),
    pytest.param(
        NullableType(DATETIME),
        "datetime.datetime | None",
        "None if v is None else parse_datetime(v)",
        "None if v is None else v.isoformat()",
        id="nullable-date-time",
    ),
    pytest.param(
        NullableType(COLOR),
        "Color | str | None",
        "None if v is None else _Color_members.get(v, v) if type(v) is str else parse_enum(Color, v)",
        "None if v is None else enum_value(v)",
        id="nullable-enum",
    ),
    pytest.param(NullableType(STR), "str | None", "v", "v", id="nullable-identity"),
    pytest.param(NullableType(AnyType()), "Any", "v", "v", id="nullable-any-is-any"),
    pytest.param(NullableType(NullableType(STR)), "str | None", "v", "v", id="nullable-twice"),
    pytest.param(
        ListType(NullableType(PET)),
        "list[Pet | None]",
        "[None if _i0 is None else Pet.from_dict(_i0) for _i0 in v]",
        "[None if _i0 is None else _i0.to_dict() for _i0 in v]",
        id="list-of-nullable-models",
    ),
]


@pytest.mark.parametrize(("t", "ann", "dec", "enc"), TABLE)
def test_annotation_decode_and_encode(t: TypeRef, ann: str, dec: str, enc: str) -> None:
    assert annotation(t).expr == ann
    assert decode(t, "v").expr == dec
    assert encode(t, "v").expr == enc


@pytest.mark.parametrize(("t", "ann", "dec", "enc"), TABLE)
def test_every_expression_is_valid_python(t: TypeRef, ann: str, dec: str, enc: str) -> None:
    for source in (annotation(t).expr, decode(t, "v").expr, encode(t, "v").expr, decoder(t).expr):
        ast.parse(source, mode="eval")


@pytest.mark.parametrize(
    "t",
    [
        pytest.param(ListType(STR), id="list-of-str"),
        pytest.param(ListType(PrimitiveType("int")), id="list-of-int"),
        pytest.param(ListType(ListType(PrimitiveType("bool"))), id="list-of-lists"),
        pytest.param(ListType(AnyType()), id="list-of-any"),
        pytest.param(ListType(NullableType(STR)), id="list-of-nullable-str"),
        pytest.param(MapType(ListType(PrimitiveType("float"))), id="map-of-lists"),
        pytest.param(NullableType(ListType(STR)), id="nullable-list"),
    ],
)
def test_containers_of_identity_types_decode_and_encode_as_identity(t: TypeRef) -> None:
    for code in (decode(t, "data['x']"), encode(t, "self.x")):
        assert code.identity
        assert code.needs == frozenset()
    assert decode(t, "data['x']").expr == "data['x']"


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        pytest.param(PET, "Pet.from_dict(data['x'])", id="read-once"),
        pytest.param(
            NullableType(DATETIME), "None if (_v := data['x']) is None else parse_datetime(_v)", id="nullable"
        ),
        pytest.param(
            UnionType((STR, PET)), "_v if isinstance((_v := data['x']), str) else Pet.from_dict(_v)", id="union"
        ),
        pytest.param(
            NullableType(UnionType((PET, STR))),
            "None if (_v := data['x']) is None else _v if isinstance(_v, str) else Pet.from_dict(_v)",
            id="nullable-union",
        ),
    ],
)
def test_a_value_read_twice_is_read_once_into_a_name(t: TypeRef, expected: str) -> None:
    assert decode(t, "data['x']").expr == expected


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        pytest.param(STR, "expect_str", id="str"),
        pytest.param(AnyType(), "identity", id="any"),
        pytest.param(PET, "Pet.from_dict", id="model"),
        pytest.param(ListType(PET), "list_of(Pet.from_dict)", id="list-of-models"),
        pytest.param(MapType(PrimitiveType("int")), "map_of(expect_int)", id="map"),
        pytest.param(NullableType(PET), "nullable(Pet.from_dict)", id="nullable"),
        pytest.param(DATETIME, "lambda _x0: parse_datetime(_x0)", id="date-time"),
        pytest.param(COLOR, "lambda _x0: parse_enum(Color, _x0)", id="enum"),
    ],
)
def test_decoder_is_a_callable_expression(t: TypeRef, expected: str) -> None:
    assert decoder(t).expr == expected


@pytest.mark.parametrize(
    ("t", "needs"),
    [
        pytest.param(DATETIME, {Need("stdlib", "datetime")}, id="stdlib"),
        pytest.param(AnyType(), {Need("typing", "Any")}, id="typing"),
        pytest.param(MapType(LEVEL), {Need("enum", "Level", "level")}, id="enum-in-map"),
        pytest.param(
            UnionType((CAT, ListType(DOG))), {Need("model", "Cat", "cat"), Need("model", "Dog", "dog")}, id="union"
        ),
    ],
)
def test_annotation_lists_what_it_needs_imported(t: TypeRef, needs: set[Need]) -> None:
    assert annotation(t).needs == needs


def test_decode_lists_the_runtime_helpers_and_models_it_uses() -> None:
    t = UnionType((CAT, DOG), KIND)
    assert decode(t, "v").needs == {  # exactly what the expression calls: model modules get no import pass
        Need("runtime", "parse_discriminated"),
        Need("model", "Cat", "cat"),
        Need("model", "Dog", "dog"),
    }
    assert Need("runtime", "parse_union") in decode(UnionType((CAT, DOG)), "v").needs
    assert decode(NullableType(ListType(COLOR)), "v").needs == {
        Need("runtime", "parse_enum"),
        Need("enum", "Color", "color"),
        Need("members", "Color", "color"),  # the table the model module's _resolve() binds
    }


def test_referenced_finds_named_types_inside_containers() -> None:
    t = NullableType(UnionType((MapType(ListType(PET)), COLOR, UnionType((CAT, DOG), KIND))))
    assert referenced(t) == {PET, COLOR, CAT, DOG}
    assert referenced(ListType(STR)) == set()


# --- the expressions do what they say ----------------------------------------------------------


class Color(enum.StrEnum):
    RED = "red"


class Pet:
    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pet:
        return cls(data["name"])

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pet) and other.name == self.name

    __hash__ = None  # type: ignore[assignment]


def parse_enum(cls: type[enum.Enum], value: Any) -> Any:
    return cls._value2member_map_.get(value, value)


def enum_value(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def to_jsonable(value: object) -> object:
    return value.to_dict() if isinstance(value, Pet) else value


NAMESPACE: dict[str, Any] = {
    "to_jsonable": to_jsonable,
    "Pet": Pet,
    "Color": Color,
    "parse_enum": parse_enum,
    "_Color_members": Color._value2member_map_,
    "enum_value": enum_value,
    "parse_datetime": datetime.datetime.fromisoformat,
}
WHEN = datetime.datetime(2024, 1, 15, 10, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("t", "wire", "value"),
    [
        pytest.param(ListType(PET), [{"name": "a"}, {"name": "b"}], [Pet("a"), Pet("b")], id="list-of-models"),
        pytest.param(MapType(NullableType(PET)), {"a": None, "b": {"name": "b"}}, {"a": None, "b": Pet("b")}, id="map"),
        pytest.param(NullableType(DATETIME), "2024-01-15T10:30:00+00:00", WHEN, id="nullable-date-time-set"),
        pytest.param(NullableType(DATETIME), None, None, id="nullable-date-time-null"),
        pytest.param(ListType(COLOR), ["red", "mauve"], [Color.RED, "mauve"], id="open-enum-keeps-unknown-values"),
        pytest.param(ListType(UnionType((STR, PET))), ["p_1", {"name": "b"}], ["p_1", Pet("b")], id="id-or-object"),
    ],
)
def test_decode_then_encode_round_trips(t: TypeRef, wire: Any, value: Any) -> None:
    decoded = eval(decode(t, "v").expr, {**NAMESPACE, "v": wire})
    assert decoded == value
    assert eval(encode(t, "v").expr, {**NAMESPACE, "v": decoded}) == wire
