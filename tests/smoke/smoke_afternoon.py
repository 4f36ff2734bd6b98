"""Run inside a fresh venv where only the Afternoon wheel (and its dependencies) is installed.

Usage: python smoke_afternoon.py BASE_URL_200 BASE_URL_404
Exits non-zero with a message when the installed client misbehaves.
"""

import asyncio
import sys

from afternoon_client import AfternoonClient, AsyncAfternoonClient, NotFoundError

CUSTOMER = "cm5x9z8nv0000h85r7l9p2k1m"


def main() -> None:
    ok_url, missing_url = sys.argv[1], sys.argv[2]
    client = AfternoonClient(api_key="ak_test_smoke", base_url=ok_url, timeout=10.0)
    res = client.customers.list_balances(CUSTOMER)
    assert (res.balances[0].balance, res.balances[0].account_type, res.request_id) == (
        "1500.000000",
        "pricing_unit",
        "req_abc123",
    ), res
    assert "ak_test_smoke" not in repr(client)

    async def run_async() -> None:
        async with AsyncAfternoonClient(api_key="ak_test_smoke", base_url=ok_url) as c:
            again = await c.customers.list_balances(CUSTOMER)
            assert again.balances[1].currency_code == "usd", again

    asyncio.run(run_async())
    try:
        AfternoonClient(api_key="ak_test_smoke", base_url=missing_url, max_retries=0).customers.list_balances(
            "cm5x9z8nv0000h85r7l9p2k9z"
        )
    except NotFoundError as exc:
        assert exc.body.error.code == "NOT_FOUND", exc.body
    else:
        raise AssertionError("404 did not raise NotFoundError")
    for bad in ("", ".", ".."):
        try:
            client.customers.list_balances(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{bad!r} was accepted as a path segment")
    print("afternoon smoke: ok")


main()
