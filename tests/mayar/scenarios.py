"""The calls behind the Mayar cassettes that a live API can reproduce.

The values are those of the request examples on the credit documentation pages in
``specs/mayar/docs/api-reference/`` ("Credit Based Product" and "Membership (Credit)"),
so the cassettes written from those examples and the tests agree.  Each call names its
operation by the endpoint its pages state (:func:`endpoint`), the method found from the
spec, so the calls do not depend on how the client names or groups the operation.
``tests/record_cassettes.py mayar`` runs these against the live API to re-record
the cassettes (use the sandbox: they spend, add and register); the tests run the
same calls against the recordings.  Cassettes of responses a live API cannot be
made to send on demand (429, 500, extra fields) are written by hand and are not
listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import mayar_client.models
import yaml

from generator.names import class_name
from tests.support.spec_calls import by_endpoint, method_of

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "specs" / "mayar" / "openapi.yaml").read_text(encoding="utf-8")
)
CREDIT = "/credit/v1"
"""Where the credit API lives on a Mayar server: every credit endpoint starts with it."""
BALANCE = f"{CREDIT}/credit/customer/balance"
HISTORY = f"{CREDIT}/credit/customer/paginate-credit-history/{{id}}"
SPEND = f"{CREDIT}/credit/customer/spend"
ADD_CREDIT = f"{CREDIT}/credit/customer/add-credit"
REGIST = f"{CREDIT}/credit/credit-usage/customer/regist"
REGIST_MEMBERSHIP = f"{CREDIT}/credit/membership/customer/regist"
CHECKOUT = f"{CREDIT}/credit/generate/immutable/checkout"

# Credit Based Product pages
BALANCE_PRODUCT_ID = "2b649982-411e-42e0-9b9c-0a17f9a55d44"
CUSTOMER_ID = "9de4b4b4-525c-4ee0-ac9c-b29c3e10fe55"
PRODUCT_ID = "40f26fbe-f4d8-4693-975f-e6d105d291e6"
REGIST_PRODUCT_ID = "43eadce2-bc52-4e38-a832-93fb835f2a69"
CHECKOUT_PRODUCT_ID = "0e787345-9aaf-4b72-aa00-1174be6b52b1"
# Membership (Credit) pages
MEMBERSHIP_BALANCE_PRODUCT_ID = "810328a4-6eeb-4680-8f05-8d578da46c40"
BALANCE_TIER_ID = "261acae0-d6ae-4d8c-adf5-6fb8c2361514"
MEMBER_ID = "PQVS4KGY"
SPENDING_MEMBER_ID = "KKGOL1MV"
TIER_ID = "9bbbfa01-1bf8-4e4d-8470-cdf7066b6ea2"
MISSING_MEMBER_ID = "ZZZZ0000"

Scenario = Callable[[Any], Any]


def endpoint(client: Any, method: str, path: str) -> Any:
    """The client's method of the operation ``METHOD path`` (placeholders match any name)."""
    return method_of(client, SPEC, by_endpoint(SPEC, method, path))


def raw_endpoint(client: Any, method: str, path: str) -> Any:
    """The same method on its resource's ``with_raw_response``."""
    bound = endpoint(client, method, path)
    return getattr(bound.__self__.with_raw_response, bound.__name__)


def model(method: str, path: str, *fields: str, status: str = "200") -> type[Any]:
    """The model class of ``METHOD path``'s request body (``status=""``) or response, or of its ``fields``."""
    operation = by_endpoint(SPEC, method, path).operation
    holder = operation["requestBody"] if not status else operation["responses"][status]
    ref = holder["content"]["application/json"]["schema"]["$ref"]
    name = class_name(ref.rsplit("/", 1)[-1]) + "".join(class_name(f) for f in fields)
    found: type[Any] = getattr(mayar_client.models, name)
    return found


def _customer_info(path: str, name: str, email: str, mobile: str) -> Any:
    return model("POST", path, "customerInfo", status="")(name=name, email=email, mobile=mobile)


def history(member_id: str = MEMBER_ID) -> Scenario:
    return lambda c: endpoint(c, "GET", HISTORY)(
        member_id, product_id=PRODUCT_ID, membership_tier_id=BALANCE_TIER_ID, page=1, limit=5
    )


def spend_credit_product(c: Any) -> Any:
    return endpoint(c, "POST", SPEND)(customer_id=CUSTOMER_ID, product_id=PRODUCT_ID, amount=10)


def add_credit_credit_product(c: Any) -> Any:
    return endpoint(c, "POST", ADD_CREDIT)(customer_id=CUSTOMER_ID, product_id=PRODUCT_ID, amount=100)


def balance_credit_product(c: Any) -> Any:
    return endpoint(c, "GET", BALANCE)(customer_id=CUSTOMER_ID, product_id=BALANCE_PRODUCT_ID)


SCENARIOS: dict[str, Scenario] = {
    "balance_credit_product": balance_credit_product,
    "balance_membership": lambda c: endpoint(c, "GET", BALANCE)(
        product_id=MEMBERSHIP_BALANCE_PRODUCT_ID, membership_tier_id=BALANCE_TIER_ID, member_id=MEMBER_ID
    ),
    "history_credit_product": history(),
    "history_membership": history(),
    "history_404": history(MISSING_MEMBER_ID),
    "spend_credit_product": spend_credit_product,
    "spend_membership": lambda c: endpoint(c, "POST", SPEND)(
        member_id=SPENDING_MEMBER_ID, product_id=PRODUCT_ID, membership_tier_id=TIER_ID, amount=10
    ),
    "add_credit_credit_product": add_credit_credit_product,
    "add_credit_membership": lambda c: endpoint(c, "POST", ADD_CREDIT)(
        member_id=SPENDING_MEMBER_ID, product_id=PRODUCT_ID, membership_tier_id=TIER_ID, amount=100
    ),
    "regist_customer": lambda c: endpoint(c, "POST", REGIST)(
        product_id=REGIST_PRODUCT_ID,
        trial_credit=300,
        customer_info=_customer_info(REGIST, "john doe", "johndoe@gmail.com", "08777777777"),
    ),
    "regist_membership_customer": lambda c: endpoint(c, "POST", REGIST_MEMBERSHIP)(
        product_id=PRODUCT_ID,
        membership_tier_id=TIER_ID,
        membership_monthly_period=1,
        trial_credit=100,
        customer_info=_customer_info(REGIST_MEMBERSHIP, "memberTambahan", "tambahan@gg.com", "08777777799"),
    ),
    "immutable_checkout": lambda c: endpoint(c, "POST", CHECKOUT)(
        product_id=CHECKOUT_PRODUCT_ID,
        credit_amount=1000,
        customer_info=_customer_info(CHECKOUT, "memberTambahan", "tambahan@gg.com", "08777777799"),
    ),
}
"""Cassette name -> the call that produces it."""

WALK_PAGES = frozenset({"history_membership"})
"""Scenarios whose recording follows every next page (``history_membership`` holds two)."""

UNAUTHENTICATED: dict[str, Scenario] = {
    "balance_401": balance_credit_product,
}
"""Recorded with an invalid API key."""

INVALID_API_KEY = "invalid-mayar-key"
