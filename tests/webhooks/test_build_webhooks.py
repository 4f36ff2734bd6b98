"""The webhooks build: events and their names, how ``unwrap`` tells them apart, the signature scheme
from ``clientgen.toml``, what is reported; and a package generated with them, imported, checked by
mypy --strict with a user's script, and documented in its README."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import ClientConfig, load_config
from generator.pipeline import generate
from generator.problems import SpecError
from generator.webhook_config import HmacConfig, WebhookConfig
from tests.generator.helpers import build_with, write_text

ROOT = Path(__file__).resolve().parents[2]

SHOP = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      responses: {'201': {description: created}}
      callbacks:
        orderShipped:
          '{$request.body#/callback}':
            post:
              summary: The order left the warehouse.
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [kind, order_id]
                      properties:
                        kind: {type: string, enum: [order.shipped]}
                        order_id: {type: string}
                        shipped_at: {type: string, format: date-time}
              responses: {'200': {description: ok}}
webhooks:
  order.paid:
    post:
      description: Sent when an order is paid.
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/OrderPaid'}}}
      responses: {'200': {description: ok}}
  "note\\"'); import os #":
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
components:
  schemas:
    OrderPaid:
      type: object
      required: [kind, order_id, total]
      properties:
        kind: {const: order.paid}
        order_id: {type: string}
        total: {type: integer}
    Note:
      type: object
      required: [kind, text]
      properties:
        kind: {type: string, enum: [note]}
        text: {type: string}
"""


def config(tmp_path: Path, **webhooks: Any) -> ClientConfig:
    return ClientConfig.for_package("shop_client", tmp_path / "out")._replace(webhooks=WebhookConfig(**webhooks))


def built(tmp_path: Path, spec: str = SHOP, **webhooks: Any) -> Any:
    api, problems = build_with([write_text(tmp_path, "openapi.yaml", spec)], config(tmp_path, **webhooks))
    return api, problems


def test_webhooks_and_callbacks_become_events_named_after_their_schema_or_key(tmp_path: Path) -> None:
    api, _ = built(tmp_path)
    hooks = api.webhooks
    assert [(e.name, e.type.name) for e in hooks.events] == [
        ("order.paid", "OrderPaid"),
        ("note\"'); import os #", "Note"),
        ("orderShipped", "OrderShippedEvent"),
    ]
    assert [e.description for e in hooks.events] == ["Sent when an order is paid.", "", "The order left the warehouse."]
    assert hooks.attribute == "webhooks" and hooks.standard and hooks.secret_env == "SHOP_WEBHOOK_SECRET"


@pytest.mark.parametrize(
    ("webhooks", "route", "name", "tags"),
    [
        pytest.param(
            {}, "discriminator", "kind", ["order.paid", "note", "order.shipped"], id="const-and-one-value-enums"
        ),
        pytest.param({"event_header": "X-Shop-Event"}, "header", "X-Shop-Event", [None] * 3, id="configured-header"),
        pytest.param({"event_field": "kind"}, "field", "kind", [None] * 3, id="configured-field"),
    ],
)
def test_the_route_is_the_configured_one_else_a_discriminating_property(
    tmp_path: Path, webhooks: dict[str, str], route: str, name: str, tags: list[str | None]
) -> None:
    api, _ = built(tmp_path, **webhooks)
    assert (api.webhooks.route, api.webhooks.route_name) == (route, name)
    assert [e.tag for e in api.webhooks.events] == tags


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("enum: [note]", "enum: [order.paid]"), id="a-value-shared"),
        pytest.param(("required: [kind, text]", "required: [text]"), id="not-required-everywhere"),
        pytest.param(("enum: [note]", "enum: [note, memo]"), id="more-than-one-value"),
    ],
)
def test_without_a_discriminating_property_each_model_is_tried(tmp_path: Path, change: tuple[str, str]) -> None:
    api, _ = built(tmp_path, SHOP.replace(*change))
    assert (api.webhooks.route, api.webhooks.route_name) == ("union", "")


