"""No credential in any log record, error message or ``repr()`` a generated client causes.

Every log record of the process is captured at DEBUG from the root logger:
httpx's request line, httpcore's connection and header traces, and the
package's own records.  A small client is generated from the inline spec below
(an API key in the query string under the harmless-looking name ``appid``,
basic auth, an API key in a cookie called ``sid``); the committed Afternoon
client sends a bearer key.  For each credential, sync and async, against a
real server on 127.0.0.1 that echoes the credential back in a 401 body and in
response headers, the credential (and its percent-encoded and base64 forms)
must appear in no record's message or formatted line, and in no ``str()`` or
``repr()`` of the client, its ``with_options`` copy, the raw response or the
error, while the request line is still logged with ``<redacted>`` in its place.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import importlib
import logging
import socket
import traceback
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import quote, quote_plus

import afternoon_client
import httpx
import pytest

from tests.faults.fault_server import FaultServer, Reply, Seen
from tests.support.generated import generated_package

PACKAGE = "weather_client"
SPEC = """
openapi: 3.1.0
info: {title: Weather API, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
security: [{appKey: []}]
paths:
  /weather:
    get:
      operationId: getWeather
      tags: [weather]
      parameters:
        - {name: city, in: query, schema: {type: string}}
      responses: &weather
        '200': {description: the weather, content: {application/json: {schema: {$ref: '#/components/schemas/Weather'}}}}
  /account:
    get:
      operationId: getAccount
      tags: [account]
      security: [{basicAuth: []}]
      responses: *weather
  /session:
    get:
      operationId: getSession
      tags: [session]
      security: [{cookieKey: []}]
      responses: *weather
components:
  securitySchemes:
    appKey: {type: apiKey, in: query, name: appid}
    basicAuth: {type: http, scheme: basic}
    cookieKey: {type: apiKey, in: cookie, name: sid}
  schemas:
    Weather:
      type: object
      required: [city, celsius]
      properties:
        city: {type: string}
        celsius: {type: number}
"""

QUERY_KEY = "qk_live/7+SecretWeatherKey"  # "/" and "+" are percent-encoded in the query
URL_PASSWORD = "pw:S3cret/Pass@word"  # percent-encoded in the user info
BEARER_KEY = "sk_live_bearer_0123456789abcdef"
BASIC_PASSWORD = "basic-S3cret-pass!"
COOKIE_KEY = "ck_live_cookie_5up3rs3cret"
CUSTOMER = "cm5x9z8nv0000h85r7l9p2k1m"
WEATHER = {"city": "Oslo", "celsius": 4.5}
BALANCES = {"success": True, "balances": [], "request_id": "req_1"}


@pytest.fixture(scope="module")
def weather(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("weather"), PACKAGE, SPEC):
        yield importlib.import_module(PACKAGE)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    started = FaultServer().start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Records(logging.Handler):
    """Every record that reaches the root logger, kept with its formatted line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    def texts(self) -> list[str]:
        return [record.getMessage() for record in self.records] + self.lines


@pytest.fixture
def records() -> Iterator[Records]:
    """Capture every record at DEBUG; the loggers' levels and the root's are restored after."""
    root = logging.getLogger()
    handler = Records()
    names = ("httpx", "httpcore", PACKAGE, afternoon_client.__name__)
    saved = [(logging.getLogger(name), logging.getLogger(name).level) for name in names]
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for lg, _ in saved:
        lg.setLevel(logging.NOTSET)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for lg, saved_level in saved:
            lg.setLevel(saved_level)


def forms(secret: str) -> set[str]:
    """The secret as given and percent-encoded, as it may appear in a URL."""
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def basic_token(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def assert_nowhere(secrets: set[str], texts: list[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"{secret!r} shown in {text!r}"


@dataclass(frozen=True)
class Case:
    """One way of sending a credential, and what must hold of it."""

    name: str
    package: Callable[[ModuleType], ModuleType]
    """The generated package (the weather client is generated once per module)."""
    options: Callable[[str], dict[str, Any]]
    """Client arguments for a server URL."""
    call: Callable[[Any], Any]
    raw: Callable[[Any], Any]
    body: dict[str, Any]
    secrets: tuple[str, ...]
    """Every value that must never be shown; the first is echoed in a response header."""
    sent: Callable[[Seen], bool]
    """The request really carried the credential."""
    shown: str
    """What some record still shows in the credential's place."""


def _weather(c: Any) -> Any:
    return c.weather.get_weather(city="Oslo")


def _weather_raw(c: Any) -> Any:
    return c.weather.with_raw_response.get_weather(city="Oslo")


CASES = [
    Case(
        name="query-key",
        package=lambda w: w,
        options=lambda url: {"api_key": QUERY_KEY, "base_url": url},
        call=_weather,
        raw=_weather_raw,
        body=WEATHER,
        secrets=(QUERY_KEY,),
        sent=lambda seen: seen.query.get("appid") == QUERY_KEY,
        shown="appid=<redacted>",
    ),
    Case(
        name="base-url-password",
        package=lambda w: w,
        options=lambda url: {
            "api_key": QUERY_KEY,
            "base_url": url.replace("://", f"://ada:{quote(URL_PASSWORD, safe='')}@"),
        },
        call=_weather,
        raw=_weather_raw,
        body=WEATHER,
        secrets=(URL_PASSWORD, basic_token("ada", URL_PASSWORD), QUERY_KEY),
        sent=lambda seen: seen.headers.get("authorization") == f"Basic {basic_token('ada', URL_PASSWORD)}",
        shown="://ada:<redacted>@127.0.0.1",
    ),
    Case(
        name="bearer",
        package=lambda w: afternoon_client,
        options=lambda url: {"api_key": BEARER_KEY, "base_url": url},
        call=lambda c: c.customers.list_balances(CUSTOMER),
        raw=lambda c: c.customers.with_raw_response.list_balances(CUSTOMER),
        body=BALANCES,
        secrets=(BEARER_KEY,),
        sent=lambda seen: seen.headers.get("authorization") == f"Bearer {BEARER_KEY}",
        shown="'authorization': '<redacted>'",
    ),
    Case(
        name="basic",
        package=lambda w: w,
        options=lambda url: {"basic_auth_username": "ada", "basic_auth_password": BASIC_PASSWORD, "base_url": url},
        call=lambda c: c.account.get_account(),
        raw=lambda c: c.account.with_raw_response.get_account(),
        body=WEATHER,
        secrets=(BASIC_PASSWORD, basic_token("ada", BASIC_PASSWORD)),
        sent=lambda seen: seen.headers.get("authorization") == f"Basic {basic_token('ada', BASIC_PASSWORD)}",
        shown="'authorization': '<redacted>'",
    ),
    Case(
        name="cookie-key",
        package=lambda w: w,
        options=lambda url: {"cookie_key": COOKIE_KEY, "base_url": url},
        call=lambda c: c.session.get_session(),
        raw=lambda c: c.session.with_raw_response.get_session(),
        body=WEATHER,
        secrets=(COOKIE_KEY,),
        sent=lambda seen: seen.headers.get("cookie") == f"sid={COOKIE_KEY}",
        shown="'cookie': '<redacted>'",
    ),
]


def _texts_of(client: Any, raw: Any, error: Any) -> list[str]:
    copy = client.with_options(max_retries=1)
    return [repr(client), str(client), repr(copy), str(raw), repr(raw), str(error), repr(error), error.message]


def _exercise(case: Case, package: ModuleType, mode: str, url: str) -> tuple[list[str], Any]:
    """A raw call (200), then a plain one (401): the texts to check, and the error."""
    options = {**case.options(url), "max_retries": 0}
    status_error = package.AuthenticationError
    if mode == "sync":
        with getattr(package, _class_name(package))(**options) as client:
            raw = case.raw(client)
            assert raw.parse() is not None
            with pytest.raises(status_error) as caught:
                case.call(client)
            return _texts_of(client, raw, caught.value), caught.value

    async def run() -> tuple[list[str], Any]:
        async with getattr(package, "Async" + _class_name(package))(**options) as client:
            raw = await case.raw(client)
            assert raw.parse() is not None
            with pytest.raises(status_error) as caught:
                await case.call(client)
            return _texts_of(client, raw, caught.value), caught.value

    return asyncio.run(run())


def _class_name(package: ModuleType) -> str:
    return "AfternoonClient" if package is afternoon_client else "WeatherClient"


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_no_credential_in_logs_errors_or_reprs(
    case: Case, mode: str, weather: ModuleType, server: FaultServer, records: Records
) -> None:
    package = case.package(weather)
    echo = " ".join(case.secrets)
    server.script(
        Reply(200, case.body),
        Reply(401, {"error": f"invalid credentials: {echo}"}, {"X-Echo": case.secrets[0], "Set-Cookie": echo}),
    )
    texts, error = _exercise(case, package, mode, server.url)

    assert all(case.sent(seen) for seen in server.requests)
    secrets = set().union(*map(forms, case.secrets))
    assert_nowhere(secrets, texts + records.texts())
    assert "<redacted>" in error.message
    assert case.secrets[0] in str(error.body)  # the body keeps the data as received
    messages = [record.getMessage() for record in records.records]
    assert any(case.shown in message for message in messages), messages
    # httpx's own request line is still written, the credential masked in it.
    request_lines = [m for m in messages if m.startswith("HTTP Request: GET http://")]
    assert [line.rpartition(" ")[0].endswith('"HTTP/1.0 200') for line in request_lines] == [True, False]
    assert request_lines[1].endswith('"HTTP/1.0 401 Unauthorized"')
    assert {record.name for record in records.records} >= {"httpx", "httpcore.http11", package.__name__}


def test_query_key_request_line_keeps_everything_but_the_key(
    weather: ModuleType, server: FaultServer, records: Records
) -> None:
    server.script(Reply(200, WEATHER))
    with weather.WeatherClient(api_key=QUERY_KEY, base_url=server.url, max_retries=0) as client:
        assert client.weather.get_weather(city="Oslo").city == "Oslo"
    (line,) = [r.getMessage() for r in records.records if r.name == "httpx"]
    assert line == f'HTTP Request: GET {server.url}/weather?appid=<redacted>&city=Oslo "HTTP/1.0 200 OK"'


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_connection_error_to_a_url_carrying_the_key(
    mode: str, weather: ModuleType, closed_port: int, records: Records
) -> None:
    url = f"http://ada:{quote(URL_PASSWORD, safe='')}@127.0.0.1:{closed_port}"
    options = {"api_key": QUERY_KEY, "base_url": url, "max_retries": 0}

    async def run() -> BaseException:
        async with weather.AsyncWeatherClient(**options) as client:
            with pytest.raises(weather.APIConnectionError) as caught:
                await _weather(client)
            return caught.value

    if mode == "sync":
        with weather.WeatherClient(**options) as client, pytest.raises(weather.APIConnectionError) as caught:
            _weather(client)
        error: BaseException = caught.value
    else:
        error = asyncio.run(run())

    assert f"(GET http://ada:<redacted>@127.0.0.1:{closed_port}/weather?appid=<redacted>&city=Oslo)" in str(error)
    logging.getLogger("app").error("the call failed", exc_info=error)  # the application logs the traceback
    texts = [str(error), repr(error), *_chain_texts(error), *records.texts()]
    assert_nowhere(forms(QUERY_KEY) | forms(URL_PASSWORD), texts)


def _chain_texts(error: BaseException) -> list[str]:
    texts = ["".join(traceback.format_exception(error))]
    cause = error.__cause__ or error.__context__
    while cause is not None:
        texts += [str(cause), repr(cause)]
        cause = cause.__cause__ or cause.__context__
    return texts


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_key_httpx_refuses_is_masked_in_its_error_text(mode: str, server: FaultServer, records: Records) -> None:
    # A key read from a file with its line end: h11 refuses the header and quotes it in its message.
    key = BEARER_KEY + "\n"
    options = {"api_key": key, "base_url": server.url, "max_retries": 0}

    async def run() -> BaseException:
        async with afternoon_client.AsyncAfternoonClient(**options) as client:
            with pytest.raises(afternoon_client.APIConnectionError) as caught:
                await client.customers.list_balances(CUSTOMER)
            return caught.value

    if mode == "sync":
        with (
            afternoon_client.AfternoonClient(**options) as client,
            pytest.raises(afternoon_client.APIConnectionError) as caught,
        ):
            client.customers.list_balances(CUSTOMER)
        error: BaseException = caught.value
    else:
        error = asyncio.run(run())

    assert "LocalProtocolError: Illegal header value b'Bearer <redacted>'" in str(error)
    logging.getLogger("app").error("the call failed", exc_info=error)
    assert_nowhere({BEARER_KEY}, [str(error), repr(error), *_chain_texts(error), *records.texts()])
    assert server.count == 0


def test_every_error_class_masks_its_message(weather: ModuleType) -> None:
    with weather.WeatherClient(api_key=QUERY_KEY, base_url="http://127.0.0.1:9"):
        request = httpx.Request("GET", f"http://127.0.0.1:9/weather?appid={QUERY_KEY}")
        response = httpx.Response(422, json={"key": QUERY_KEY}, request=request)
        message = f"bad: {QUERY_KEY} at {request.url}"
        errors = [
            weather.APIError(message, request=request),
            weather.APIConnectionError(message, request=request),
            weather.APITimeoutError(message, request=request),
            weather.APIResponseValidationError(message, response=response, body={"key": QUERY_KEY}),
            weather.UnprocessableEntityError(message, response=response, body={"key": QUERY_KEY}),
            weather.RateLimitError(message, response=response, body={"key": QUERY_KEY}),
        ]
    for error in errors:
        assert_nowhere(forms(QUERY_KEY), [str(error), repr(error), error.message])
        assert error.message.startswith("bad: <redacted> at http://127.0.0.1:9/weather?appid=<redacted>")


def test_a_credential_is_masked_while_any_client_holding_it_lives(weather: ModuleType) -> None:
    redact = weather._redact.redact_text
    key = "lifetime_key_0123456789"
    first = weather.WeatherClient(api_key=key, base_url="http://127.0.0.1:9")
    second = weather.WeatherClient(api_key=key, base_url="http://127.0.0.1:9")
    copy = first.with_options(max_retries=0)
    first.close()
    second.close()
    collected = weakref.ref(first)
    del first
    gc.collect()
    assert collected() is None  # the registry does not keep a client alive
    assert redact(f"echo {key}") == "echo <redacted>"
    del second
    gc.collect()
    assert redact(f"echo {key}") == "echo <redacted>"  # the with_options copy still holds it
    del copy
    gc.collect()
    assert redact(f"echo {key}") == f"echo {key}"  # forgotten with its last client


def test_masking_runs_only_for_records_that_are_emitted(
    weather: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    masking = weather._logs.RedactingFilter.filter

    def counted(self: logging.Filter, record: logging.LogRecord) -> bool:
        calls.append(record.name)
        return bool(masking(self, record))

    monkeypatch.setattr(weather._logs.RedactingFilter, "filter", counted)
    loggers = [logging.getLogger(name) for name in ("", "httpx", "httpcore", "httpcore.http11", PACKAGE)]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)
    server.script(Reply(200, WEATHER))
    try:
        with weather.WeatherClient(api_key=QUERY_KEY, base_url=server.url, max_retries=0) as client:
            _weather(client)
            assert calls == []  # nothing logged at WARNING: no record built, nothing masked
            logging.getLogger().setLevel(logging.INFO)
            _weather(client)
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
    assert "httpx" in calls
    assert server.count == 2
