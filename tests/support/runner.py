"""Drive a generated client, sync or async, against the replay server of one cassette.

``Runner(mode, folder, ...)`` is what the ``run`` fixture of a client's tests
yields: ``run("cassette", lambda c: c.resource.method(...))`` serves
``tests/cassettes/<folder>/cassette.yaml``, builds the sync client (or the
async one, awaiting what the call returns) on the server's URL, makes the call
and returns its result; ``run.server`` then holds the requests received.
``run.walk(...)`` iterates a page object (``async for`` with the async client)
and returns every item.  :meth:`Runner.verify` is the fixture's check after
the test: every request had a recording and, with ``match_bodies=True``, every
JSON body sent is the recorded one (the replay server matches method, path and
query only).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from typing import Any

from tests.support.replay import ReplayServer, replay

Call = Callable[[Any], Any]


class Runner:
    """Runs one call through the sync or the async client against a cassette's server."""

    def __init__(
        self,
        mode: str,
        folder: str,
        sync_client: Callable[..., Any],
        async_client: Callable[..., Any],
        *,
        base_path: str = "",
        match_bodies: bool = False,
        **defaults: Any,
    ) -> None:
        self.mode = mode
        self.folder = folder
        self.sync_client = sync_client
        self.async_client = async_client
        self.base_path = base_path
        self.match_bodies = match_bodies
        self.defaults = {"max_retries": 0, **defaults}
        self.server: ReplayServer | None = None

    def __call__(self, cassette: str, call: Call, **options: Any) -> Any:
        options = {**self.defaults, **options}
        with replay(f"{self.folder}/{cassette}") as server:
            self.server = server
            base_url = server.url + self.base_path
            if self.mode == "sync":
                with self.sync_client(base_url=base_url, **options) as client:
                    return call(client)
            return asyncio.run(self._async(base_url, call, options))

    async def _async(self, base_url: str, call: Call, options: dict[str, Any]) -> Any:
        async with self.async_client(base_url=base_url, **options) as client:
            result = call(client)
            assert inspect.isawaitable(result), "async client methods return awaitables"
            return await result

    def walk(self, cassette: str, call: Call, **options: Any) -> list[Any]:
        """Every item of the page ``call`` returns and of the pages after it."""
        if self.mode == "sync":
            return self(cassette, lambda c: list(call(c)), **options)
        return self(cassette, lambda c: _collect(call(c)), **options)

    def verify(self) -> None:
        """Every request had a recording; with ``match_bodies``, each sent the recorded JSON body (or none)."""
        if self.server is None:
            return
        assert not self.server.unmatched, f"requests with no recording: {self.server.unmatched}"
        if not self.match_bodies:
            return
        for received, interaction in self.server.answered:
            recorded = interaction["request"].get("body")
            if isinstance(recorded, dict):
                recorded = recorded.get("string")
            where = f"{received.method} {received.path}"
            if not recorded:
                assert not received.body, f"{where}: sent a body where none is recorded"
            else:
                sent = json.loads(received.body) if received.body else None
                assert sent == json.loads(recorded), f"{where}: body differs from the recording"


async def _collect(pages: Any) -> list[Any]:
    return [item async for item in pages]
