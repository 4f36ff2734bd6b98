"""The runtime's bounds over real sockets: content encodings, the size cap, decode failures, the call's clock.

The generated Afternoon client meets a hostile server in ``tests/safety``; these
tests pin the runtime's own parts (``_streaming``, ``_decoding``) that the
Afternoon API cannot reach: layered encodings, text responses, recursive casts,
and the arithmetic of the deadlines.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from rtpkg._base_client import RequestOptions
from rtpkg._constants import MAX_RETRY_DELAY
from rtpkg._exceptions import APIConnectionError, APIResponseTooLargeError, APIResponseValidationError
from rtpkg._models import list_of
from rtpkg._streaming import CallClock, attempt_budget
from rtpkg._sync_client import SyncAPIClient

from tests.runtime.runtime_server import MockServer, Reply, Sleeps
from tests.safety.hostile_server import gzip_bomb

DOCUMENT = b'{"id": "t_1", "note": "' + b"na" * 2000 + b'"}'


@pytest.fixture
def client(server: MockServer, sleeps: Sleeps) -> Iterator[SyncAPIClient]:
    with SyncAPIClient(base_url=server.url, _sleep=sleeps, max_retries=0) as api:
        yield api


def get(api: SyncAPIClient, **kwargs: Any) -> Any:
    kwargs.setdefault("cast", lambda data: data)
    return api.request("GET", "/v1/things", **kwargs)


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


# --- content encodings ---------------------------------------------------------------------------


def test_a_request_asks_for_gzip_and_deflate_only(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, {"id": "t_1"}))
    get(client)
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("encoding", "content"),
    [
        pytest.param("gzip", gzip.compress(DOCUMENT), id="gzip"),
        pytest.param("deflate", zlib.compress(DOCUMENT), id="deflate"),
        pytest.param("deflate", deflate_raw(DOCUMENT), id="raw-deflate"),
        pytest.param("deflate, gzip", gzip.compress(zlib.compress(DOCUMENT)), id="deflate-then-gzip"),
        pytest.param("identity", DOCUMENT, id="identity"),
    ],
)
def test_encodings_are_undone(server: MockServer, client: SyncAPIClient, encoding: str, content: bytes) -> None:
    server.script(Reply(200, content, {"Content-Encoding": encoding, "Content-Type": "application/json"}))
    assert get(client, response_kind="bytes") == DOCUMENT


def test_an_encoding_not_asked_for_is_kept_as_received(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, b"\x1b\x00compressed", {"Content-Encoding": "br"}))
    assert get(client, response_kind="bytes") == b"\x1b\x00compressed"


def test_a_bomb_in_two_layers_stops_at_the_cap(server: MockServer, client: SyncAPIClient) -> None:
    # 64 MiB of zeros, gzipped twice: a few hundred bytes on the wire.
    server.script(Reply(200, gzip.compress(gzip_bomb(64 << 20)), {"Content-Encoding": "gzip, gzip"}))
    with pytest.raises(APIResponseTooLargeError) as caught:
        get(client, options=RequestOptions(max_response_size=1 << 20))
    assert caught.value.limit == 1 << 20
    assert caught.value.body is None


def test_a_corrupt_gzip_body_is_a_connection_error(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, b"\x1f\x8b\x08\x00not gzip at all", {"Content-Encoding": "gzip"}))
    with pytest.raises(APIConnectionError, match="DecodingError") as caught:
        get(client)
    assert isinstance(caught.value.__cause__, httpx.DecodingError)


def test_a_body_read_before_the_client_is_still_capped() -> None:
    # A mock transport hands over a body that httpx has read already.
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=DOCUMENT))
    with SyncAPIClient(base_url="http://api.test", http_client=httpx.Client(transport=transport)) as api:
        with pytest.raises(APIResponseTooLargeError):
            get(api, options=RequestOptions(max_response_size=len(DOCUMENT) - 1))
        assert get(api, options=RequestOptions(max_response_size=len(DOCUMENT)))["id"] == "t_1"


@pytest.mark.parametrize("size", [-1, True, 1.5])
def test_max_response_size_must_be_a_non_negative_int_or_none(size: Any, client: SyncAPIClient) -> None:
    with pytest.raises(ValueError, match="max_response_size"):
        SyncAPIClient(base_url="http://api.test", max_response_size=size)
    with pytest.raises(ValueError, match="max_response_size"):
        client.with_options(max_response_size=size)
    with pytest.raises(ValueError, match="max_response_size"):
        get(client, options=RequestOptions(max_response_size=size))


# --- decoding ------------------------------------------------------------------------------------


def test_text_in_its_charset_is_decoded(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, "café".encode("latin-1"), {"Content-Type": "text/plain; charset=latin-1"}))
    assert get(client, response_kind="text") == "café"


def test_text_that_is_not_valid_in_its_charset_is_a_validation_error(server: MockServer, client: SyncAPIClient) -> None:
    server.script(Reply(200, b"caf\xe9", {"Content-Type": "text/plain; charset=utf-8", "X-Request-Id": "req_9"}))
    with pytest.raises(APIResponseValidationError, match="UnicodeDecodeError") as caught:
        get(client, response_kind="text")
    assert caught.value.request_id == "req_9"
    assert caught.value.body == "caf\ufffd"


def tree(value: Any) -> list[Any]:
    """A cast for lists of lists, however deep: a recursive model's ``from_dict`` in small."""
    return list_of(tree)(value)


