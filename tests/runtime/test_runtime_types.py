"""The ``UNSET`` sentinel and the type aliases of ``_types``."""

from __future__ import annotations

import copy
import pickle
import typing

import httpx
import pytest
from rtpkg import _types
from rtpkg._types import UNSET, Unset


def test_unset_is_falsy() -> None:
    assert not UNSET
    assert bool(UNSET) is False


def test_unset_repr_reads_unset() -> None:
    assert repr(UNSET) == "UNSET"
    assert str(UNSET) == "UNSET"


def test_unset_is_a_singleton() -> None:
    assert Unset() is UNSET
    assert copy.copy(UNSET) is UNSET
    assert copy.deepcopy({"a": UNSET})["a"] is UNSET
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET


def test_unset_is_distinct_from_none() -> None:
    assert UNSET is not None
    assert not isinstance(None, Unset)


def test_isinstance_narrows_the_sentinel() -> None:
    def describe(value: str | Unset = UNSET) -> str:
        return "not given" if isinstance(value, Unset) else value

    assert describe() == "not given"
    assert describe("x") == "x"


@pytest.mark.parametrize(
    ("alias", "value"),
    [
        pytest.param(_types.TimeoutTypes, httpx.Timeout(1.0), id="timeout-object"),
        pytest.param(_types.TimeoutTypes, 1.5, id="timeout-seconds"),
    ],
)
def test_aliases_are_unions_usable_at_run_time(alias: object, value: object) -> None:
    assert isinstance(value, typing.get_args(alias))


def test_all_lists_the_public_names() -> None:
    assert set(_types.__all__) == {
        "UNSET",
        "Unset",
        "Body",
        "BodyFields",
        "FileContent",
        "FileTypes",
        "Files",
        "Headers",
        "Query",
        "TimeoutTypes",
    }
