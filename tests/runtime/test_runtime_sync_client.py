"""SyncAPIClient over real sockets: requests, decoding, errors, retries, raw responses."""

from __future__ import annotations

import contextlib
import email.utils
import functools
import gc
import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import httpx
import pytest
from rtpkg._base_client import APIResponse, AuthParts, RequestOptions
from rtpkg._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from rtpkg._sync_client import SyncAPIClient, SyncAPIResource
from rtpkg._types import UNSET
from rtpkg._utils import encode_query, path_template

from tests.runtime.runtime_server import MockServer, Reply, Sleeps

ERROR_JSON = {"success": False, "error": {"code": "oops", "message": "it broke"}, "request_id": "req_body"}


@attrs.frozen
class ErrorBody:
    """Stands in for a generated error model."""

    code: str
    message: str
    request_id: str | None = None

    @classmethod
    def from_dict(cls, data: Any) -> ErrorBody:
        return cls(data["error"]["code"], data["error"]["message"], data.get("request_id"))


@attrs.frozen
class Thing:
    id: str

    @classmethod
    def from_dict(cls, data: Any) -> Thing:
        return cls(data["id"])


# Each httpx client loads the CA bundle (~30 ms); most tests share one SSL context
# through an http_client of their own, closed after the test.
SSL_CONTEXT = ssl.create_default_context()
_http_clients: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_http_clients() -> Iterator[None]:
    yield
    while _http_clients:
        _http_clients.pop().close()


def make_client(server: MockServer, sleeps: Sleeps, **kwargs: Any) -> SyncAPIClient:
    kwargs.setdefault("base_url", server.url)
    if "http_client" not in kwargs:
        kwargs["http_client"] = httpx.Client(verify=SSL_CONTEXT)
        _http_clients.append(kwargs["http_client"])
    return SyncAPIClient(user_agent="rt-tests/1.0", _sleep=sleeps, **kwargs)


@pytest.fixture
def client(server: MockServer, sleeps: Sleeps) -> Iterator[SyncAPIClient]:
    with make_client(server, sleeps) as api:
        yield api


def get(api: SyncAPIClient, path: str = "/v1/things", **kwargs: Any) -> Any:
    kwargs.setdefault("cast", lambda data: data)
    return api.request(kwargs.pop("method", "GET"), path, **kwargs)


def backoff_range(retry: int) -> tuple[float, float]:
    base = min(0.5 * 2**retry, 8.0)
    return base * 0.75, base


# --- building requests -----------------------------------------------------------


def test_json_success_is_cast(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {"id": "t_1"}))
    assert client.request("GET", "/v1/things/t_1", cast=Thing.from_dict) == Thing("t_1")
    seen = server.requests[0]
    assert seen.method == "GET"
    assert seen.path == "/v1/things/t_1"
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["user-agent"] == "rt-tests/1.0"


class AuthClient(SyncAPIClient):
    def __init__(self, **kwargs: Any) -> None:
        self._credentials = {"api_key": "k_secret"}
        self.security_seen: list[Sequence[Sequence[str]] | None] = []
        super().__init__(**kwargs)

    def _auth(self, security: Sequence[Sequence[str]] | None, scopes: Sequence[str] = ()) -> AuthParts:
        self.security_seen.append(security)
        if security == ():
            return AuthParts()
        return AuthParts(
            headers={"Authorization": "Bearer k_secret"}, query=[("sig", "k_secret")], cookies={"sid": "s1"}
        )


