"""Events and subscriptions, through the recordings."""

from __future__ import annotations

import datetime
import json

import pytest
from afternoon_client import ConflictError, RateLimitError
from afternoon_client.models import SubscriptionStatus

from tests.afternoon.conftest import CUSTOMER_ID, SUBSCRIPTION_ID, Runner

EVENT_TIME = datetime.datetime(2024, 1, 15, 10, 30, tzinfo=datetime.UTC)


def _ingest(client: object) -> object:
    return client.events.ingest(  # type: ignore[attr-defined]
        event_name="api.request",
        idempotency_key="evt_abc123xyz",
        customer_id=CUSTOMER_ID,
        timestamp=EVENT_TIME,
        properties={"tokens": 150, "model": "gpt-4"},
    )


def test_ingest_serializes_datetimes_and_free_form_properties(run: Runner) -> None:
    res = run("events_ingest", _ingest)
    assert res.status == "processed"
    assert res.usage_id == "cm7u0000usage000000000001"
    assert res.cost[0].amount == "150"
    assert res.customer_balances[0].balance == "1350.000000"
    body = json.loads(run.server.received[0].body)
    assert body["timestamp"] in ("2024-01-15T10:30:00+00:00", "2024-01-15T10:30:00Z")
    assert body["properties"] == {"tokens": 150, "model": "gpt-4"}
    assert body["idempotency_key"] == "evt_abc123xyz"


def test_rate_limit_exposes_retry_after(run: Runner) -> None:
    with pytest.raises(RateLimitError) as caught:
        run("events_ingest_429", _ingest)
    assert caught.value.retry_after == 30
    assert caught.value.headers["x-ratelimit-remaining"] == "0"


def test_list_subscriptions_filters_and_paginates(run: Runner) -> None:
    res = run("subscriptions_list", lambda c: c.subscriptions.list(limit="2", customer_id=CUSTOMER_ID))
    assert [s.plan_code for s in res.subscriptions] == ["pro_monthly", "starter_monthly"]
    assert res.subscriptions[0].status is SubscriptionStatus.ACTIVE
    assert res.subscriptions[0].canceled_at is None
    assert res.pagination.next_cursor == "cm6a1b2c30000sub0000000002"
    assert res.pagination.has_more is True
    assert dict(run.server.received[0].query) == {"limit": "2", "customer_id": CUSTOMER_ID}


def test_create_subscription(run: Runner) -> None:
    res = run(
        "subscriptions_create",
        lambda c: c.subscriptions.create(customer_id=CUSTOMER_ID, plan_code="pro_monthly", billing_anchor_day=1),
    )
    assert res.subscription.status == "pending"
    assert json.loads(run.server.received[0].body) == {
        "customer_id": CUSTOMER_ID,
        "plan_code": "pro_monthly",
        "billing_anchor_day": 1,
    }


def test_create_subscription_conflict(run: Runner) -> None:
    with pytest.raises(ConflictError) as caught:
        run(
            "subscriptions_create_409",
            lambda c: c.subscriptions.create(customer_id=CUSTOMER_ID, plan_code="pro_monthly"),
        )
    assert caught.value.body.error.code == "CONFLICT"


def test_update_subscription(run: Runner) -> None:
    res = run("subscriptions_update", lambda c: c.subscriptions.update(SUBSCRIPTION_ID, billing_anchor_day=15))
    assert res.subscription.billing_anchor_day == 15
    assert json.loads(run.server.received[0].body) == {"billing_anchor_day": 15}


def test_cancel_subscription_accepts_enum_members(run: Runner) -> None:
    from afternoon_client.models import CancelSubscriptionRequestCancelMode

    res = run(
        "subscriptions_cancel",
        lambda c: c.subscriptions.cancel(
            SUBSCRIPTION_ID,
            cancel_mode=CancelSubscriptionRequestCancelMode.NOW,
            cancel_now_prepaid_refund_policy="prorated_refund",
        ),
    )
    assert res.subscription.status is SubscriptionStatus.CANCELED
    assert res.subscription.canceled_at == datetime.datetime(2025, 1, 20, 12, tzinfo=datetime.UTC)
    assert json.loads(run.server.received[0].body) == {
        "cancel_mode": "now",
        "cancel_now_prepaid_refund_policy": "prorated_refund",
    }


def test_change_plan(run: Runner) -> None:
    res = run(
        "subscriptions_change_plan",
        lambda c: c.subscriptions.change_plan(
            SUBSCRIPTION_ID, target_plan_code="enterprise_monthly", change_mode="end_of_period"
        ),
    )
    assert res.status == "scheduled"
    assert res.new_subscription.plan_code == "enterprise_monthly"
    assert res.old_subscription.id == SUBSCRIPTION_ID


def test_credit_grant_amount_accepts_a_number_and_returns_the_string(run: Runner) -> None:
    res = run(
        "subscriptions_create_credit_grant",
        lambda c: c.subscriptions.create_credit_grant(
            SUBSCRIPTION_ID, name="Welcome credits", amount=100, pricing_unit_code="gpu_sec", expires_at=None
        ),
    )
    assert res.credit_grant.amount == "100"
    assert res.credit_grant.expires_at is None
    assert json.loads(run.server.received[0].body) == {
        "name": "Welcome credits",
        "amount": 100,
        "pricing_unit_code": "gpu_sec",
        "expires_at": None,
    }
