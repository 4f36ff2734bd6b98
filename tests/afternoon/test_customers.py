"""Customers: list_balances in depth (errors, tolerance, encoding), and the CRUD calls."""

from __future__ import annotations

import json

import pytest
from afternoon_client import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
)
from afternoon_client.models import CustomerBalancesResponse, WalletBalanceAccountType

from tests.afternoon.conftest import API_KEY, CUSTOMER_ID, Runner


def test_list_balances_returns_typed_models(run: Runner) -> None:
    res = run("list_balances_200", lambda c: c.customers.list_balances(CUSTOMER_ID))
    assert isinstance(res, CustomerBalancesResponse)
    assert res.success is True
    assert res.request_id == "req_abc123"
    first, second = res.balances
    assert (first.balance, first.account_type, first.pricing_unit_code) == (
        "1500.000000",
        WalletBalanceAccountType.PRICING_UNIT,
        "gpu_sec",
    )
    assert second.account_type == "currency" and second.currency_code == "usd"
    assert not second.pricing_unit_code  # absent: UNSET, which is falsy
    sent = run.server.received[0]
    assert sent.method == "GET"
    assert sent.path == f"/v1/customers/{CUSTOMER_ID}/balances"
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.headers["accept"] == "application/json"


def test_unknown_enum_value_stays_readable_as_the_string(run: Runner) -> None:
    res = run("list_balances_unknown_enum", lambda c: c.customers.list_balances(CUSTOMER_ID))
    credits, currency = res.balances
    assert credits.account_type == "credits"
    assert not isinstance(credits.account_type, WalletBalanceAccountType)
    assert credits.additional_properties == {"credit_code": "promo"}
    assert currency.account_type is WalletBalanceAccountType.CURRENCY
    assert credits.to_dict()["account_type"] == "credits"


def test_unknown_fields_are_kept_and_round_trip(run: Runner) -> None:
    res = run("list_balances_extra_fields", lambda c: c.customers.list_balances(CUSTOMER_ID))
    assert res.additional_properties == {"livemode": False, "warnings": ["balance is cached"]}
    balance = res.balances[0]
    assert balance.additional_properties["locked"] == {"amount": "1.00"}
    assert res.to_dict() == json.loads(
        '{"livemode": false, "warnings": ["balance is cached"], "success": true, "balances": [{"updated_at":'
        ' "2025-01-15T10:30:00Z", "locked": {"amount": "1.00"}, "balance": "7.25", "account_type": "currency",'
        ' "currency_code": "usd"}], "request_id": "req_extra1"}'
    )


@pytest.mark.parametrize(
    ("cassette", "customer", "error", "status", "code", "request_id"),
    [
        pytest.param(
            "list_balances_401", CUSTOMER_ID, AuthenticationError, 401, "UNAUTHORIZED", "req_abc123", id="401"
        ),
        pytest.param(
            "list_balances_404", "cm5x9z8nv0000h85r7l9p2k9z", NotFoundError, 404, "NOT_FOUND", "req_nf404", id="404"
        ),
        pytest.param(
            "list_balances_500", CUSTOMER_ID, InternalServerError, 500, "INTERNAL_ERROR", "req_ie500", id="500"
        ),
    ],
)
def test_error_statuses_raise_typed_errors_with_the_error_model(
    run: Runner,
    cassette: str,
    customer: str,
    error: type[APIStatusError],
    status: int,
    code: str,
    request_id: str,
) -> None:
    with pytest.raises(error) as caught:
        run(cassette, lambda c: c.customers.list_balances(customer))
    exc = caught.value
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == status
    assert exc.request_id == request_id
    assert exc.body.error.code == code
    assert exc.headers["x-ratelimit-limit"] == "1000"
    assert str(status) in str(exc)


def test_error_details_of_any_type_are_kept(run: Runner) -> None:
    with pytest.raises(InternalServerError) as caught:
        run("list_balances_500", lambda c: c.customers.list_balances(CUSTOMER_ID))
    assert caught.value.body.error.details == {"trace": "db timeout"}


def test_path_parameters_are_percent_encoded(run: Runner) -> None:
    with pytest.raises(NotFoundError):
        run("list_balances_path_encoding", lambda c: c.customers.list_balances("a/b c?#"))
    assert run.server.received[0].path == "/v1/customers/a%2Fb%20c%3F%23/balances"


@pytest.mark.parametrize(
    "bad", [pytest.param("", id="empty"), pytest.param(".", id="dot"), pytest.param("..", id="dotdot")]
)
def test_dot_segments_and_empty_ids_are_refused_before_any_io(run: Runner, bad: str) -> None:
    with pytest.raises(ValueError, match="path parameter"):
        run("list_balances_200", lambda c: c.customers.list_balances(bad))
    assert run.server.received == []


def test_create_sends_only_the_given_fields(run: Runner) -> None:
    res = run(
        "customers_create",
        lambda c: c.customers.create(name="Acme Corp", email="billing@acme.com", external_id="cust_123"),
    )
    assert res.customer.id == CUSTOMER_ID
    assert res.customer.billing_address.country == "US"
    sent = run.server.received[0]
    assert sent.method == "POST"
    assert json.loads(sent.body) == {"name": "Acme Corp", "email": "billing@acme.com", "external_id": "cust_123"}
    assert sent.headers["content-type"] == "application/json"


def test_create_validation_error_is_bad_request(run: Runner) -> None:
    with pytest.raises(BadRequestError) as caught:
        run("customers_create_400", lambda c: c.customers.create(email="not-an-email"))
    assert caught.value.body.error.details == [{"path": ["email"], "message": "Invalid email"}]


def test_get_parses_dates_and_nested_objects(run: Runner) -> None:
    res = run("customers_get", lambda c: c.customers.get(CUSTOMER_ID))
    assert res.customer.name == "Acme Corp"
    assert res.customer.created_at.year == 2025
    assert res.customer.created_at.tzinfo is not None


def test_update_patches_only_the_changed_fields(run: Runner) -> None:
    res = run(
        "customers_update", lambda c: c.customers.update(CUSTOMER_ID, name="Acme Corporation", phone="+1 555 0100")
    )
    assert res.customer.phone == "+1 555 0100"
    sent = run.server.received[0]
    assert sent.method == "PATCH"
    assert json.loads(sent.body) == {"name": "Acme Corporation", "phone": "+1 555 0100"}


def test_search_sends_query_parameters(run: Runner) -> None:
    res = run("customers_search", lambda c: c.customers.search(external_id="cust_123"))
    assert [c.external_id for c in res.customers] == ["cust_123"]
    assert run.server.received[0].query == (("external_id", "cust_123"),)