def test_request_merges_defaults_auth_operation_and_extras(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, {"ok": True}))
    with AuthClient(
        base_url=server.url,
        default_headers={"X-Default": "d", "X-Override": "default"},
        default_query={"v": 1},
        _sleep=sleeps,
    ) as api:
        api.request(
            "POST",
            "/v1/things",
            query=encode_query("page", 2),
            headers={"X-Op": "o", "X-Override": "operation"},
            cookies={"theme": "dark"},
            json={"name": "n", "skip": None},
            cast=lambda data: data,
            security=(("bearerAuth",),),
            options=RequestOptions(
                extra_headers={"x-override": "extra"},
                extra_query={"debug": True},
                extra_body={"extra": [1, 2]},
            ),
        )
    seen = server.requests[0]
    assert seen.path == "/v1/things?sig=k_secret&v=1&page=2&debug=true"
    assert seen.headers["authorization"] == "Bearer k_secret"
    assert seen.headers["x-default"] == "d"
    assert seen.headers["x-op"] == "o"
    assert seen.headers["x-override"] == "extra"
    assert seen.headers["cookie"] == "sid=s1; theme=dark"
    assert seen.headers["content-type"] == "application/json"
    assert json.loads(seen.body) == {"name": "n", "skip": None, "extra": [1, 2]}
    assert api.security_seen == [(("bearerAuth",),)]


def test_security_none_and_empty_reach_auth(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, {}))
    with AuthClient(base_url=server.url, _sleep=sleeps) as api:
        get(api)
        get(api, security=())
    assert api.security_seen == [None, ()]
    assert "authorization" in server.requests[0].headers
    assert "authorization" not in server.requests[1].headers


def test_path_is_sent_percent_encoded(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, path_template("/v1/items/{id}/{name}", id="a/b c", name="café"))
    assert server.requests[0].path == "/v1/items/a%2Fb%20c/caf%C3%A9"


def test_base_url_path_prefix_is_kept(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, {}))
    with make_client(server, sleeps, base_url=server.url + "/api/") as api:
        get(api, "/v1/things")
    assert server.requests[0].path == "/api/v1/things"


def test_form_body_is_urlencoded(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, method="POST", form={"a": "x y", "tags": ["1", "2"], "flag": True})
    seen = server.requests[0]
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"a=x+y&tags=1&tags=2&flag=true"


def test_multipart_body_gets_a_fresh_random_boundary(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    for _ in range(2):
        get(client, method="POST", data={"title": "report"}, files={"file": ("a.txt", b"hello", "text/plain")})
    boundaries = []
    for seen in server.requests:
        content_type = seen.headers["content-type"]
        assert content_type.startswith("multipart/form-data; boundary=")
        boundary = content_type.split("boundary=")[1]
        boundaries.append(boundary)
        assert seen.body.startswith(f"--{boundary}\r\n".encode())
        assert b'name="title"\r\n\r\nreport\r\n' in seen.body
        assert b'name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n' in seen.body
    assert boundaries[0] != boundaries[1]


def test_multipart_without_files_is_still_multipart(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, method="POST", data={"title": "report", "tags": ["a", "b"]}, files={})
    seen = server.requests[0]
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="title"\r\n\r\nreport\r\n' in seen.body
    assert seen.body.count(b'name="tags"') == 2
    assert b"filename" not in seen.body


def test_raw_content_body(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, method="PUT", content=b"\x00\x01", content_type="application/octet-stream")
    seen = server.requests[0]
    assert seen.body == b"\x00\x01"
    assert seen.headers["content-type"] == "application/octet-stream"


def test_extra_body_alone_is_sent_as_json(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, method="POST", options=RequestOptions(extra_body={"a": 1}))
    assert json.loads(server.requests[0].body) == {"a": 1}


def test_extra_body_needs_an_object_body(client: SyncAPIClient) -> None:
    with pytest.raises(TypeError, match="JSON object body"):
        get(client, method="POST", json=[1], options=RequestOptions(extra_body={"a": 1}))


def test_unset_extra_body_fields_are_dropped(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {}))
    get(client, method="POST", json={"a": 1}, options=RequestOptions(extra_body={"b": UNSET, "c": None}))
    assert json.loads(server.requests[0].body) == {"a": 1, "c": None}


def test_only_one_kind_of_body(client: SyncAPIClient) -> None:
    with pytest.raises(TypeError, match="only one of"):
        get(client, method="POST", json={}, form={})


