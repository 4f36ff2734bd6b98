"""The cassettes can be re-recorded with vcrpy: record from a server, replay the recording."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.afternoon.conftest import API_KEY
from tests.afternoon.scenarios import CUSTOMER_ID, SCENARIOS
from tests.record_cassettes import record
from tests.support.replay import ReplayServer, load_cassette, replay


def test_recording_filters_the_key_and_replays_identically(tmp_path: Path) -> None:
    # A replay server stands in for the live API; vcrpy records what the client gets from it.
    with replay("afternoon/list_balances_200") as live:
        live.interactions = live.interactions * 8
        live.used = [False] * len(live.interactions)
        written = record("afternoon", tmp_path, live.url, API_KEY)
    assert {p.stem for p in written} >= set(SCENARIOS)
    recorded = tmp_path / "list_balances_200.yaml"
    text = recorded.read_text(encoding="utf-8")
    assert API_KEY not in text
    assert "authorization" not in text.lower()
    (interaction,) = yaml.safe_load(text)["interactions"]
    assert interaction["request"]["uri"] == f"https://api.afternoon.co/v1/customers/{CUSTOMER_ID}/balances"

    server = ReplayServer(load_cassette(recorded)).start()
    try:
        from afternoon_client import AfternoonClient

        with AfternoonClient(api_key=API_KEY, base_url=server.url) as client:
            res = client.customers.list_balances(CUSTOMER_ID)
    finally:
        server.stop()
    assert res.balances[0].balance == "1500.000000"
