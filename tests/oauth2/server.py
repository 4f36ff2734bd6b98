"""An OAuth 2 authorization server and a resource server on one real socket of 127.0.0.1.

:class:`Vault` holds the state: the client it knows, the tokens it issued (each with
its scopes and expiry) and a record of every token request.  ``POST /oauth/token``
implements the client credentials grant (RFC 6749, section 4.4): the client
authenticates by HTTP Basic or, when :attr:`Vault.basic_allowed` is off, only in the
body.  ``/v1/items`` wants a token with ``items.read`` (GET) or ``items.write``
(POST); ``/v1/me`` wants :data:`USER_TOKEN`, the token of an authorization code flow
the test's callable gives.  The token endpoint waits :attr:`Vault.token_delay`
seconds before answering, so that concurrent callers overlap.
"""

from __future__ import annotations

import base64
import json
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus

CLIENT_ID = "vault-client-7f3a"
CLIENT_SECRET = "s3cr3t-Vault-9d81c2e4"  # a test credential
USER_TOKEN = "user-token-from-authorization-code-51f0"  # a test credential


@dataclass
class TokenRequest:
    """One request the token endpoint received."""

    client_auth: str
    """``basic``, ``body`` or ``none``."""
    scopes: tuple[str, ...]
    status: int


@dataclass
class Vault:
    """What the server knows and has seen; change the settings between calls."""

    url: str = ""
    expires_in: int | None = 3600
    basic_allowed: bool = True
    token_delay: float = 0.05
    api_rejects: bool = False
    """Answer 401 to every API request, whatever its token."""
    token_padding: int = 0
    """Spaces after the token answer's JSON (still valid JSON): a token response of any length."""
    token_trickle: bool = False
    """Answer the token request with a body that never ends, one byte every 20 ms."""
    token_requests: list[TokenRequest] = field(default_factory=list)
    api_statuses: list[int] = field(default_factory=list)
    tokens: dict[str, tuple[frozenset[str], float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def revoke_all(self) -> None:
        """Forget every token issued, as a server does after a key rotation."""
        with self.lock:
            self.tokens.clear()

    def issued(self) -> list[str]:
        """Every token issued and not revoked."""
        with self.lock:
            return list(self.tokens)

    def fetches(self) -> int:
        """Token requests answered with a token."""
        return sum(1 for r in self.token_requests if r.status == 200)

    def issue(self, client_auth: str, good: bool, scopes: tuple[str, ...]) -> tuple[int, dict[str, object]]:
        with self.lock:
            if not good or (client_auth == "basic" and not self.basic_allowed):
                self.token_requests.append(TokenRequest(client_auth, scopes, 401))
                return 401, {"error": "invalid_client", "error_description": "client authentication failed"}
            if not set(scopes) <= {"items.read", "items.write"}:
                self.token_requests.append(TokenRequest(client_auth, scopes, 400))
                return 400, {"error": "invalid_scope", "error_description": f"unknown scope in {' '.join(scopes)}"}
            token = f"at-{len(self.token_requests)}-{client_auth}-x9Qz"
            lifetime = math.inf if self.expires_in is None else self.expires_in
            self.tokens[token] = (frozenset(scopes), time.monotonic() + lifetime)
            self.token_requests.append(TokenRequest(client_auth, scopes, 200))
        answer: dict[str, object] = {"access_token": token, "token_type": "Bearer"}
        if self.expires_in is not None:
            answer["expires_in"] = self.expires_in
        return 200, answer

    def allows(self, authorization: str, scope: str) -> bool:
        token = authorization.removeprefix("Bearer ")
        with self.lock:
            scopes, expires = self.tokens.get(token, (frozenset(), 0.0))
        return scope in scopes and time.monotonic() < expires


def _client_auth(headers: dict[str, str], form: dict[str, str]) -> tuple[str, bool]:
    """How the request authenticates the client (``basic``, ``body`` or ``none``), and whether it is right."""
    header = headers.get("authorization", "")
    if header.startswith("Basic "):
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return "basic", (unquote_plus(user), unquote_plus(password)) == (CLIENT_ID, CLIENT_SECRET)
    if "client_id" in form:
        return "body", (form.get("client_id"), form.get("client_secret")) == (CLIENT_ID, CLIENT_SECRET)
    return "none", False


def _handler(vault: Vault) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # the base class's name
            """Quiet: the tests read the record instead."""

        def _answer(self, status: int, body: object, padding: int = 0) -> None:
            data = json.dumps(body).encode() + b" " * padding
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _trickle(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(1 << 30))
            self.end_headers()
            try:
                self.wfile.write(b'{"access_token": "at-trickle", "pad": "')
                while True:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.02)
            except OSError:  # the client gave up and closed the connection
                self.close_connection = True

        def _read(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self) -> None:
            body = self._read()
            if self.path == "/oauth/token":
                time.sleep(vault.token_delay)
                form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
                headers = {key.lower(): value for key, value in self.headers.items()}
                if form.get("grant_type") != "client_credentials":
                    self._answer(400, {"error": "unsupported_grant_type"})
                    return
                scopes = tuple(form.get("scope", "").split())
                if vault.token_trickle:
                    self._trickle()
                    return
                self._answer(*vault.issue(*_client_auth(headers, form), scopes), padding=vault.token_padding)
            else:
                self._api("items.write", {"created": True})

        def do_GET(self) -> None:
            if self.path == "/v1/me":
                ok = self.headers.get("Authorization") == f"Bearer {USER_TOKEN}"
                vault.api_statuses.append(200 if ok else 401)
                self._answer(200, {"name": "Ada"}) if ok else self._answer(401, {"error": "invalid_token"})
            else:
                self._api("items.read", {"n": 3})

        def _api(self, scope: str, answer: object) -> None:
            ok = not vault.api_rejects and vault.allows(self.headers.get("Authorization", ""), scope)
            with vault.lock:
                vault.api_statuses.append(200 if ok else 401)
            self._answer(200, answer) if ok else self._answer(401, {"error": "invalid_token"})

    return Handler


@contextmanager
def serve() -> Iterator[Vault]:
    """A :class:`Vault` answering on a free port of 127.0.0.1 until the block ends."""
    vault = Vault()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(vault))
    httpd.daemon_threads = True
    vault.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield vault
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5.0)