# --- decoding successes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "kind", "expected"),
    [
        pytest.param(Reply(200, "plain text"), "text", "plain text", id="text"),
        pytest.param(Reply(200, b"\x89PNG"), "bytes", b"\x89PNG", id="bytes"),
        pytest.param(Reply(204), "none", None, id="none"),
        pytest.param(Reply(200, "ignored"), "none", None, id="none-ignores-body"),
        pytest.param(Reply(200, b""), "json", None, id="empty-json"),
        pytest.param(Reply(201, [1, 2]), "json", [1, 2], id="json-list"),
    ],
)
def test_response_kinds(server: MockServer, client: SyncAPIClient, reply: Reply, kind: str, expected: object) -> None:
    server.script(reply)
    assert get(client, response_kind=kind) == expected


def test_invalid_json_success_raises_validation_error(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, b'{"id": "t_1"', {"Content-Type": "application/json"}))
    with pytest.raises(APIResponseValidationError, match="not valid JSON") as caught:
        get(client)
    assert caught.value.body == '{"id": "t_1"'
    assert caught.value.status_code == 200
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        pytest.param({"name": "no id"}, "KeyError: 'id'", id="missing-key"),
        pytest.param([1], "TypeError", id="wrong-shape"),
    ],
)
def test_cast_failure_raises_validation_error(
    server: MockServer, client: SyncAPIClient, body: object, error: str
) -> None:
    server.script(Reply(200, body))
    with pytest.raises(APIResponseValidationError, match=error) as caught:
        client.request("GET", "/v1/things/x", cast=Thing.from_dict)
    assert caught.value.body == body
    assert isinstance(caught.value.__cause__, (KeyError, TypeError))


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param(400, BadRequestError, id="400"),
        pytest.param(401, AuthenticationError, id="401"),
        pytest.param(403, PermissionDeniedError, id="403"),
        pytest.param(404, NotFoundError, id="404"),
        pytest.param(409, ConflictError, id="409"),
        pytest.param(422, UnprocessableEntityError, id="422"),
        pytest.param(429, RateLimitError, id="429"),
        pytest.param(418, APIStatusError, id="418"),
        pytest.param(500, InternalServerError, id="500"),
        pytest.param(503, InternalServerError, id="503"),
    ],
)
def test_status_raises_its_exception(
    server: MockServer, client: SyncAPIClient, status: int, expected: type[APIStatusError]
) -> None:
    server.script(Reply(status, ERROR_JSON, {"X-Request-Id": "req_header", "X-Extra": "1"}))
    with pytest.raises(expected) as caught:
        get(client, errors={str(status): ErrorBody.from_dict}, options=RequestOptions(max_retries=0))
    error = caught.value
    assert type(error) is expected
    assert error.status_code == status
    assert error.headers["x-extra"] == "1"
    assert error.request_id == "req_header"
    assert error.body == ErrorBody("oops", "it broke", "req_body")
    assert error.message.startswith(f"Error code: {status} - ErrorBody(")
    assert error.request is not None
    assert error.request.url.path == "/v1/things"
    assert server.count == 1


def test_request_id_falls_back_to_the_decoded_model(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(404, ERROR_JSON))
    with pytest.raises(NotFoundError) as caught:
        get(client, errors={"404": ErrorBody.from_dict})
    assert caught.value.request_id == "req_body"


def test_error_decoder_is_chosen_by_status_then_range_then_default(server: MockServer, client: SyncAPIClient) -> None:
    errors = {
        "404": lambda data: ("exact", data["error"]["code"]),
        "4XX": lambda data: ("range", data["error"]["code"]),
        "default": lambda data: ("default", data["error"]["code"]),
    }
    server.script(Reply(404, ERROR_JSON), Reply(400, ERROR_JSON), Reply(501, ERROR_JSON))
    bodies = []
    for _ in range(3):
        with pytest.raises(APIStatusError) as caught:
            get(client, errors=errors, options=RequestOptions(max_retries=0))
        bodies.append(caught.value.body)
    assert bodies == [("exact", "oops"), ("range", "oops"), ("default", "oops")]


