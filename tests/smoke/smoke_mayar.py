"""Run inside a fresh venv where only the Mayar wheel (and its dependencies) is installed.

Usage: python smoke_mayar.py BASE_URL_BALANCE BASE_URL_429
The servers replay the recordings ``mayar/balance_credit_product`` and
``mayar/add_credit_429`` (the credit API's paths start with ``/credit/v1``),
and answer only the requests recorded (method, path and query).  Runs the
README's usage example, the key read from MAYAR_API_KEY, sync and async; exits
non-zero with a message when the installed client misbehaves.
"""

import asyncio
import os
import sys
from urllib.parse import parse_qs

from mayar_client import AsyncMayarClient, MayarClient, RateLimitError

KEY = "mayar_smoke_key"
PRODUCT = "2b649982-411e-42e0-9b9c-0a17f9a55d44"
CUSTOMER = "9de4b4b4-525c-4ee0-ac9c-b29c3e10fe55"


def main() -> None:
    balance_url, limited_url = sys.argv[1:3]
    os.environ["MAYAR_API_KEY"] = KEY
    os.environ.pop("MAYAR_BASE_URL", None)
    sandbox = MayarClient(environment="sandbox")
    assert str(sandbox.base_url).rstrip("/") == "https://api.mayar.club", sandbox.base_url
    assert str(MayarClient().base_url).rstrip("/") == "https://api.mayar.id"
    assert KEY not in repr(sandbox), repr(sandbox)

    client = MayarClient(base_url=balance_url, timeout=10.0)
    bal = client.credit_based_product.get_customer_balance(product_id=PRODUCT, customer_id=CUSTOMER)
    assert (bal.customer_balance, bal.customer_main_balance, bal.customer_balance_addon) == (30001, 29801, 500), bal
    raw = client.credit_based_product.with_raw_response.get_customer_balance(product_id=PRODUCT, customer_id=CUSTOMER)
    sent = raw.http_request
    assert (sent.url.path, parse_qs(sent.url.query.decode()), sent.headers["authorization"]) == (
        "/credit/v1/credit/customer/balance",
        {"productId": [PRODUCT], "customerId": [CUSTOMER]},
        f"Bearer {KEY}",
    ), sent

    async def run_async() -> None:
        async with AsyncMayarClient(base_url=balance_url) as c:
            again = await c.credit_based_product.get_customer_balance(product_id=PRODUCT, customer_id=CUSTOMER)
            assert again.customer_main_balance == 29801, again

    asyncio.run(run_async())
    try:
        MayarClient(base_url=limited_url, max_retries=0).credit_based_product.add_customer_credit(
            product_id="40f26fbe-f4d8-4693-975f-e6d105d291e6", customer_id=CUSTOMER, amount=100
        )
    except RateLimitError as exc:
        assert exc.retry_after == 30.0, exc.retry_after
        assert exc.body == {"statusCode": 429, "messages": "Too many requests, please try again later."}, exc.body
    else:
        raise AssertionError("429 did not raise RateLimitError")
    print("mayar smoke: ok")


main()
