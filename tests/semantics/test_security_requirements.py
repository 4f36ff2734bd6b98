"""Security requirements as OpenAPI defines them, through a generated client against a server on 127.0.0.1.

The spec below has the shape FastAPI gives an application where only some routes use
``HTTPBearer``: no top-level ``security``, a bearer scheme, and ``security`` on the protected
operations only.  Besides, an operation accepts either of two credentials, and one takes a credential
optionally (``{}`` among its alternatives).  A second spec has a top-level ``security`` that one
operation overrides with ``security: []``.  Every call goes to a real server that records what it
received, so "sent nothing" is checked on the wire: the server saw no request at all, or a request
without the credential's header.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.faults.fault_server import FaultServer, Reply, Seen
from tests.support.generated import generated_package

GATE = "gate_client"
BEARER_KEY = "sk_test_gate_0123456789"
PARTNER_KEY = "pk_test_partner_987654"
OK = {"ok": True}

_RESPONSES = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}


def _get(operation_id: str, **more: Any) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "tags": ["items"], "responses": _RESPONSES, **more}}


GATE_SPEC = json.dumps(
    {
        "openapi": "3.1.0",
        "info": {"title": "Gate", "version": "0.1.0"},
        "paths": {
            "/items": _get("list_items"),
            "/items/mine": _get("list_my_items", security=[{"HTTPBearer": []}]),
            "/items/shared": _get("list_shared_items", security=[{"HTTPBearer": []}, {"PartnerKey": []}]),
            "/items/featured": _get("list_featured_items", security=[{}, {"HTTPBearer": []}]),
        },
        "components": {
            "securitySchemes": {
                "HTTPBearer": {"type": "http", "scheme": "bearer"},
                "PartnerKey": {"type": "apiKey", "in": "header", "name": "X-Partner-Key"},
            }
        },
    },
    indent=2,
)
"""FastAPI's output (JSON, no top-level ``security``) with two more operations: either credential, or optional."""

LOCKED = "locked_client"
LOCKED_SPEC = """
openapi: 3.0.3
info: {title: Locked, version: "1"}
security: [{bearer: []}]
paths:
  /status:
    get:
      operationId: getStatus
      tags: [status]
      security: []
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /secrets:
    get:
      operationId: getSecrets
      tags: [status]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
"""


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("gate"), GATE, GATE_SPEC):
        yield importlib.import_module(GATE)


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("locked"), LOCKED, LOCKED_SPEC):
        yield importlib.import_module(LOCKED)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    started = FaultServer().start().script(Reply(body=OK))
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(autouse=True)
def no_credentials_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GATE_API_KEY", "GATE_PARTNER_KEY", "LOCKED_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def call(package: ModuleType, mode: str, server: FaultServer, op: Callable[[Any], Any], **credentials: str) -> Any:
    """Build the sync or async client of ``package`` on ``server`` with ``credentials``, make one call, close it."""
    prefix = package.__name__.removesuffix("_client").capitalize()
    if mode == "sync":
        with getattr(package, f"{prefix}Client")(base_url=server.url, max_retries=0, **credentials) as client:
            return op(client)

    async def run() -> Any:
        async with getattr(package, f"Async{prefix}Client")(
            base_url=server.url, max_retries=0, **credentials
        ) as client:
            return await op(client)

    return asyncio.run(run())


