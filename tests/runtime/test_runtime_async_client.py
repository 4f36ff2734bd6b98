"""AsyncAPIClient over real sockets: the same behaviour as the sync client, awaited."""

from __future__ import annotations

import functools
import json
import ssl
from collections.abc import AsyncIterator
from typing import Any

import attrs
import httpx
import pytest
import pytest_asyncio
from rtpkg._async_client import AsyncAPIClient, AsyncAPIResource
from rtpkg._base_client import APIResponse, RequestOptions
from rtpkg._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from rtpkg._utils import path_template

from tests.runtime.runtime_server import MockServer, Reply, Sleeps

pytestmark = pytest.mark.asyncio

SSL_CONTEXT = ssl.create_default_context()  # shared: loading the CA bundle costs ~30 ms per client
ERROR_JSON = {"error": {"code": "missing", "message": "no such thing"}}


@attrs.frozen
class ErrorBody:
    code: str

    @classmethod
    def from_dict(cls, data: Any) -> ErrorBody:
        return cls(data["error"]["code"])


@attrs.frozen
class Thing:
    id: str

    @classmethod
    def from_dict(cls, data: Any) -> Thing:
        return cls(data["id"])


@pytest_asyncio.fixture
async def client(server: MockServer, sleeps: Sleeps) -> AsyncIterator[AsyncAPIClient]:
    async with (
        httpx.AsyncClient(verify=SSL_CONTEXT) as http_client,
        AsyncAPIClient(base_url=server.url, http_client=http_client, _sleep=sleeps.asleep) as api,
    ):
        yield api


async def test_json_success_is_cast(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(200, {"id": "a/b"}))
    path = path_template("/v1/things/{id}", id="a/b")
    assert await client.request("GET", path, cast=Thing.from_dict) == Thing("a/b")
    assert server.requests[0].path == "/v1/things/a%2Fb"


async def test_json_body_is_sent(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(201, {"id": "t_1"}))
    await client.request("POST", "/v1/things", json={"name": "n"}, cast=Thing.from_dict)
    assert json.loads(server.requests[0].body) == {"name": "n"}


async def test_status_error_is_decoded(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(404, ERROR_JSON, {"x-request-id": "req_a"}))
    with pytest.raises(NotFoundError) as caught:
        await client.request("GET", "/v1/things/x", cast=Thing.from_dict, errors={"4XX": ErrorBody.from_dict})
    assert caught.value.body == ErrorBody("missing")
    assert caught.value.request_id == "req_a"
    assert caught.value.status_code == 404


async def test_validation_error(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(200, {"no": "id"}))
    with pytest.raises(APIResponseValidationError, match="KeyError"):
        await client.request("GET", "/v1/things/x", cast=Thing.from_dict)


async def test_retries_are_awaited_with_backoff(server: MockServer, client: AsyncAPIClient, sleeps: Sleeps) -> None:
    server.script(Reply(502), Reply(429, {}, {"retry-after-ms": "10"}), Reply(200, {"id": "t"}))
    assert await client.request("GET", "/v1/things/t", cast=Thing.from_dict) == Thing("t")
    assert server.count == 3
    assert 0.375 <= sleeps[0] <= 0.5
    assert sleeps[1] == 0.01


async def test_rate_limit_after_retries(server: MockServer, client: AsyncAPIClient, sleeps: Sleeps) -> None:
    server.script(Reply(429, {}, {"Retry-After": "120"}))
    with pytest.raises(RateLimitError) as caught:
        await client.request("GET", "/v1/things", cast=dict)
    assert caught.value.retry_after == 120.0
    assert sleeps == [60.0, 60.0]


async def test_post_is_sent_once_on_500(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(500))
    with pytest.raises(InternalServerError):
        await client.request("POST", "/v1/things", json={}, cast=dict)
    assert server.count == 1


async def test_post_with_idempotency_key_is_retried(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(500), Reply(200, {"id": "t"}))
    options = RequestOptions(idempotency_key="idem_2")
    await client.request("POST", "/v1/things", json={}, cast=Thing.from_dict, options=options)
    assert server.count == 2
    assert server.requests[1].headers["idempotency-key"] == "idem_2"


async def test_connection_reset_is_a_connection_error(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(reset=True))
    with pytest.raises(APIConnectionError):
        await client.request("PATCH", "/v1/things/t", json={}, cast=dict)
    assert server.count == 1


async def test_timeout(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(200, {}, delay=2.0))
    with pytest.raises(APITimeoutError) as caught:
        await client.request("GET", "/v1/things", cast=dict, options=RequestOptions(timeout=0.1, max_retries=0))
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)


async def test_connection_refused(closed_port_url: str, sleeps: Sleeps) -> None:
    async with AsyncAPIClient(base_url=closed_port_url, _sleep=sleeps.asleep) as api:
        with pytest.raises(APIConnectionError) as caught:
            await api.request("GET", "/v1/things", cast=dict)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(sleeps) == 2


async def test_request_raw(server: MockServer, client: AsyncAPIClient) -> None:
    server.script(Reply(200, {"id": "t_2"}, {"x-request-id": "req_r"}))
    raw = await client.request_raw("GET", "/v1/things/t_2", cast=Thing.from_dict)
    assert isinstance(raw, APIResponse)
    assert (raw.status_code, raw.request_id) == (200, "req_r")
    assert raw.parse() == Thing("t_2")


class Things(AsyncAPIResource):
    async def fetch(self) -> Any:
        return await self._client.request("GET", "/v1/things", cast=dict)


class ResourceClient(AsyncAPIClient):
    @functools.cached_property
    def things(self) -> Things:
        return Things(self)


async def test_with_options_and_lifetime(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(503))
    async with ResourceClient(base_url=server.url, _sleep=sleeps.asleep) as api:
        assert api.things._client is api
        clone = api.with_options(max_retries=0)
        assert clone.things._client is clone
        with pytest.raises(InternalServerError):
            await clone.things.fetch()
        assert server.count == 1
        await clone.aclose()
        assert not api._client.is_closed
    assert api._client.is_closed


async def test_passed_http_client_is_left_open(server: MockServer) -> None:
    server.script(Reply(200, {}))
    async with httpx.AsyncClient(verify=SSL_CONTEXT, timeout=9.0) as http_client:
        async with AsyncAPIClient(base_url=server.url, http_client=http_client) as api:
            assert api.timeout == httpx.Timeout(9.0)
            await api.request("GET", "/v1/things", cast=dict)
        assert not http_client.is_closed
