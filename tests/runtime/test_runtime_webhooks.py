"""``_webhooks``: Standard Webhooks signatures against the published test vector, the HMAC schemes a
client may configure, and how a verified payload finds its event."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import httpx
import pytest
from rtpkg._exceptions import APIError, WebhookPayloadError, WebhookVerificationError
from rtpkg._webhooks import (
    EventRoute,
    HmacSignature,
    StandardWebhooks,
    WebhookEventType,
    WebhookReceiver,
    parse_event,
)

# The test vector the Standard Webhooks specification publishes (and its reference libraries test).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
PAYLOAD = '{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def vector_headers(**changes: str) -> dict[str, str]:
    headers = {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP), "webhook-signature": SIGNATURE}
    headers.update({key.replace("_", "-"): value for key, value in changes.items()})
    return headers


def receiver(secret: str | None = SECRET, scheme: Any = None) -> WebhookReceiver:
    hooks = WebhookReceiver(secret)
    if scheme is not None:
        hooks._scheme = scheme
    return hooks


def verify(payload: str | bytes = PAYLOAD, now: float = TIMESTAMP, **changes: str) -> None:
    receiver().verify_signature(payload, vector_headers(**changes), now=now)


@pytest.mark.parametrize(
    "secret",
    [pytest.param(SECRET, id="whsec-prefix"), pytest.param(SECRET.removeprefix("whsec_"), id="bare-base64")],
)
def test_the_published_vector_verifies(secret: str) -> None:
    receiver(secret).verify_signature(PAYLOAD, vector_headers(), now=TIMESTAMP)
    receiver(None).verify_signature(PAYLOAD.encode(), vector_headers(), secret=secret, now=TIMESTAMP)


@pytest.mark.parametrize(
    ("payload", "changes", "message"),
    [
        pytest.param('{"test": 2432232315}', {}, "no signature matches", id="payload-changed"),
        pytest.param(PAYLOAD, {"webhook_id": "msg_other"}, "no signature matches", id="id-changed"),
        pytest.param(
            PAYLOAD, {"webhook_timestamp": str(TIMESTAMP + 1)}, "no signature matches", id="timestamp-changed"
        ),
        pytest.param(PAYLOAD, {"webhook_signature": "v2," + SIGNATURE[3:]}, "no signature matches", id="other-version"),
        pytest.param(PAYLOAD, {"webhook_signature": SIGNATURE[3:]}, "no signature matches", id="no-version"),
        pytest.param(PAYLOAD, {"webhook_signature": ""}, "'webhook-signature' header is missing", id="empty-signature"),
        pytest.param(PAYLOAD, {"webhook_timestamp": "soon"}, "is not Unix seconds", id="timestamp-not-a-number"),
    ],
)
def test_a_changed_delivery_is_refused(payload: str, changes: dict[str, str], message: str) -> None:
    with pytest.raises(WebhookVerificationError, match=message):
        verify(payload, **changes)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_refused(missing: str) -> None:
    headers = {k: v for k, v in vector_headers().items() if k != missing}
    with pytest.raises(WebhookVerificationError, match=f"the '{missing}' header is missing") as caught:
        receiver().verify_signature(PAYLOAD, headers, now=TIMESTAMP)
    assert isinstance(caught.value, APIError)


def test_one_matching_signature_among_several_is_enough_and_header_names_ignore_case() -> None:
    other = "v1," + base64.b64encode(b"x" * 32).decode()
    headers = {"Webhook-Id": MSG_ID, "WEBHOOK-TIMESTAMP": str(TIMESTAMP), "Webhook-Signature": f"{other} {SIGNATURE}"}
    receiver().verify_signature(PAYLOAD, httpx.Headers(headers), now=TIMESTAMP)
    receiver().verify_signature(PAYLOAD, headers, now=TIMESTAMP)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        pytest.param(-300, None, id="five-minutes-old"),
        pytest.param(300, None, id="five-minutes-ahead"),
        pytest.param(301, "too old", id="past-five-minutes"),
        pytest.param(-301, "too far in the future", id="more-than-five-minutes-ahead"),
    ],
)
def test_the_timestamp_may_be_five_minutes_from_now_either_way(offset: int, message: str | None) -> None:
    if message is None:
        verify(now=TIMESTAMP + offset)
        return
    with pytest.raises(WebhookVerificationError, match=message):
        verify(now=TIMESTAMP + offset)


def test_without_a_secret_or_with_a_malformed_one_nothing_verifies() -> None:
    with pytest.raises(WebhookVerificationError, match="no webhook secret"):
        receiver(None).verify_signature(PAYLOAD, vector_headers(), now=TIMESTAMP)
    with pytest.raises(WebhookVerificationError, match="not base64"):
        receiver("whsec_not base64!").verify_signature(PAYLOAD, vector_headers(), now=TIMESTAMP)
    with pytest.raises(WebhookVerificationError, match="empty"):
        receiver("whsec_").verify_signature(PAYLOAD, vector_headers(), now=TIMESTAMP)


def test_the_secret_never_shows_in_the_receivers_repr() -> None:
    assert SECRET not in repr(receiver()) and "MfKQ9r8G" not in repr(receiver())


def test_the_current_time_is_the_default_now() -> None:
    with pytest.raises(WebhookVerificationError, match="too old"):
        receiver().verify_signature(PAYLOAD, vector_headers())  # signed in 2021


# --- HMAC schemes a client configures -----------------------------------------------------------

GITHUB = HmacSignature(header="X-Hub-Signature-256", prefix="sha256=")
# GitHub's documented example: this secret and payload give this X-Hub-Signature-256.
GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_PAYLOAD = "Hello, World!"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_a_hex_signature_with_a_prefix_verifies_githubs_documented_example() -> None:
    hooks = receiver(GITHUB_SECRET, GITHUB)
    hooks.verify_signature(GITHUB_PAYLOAD, {"X-Hub-Signature-256": GITHUB_SIGNATURE})
    hooks.verify_signature(
        GITHUB_PAYLOAD, {"x-hub-signature-256": GITHUB_SIGNATURE.upper().replace("SHA256=", "sha256=")}
    )
    for wrong in (
        GITHUB_SIGNATURE.removeprefix("sha256="),
        "sha1=" + GITHUB_SIGNATURE[7:],
        GITHUB_SIGNATURE[:-1] + "0",
    ):
        with pytest.raises(WebhookVerificationError, match="no signature in 'X-Hub-Signature-256'"):
            hooks.verify_signature(GITHUB_PAYLOAD, {"X-Hub-Signature-256": wrong})
    with pytest.raises(WebhookVerificationError, match="'X-Hub-Signature-256' header is missing"):
        hooks.verify_signature(GITHUB_PAYLOAD, {})


def mac(secret: str, message: bytes, algorithm: str) -> bytes:
    return hmac.new(secret.encode(), message, getattr(hashlib, algorithm)).digest()


@pytest.mark.parametrize("algorithm", ["sha256", "sha1", "sha512"])
@pytest.mark.parametrize("encoding", ["hex", "base64"])
def test_each_algorithm_and_encoding_signs_the_payload(algorithm: Any, encoding: Any) -> None:
    payload = b'{"id": "evt_1", "total": 12.5}'
    digest = mac("shpss_secret", payload, algorithm)
    text = digest.hex() if encoding == "hex" else base64.b64encode(digest).decode()
    hooks = receiver("shpss_secret", HmacSignature("X-Signature", encoding, algorithm))
    hooks.verify_signature(payload, {"X-Signature": text})
    with pytest.raises(WebhookVerificationError):
        hooks.verify_signature(payload + b" ", {"X-Signature": text})
    other = "sha1" if algorithm != "sha1" else "sha256"
    digest = mac("shpss_secret", payload, other)
    with pytest.raises(WebhookVerificationError):
        hooks.verify_signature(
            payload, {"X-Signature": digest.hex() if encoding == "hex" else base64.b64encode(digest).decode()}
        )


def test_a_template_signs_the_timestamp_and_id_and_the_timestamp_is_checked() -> None:
    scheme = HmacSignature(
        "X-Sig", "hex", "sha256", "v0=", "v0:{timestamp}:{id}:{payload}", "X-Ts", "X-Delivery", tolerance=60
    )
    payload = b"token=abc&text=hi"
    signature = "v0=" + mac("s3cr3t", b"v0:1700000000:d-1:" + payload, "sha256").hex()
    headers = {"X-Sig": signature, "X-Ts": "1700000000", "X-Delivery": "d-1"}
    hooks = receiver("s3cr3t", scheme)
    hooks.verify_signature(payload, headers, now=1700000060)
    with pytest.raises(WebhookVerificationError, match="too old"):
        hooks.verify_signature(payload, headers, now=1700000061)
    with pytest.raises(WebhookVerificationError, match="no signature"):
        hooks.verify_signature(payload, {**headers, "X-Delivery": "d-2"}, now=1700000000)
    with pytest.raises(WebhookVerificationError, match="'X-Ts' header is missing"):
        hooks.verify_signature(payload, {"X-Sig": signature, "X-Delivery": "d-1"}, now=1700000000)


STRIPE_STYLE = HmacSignature("Stripe-Signature", signed="{timestamp}.{payload}", timestamp_key="t", signature_key="v1")


def stripe_header(secret: str, payload: bytes, timestamp: int, *extra: str) -> str:
    """The header as Stripe documents it: ``t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">``, and any other pairs."""
    signed = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return ",".join([f"t={timestamp}", *extra, f"v1={signed}"])


