"""Drive the generated Afternoon client, sync and async, against recorded responses."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from afternoon_client import AfternoonClient, AsyncAfternoonClient

from tests.support.replay import ReplayServer, replay

API_KEY = "ak_test_0123456789abcdef"
CUSTOMER_ID = "cm5x9z8nv0000h85r7l9p2k1m"
SUBSCRIPTION_ID = "cm6a1b2c30000sub0000000001"

Call = Callable[[Any], Any]


class Runner:
    """Runs one call through the sync or the async client against a cassette's server."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.server: ReplayServer | None = None

    def __call__(self, cassette: str, call: Call, **options: Any) -> Any:
        options.setdefault("api_key", API_KEY)
        options.setdefault("max_retries", 0)
        with replay(f"afternoon/{cassette}") as server:
            self.server = server
            if self.mode == "sync":
                with AfternoonClient(base_url=server.url, **options) as client:
                    return call(client)
            return asyncio.run(self._async(server, call, options))

    async def _async(self, server: ReplayServer, call: Call, options: dict[str, Any]) -> Any:
        async with AsyncAfternoonClient(base_url=server.url, **options) as client:
            result = call(client)
            assert inspect.isawaitable(result), "async client methods return awaitables"
            return await result


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Iterator[Runner]:
    runner = Runner(request.param)
    yield runner
    if runner.server is not None:
        assert not runner.server.unmatched, f"requests with no recording: {runner.server.unmatched}"
