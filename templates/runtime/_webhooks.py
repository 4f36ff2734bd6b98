"""Receiving webhooks: check a delivery's signature, then parse its JSON into the event's model.

Signatures, by scheme:

* :class:`StandardWebhooks` (the default; https://www.standardwebhooks.com): the headers
  ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``, which holds
  one or more space-separated ``v1,<base64 HMAC-SHA256>`` of ``{id}.{timestamp}.{payload}``.
  The secret is base64, with or without its ``whsec_`` prefix.
* :class:`HmacSignature`, for APIs that sign otherwise: one header holding the HMAC (SHA-256,
  SHA-1 or SHA-512), hex or base64, after an optional prefix (``sha256=``), of the payload
  alone or of a template of ``{id}``, ``{timestamp}`` and ``{payload}``.  The secret is used
  as its UTF-8 bytes.  The header holds space-separated signatures, or, with ``signature_key``,
  comma-separated ``key=value`` pairs: every value of that key is a signature, and the value of
  ``timestamp_key`` the timestamp (Stripe's ``t=1700000000,v1=<hex>``).

A delivery is refused, with :class:`WebhookVerificationError`, when a header is missing, no
signature matches, or the timestamp is further than the tolerance (five minutes by default)
from now, either way.  Signatures are compared in constant time (``hmac.compare_digest``).

Which event a payload is, in this order: the event's value of a discriminating property
(a property every event requires, each with its one ``const`` or single-value ``enum``);
else the webhook's name, read from a header or a payload field when the client is so
configured; else the first event, in the spec's order, whose model decodes the payload.
A payload that is not JSON, that names an unknown event, or that does not fit its model raises
:class:`WebhookPayloadError`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Literal, NamedTuple, Protocol, TypeAlias

import httpx

from ._exceptions import WebhookPayloadError, WebhookVerificationError
from ._models import parse_union

__all__ = [
    "DEFAULT_TOLERANCE",
    "EventRoute",
    "HmacSignature",
    "StandardWebhooks",
    "WebhookEventType",
    "WebhookHeaders",
    "WebhookReceiver",
    "parse_event",
]

DEFAULT_TOLERANCE: Final = 300
"""Seconds a delivery's timestamp may be from now, before or after, for it to be accepted."""

WebhookHeaders: TypeAlias = Mapping[str, str] | httpx.Headers
"""The delivery's headers, as the web framework gives them; names are matched case-insensitively."""

_HASHES: Final[Mapping[str, Callable[[], Any]]] = {
    "sha256": hashlib.sha256,
    "sha1": hashlib.sha1,
    "sha512": hashlib.sha512,
}
_SECRET_PREFIX: Final = "whsec_"  # noqa: S105  # the prefix Standard Webhooks secrets carry, not a secret


def _header(headers: httpx.Headers, name: str) -> str:
    value = headers.get(name)
    if not value:
        raise WebhookVerificationError(f"the {name!r} header is missing")
    return str(value)


def _check_timestamp(text: str, tolerance: int, now: float | None) -> None:
    try:
        sent = int(text.strip())
    except ValueError:
        raise WebhookVerificationError(f"the timestamp {text[:40]!r} is not Unix seconds") from None
    current = time.time() if now is None else now
    if sent < current - tolerance:
        raise WebhookVerificationError("the timestamp is too old: the delivery may be a replay")
    if sent > current + tolerance:
        raise WebhookVerificationError("the timestamp is too far in the future")


def _matches(expected: bytes, candidates: Sequence[str]) -> bool:
    found = False
    for candidate in candidates:  # every candidate compared, whichever matches
        found |= hmac.compare_digest(expected, candidate.encode("utf-8", "replace"))
    return found


class SignatureScheme(Protocol):
    def verify(
        self, payload: bytes, headers: httpx.Headers, secret: str, now: float | None
    ) -> None:
        """Return if the delivery is authentic; else raise :class:`WebhookVerificationError`."""


