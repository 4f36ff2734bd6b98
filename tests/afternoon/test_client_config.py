"""Client construction: credentials, environments, secrecy of the key."""

from __future__ import annotations

import logging

import pytest
from afternoon_client import ENVIRONMENTS, AfternoonClient, APIError, AsyncAfternoonClient

from tests.afternoon.conftest import API_KEY, CUSTOMER_ID
from tests.support.replay import replay


def test_environments_are_named() -> None:
    assert ENVIRONMENTS == {"production": "https://api.afternoon.co", "local": "http://localhost:8787"}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param({}, "https://api.afternoon.co", id="default-production"),
        pytest.param({"environment": "local"}, "http://localhost:8787", id="local"),
        pytest.param({"base_url": "http://127.0.0.1:8787"}, "http://127.0.0.1:8787", id="base-url-wins"),
    ],
)
def test_base_url_selection(kwargs: dict[str, str], expected: str) -> None:
    with AfternoonClient(api_key=API_KEY, **kwargs) as client:
        assert str(client.base_url).rstrip("/") == expected


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown environment 'staging'"):
        AfternoonClient(api_key=API_KEY, environment="staging")


def test_key_comes_from_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERNOON_API_KEY", "ak_test_from_env")
    with replay("afternoon/list_balances_200") as server, AfternoonClient(base_url=server.url) as client:
        client.customers.list_balances(CUSTOMER_ID)
    assert server.received[0].headers["authorization"] == "Bearer ak_test_from_env"


def test_missing_key_fails_before_any_io(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERNOON_API_KEY", raising=False)
    with (
        replay("afternoon/list_balances_200") as server,
        AfternoonClient(base_url=server.url) as client,
        pytest.raises(APIError, match="api_key"),
    ):
        client.customers.list_balances(CUSTOMER_ID)
    assert server.received == []


@pytest.mark.parametrize("client_class", [AfternoonClient, AsyncAfternoonClient])
def test_key_never_appears_in_repr_or_str(client_class: type[AfternoonClient]) -> None:
    client = client_class(api_key=API_KEY)
    assert API_KEY not in repr(client)
    assert API_KEY not in str(client)
    assert API_KEY not in repr(vars(client).get("_credentials", {}).keys())


def test_key_never_appears_in_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with replay("afternoon/list_balances_200") as server, AfternoonClient(api_key=API_KEY, base_url=server.url) as c:
        c.customers.list_balances(CUSTOMER_ID)
    assert caplog.records, "requests are logged at DEBUG level"
    assert all(API_KEY not in record.getMessage() for record in caplog.records)
    assert API_KEY not in caplog.text
