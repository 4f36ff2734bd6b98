"""Servers as OpenAPI defines them, through a generated client against two servers on 127.0.0.1.

The spec's top-level server is ``http://127.0.0.1:{port}/{stage}``: ``port`` (default 9, the
discard port, where nothing listens) and ``stage`` (``v1`` or ``v2``) are constructor arguments.
A path and some operations name servers of their own, on ``{other_port}``, relative, or both; an
operation's servers override its path's.  Each test runs two fresh servers, A and B, and checks
which one received each request, at which path.  The environments chosen by name are the top-level
servers; the servers of paths and operations are used for their operations unless the user gives the
base URL.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from generator.config import ClientConfig
from generator.pipeline import generate
from tests.faults.fault_server import FaultServer, Reply
from tests.support.generated import generated_package

PACKAGE = "relay_client"
SPEC = """
openapi: 3.0.3
info: {title: Relay, version: "1"}
servers:
  - url: "http://127.0.0.1:{port}/{stage}"
    variables:
      port: {default: "9", description: The port of the main server}
      stage: {default: v1, enum: [v1, v2]}
paths:
  /home:
    get:
      operationId: getHome
      tags: [relay]
      responses: &ok {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /moved:
    get:
      operationId: getMoved
      tags: [relay]
      servers:
        - url: "http://127.0.0.1:{other_port}/moved-here"
          variables: {other_port: {default: "9"}}
        - url: "http://127.0.0.1:9/never"
      responses: *ok
  /area:
    servers:
      - url: "http://127.0.0.1:{other_port}/area-here"
        variables: {other_port: {default: "9"}}
    get:
      operationId: getArea
      tags: [relay]
      responses: *ok
    post:
      operationId: postArea
      tags: [relay]
      servers: [{url: "/beside"}]
      responses: *ok
"""
OK = {"ok": True}


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("relay"), PACKAGE, SPEC):
        yield importlib.import_module(PACKAGE)


@pytest.fixture
def servers() -> Iterator[tuple[FaultServer, FaultServer]]:
    a, b = FaultServer().start().script(Reply(body=OK)), FaultServer().start().script(Reply(body=OK))
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


@pytest.fixture(autouse=True)
def no_base_url_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RELAY_BASE_URL", raising=False)


def seen(server: FaultServer) -> list[tuple[str, str]]:
    return [(request.method, request.route) for request in server.requests]


def call_all(client: object) -> None:
    resource = client.relay  # type: ignore[attr-defined]
    for op in (resource.get_home, resource.get_moved, resource.get_area, resource.post_area):
        op()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_path_and_operation_servers_are_used_for_their_operations(
    relay: ModuleType, servers: tuple[FaultServer, FaultServer], mode: str
) -> None:
    a, b = servers
    options = {"port": str(a.port), "other_port": str(b.port), "max_retries": 0, "environment": "production"}
    if mode == "sync":
        with relay.RelayClient(**options) as client:
            call_all(client)
    else:

        async def run() -> None:
            async with relay.AsyncRelayClient(**options) as client:
                resource = client.relay
                for op in (resource.get_home, resource.get_moved, resource.get_area, resource.post_area):
                    await op()

        asyncio.run(run())
    assert seen(a) == [("GET", "/v1/home"), ("POST", "/beside/area")]  # a relative server: beside the base URL
    assert seen(b) == [("GET", "/moved-here/moved"), ("GET", "/area-here/area")]


def test_a_chosen_value_of_an_enum_variable_fills_the_url(
    relay: ModuleType, servers: tuple[FaultServer, FaultServer]
) -> None:
    a, _ = servers
    with relay.RelayClient(port=str(a.port), stage="v2", max_retries=0) as client:
        assert client.base_url == f"http://127.0.0.1:{a.port}/v2"
        client.relay.get_home()
    assert seen(a) == [("GET", "/v2/home")]


def test_the_defaults_fill_the_url_when_nothing_is_chosen(relay: ModuleType) -> None:
    with relay.RelayClient() as client:
        assert client.base_url == "http://127.0.0.1:9/v1"
    assert relay.ENVIRONMENTS == {"production": "http://127.0.0.1:{port}/{stage}"}  # the first server, by place


def test_a_value_outside_the_enum_is_refused_when_the_client_is_built(relay: ModuleType) -> None:
    with pytest.raises(relay.APIError) as raised:
        relay.AsyncRelayClient(stage="v3")
    assert str(raised.value) == "stage='v3' is not a value of the server variable {stage}: one of 'v1', 'v2'"


@pytest.mark.parametrize("how", ["argument", "environment variable"])
def test_a_base_url_the_user_gives_wins_over_every_server(
    relay: ModuleType, servers: tuple[FaultServer, FaultServer], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = servers
    if how == "argument":
        client = relay.RelayClient(base_url=f"{a.url}/mine", other_port=str(b.port), max_retries=0)
    else:
        monkeypatch.setenv("RELAY_BASE_URL", f"{a.url}/mine")
        client = relay.RelayClient(other_port=str(b.port), max_retries=0)
    with client:
        call_all(client)
    assert seen(a) == [("GET", "/mine/home"), ("GET", "/mine/moved"), ("GET", "/mine/area"), ("POST", "/mine/area")]
    assert seen(b) == []


def test_the_generated_signature_names_the_variables_with_their_defaults(relay: ModuleType) -> None:
    import inspect

    parameters = inspect.signature(relay.RelayClient).parameters
    assert [(name, parameters[name].default) for name in ("port", "stage", "other_port")] == [
        ("port", "9"),
        ("stage", "v1"),
        ("other_port", "9"),
    ]


def test_a_variable_named_like_an_argument_of_the_client_keeps_clear_of_it(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: Clash, version: "1"}\n'
        'servers: [{url: "https://{environment}.example.com/{os}", variables: {environment: {default: eu}, '
        "os: {default: linux}}}]\n"
        "paths: {}\n",
        encoding="utf-8",
    )
    outcome = generate([spec], ClientConfig.for_package("clash_client", tmp_path / "out"))
    assert outcome.warnings == ()
    client = (tmp_path / "out" / "src" / "clash_client" / "_client.py").read_text(encoding="utf-8")
    assert "        environment_: str = 'eu',\n" in client.replace('"', "'")
    assert "        os_: str = 'linux',\n" in client.replace('"', "'")


def test_undeclared_and_conflicting_variables_are_located_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: Loose, version: "1"}\n'
        'servers: [{url: "https://{region}.example.com", variables: {region: {default: eu, enum: [eu, us]}}}]\n'
        "paths:\n"
        "  /a:\n"
        '    servers: [{url: "https://{region}.other.example.com", variables: {region: {default: us}}}]\n'
        "    get: {operationId: getA, responses: {'204': {description: none}}}\n"
        "  /b:\n"
        '    get: {operationId: getB, servers: [{url: "https://{zone}.b.example.com"}], '
        "responses: {'204': {description: none}}}\n",
        encoding="utf-8",
    )
    outcome = generate([spec], ClientConfig.for_package("loose_client", tmp_path / "out"))
    assert [f"{p.location.pointer}: {p.message}" for p in outcome.warnings] == [
        "/paths/~1b/get/servers/0/url: server variable {zone} is not declared",
        "/paths/~1a/servers/0/variables/region: server variable {region} is declared differently at "
        "/servers/0/variables/region: the client uses that first declaration",
    ]
    client = (tmp_path / "out" / "src" / "loose_client" / "_client.py").read_text(encoding="utf-8")
    assert "        zone: str | None = None,\n" in client
