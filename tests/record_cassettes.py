"""Re-record cassettes against a live API with vcrpy, the Authorization header filtered out.

    AFTERNOON_API_KEY=ak_test_... python3 tests/record_cassettes.py afternoon [--base-url URL]
    MAYAR_API_KEY=... python3 tests/record_cassettes.py mayar --base-url https://api.mayar.club

Each scenario of ``tests/<client>/scenarios.py`` is run through the generated
client inside a vcrpy cassette in ``record_mode="all"``; error responses are
expected and recorded like any other, and the scenarios named in its
``WALK_PAGES`` follow every next page into the same cassette.  Request URIs are
rewritten to the production host so recordings from a local server or a
sandbox look the same.  A ``--base-url`` includes the API's base path, if it has
one (Mayar's has none: its operations' paths start with ``/hl/v1``, ``/credit/v1``...).
The cassettes of ``tests/cassettes/mayar/operations/`` are not recorded: they are
written from the spec's examples by ``tools/example_cassettes.py``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import vcr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = {
    "afternoon": ("afternoon_client", "AfternoonClient", "AFTERNOON_API_KEY", "https://api.afternoon.co"),
    "mayar": ("mayar_client", "MayarClient", "MAYAR_API_KEY", "https://api.mayar.id"),
}


def _rehost(production: str) -> Any:
    target = urlsplit(production)

    def before_record_request(request: Any) -> Any:
        parts = urlsplit(request.uri)
        request.uri = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))
        return request

    return before_record_request


def record(client_name: str, cassette_dir: Path, base_url: str | None, api_key: str | None) -> list[Path]:
    package, class_name, _, production = CLIENTS[client_name]
    client_class = getattr(importlib.import_module(package), class_name)
    scenarios = importlib.import_module(f"tests.{client_name}.scenarios")
    recorder = vcr.VCR(
        record_mode="all",
        filter_headers=["authorization"],
        decode_compressed_response=True,
        before_record_request=_rehost(production),
    )
    written = []
    walk_pages = getattr(scenarios, "WALK_PAGES", frozenset())
    invalid_key = getattr(scenarios, "INVALID_API_KEY", "ak_test_invalid")
    runs = [(scenarios.SCENARIOS, api_key), (scenarios.UNAUTHENTICATED, invalid_key)]
    for table, key in runs:
        for name, scenario in table.items():
            path = cassette_dir / f"{name}.yaml"
            path.unlink(missing_ok=True)
            with recorder.use_cassette(str(path)), client_class(api_key=key, base_url=base_url, max_retries=0) as c:
                try:
                    result = scenario(c)
                    if name in walk_pages:
                        for _ in result.iter_pages():
                            pass
                except Exception as exc:  # error responses are recorded too
                    print(f"{name}: {type(exc).__name__}")
            written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("client", choices=sorted(CLIENTS))
    parser.add_argument("--base-url", help="server to record from (default: the client's production server)")
    parser.add_argument("--cassettes", type=Path, help="output folder (default: tests/cassettes/<client>)")
    args = parser.parse_args()
    env_var = CLIENTS[args.client][2]
    api_key = os.environ.get(env_var)
    if not api_key:
        parser.error(f"set {env_var} to a real key")
    folder = args.cassettes or ROOT / "tests" / "cassettes" / args.client
    for path in record(args.client, folder, args.base_url, api_key):
        print(f"recorded {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
