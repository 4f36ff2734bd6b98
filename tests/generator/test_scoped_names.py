"""Names a person would write: open string enums, sentinel literals, operation namespaces, short names."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.build.scopes import scope_module, short_names
from generator.emit import annotation
from generator.ir import Api
from generator.problems import Problems

from .helpers import build_api, operation, write_text

SPEC = """
openapi: 3.1.0
info: {title: Names, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      tags: [things]
      parameters:
        - name: created
          in: query
          schema:
            anyOf:
              - {type: object, properties: {gt: {type: integer}}}
              - {type: integer}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                service_tier:
                  anyOf:
                    - {type: string}
                    - {type: string, enum: [auto, default]}
                shipping:
                  anyOf:
                    - type: object
                      properties: {address: {type: object, properties: {city: {type: string}}}}
                    - {type: string, enum: [""]}
                trial_end:
                  anyOf:
                    - {type: string, enum: [now]}
                    - {type: integer}
                billing:
                  type: object
                  properties: {address: {type: object, properties: {zip: {type: string}}}}
                model: {$ref: "#/components/schemas/ModelIds"}
                color: {type: string, x-extensible-enum: [red, green]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /things/{id}:
    post:
      operationId: updateThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                shipping: {type: object, properties: {name: {type: string}}}
      responses:
        "200": {description: ok}
components:
  schemas:
    ModelIds:
      anyOf:
        - {type: string, enum: [small, large]}
        - {type: string}
    Thing:
      type: object
      properties:
        service_tier: {$ref: "#/components/schemas/ServiceTier"}
        a_property_with_a_name_long_enough_to_pass_the_limit_of_sixty:
          type: object
          properties: {x: {type: string}}
    ServiceTier:
      oneOf:
        - {type: string, enum: [auto, flex]}
        - {type: string}
      nullable: true
"""


@pytest.fixture(scope="module")
def names_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    api, _ = build_api(write_text(tmp_path_factory.mktemp("names"), "openapi.yaml", SPEC), "names_client")
    return api


def _components_only(folder: Path, schemas: str) -> tuple[Api, Problems]:
    """The API of a spec holding only the component ``schemas`` (YAML, indented as written)."""
    text = "openapi: 3.1.0\ninfo: {title: Only, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    text += textwrap.indent(textwrap.dedent(schemas).strip("\n"), "    ") + "\n"
    return build_api(write_text(folder, "openapi.yaml", text), "only_client")


def _signature(api: Api, op_name: str) -> dict[str, str]:
    op = operation(api, op_name)
    assert op.body is not None
    return {p.name: annotation(p) for p in (*op.params, *op.body.flattened)}


def test_known_values_or_any_string_is_one_open_enum_named_after_the_schema(names_api: Api) -> None:
    enums = {e.name: [m.value_repr for m in e.members] for e in names_api.enums}
    assert enums["ModelIds"] == ["'small'", "'large'"]
    assert enums["ServiceTier"] == ["'auto'", "'flex'"]
    signature = _signature(names_api, "create_thing")
    assert signature["model"] == "ModelIds | str | Unset"
    assert signature["color"] == "create_thing_params.Color | str | Unset"
    assert not [n for n in (*enums, *(m.name for m in names_api.models)) if n[-1].isdigit()]


def test_a_one_string_variant_is_a_literal_and_an_empty_one_is_documented(names_api: Api) -> None:
    signature = _signature(names_api, "create_thing")
    assert signature["shipping"] == "create_thing_params.Shipping | Literal[''] | Unset"
    assert signature["trial_end"] == "Literal['now'] | int | Unset"
    body = operation(names_api, "create_thing").body
    assert body is not None
    shipping = next(p for p in body.flattened if p.name == "shipping")
    assert shipping.notes == "Pass ``''`` to clear it."


def test_inline_request_types_live_in_their_operation_namespace(names_api: Api) -> None:
    assert _signature(names_api, "create_thing")["created"] == "create_thing_params.Created | int | Unset"
    scoped = sorted(m.name for m in names_api.models if m.scope)
    assert scoped == [
        "create_thing_params.Address",
        "create_thing_params.Billing",
        "create_thing_params.BillingAddress",
        "create_thing_params.Body",
        "create_thing_params.Created",
        "create_thing_params.Shipping",
        "update_thing_params.Body",
        "update_thing_params.Shipping",
    ]
    # the component's own inline type stays top-level; its too long a name is shortened
    top = sorted(m.name for m in names_api.models if not m.scope)
    assert top == ["Thing", "ThingAWithNameLongEnoughToPassTheLimitOfSixty"]


def test_scope_module_names_stay_short() -> None:
    assert scope_module("chat", "create_chat_completion") == "create_chat_completion_params"
    assert scope_module("customers", "list") == "customers_list_params"
    long = scope_module("customers", "delete_customers_customer_subscriptions_subscription_exposed_id_discount")
    assert long == "delete_customers_subscriptions_exposed_id_discount_params"
    assert len(scope_module("x", "a_very_" * 20)) <= 60


def test_long_names_lose_repeated_words_first() -> None:
    hint = "CustomerBalanceResourceCashBalanceTransactionResourceFundedTransactionResourceBankTransfer/Network"
    assert next(short_names(hint)) == "CustomerCashTransactionFundedBankTransferNetwork"


def test_the_same_name_for_two_schemas_is_numbered_and_reported(tmp_path: Path) -> None:
    schemas = """
    A: {type: object, properties: {b: {type: object, properties: {x: {type: string}}}}}
    A_b: {type: object, properties: {y: {type: string}}}
    """
    api, problems = _components_only(tmp_path, schemas)
    assert [m.name for m in api.models] == ["A", "AB", "AB_2"]
    (warning,) = [p for p in problems.warnings if p.kind == "name-collision"]
    assert warning.location.pointer == "/components/schemas/A_b"
    assert "two schemas want the class name 'AB': this one is named 'AB_2'" in warning.message


def test_the_generated_namespace_imports_decodes_and_type_checks(tmp_path: Path) -> None:
    from tests.support.generated import generated_package

    with generated_package(tmp_path, "names_client", SPEC) as out:
        params = importlib.import_module("names_client.models.create_thing_params")
        body = params.Body.from_dict({"service_tier": "brand-new", "shipping": "", "color": "red"})
        assert body.service_tier == "brand-new"
        assert body.shipping == ""
        assert body.to_dict() == {"service_tier": "brand-new", "shipping": "", "color": "red"}
        assert params.Body.from_dict({"shipping": {"address": {"city": "Oslo"}}}).shipping.address.city == "Oslo"
        checked = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "src/names_client"],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout


def test_union_variants_are_named_by_title_then_by_the_value_they_allow(tmp_path: Path) -> None:
    schemas = """
    Event:
      oneOf:
        - {type: object, properties: {type: {const: created}, id: {type: string}}}
        - {type: object, properties: {type: {type: string, enum: [deleted]}}}
        - {type: object, title: other, properties: {x: {type: string}}}
    Pair:
      anyOf:
        - {type: object, properties: {a: {type: string}}}
        - {type: object, properties: {b: {type: string}}}
    """
    api, _ = _components_only(tmp_path, schemas)
    assert [m.name for m in api.models] == ["EventCreated", "EventDeleted", "EventOther", "Pair1", "Pair2"]
