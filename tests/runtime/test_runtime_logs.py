"""Logging: the package logger, opt-in output, and redaction of credentials."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

import pytest
from rtpkg import _logs
from rtpkg._base_client import AuthParts, RequestOptions
from rtpkg._logs import REDACTED, logger, redact_headers, redact_url, setup_logging
from rtpkg._sync_client import SyncAPIClient

from tests.runtime.runtime_server import MockServer, Reply

SECRET = "sk-live-0123456789"
ENV_VAR = "RTPKG_TEST_LOG"


@pytest.fixture
def clean_logger() -> Iterator[None]:
    handlers, level = list(logger.handlers), logger.level
    try:
        yield
    finally:
        for handler in logger.handlers:
            if handler not in handlers:
                logger.removeHandler(handler)
        logger.setLevel(level)


class KeyedClient(SyncAPIClient):
    """Sends the key as a bearer token, a custom header, a query parameter and a cookie."""

    def __init__(self, *, base_url: str, api_key: str | None) -> None:
        self._credentials = {"api_key": api_key}
        super().__init__(base_url=base_url, max_retries=0)
        self._api_key = api_key or ""

    def _auth(self, security: Sequence[Sequence[str]] | None, scopes: Sequence[str] = ()) -> AuthParts:
        return AuthParts(
            headers={"Authorization": f"Bearer {self._api_key}", "X-Partner": self._api_key},
            query=[("sig", self._api_key)],
            cookies={"sid": self._api_key},
        )


def test_logger_is_named_after_the_top_level_package() -> None:
    assert logger.name == "rtpkg"


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "Proxy-Authorization",
        "X-API-Key",
        "api-key",
        "apikey",
        "X-Auth-Token",
        "Cookie",
        "Set-Cookie",
        "X-Client-Secret",
        "X-Session",
    ],
)
def test_redact_headers_hides_credentials(name: str) -> None:
    assert redact_headers({name: SECRET}) == {name: REDACTED}


@pytest.mark.parametrize("name", ["Content-Type", "Accept", "User-Agent", "Idempotency-Key", "X-Request-Id"])
def test_redact_headers_keeps_harmless_headers(name: str) -> None:
    assert redact_headers({name: "value"}) == {name: "value"}


def test_redact_headers_hides_extra_names() -> None:
    assert redact_headers({"X-Partner": SECRET}, ["x-partner"]) == {"X-Partner": REDACTED}


@pytest.mark.parametrize("name", ["api_key", "key", "token", "access_token", "apiKey", "sig"])
def test_redact_url_hides_credential_query_parameters(name: str) -> None:
    url = redact_url(f"https://api.example.com/v1?page=2&{name}={SECRET}", ["sig"])
    assert SECRET not in url
    assert "page=2" in url
    assert f"{name}=<redacted>" in url


def test_redact_url_hides_password() -> None:
    url = redact_url(f"https://user:{SECRET}@api.example.com/v1")
    assert SECRET not in url
    assert "user" in url


def test_setup_logging_does_nothing_without_the_variable(monkeypatch: pytest.MonkeyPatch, clean_logger: None) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = list(logger.handlers)
    setup_logging(ENV_VAR)
    assert logger.handlers == before


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_setup_logging_adds_one_handler(
    monkeypatch: pytest.MonkeyPatch, clean_logger: None, value: str, level: int
) -> None:
    monkeypatch.setenv(ENV_VAR, value)
    before = len(logger.handlers)
    setup_logging(ENV_VAR)
    setup_logging(ENV_VAR)
    assert len(logger.handlers) == before + 1
    assert logger.level == level


def test_client_logs_requests_without_credentials(server: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    server.script(Reply(503, {"error": "down"}), Reply(200, {"ok": True}))
    caplog.set_level(logging.DEBUG, logger=logger.name)
    with KeyedClient(base_url=server.url, api_key=SECRET) as client:
        client.max_retries = 1
        client._sleep = lambda delay: None
        options = RequestOptions(extra_headers={"X-Api-Key": SECRET}, extra_query={"api_key": SECRET})
        result = client.request("GET", "/v1/things", query=[("page", "2")], cast=dict, options=options)
    assert result == {"ok": True}
    assert server.requests[-1].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in caplog.text
    assert "/v1/things" in caplog.text
    assert "page=2" in caplog.text
    assert REDACTED in caplog.text
    assert "Retrying GET" in caplog.text
    assert "-> 503 (attempt 1" in caplog.text
    assert "-> 200 (attempt 2" in caplog.text


def test_log_output_on_stderr_has_no_credentials(
    server: MockServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clean_logger: None,
) -> None:
    monkeypatch.setenv(ENV_VAR, "debug")
    monkeypatch.setattr(logger, "propagate", False)
    server.script(Reply(200, {"ok": True}))
    with KeyedClient(base_url=server.url, api_key=SECRET) as client:
        setup_logging(ENV_VAR)
        client.request("GET", "/v1/things", cast=dict)
    err = capsys.readouterr().err
    assert "HTTP GET" in err
    assert "'authorization': '<redacted>'" in err
    assert SECRET not in err


def test_repr_masks_credentials() -> None:
    client = KeyedClient(base_url="https://api.example.com", api_key=SECRET)
    try:
        for text in (repr(client), str(client)):
            assert SECRET not in text
            assert "api_key='***'" in text
            assert "base_url='https://api.example.com'" in text
        client._credentials = {"api_key": None}
        assert "api_key=None" in repr(client)
    finally:
        client.close()


def test_module_exports() -> None:
    assert set(_logs.__all__) >= {"logger", "setup_logging", "redact_headers", "redact_url"}
