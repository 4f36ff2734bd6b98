"""Every operation of the Mayar spec, called through the client (sync and async) against its
documentation page's own examples.

``tools/example_cassettes.py`` writes one cassette per operation from the examples in
``specs/mayar/openapi.yaml`` into ``tests/cassettes/mayar/operations/``; the first test
checks the committed cassettes are what the tool makes of the current spec (after a
``clientgen regenerate`` that changes the spec, run
``python tools/example_cassettes.py specs/mayar/openapi.yaml tests/cassettes/mayar/operations``).
Then, for every operation of the spec: its method is found on the client from the spec
(:mod:`tests.support.spec_calls`), called with the arguments of the cassette's request once per
recorded response, the request sent must be the recorded one, a success response parses into
the example (``to_dict()`` of the model, or the JSON itself), and an error response raises an
``APIStatusError`` of its status carrying the example.  An operation without a cassette is
skipped with the tool's reason; one whose spec is wrong in a way the synthesizer is known to
get wrong is an expected failure (strict: it fails the suite once the spec is right).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from mayar_client import APIStatusError, AsyncMayarClient, MayarClient

from tests.mayar.conftest import API_KEY
from tests.support.replay import ReplayServer, load_cassette
from tests.support.spec_calls import SpecOperation, arguments, method_of, spec_operations
from tools.example_cassettes import Cassette, Skipped, plan, write
from tools.spec_surface import resource_table

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "specs" / "mayar" / "openapi.yaml"
FOLDER = ROOT / "tests" / "cassettes" / "mayar" / "operations"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
OPERATIONS = list(spec_operations(SPEC))
BASE_PATH = urlsplit(str(SPEC["servers"][0]["url"])).path.rstrip("/")
"""The path of the first server: the cassettes' URIs start with it, the test server's URL does not."""

KNOWN_FAULTS: dict[str, str] = {
    "api-reference-v2/installment/create.mdx": (
        "synthesizer: description, interest, tenure and dueDate are listed at the request body's root but nested under "
        "'installment' in the request example; they stay required root fields, so the example cannot be sent"
    ),
    "api-reference/installment/create.mdx": (
        "synthesizer: description, interest, tenure and dueDate are listed at the request body's root but nested under "
        "'installment' in the request example; they stay required root fields, so the example cannot be sent"
    ),
    "api-reference/invoice/edit.mdx": (
        "synthesizer: name, email, mobile and expiredAt are documented required but absent from the request example "
        "(copied from another call); they stay required, so the example cannot be sent"
    ),
}
"""Pages whose operation the synthesizer (or the generated client) gets wrong today, each with how:
an operation made from one of them is an expected failure (strict: once it is right, the entry goes).
Keyed by page, which stays when operations are renamed or regrouped."""


@cache
def _plan() -> tuple[dict[tuple[str, str], Cassette], dict[tuple[str, str], Skipped]]:
    """The cassettes and the operations without one, by method and path."""
    made, skipped = plan(SPEC)
    return {(c.method, c.path): c for c in made}, {(s.method, s.path): s for s in skipped}


def _case(op: SpecOperation) -> Any:
    skipped = _plan()[1].get((op.method, op.path))
    reasons = [KNOWN_FAULTS[p] for p in op.operation.get("x-clientgen-pages") or [] if p in KNOWN_FAULTS]
    if skipped is not None and skipped.invalid:
        reasons.append(f"synthesizer: {skipped.reason}")
    name = skipped.name if skipped is not None else _plan()[0][(op.method, op.path)].name
    if not reasons:
        return pytest.param(op, id=name)
    return pytest.param(op, id=name, marks=pytest.mark.xfail(strict=True, reason="; ".join(reasons)))


def test_committed_cassettes_are_current() -> None:
    made, changed, _ = write(SPEC, FOLDER, check=True)
    assert changed == [], (
        "run: python tools/example_cassettes.py specs/mayar/openapi.yaml tests/cassettes/mayar/operations"
    )
    assert sorted(p.name for p in FOLDER.glob("*.yaml")) == sorted(c.filename for c in made)


def test_every_operation_has_a_cassette_or_a_reason() -> None:
    made, skipped = plan(SPEC)
    covered = [(c.method, c.path) for c in made] + [(s.method, s.path) for s in skipped]
    assert sorted(covered) == sorted((o.method, o.path) for o in OPERATIONS)
    names = [c.name for c in made] + [s.name for s in skipped]
    assert len(set(names)) == len(names), "one cassette name per operation"


def test_each_known_fault_names_a_page_of_an_operation() -> None:
    pages = {p for o in OPERATIONS for p in o.operation.get("x-clientgen-pages") or []}
    assert set(KNOWN_FAULTS) <= pages


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("op", [_case(op) for op in OPERATIONS])
def test_operation_sends_the_example_and_parses_the_example(op: SpecOperation, mode: str) -> None:
    made, skips = _plan()
    skipped = skips.get((op.method, op.path))
    if skipped is not None and not skipped.invalid:
        pytest.skip(str(skipped))
    assert skipped is None, str(skipped)
    interactions = load_cassette(FOLDER / made[(op.method, op.path)].filename)
    server = ReplayServer(interactions).start()
    try:
        outcomes = _call(mode, server.url + BASE_PATH, op, [i["request"] for i in interactions])
    finally:
        server.stop()
    assert not server.unmatched, f"requests with no recording: {server.unmatched}"
    assert len(server.received) == len(interactions)
    for received, interaction, outcome in zip(server.received, interactions, outcomes, strict=True):
        _check_request(received, interaction["request"])
        _check_response(outcome, interaction["response"])


def _call(mode: str, url: str, op: SpecOperation, requests: list[dict[str, Any]]) -> list[object]:
    """The call of each recorded request, in order: its result, or the APIStatusError it raised."""
    options: dict[str, Any] = {"api_key": API_KEY, "base_url": url, "max_retries": 0}
    if mode == "async":
        return asyncio.run(_call_async(options, op, requests))
    outcomes: list[object] = []
    with MayarClient(**options) as client:
        method = method_of(client, SPEC, op)
        for request in requests:
            try:
                outcomes.append(method(**arguments(method, op, BASE_PATH, request)))
            except APIStatusError as exc:
                outcomes.append(exc)
    return outcomes


async def _call_async(options: dict[str, Any], op: SpecOperation, requests: list[dict[str, Any]]) -> list[object]:
    outcomes: list[object] = []
    async with AsyncMayarClient(**options) as client:
        method = method_of(client, SPEC, op)
        for request in requests:
            try:
                pending = method(**arguments(method, op, BASE_PATH, request))
                assert inspect.isawaitable(pending), "async client methods return awaitables"
                outcomes.append(await pending)
            except APIStatusError as exc:
                outcomes.append(exc)
    return outcomes


def _check_request(received: Any, recorded: Mapping[str, Any]) -> None:
    uri = urlsplit(str(recorded["uri"]))
    assert received.method == recorded["method"]
    assert received.path == uri.path.removeprefix(BASE_PATH)
    assert received.query == tuple(sorted(parse_qsl(uri.query, keep_blank_values=True)))
    assert received.headers["authorization"] == f"Bearer {API_KEY}"
    body = recorded.get("body")
    if body:
        assert received.headers["content-type"] == recorded["headers"]["Content-Type"][0]
        assert json.loads(received.body) == json.loads(body)
    else:
        assert not received.body


def _check_response(outcome: object, recorded: Mapping[str, Any]) -> None:
    status = int(recorded["status"]["code"])
    example = json.loads(recorded["body"]["string"])
    if 200 <= status < 300:
        assert not isinstance(outcome, BaseException), f"{status}: raised {outcome!r}"
        assert _instants(_plain(outcome)) == _instants(example)
    else:
        assert isinstance(outcome, APIStatusError), f"{status}: returned {outcome!r}"
        assert outcome.status_code == status
        assert _instants(_plain(outcome.body)) == _instants(example)


_ISO_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")


def _instants(value: object) -> object:
    """``value`` with each ISO 8601 date-time string as the instant it names.

    A ``date-time`` field decodes to a ``datetime``, and ``to_dict()`` writes it back in Python's
    spelling (``+00:00``, microseconds) rather than the page's (``Z``, milliseconds): the same instant.
    """
    if isinstance(value, dict):
        return {key: _instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_instants(item) for item in value]
    if isinstance(value, str) and _ISO_INSTANT.match(value):
        return datetime.fromisoformat(value)
    return value


def _plain(parsed: object) -> object:
    """A model as its ``to_dict()``, JSON as itself."""
    to_dict = getattr(parsed, "to_dict", None)
    return to_dict() if callable(to_dict) else parsed


def test_readme_lists_the_resources_of_the_spec() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- mayar-resources: start -->\n", "<!-- mayar-resources: end -->"
    shown = readme[readme.index(start) + len(start) : readme.index(end)]
    assert shown == resource_table(SPEC), "run: python tools/spec_surface.py specs/mayar/openapi.yaml"