def test_what_cannot_be_an_event_is_reported_where_it_is(tmp_path: Path) -> None:
    spec = """
    openapi: 3.1.0
    info: {title: Odd, version: '1'}
    tags: [{name: webhooks}]
    paths:
      /webhooks:
        get:
          tags: [webhooks]
          operationId: list
          responses: {'200': {description: ok}}
    webhooks:
      ping: {post: {responses: {'200': {description: ok}}}}
      upload:
        put: {requestBody: {content: {text/csv: {schema: {type: string}}}}}
      twice:
        post: {requestBody: {content: {application/json: {schema: {type: object}}}}}
        put: {requestBody: {content: {application/json: {schema: {type: integer}}}}}
    """
    api, problems = built(tmp_path, spec)
    lines = [(p.level.value, p.location.pointer, p.message) for p in problems.items if "webhook" in p.kind]
    assert lines == [
        ("info", "/webhooks/ping", "this webhook has no request body: there is no payload to parse"),
        ("warning", "/webhooks/upload/put/requestBody", "a webhook body of 'text/csv' is not parsed: only JSON is"),
        ("warning", "/webhooks/twice/put", "a second operation of webhook 'twice': its payload is typed by the POST's"),
        ("info", "/webhooks/ping/post/responses", "what a webhook receiver answers is its own: not part of the client"),
    ]
    assert all(p.location.line is not None for p in problems.items if "webhook" in p.kind)
    assert [e.name for e in api.webhooks.events] == ["twice"]
    assert api.webhooks.attribute == "webhook_events"  # client.webhooks is the API's own resource
    renamed = [p for p in problems.warnings if "client.webhook_events" in p.message]
    assert renamed and renamed[0].location.pointer == "/webhooks"


def test_a_spec_without_webhooks_has_none_and_its_readme_does_not_mention_them() -> None:
    for client in ("afternoon", "mayar"):
        readme = (ROOT / "generated" / client / "README.md").read_text(encoding="utf-8")
        assert "### Webhooks" not in readme and "unwrap" not in readme
        assert not (ROOT / "generated" / client / "src" / f"{client}_client" / "webhooks.py").exists()


# --- clientgen.toml -----------------------------------------------------------------------------


def toml(tmp_path: Path, webhooks: str) -> Path:
    entry = '[clients.shop]\npackage = "shop_client"\noutput = "out"\nsources = ["openapi.yaml"]\n'
    return write_text(tmp_path, "clientgen.toml", entry + textwrap.dedent(webhooks))


def test_the_configuration_reads_an_hmac_scheme(tmp_path: Path) -> None:
    path = toml(
        tmp_path,
        """
        [clients.shop.webhooks]
        secret_env = "SHOP_HOOKS"
        event_header = "X-Shop-Event"
        [clients.shop.webhooks.signature]
        header = "X-Shop-Signature"
        encoding = "base64"
        algorithm = "sha512"
        prefix = "v1="
        signed = "{timestamp}.{payload}"
        timestamp_header = "X-Shop-Time"
        tolerance = 60
        """,
    )
    hooks = load_config(path)["shop"].webhooks
    assert hooks == WebhookConfig(
        "SHOP_HOOKS",
        "X-Shop-Event",
        "",
        HmacConfig("X-Shop-Signature", "base64", "sha512", "v1=", "{timestamp}.{payload}", "X-Shop-Time", "", 60),
    )


def test_the_configuration_reads_a_header_of_key_value_pairs(tmp_path: Path) -> None:
    path = toml(
        tmp_path,
        """
        [clients.shop.webhooks.signature]
        header = "Stripe-Signature"
        signature_key = "v1"
        timestamp_key = "t"
        signed = "{timestamp}.{payload}"
        """,
    )
    scheme = load_config(path)["shop"].webhooks.signature
    assert scheme == HmacConfig(
        "Stripe-Signature", signed="{timestamp}.{payload}", timestamp_key="t", signature_key="v1"
    )


