"""A threaded HTTP server on 127.0.0.1 whose bodies arrive piece by piece, for the stream tests.

Routes (the request path decides, whatever the method):

* ``/chat/completions``: with ``"stream": true`` in the JSON body, replays the recorded OpenAI
  chat-completion stream (``fixtures/openai_chat_completion_stream.txt``) in small pieces cut at
  arbitrary bytes; otherwise answers one ``chat.completion`` JSON object.
* ``/files/<size>``: ``size`` bytes of a repeating pattern, 1 MiB a write, with ``Content-Length``;
  ``/files/<size>?cut=1`` closes the connection halfway through.
* ``/events``: server-sent events without end (a comment keep-alive every 100 events), until the
  client goes away; ``/events?error=3`` sends an ``error`` event after three events;
  ``/events?every=0.3&count=6`` sends six events, one each 0.3 s, flushing each.
* ``/ticks``: three typed events then an ``{"error": ...}`` object; ``/logs``: JSON lines ending cleanly.

Every body is close-delimited (``Connection: close``), so it ends when the server closes.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "openai_chat_completion_stream.txt"
PATTERN = bytes(range(256)) * 4096  # 1 MiB
_CUTS = (37, 5, 113, 1, 64, 290, 17)
"""Sizes of the pieces the recorded stream is written in, in turn: the cuts fall inside lines and fields."""

COMPLETION = {
    "id": "chatcmpl-BV8m3kQz7fJp2XyLrT0aNcE4uHdGw",
    "object": "chat.completion",
    "created": 1746704631,
    "model": "gpt-4o-mini-2024-07-18",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Whole.", "refusal": None, "annotations": []},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # the base class's name
        pass

    def do_GET(self) -> None:
        self._route(b"")

    def do_POST(self) -> None:
        self._route(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _route(self, body: bytes) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            if url.path == "/chat/completions":
                self._chat(json.loads(body or b"{}"))
            elif url.path.startswith("/files/"):
                self._file(int(url.path.rsplit("/", 1)[1]), cut="cut" in query)
            elif url.path == "/events":
                self._events(
                    int(query["error"]) if "error" in query else None,
                    float(query.get("every", 0)),
                    int(query["count"]) if "count" in query else None,
                )
            elif url.path == "/ticks":
                self._ticks()
            elif url.path == "/logs":
                self._logs()
            else:
                self._start(404, "application/json")
                self.wfile.write(b'{"error": "not found"}')
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away: how an endless stream ends

    def _start(self, status: int, content_type: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Connection", "close")
        self.send_header("x-request-id", "req_stream_1")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.close_connection = True

    def _chat(self, request: dict[str, object]) -> None:
        if request.get("stream") is not True:
            body = json.dumps(COMPLETION).encode()
            self._start(200, "application/json", len(body))
            self.wfile.write(body)
            return
        self._start(200, "text/event-stream; charset=utf-8")
        recorded, at, turn = FIXTURE.read_bytes(), 0, 0
        while at < len(recorded):
            size = _CUTS[turn % len(_CUTS)]
            self.wfile.write(recorded[at : at + size])
            self.wfile.flush()
            at, turn = at + size, turn + 1

    def _file(self, size: int, cut: bool) -> None:
        self._start(200, "application/octet-stream", size)
        left = size // 2 if cut else size  # cut: the connection closes halfway through the body
        while left:
            piece = PATTERN[: min(left, len(PATTERN))]
            self.wfile.write(piece)
            left -= len(piece)

    def _events(self, error_after: int | None, every: float, count: int | None) -> None:
        self._start(200, "text/event-stream")
        n = 0
        while count is None or n < count:
            time.sleep(every)
            if error_after is not None and n == error_after:
                self.wfile.write(
                    b'event: error\ndata: {"error": {"message": "overloaded", "type": "server_error"}}\n\n'
                )
                self.wfile.flush()
                return
            event = {"seq": n, "note": "x" * 200}
            self.wfile.write(f"id: {n}\nevent: tick\ndata: {json.dumps(event)}\n\n".encode())
            n += 1
            if every:
                self.wfile.flush()
            if n % 100 == 0:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()

    def _ticks(self) -> None:
        self._start(200, "text/event-stream")
        for n in range(3):
            self.wfile.write(f"data: {json.dumps({'seq': n})}\r\n\r\n".encode())
        self.wfile.write(b'data: {"error": {"message": "quota exceeded", "code": "insufficient_quota"}}\r\n\r\n')

    def _logs(self) -> None:
        self._start(200, "application/x-ndjson")
        self.wfile.write(b'{"seq": 0, "note": "start"}\n\n{"seq": 1}\r\n{"seq": 2, "note": "end"}')


@contextmanager
def serving() -> Iterator[str]:
    """A running server; its base URL (``http://127.0.0.1:<port>``)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
