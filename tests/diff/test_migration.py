"""Migration notes: each change that breaks Python code says what the old call becomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diff.render import json_text, markdown, text
from generator.diff.semver import prepend_changelog

from .shop import Edit, diff_edits

Data = dict[str, Any]


def _post(d: Data) -> Data:
    op: Data = d["paths"]["/items/{item_id}"]["post"]
    return op


def _rename_schema(d: Data) -> None:
    d["components"]["schemas"]["Article"] = d["components"]["schemas"].pop("Legacy")


def _inline_body(d: Data) -> None:
    """The body written inline: its class moves into the operation's namespace."""
    body = _post(d)["requestBody"]["content"]["application/json"]
    body["schema"] = d["components"]["schemas"].pop("ItemUpdate")


Q_INT = {"name": "q", "in": "query", "required": True, "schema": {"type": "integer"}}
CASES: list[tuple[str, Edit, str]] = [
    (
        "client-method-renamed",
        lambda d: d["paths"]["/items/{item_id}"]["get"].__setitem__("operationId", "fetch_item"),
        "`client.items.get_item(item_id)` -> `client.items.fetch_item(item_id)`",
    ),
    (
        "client-method-moved",
        lambda d: d["paths"]["/items/{item_id}"]["get"].__setitem__("tags", ["catalog"]),
        "`client.items.get_item(item_id)` -> `client.catalog.get_item(item_id)`",
    ),
    (
        "new-required-request-parameter",
        lambda d: _post(d)["parameters"].append(Q_INT),
        "`client.items.update_item(item_id)` -> `client.items.update_item(item_id, q=...)` (`q: int`, required)",
    ),
    (
        "request-parameter-removed",
        lambda d: _post(d).__setitem__("parameters", []),
        "`client.items.update_item(item_id, dry_run=...)` -> `client.items.update_item(item_id)`",
    ),
    (
        "request-property-removed",
        lambda d: d["components"]["schemas"]["ItemUpdate"]["properties"].pop("note"),
        "`client.items.update_item(item_id, note=...)` -> `client.items.update_item(item_id)`",
    ),
    (
        "new-required-request-property",
        lambda d: d["components"]["schemas"]["ItemUpdate"]["required"].append("note"),
        "`client.items.update_item(item_id)` -> `client.items.update_item(item_id, note=...)` (`note: str`, required)",
    ),
    (
        "client-class-renamed",
        _rename_schema,
        "`from shop_client.models import Legacy` -> `from shop_client.models import Article`",
    ),
    (
        "client-class-renamed",
        _inline_body,
        "`from shop_client.models import ItemUpdate` -> `from shop_client.models.update_item_params import Body`",
    ),
    (
        "client-default-base-url-changed",
        lambda d: d["servers"][0].__setitem__("url", "https://v2.shop.example"),
        "`ShopClient()` -> `ShopClient(base_url='https://api.shop.example')` to keep the old server",
    ),
    (
        "api-removed",
        lambda d: d["paths"]["/items/{item_id}"].pop("post"),
        "`client.items.update_item(item_id, ...)` -> no replacement: the operation is gone",
    ),
]


@pytest.mark.parametrize(("rule_id", "edit", "migration"), CASES, ids=[c[0] for c in CASES])
def test_a_breaking_change_says_how_to_migrate(rule_id: str, edit: Edit, migration: str) -> None:
    report = diff_edits(None, edit)
    if rule_id == "new-required-request-property":  # an existing property made required: the same call change
        rule_id = "request-property-became-required"
    assert {c.migration for c in report.changes if c.id == rule_id} == {migration}


def test_every_output_carries_the_notes(tmp_path: Path) -> None:
    report = diff_edits(None, CASES[0][1])
    note = CASES[0][2]
    assert f"  migrate: {note}" in text(report)
    assert f"  Migrate: {note}" in markdown(report)
    assert f'"migration": "{note}"' in json_text(report)
    changelog = tmp_path / "CHANGELOG.md"
    prepend_changelog(changelog, "2.0.0", report, "2026-12-04")
    assert f"  Migrate: {note}" in changelog.read_text(encoding="utf-8")


def test_changes_that_break_nothing_carry_no_note() -> None:
    report = diff_edits(None, lambda d: d["components"]["schemas"]["Item"]["properties"].__setitem__("x", {}))
    assert report.changes and all(not c.migration for c in report.changes)
