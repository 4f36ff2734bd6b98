"""The committed Afternoon client against a hostile server on 127.0.0.1, sync and async.

Every hostile answer must end in an error of the client's own tree
(``afternoon_client.APIError``), within the documented time, and, for the
answers meant to fill memory, within :func:`memory_bound`: the cap plus
:data:`OVERHEAD_MIB`.  Those run the client in a fresh process
(``run_client.py``), which reports its own peak resident memory; the others run
here, through both clients.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import afternoon_client
import pytest
from afternoon_client import _constants

from tests.safety.hostile_server import HostileServer, body, endless_chunks, gzip_bomb, trickle, zeros

CUSTOMER = "cm5x9z8nv0000h85r7l9p2k1m"
MIB = 1 << 20
GIB = 1 << 30
DEFAULT_CAP = _constants.DEFAULT_MAX_RESPONSE_SIZE

OVERHEAD_MIB = 96
"""Memory a call may take beyond its cap: the interpreter, httpx and the client
(about 30 MiB), socket buffers, the pieces in flight and the allocator's slack."""

TIME_MARGIN = 1.0
"""Seconds a bounded call may take beyond its bound on a loaded machine."""

RUN_CLIENT = Path(__file__).with_name("run_client.py")


def memory_bound(cap: int) -> float:
    """The most MiB a call with ``cap`` may peak at, whatever the server sends."""
    return cap / MIB + OVERHEAD_MIB


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """One GiB of zeros, gzip-compressed to about one MiB; built once for the module."""
    return gzip_bomb(GIB)


def in_fresh_process(server: HostileServer, mode: str, **settings: Any) -> dict[str, Any]:
    """One call through a client in a new interpreter (see ``run_client.py``): error, time and peak memory."""
    done = subprocess.run(
        [sys.executable, str(RUN_CLIENT), server.url, mode, json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def call(mode: str, url: str, operation: Callable[[Any], Any], **client_options: Any) -> Any:
    """``operation(client)`` on a new sync or async Afternoon client of ``url``; its result or its error."""
    try:
        if mode == "sync":
            with afternoon_client.AfternoonClient(api_key="ak_test_1", base_url=url, **client_options) as client:
                return operation(client)

        async def run() -> Any:
            async with afternoon_client.AsyncAfternoonClient(api_key="ak_test_1", base_url=url, **client_options) as c:
                result = operation(c)
                return await result if asyncio.iscoroutine(result) else result

        return asyncio.run(run())
    except Exception as exc:  # every error is returned, so a bare built-in fails the isinstance checks
        return exc


def balances(client: Any, **options: Any) -> Any:
    return client.customers.list_balances(CUSTOMER, **options)


def raw_balances(client: Any, **options: Any) -> Any:
    return client.customers.with_raw_response.list_balances(CUSTOMER, **options)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param  # type: ignore[no-any-return]


# --- memory: a fresh process per call ---------------------------------------------------------


def test_a_gibibyte_body_stops_at_the_default_cap(mode: str) -> None:
    with HostileServer(zeros(GIB)) as server:
        result = in_fresh_process(server, mode)
    assert result["error"] == "APIResponseTooLargeError" and result["api_error"], result
    assert result["peak_mib"] < memory_bound(DEFAULT_CAP), result
    assert server.requests == 1  # too large is not retried: the server would send the same


def test_a_gzip_bomb_stops_at_the_default_cap_of_decoded_bytes(mode: str, bomb: bytes) -> None:
    with HostileServer(body(bomb, headers={"Content-Encoding": "gzip"})) as server:
        result = in_fresh_process(server, mode)
    assert result["error"] == "APIResponseTooLargeError" and result["api_error"], result
    assert result["peak_mib"] < memory_bound(DEFAULT_CAP), result


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(lambda bomb: zeros(GIB), id="gibibyte"),
        pytest.param(lambda bomb: body(bomb, headers={"Content-Encoding": "gzip"}), id="gzip-bomb"),
        pytest.param(lambda bomb: endless_chunks(), id="endless-chunked"),
    ],
)
def test_a_small_cap_bounds_memory_by_itself(mode: str, bomb: bytes, answer: Callable[[bytes], Any]) -> None:
    cap = 4 * MIB
    with HostileServer(answer(bomb)) as server:
        result = in_fresh_process(server, mode, client={"max_response_size": cap})
    assert result["error"] == "APIResponseTooLargeError" and result["api_error"], result
    assert result["peak_mib"] < memory_bound(cap), result
    assert result["elapsed"] < 5.0, result


def test_an_endless_body_without_a_cap_ends_at_the_timeout(mode: str) -> None:
    with HostileServer(endless_chunks()) as server:
        result = in_fresh_process(server, mode, client={"max_response_size": None, "timeout": 0.5, "max_retries": 0})
    assert result["error"] == "APITimeoutError" and result["api_error"], result
    assert result["elapsed"] < 0.5 + TIME_MARGIN, result


def test_a_body_that_decodes_into_too_many_objects_is_a_validation_error(mode: str) -> None:
    # 21 MB of "[]," decodes into seven million lists, about 450 MB: more than the process may take.
    many = b"[" + b"[]," * 7_000_000 + b"[]]"
    with HostileServer(body(many)) as server:
        result = in_fresh_process(server, mode, headroom_mib=200)
    assert result["error"] == "APIResponseValidationError" and result["api_error"], result
    assert "MemoryError" in result["message"]


