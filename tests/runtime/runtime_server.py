"""A scripted HTTP server on a real socket, for the runtime client tests.

:class:`MockServer` runs a ``ThreadingHTTPServer`` on 127.0.0.1 that answers
each request with the next :class:`Reply` of its script (the last one repeats)
and records what it received as :class:`Seen`.  Use it through the ``server``
fixture of ``conftest.py``, which always shuts it down.
"""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Generous enough for a loaded CI machine, short enough to keep a hung test visible.
SOCKET_TIMEOUT = 5.0


@dataclass
class Reply:
    """One scripted answer.  ``body`` that is not bytes or str is sent as JSON."""

    status: int = 200
    body: object = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset: bool = False
    """Close the connection with a TCP reset instead of answering."""

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            return self.body, headers
        if isinstance(self.body, str):
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
            return self.body.encode(), headers
        headers.setdefault("Content-Type", "application/json")
        return json.dumps(self.body).encode(), headers


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class MockServer:
    """The script and the record of one server."""

    def __init__(self) -> None:
        self.url = ""
        self.requests: list[Seen] = []
        self._replies: list[Reply] = [Reply()]
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with ``replies`` in order; the last one repeats."""
        with self._lock:
            self._replies = list(replies)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def record(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            return self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads
    timeout = SOCKET_TIMEOUT
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _answer(self) -> None:
        mock = self.server.mock
        body = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = mock.record(Seen(self.command, self.path, headers, body))
        if reply.delay:
            mock.stopping.wait(reply.delay)
        if reply.reset:
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.close_connection = True
            self.connection.close()
            return
        self._send_reply(reply)

    def _send_reply(self, reply: Reply, cut: int | None = None) -> None:
        """Answer with ``reply``; ``cut`` sends only that many bytes of the body."""
        content, extra = reply.encoded()
        try:
            self.send_response(reply.status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content[:cut])
        except OSError:
            pass  # the client gave up (a timeout test): nothing left to answer

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            for _ in range(10_000):  # bounded: a test body has far fewer chunks
                size = int(self.rfile.readline().split(b";")[0], 16)
                chunk = self.rfile.read(size)
                self.rfile.readline()
                if size == 0:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # so that server_close() joins the handler threads
    block_on_close = True
    request_queue_size = 64  # the concurrency tests connect many clients at once; 5 would delay some by 1 s

    def __init__(self, mock: MockServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mock = mock

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can take a while
        # with no DNS; the tests never need the name.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up early is expected in timeout and reset tests


class Sleeps(list[float]):
    """A sleep function that records the delays instead of waiting."""

    def __call__(self, delay: float) -> None:
        self.append(delay)

    async def asleep(self, delay: float) -> None:
        self.append(delay)


def serve(mock: MockServer) -> ThreadingHTTPServer:
    """A server on a free port of 127.0.0.1 answering from ``mock``; sets ``mock.url``."""
    httpd = _Server(mock)
    host, port = httpd.server_address[:2]
    mock.url = f"http://{host!s}:{port}"
    return httpd