def test_a_cast_that_recurses_too_deep_is_a_validation_error(server: MockServer, client: SyncAPIClient) -> None:
    # Shallow enough for json.loads, deeper than the cast, which takes two frames a level.
    server.script(Reply(200, b"[" * 700 + b"]" * 700, {"Content-Type": "application/json"}))
    with pytest.raises(APIResponseValidationError, match="RecursionError") as caught:
        get(client, cast=tree)
    assert caught.value.body is None  # a repr() of it would recurse too


# --- the call's clock ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "budget"),
    [
        pytest.param(5, 5.0, id="seconds"),
        pytest.param(None, None, id="none"),
        pytest.param(httpx.Timeout(60.0, connect=5.0), 60.0, id="default"),
        pytest.param(httpx.Timeout(10.0, write=120.0), 120.0, id="longest-part"),
        pytest.param(httpx.Timeout(10.0, read=None), None, id="a-part-without-limit"),
    ],
)
def test_an_attempt_may_take_the_longest_part_of_its_timeout(timeout: Any, budget: float | None) -> None:
    assert attempt_budget(timeout) == budget


def test_the_ceiling_counts_every_attempt_and_the_longest_backoffs() -> None:
    clock = CallClock(1.0, 2)
    assert clock.ceiling is None  # the call has not started
    before = time.monotonic()
    assert clock.start_attempt() == 1.0
    assert clock.ceiling is not None
    assert 3 * 1.0 + 2 * MAX_RETRY_DELAY <= clock.ceiling - before < 3 * 1.0 + 2 * MAX_RETRY_DELAY + 0.5
    assert clock.allows_wait(10.0)
    assert not clock.allows_wait(20.0)


def test_an_attempt_near_the_ceiling_gets_only_the_time_left() -> None:
    clock = CallClock(httpx.Timeout(0.3, connect=0.2), 0)
    assert clock.start_attempt() == httpx.Timeout(0.3, connect=0.2)  # the whole budget: as configured
    time.sleep(0.2)
    cut = clock.start_attempt()
    assert isinstance(cut, httpx.Timeout) and cut.read is not None and cut.connect is not None
    assert 0.0 < cut.read < 0.11 and cut.connect == cut.read
    assert not clock.allows_wait(0.2)


def test_no_timeout_means_no_deadline_and_no_ceiling() -> None:
    clock = CallClock(None, 2)
    assert clock.start_attempt() is None
    assert (clock.deadline, clock.ceiling) == (None, None)
    assert clock.allows_wait(3600.0)