# --- time ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", [pytest.param(1.0, id="1-byte-a-second"), pytest.param(30.0, id="silent")])
def test_a_trickle_ends_at_the_timeout(mode: str, interval: float) -> None:
    with HostileServer(trickle(interval)) as server:
        started = time.monotonic()
        error = call(mode, server.url, balances, timeout=1.0, max_retries=0)
        elapsed = time.monotonic() - started
    assert isinstance(error, afternoon_client.APITimeoutError), error
    assert elapsed < 1.0 + TIME_MARGIN


def test_each_retry_of_a_trickle_is_bounded_too(mode: str) -> None:
    with HostileServer(trickle(interval=0.2)) as server:
        started = time.monotonic()
        error = call(mode, server.url, balances, timeout=0.5, max_retries=1)
        elapsed = time.monotonic() - started
    assert isinstance(error, afternoon_client.APITimeoutError), error
    assert server.requests == 2
    # Two attempts of 0.5 s and one wait of at most INITIAL_RETRY_DELAY.
    assert elapsed < 2 * 0.5 + _constants.INITIAL_RETRY_DELAY + TIME_MARGIN


def test_a_retry_after_past_the_ceiling_is_not_waited(mode: str) -> None:
    # timeout 1 s and 2 retries: the call's ceiling is 3 * 1 + 2 * 8 = 19 s, and the server asks for 60.
    answer = body(b'{"error": {"code": "DOWN"}}', status=503, headers={"Retry-After": "60"})
    with HostileServer(answer) as server:
        started = time.monotonic()
        error = call(mode, server.url, balances, timeout=1.0, max_retries=2)
        elapsed = time.monotonic() - started
    assert isinstance(error, afternoon_client.InternalServerError), error
    assert server.requests == 1
    assert elapsed < TIME_MARGIN


# --- decoding ------------------------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
HUGE_INTEGER = b'{"success": true, "balances": [], "request_id": 1' + b"0" * 5000 + b"}"
HOSTILE_BODIES = [
    pytest.param(DEEP, "RecursionError", id="100000-deep"),
    pytest.param(b'{"success": true, "balances": [], "request_id": NaN}', "NaN", id="nan"),
    pytest.param(b'{"success": true, "balances": [], "request_id": Infinity}', "Infinity", id="infinity"),
    pytest.param(b'{"success": true, "balances": [], "request_id": -Infinity}', "Infinity", id="minus-infinity"),
    pytest.param(b'{"success": true, "balances": [], "request_id": "\xff\xfe"}', "UnicodeDecodeError", id="bad-utf8"),
    pytest.param(HUGE_INTEGER, "ValueError", id="10-to-the-5000"),
]


@pytest.mark.parametrize(("content", "reason"), HOSTILE_BODIES)
def test_a_success_body_that_cannot_be_decoded_is_a_validation_error(mode: str, content: bytes, reason: str) -> None:
    with HostileServer(body(content, headers={"X-Request-Id": "req_hostile"})) as server:
        error = call(mode, server.url, balances)
    assert type(error) is afternoon_client.APIResponseValidationError, error
    assert (error.status_code, error.request_id) == (200, "req_hostile")
    message = str(error)
    assert reason in message and "status 200" in message and "req_hostile" in message
    assert len(message) < 400  # an excerpt of the body, not the body


@pytest.mark.parametrize(("content", "reason"), HOSTILE_BODIES)
def test_a_raw_response_that_cannot_be_decoded_raises_on_parse_only(mode: str, content: bytes, reason: str) -> None:
    with HostileServer(body(content)) as server:
        raw = call(mode, server.url, raw_balances)
    assert isinstance(raw, afternoon_client.APIResponse), raw
    assert raw.request_id is None  # not in the headers, and the body is not JSON it can be read from
    with pytest.raises(afternoon_client.APIResponseValidationError, match=reason):
        raw.parse()


@pytest.mark.parametrize(("content", "reason"), HOSTILE_BODIES)
def test_an_error_body_that_cannot_be_decoded_keeps_the_status_error(mode: str, content: bytes, reason: str) -> None:
    with HostileServer(body(content, status=400)) as server:
        error = call(mode, server.url, balances)
    assert isinstance(error, afternoon_client.BadRequestError), error
    assert error.body == content.decode("utf-8", "replace")


# --- caps on error and raw responses, and per call ------------------------------------------------


def test_an_error_body_past_the_cap_is_too_large(mode: str) -> None:
    answer = body(b" " * (2 * MIB), status=500)
    with HostileServer(answer) as server:
        error = call(mode, server.url, balances, max_response_size=MIB, max_retries=0)
    assert isinstance(error, afternoon_client.APIResponseTooLargeError), error
    assert (error.status_code, error.limit, error.body) == (500, MIB, None)


def test_a_raw_response_past_the_cap_is_too_large(mode: str) -> None:
    with HostileServer(zeros(2 * MIB)) as server:
        error = call(mode, server.url, raw_balances, max_response_size=MIB)
    assert isinstance(error, afternoon_client.APIResponseTooLargeError), error


def test_the_cap_per_call_and_with_options(mode: str) -> None:
    ok = b'{"success": true, "balances": [], "request_id": "req_1"}'
    with HostileServer(body(ok)) as server:
        per_call = call(mode, server.url, lambda c: balances(c, max_response_size=len(ok) - 1))
        copied = call(mode, server.url, lambda c: balances(c.with_options(max_response_size=len(ok) - 1)))
        exact = call(mode, server.url, lambda c: balances(c, max_response_size=len(ok)), max_response_size=1)
    assert isinstance(per_call, afternoon_client.APIResponseTooLargeError), per_call
    assert isinstance(copied, afternoon_client.APIResponseTooLargeError), copied
    assert exact.request_id == "req_1"
