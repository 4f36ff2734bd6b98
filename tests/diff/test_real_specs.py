"""The committed Afternoon and Mayar specs with simulated vendor updates."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import load_config
from generator.diff import Report, diff_specs, spec_from_text

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENTS = load_config(ROOT / "clientgen.toml")
Data = dict[str, Any]


def _spec(name: str) -> Data:
    path = CLIENTS[name].normalized
    assert path is not None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


SPECS = {name: _spec(name) for name in ("afternoon", "mayar")}


def _diff(name: str, base: Data, revision: Data) -> Report:
    client = CLIENTS[name]
    specs = [
        spec_from_text(Path(f"{side}/openapi.yaml"), yaml.safe_dump(data, sort_keys=False), client.environments)
        for side, data in (("base", base), ("revision", revision))
    ]
    return diff_specs(specs[0], specs[1], client)


def _schemas(d: Data) -> Data:
    found: Data = d["components"]["schemas"]
    return found


def afternoon_field_added(d: Data) -> None:
    _schemas(d)["Customer"]["properties"]["nickname"] = {"type": "string"}


def afternoon_enum_value_added(d: Data) -> None:
    _schemas(d)["SubscriptionStatus"]["enum"].append("paused")


def afternoon_endpoint_removed(d: Data) -> None:
    del d["paths"]["/v1/customers/search"]


def afternoon_operation_renamed(d: Data) -> None:
    d["paths"]["/v1/customers/{id}/balances"]["get"]["operationId"] = "get_balances"


MAYAR_BALANCE = "/credit/v1/credit/customer/balance"


def _mayar_balance_name(d: Data) -> str:
    """The component name of the "Get Customer Balance" response."""
    media = d["paths"][MAYAR_BALANCE]["get"]["responses"]["200"]["content"]["application/json"]
    ref: str = media["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def mayar_field_added(d: Data) -> None:
    _schemas(d)[_mayar_balance_name(d)]["properties"]["currency"] = {"type": "string"}


def mayar_with_status_enum(d: Data) -> None:
    """Mayar's spec has no enum on ``message``: both sides of this update get one, the revision one value more."""
    _schemas(d)[_mayar_balance_name(d)]["properties"]["message"]["enum"] = ["success"]


def mayar_enum_value_added(d: Data) -> None:
    mayar_with_status_enum(d)
    _schemas(d)[_mayar_balance_name(d)]["properties"]["message"]["enum"].append("partial")


def mayar_endpoint_removed(d: Data) -> None:
    del d["paths"]["/credit/v1/credit/generate/immutable/checkout"]


def mayar_operation_renamed(d: Data) -> None:
    d["paths"][MAYAR_BALANCE]["get"]["operationId"] = "get_balance_of_a_customer"


Update = Callable[[Data], None]
# (client, base edit, revision edit, the rules expected, the suggested bump)
UPDATES: dict[str, tuple[str, Update | None, Update, set[str], str]] = {
    "afternoon-field-added": ("afternoon", None, afternoon_field_added, {"response-optional-property-added"}, "minor"),
    "afternoon-enum-value-added": (
        "afternoon",
        None,
        afternoon_enum_value_added,
        {"response-property-enum-value-added"},
        "minor",
    ),
    "afternoon-endpoint-removed": ("afternoon", None, afternoon_endpoint_removed, {"api-path-removed"}, "major"),
    "afternoon-operation-renamed": ("afternoon", None, afternoon_operation_renamed, {"client-method-renamed"}, "major"),
    "mayar-field-added": ("mayar", None, mayar_field_added, {"response-optional-property-added"}, "minor"),
    "mayar-enum-value-added": (
        "mayar",
        mayar_with_status_enum,
        mayar_enum_value_added,
        {"response-property-enum-value-added"},
        "minor",
    ),
    "mayar-endpoint-removed": ("mayar", None, mayar_endpoint_removed, {"api-path-removed"}, "major"),
    "mayar-operation-renamed": ("mayar", None, mayar_operation_renamed, {"client-method-renamed"}, "major"),
}


@pytest.mark.parametrize("update", sorted(UPDATES))
def test_vendor_update(update: str) -> None:
    name, base_edit, revision_edit, expected, bump = UPDATES[update]
    base, revision = copy.deepcopy(SPECS[name]), copy.deepcopy(SPECS[name])
    if base_edit is not None:
        base_edit(base)
    revision_edit(revision)
    report = _diff(name, base, revision)
    assert {c.id for c in report.changes} == expected
    assert report.semver == bump
    assert report.breaking == (bump == "major")


def test_renamed_method_names_both_spellings() -> None:
    revision = copy.deepcopy(SPECS["afternoon"])
    afternoon_operation_renamed(revision)
    (change,) = _diff("afternoon", SPECS["afternoon"], revision).changes
    assert change.operation == "GET /v1/customers/{id}/balances"
    assert change.pointer == "/paths/~1v1~1customers~1{id}~1balances/get"
    assert "client.customers.list_balances" in change.message and "client.customers.get_balances" in change.message


def test_schema_renamed_renames_the_class() -> None:
    revision = copy.deepcopy(SPECS["mayar"])
    operation = revision["paths"][MAYAR_BALANCE]["get"]
    name = _mayar_balance_name(revision)
    _schemas(revision)["Balance"] = _schemas(revision).pop(name)
    operation["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Balance"}
    report = _diff("mayar", SPECS["mayar"], revision)
    assert [c.id for c in report.changes] == ["client-class-renamed"]
    assert f"{name} is now" in report.changes[0].message


def test_afternoon_server_url_changed() -> None:
    revision = copy.deepcopy(SPECS["afternoon"])
    revision["servers"][0]["url"] = "https://api.afternoon.dev"
    ids = {c.id for c in _diff("afternoon", SPECS["afternoon"], revision).changes}
    assert "server-url-changed" in ids and not {"server-removed", "server-added"} & ids
