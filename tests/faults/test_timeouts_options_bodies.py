"""Timeouts, per-call options and awkward response bodies, for both generated clients, sync and async."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.faults.conftest import Api, Driver, Sleeps
from tests.faults.fault_server import FaultServer, Reply
from tests.mayar.scenarios import BALANCE, raw_endpoint

SLOW = 3.0
"""Seconds a slow reply would take; the server cuts it short when the test ends."""
TIMEOUT = 0.1


# --- timeouts ------------------------------------------------------------------------


def test_default_timeout_is_60_seconds_and_5_to_connect(driver: Driver, api: Api, server: FaultServer) -> None:
    server.script(Reply(200, api.get_body))
    raw_get = {
        "afternoon": lambda c: c.customers.with_raw_response.list_balances("cus_1"),
        "mayar": lambda c: raw_endpoint(c, "GET", BALANCE)(product_id="prod-1"),
    }[api.name]
    raw = driver.call(raw_get)
    assert raw.http_request.extensions["timeout"] == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}
    assert httpx.Timeout(60.0, connect=5.0) == api.package._constants.DEFAULT_TIMEOUT


def test_slow_get_times_out_after_every_attempt(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, api.get_body, delay=SLOW))
    with pytest.raises(api.package.APITimeoutError):
        driver.call(api.get, timeout=TIMEOUT, max_retries=1)
    assert server.count == 2
    assert len(sleeps) == 1


def test_slow_post_without_a_key_times_out_once(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    # The request was sent before the wait began: a POST is not sent again.
    server.script(Reply(200, api.post_body, delay=SLOW))
    with pytest.raises(api.package.APITimeoutError):
        driver.call(api.post, timeout=TIMEOUT)
    assert server.count == 1
    assert sleeps == []


def test_timeout_then_success(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, api.get_body, delay=SLOW), Reply(200, api.get_body))
    assert driver.call(api.get, timeout=TIMEOUT) is not None
    assert server.count == 2


def test_per_call_and_with_options_timeouts(driver: Driver, api: Api, server: FaultServer) -> None:
    server.script(Reply(200, api.get_body, delay=SLOW))
    outcomes = driver.outcomes(
        lambda c: api.get(c, timeout=TIMEOUT, max_retries=0),
        lambda c: api.get(c.with_options(timeout=TIMEOUT, max_retries=0)),
    )
    assert [type(o) for o in outcomes] == [api.package.APITimeoutError] * 2
    assert server.count == 2


# --- per-call options -----------------------------------------------------------------


def test_max_retries_zero_per_call_and_with_options(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(503, {"message": "down"}))
    outcomes = driver.outcomes(
        lambda c: api.get(c, max_retries=0),
        lambda c: api.get(c.with_options(max_retries=0)),
        lambda c: api.keyed_post(c, "key-0", max_retries=0),
    )
    assert [type(o) for o in outcomes] == [api.package.InternalServerError] * 3
    assert server.count == 3
    assert sleeps == []


def test_client_max_retries_and_with_options_override(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(503, {"message": "down"}))
    outcomes = driver.outcomes(
        api.get,  # the client's max_retries=0
        lambda c: api.get(c.with_options(max_retries=3)),
        max_retries=0,
    )
    assert [type(o) for o in outcomes] == [api.package.InternalServerError] * 2
    assert server.count == 1 + 4
    assert len(sleeps) == 3


def test_with_options_leaves_the_original_client_alone(api: Api) -> None:
    for client_class in (api.sync_class, api.async_class):
        client = client_class(api_key="sk_secret_42", base_url="http://127.0.0.1:9", max_retries=4)
        other = client.with_options(timeout=1.5, max_retries=0)
        assert (other.timeout, other.max_retries) == (1.5, 0)
        assert (client.timeout, client.max_retries) == (httpx.Timeout(60.0, connect=5.0), 4)
        assert "sk_secret_42" not in repr(other)
        if client_class is api.sync_class:
            client.close()
        else:
            asyncio.run(client.aclose())


def test_extra_headers_and_extra_query_reach_the_server(driver: Driver, api: Api, server: FaultServer) -> None:
    server.script(Reply(200, api.get_body), Reply(200, api.keyed_body))
    driver.outcomes(
        lambda c: api.get(c, extra_headers={"X-Trace": "t-1"}, extra_query={"debug": "true", "tags": ["a", "b"]}),
        lambda c: api.keyed_post(c, "key-x", extra_headers={"X-Trace": "t-2"}, extra_query={"dry_run": "1"}),
    )
    get, post = server.requests
    assert get.headers["x-trace"] == "t-1"
    assert "debug=true" in get.path
    assert "tags=a&tags=b" in get.path
    assert get.route == api.get_route
    assert post.headers["x-trace"] == "t-2"
    assert post.query == {"dry_run": "1"}
    assert api.key_of(post) == "key-x"
    assert get.headers["authorization"] == post.headers["authorization"]


def test_extra_query_keeps_the_operations_own_parameters(api: Api, driver: Driver, server: FaultServer) -> None:
    server.script(Reply(200, api.get_body))
    driver.call(lambda c: api.get(c, extra_query={"extra": "1"}))
    query = server.requests[0].query
    assert query["extra"] == "1"
    if api.name == "mayar":
        assert query["productId"] == "prod-1"


# --- awkward bodies ---------------------------------------------------------------------


def test_truncated_json_raises_a_validation_error_without_retrying(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    # A complete HTTP response whose JSON stops half way.
    server.script(Reply(200, b'{"success": true, "balances": [', {"Content-Type": "application/json"}))
    with pytest.raises(api.package.APIResponseValidationError, match="not valid JSON") as caught:
        driver.call(api.get)
    assert caught.value.status_code == 200
    assert caught.value.body == '{"success": true, "balances": ['
    assert server.count == 1
    assert sleeps == []


def test_wrong_shape_raises_a_validation_error(driver: Driver, api: Api, server: FaultServer) -> None:
    server.script(Reply(200, ["not", "an", "object"]))
    with pytest.raises(api.package.APIResponseValidationError, match="does not match"):
        driver.call(api.get)
    assert server.count == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, "BadRequestError"), (404, "NotFoundError"), (502, "InternalServerError")],
)
def test_non_json_error_body_is_kept_as_text(
    driver: Driver, api: Api, server: FaultServer, status: int, error: str
) -> None:
    page = "<html><body><h1>Bad gateway</h1></body></html>"
    server.script(Reply(status, page, {"Content-Type": "text/html"}))
    with pytest.raises(getattr(api.package, error)) as caught:
        driver.call(api.get, max_retries=1)
    assert caught.value.status_code == status
    assert caught.value.body == page
    assert page in str(caught.value)
    assert server.count == (2 if status >= 500 else 1)


def test_empty_error_body(driver: Driver, api: Api, server: FaultServer) -> None:
    server.script(Reply(500, b""))
    with pytest.raises(api.package.InternalServerError) as caught:
        driver.call(api.get, max_retries=0)
    assert caught.value.body is None


def test_unknown_enum_values_and_fields_are_kept(driver: Driver, api: Api, server: FaultServer) -> None:
    if api.name == "afternoon":
        body = {
            "success": True,
            "balances": [{"balance": "1.00", "account_type": "crypto_wallet", "new_field": 1}],
            "request_id": "req_9",
        }
        server.script(Reply(200, body))
        result = driver.call(api.get)
        balance = result.balances[0]
        assert balance.account_type == "crypto_wallet"
        assert type(balance.account_type) is str
        assert balance.additional_properties == {"new_field": 1}
    else:  # Mayar declares no enum: unknown fields are what a newer server adds
        server.script(Reply(200, {**api.get_body, "currency": "IDR", "tier": {"name": "gold"}}))
        result = driver.call(api.get)
        assert result.additional_properties == {"currency": "IDR", "tier": {"name": "gold"}}
