"""Client construction: environments, the key from MAYAR_API_KEY, secrecy of the key."""

from __future__ import annotations

import logging

import pytest
from mayar_client import ENVIRONMENTS, APIError, AsyncMayarClient, MayarClient

from tests.mayar.conftest import API_KEY, BASE_PATH, Runner
from tests.mayar.scenarios import balance_credit_product
from tests.support.replay import replay

PRODUCTION = "https://api.mayar.id"
SANDBOX = "https://api.mayar.club"


def test_environments_are_production_and_sandbox() -> None:
    assert ENVIRONMENTS == {"production": PRODUCTION, "sandbox": SANDBOX}


@pytest.mark.parametrize("client_class", [MayarClient, AsyncMayarClient])
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param({}, PRODUCTION, id="default-production"),
        pytest.param({"environment": "production"}, PRODUCTION, id="production"),
        pytest.param({"environment": "sandbox"}, SANDBOX, id="sandbox"),
        pytest.param(
            {"environment": "sandbox", "base_url": "http://127.0.0.1:8787"},
            "http://127.0.0.1:8787",
            id="base-url-wins",
        ),
    ],
)
def test_base_url_selection(client_class: type[MayarClient], kwargs: dict[str, str], expected: str) -> None:
    client = client_class(api_key=API_KEY, **kwargs)
    assert str(client.base_url).rstrip("/") == expected


def test_base_url_from_mayar_base_url_unless_an_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAYAR_BASE_URL", "http://127.0.0.1:8787")
    assert str(MayarClient(api_key=API_KEY).base_url).rstrip("/") == "http://127.0.0.1:8787"
    assert str(MayarClient(api_key=API_KEY, environment="sandbox").base_url).rstrip("/") == SANDBOX


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown environment 'staging'"):
        MayarClient(api_key=API_KEY, environment="staging")


def test_key_comes_from_mayar_api_key(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAYAR_API_KEY", "mayar_key_from_env")
    bal = run("balance_credit_product", balance_credit_product, api_key=None)
    assert bal.customer_main_balance == 29801
    assert run.server.received[0].headers["authorization"] == "Bearer mayar_key_from_env"


def test_an_explicit_key_wins_over_mayar_api_key(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAYAR_API_KEY", "mayar_key_from_env")
    run("balance_credit_product", balance_credit_product)
    assert run.server.received[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_missing_key_fails_before_any_io() -> None:
    with (
        replay("mayar/balance_credit_product") as server,
        MayarClient(base_url=server.url + BASE_PATH) as client,
        pytest.raises(APIError, match="api_key"),
    ):
        balance_credit_product(client)
    assert server.received == []


@pytest.mark.parametrize("client_class", [MayarClient, AsyncMayarClient])
@pytest.mark.parametrize("from_env", [False, True], ids=["argument", "MAYAR_API_KEY"])
def test_key_never_appears_in_repr_or_str(
    client_class: type[MayarClient], from_env: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if from_env:
        monkeypatch.setenv("MAYAR_API_KEY", API_KEY)
    client = client_class(api_key=None if from_env else API_KEY, environment="sandbox")
    assert API_KEY not in repr(client)
    assert API_KEY not in str(client)
    assert "api.mayar.club" in repr(client)


def test_key_never_appears_in_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        replay("mayar/balance_credit_product") as server,
        MayarClient(api_key=API_KEY, base_url=server.url + BASE_PATH) as client,
    ):
        balance_credit_product(client)
    assert caplog.records, "requests are logged at DEBUG level"
    assert API_KEY not in caplog.text
