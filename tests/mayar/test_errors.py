"""Mayar's error envelope ({"statusCode": ..., "messages": ...}) as typed errors, and unknown fields."""

from __future__ import annotations

import json

import pytest
from mayar_client import (
    APIStatusError,
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)

from tests.mayar.conftest import Runner, sent
from tests.mayar.scenarios import (
    CREDIT,
    MISSING_MEMBER_ID,
    SCENARIOS,
    UNAUTHENTICATED,
    add_credit_credit_product,
    spend_credit_product,
)


@pytest.mark.parametrize(
    ("cassette", "call", "error", "status", "messages"),
    [
        pytest.param("balance_401", UNAUTHENTICATED["balance_401"], AuthenticationError, 401, "unauthorized", id="401"),
        pytest.param("history_404", SCENARIOS["history_404"], NotFoundError, 404, "customer not found", id="404"),
        pytest.param(
            "add_credit_429",
            add_credit_credit_product,
            RateLimitError,
            429,
            "Too many requests, please try again later.",
            id="429",
        ),
        pytest.param("spend_500", spend_credit_product, InternalServerError, 500, "Internal server error", id="500"),
    ],
)
def test_error_statuses_raise_typed_errors_with_the_envelope(
    run: Runner, cassette: str, call: object, error: type[APIStatusError], status: int, messages: str
) -> None:
    with pytest.raises(error) as caught:
        run(cassette, call)
    exc = caught.value
    assert isinstance(exc, APIStatusError)
    assert exc.status_code == status
    assert exc.body == {"statusCode": status, "messages": messages}
    assert exc.request_id is None  # Mayar sends none
    assert str(status) in str(exc)
    assert len(run.server.received) == 1  # max_retries=0


def test_not_found_names_the_missing_member_in_the_path(run: Runner) -> None:
    with pytest.raises(NotFoundError):
        run("history_404", SCENARIOS["history_404"])
    sent(run, method="GET", path=f"{CREDIT}/credit/customer/paginate-credit-history/{MISSING_MEMBER_ID}")


def test_rate_limit_exposes_retry_after(run: Runner) -> None:
    with pytest.raises(RateLimitError) as caught:
        run("add_credit_429", add_credit_credit_product)
    assert caught.value.retry_after == 30.0
    assert caught.value.headers["retry-after"] == "30"


@pytest.mark.parametrize(
    ("cassette", "call", "error"),
    [
        pytest.param("add_credit_429", add_credit_credit_product, RateLimitError, id="429"),
        pytest.param("spend_500", spend_credit_product, InternalServerError, id="500"),
    ],
)
def test_credit_changing_posts_are_not_resent_even_with_retries_on(
    run: Runner, cassette: str, call: object, error: type[APIStatusError]
) -> None:
    # Spending or adding credit twice is not harmless: without an idempotency key a POST is sent once.
    with pytest.raises(error):
        run(cassette, call, max_retries=2)
    assert len(run.server.received) == 1


def test_unknown_fields_are_kept_and_round_trip(run: Runner) -> None:
    bal = run("balance_extra_fields", SCENARIOS["balance_credit_product"])
    assert bal.customer_main_balance == 29801
    assert bal.additional_properties == {
        "customerBalanceTrial": 0,
        "currency": "CREDIT",
        "wallets": [{"walletType": "MAIN", "balance": 29801}, {"walletType": "ADD_ON", "balance": 500}],
    }
    recorded = run.server.interactions[0]["response"]["body"]["string"]
    assert bal.to_dict() == json.loads(recorded)
