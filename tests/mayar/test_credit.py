"""Every credit operation, in its "Credit Based Product" and "Membership (Credit)" forms, through the recordings."""

from __future__ import annotations

import json
import uuid

import pytest
from mayar_client import APIResponse

from tests.mayar.conftest import Runner, sent
from tests.mayar.scenarios import (
    ADD_CREDIT,
    BALANCE,
    BALANCE_PRODUCT_ID,
    BALANCE_TIER_ID,
    CHECKOUT,
    CHECKOUT_PRODUCT_ID,
    CREDIT,
    CUSTOMER_ID,
    HISTORY,
    MEMBER_ID,
    MEMBERSHIP_BALANCE_PRODUCT_ID,
    PRODUCT_ID,
    REGIST,
    REGIST_MEMBERSHIP,
    REGIST_PRODUCT_ID,
    SCENARIOS,
    SPEND,
    SPENDING_MEMBER_ID,
    TIER_ID,
    endpoint,
    model,
    raw_endpoint,
)

HISTORY_PATH = f"{CREDIT}/credit/customer/paginate-credit-history/{MEMBER_ID}"
HISTORY_QUERY = {"productId": PRODUCT_ID, "membershipTierId": BALANCE_TIER_ID, "page": "1", "limit": "5"}
MEMBERSHIP_CUSTOMER_ID = "faa4ee60-cf45-4043-b964-303890713bb9"
NEW_MEMBER_INFO = {"name": "memberTambahan", "email": "tambahan@gg.com", "mobile": "08777777799"}


def membership_body(amount: int) -> dict[str, object]:
    """The JSON body of the membership pages' spend and add-credit examples."""
    return {"memberId": SPENDING_MEMBER_ID, "productId": PRODUCT_ID, "membershipTierId": TIER_ID, "amount": amount}


def test_balance_credit_product(run: Runner) -> None:
    bal = run("balance_credit_product", SCENARIOS["balance_credit_product"])
    assert isinstance(bal, model("GET", BALANCE))
    assert (bal.status_code, bal.message) == (200, "success")
    assert (bal.customer_balance, bal.customer_main_balance, bal.customer_balance_addon) == (30001, 29801, 500)
    assert not bal.customer_balance_membership  # absent from this page's response: UNSET, which is falsy
    assert bal.additional_properties == {}
    received = sent(run, method="GET", path=BALANCE)
    assert dict(received.query) == {"productId": BALANCE_PRODUCT_ID, "customerId": CUSTOMER_ID}
    assert received.body == b""


def test_balance_membership(run: Runner) -> None:
    bal = run("balance_membership", SCENARIOS["balance_membership"])
    assert (bal.customer_balance, bal.customer_balance_membership, bal.customer_balance_addon) == (50990, 0, 50990)
    assert not bal.customer_main_balance
    received = sent(run, method="GET", path=BALANCE)
    assert dict(received.query) == {
        "productId": MEMBERSHIP_BALANCE_PRODUCT_ID,
        "membershipTierId": BALANCE_TIER_ID,
        "memberId": MEMBER_ID,
    }


def test_balance_raw_response_has_status_headers_and_parse(run: Runner) -> None:
    raw = run(
        "balance_credit_product",
        lambda c: raw_endpoint(c, "GET", BALANCE)(customer_id=CUSTOMER_ID, product_id=BALANCE_PRODUCT_ID),
    )
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json; charset=utf-8"
    assert raw.parse().customer_main_balance == 29801


def test_history_credit_product(run: Runner) -> None:
    page = run("history_credit_product", SCENARIOS["history_credit_product"])
    assert isinstance(page, model("GET", HISTORY))
    assert (page.total, page.page, page.limit, page.total_pages) == (3, 1, 10, 1)
    assert [(i.credit, i.debit, i.type_) for i in page.data] == [
        (0, 50, "CREDIT_USAGE"),
        (200, 0, "MERCHANT_TOPUP"),
        (3000, 0, "TRIAL_TOPUP"),
    ]
    first = page.data[0]
    assert isinstance(first, model("GET", HISTORY, "data", "item"))
    assert first.id == "6970b4bcdfcfcfbbd8d7b617"
    assert first.created_at == "2026-01-21T11:13:00.044Z"
    assert first.expired_at is None
    assert first.wallet_type == "ADD_ON"
    assert first.customer_id == "210e5193-7d66-4345-a5c7-07fe7552f2f7"
    assert not page.has_next_page()  # totalPages is 1
    received = sent(run, method="GET", path=HISTORY_PATH)
    assert dict(received.query) == HISTORY_QUERY


