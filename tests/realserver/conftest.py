"""The Depot application on 127.0.0.1, the client generated from its ``openapi.json``, and a driver.

:func:`serve` runs a Depot application with uvicorn on a thread (on a socket bound to a free port
first, so no other process can take it; at most :data:`STARTUP_WAIT` seconds to start and to
stop).  Once per test session, :func:`generated` serves one, fetches ``/openapi.json`` over HTTP
as a user would, writes it to a temporary folder and runs the real ``clientgen generate`` on it;
:func:`client_package` imports the package it wrote.  Each test module gets a fresh application
from :func:`depot`, so what one module changes in the store no other sees.  Tests that take
``call`` run twice, through the sync and the async client: :class:`Driver` makes the call through
the module's client of that kind (the async one on the module's event loop), or through one built
for the call with options of its own (a token, no base URL).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import uvicorn

from tests.realserver.app import TOKEN, create_app

PACKAGE = "depot_client"
STARTUP_WAIT = 10.0
"""Seconds uvicorn may take to start, and to stop, before the session fails."""


@dataclass(frozen=True)
class Depot:
    """The running application: its port, base URL and the store behind it."""

    port: int
    url: str
    app: Any


@contextmanager
def serve(app: Any) -> Iterator[Depot]:
    """``app`` served by uvicorn on a thread, on a free port of 127.0.0.1, until the block ends."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = int(listener.getsockname()[1])
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_WAIT
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, f"uvicorn did not start within {STARTUP_WAIT} s"
            time.sleep(0.01)
        yield Depot(port=port, url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(STARTUP_WAIT)
        listener.close()
    assert not thread.is_alive(), f"uvicorn did not stop within {STARTUP_WAIT} s"


@pytest.fixture(scope="module")
def depot() -> Iterator[Depot]:
    """A fresh application (its seeded store) for each test module."""
    with serve(create_app()) as running:
        yield running


def _clientgen() -> list[str]:
    """The ``clientgen`` command installed beside this Python, else the same entry point as a module."""
    script = shutil.which("clientgen", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "generator"]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated project's folder, from the spec the running application serves."""
    root = tmp_path_factory.mktemp("depot")
    spec = root / "openapi.json"
    with serve(create_app()) as running:
        answer = httpx.get(f"{running.url}/openapi.json", timeout=STARTUP_WAIT).raise_for_status()
    spec.write_bytes(answer.content)
    out = root / "out"
    command = [*_clientgen(), "generate", str(spec), "--output", str(out), "--package-name", PACKAGE]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "27 of 27 operations generated" in result.stdout, result.stdout
    # FastAPI declares `accept: str = Header()` as a parameter, which OpenAPI says to ignore.
    assert "/paths/~1report/get/parameters/0: warning: header parameter 'accept' is ignored" in result.stderr
    return out


@pytest.fixture(scope="session")
def client_package(generated: Path) -> Iterator[ModuleType]:
    src = str(generated / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture
def models(client_package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.models")


@pytest.fixture(autouse=True)
def no_depot_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's environment variables are the test's to set."""
    for name in ("DEPOT_API_KEY", "DEPOT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


Call = Callable[[Any], Any]


class Clients:
    """One sync and one async client on the Depot server for a test module, as a user keeps one
    client for many calls; the async one lives on the module's event loop."""

    def __init__(self, package: ModuleType, depot: Depot) -> None:
        self.package = package
        self.depot = depot
        self.loop = asyncio.Runner()
        self.sync = package.DepotClient(**self.options())
        self.async_ = self.loop.run(self._make_async())

    def options(self, **options: Any) -> dict[str, Any]:
        return {"base_url": self.depot.url, "max_retries": 0, **options}

    async def _make_async(self) -> Any:
        return self.package.AsyncDepotClient(**self.options())

    def close(self) -> None:
        self.sync.close()
        self.loop.run(self.async_.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def clients(client_package: ModuleType, depot: Depot) -> Iterator[Clients]:
    shared = Clients(client_package, depot)
    try:
        yield shared
    finally:
        shared.close()


class Driver:
    """Makes calls through the sync or the async client on the Depot server.

    ``driver(lambda c: c.items.get_item(1))`` calls through the session's client;
    ``driver(call, api_key=...)`` and :meth:`fresh` through a client built for the call with
    those options (on the server's URL unless they say otherwise), closed after it.
    """

    def __init__(self, mode: str, clients: Clients) -> None:
        self.mode = mode
        self.clients = clients
        self.package = clients.package

    def __call__(self, call: Call, **options: Any) -> Any:
        """What ``call(client)`` returns (awaited, for the async client)."""
        if options:
            return self.fresh(call, **options)
        if self.mode == "sync":
            return call(self.clients.sync)
        return self.clients.loop.run(_awaited(call(self.clients.async_)))

    def fresh(self, call: Call, **options: Any) -> Any:
        """What ``call(client)`` returns, through a new client built with ``options``."""
        options = self.clients.options(**options)
        if self.mode == "sync":
            with self.package.DepotClient(**options) as client:
                return call(client)
        return self.clients.loop.run(self._fresh_async(call, options))

    async def _fresh_async(self, call: Call, options: dict[str, Any]) -> Any:
        async with self.package.AsyncDepotClient(**options) as client:
            return await _awaited(call(client))

    def walk(self, call: Call) -> list[Any]:
        """Every item of the page ``call`` returns and of the pages after it."""
        if self.mode == "sync":
            return list(call(self.clients.sync))
        return self.clients.loop.run(_collect(call(self.clients.async_)))

    def protected(self, call: Call) -> Any:
        """``call`` through a client that holds the Depot token."""
        return self(call, api_key=TOKEN)


async def _awaited(result: Any) -> Any:
    assert inspect.isawaitable(result), "async client methods return awaitables"
    return await result


async def _collect(pages: Any) -> list[Any]:
    return [item async for item in pages]


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, clients: Clients) -> Driver:
    return Driver(request.param, clients)
