"""Clients generated from the corpus specs with webhooks or callbacks unwrap each example payload,
signed as Standard Webhooks says, into the model of its webhook, sync and async."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from generator.config import ClientConfig
from generator.names import class_name
from generator.pipeline import generate
from generator.webhook_config import WebhookConfig
from tests.webhooks.examples import webhook_examples

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

SECRET = "whsec_" + base64.b64encode(b"corpus webhook secret, 32 bytes!").decode()
EVENT_HEADER = "webhook-event"


@attrs.frozen
class Case:
    spec: str
    package: str
    route: str
    """The route the generated client should take."""
    config: WebhookConfig = attrs.field(factory=WebhookConfig)


CASES = [
    pytest.param(Case("openai/openapi.yaml", "wh_openai", "discriminator"), id="openai"),
    pytest.param(Case("oai/v3.1/webhook-example.yaml", "wh_oai_webhook", "union"), id="oai-webhook-example"),
    pytest.param(Case("oai/v3.0/callback-example.yaml", "wh_oai_callback", "union"), id="oai-callback-example"),
    pytest.param(Case("dcg/webhooks.yaml", "wh_dcg", "header", WebhookConfig(event_header=EVENT_HEADER)), id="dcg"),
    pytest.param(
        Case("dcg/webhooks_ref_with_external_schema/openapi.yaml", "wh_dcg_external", "union"), id="dcg-external-ref"
    ),
    pytest.param(Case("dcg/non_operations_and_security.yaml", "wh_dcg_non_ops", "union"), id="dcg-non-operations"),
]


@pytest.fixture(scope="module", params=CASES)
def client_package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Case, ModuleType]]:
    case: Case = request.param
    spec = CORPUS / case.spec
    if not spec.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({spec})")
    out = tmp_path_factory.mktemp(case.package)
    config = ClientConfig.for_package(case.package, out)._replace(webhooks=case.config)
    generate([spec], config)
    sys.path.insert(0, str(out / "src"))
    try:
        yield case, importlib.import_module(case.package)
    finally:
        sys.path.remove(str(out / "src"))
        for name in [n for n in sys.modules if n == case.package or n.startswith(case.package + ".")]:
            del sys.modules[name]


def signed(payload: bytes, **extra: str) -> dict[str, str]:
    """Standard Webhooks headers for ``payload``, signed with :data:`SECRET` now."""
    msg_id, timestamp = "msg_2hF0corpus", str(int(time.time()))
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + payload, hashlib.sha256).digest()
    signature = "v1," + base64.b64encode(digest).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature, **extra}


def deliveries(case: Case) -> list[tuple[str, Any, bytes, dict[str, str]]]:
    found = []
    for name, example in webhook_examples(CORPUS / case.spec):
        payload = json.dumps(example).encode()
        headers = signed(payload, **({EVENT_HEADER: name} if case.route == "header" else {}))
        found.append((name, example, payload, headers))
    assert found, "every spec here has a webhook with a JSON body"
    return found


def event_classes(package: ModuleType) -> dict[str, type]:
    webhooks = importlib.import_module(package.__name__ + ".webhooks")
    return {event.name: event.decode.__self__ for event in webhooks.EVENTS}


def client_class(package: ModuleType, prefix: str = "") -> Any:
    """The client (``prefix="Async"``: the async client) of a package generated with the default names."""
    stem = package.__name__.removesuffix("_client")
    return getattr(package, prefix + class_name(stem) + "Client")


def test_the_generated_client_routes_as_expected(client_package: tuple[Case, ModuleType]) -> None:
    case, package = client_package
    webhooks = importlib.import_module(package.__name__ + ".webhooks")
    assert webhooks.Webhooks._route.by == case.route


def test_each_example_unwraps_to_its_webhooks_model(client_package: tuple[Case, ModuleType]) -> None:
    case, package = client_package
    classes = event_classes(package)
    with client_class(package)(webhook_secret=SECRET, base_url="http://127.0.0.1:9") as client:
        for name, example, payload, headers in deliveries(case):
            event = client.webhooks.unwrap(payload, headers)
            assert type(event) is classes[name], name
            assert event.to_dict() == type(event).from_dict(example).to_dict()
            assert set(event.to_dict()) == set(example)  # every property kept, unknown ones too
            with pytest.raises(package.WebhookVerificationError):
                client.webhooks.unwrap(payload + b" ", headers)


async def test_the_async_client_unwraps_the_same(client_package: tuple[Case, ModuleType]) -> None:
    case, package = client_package
    classes = event_classes(package)
    async with client_class(package, "Async")(base_url="http://127.0.0.1:9") as client:
        for name, _, payload, headers in deliveries(case):
            event = client.webhooks.unwrap(payload, headers, secret=SECRET)
            assert type(event) is classes[name], name
            with pytest.raises(package.WebhookVerificationError, match="no webhook secret"):
                client.webhooks.unwrap(payload, headers)


def test_a_payload_that_fits_no_event_is_the_payload_error(client_package: tuple[Case, ModuleType]) -> None:
    case, package = client_package
    payload = b"[1, 2]"  # no event is a list
    extra = {EVENT_HEADER: next(iter(event_classes(package)))} if case.route == "header" else {}
    client = client_class(package)(webhook_secret=SECRET, base_url="http://127.0.0.1:9")
    with client, pytest.raises(package.WebhookPayloadError) as caught:
        client.webhooks.unwrap(payload, signed(payload, **extra))
    assert caught.value.body == json.loads(payload)
