"""The decoding helpers of ``_models``."""

from __future__ import annotations

import enum

import pytest
from rtpkg._models import parse_enum


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Size(enum.IntEnum):
    SMALL = 1


@pytest.mark.parametrize(
    ("cls", "value", "expected"),
    [
        pytest.param(Colour, "red", Colour.RED, id="member"),
        pytest.param(Colour, "mauve", "mauve", id="unknown-value-kept"),
        pytest.param(Size, 1, Size.SMALL, id="int-member"),
        pytest.param(Colour, ["red"], ["red"], id="unhashable-kept"),
        pytest.param(Colour, None, None, id="null-kept"),
    ],
)
def test_parse_enum_gives_the_member_or_the_value(cls: type[enum.Enum], value: object, expected: object) -> None:
    for _ in range(2):  # the second time through the enum's cached members
        assert parse_enum(cls, value) == expected