def test_history_of_a_single_page_walks_its_items_only(run: Runner) -> None:
    items = run.walk("history_credit_product", SCENARIOS["history_credit_product"])
    assert [i.id for i in items] == ["6970b4bcdfcfcfbbd8d7b617", "6970b49fdfcfcfbbd8d7b616", "6970b416dfcfcfbbd8d7b612"]
    assert len(run.server.received) == 1


def test_history_membership_first_page(run: Runner) -> None:
    page = run("history_membership", SCENARIOS["history_membership"])
    assert (page.total, page.page, page.limit, page.total_pages) == (10, 1, 5, 2)
    assert len(page.data) == 5
    void, _, topup, _, usage = page.data
    assert (void.amount, void.wallet_type, void.type_, void.reference_id) == (
        -100000,
        "MEMBERSHIP",
        "EXPIRE_VOID",
        "68a56306c8d5f89bdeae32fd",
    )
    assert void.membership_tier_id == TIER_ID and void.customer_id == MEMBERSHIP_CUSTOMER_ID
    assert not void.expired_at  # absent on this record: UNSET
    assert (topup.amount, topup.expired_at, topup.type_) == (6000, "2027-07-20T05:52:50.053Z", "TOPUP")
    assert usage.expired_at is None and usage.type_ == "CREDIT_USAGE"
    assert len(run.server.received) == 1  # the next page is fetched only when asked for


def test_history_membership_walks_two_pages(run: Runner) -> None:
    items = run.walk("history_membership", SCENARIOS["history_membership"])
    assert len(items) == 10
    assert [i.id for i in items[4:6]] == ["68a573d7c8d5f89bdeae3370", "68a5730fc8d5f89bdeae335e"]
    assert items[-1].type_ == "TRIAL_TOPUP"
    first, second = run.server.received
    assert dict(first.query) == HISTORY_QUERY
    assert dict(second.query) == {**HISTORY_QUERY, "page": "2"}
    assert second.path == first.path
    assert second.headers["authorization"] == first.headers["authorization"]


def _step_sync(c: object) -> tuple[object, ...]:
    first = SCENARIOS["history_membership"](c)
    second = first.get_next_page()
    return first, first.has_next_page(), second, second.has_next_page(), second.next_page()


async def _step_async(c: object) -> tuple[object, ...]:
    first = await SCENARIOS["history_membership"](c)
    second = await first.get_next_page()
    return first, first.has_next_page(), second, second.has_next_page(), await second.next_page()


def test_history_membership_page_by_page(run: Runner) -> None:
    first, first_has_next, second, second_has_next, third = run(
        "history_membership", _step_async if run.mode == "async" else _step_sync
    )
    assert first_has_next is True and second_has_next is False and third is None
    assert (first.page, second.page) == (1, 2)
    assert second.data[0].id == "68a5730fc8d5f89bdeae335e"
    assert len(run.server.received) == 2


def test_spend_credit_product(run: Runner) -> None:
    res = run("spend_credit_product", SCENARIOS["spend_credit_product"])
    assert isinstance(res, model("POST", SPEND))
    assert (res.status_code, res.message) == (200, "Successfully spent 10. MAIN: 10, ADD_ON: 0")
    received = sent(run, method="POST", path=SPEND)
    assert received.query == ()
    assert json.loads(received.body) == {"customerId": CUSTOMER_ID, "productId": PRODUCT_ID, "amount": 10}


def test_spend_membership(run: Runner) -> None:
    res = run("spend_membership", SCENARIOS["spend_membership"])
    assert res.message == "Successfully spent 10. MEMBERSHIP: 10, ADD_ON: 0"
    received = sent(run, method="POST", path=SPEND)
    assert json.loads(received.body) == membership_body(10)


