"""The ``with_raw_response`` wrappers and the resources cached on the client.

The wrappers (``_response.py``) run the one method each operation has and ask
its request, through a context variable, for the undecoded response: checked
here on their own, then through the Afternoon client against a real server on
127.0.0.1 from many threads and many asyncio tasks at once, and with mypy
--strict on a user's script, which must see ``raw.parse()`` typed as what the
method returns.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import pytest
from afternoon_client import AfternoonClient, APIResponseTooLargeError, AsyncAfternoonClient
from afternoon_client import APIResponse as AfternoonResponse
from afternoon_client._response import async_to_raw_response_wrapper as afternoon_async_wrapper
from afternoon_client._response import to_raw_response_wrapper as afternoon_to_raw_response_wrapper
from afternoon_client.models import CustomerBalancesResponse
from rtpkg._response import APIResponse, async_to_raw_response_wrapper, take_raw_response, to_raw_response_wrapper

from tests.runtime.runtime_server import MockServer, Reply

ROOT = Path(__file__).resolve().parents[2]
AFTERNOON_SRC = ROOT / "generated" / "afternoon" / "src"
BALANCES = {"success": True, "balances": [], "request_id": "req_body"}


def _response() -> APIResponse[str]:
    return APIResponse(httpx.Response(200, json="ok"), cast=str)


# --- the wrappers on their own -------------------------------------------------------------


def test_the_first_request_of_a_wrapped_call_takes_the_flag() -> None:
    asked: list[bool] = []

    def method(name: str, *, loud: bool = False) -> object:
        asked.extend([take_raw_response(), take_raw_response()])
        return _response()  # what request() returns under the wrapper

    raw = to_raw_response_wrapper(method)("x", loud=True)
    assert asked == [True, False], "the flag is for the first request only"
    assert raw.parse() == "ok"
    assert take_raw_response() is False, "nothing is left set after the call"
    assert raw.status_code == 200
    assert to_raw_response_wrapper(method).__name__ == "method"


def test_a_wrapped_call_that_raises_leaves_no_flag() -> None:
    def method() -> str:
        raise ValueError("bad argument")

    with pytest.raises(ValueError, match="bad argument"):
        to_raw_response_wrapper(method)()
    assert take_raw_response() is False


def test_a_wrapped_method_that_sends_no_request_is_an_error() -> None:
    def method() -> str:
        return "parsed"

    with pytest.raises(TypeError, match="method returned str, not the response of a request"):
        to_raw_response_wrapper(method)()


def test_the_async_wrapper_sets_the_flag_in_its_own_task_only() -> None:
    async def raw_method() -> object:
        await asyncio.sleep(0.01)  # the other task asks while this one waits
        assert take_raw_response() is True
        return _response()

    async def plain_method() -> bool:
        await asyncio.sleep(0)
        return take_raw_response()

    async def main() -> tuple[APIResponse[object], bool]:
        return await asyncio.gather(async_to_raw_response_wrapper(raw_method)(), plain_method())

    raw, plain_saw_flag = asyncio.run(main())
    assert raw.parse() == "ok"
    assert plain_saw_flag is False


# --- through the Afternoon client ----------------------------------------------------------


def test_raw_and_parsed_calls_from_many_threads_stay_apart(server: MockServer) -> None:
    server.script(Reply(body=BALANCES, delay=0.005))
    results: list[tuple[bool, object]] = []  # (asked for the raw response, what came back)

    with AfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:

        def slowly(customer: str) -> CustomerBalancesResponse:
            time.sleep(0.002)  # between the wrapper's flag and the request: other threads' calls run
            return client.customers.list_balances(customer)

        slow_raw = afternoon_to_raw_response_wrapper(slowly)

        def worker(n: int) -> None:
            for i in range(6):
                raw = (n + i) % 2 == 1
                customers = client.customers
                raw_call = customers.with_raw_response.list_balances if n % 4 else slow_raw
                call = raw_call if raw else customers.list_balances
                results.append((raw, call(f"cus_{n}")))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert len(results) == server.count == 48
    for raw, got in results:
        assert isinstance(got, AfternoonResponse if raw else CustomerBalancesResponse), (raw, got)


def test_raw_and_parsed_calls_in_concurrent_tasks_stay_apart(server: MockServer) -> None:
    server.script(Reply(body=BALANCES, delay=0.01))

    async def main() -> list[object]:
        async with AsyncAfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:

            async def slowly(customer: str) -> CustomerBalancesResponse:
                await asyncio.sleep(0.005)  # between the wrapper's flag and the request: other tasks' calls run
                return await client.customers.list_balances(customer)

            raw_calls = (client.customers.with_raw_response.list_balances, afternoon_async_wrapper(slowly))
            calls = [
                raw_calls[n % 4 == 1](f"cus_{n}") if n % 2 else client.customers.list_balances(f"cus_{n}")
                for n in range(12)
            ]
            return list(await asyncio.gather(*calls))

    results = asyncio.run(main())
    assert [type(r) for r in results] == [AfternoonResponse if n % 2 else CustomerBalancesResponse for n in range(12)]
    raw = [r for r in results if isinstance(r, AfternoonResponse)]
    assert [r.url.path for r in raw] == [f"/v1/customers/cus_{n}/balances" for n in range(1, 12, 2)]


def test_an_async_raw_page_parses_into_a_page_that_walks(server: MockServer) -> None:
    def page(id: str, next_cursor: str | None) -> Reply:
        pagination = {"next_cursor": next_cursor}
        return Reply(body={"success": True, "subscriptions": [{"id": id}], "pagination": pagination, "request_id": id})

    server.script(page("s1", "s1"), page("s2", None))

    async def main() -> tuple[int, list[str]]:
        async with AsyncAfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
            raw = await client.subscriptions.with_raw_response.list(limit="1")
            return raw.status_code, [s.id async for s in raw.parse()]

    assert asyncio.run(main()) == (200, ["s1", "s2"])
    assert [r.path for r in server.requests] == ["/v1/subscriptions?limit=1", "/v1/subscriptions?limit=1&cursor=s1"]


# --- resources cached on the client --------------------------------------------------------


def test_resources_are_cached_and_a_copy_gets_its_own(server: MockServer) -> None:
    server.script(Reply(body=BALANCES))
    with AfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
        customers = client.customers
        assert client.customers is customers
        assert customers.with_raw_response is customers.with_raw_response
        small = client.with_options(max_response_size=10)
        assert small.customers is not customers
        assert small.customers is small.customers
        with pytest.raises(APIResponseTooLargeError):
            small.customers.list_balances("cus_1")
        with pytest.raises(APIResponseTooLargeError):
            small.customers.with_raw_response.list_balances("cus_1")
        assert client.customers.list_balances("cus_1").balances == []
        assert client.customers.with_raw_response.list_balances("cus_1").status_code == 200


def test_async_resources_are_cached_and_a_copy_gets_its_own(server: MockServer) -> None:
    server.script(Reply(body=BALANCES))

    async def main() -> None:
        async with AsyncAfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
            customers = client.customers
            assert client.customers is customers
            small = client.with_options(max_response_size=10)
            assert small.customers is not customers
            with pytest.raises(APIResponseTooLargeError):
                await small.customers.with_raw_response.list_balances("cus_1")
            assert (await client.customers.list_balances("cus_1")).balances == []

    asyncio.run(main())


# --- what mypy --strict sees ---------------------------------------------------------------

USER_SCRIPT = """
from typing import assert_type

