"""Fixtures driving both committed generated clients, sync and async, against a :class:`FaultServer`.

Each test that takes ``api`` and ``mode`` runs four times: Afternoon and Mayar,
each through its sync and its async client.  :class:`Driver` hides the
difference: ``driver.call(lambda c: api.get(c))`` builds a client on the
server's URL with a recording sleep, makes the call (awaiting it under
``asyncio.run`` for the async client), closes the client and returns the result.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import afternoon_client
import mayar_client
import pytest

from tests.faults.fault_server import FaultServer
from tests.mayar.scenarios import BALANCE, SPEND, endpoint

API_KEY = "sk_live_fault_0123456789abcdef"
CUSTOMER = "cm5x9z8nv0000h85r7l9p2k1m"


class Sleeps(list[float]):
    """The clients' sleep, recording each requested wait instead of waiting.

    ``on_sleep`` runs at every wait, for tests that change the world between
    attempts (start a server that was not listening yet).
    """

    def __init__(self, on_sleep: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.on_sleep = on_sleep

    def __call__(self, delay: float) -> None:
        self.append(delay)
        if self.on_sleep is not None:
            self.on_sleep()

    async def asleep(self, delay: float) -> None:
        self(delay)


@dataclass(frozen=True)
class Api:
    """One generated client and the operations the tests call on it."""

    name: str
    package: ModuleType
    """The generated package, for its exception classes."""
    sync_class: type[Any]
    async_class: type[Any]
    log_env: str
    get: Callable[..., Any]
    """A GET operation: ``get(client, **call_options)``."""
    get_route: str
    get_body: dict[str, Any]
    post: Callable[..., Any]
    """A POST without an idempotency key."""
    post_route: str
    post_body: dict[str, Any]
    keyed_post: Callable[..., Any]
    """A POST carrying an idempotency key: ``keyed_post(client, key, **call_options)``."""
    keyed_route: str
    keyed_body: dict[str, Any]
    key_of: Callable[[Any], str | None]
    """The idempotency key a recorded request (:class:`Seen`) carried."""


def _afternoon_keyed_post(client: Any, key: str, **options: Any) -> Any:
    return client.events.ingest(
        event_name="api_call",
        idempotency_key=key,
        customer_id=CUSTOMER,
        timestamp=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        **options,
    )


def _mayar_keyed_post(client: Any, key: str, **options: Any) -> Any:
    headers = {**(options.pop("extra_headers", None) or {}), "Idempotency-Key": key}
    return endpoint(client, "POST", SPEND)(
        product_id="prod-1", customer_id="cust-1", amount=10, extra_headers=headers, **options
    )


AFTERNOON = Api(
    name="afternoon",
    package=afternoon_client,
    sync_class=afternoon_client.AfternoonClient,
    async_class=afternoon_client.AsyncAfternoonClient,
    log_env="AFTERNOON_LOG",
    get=lambda c, **o: c.customers.list_balances(CUSTOMER, **o),
    get_route=f"/v1/customers/{CUSTOMER}/balances",
    get_body={
        "success": True,
        "balances": [{"balance": "10.00", "account_type": "currency", "currency_code": "USD"}],
        "request_id": "req_1",
    },
    post=lambda c, **o: c.customers.create(name="Ada Lovelace", email="ada@example.com", **o),
    post_route="/v1/customers",
    post_body={"success": True, "customer": {"id": "cus_1", "name": "Ada Lovelace"}, "request_id": "req_2"},
    keyed_post=_afternoon_keyed_post,
    keyed_route="/v1/events/ingest",
    keyed_body={"success": True, "status": "processed", "usage_id": "use_1"},
    key_of=lambda seen: seen.json()["idempotency_key"],
)

MAYAR = Api(
    name="mayar",
    package=mayar_client,
    sync_class=mayar_client.MayarClient,
    async_class=mayar_client.AsyncMayarClient,
    log_env="MAYAR_LOG",
    get=lambda c, **o: endpoint(c, "GET", BALANCE)(product_id="prod-1", customer_id="cust-1", **o),
    get_route=BALANCE,
    get_body={"statusCode": 200, "message": "success", "customerBalance": 120},
    post=lambda c, **o: endpoint(c, "POST", SPEND)(product_id="prod-1", customer_id="cust-1", amount=10, **o),
    post_route=SPEND,
    post_body={"statusCode": 200, "message": "success"},
    keyed_post=_mayar_keyed_post,
    keyed_route=SPEND,
    keyed_body={"statusCode": 200, "message": "success"},
    key_of=lambda seen: seen.headers.get("idempotency-key"),
)


class Driver:
    """Runs one call through a fresh sync or async client of ``api``."""

    def __init__(self, api: Api, mode: str, server: FaultServer, sleeps: Sleeps) -> None:
        self.api, self.mode, self.server, self.sleeps = api, mode, server, sleeps

    def call(self, operation: Callable[[Any], Any], *, base_url: str | None = None, **client_options: Any) -> Any:
        """``operation(client)`` on a new client of the server (or ``base_url``); returns its result."""
        (outcome,) = self.outcomes(operation, base_url=base_url, **client_options)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def outcomes(
        self, *operations: Callable[[Any], Any], base_url: str | None = None, **client_options: Any
    ) -> list[Any]:
        """Each operation in turn on one new client: its result, or the error it raised."""
        url = base_url or self.server.url
        error = self.api.package.APIError
        results: list[Any] = []
        if self.mode == "sync":
            with self.api.sync_class(api_key=API_KEY, base_url=url, **client_options) as client:
                client._sleep = self.sleeps
                for operation in operations:
                    try:
                        results.append(operation(client))
                    except error as exc:
                        results.append(exc)
            return results

        async def run() -> None:
            async with self.api.async_class(api_key=API_KEY, base_url=url, **client_options) as client:
                client._sleep = self.sleeps.asleep
                for operation in operations:
                    try:
                        results.append(await operation(client))
                    except error as exc:
                        results.append(exc)

        asyncio.run(run())
        return results


@pytest.fixture(scope="module", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Build httpx's default TLS context once instead of for every client.

    Loading the CA bundle takes tens of milliseconds per client, and these tests
    create one or more clients each; they only speak plain HTTP to 127.0.0.1, so
    the shared context is never used for a handshake.
    """
    import httpx._transports.default as transport

    create = transport.create_ssl_context
    shared = create()

    def cached(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
        if (verify, cert, trust_env) == (True, None, True):
            return shared
        return create(verify=verify, cert=cert, trust_env=trust_env)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transport, "create_ssl_context", cached)
        yield