def test_add_credit_credit_product_is_wrapped_in_data(run: Runner) -> None:
    res = run("add_credit_credit_product", SCENARIOS["add_credit_credit_product"])
    assert isinstance(res, model("POST", ADD_CREDIT))
    assert (res.status_code, res.message) == (200, "success")
    assert (res.data.customer_id, res.data.product_id) == (MEMBERSHIP_CUSTOMER_ID, PRODUCT_ID)
    assert (res.data.amount, res.data.customer_balance) == (100, 911090)
    assert not res.customer_balance  # this page's response has it under data only
    received = sent(run, method="POST", path=ADD_CREDIT)
    assert json.loads(received.body) == {"customerId": CUSTOMER_ID, "productId": PRODUCT_ID, "amount": 100}


def test_add_credit_membership_is_at_the_root(run: Runner) -> None:
    res = run("add_credit_membership", SCENARIOS["add_credit_membership"])
    assert not res.data
    assert (res.customer_id, res.product_id, res.membership_tier_id) == (MEMBERSHIP_CUSTOMER_ID, PRODUCT_ID, TIER_ID)
    assert (res.amount, res.customer_balance) == (100, 911090)
    received = sent(run, method="POST", path=ADD_CREDIT)
    assert json.loads(received.body) == membership_body(100)


def test_regist_new_customer(run: Runner) -> None:
    res = run("regist_customer", SCENARIOS["regist_customer"])
    assert isinstance(res, model("POST", REGIST))
    assert (res.status_code, res.message) == (200, "success")
    assert res.data.customer_id == "bcf56452-ec21-4791-aca2-7a41b033e9d2"
    assert res.data.payment_link_id == REGIST_PRODUCT_ID
    received = sent(run, method="POST", path=REGIST)
    assert json.loads(received.body) == {
        "productId": REGIST_PRODUCT_ID,
        "trialCredit": 300,
        "customerInfo": {"name": "john doe", "email": "johndoe@gmail.com", "mobile": "08777777777"},
    }


def test_regist_new_membership_customer(run: Runner) -> None:
    res = run("regist_membership_customer", SCENARIOS["regist_membership_customer"])
    assert isinstance(res, model("POST", REGIST_MEMBERSHIP))
    member = res.membership_customer
    assert member.id == uuid.UUID("68ca1a1c-7ed8-47f3-a5c2-c5ff314dd750")
    assert (member.user_id, member.payment_link_id) == ("35776524-8ea9-46ac-b2dd-89efc496593f", PRODUCT_ID)
    assert (member.created_at, member.next_payment) == (1756088397669, 1758766797571)
    assert member.is_lifetime_period is None
    assert member.payment_link.id == PRODUCT_ID
    assert member.payment_link.name == "produk baru 2"
    assert member.payment_link.description.endswith(">xcxcxccx</p>\n")
    received = sent(run, method="POST", path=REGIST_MEMBERSHIP)
    assert json.loads(received.body) == {
        "productId": PRODUCT_ID,
        "membershipTierId": TIER_ID,
        "membershipMonthlyPeriod": 1,
        "trialCredit": 100,
        "customerInfo": NEW_MEMBER_INFO,
    }


def test_generate_immutable_checkout_link(run: Runner) -> None:
    res = run("immutable_checkout", SCENARIOS["immutable_checkout"])
    assert isinstance(res, model("POST", CHECKOUT))
    assert res.payment_link_url == "https://donasisekutscom.myr.id/pl/test-product-credit"
    assert res.credit_usage_immutable_checkout_url.startswith(res.payment_link_url + "?immutable=eyJuYW1l")
    received = sent(run, method="POST", path=CHECKOUT)
    assert json.loads(received.body) == {
        "productId": CHECKOUT_PRODUCT_ID,
        "creditAmount": 1000,
        "customerInfo": NEW_MEMBER_INFO,
    }


@pytest.mark.parametrize(
    "bad", [pytest.param("", id="empty"), pytest.param(".", id="dot"), pytest.param("..", id="dotdot")]
)
def test_history_refuses_dot_segments_and_empty_ids_before_any_io(run: Runner, bad: str) -> None:
    with pytest.raises(ValueError, match="path parameter"):
        run("history_credit_product", lambda c: endpoint(c, "GET", HISTORY)(bad))
    assert run.server.received == []