from afternoon_client import APIResponse, AfternoonClient, AsyncAfternoonClient, AsyncPaginator
from afternoon_client.models import CustomerBalancesResponse, Subscription
from afternoon_client.pages import AsyncSubscriptionsListPage, SubscriptionsListPage


def sync(client: AfternoonClient) -> None:
    raw = client.customers.with_raw_response.list_balances("cus_1", timeout=5.0)
    assert_type(raw, APIResponse[CustomerBalancesResponse])
    balances: CustomerBalancesResponse = raw.parse()
    status: int = raw.status_code
    request_id: str | None = raw.request_id
    page = client.subscriptions.with_raw_response.list(limit="2").parse()
    assert_type(page, SubscriptionsListPage)
    assert_type(client.customers.list_balances("cus_1"), CustomerBalancesResponse)


async def run(client: AsyncAfternoonClient) -> None:
    raw = await client.customers.with_raw_response.list_balances("cus_1")
    assert_type(raw, APIResponse[CustomerBalancesResponse])
    balances: CustomerBalancesResponse = raw.parse()
    page = (await client.subscriptions.with_raw_response.list(customer_id="c")).parse()
    assert_type(page, AsyncSubscriptionsListPage)
    assert_type(client.subscriptions.list(), AsyncPaginator[AsyncSubscriptionsListPage, Subscription])
"""

WRONG_SCRIPT = """
from afternoon_client import AfternoonClient, AsyncAfternoonClient


def sync(client: AfternoonClient) -> None:
    wrong: int = client.customers.with_raw_response.list_balances("cus_1").parse()  # line 6


async def run(client: AsyncAfternoonClient) -> None:
    await client.customers.with_raw_response.list_balances(123)  # line 10
    await client.customers.with_raw_response.list_balances("cus_1", colour="red")  # line 11
    wrong: str = (await client.customers.with_raw_response.get("cus_1")).parse()  # line 12
"""


def _mypy(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    (folder / "user.py").write_text(textwrap.dedent(script), encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", "user.py"]
    env = {**os.environ, "MYPYPATH": str(AFTERNOON_SRC)}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_mypy_types_raw_parse_as_what_the_method_returns(tmp_path: Path) -> None:
    right = tmp_path / "right"
    right.mkdir()
    result = _mypy(right, USER_SCRIPT)
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    result = _mypy(wrong, WRONG_SCRIPT)
    errors = {
        (line.split(":")[1], line.rsplit("[", 1)[-1]) for line in result.stdout.splitlines() if ": error:" in line
    }
    assert errors == {("6", "assignment]"), ("10", "arg-type]"), ("11", "call-arg]"), ("12", "assignment]")}, (
        result.stdout
    )
