"""Re-recording with vcrpy reproduces the committed Mayar cassettes, without the key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.mayar.conftest import API_KEY, BASE_PATH
from tests.mayar.scenarios import SCENARIOS, UNAUTHENTICATED
from tests.record_cassettes import record
from tests.support.replay import CASSETTES, ReplayServer, load_cassette, replay

RECORDED = [*SCENARIOS, *UNAUTHENTICATED]


def _json(body: Any) -> Any:
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return json.loads(body) if body else None


def _exchange(interaction: dict[str, Any]) -> tuple[object, ...]:
    request, response = interaction["request"], interaction["response"]
    return (
        request["method"],
        request["uri"],
        _json(request.get("body")),
        response["status"]["code"],
        _json(response.get("body")),
    )


def test_recording_reproduces_every_cassette_and_filters_the_key(tmp_path: Path) -> None:
    # A replay server of every recordable cassette, in recording order, stands in for the live API.
    with replay("mayar/balance_credit_product") as live:
        live.interactions = [i for name in RECORDED for i in load_cassette(CASSETTES / "mayar" / f"{name}.yaml")]
        live.used = [False] * len(live.interactions)
        written = record("mayar", tmp_path, live.url + BASE_PATH, API_KEY)
    assert not live.unmatched
    assert [p.stem for p in written] == RECORDED
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert API_KEY not in text
        assert "authorization" not in text.lower()
        recorded = [_exchange(i) for i in yaml.safe_load(text)["interactions"]]
        committed = [_exchange(i) for i in load_cassette(CASSETTES / "mayar" / path.name)]
        assert recorded == committed, path.name
    assert len(load_cassette(tmp_path / "history_membership.yaml")) == 2  # both pages

    server = ReplayServer(load_cassette(tmp_path / "balance_credit_product.yaml")).start()
    try:
        from mayar_client import MayarClient

        with MayarClient(api_key=API_KEY, base_url=server.url + BASE_PATH) as client:
            bal = SCENARIOS["balance_credit_product"](client)
    finally:
        server.stop()
    assert bal.customer_main_balance == 29801
