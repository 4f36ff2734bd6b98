"""Retries of both generated clients, sync and async, against a fault-injecting server.

The policy under test is the one documented in each package's ``_constants``:
two retries by default, exponential backoff from 0.5 s to 8 s with jitter,
``Retry-After`` / ``retry-after-ms`` honoured up to 60 s, and a POST resent only
when it carries an idempotency key or its connection failed before it was sent.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from pathlib import Path

import afternoon_client
import httpx
import mayar_client
import pytest

from tests.faults.conftest import Api, Driver, Sleeps
from tests.faults.fault_server import FaultServer, Reply, free_port

DOWN = {"error": {"code": "UNAVAILABLE", "message": "try later"}}


def _backoff_bounds(retry: int) -> tuple[float, float]:
    """The documented range of the wait before retry number ``retry`` (from 0)."""
    consts = afternoon_client._constants
    ceiling = min(consts.INITIAL_RETRY_DELAY * 2**retry, consts.MAX_RETRY_DELAY)
    return ceiling * consts.RETRY_JITTER, ceiling


def _assert_backoff(sleeps: list[float]) -> None:
    for retry, delay in enumerate(sleeps):
        low, high = _backoff_bounds(retry)
        assert low <= delay <= high, (retry, delay)


def test_both_packages_document_the_same_policy() -> None:
    for package in (afternoon_client, mayar_client):
        consts = package._constants
        assert consts.DEFAULT_MAX_RETRIES == 2
        assert (consts.INITIAL_RETRY_DELAY, consts.MAX_RETRY_DELAY, consts.MAX_RETRY_AFTER) == (0.5, 8.0, 60.0)
        assert {408, 409, 429, 500, 502, 503, 504} <= consts.RETRYABLE_STATUS_CODES
        assert "POST" not in consts.IDEMPOTENT_METHODS
        assert "PATCH" not in consts.IDEMPOTENT_METHODS


def test_503_then_200_is_retried_once(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(503, DOWN), Reply(200, api.get_body))
    result = driver.call(api.get)
    assert result is not None
    assert server.count == 2
    assert [seen.route for seen in server.requests] == [api.get_route] * 2
    assert len(sleeps) == 1
    _assert_backoff(sleeps)


def test_default_is_two_retries_then_the_error(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(503, DOWN))
    with pytest.raises(api.package.InternalServerError) as caught:
        driver.call(api.get)
    assert caught.value.status_code == 503
    assert server.count == 3
    assert len(sleeps) == 2
    _assert_backoff(sleeps)


def test_backoff_doubles_with_jitter_up_to_its_cap(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(500, DOWN))
    with pytest.raises(Exception, match="Error code: 500"):
        driver.call(api.get, max_retries=6)
    assert server.count == 7
    assert len(sleeps) == 6
    _assert_backoff(sleeps)
    assert 6.0 <= sleeps[-1] <= 8.0  # 0.5 * 2**5 = 16, capped at 8 s, less up to 25 % jitter


RETRYABLE = (408, 409, 429, 500, 502, 503, 504, 599)
NOT_RETRYABLE = (400, 401, 403, 404, 422)


def test_retryable_statuses(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    # Each status once, then a success: every call succeeds on its second attempt.
    server.script(*(reply for status in RETRYABLE for reply in (Reply(status, DOWN), Reply(200, api.get_body))))
    outcomes = driver.outcomes(*([api.get] * len(RETRYABLE)))
    assert [type(o).__name__ for o in outcomes] == [type(outcomes[0]).__name__] * len(RETRYABLE)
    assert not any(isinstance(o, Exception) for o in outcomes)
    assert server.count == 2 * len(RETRYABLE)
    assert len(sleeps) == len(RETRYABLE)


def test_client_errors_are_not_retried(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(*(Reply(status, {"message": "no"}) for status in NOT_RETRYABLE), Reply(200, api.get_body))
    outcomes = driver.outcomes(*([api.get] * len(NOT_RETRYABLE)))
    assert [getattr(o, "status_code", None) for o in outcomes] == list(NOT_RETRYABLE)
    assert server.count == len(NOT_RETRYABLE)
    assert sleeps == []


# --- waits the server asks for ----------------------------------------------------


WAITS = (
    ({"Retry-After": "3"}, 3.0),
    ({"Retry-After": "0.25"}, 0.25),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"retry-after-ms": "40", "Retry-After": "7"}, 0.04),  # milliseconds win
    ({"Retry-After": "3600"}, 60.0),  # capped
    ({"retry-after-ms": "120000"}, 60.0),  # capped
)


def test_waits_as_the_server_asks(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    replies = [
        (Reply(status, {"message": "wait"}, headers), Reply(200, api.get_body))
        for headers, _ in WAITS
        for status in (429, 503)
    ]
    server.script(*(reply for pair in replies for reply in pair))
    outcomes = driver.outcomes(*([api.get] * len(replies)))
    assert not any(isinstance(o, Exception) for o in outcomes)
    assert server.count == 2 * len(replies)
    assert sleeps == [pytest.approx(expected) for _, expected in WAITS for _status in (429, 503)]


def test_retry_after_as_an_http_date(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.script(Reply(503, DOWN, {"Retry-After": when}), Reply(200, api.get_body))
    driver.call(api.get)
    assert server.count == 2
    assert len(sleeps) == 1
    assert 27.0 <= sleeps[0] <= 30.0  # whole seconds on the wire, and the clock moved on


def test_retry_after_date_far_ahead_is_capped(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    when = email.utils.formatdate(time.time() + 86_400, usegmt=True)
    server.script(Reply(429, DOWN, {"Retry-After": when}), Reply(200, api.get_body))
    driver.call(api.get)
    assert sleeps == [60.0]


def test_unreadable_retry_after_falls_back_to_backoff(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(429, DOWN, {"Retry-After": "soon"}), Reply(200, api.get_body))
    driver.call(api.get)
    assert len(sleeps) == 1
    _assert_backoff(sleeps)


def test_rate_limit_error_keeps_retry_after_when_retries_run_out(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(429, {"message": "slow down"}, {"Retry-After": "2"}))
    with pytest.raises(api.package.RateLimitError) as caught:
        driver.call(api.get, max_retries=1)
    assert caught.value.retry_after == 2.0
    assert server.count == 2
    assert sleeps == [2.0]


# --- POST: only with an idempotency key ----------------------------------------------


def test_post_without_a_key_is_sent_exactly_once(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    statuses = (500, 503, 429, 409)
    server.script(*(Reply(status, DOWN, {"Retry-After": "1"}) for status in statuses), Reply(200, api.post_body))
    outcomes = driver.outcomes(*([api.post] * len(statuses)))
    assert [getattr(o, "status_code", None) for o in outcomes] == list(statuses)
    assert server.count == len(statuses)
    assert {(seen.method, seen.route) for seen in server.requests} == {("POST", api.post_route)}
    assert sleeps == []


def test_post_with_a_key_is_retried_with_the_same_key(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(500, DOWN), Reply(503, DOWN), Reply(200, api.keyed_body))
    driver.call(lambda c: api.keyed_post(c, "key-123"))
    assert server.count == 3
    assert [api.key_of(seen) for seen in server.requests] == ["key-123"] * 3
    assert len({seen.body for seen in server.requests}) == 1  # the very same body every time
    assert [seen.route for seen in server.requests] == [api.keyed_route] * 3
    assert len(sleeps) == 2
    _assert_backoff(sleeps)


def test_idempotency_key_header_makes_any_post_retryable(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(502, DOWN), Reply(200, api.post_body))
    driver.call(lambda c: api.post(c, extra_headers={"Idempotency-Key": "hdr-1"}))
    assert server.count == 2
    assert [seen.headers["idempotency-key"] for seen in server.requests] == ["hdr-1", "hdr-1"]


def test_mayar_spec_marks_no_post_idempotent() -> None:
    # Mayar's spec has no idempotency field or header: only an explicit key makes its POSTs retryable.
    sources = sorted((Path(mayar_client.__file__).parent / "resources").glob("*.py"))
    assert len(sources) > 1
    assert not [s.name for s in sources if "idempotent=" in s.read_text(encoding="utf-8")]


# --- connection faults -------------------------------------------------------------


def test_get_is_retried_after_resets(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(fault="reset_before_read"), Reply(fault="reset_after_read"), Reply(200, api.get_body))
    driver.call(api.get)
    assert server.connections == 3
    assert server.count == 2  # the first reset came before the request was read
    assert len(sleeps) == 2
    _assert_backoff(sleeps)


@pytest.mark.parametrize("fault", ["reset_after_read", "truncate"])
def test_post_without_a_key_is_not_resent_once_written(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps, fault: str
) -> None:
    # The server read the request: it may have acted on it, so it is not sent again.
    server.script(Reply(200, api.post_body, fault=fault), Reply(200, api.post_body))  # type: ignore[arg-type]
    with pytest.raises(api.package.APIConnectionError) as caught:
        driver.call(api.post)
    assert not isinstance(caught.value, api.package.APITimeoutError)
    assert server.connections == server.count == 1
    assert sleeps == []


def test_post_without_a_key_reset_before_it_was_read_reaches_the_server_at_most_once(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    # A reset right after the connection is accepted surfaces as one of two errors,
    # depending on timing: httpx's ConnectError while the connection is still being
    # set up (nothing was written, so the POST is sent again), or a read/write error
    # once the request was written (not sent again).  Either way the server reads
    # the POST at most once.
    server.script(Reply(fault="reset_before_read"), Reply(200, api.post_body))
    outcomes = driver.outcomes(api.post)
    if isinstance(outcomes[0], Exception):
        assert isinstance(outcomes[0], api.package.APIConnectionError)
        assert not isinstance(outcomes[0].__cause__, httpx.ConnectError)
        assert (server.connections, server.count, sleeps) == (1, 0, [])
    else:
        assert (server.connections, server.count, len(sleeps)) == (2, 1, 1)


def test_post_with_a_key_is_retried_after_a_reset(
    driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps
) -> None:
    server.script(Reply(fault="reset_after_read"), Reply(200, api.keyed_body))
    driver.call(lambda c: api.keyed_post(c, "key-reset"))
    assert server.count == 2
    assert [api.key_of(seen) for seen in server.requests] == ["key-reset"] * 2


def test_post_is_retried_when_the_connection_failed_before_sending(
    driver: Driver, api: Api, make_server: Callable[..., FaultServer]
) -> None:
    # Nothing listens on the port at first, so connecting is refused: the request
    # never left, and even a POST without a key is safe to send again.  The server
    # starts listening during the wait before the retry.
    port = free_port()
    started: list[FaultServer] = []

    def start_listening() -> None:
        if not started:
            started.append(make_server(port).script(Reply(200, api.post_body)))

    driver.sleeps.on_sleep = start_listening
    driver.call(api.post, base_url=f"http://127.0.0.1:{port}")
    assert len(started) == 1
    assert started[0].count == 1
    assert started[0].requests[0].method == "POST"
    assert len(driver.sleeps) == 1
    _assert_backoff(driver.sleeps)


def test_refused_connection_raises_after_the_retries(driver: Driver, api: Api, sleeps: Sleeps) -> None:
    with pytest.raises(api.package.APIConnectionError) as caught:
        driver.call(api.post, base_url=f"http://127.0.0.1:{free_port()}", max_retries=1)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(sleeps) == 1


def test_truncated_body_on_a_get_is_retried(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    server.script(Reply(200, api.get_body, fault="truncate"), Reply(200, api.get_body))
    driver.call(api.get)
    assert server.count == 2
    assert len(sleeps) == 1


def test_no_request_is_lost_or_duplicated(driver: Driver, api: Api, server: FaultServer, sleeps: Sleeps) -> None:
    # A mix of faults: every attempt the client made reached the server exactly once.
    server.script(
        Reply(fault="reset_after_read"),
        Reply(503, DOWN, {"retry-after-ms": "10"}),
        Reply(200, api.keyed_body),
    )
    driver.call(lambda c: api.keyed_post(c, "key-mix"), max_retries=3)
    assert server.connections == server.count == 3
    assert len(sleeps) == 2
    assert sleeps[1] == pytest.approx(0.01)
    assert {api.key_of(seen) for seen in server.requests} == {"key-mix"}
