"""``[clients.NAME.webhooks]`` of ``clientgen.toml``: how the client checks and routes webhook deliveries.

Example entry (every key optional)::

    [clients.shop.webhooks]
    secret_env = "SHOP_WEBHOOK_SECRET"   # default: <env_prefix>_WEBHOOK_SECRET
    event_header = "X-Shop-Event"        # the header naming the webhook (its key in the spec)
    # event_field = "event"              # or: the payload field naming it

    [clients.shop.webhooks.signature]    # absent: Standard Webhooks (webhook-id, -timestamp, -signature)
    header = "X-Shop-Signature"          # required
    encoding = "hex"                     # "hex" (default) or "base64"
    algorithm = "sha256"                 # "sha256" (default), "sha1" or "sha512"
    prefix = "sha256="                   # before the digest in the header; default none
    signed = "{timestamp}.{payload}"     # default "{payload}"; may name {id}, {timestamp}, {payload}
    timestamp_header = "X-Shop-Timestamp"  # required when `signed` names {timestamp} (or timestamp_key)
    id_header = "X-Shop-Delivery"        # required when `signed` names {id}
    tolerance = 300                      # seconds the timestamp may be from now (default 300)

A header of ``key=value`` pairs, as Stripe's ``Stripe-Signature: t=1700000000,v1=<hex>``::

    [clients.stripe.webhooks.signature]
    header = "Stripe-Signature"
    signature_key = "v1"                 # every value of this key is a signature
    timestamp_key = "t"                  # the pair holding the timestamp, instead of timestamp_header
    signed = "{timestamp}.{payload}"
"""

from __future__ import annotations

import string
from typing import Any, Literal, NamedTuple

from .problems import Location, SpecError

__all__ = ["HmacConfig", "WebhookConfig", "webhook_config"]


class HmacConfig(NamedTuple):
    """``[clients.NAME.webhooks.signature]``: an HMAC in one header (see the module's docstring)."""

    header: str
    encoding: Literal["hex", "base64"] = "hex"
    algorithm: Literal["sha256", "sha1", "sha512"] = "sha256"
    prefix: str = ""
    signed: str = "{payload}"
    timestamp_header: str = ""
    id_header: str = ""
    tolerance: int = 300
    timestamp_key: str = ""
    signature_key: str = ""


class WebhookConfig(NamedTuple):
    secret_env: str = ""
    """Empty: ``<env_prefix>_WEBHOOK_SECRET``."""
    event_header: str = ""
    event_field: str = ""
    signature: HmacConfig | None = None
    """None: Standard Webhooks."""


_CHOICES: dict[str, tuple[str, ...]] = {"encoding": ("hex", "base64"), "algorithm": ("sha256", "sha1", "sha512")}
_PLACEHOLDERS = frozenset({"id", "timestamp", "payload"})


def webhook_config(table: object, where: Location) -> WebhookConfig:
    """Read ``[clients.NAME.webhooks]``; a located :class:`SpecError` when it is malformed."""
    if table is None:
        return WebhookConfig()
    here = where.child("webhooks")
    if not isinstance(table, dict):
        raise SpecError.at(here, "webhooks must be a table")
    _known(table, {"secret_env", "event_header", "event_field", "signature"}, here)
    texts = {key: _text(table, key, here) for key in ("secret_env", "event_header", "event_field")}
    if texts["event_header"] and texts["event_field"]:
        raise SpecError.at(here, "give event_header or event_field, not both")
    signature = table.get("signature")
    return WebhookConfig(**texts, signature=None if signature is None else _hmac(signature, here.child("signature")))


def _hmac(table: object, where: Location) -> HmacConfig:
    if not isinstance(table, dict):
        raise SpecError.at(where, "signature must be a table")
    fields = set(HmacConfig._fields)
    _known(table, fields, where)
    values: dict[str, Any] = {key: _text(table, key, where) for key in fields - {"tolerance"} if key in table}
    if not values.get("header"):
        raise SpecError.at(where, "signature needs `header`: the header holding the signature")
    for key, allowed in _CHOICES.items():
        if key in values and values[key] not in allowed:
            raise SpecError.at(where.child(key), f"{key} must be one of {list(allowed)}, not {values[key]!r}")
    tolerance = table.get("tolerance", 300)
    if not isinstance(tolerance, int) or isinstance(tolerance, bool) or tolerance < 0:
        raise SpecError.at(where.child("tolerance"), "tolerance must be a whole number of seconds")
    config = HmacConfig(**values, tolerance=tolerance)
    _check_pairs(config, where)
    _check_signed(config, where.child("signed"))
    return config


def _check_signed(config: HmacConfig, where: Location) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(config.signed) if name is not None}
    except ValueError as exc:
        raise SpecError.at(where, f"signed is not a template: {exc}") from None
    if names - _PLACEHOLDERS or config.signed.count("{payload}") != 1:
        raise SpecError.at(where, "signed names {payload} once, and may name {id} and {timestamp}; nothing else")
    if "timestamp" in names and not (config.timestamp_header or config.timestamp_key):
        raise SpecError.at(where, "signed names {timestamp}: give timestamp_header (or timestamp_key)")
    if "id" in names and not config.id_header:
        raise SpecError.at(where, "signed names {id}: give id_header")


def _check_pairs(config: HmacConfig, where: Location) -> None:
    if config.timestamp_key and not config.signature_key:
        raise SpecError.at(where, "timestamp_key reads the header as key=value pairs: give signature_key too")
    if config.timestamp_key and config.timestamp_header:
        raise SpecError.at(where, "give timestamp_header or timestamp_key, not both")


def _known(table: dict[str, Any], known: set[str], where: Location) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise SpecError.at(where, f"unknown keys {unknown} (known: {sorted(known)})")


def _text(table: dict[str, Any], key: str, where: Location) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise SpecError.at(where.child(key), f"{key} must be a string")
    return value