def test_error_body_that_does_not_fit_the_model_stays_raw_json(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(400, {"detail": "bad", "requestId": "req_x"}))
    with pytest.raises(BadRequestError) as caught:
        get(client, errors={"400": ErrorBody.from_dict})
    assert caught.value.body == {"detail": "bad", "requestId": "req_x"}
    assert caught.value.request_id == "req_x"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        pytest.param(Reply(502, "<html>Bad Gateway</html>"), "<html>Bad Gateway</html>", id="html"),
        pytest.param(
            Reply(500, b'{"error": {"code": "x", "mess', {"Content-Type": "application/json"}),
            '{"error": {"code": "x", "mess',
            id="truncated-json",
        ),
        pytest.param(Reply(404, b""), None, id="empty"),
    ],
)
def test_error_bodies_that_are_not_json(
    server: MockServer, client: SyncAPIClient, reply: Reply, expected: object
) -> None:
    server.script(reply)
    with pytest.raises(APIStatusError) as caught:
        get(client, errors={"default": ErrorBody.from_dict}, options=RequestOptions(max_retries=0))
    assert caught.value.body == expected
    assert caught.value.status_code == reply.status


def test_redirects_are_not_followed(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(302, b"", {"Location": "http://elsewhere.invalid/"}))
    with pytest.raises(APIStatusError) as caught:
        get(client)
    assert caught.value.status_code == 302
    assert server.count == 1


def test_timeout_raises_api_timeout_error(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, {}, delay=2.0))
    with make_client(server, sleeps, timeout=0.1, max_retries=0) as api, pytest.raises(APITimeoutError) as caught:
        get(api)
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert caught.value.request is not None
    assert server.count == 1


def test_per_call_timeout_overrides_the_client(server: MockServer, client: SyncAPIClient, sleeps: Sleeps) -> None:
    server.script(Reply(200, {}, delay=2.0))
    with pytest.raises(APITimeoutError):
        get(client, options=RequestOptions(timeout=0.1, max_retries=1))
    assert server.count == 2
    assert len(sleeps) == 1


def test_connection_refused_raises_connection_error(closed_port_url: str, sleeps: Sleeps) -> None:
    with SyncAPIClient(base_url=closed_port_url, _sleep=sleeps) as api, pytest.raises(APIConnectionError) as caught:
        get(api, method="POST", json={})
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    # Nothing was sent, so even a POST is retried.
    assert len(sleeps) == 2


# --- retries --------------------------------------------------------------------------


def test_retries_with_exponential_backoff_and_jitter(server: MockServer, client: SyncAPIClient, sleeps: Sleeps) -> None:
    server.script(Reply(503), Reply(503), Reply(200, {"ok": True}))
    assert get(client) == {"ok": True}
    assert server.count == 3
    assert len(sleeps) == 2
    for retry, delay in enumerate(sleeps):
        low, high = backoff_range(retry)
        assert low <= delay <= high


def test_backoff_is_capped(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(500))
    with make_client(server, sleeps, max_retries=6) as api, pytest.raises(InternalServerError):
        get(api)
    assert server.count == 7
    assert [backoff_range(retry)[1] for retry in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    for retry, delay in enumerate(sleeps):
        low, high = backoff_range(retry)
        assert low <= delay <= high


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"Retry-After": "2"}, 2.0, id="retry-after-seconds"),
        pytest.param({"Retry-After": "0"}, 0.0, id="retry-after-zero"),
        pytest.param({"retry-after-ms": "250"}, 0.25, id="retry-after-ms"),
        pytest.param({"Retry-After": "3600"}, 60.0, id="capped"),
    ],
)
def test_retry_after_is_honoured(
    server: MockServer, client: SyncAPIClient, sleeps: Sleeps, headers: dict[str, str], expected: float
) -> None:
    server.script(Reply(429, {}, headers), Reply(200, {}))
    get(client)
    assert sleeps == [expected]