class StandardWebhooks(NamedTuple):
    """The Standard Webhooks scheme: ``v1,`` + base64 HMAC-SHA256 of ``{id}.{timestamp}.{payload}``."""

    tolerance: int = DEFAULT_TOLERANCE

    def verify(
        self, payload: bytes, headers: httpx.Headers, secret: str, now: float | None
    ) -> None:
        message_id = _header(headers, "webhook-id")
        timestamp = _header(headers, "webhook-timestamp")
        signatures = _header(headers, "webhook-signature").split()
        _check_timestamp(timestamp, self.tolerance, now)
        key = _standard_key(secret)
        digest = hmac.new(
            key, f"{message_id}.{timestamp}.".encode() + payload, hashlib.sha256
        ).digest()
        expected = b"v1," + base64.b64encode(digest)
        if not _matches(expected, signatures):
            raise WebhookVerificationError("no signature matches the payload")


def _standard_key(secret: str) -> bytes:
    """The key a Standard Webhooks secret stands for: base64, after the optional ``whsec_`` prefix."""
    encoded = secret.removeprefix(_SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError(
            "the webhook secret is not base64 (after its 'whsec_' prefix)"
        ) from None
    if not key:
        raise WebhookVerificationError("the webhook secret is empty")
    return key


class HmacSignature(NamedTuple):
    """An HMAC in one header, of the payload or of a template of ``{id}``, ``{timestamp}`` and ``{payload}``."""

    header: str
    encoding: Literal["hex", "base64"] = "hex"
    algorithm: Literal["sha256", "sha1", "sha512"] = "sha256"
    prefix: str = ""
    """What comes before the digest in the header (``sha256=``)."""
    signed: str = "{payload}"
    timestamp_header: str = ""
    """The header holding the Unix timestamp ``{timestamp}`` stands for, checked against ``tolerance``."""
    id_header: str = ""
    """The header holding the delivery id ``{id}`` stands for."""
    tolerance: int = DEFAULT_TOLERANCE
    timestamp_key: str = ""
    """With ``signature_key``: the key of the signature header's pair holding the timestamp (``t``)."""
    signature_key: str = ""
    """The key of the signature header's pairs holding a signature (``v1``); empty: the header holds
    space-separated signatures, not pairs."""

    def verify(
        self, payload: bytes, headers: httpx.Headers, secret: str, now: float | None
    ) -> None:
        signatures, timestamp = self._given(headers)
        values = {
            "id": _header(headers, self.id_header) if self.id_header else "",
            "timestamp": timestamp,
        }
        if self.timestamp_header or self.timestamp_key:
            _check_timestamp(timestamp, self.tolerance, now)
        before, _, after = self.signed.partition("{payload}")
        message = before.format_map(values).encode() + payload + after.format_map(values).encode()
        digest = hmac.new(secret.encode(), message, _HASHES[self.algorithm]).digest()
        text = digest.hex() if self.encoding == "hex" else base64.b64encode(digest).decode("ascii")
        given = [s.removeprefix(self.prefix) for s in signatures if s.startswith(self.prefix)]
        if self.encoding == "hex":
            given = [s.lower() for s in given]
        if not _matches(text.encode("ascii"), given):
            raise WebhookVerificationError(f"no signature in {self.header!r} matches the payload")

    def _given(self, headers: httpx.Headers) -> tuple[list[str], str]:
        """The signatures the delivery carries, and its timestamp (``""`` when the scheme has none)."""
        text = _header(headers, self.header)
        if not self.signature_key:
            return text.split(), _header(
                headers, self.timestamp_header
            ) if self.timestamp_header else ""
        pairs = [item.strip().partition("=") for item in text.split(",")]
        signatures = [value.strip() for key, _, value in pairs if key.strip() == self.signature_key]
        if not self.timestamp_key:
            return signatures, ""
        stamps = [value.strip() for key, _, value in pairs if key.strip() == self.timestamp_key]
        if not stamps:
            raise WebhookVerificationError(
                f"the {self.header!r} header has no {self.timestamp_key!r}"
            )
        return signatures, stamps[0]


class WebhookEventType(NamedTuple):
    """One webhook of the API: its name in the spec, how its payload decodes, and its tag."""

    name: str
    decode: Callable[[Any], object]
    tag: object = None
    """The value of the discriminating property for this event (see :class:`EventRoute`)."""


class EventRoute(NamedTuple):
    """How a payload's event is found: ``discriminator`` (the property ``name``, against each
    event's tag), ``header`` or ``field`` (named ``name``, holding the webhook's name), or ``union``."""

    by: Literal["discriminator", "header", "field", "union"]
    name: str = ""


def _json(payload: bytes) -> object:
    try:
        return json.loads(payload.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise WebhookPayloadError(f"the payload is not JSON: {exc}", body=None) from None


def _by_name(
    events: Sequence[WebhookEventType], name: object, where: str, data: object
) -> WebhookEventType:
    for event in events:
        if event.name == name:
            return event
    raise WebhookPayloadError(f"{where} names no known event: {str(name)[:80]!r}", body=data)


def parse_event(
    payload: bytes, headers: httpx.Headers, events: Sequence[WebhookEventType], route: EventRoute
) -> object:
    """The payload decoded as its event's model (see the module's docstring for how the event is found)."""
    data = _json(payload)
    if route.by == "header":
        event = _by_name(events, headers.get(route.name), f"the {route.name!r} header", data)
        return _decode(event.decode, data)
    if route.by == "field":
        found = data.get(route.name) if isinstance(data, dict) else None
        return _decode(_by_name(events, found, f"the field {route.name!r}", data).decode, data)
    if route.by == "discriminator":
        tag = data.get(route.name) if isinstance(data, dict) else None
        for event in events:
            if event.tag == tag:
                return _decode(event.decode, data)
        raise WebhookPayloadError(
            f"the field {route.name!r} names no known event: {str(tag)[:80]!r}", body=data
        )
    return _decode(lambda value: parse_union(value, [e.decode for e in events]), data)


def _decode(decode: Callable[[Any], object], data: object) -> object:
    try:
        return decode(data)
    except (LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise WebhookPayloadError(
            f"the payload does not match its event: {exc}"[:400], body=data
        ) from None


class WebhookReceiver:
    """Base of the client's ``webhooks``: the generated subclass names the events and the scheme."""

    _scheme: SignatureScheme = StandardWebhooks()
    _events: Sequence[WebhookEventType] = ()
    _route: EventRoute = EventRoute("union")

    def __init__(self, secret: str | None) -> None:
        self._secret = secret

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"  # never the secret

    def verify_signature(
        self,
        payload: str | bytes,
        headers: WebhookHeaders,
        *,
        secret: str | None = None,
        now: float | None = None,
    ) -> None:
        """Check that ``payload`` (the request body, exactly as received) was signed with the secret.

        Args:
            payload: The raw body; a ``str`` is taken as its UTF-8 bytes.
            headers: The request's headers.
            secret: The webhook secret; by default the client's (its argument or environment variable).
            now: The Unix time to check the timestamp against; by default the current time.

        Raises:
            WebhookVerificationError: no secret, a header missing, a stale timestamp or no matching signature.
        """
        key = secret if secret is not None else self._secret
        if not key:
            raise WebhookVerificationError(
                "no webhook secret: pass secret=, or give the client one"
            )
        body = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        self._scheme.verify(body, httpx.Headers(headers), key, now)

    def _unwrap(
        self, payload: str | bytes, headers: WebhookHeaders, secret: str | None, now: float | None
    ) -> object:
        self.verify_signature(payload, headers, secret=secret, now=now)
        body = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        return parse_event(body, httpx.Headers(headers), self._events, self._route)
