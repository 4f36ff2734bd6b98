"""Run inside a fresh venv where only the Mayar wheel (and its dependencies) is installed.

Usage: python smoke_mayar.py
Serves one canned balance on 127.0.0.1 and calls it, sync and async; exits
non-zero with a message when the installed client misbehaves.
"""

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from mayar_client import AsyncMayarClient, MayarClient

SEEN: list[tuple[str, dict[str, list[str]], str]] = []


class Balance(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        SEEN.append((url.path, parse_qs(url.query), self.headers.get("Authorization", "")))
        body = json.dumps({"statusCode": 200, "message": "success", "customerBalance": 30001}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Balance)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/credit/v1"
    try:
        client = MayarClient(api_key="mk_smoke", base_url=base_url, max_retries=0)
        balance = client.credit.get_customer_balance(product_id="p1", customer_id="c1")
        assert balance.customer_balance == 30001, balance
        assert "mk_smoke" not in repr(client)

        async def run_async() -> None:
            async with AsyncMayarClient(api_key="mk_smoke", base_url=base_url, max_retries=0) as c:
                again = await c.credit.get_customer_balance(product_id="p1", customer_id="c1")
                assert again.message == "success", again

        asyncio.run(run_async())
    finally:
        server.shutdown()
    path, query, auth = SEEN[0]
    assert (path, query, auth) == (
        "/credit/v1/credit/customer/balance",
        {"productId": ["p1"], "customerId": ["c1"]},
        "Bearer mk_smoke",
    ), SEEN[0]
    print("mayar smoke: ok")


main()
