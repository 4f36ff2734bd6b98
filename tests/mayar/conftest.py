"""Drive the generated Mayar client, sync and async, against recorded responses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mayar_client import AsyncMayarClient, MayarClient

from tests.support.replay import Received
from tests.support.runner import Runner

__all__ = ["API_KEY", "BASE_PATH", "Runner", "run", "sent"]

API_KEY = "mayar_test_0123456789abcdef"
BASE_PATH = ""
"""The path of Mayar's servers: none (the operations' paths start with /hl/v1, /hl/v2, /credit/v1...)."""


@pytest.fixture(autouse=True)
def _no_mayar_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The client reads these; a developer's own settings must not leak into the tests.
    monkeypatch.delenv("MAYAR_API_KEY", raising=False)
    monkeypatch.delenv("MAYAR_BASE_URL", raising=False)


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Iterator[Runner]:
    runner = Runner(
        request.param,
        "mayar",
        MayarClient,
        AsyncMayarClient,
        base_path=BASE_PATH,
        match_bodies=True,
        api_key=API_KEY,
    )
    yield runner
    runner.verify()


def sent(run: Runner, *, method: str, path: str) -> Received:
    """The one request of the call: its method, its path, the key as a bearer token."""
    assert run.server is not None
    (received,) = run.server.received
    assert received.method == method
    assert received.path == BASE_PATH + path
    assert received.headers["authorization"] == f"Bearer {API_KEY}"
    assert received.headers["accept"] == "application/json"
    if method == "POST":
        assert received.headers["content-type"] == "application/json"
    return received