def test_retry_after_http_date_is_honoured(server: MockServer, client: SyncAPIClient, sleeps: Sleeps) -> None:
    date = email.utils.formatdate(time.time() + 3, usegmt=True)
    server.script(Reply(503, {}, {"Retry-After": date}), Reply(200, {}))
    get(client)
    assert len(sleeps) == 1
    assert 1.0 < sleeps[0] <= 3.0


def test_rate_limit_error_after_the_last_retry(server: MockServer, client: SyncAPIClient, sleeps: Sleeps) -> None:
    server.script(Reply(429, ERROR_JSON, {"Retry-After": "1"}))
    with pytest.raises(RateLimitError) as caught:
        get(client)
    assert caught.value.retry_after == 1.0
    assert server.count == 3
    assert sleeps == [1.0, 1.0]


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 520])
def test_retryable_statuses(server: MockServer, client: SyncAPIClient, status: int) -> None:
    server.script(Reply(status), Reply(200, {}))
    get(client)
    assert server.count == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_statuses_are_not_retried(server: MockServer, client: SyncAPIClient, status: int) -> None:
    server.script(Reply(status))
    with pytest.raises(APIStatusError):
        get(client)
    assert server.count == 1


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_non_idempotent_methods_are_sent_once(
    server: MockServer, client: SyncAPIClient, sleeps: Sleeps, method: str
) -> None:
    server.script(Reply(500))
    with pytest.raises(InternalServerError):
        get(client, method=method, json={"a": 1})
    assert server.count == 1
    assert sleeps == []


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_idempotent_methods_are_retried(server: MockServer, client: SyncAPIClient, method: str) -> None:
    server.script(Reply(500))
    with pytest.raises(InternalServerError):
        get(client, method=method, response_kind="none")
    assert server.count == 3


def test_post_marked_idempotent_is_retried(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(500), Reply(500), Reply(200, {"ok": True}))
    assert get(client, method="POST", json={}, idempotent=True) == {"ok": True}
    assert server.count == 3


def test_idempotency_key_is_sent_and_allows_retries(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(503), Reply(200, {}))
    get(client, method="POST", json={}, options=RequestOptions(idempotency_key="idem_1"))
    assert [seen.headers["idempotency-key"] for seen in server.requests] == ["idem_1", "idem_1"]


def test_post_is_not_resent_after_a_connection_reset(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(reset=True))
    with pytest.raises(APIConnectionError) as caught:
        get(client, method="POST", json={})
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert server.count == 1


def test_get_is_retried_after_a_connection_reset(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(reset=True), Reply(reset=True), Reply(200, {"ok": True}))
    assert get(client) == {"ok": True}
    assert server.count == 3


def test_max_retries_zero_turns_retries_off(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(503))
    with make_client(server, sleeps, max_retries=0) as api, pytest.raises(InternalServerError):
        get(api)
    assert server.count == 1


def test_per_call_max_retries_overrides_the_client(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(503))
    with make_client(server, sleeps, max_retries=0) as api, pytest.raises(InternalServerError):
        get(api, options=RequestOptions(max_retries=1))
    assert server.count == 2


@pytest.mark.parametrize("value", [-1, True, 1.5])
def test_max_retries_must_be_a_non_negative_int(value: Any) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        SyncAPIClient(base_url="http://127.0.0.1", max_retries=value)


# --- options, copies and lifetime ---------------------------------------------------


class Things(SyncAPIResource):
    def fetch(self) -> Any:
        return get(self._client)


class ResourceClient(SyncAPIClient):
    @functools.cached_property
    def things(self) -> Things:
        return Things(self)


