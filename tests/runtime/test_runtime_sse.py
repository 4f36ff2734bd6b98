"""The event-stream decoders of ``_sse.py``: the WHATWG examples, line endings cut anywhere, and bounds."""

from __future__ import annotations

import pytest
from rtpkg._sse import EventTooLargeError, LineDecoder, RecordDecoder, ServerSentEvent, SSEDecoder


def _events(body: bytes, *, piece: int | None = None, limit: int | None = None) -> list[ServerSentEvent]:
    """The events of ``body`` fed whole, or ``piece`` bytes at a time."""
    decoder = SSEDecoder() if limit is None else SSEDecoder(limit)
    size = piece or max(len(body), 1)
    events = [event for at in range(0, len(body), size) for event in decoder.feed(body[at : at + size])]
    return [*events, *decoder.finish()]


# The examples of the WHATWG HTML standard, section 9.2.6 "Interpreting an event stream" / 9.2.4.
WHATWG = [
    pytest.param(
        b"data: YHOO\ndata: +2\ndata: 10\n\n",
        [ServerSentEvent(data="YHOO\n+2\n10")],
        id="three-data-lines-one-event",
    ),
    pytest.param(
        b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
        [
            ServerSentEvent(data="first event", id="1"),
            ServerSentEvent(data="second event", id=""),
            ServerSentEvent(data=" third event", id=""),
        ],
        id="comment-ids-and-one-space-removed",
    ),
    pytest.param(
        b"data\n\ndata\ndata\n\ndata:",
        [ServerSentEvent(data=""), ServerSentEvent(data="\n")],
        id="empty-data-and-the-unfinished-last-event-discarded",
    ),
    pytest.param(
        b"data:test\n\ndata: test\n\n",
        [ServerSentEvent(data="test"), ServerSentEvent(data="test")],
        id="space-after-colon-optional",
    ),
    pytest.param(
        b"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
        [
            ServerSentEvent(event="add", data="73857293"),
            ServerSentEvent(event="remove", data="2153"),
            ServerSentEvent(event="add", data="113411"),
        ],
        id="event-types",
    ),
]


@pytest.mark.parametrize(("body", "expected"), WHATWG)
def test_the_whatwg_examples_decode_as_the_standard_says(body: bytes, expected: list[ServerSentEvent]) -> None:
    assert _events(body) == expected


@pytest.mark.parametrize(("body", "expected"), WHATWG)
def test_the_whatwg_examples_decode_the_same_fed_a_byte_at_a_time(body: bytes, expected: list[ServerSentEvent]) -> None:
    assert _events(body, piece=1) == expected


@pytest.mark.parametrize("ending", [b"\n", b"\r", b"\r\n"], ids=["lf", "cr", "crlf"])
@pytest.mark.parametrize("piece", [1, 2, 3, 7, 1000])
def test_every_line_ending_cut_anywhere_gives_the_same_events(ending: bytes, piece: int) -> None:
    body = b"".join(line + ending for line in [b"data: a", b"data: b", b"", b": ping", b"", b"data: c", b""])
    assert _events(body, piece=piece) == [ServerSentEvent(data="a\nb"), ServerSentEvent(data="c")]


def test_a_crlf_split_across_chunks_is_one_line_ending() -> None:
    decoder = LineDecoder()
    lines = [*decoder.feed(b"one\r"), *decoder.feed(b"\ntwo\r"), *decoder.feed(b"\n"), *decoder.feed(b"\nthree")]
    assert [*lines, *decoder.finish()] == ["one", "two", "", "three"]


def test_keep_alive_comments_between_events_dispatch_nothing() -> None:
    body = b": keep-alive\n\n:\n\ndata: x\n: mid-event comment\ndata: y\n\n"
    assert _events(body) == [ServerSentEvent(data="x\ny")]


def test_id_carries_over_and_retry_takes_digits_only() -> None:
    body = b"id: 7\nretry: 1500\ndata: a\n\ndata: b\nretry: 1e3\n\nid: bad\x00id\ndata: c\n\n"
    assert _events(body) == [
        ServerSentEvent(data="a", id="7", retry=1500),
        ServerSentEvent(data="b", id="7"),
        ServerSentEvent(data="c", id="7"),
    ]


def test_unknown_fields_are_ignored_and_a_leading_bom_dropped() -> None:
    body = "\ufeffdata: x\nfoo: bar\nevent\n\n".encode()
    assert _events(body) == [ServerSentEvent(data="x")]


def test_multibyte_characters_split_across_chunks_decode_whole() -> None:
    assert _events("data: héllo ☃\n\n".encode(), piece=1) == [ServerSentEvent(data="héllo ☃")]


def test_a_line_longer_than_the_bound_raises_before_it_ends() -> None:
    decoder = SSEDecoder(limit=100)
    list(decoder.feed(b"data: " + b"x" * 50))
    with pytest.raises(EventTooLargeError):
        list(decoder.feed(b"x" * 60))


def test_an_event_longer_than_the_bound_raises_however_its_lines_are_cut() -> None:
    with pytest.raises(EventTooLargeError):
        _events(b"data: 0123456789\n" * 20, limit=100)


def test_a_done_sentinel_is_an_ordinary_event_to_the_decoder() -> None:
    assert _events(b"data: {}\n\ndata: [DONE]\n\n") == [ServerSentEvent(data="{}"), ServerSentEvent(data="[DONE]")]


def test_json_lines_skip_blank_lines_and_keep_a_last_line_without_ending() -> None:
    decoder = RecordDecoder(sequence=False)
    records = [*decoder.feed(b'{"a": 1}\n\r\n{"a"'), *decoder.feed(b": 2}\r{}"), *decoder.finish()]
    assert records == ['{"a": 1}', '{"a": 2}', "{}"]


def test_json_sequences_split_at_the_record_separator() -> None:
    decoder = RecordDecoder(sequence=True)
    body = b'\x1e{"a": 1}\n\x1e{"b":\n 2}\n\x1e3\n'
    records = [record for at in range(len(body)) for record in decoder.feed(body[at : at + 1])]
    assert [*records, *decoder.finish()] == ['{"a": 1}', '{"b":\n 2}', "3"]
