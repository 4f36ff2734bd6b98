"""Drive the generated Afternoon client, sync and async, against recorded responses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from afternoon_client import AfternoonClient, AsyncAfternoonClient

from tests.support.runner import Runner

__all__ = ["API_KEY", "CUSTOMER_ID", "SUBSCRIPTION_ID", "Runner", "run"]

API_KEY = "ak_test_0123456789abcdef"
CUSTOMER_ID = "cm5x9z8nv0000h85r7l9p2k1m"
SUBSCRIPTION_ID = "cm6a1b2c30000sub0000000001"


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Iterator[Runner]:
    runner = Runner(request.param, "afternoon", AfternoonClient, AsyncAfternoonClient, api_key=API_KEY)
    yield runner
    runner.verify()
