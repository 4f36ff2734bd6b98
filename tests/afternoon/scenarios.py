"""The calls behind the Afternoon cassettes that a live API can reproduce.

``tests/record_cassettes.py`` runs these against the live API to re-record the
cassettes; the tests run the same calls against the recordings.  Cassettes of
responses a live API cannot be made to send on demand (500, 429, an enum value
it does not have yet, extra fields) are written by hand from the documented
shapes and are not listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CUSTOMER_ID = "cm5x9z8nv0000h85r7l9p2k1m"
MISSING_CUSTOMER_ID = "cm5x9z8nv0000h85r7l9p2k9z"
SUBSCRIPTION_ID = "cm6a1b2c30000sub0000000001"

Scenario = Callable[[Any], Any]

SCENARIOS: dict[str, Scenario] = {
    "list_balances_200": lambda c: c.customers.list_balances(CUSTOMER_ID),
    "list_balances_404": lambda c: c.customers.list_balances(MISSING_CUSTOMER_ID),
    "customers_get": lambda c: c.customers.get(CUSTOMER_ID),
    "customers_search": lambda c: c.customers.search(external_id="cust_123"),
    "subscriptions_list": lambda c: c.subscriptions.list(limit="2", customer_id=CUSTOMER_ID),
}
"""Cassette name -> the call that produces it."""

UNAUTHENTICATED: dict[str, Scenario] = {
    "list_balances_401": lambda c: c.customers.list_balances(CUSTOMER_ID),
}
"""Recorded with no API key."""
