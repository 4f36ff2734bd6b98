"""Generated models: what loading one loads, and what from_dict gives, on a small generated client."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import ClientConfig
from generator.pipeline import generate

from .helpers import write_text

SHOP = """
openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example'}]
paths:
  /orders/{order_id}:
    get:
      operationId: getOrder
      tags: [orders]
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
components:
  schemas:
    Order:
      type: object
      required: [id, customer]
      properties:
        id: {type: string}
        customer: {anyOf: [{type: string}, {$ref: '#/components/schemas/Customer'}]}
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
        status: {type: string, enum: [open, paid]}
        note: {type: string, nullable: true}
        seal: {allOf: [{$ref: '#/components/schemas/Sealed'}, {nullable: true}]}
    Customer:
      type: object
      required: [id]
      properties:
        id: {type: string}
        last_order: {$ref: '#/components/schemas/Order'}
    Line:
      type: object
      properties:
        sku: {type: string}
        qty: {type: integer}
    Sealed: {type: object, additionalProperties: false}
"""
PACKAGE = "fx_shop_client"


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shop")
    outcome = generate([write_text(root, "shop.yaml", SHOP)], ClientConfig.for_package(PACKAGE, root / "out"))
    assert outcome.warnings == ()
    return root / "out" / "src"


@pytest.fixture
def models(src: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.syspath_prepend(str(src))
    try:
        yield importlib.import_module(f"{PACKAGE}.models")
    finally:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _run(src: Path, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_model_loads_no_other_model_until_it_decodes(src: Path) -> None:
    code = f"""
import sys
from {PACKAGE}.models.order import Order
def loaded():
    return sorted(n.rsplit(".", 1)[1] for n in sys.modules if n.startswith("{PACKAGE}.models."))
print(loaded())
Order.from_dict({{"id": "o_1", "customer": "c_1"}})
print(loaded())
print(sys.modules["{PACKAGE}.models.customer"]._resolved)
"""
    before, after, customer_resolved = _run(src, code).splitlines()
    assert before == "['order']"
    # its direct references, and not theirs: Customer has not decoded anything yet
    assert after == "['customer', 'line', 'order', 'order_seal', 'order_status']"
    assert customer_resolved == "False"


def test_a_string_or_an_object_decodes_by_its_json_type(models: Any) -> None:
    as_id = models.Order.from_dict({"id": "o_1", "customer": "c_1"})
    as_object = models.Order.from_dict({"id": "o_1", "customer": {"id": "c_1"}})
    assert as_id.customer == "c_1"
    assert isinstance(as_object.customer, models.Customer)
    assert as_object.customer.id == "c_1"
    assert as_object.to_dict() == {"id": "o_1", "customer": {"id": "c_1"}}


def test_models_that_refer_to_each_other_decode_and_encode(models: Any) -> None:
    wire = {
        "id": "o_1",
        "customer": {"id": "c_1", "last_order": {"id": "o_0", "customer": "c_1", "lines": [{"sku": "a"}]}},
        "lines": [{"sku": "b", "qty": 2}, {}],
        "status": "paid",
        "note": None,
        "seal": {},
    }
    order = models.Order.from_dict(wire)
    assert order.customer.last_order.lines[0].sku == "a"
    assert order.status is models.OrderStatus.PAID
    assert order.note is None
    assert order.lines[1].qty is importlib.import_module(PACKAGE).UNSET
    assert order.to_dict() == wire


def test_unknown_properties_are_kept_and_missing_required_ones_raise(models: Any) -> None:
    order = models.Order.from_dict({"id": "o_1", "customer": "c_1", "extra": [1], "status": "refunded"})
    assert order.additional_properties == {"extra": [1]}
    assert order.status == "refunded"  # an enum value added later comes back as the plain value
    assert models.Order.from_dict({"id": "o_1", "customer": "c_1"}).additional_properties == {}
    with pytest.raises(KeyError, match="customer"):
        models.Order.from_dict({"id": "o_1"})


def test_a_model_without_properties_keeps_every_key(models: Any) -> None:
    seal = models.OrderSeal.from_dict({"any": 1, "thing": {"x": None}})
    assert seal.additional_properties == {"any": 1, "thing": {"x": None}}
    assert models.OrderSeal.from_dict({}).to_dict() == {}


def test_the_generated_models_pass_mypy_strict(src: Path) -> None:
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", PACKAGE]
    env = {**os.environ, "MYPYPATH": str(src)}
    result = subprocess.run(command, cwd=src, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