def test_with_options_copies_settings_and_shares_the_pool(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(503))
    with ResourceClient(base_url=server.url, _sleep=sleeps) as api:
        first = api.things
        clone = api.with_options(max_retries=0, timeout=3.0)
        assert isinstance(clone, ResourceClient)
        assert clone._client is api._client
        assert (clone.max_retries, clone.timeout) == (0, 3.0)
        assert api.max_retries == 2
        assert clone.things is not first
        assert clone.things._client is clone
        with pytest.raises(InternalServerError):
            clone.things.fetch()
        assert server.count == 1
        clone.close()
        assert not api._client.is_closed
    assert api._client.is_closed


def test_passed_http_client_is_used_and_left_open(server: MockServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, {}))
    with httpx.Client(timeout=7.0, headers={"X-From-Http-Client": "yes"}) as http_client:
        with make_client(server, sleeps, http_client=http_client) as api:
            assert api.timeout == httpx.Timeout(7.0)
            get(api)
        assert not http_client.is_closed
    assert server.requests[0].headers["x-from-http-client"] == "yes"


def test_default_timeout(sleeps: Sleeps) -> None:
    with SyncAPIClient(base_url="http://127.0.0.1", _sleep=sleeps) as api:
        assert api.timeout == httpx.Timeout(60.0, connect=5.0)
    with httpx.Client() as http_client, SyncAPIClient(base_url="http://127.0.0.1", http_client=http_client) as api:
        assert api.timeout == httpx.Timeout(60.0, connect=5.0)


# --- raw responses --------------------------------------------------------------------


def test_request_raw_returns_the_response(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(201, {"id": "t_9"}, {"request-id": "req_raw", "X-Thing": "1"}))
    calls: list[object] = []

    def cast(data: Any) -> Thing:
        calls.append(data)
        return Thing.from_dict(data)

    raw = client.request_raw("POST", "/v1/things", json={}, cast=cast)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-thing"] == "1"
    assert raw.request_id == "req_raw"
    assert raw.http_response.json() == {"id": "t_9"}
    assert raw.parse() == Thing("t_9")
    assert raw.parse() is raw.parse()
    assert len(calls) == 1
    assert repr(raw) == "<APIResponse [201]>"


def test_request_raw_parse_raises_validation_error(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {"nope": 1}))
    raw = client.request_raw("GET", "/v1/things/x", cast=Thing.from_dict)
    with pytest.raises(APIResponseValidationError, match="KeyError"):
        raw.parse()


def test_request_raw_still_raises_on_error_status(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(404, ERROR_JSON))
    with pytest.raises(NotFoundError):
        client.request_raw("GET", "/v1/things/x", cast=Thing.from_dict)


# --- the garbage collector while decoding ---------------------------------------------


@pytest.mark.parametrize("enabled", [pytest.param(True, id="collector-on"), pytest.param(False, id="collector-off")])
@pytest.mark.parametrize(
    ("body", "during"),
    [
        pytest.param(b'{"id": "t_1"}', [False], id="decoded"),
        pytest.param(b'{"nope": 1}', [False], id="cast-fails"),
        pytest.param(b"{", [], id="invalid-json"),
    ],
)
def test_parse_pauses_the_collector_and_leaves_it_as_it_was(enabled: bool, body: bytes, during: list[bool]) -> None:
    seen: list[bool] = []

    def cast(data: Any) -> Thing:
        seen.append(gc.isenabled())
        return Thing.from_dict(data)

    request = httpx.Request("GET", "http://127.0.0.1/v1/things/t_1")
    response = APIResponse(httpx.Response(200, content=body, request=request), cast=cast)
    if not enabled:
        gc.disable()
    try:
        with contextlib.suppress(APIResponseValidationError):
            response.parse()
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == during


def test_importing_the_runtime_does_not_import_asyncio() -> None:
    code = "import sys, rtpkg._base_client, rtpkg._sync_client, rtpkg._async_client; print('asyncio' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "False"
