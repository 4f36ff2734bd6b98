"""Replay VCR-style cassettes from a real HTTP server on 127.0.0.1.

A cassette is the YAML that vcrpy writes (``interactions: [{request, response}]``,
``version: 1``), so the same files can be re-recorded against the live API with
``tests/record_cassettes.py``.  The server answers each request with the first
unused interaction whose method, path and query match, and keeps what it
received so tests can check the requests the client really sent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs
import yaml

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"


@attrs.frozen
class Received:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes


def load_cassette(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("version") == 1, f"{path}: not a version 1 cassette"
    return list(data["interactions"])


def _key(method: str, uri: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    parts = urlsplit(uri)
    return method.upper(), parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def _body_text(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, dict):
        body = body.get("string", "")
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


class ReplayServer:
    def __init__(self, interactions: list[dict[str, Any]]) -> None:
        self.interactions = interactions
        self.used = [False] * len(interactions)
        self.received: list[Received] = []
        self.unmatched: list[Received] = []
        self.answered: list[tuple[Received, dict[str, Any]]] = []
        """Each matched request with the interaction that answered it."""
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, received: Received) -> dict[str, Any] | None:
        wanted = (received.method, received.path, received.query)
        with self._lock:
            self.received.append(received)
            for index, interaction in enumerate(self.interactions):
                request = interaction["request"]
                if not self.used[index] and _key(request["method"], request["uri"]) == wanted:
                    self.used[index] = True
                    self.answered.append((received, interaction))
                    return dict(interaction["response"])
            self.unmatched.append(received)
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                received = Received(
                    self.command,
                    parts.path,
                    tuple(sorted(parse_qsl(parts.query, keep_blank_values=True))),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                response = replay._answer(received)
                if response is None:
                    payload = b'{"error": "no recorded interaction matches"}'
                    self.send_response(599, "Unmatched")
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                payload = _body_text(response.get("body"))
                status = response["status"]
                self.send_response(int(status["code"]), str(status.get("message", "")))
                for name, values in (response.get("headers") or {}).items():
                    if name.lower() in ("content-length", "transfer-encoding", "content-encoding", "connection"):
                        continue
                    for value in values if isinstance(values, list) else [values]:
                        self.send_header(name, str(value))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        return Handler


@contextmanager
def replay(cassette: str | Path) -> Iterator[ReplayServer]:
    """Serve the cassette ``name`` (under tests/cassettes/) until the block ends."""
    path = Path(cassette) if Path(cassette).is_absolute() else CASSETTES / f"{cassette}.yaml"
    server = ReplayServer(load_cassette(path)).start()
    try:
        yield server
    finally:
        server.stop()
