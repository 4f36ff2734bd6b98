"""The ``items`` resource of the Depot client: create, read, replace, update and delete; cursor
pages; typed 404, 409 and 422 bodies; a deprecated operation.  Sync and async (see ``conftest``).

Items a test creates carry the tag ``scratch`` and are deleted by the test, so the seeded items
the other tests read stay as they were.
"""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

import pytest

from tests.realserver.conftest import Depot, Driver


def _attrs(item: Any) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "kind": item.kind, "tags": item.tags, "price": item.price}


def test_every_item_arrives_through_the_cursor_pages(call: Driver, depot: Depot, models: ModuleType) -> None:
    items = call.walk(lambda c: c.items.list_items(limit=2))
    store = depot.app.state.store.items
    assert [item.id for item in items] == sorted(store)
    assert all(isinstance(item, models.Item) for item in items)
    hammer = items[0]
    assert (hammer.name, hammer.kind, hammer.tags) == ("hammer", models.Kind.TOOL, ["steel", "hand"])
    assert isinstance(hammer.dimensions, models.Dimensions)
    assert (hammer.dimensions.width, hammer.dimensions.height, hammer.dimensions.depth) == (30.0, 10.0, None)
    assert hammer.price is None  # nullable and required: null arrives as None


def test_one_page_is_the_response_model_with_its_next_cursor(call: Driver, models: ModuleType) -> None:
    page = call(lambda c: c.items.list_items(limit=3))
    assert isinstance(page, models.ItemPage)
    assert [item.name for item in page.items] == ["hammer", "bolt", "starter kit"]
    assert page.next_cursor == "3"
    assert page.has_next_page()


def test_an_item_is_created_read_replaced_updated_and_deleted(call: Driver, models: ModuleType) -> None:
    dims = models.Dimensions(width=1.5, height=2.0, depth=0.5)
    name = f"clamp ({call.mode})"
    created = call(lambda c: c.items.create_item(name=name, kind="tool", tags=["scratch"], dimensions=dims))
    assert isinstance(created, models.Item)
    assert (created.name, created.kind, created.tags, created.price) == (name, models.Kind.TOOL, ["scratch"], None)
    assert created.dimensions == models.Dimensions(width=1.5, height=2.0, depth=0.5)
    try:
        read = call(lambda c: c.items.get_item(created.id))
        assert _attrs(read) == _attrs(created)
        replaced = call(lambda c: c.items.replace_item(created.id, name=name, kind=models.Kind.PART, price=3.5))
        assert (replaced.kind, replaced.price, replaced.tags, replaced.dimensions) == (models.Kind.PART, 3.5, [], None)
        renamed = call(lambda c: c.items.update_item(created.id, name=name + "!"))
        assert (renamed.name, renamed.price) == (name + "!", 3.5)  # a field not sent is not changed
        cleared = call(lambda c: c.items.update_item(created.id, price=None))
        assert (cleared.name, cleared.price) == (name + "!", None)  # None is sent as null
    finally:
        assert call(lambda c: c.items.delete_item(created.id)) is None  # 204: no body, None
    with pytest.raises(call.package.NotFoundError):
        call(lambda c: c.items.get_item(created.id))


def test_a_missing_item_raises_not_found_with_the_typed_problem(call: Driver, models: ModuleType) -> None:
    for operation in (
        lambda c: c.items.get_item(9999),
        lambda c: c.items.delete_item(9999),
        lambda c: c.items.update_item(9999, name="x"),
        lambda c: c.items.replace_item(9999, name="x", kind="kit"),
    ):
        with pytest.raises(call.package.NotFoundError) as raised:
            call(operation)
        assert raised.value.status_code == 404
        problem = raised.value.body
        assert isinstance(problem, models.Problem)
        assert (problem.code, problem.message, problem.item_id) == ("not_found", "no item 9999", 9999)


def test_a_duplicate_name_raises_conflict_with_the_typed_problem(call: Driver, models: ModuleType) -> None:
    with pytest.raises(call.package.ConflictError) as raised:
        call(lambda c: c.items.create_item(name="hammer", kind="tool"))
    assert raised.value.status_code == 409
    assert isinstance(raised.value.body, models.Problem)
    assert (raised.value.body.code, raised.value.body.message) == ("conflict", "'hammer' exists")


def test_a_value_the_server_refuses_raises_422_with_fastapis_typed_detail(call: Driver, models: ModuleType) -> None:
    with pytest.raises(call.package.UnprocessableEntityError) as raised:
        call(lambda c: c.items.list_items(limit=500))
    body = raised.value.body
    assert isinstance(body, models.HTTPValidationError)
    assert isinstance(body.detail[0], models.ValidationError)
    assert body.detail[0].loc == ["query", "limit"]
    assert body.detail[0].type_ == "less_than_equal"  # `type` is a builtin: the field is `type_`
    assert body.detail[0].msg == "Input should be less than or equal to 50"


def test_a_deprecated_operation_still_answers(call: Driver, depot: Depot, models: ModuleType) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the warning is the next test's
        items = call(lambda c: c.items.list_items_legacy())
    assert [item.id for item in items] == sorted(depot.app.state.store.items)
    assert all(isinstance(item, models.Item) for item in items)


def test_a_deprecated_operation_warns_when_called(call: Driver) -> None:
    with pytest.warns(DeprecationWarning, match="list_items_legacy"):
        call(lambda c: c.items.list_items_legacy())