@pytest.mark.parametrize(
    ("text", "pointer", "message"),
    [
        pytest.param(
            "[clients.shop.webhooks]\nsecret = 'x'\n",
            "/clients/shop/webhooks",
            "unknown keys ['secret']",
            id="unknown-key",
        ),
        pytest.param(
            "[clients.shop.webhooks]\nevent_header = 'a'\nevent_field = 'b'\n",
            "/clients/shop/webhooks",
            "give event_header or event_field, not both",
            id="two-routes",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nencoding = 'hex'\n",
            "/clients/shop/webhooks/signature",
            "signature needs `header`",
            id="no-header",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\nalgorithm = 'md5'\n",
            "/clients/shop/webhooks/signature/algorithm",
            "algorithm must be one of ['sha256', 'sha1', 'sha512'], not 'md5'",
            id="bad-algorithm",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\nsigned = '{timestamp}.{payload}'\n",
            "/clients/shop/webhooks/signature/signed",
            "signed names {timestamp}: give timestamp_header (or timestamp_key)",
            id="timestamp-without-header",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\ntimestamp_key = 't'\n",
            "/clients/shop/webhooks/signature",
            "timestamp_key reads the header as key=value pairs: give signature_key too",
            id="timestamp-key-without-pairs",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\nsignature_key = 'v1'\ntimestamp_key = 't'\n"
            "timestamp_header = 'X-T'\n",
            "/clients/shop/webhooks/signature",
            "give timestamp_header or timestamp_key, not both",
            id="two-timestamps",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\nsigned = '{body}'\n",
            "/clients/shop/webhooks/signature/signed",
            "signed names {payload} once",
            id="unknown-placeholder",
        ),
        pytest.param(
            "[clients.shop.webhooks.signature]\nheader = 'X'\ntolerance = 'soon'\n",
            "/clients/shop/webhooks/signature/tolerance",
            "tolerance must be a whole number of seconds",
            id="bad-tolerance",
        ),
    ],
)
def test_a_malformed_webhooks_table_is_a_located_error(tmp_path: Path, text: str, pointer: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        load_config(toml(tmp_path, text))
    [problem] = caught.value.problems
    assert problem.location.pointer == pointer
    assert message in problem.message


# --- a generated package --------------------------------------------------------------------------

SECRET = "shop-hook-secret"
SCHEME = HmacConfig(header="X-Shop-Signature", prefix="sha256=")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    root = tmp_path_factory.mktemp("shop")
    spec = write_text(root, "openapi.yaml", SHOP)
    settings = config(root)._replace(webhooks=WebhookConfig(signature=SCHEME))
    generate([spec], settings)
    src = str(root / "out" / "src")
    sys.path.insert(0, src)
    try:
        yield root / "out", importlib.import_module("shop_client")
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == "shop_client" or n.startswith("shop_client.")]:
            del sys.modules[name]