def only_request(server: FaultServer) -> Seen:
    assert len(server.requests) == 1
    return server.requests[0]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_client_without_credentials_calls_the_public_operations(
    gate: ModuleType, server: FaultServer, mode: str
) -> None:
    assert call(gate, mode, server, lambda c: c.items.list_items()) == OK
    assert call(gate, mode, server, lambda c: c.items.list_featured_items()) == OK
    assert [(seen.route, "authorization" in seen.headers) for seen in server.requests] == [
        ("/items", False),
        ("/items/featured", False),
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_key_goes_only_to_operations_whose_requirement_names_its_scheme(
    gate: ModuleType, server: FaultServer, mode: str
) -> None:
    for op in ("list_items", "list_my_items", "list_shared_items", "list_featured_items"):
        call(gate, mode, server, lambda c, op=op: getattr(c.items, op)(), api_key=BEARER_KEY)
    assert [(seen.route, seen.headers.get("authorization")) for seen in server.requests] == [
        ("/items", None),
        ("/items/mine", f"Bearer {BEARER_KEY}"),
        ("/items/shared", f"Bearer {BEARER_KEY}"),
        ("/items/featured", f"Bearer {BEARER_KEY}"),  # optional: sent when configured
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_missing_credential_fails_before_sending_naming_the_scheme_and_the_variable(
    gate: ModuleType, server: FaultServer, mode: str
) -> None:
    with pytest.raises(gate.APIError) as raised:
        call(gate, mode, server, lambda c: c.items.list_my_items())
    assert str(raised.value) == (
        "this operation needs credentials: HTTPBearer (pass api_key= to the client or set GATE_API_KEY)"
    )
    assert server.requests == []
    assert server.connections == 0


def test_either_of_two_credentials_satisfies_an_operation_that_accepts_both(
    gate: ModuleType, server: FaultServer
) -> None:
    call(gate, "sync", server, lambda c: c.items.list_shared_items(), partner_key=PARTNER_KEY)
    seen = only_request(server)
    assert (seen.headers.get("x-partner-key"), seen.headers.get("authorization")) == (PARTNER_KEY, None)
    with pytest.raises(gate.APIError) as raised:
        call(gate, "sync", server, lambda c: c.items.list_shared_items())
    assert str(raised.value) == (
        "this operation needs credentials: one of HTTPBearer (pass api_key= to the client or set GATE_API_KEY); "
        "or PartnerKey (pass partner_key= to the client or set GATE_PARTNER_KEY)"
    )
    assert len(server.requests) == 1


def test_credentials_from_the_environment_follow_the_same_rules(
    gate: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATE_PARTNER_KEY", PARTNER_KEY)
    call(gate, "sync", server, lambda c: c.items.list_items())
    call(gate, "sync", server, lambda c: c.items.list_shared_items())
    assert [(seen.route, seen.headers.get("x-partner-key")) for seen in server.requests] == [
        ("/items", None),
        ("/items/shared", PARTNER_KEY),
    ]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_empty_key_counts_as_not_given(gate: ModuleType, server: FaultServer, mode: str) -> None:
    """``api_key=""`` never becomes ``Authorization: Bearer ``: public calls go out without it, others fail first."""
    assert call(gate, mode, server, lambda c: c.items.list_items(), api_key="") == OK
    assert call(gate, mode, server, lambda c: c.items.list_featured_items(), api_key="  ") == OK
    with pytest.raises(gate.APIError) as raised:
        call(gate, mode, server, lambda c: c.items.list_my_items(), api_key="")
    assert str(raised.value) == (
        "this operation needs credentials: HTTPBearer (pass api_key= to the client or set GATE_API_KEY)"
        " (api_key: empty, which counts as not given)"
    )
    assert [(seen.route, "authorization" in seen.headers) for seen in server.requests] == [
        ("/items", False),
        ("/items/featured", False),
    ]


def test_an_empty_environment_variable_counts_as_not_set(
    gate: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATE_API_KEY", "")
    with pytest.raises(gate.APIError, match=r"set GATE_API_KEY\) \(api_key: empty"):
        call(gate, "sync", server, lambda c: c.items.list_my_items())
    assert server.requests == []


def test_an_operation_overrides_the_top_level_requirement_with_an_empty_list(
    locked: ModuleType, server: FaultServer
) -> None:
    assert call(locked, "sync", server, lambda c: c.status.get_status()) == OK
    with pytest.raises(locked.APIError, match=r"bearer \(pass api_key= to the client or set LOCKED_API_KEY\)"):
        call(locked, "sync", server, lambda c: c.status.get_secrets())
    call(locked, "sync", server, lambda c: c.status.get_status(), api_key=BEARER_KEY)
    call(locked, "sync", server, lambda c: c.status.get_secrets(), api_key=BEARER_KEY)
    assert [(seen.route, seen.headers.get("authorization")) for seen in server.requests] == [
        ("/status", None),
        ("/status", None),
        ("/secrets", f"Bearer {BEARER_KEY}"),
    ]
