"""A client generated from a spec with OAuth 2 schemes, against the token endpoint and API of ``server.py``.

The spec declares a client credentials scheme (relative ``tokenUrl``, scopes per operation)
and an authorization code scheme, whose token a callable gives.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.oauth2.server import CLIENT_ID, CLIENT_SECRET, USER_TOKEN, Vault, serve
from tests.support.generated import generated_package

SPEC = """
openapi: 3.1.0
info: {title: Vault, version: "1"}
servers: [{url: "https://vault.invalid/v1"}]
security: [{cc: [items.read]}]
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}
    post:
      operationId: createItem
      security: [{cc: [items.write, items.read]}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
  /me:
    get:
      operationId: getMe
      security: [{code: [profile]}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
components:
  securitySchemes:
    cc:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: /oauth/token
          scopes: {items.read: read items, items.write: write items}
    code:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://vault.invalid/authorize
          tokenUrl: https://vault.invalid/token
          scopes: {profile: the user's profile}
"""


@pytest.fixture(scope="module")
def vault_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("oauth2"), "vault_client", SPEC):
        import vault_client

        yield vault_client


@pytest.fixture
def vault() -> Iterator[Vault]:
    with serve() as running:
        yield running


def _client(package: ModuleType, vault: Vault, *, is_async: bool = False, **options: Any) -> Any:
    cls = package.AsyncVaultClient if is_async else package.VaultClient
    options = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **options}
    return cls(base_url=f"{vault.url}/v1", max_retries=0, **options)


def test_one_token_fetch_for_200_calls_from_8_threads(vault_client: ModuleType, vault: Vault) -> None:
    with _client(vault_client, vault) as client, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: client.items.list_items(), range(200)))
    assert [r.n for r in results] == [3] * 200
    assert vault.fetches() == 1
    assert vault.token_requests[0].scopes == ("items.read",)
    assert vault.token_requests[0].client_auth == "basic"
    assert vault.api_statuses == [200] * 200


async def test_one_token_fetch_for_200_calls_from_50_tasks(vault_client: ModuleType, vault: Vault) -> None:
    async with _client(vault_client, vault, is_async=True) as client:

        async def four_calls() -> list[int]:
            return [(await client.items.list_items()).n for _ in range(4)]

        results = await asyncio.gather(*(four_calls() for _ in range(50)))
    assert [n for calls in results for n in calls] == [3] * 200
    assert vault.fetches() == 1
    assert vault.api_statuses == [200] * 200


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_token_past_its_expires_in_is_fetched_again(vault_client: ModuleType, vault: Vault, is_async: bool) -> None:
    vault.expires_in = 1  # renewed 0.1 s before it runs out
    calls = _calls(vault_client, vault, is_async, ["list", "list", "sleep 0.95", "list", "list"])
    assert calls == [3, 3, 3, 3]
    assert vault.fetches() == 2
    assert vault.api_statuses == [200] * 4


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_401_gets_exactly_one_new_token_and_one_retry(vault_client: ModuleType, vault: Vault, is_async: bool) -> None:
    calls = _calls(vault_client, vault, is_async, ["list", "revoke", "list", "list"])
    assert calls == [3, 3, 3]
    assert vault.fetches() == 2
    assert vault.api_statuses == [200, 401, 200, 200]


def test_a_401_seen_by_8_threads_at_once_gets_one_new_token(vault_client: ModuleType, vault: Vault) -> None:
    with _client(vault_client, vault) as client, ThreadPoolExecutor(8) as pool:
        client.items.list_items()
        vault.revoke_all()
        vault.token_delay = 0.3  # every thread's first attempt is refused before the new token comes
        results = list(pool.map(lambda _: client.items.list_items(), range(8)))
    assert [r.n for r in results] == [3] * 8
    assert vault.fetches() == 2
    assert vault.api_statuses.count(401) >= 1
    assert len(vault.api_statuses) == 9 + vault.api_statuses.count(401)


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_second_401_raises_authentication_error(vault_client: ModuleType, vault: Vault, is_async: bool) -> None:
    vault.api_rejects = True
    with pytest.raises(vault_client.AuthenticationError) as caught:
        _calls(vault_client, vault, is_async, ["list"])
    assert caught.value.status_code == 401
    assert not isinstance(caught.value, vault_client.OAuth2Error)
    assert vault.fetches() == 2
    assert vault.api_statuses == [401, 401]


def test_scopes_are_those_of_the_operation_with_a_token_per_scope_set(vault_client: ModuleType, vault: Vault) -> None:
    assert _calls(vault_client, vault, False, ["list", "create", "create", "list"]) == [3, True, True, 3]
    assert [r.scopes for r in vault.token_requests] == [("items.read",), ("items.write", "items.read")]


def test_a_server_refusing_basic_gets_the_credentials_in_the_body_from_then_on(
    vault_client: ModuleType, vault: Vault
) -> None:
    vault.basic_allowed = False
    assert _calls(vault_client, vault, False, ["list", "list", "create"]) == [3, 3, True]
    assert [(r.client_auth, r.status) for r in vault.token_requests] == [("basic", 401), ("body", 200), ("body", 200)]


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_refused_token_request_raises_oauth2_error_with_the_code(
    vault_client: ModuleType, vault: Vault, is_async: bool
) -> None:
    with pytest.raises(vault_client.OAuth2Error) as caught:
        _calls(vault_client, vault, is_async, ["list"], client_secret="wrong-secret-value")
    error = caught.value
    assert isinstance(error, vault_client.AuthenticationError)
    assert (error.error, error.status_code) == ("invalid_client", 401)
    assert error.error_description == "client authentication failed"
    refused = "refused a token: 401 invalid_client client authentication failed"
    assert str(error) == f"The token endpoint {vault.url}/oauth/token {refused}"
    assert [r.client_auth for r in vault.token_requests] == ["basic", "body"]
    assert vault.api_statuses == []


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_token_response_longer_than_its_bound_is_refused_unread(
    vault_client: ModuleType, vault: Vault, is_async: bool
) -> None:
    bound = vault_client._oauth2.MAX_TOKEN_RESPONSE_SIZE
    vault.token_padding = 2 * bound
    with pytest.raises(vault_client.APIResponseTooLargeError) as caught:
        _calls(vault_client, vault, is_async, ["list"])
    assert caught.value.limit == bound
    vault.token_padding = bound // 2  # long, still within the bound: a token as usual
    assert _calls(vault_client, vault, is_async, ["list"]) == [3]


@pytest.mark.parametrize("is_async", [pytest.param(False, id="sync"), pytest.param(True, id="async")])
def test_a_token_response_that_never_ends_times_out_within_the_timeout(
    vault_client: ModuleType, vault: Vault, is_async: bool
) -> None:
    vault.token_trickle = True
    started = time.monotonic()
    with pytest.raises(vault_client.APITimeoutError):
        _calls(vault_client, vault, is_async, ["list"], timeout=1.0)
    assert time.monotonic() - started < 10


def test_an_invalid_scope_raises_oauth2_error(vault_client: ModuleType, vault: Vault) -> None:
    with _client(vault_client, vault) as client, pytest.raises(vault_client.OAuth2Error) as caught:
        client.request("GET", "/items", cast=dict, security=[["cc"]], scopes=["admin"])
    assert (caught.value.error, caught.value.status_code) == ("invalid_scope", 400)
    assert isinstance(caught.value, vault_client.AuthenticationError)


def test_secrets_and_tokens_never_reach_logs_or_reprs(
    vault_client: ModuleType, vault: Vault, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with _client(vault_client, vault) as client:
        client.items.list_items()
        vault.revoke_all()
        client.items.list_items()
        shown = [repr(client), str(client), repr(client.with_options(timeout=3.0))]
        vault.basic_allowed = False
        client.items.create_item()
        issued = vault.issued()
        with pytest.raises(vault_client.OAuth2Error) as caught:
            client.request("GET", "/items", cast=dict, security=[["cc"]], scopes=["admin"])
        shown += [str(caught.value), repr(caught.value)]
        text = caplog.text + "\n".join(shown)
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert "OAuth 2 token fetched" in caplog.text
    assert "401 with an OAuth 2 token" in caplog.text
    assert "refused HTTP Basic" in caplog.text
    assert len(issued) == 2
    for secret in (CLIENT_SECRET, basic, *issued):
        assert secret not in text
    assert "client_secret='***'" in shown[0]


def test_a_token_provider_callable_is_called_for_each_request(vault_client: ModuleType, vault: Vault) -> None:
    calls: list[float] = []

    def provider() -> str:
        calls.append(time.monotonic())
        return USER_TOKEN

    with vault_client.VaultClient(base_url=f"{vault.url}/v1", code=provider) as client:
        assert [client.me.get_me() for _ in range(3)] == [{"name": "Ada"}] * 3
        assert "user-token" not in repr(client)
    assert len(calls) == 3
    assert vault.api_statuses == [200] * 3
    assert vault.token_requests == []


async def test_the_async_client_takes_an_async_token_provider(vault_client: ModuleType, vault: Vault) -> None:
    async def provider() -> str:
        await asyncio.sleep(0)
        return USER_TOKEN

    async with vault_client.AsyncVaultClient(base_url=f"{vault.url}/v1", code=provider) as client:
        assert await client.me.get_me() == {"name": "Ada"}
    async with vault_client.AsyncVaultClient(base_url=f"{vault.url}/v1", code=lambda: USER_TOKEN) as client:
        assert await client.me.get_me() == {"name": "Ada"}
    async with vault_client.AsyncVaultClient(base_url=f"{vault.url}/v1", code=USER_TOKEN) as client:
        assert await client.me.get_me() == {"name": "Ada"}


def test_a_provider_returning_no_token_raises_api_error(vault_client: ModuleType, vault: Vault) -> None:
    expected = "the token provider of code returned str, not a token"
    with (
        vault_client.VaultClient(base_url=f"{vault.url}/v1", code=lambda: "") as client,
        pytest.raises(vault_client.APIError, match=expected),
    ):
        client.me.get_me()
    assert vault.api_statuses == []


def test_client_credentials_come_from_the_environment(
    vault_client: ModuleType, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAULT_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("VAULT_CLIENT_SECRET", CLIENT_SECRET)
    with vault_client.VaultClient(base_url=f"{vault.url}/v1") as client:
        assert client.items.list_items().n == 3
    monkeypatch.delenv("VAULT_CLIENT_SECRET")
    with vault_client.VaultClient(base_url=f"{vault.url}/v1") as client, pytest.raises(vault_client.APIError) as caught:
        client.items.list_items()
    assert str(caught.value) == (
        "this operation needs credentials: cc (pass client_id= and client_secret= to the client"
        " or set VAULT_CLIENT_ID and VAULT_CLIENT_SECRET)"
    )
    assert vault.fetches() == 1


def _calls(package: ModuleType, vault: Vault, is_async: bool, steps: list[str], **options: Any) -> list[Any]:
    """Run ``steps`` (``list``, ``create``, ``revoke``, ``sleep SECONDS``) with one client; the call results."""

    def act(step: str) -> bool:
        if step == "revoke":
            vault.revoke_all()
        elif step.startswith("sleep "):
            time.sleep(float(step.split()[1]))
        return step in ("list", "create")

    def value(result: Any) -> Any:
        return result.n if hasattr(result, "n") else result.get("created")

    if not is_async:
        with _client(package, vault, **options) as client:
            calls = {"list": client.items.list_items, "create": client.items.create_item}
            return [value(calls[step]()) for step in steps if act(step)]

    async def run() -> list[Any]:
        async with _client(package, vault, is_async=True, **options) as client:
            calls = {"list": client.items.list_items, "create": client.items.create_item}
            return [value(await calls[step]()) for step in steps if act(step)]

    return asyncio.run(run())


USER_SCRIPT = """
from vault_client import AsyncVaultClient, OAuth2Error, VaultClient


async def fetch() -> str:
    return "t"


client = VaultClient(client_id="id", client_secret="secret", code=lambda: "t")
AsyncVaultClient(code=fetch)
AsyncVaultClient(code=lambda: "t")
try:
    client.items.list_items()
except OAuth2Error as error:
    code: str | None = error.error
VaultClient(code=fetch)  # the sync client cannot await
"""


def test_token_providers_type_check_under_mypy_strict(vault_client: ModuleType, tmp_path: Path) -> None:
    src = Path(vault_client.__file__).parent.parent
    (tmp_path / "use_vault.py").write_text(USER_SCRIPT, encoding="utf-8")
    options = ["--strict", "--python-version", "3.11", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy")]
    command = [sys.executable, "-m", "mypy", *options, "use_vault.py", str(src / "vault_client")]
    env = {**os.environ, "MYPYPATH": str(src)}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stdout + result.stderr
    assert errors[0].startswith('use_vault.py:16: error: Argument "code" to "VaultClient" has incompatible type')
