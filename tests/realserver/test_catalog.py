"""The ``catalog`` and ``shapes`` resources of the Depot client: query arrays, enums in the query
and the path, a header parameter, percent-encoded path values, dict responses, discriminated
unions both ways, and examples.  Sync and async (see ``conftest``).
"""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

from tests.realserver.conftest import Driver


def test_query_arrays_and_enums_filter_the_search(call: Driver, models: ModuleType) -> None:
    found = call(lambda c: c.catalog.search(tag=["steel", "hand"]))
    assert [item.name for item in found] == ["hammer"]
    found = call(lambda c: c.catalog.search(tag=["hand"], kind=[models.Kind.TOOL, "kit"]))
    assert [(item.name, item.kind) for item in found] == [
        ("hammer", models.Kind.TOOL),
        ("starter kit", models.Kind.KIT),
        ("saw", models.Kind.TOOL),
    ]
    assert all(isinstance(item, models.Item) for item in found)
    assert call(lambda c: c.catalog.search(tag=["steel"], kind=["kit"])) == []


def test_a_header_parameter_reaches_the_server(call: Driver) -> None:
    found = call(lambda c: c.catalog.search(tag=["steel"], kind=["part"], x_trace="t-1"))
    assert [item.name for item in found] == ["bolt (t-1)"]


def test_an_enum_path_parameter_takes_a_member_or_its_value(call: Driver, models: ModuleType) -> None:
    summary = call(lambda c: c.catalog.summarize_kind(models.Kind.PART))
    assert isinstance(summary, models.KindSummary)
    assert (summary.kind, summary.count, summary.names) == (models.Kind.PART, 2, ["bolt", "washer"])
    summary = call(lambda c: c.catalog.summarize_kind("kit"))
    assert (summary.kind, summary.count, summary.names) == (models.Kind.KIT, 1, ["starter kit"])


def test_a_path_value_is_percent_encoded_and_arrives_whole(call: Driver, models: ModuleType) -> None:
    label = "50% off & more?#1"
    read = call(lambda c: c.catalog.read_label(label))
    assert isinstance(read, models.Label)
    assert (read.label, read.length) == (label, len(label))


def test_dict_responses_are_dicts_of_typed_values(call: Driver, models: ModuleType) -> None:
    assert call(lambda c: c.catalog.count_stock()) == {"tool": 2, "part": 2, "kit": 1}
    by_tag = call(lambda c: c.catalog.items_by_tag())
    assert sorted(by_tag) == ["hand", "steel"]
    assert [item.name for item in by_tag["steel"]] == ["hammer", "bolt"]
    assert all(isinstance(item, models.Item) for items in by_tag.values() for item in items)


def test_a_discriminated_union_arrives_as_its_variants(call: Driver, models: ModuleType) -> None:
    shapes = call(lambda c: c.shapes.list_shapes())
    assert [type(shape) for shape in shapes] == [models.Circle, models.Square]
    assert (shapes[0].kind, shapes[0].radius) == ("circle", 1.0)
    assert (shapes[1].kind, shapes[1].side) == ("square", 2.0)


def test_a_discriminated_union_goes_as_a_body_and_comes_back_nested(call: Driver, models: ModuleType) -> None:
    area = call(lambda c: c.shapes.measure_shape(body=models.Square(kind="square", side=3.0)))
    assert isinstance(area, models.Area)
    assert isinstance(area.shape, models.Square)
    assert (area.shape.side, area.area) == (3.0, 9.0)
    area = call(lambda c: c.shapes.measure_shape(body=models.Circle(kind="circle", radius=2.0)))
    assert isinstance(area.shape, models.Circle)
    assert (area.shape.radius, area.area) == (2.0, 12.566)


def test_a_color_and_a_missing_color(call: Driver, models: ModuleType) -> None:
    color = call(lambda c: c.catalog.get_color("teal"))
    assert isinstance(color, models.Color)
    assert (color.name, color.hex) == ("teal", "#008080")
    with pytest.raises(call.package.NotFoundError) as raised:
        call(lambda c: c.catalog.get_color("mauve"))
    assert isinstance(raised.value.body, models.Problem)
    assert raised.value.body.message == "no color mauve"


def test_the_examples_of_a_parameter_and_a_response_are_in_the_docstring(client_package: ModuleType) -> None:
    with client_package.DepotClient(base_url="http://127.0.0.1:9") as client:
        doc = inspect.getdoc(client.catalog.get_color) or ""
    assert "teal" in doc  # the parameter's example
    assert "#008080" in doc  # the response's example
