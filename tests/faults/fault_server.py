"""A fault-injecting HTTP server on 127.0.0.1 for the generated clients' tests.

:class:`FaultServer` runs a ``ThreadingHTTPServer`` on its own thread.  Every
connection takes the next :class:`Reply` of the script (the last one repeats),
which may answer normally or inject a fault: a TCP reset before the request is
read or after it, a body cut short of its ``Content-Length``, or an answer
slower than the client's timeout.  The server counts connections, records each
request it read (:class:`Seen`: method, path, headers, body), and stops itself:
after :data:`MAX_CONNECTIONS` connections it resets every further one, and a
watchdog shuts it down after :data:`LIFETIME` seconds if a test hangs.  Use it
through the ``make_server`` and ``server`` fixtures, which always stop it.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Literal
from urllib.parse import parse_qsl, urlsplit

from tests.runtime import runtime_server
from tests.runtime.runtime_server import SOCKET_TIMEOUT

MAX_CONNECTIONS = 25
"""Connections one server answers; every test needs far fewer."""

LIFETIME = 30.0
"""Seconds after which the server stops itself, whatever the test is doing."""

Fault = Literal["reset_before_read", "reset_after_read", "truncate"]


@dataclass
class Reply(runtime_server.Reply):
    """One scripted answer (status, body, headers, delay), or a fault."""

    fault: Fault | None = None
    """``reset_before_read``: reset the connection without reading the request;
    ``reset_after_read``: read and record the request, then reset;
    ``truncate``: send the headers and half the body, then close."""


class Seen(runtime_server.Seen):
    """One request as the server read it (header names in lower case)."""

    @property
    def route(self) -> str:
        """The path without its query."""
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.path).query))

    def json(self) -> object:
        return json.loads(self.body)


class FaultServer:
    """The script, the record and the lifecycle of one server."""

    def __init__(self, port: int = 0) -> None:
        self.requests: list[Seen] = []
        self.connections = 0
        self.overflowed = False
        self.stopping = threading.Event()
        self._replies: list[Reply] = [Reply()]
        self._lock = threading.Lock()
        self._httpd = _Server(self, port)
        host, bound = self._httpd.server_address[:2]
        self.port = int(bound)
        self.url = f"http://{host!s}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._watchdog = threading.Timer(LIFETIME, self.stop)
        self._watchdog.daemon = True
        self._started = False

    def start(self) -> FaultServer:
        self._thread.start()
        self._watchdog.start()
        self._started = True
        return self

    def stop(self) -> None:
        """Stop serving and join every handler thread; safe to call twice."""
        self.stopping.set()
        self._watchdog.cancel()
        if self._started:
            self._httpd.shutdown()
            self._started = False
        self._httpd.server_close()
        self._thread.join(timeout=SOCKET_TIMEOUT)

    def script(self, *replies: Reply) -> FaultServer:
        """Answer the next connections with ``replies`` in order; the last one repeats."""
        with self._lock:
            self._replies = list(replies)
        return self

    @property
    def count(self) -> int:
        """Requests read so far."""
        with self._lock:
            return len(self.requests)

    def _take(self) -> Reply | None:
        with self._lock:
            self.connections += 1
            if self.connections > MAX_CONNECTIONS:
                self.overflowed = True
                return None
            return self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)


class _Handler(runtime_server._Handler):
    server: _Server  # type: ignore[assignment]
    reply: Reply

    def handle(self) -> None:
        reply = self.server.faults._take()
        if reply is None or reply.fault == "reset_before_read":
            self._reset()
            return
        self.reply = reply
        super().handle()

    def _answer(self) -> None:
        faults, reply = self.server.faults, self.reply
        body = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        faults._record(Seen(self.command, self.path, headers, body))
        if reply.delay:
            faults.stopping.wait(reply.delay)
        if reply.fault == "reset_after_read":
            self._reset()
            return
        self._send_reply(reply, len(reply.encoded()[0]) // 2 if reply.fault == "truncate" else None)

    def do_GET(self) -> None:
        self._answer()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class _Server(runtime_server._Server):
    """The runtime tests' server (no FQDN lookup, joined handler threads) on a chosen port."""

    def __init__(self, faults: FaultServer, port: int) -> None:
        self.faults = faults
        ThreadingHTTPServer.__init__(self, ("127.0.0.1", port), _Handler)


def free_port() -> int:
    """A port of 127.0.0.1 on which nothing listens (until someone binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