def github_style(payload: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"X-Shop-Signature": "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()}


def test_the_generated_client_verifies_its_hmac_scheme_and_returns_the_typed_event(shop: tuple[Path, Any]) -> None:
    _, package = shop
    from shop_client.models.order_paid import OrderPaid
    from shop_client.models.order_shipped_event import OrderShippedEvent

    with package.ShopClient(webhook_secret=SECRET, base_url="http://127.0.0.1:9") as client:
        paid = json.dumps({"kind": "order.paid", "order_id": "o_1", "total": 1200, "extra": [1]}).encode()
        event = client.webhooks.unwrap(paid, github_style(paid))
        assert isinstance(event, OrderPaid) and (event.order_id, event.total) == ("o_1", 1200)
        shipped = b'{"kind": "order.shipped", "order_id": "o_1", "shipped_at": "2024-06-01T12:00:00Z"}'
        event = client.webhooks.unwrap(shipped, github_style(shipped))
        assert isinstance(event, OrderShippedEvent) and event.shipped_at.year == 2024
        with pytest.raises(package.WebhookVerificationError, match="no signature in 'X-Shop-Signature'"):
            client.webhooks.unwrap(paid, github_style(paid, "other"))
        unknown = b'{"kind": "order.refunded"}'
        with pytest.raises(package.WebhookPayloadError, match=r"'kind' names no known event: 'order\.refunded'"):
            client.webhooks.unwrap(unknown, github_style(unknown))
        assert SECRET not in repr(client.webhooks)


def test_the_secret_comes_from_the_environment_and_is_masked_in_errors(
    shop: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, package = shop
    monkeypatch.setenv("SHOP_WEBHOOK_SECRET", SECRET)
    payload = b'{"kind": "note", "text": "' + SECRET.encode() + b'"}'
    with package.ShopClient(base_url="http://127.0.0.1:9") as client:
        assert client.webhooks.unwrap(payload, github_style(payload)).text == SECRET
        bad = b'{"kind": "' + SECRET.encode() + b'"}'  # the message quotes the unknown kind
        with pytest.raises(package.WebhookPayloadError, match="names no known event") as caught:
            client.webhooks.unwrap(bad, github_style(bad))
        assert SECRET not in str(caught.value) and "<redacted>" in str(caught.value)


def test_the_webhook_names_stay_data_and_the_module_documents_the_route(shop: tuple[Path, Any]) -> None:
    out, _ = shop
    from shop_client.webhooks import EVENTS

    assert [e.name for e in EVENTS] == ["order.paid", "note\"'); import os #", "orderShipped"]
    source = (out / "src" / "shop_client" / "webhooks.py").read_text(encoding="utf-8")
    assert "This API's events are told apart by their ``kind`` property." in source
    assert "HmacSignature(" in source and "StandardWebhooks()" not in source


def test_the_readme_documents_the_webhooks(shop: tuple[Path, Any]) -> None:
    out, _ = shop
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "### Webhooks" in readme
    assert "`client.webhooks.unwrap(payload, headers)`" in readme
    assert "| `order.paid` | `OrderPaid` | Sent when an order is paid. |" in readme
    assert "The event is chosen by the payload's `kind` property" in readme
    assert "Signatures are an HMAC, as `clientgen.toml` sets it" in readme
    api_md = (out / "api.md").read_text(encoding="utf-8")
    assert "| `client.webhooks.unwrap(payload, headers, *, secret=None)` |" in api_md


SCRIPT = """
from shop_client import ShopClient, AsyncShopClient, WebhookVerificationError
from shop_client.models.order_paid import OrderPaid
from shop_client.webhooks import WebhookEvent


def handle(body: bytes, headers: dict[str, str]) -> int:
    client = ShopClient(webhook_secret="s")
    try:
        event: WebhookEvent = client.webhooks.unwrap(body, headers)
    except WebhookVerificationError:
        return 400
    if isinstance(event, OrderPaid):
        total: int = event.total
        return total
    client.webhooks.verify_signature(body, headers, secret="other")
    return 200


async def handle_async(body: str) -> WebhookEvent:
    async with AsyncShopClient() as client:
        return client.webhooks.unwrap(body, {"X-Shop-Signature": "sha256=00"})
"""


def test_the_package_and_a_users_script_pass_mypy_strict(shop: tuple[Path, Any]) -> None:
    out, _ = shop
    script = write_text(out, "use_webhooks.py", SCRIPT)
    src = out / "src"
    options = ["--strict", "--python-version", "3.11", "--no-incremental", "--cache-dir", str(out / ".mypy")]
    command = [sys.executable, "-m", "mypy", *options, str(script), str(src / "shop_client")]
    env = {**os.environ, "MYPYPATH": str(src)}
    result = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_discriminating_property_may_come_from_an_all_of_part(tmp_path: Path) -> None:
    spec = """
    openapi: 3.1.0
    info: {title: Parts, version: '1'}
    webhooks:
      a: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}
      b: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}}}
    components:
      schemas:
        Base: {type: object, required: [event], properties: {id: {type: string}}}
        A: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {event: {const: a.done}}}]}
        B: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {event: {enum: [b.done]}}}]}
    """
    api, _ = built(tmp_path, spec)
    assert (api.webhooks.route, api.webhooks.route_name) == ("discriminator", "event")
    assert [e.tag for e in api.webhooks.events] == ["a.done", "b.done"]
