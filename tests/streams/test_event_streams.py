"""Generated methods answered with event streams, and ``with_streaming_response``, against a real server."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

import pytest

from tests.streams.stream_server import PATTERN


def _package(src: Path) -> Any:
    del src  # the fixture put it on sys.path
    return importlib.import_module("feeds_client")


def test_raw_events_carry_type_id_and_data(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url) as client, client.feeds.listen() as stream:
        assert stream.response.status_code == 200
        assert stream.response.headers["content-type"] == "text/event-stream"
        events = [event for _, event in zip(range(250), stream, strict=False)]
    assert [e.id for e in events[:3]] == ["0", "1", "2"]
    assert {e.event for e in events} == {"tick"}
    assert events[-1].data.startswith('{"seq": 249,')
    assert stream.response.is_closed


def test_an_error_event_raises_the_typed_error_with_its_body(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url) as client, client.feeds.listen(error=3) as stream:
        seen = []
        with pytest.raises(feeds.APIStreamError, match="overloaded") as caught:
            seen.extend(stream)
    assert len(seen) == 3
    assert caught.value.body == {"error": {"message": "overloaded", "type": "server_error"}}
    assert caught.value.event.event == "error"
    assert caught.value.request_id == "req_stream_1"
    assert isinstance(caught.value, feeds.APIError)


def test_typed_events_stop_at_a_json_error_object(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    from feeds_client.models.tick import Tick

    with feeds.FeedsClient(base_url=base_url) as client:
        stream = client.feeds.ticks()
        seqs = []
        with pytest.raises(feeds.APIStreamError, match="quota exceeded"):
            for tick in stream:
                assert isinstance(tick, Tick)
                seqs.append(tick.seq)
    assert seqs == [0, 1, 2]
    assert stream.response.is_closed


def test_json_lines_give_typed_items_and_skip_blank_lines(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url) as client, client.feeds.logs() as stream:
        ticks = list(stream)
    assert [(t.seq, t.note) for t in ticks] == [(0, "start"), (1, feeds.UNSET), (2, "end")]
    request = stream.response.request
    assert request.headers["accept"] == "application/x-ndjson"


def test_the_raw_response_of_a_stream_parses_to_the_stream(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url) as client:
        raw = client.feeds.with_raw_response.logs()
        assert raw.request_id == "req_stream_1"
        with raw.parse() as stream:
            assert [t.seq for t in stream] == [0, 1, 2]


def test_a_streamed_download_is_written_to_its_file_atomically(feeds_src: Path, base_url: str, tmp_path: Path) -> None:
    feeds = _package(feeds_src)
    size = 3 * len(PATTERN) + 12345
    target = tmp_path / "download.bin"
    with feeds.FeedsClient(base_url=base_url, max_response_size=1024) as client:
        with client.files.with_streaming_response.download(size) as response:
            assert response.status_code == 200
            assert response.request_id == "req_stream_1"
            response.write_to_file(target)
        assert response.http_response.is_closed
    assert target.stat().st_size == size  # the size cap does not bind a streamed body
    assert target.read_bytes()[: len(PATTERN)] == PATTERN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.bin"]


def test_a_failed_write_leaves_no_file_behind(feeds_src: Path, base_url: str, tmp_path: Path) -> None:
    feeds = _package(feeds_src)
    target = tmp_path / "never.bin"
    with (
        feeds.FeedsClient(base_url=base_url) as client,
        client.files.with_streaming_response.download(4 * len(PATTERN), extra_query={"cut": 1}) as response,
        pytest.raises(feeds.APIConnectionError, match="Connection lost while reading the body"),
    ):
        response.write_to_file(target)
    assert list(tmp_path.iterdir()) == []


def test_streamed_responses_iterate_bytes_text_lines_and_parse(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url) as client:
        with client.files.with_streaming_response.download(1000) as response:
            assert b"".join(response.iter_bytes(100)) == PATTERN[:1000]
        with client.files.with_streaming_response.download(1000) as response:
            assert response.parse() == PATTERN[:1000]
        with client.feeds.with_streaming_response.logs() as response:
            assert list(response.iter_lines()) == [
                '{"seq": 0, "note": "start"}',
                "",
                '{"seq": 1}',
                '{"seq": 2, "note": "end"}',
            ]
        with client.feeds.with_streaming_response.logs() as response:
            assert "".join(response.iter_text()).count("seq") == 3
        with client.feeds.with_streaming_response.ticks() as response:
            stream = response.parse()
            assert next(iter(stream)).seq == 0


def test_parse_of_a_streamed_response_reads_within_max_response_size(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url, max_response_size=4096) as client:
        with client.files.with_streaming_response.download(4096) as response:
            assert response.parse() == PATTERN[:4096]
        with (
            client.files.with_streaming_response.download(50_000) as response,
            pytest.raises(feeds.APIResponseTooLargeError) as caught,
        ):
            response.parse()
        assert caught.value.limit == 4096
        with client.files.with_streaming_response.download(50_000) as response:  # read in chunks: no bound
            assert sum(len(chunk) for chunk in response.iter_bytes()) == 50_000


async def test_async_parse_of_a_streamed_response_reads_within_max_response_size(
    feeds_src: Path, base_url: str
) -> None:
    feeds = _package(feeds_src)
    async with feeds.AsyncFeedsClient(base_url=base_url, max_response_size=4096) as client:
        async with client.files.with_streaming_response.download(4096) as response:
            assert await response.parse() == PATTERN[:4096]
        with pytest.raises(feeds.APIResponseTooLargeError):
            async with client.files.with_streaming_response.download(50_000) as response:
                await response.parse()


def test_statuses_other_than_2xx_raise_before_the_block(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    client = feeds.FeedsClient(base_url=base_url + "/missing")
    with pytest.raises(feeds.NotFoundError), client.files.with_streaming_response.download(10):
        pytest.fail("the block ran")
    client.close()


async def test_async_streams_and_streaming_responses(feeds_src: Path, base_url: str, tmp_path: Path) -> None:
    feeds = _package(feeds_src)
    async with feeds.AsyncFeedsClient(base_url=base_url) as client:
        async with await client.feeds.logs() as stream:
            assert [t.seq async for t in stream] == [0, 1, 2]
        stream = await client.feeds.listen(error=2)
        with pytest.raises(feeds.APIStreamError):
            async for _ in stream:
                pass
        async with client.files.with_streaming_response.download(2 * len(PATTERN)) as response:
            await response.write_to_file(tmp_path / "a.bin")
        async with client.feeds.with_streaming_response.logs() as response:
            lines = [line async for line in response.iter_lines()]
        async with client.files.with_streaming_response.download(10) as response:
            assert await response.parse() == PATTERN[:10]
    assert (tmp_path / "a.bin").read_bytes() == PATTERN * 2
    assert lines[-1] == '{"seq": 2, "note": "end"}'


def test_the_read_timeout_bounds_each_read_not_the_whole_stream(feeds_src: Path, base_url: str) -> None:
    feeds = _package(feeds_src)
    with feeds.FeedsClient(base_url=base_url, timeout=1.0, max_retries=0) as client:
        started = time.monotonic()
        with client.feeds.listen(extra_query={"every": 0.3, "count": 6}) as stream:
            assert len(list(stream)) == 6
        assert time.monotonic() - started > 1.5  # longer than the timeout, one event at a time
        with client.feeds.listen(extra_query={"every": 1.5, "count": 2}) as stream:  # noqa: SIM117
            with pytest.raises(feeds.APITimeoutError):
                list(stream)
