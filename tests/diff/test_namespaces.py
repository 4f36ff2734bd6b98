"""The Python surface of namespaces: a method moving into or out of ``client.v2`` is a breaking move."""

from __future__ import annotations

from typing import Any

from .shop import diff_edits

Data = dict[str, Any]


def _get(d: Data) -> Data:
    op: Data = d["paths"]["/items/{item_id}"]["get"]
    return op


def _into_v2(d: Data) -> None:
    _get(d)["x-clientgen-group"] = ["v2"]


def _surface(report: Any) -> list[tuple[str, str, str]]:
    return [(c.id, c.message, c.migration) for c in report.changes if c.id.startswith("client-")]


def test_a_method_moved_into_a_namespace() -> None:
    assert _surface(diff_edits(None, _into_v2)) == [
        (
            "client-method-moved",
            "client.items.get_item moved to client.v2.items.get_item",
            "`client.items.get_item(item_id)` -> `client.v2.items.get_item(item_id)`",
        )
    ]


def test_a_method_moved_out_of_a_namespace() -> None:
    assert _surface(diff_edits(_into_v2, None)) == [
        (
            "client-method-moved",
            "client.v2.items.get_item moved to client.items.get_item",
            "`client.v2.items.get_item(item_id)` -> `client.items.get_item(item_id)`",
        )
    ]


def test_a_method_renamed_in_a_namespace_by_its_name_extension() -> None:
    def renamed(d: Data) -> None:
        _into_v2(d)
        _get(d)["x-clientgen-name"] = "fetch"

    assert _surface(diff_edits(_into_v2, renamed)) == [
        (
            "client-method-renamed",
            "client.v2.items.get_item was renamed to client.v2.items.fetch",
            "`client.v2.items.get_item(item_id)` -> `client.v2.items.fetch(item_id)`",
        )
    ]


def test_an_unchanged_namespace_is_no_change() -> None:
    assert _surface(diff_edits(_into_v2, _into_v2)) == []