def test_a_header_of_key_value_pairs_verifies_as_stripe_signs() -> None:
    payload = b'{"id": "evt_1", "type": "charge.succeeded"}'
    hooks = receiver("whsec_stripe_style", STRIPE_STYLE)
    header = stripe_header("whsec_stripe_style", payload, 1700000000, "v0=deadbeef")
    hooks.verify_signature(payload, {"stripe-signature": header}, now=1700000100)
    rolled = f"{header}, v1={'0' * 64}"  # while a secret is rolled, two v1 signatures: either one does
    hooks.verify_signature(payload, {"Stripe-Signature": rolled}, now=1700000100)
    with pytest.raises(WebhookVerificationError, match="too old"):
        hooks.verify_signature(payload, {"Stripe-Signature": header}, now=1700000301)
    with pytest.raises(WebhookVerificationError, match="no signature"):
        hooks.verify_signature(payload + b" ", {"Stripe-Signature": header}, now=1700000000)
    with pytest.raises(WebhookVerificationError, match="no signature"):  # v0 is not the key the scheme reads
        hooks.verify_signature(
            payload, {"Stripe-Signature": "t=1700000000,v0=" + header.split("v1=")[1]}, now=1700000000
        )
    with pytest.raises(WebhookVerificationError, match="has no 't'"):
        hooks.verify_signature(payload, {"Stripe-Signature": header.split(",", 1)[1]}, now=1700000000)
    signed_later = stripe_header("whsec_stripe_style", payload, 1700000001)  # the timestamp is signed too
    forged = signed_later.replace("t=1700000001", "t=1700000000")
    with pytest.raises(WebhookVerificationError, match="no signature"):
        hooks.verify_signature(payload, {"Stripe-Signature": forged}, now=1700000000)


