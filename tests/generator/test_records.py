"""Records behave as the attrs classes they replace: fields, defaults, equality, hashing, evolve."""

from __future__ import annotations

import pytest

from generator import records


@records.frozen
class Point:
    x: int
    y: int = 0
    tags: list[str] = records.field(factory=list)

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


@records.frozen
class Pair:
    x: int
    y: int = 0


@records.frozen
class OtherPair:
    x: int
    y: int = 0


@records.frozen
class Empty:
    """No fields (the IR's ``AnyType``)."""


@records.frozen(eq=False)
class Handle:
    name: str


@records.mutable
class Tally:
    count: int = 0
    seen: set[str] = records.field(factory=set)


class _Base:
    __slots__ = ()

    @property
    def label(self) -> str:
        return type(self).__name__


@records.frozen
class Derived(_Base):
    name: str


@records.frozen
class Child(Point):
    z: int = 0


def test_fields_are_the_annotations_in_order_with_their_defaults() -> None:
    point = Point(1)
    assert (point.x, point.y, point.tags) == (1, 0, [])
    assert Point(1, 2, ["a"]) == Point(x=1, y=2, tags=["a"])
    assert records.fields(Point) == ("x", "y", "tags") == Point.__match_args__
    assert records.fields(Child) == ("x", "y", "tags", "z")
    assert Child(1, 2, [], 3).z == 3 and Child(1).norm == 1
    assert records.fields(str) == ()
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, unknown=2)  # type: ignore[call-arg]


def test_a_factory_default_is_made_for_each_instance() -> None:
    first, second = Point(1), Point(1)
    first.tags.append("a")
    assert second.tags == []
    assert Tally().seen is not Tally().seen


def test_frozen_records_refuse_changes_and_have_no_dict() -> None:
    point = Point(1)
    with pytest.raises(records.FrozenRecordError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    assert not hasattr(point, "__dict__")
    with pytest.raises(AttributeError):
        object.__setattr__(point, "other", 1)


def test_equality_and_hashing_are_by_class_and_values() -> None:
    assert Pair(1, 2) == Pair(1, 2) and hash(Pair(1, 2)) == hash(Pair(1, 2))
    assert Pair(1, 2) != Pair(2, 1)
    assert Pair(1, 2) != OtherPair(1, 2)  # type: ignore[comparison-overlap]  # another class: another value
    assert Pair(1, 2) != (1, 2)  # type: ignore[comparison-overlap]
    assert Empty() == Empty() and hash(Empty()) == hash(Empty())
    assert len({Pair(1), Pair(1), Pair(2)}) == 2
    with pytest.raises(TypeError):
        hash(Point(1))  # a list field: unhashable, as a tuple holding a list is


def test_eq_false_keeps_identity() -> None:
    first = Handle("a")
    assert first == first and first != Handle("a")
    assert len({first, Handle("a")}) == 2


def test_mutable_records_may_change_and_are_not_hashable() -> None:
    tally = Tally()
    tally.count += 1
    assert tally == Tally(1)
    with pytest.raises(TypeError):
        hash(tally)


def test_evolve_copies_with_changes() -> None:
    point = Point(1, 2, ["a"])
    moved = records.evolve(point, y=5)
    assert moved == Point(1, 5, ["a"]) and point == Point(1, 2, ["a"])
    assert type(records.evolve(Child(1), z=2)) is Child
    with pytest.raises(TypeError):
        records.evolve(point, w=1)


def test_repr_names_the_class_and_the_fields() -> None:
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=[])"
    assert repr(Empty()) == "Empty()"


def test_a_plain_base_keeps_its_methods_and_slots() -> None:
    derived = Derived("n")
    assert derived.label == "Derived"
    assert not hasattr(derived, "__dict__")


def test_a_field_without_a_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        @records.frozen
        class Wrong:
            first: int = 0
            second: str  # type: ignore[misc]