@pytest.fixture(params=[AFTERNOON, MAYAR], ids=lambda api: api.name)
def api(request: pytest.FixtureRequest) -> Api:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def make_server() -> Iterator[Callable[..., FaultServer]]:
    """Start servers (on ``port``, or a free one); every one is stopped after the test."""
    servers: list[FaultServer] = []

    def make(port: int = 0) -> FaultServer:
        server = FaultServer(port)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()
    assert not any(server.overflowed for server in servers), "a client connected more often than any test needs"


@pytest.fixture
def server(make_server: Callable[..., FaultServer]) -> FaultServer:
    return make_server()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def driver(api: Api, mode: str, server: FaultServer, sleeps: Sleeps) -> Driver:
    return Driver(api, mode, server, sleeps)


@pytest.fixture
def package_logging() -> Iterator[None]:
    """Restore both packages' loggers (handlers, level, propagation) after a logging test."""
    loggers = [logging.getLogger(name) for name in ("afternoon_client", "mayar_client")]
    saved = [(list(lg.handlers), lg.level, lg.propagate) for lg in loggers]
    try:
        yield
    finally:
        for lg, (handlers, level, propagate) in zip(loggers, saved, strict=True):
            for handler in list(lg.handlers):
                if handler not in handlers:
                    lg.removeHandler(handler)
            lg.setLevel(level)
            lg.propagate = propagate