# --- which event a payload is --------------------------------------------------------------------


def pet(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data["name"], str):
        raise TypeError("not a pet")
    return {"pet": data["name"]}


def order(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data["total"], int):
        raise TypeError("not an order")
    return {"order": data["total"]}


EVENTS = (WebhookEventType("pet.created", pet, "pet"), WebhookEventType("order.paid", order, "order"))


def parse(payload: object, route: EventRoute, headers: dict[str, str] | None = None) -> object:
    return parse_event(json.dumps(payload).encode(), httpx.Headers(headers or {}), EVENTS, route)


@pytest.mark.parametrize(
    ("payload", "route", "headers", "expected"),
    [
        pytest.param({"kind": "order", "total": 3}, EventRoute("discriminator", "kind"), None, {"order": 3}, id="tag"),
        pytest.param(
            {"name": "Rex"}, EventRoute("header", "X-Event"), {"x-event": "pet.created"}, {"pet": "Rex"}, id="header"
        ),
        pytest.param({"event": "order.paid", "total": 5}, EventRoute("field", "event"), None, {"order": 5}, id="field"),
        pytest.param({"total": 7}, EventRoute("union"), None, {"order": 7}, id="first-that-decodes"),
    ],
)
def test_the_event_is_found_by_the_route(payload: object, route: EventRoute, headers: Any, expected: object) -> None:
    assert parse(payload, route, headers) == expected


@pytest.mark.parametrize(
    ("payload", "route", "message"),
    [
        pytest.param(
            {"kind": "refund"},
            EventRoute("discriminator", "kind"),
            "'kind' names no known event: 'refund'",
            id="unknown-tag",
        ),
        pytest.param(
            {"name": "Rex"}, EventRoute("header", "X-Event"), "'X-Event' header names no known event", id="no-header"
        ),
        pytest.param(
            {"event": "pet.created", "name": 3},
            EventRoute("field", "event"),
            "does not match its event: not a pet",
            id="wrong-shape",
        ),
        pytest.param([1], EventRoute("union"), "no variant of the union accepts", id="nothing-decodes"),
    ],
)
def test_a_payload_no_event_accepts_raises_the_payload_error(payload: object, route: EventRoute, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=message) as caught:
        parse(payload, route)
    assert caught.value.body == payload


def test_a_payload_that_is_not_json_raises_the_payload_error_after_verifying() -> None:
    hooks = receiver()
    hooks._events, hooks._route = EVENTS, EventRoute("union")
    body = b"not json"
    sign = hmac.new(base64.b64decode(SECRET[6:]), f"{MSG_ID}.{TIMESTAMP}.".encode() + body, hashlib.sha256)
    headers = vector_headers(webhook_signature="v1," + base64.b64encode(sign.digest()).decode())
    with pytest.raises(WebhookPayloadError, match="not JSON"):
        hooks._unwrap(body, headers, None, TIMESTAMP)
    with pytest.raises(WebhookVerificationError):
        hooks._unwrap(body, vector_headers(), None, TIMESTAMP)  # the signature is checked first


def test_standard_webhooks_is_the_default_scheme() -> None:
    assert WebhookReceiver._scheme == StandardWebhooks()
