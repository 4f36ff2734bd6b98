"""A hostile HTTP server on 127.0.0.1: answers meant to exhaust a client's memory or patience.

:class:`HostileServer` accepts connections on a thread of its own and serves each
on another thread: it reads the request head, then hands the socket to its
:data:`Answer`, a function that writes whatever it likes.  The answers here
generate their bodies as they go (a gigabyte of zeros, an endless chunked body,
one byte a second), holding no more than one block in memory, and stop writing
as soon as the client hangs up or the server stops.  A watchdog stops the server
after :data:`LIFETIME` seconds if a test hangs; use it as a context manager.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable
from types import TracebackType

LIFETIME = 60.0
"""Seconds after which the server stops itself, whatever the test is doing."""

SOCKET_TIMEOUT = 10.0
"""Seconds a write may block before the server gives the connection up."""

BLOCK = bytes(1 << 20)
"""One MiB of zeros, sent again and again for the long bodies."""


class Connection:
    """One accepted connection, as an answer sees it."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping

    def head(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        lines = [f"HTTP/1.1 {status} Hostile", "Connection: close", *(f"{k}: {v}" for k, v in (headers or {}).items())]
        self.send("\r\n".join([*lines, "", ""]).encode("latin-1"))

    def send(self, data: bytes) -> None:
        """Write ``data``; raises :class:`OSError` once the client hung up or the server stops."""
        if self.stopping.is_set():
            raise ConnectionAbortedError("the server is stopping")
        self.sock.sendall(data)


Answer = Callable[[Connection], None]


class HostileServer:
    """Serves every request with the same :data:`Answer`; counts the requests."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests = 0
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.02)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._handlers: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._lock = threading.Lock()

    def __enter__(self) -> HostileServer:
        self._acceptor.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stopping.set()
        self._acceptor.join(timeout=SOCKET_TIMEOUT)
        for handler in self._handlers:
            handler.join(timeout=SOCKET_TIMEOUT)
        self._listener.close()

    def _accept(self) -> None:
        ends = time.monotonic() + LIFETIME
        while not self.stopping.is_set() and time.monotonic() < ends:
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            handler = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._handlers.append(handler)
            handler.start()
        self.stopping.set()

    def _serve(self, sock: socket.socket) -> None:
        with sock:
            sock.settimeout(SOCKET_TIMEOUT)
            try:
                _read_head(sock)
                with self._lock:
                    self.requests += 1
                self.answer(Connection(sock, self.stopping))
            except OSError:
                pass  # the client hung up, which is what a bounded client does


def _read_head(sock: socket.socket) -> None:
    """Read a request up to the end of its headers (the clients under test send no body on a GET)."""
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 65536:
        data = sock.recv(4096)
        if not data:
            raise ConnectionAbortedError("the client hung up before its request was complete")
        head += data


# --- answers --------------------------------------------------------------------------


def body(content: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    """An ordinary answer with a fixed body."""

    def answer(conn: Connection) -> None:
        conn.head(status, {"Content-Type": "application/json", **(headers or {}), "Content-Length": str(len(content))})
        conn.send(content)

    return answer


def zeros(size: int) -> Answer:
    """A body of ``size`` zero bytes, declared in Content-Length, sent as fast as the socket takes it."""

    def answer(conn: Connection) -> None:
        conn.head(200, {"Content-Type": "application/json", "Content-Length": str(size)})
        left = size
        while left > 0:
            conn.send(BLOCK[: min(left, len(BLOCK))])
            left -= len(BLOCK)

    return answer


def endless_chunks() -> Answer:
    """A chunked body that never ends: one MiB chunk after another until the client hangs up."""
    chunk = b"%x\r\n%b\r\n" % (len(BLOCK), BLOCK)

    def answer(conn: Connection) -> None:
        conn.head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        while True:
            conn.send(chunk)

    return answer


def trickle(interval: float, size: int = 10_000) -> Answer:
    """A body of ``size`` bytes, declared up front, sent one byte every ``interval`` seconds."""

    def answer(conn: Connection) -> None:
        conn.head(200, {"Content-Type": "application/json", "Content-Length": str(size)})
        for _ in range(size):
            conn.send(b" ")
            if conn.stopping.wait(interval):
                return

    return answer


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes (a multiple of :data:`BLOCK`) gzip-compressed, about a thousandth of that.

    Compressing a gigabyte takes seconds; this compresses one block twice instead.
    After a full flush the compressor starts afresh, so the second block's bytes
    can stand for every later block; the gzip trailer carries the CRC and length
    of the whole.
    """
    blocks, rest = divmod(size, len(BLOCK))
    assert blocks and not rest, "size must be a positive multiple of BLOCK"
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    first = compressor.compress(BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(BLOCK, crc)
    final_empty_block = b"\x03\x00"
    return first + again * (blocks - 1) + final_empty_block + struct.pack("<II", crc, size & 0xFFFFFFFF)
