"""The requests the API sends: ``webhooks`` (OpenAPI 3.1) and the ``callbacks`` of operations, as events.

Each webhook (and each callback) whose operation has a JSON request body is an event: its body's
type, named after the component it references, else after the webhook (``pet.new`` gives
``PetNewEvent``).  What the client's ``webhooks.unwrap`` needs is decided here too:

- how a payload's event is found (:attr:`~generator.ir.Webhooks.route`): the webhook's name in
  the header or field ``[clients.NAME.webhooks]`` names; else a *discriminating property*, a
  property every event's schema requires and fixes to a value of its own (``const``, or an
  ``enum`` of one value: OpenAI's ``type: batch.completed``); else each event's model in turn;
- the signature scheme: Standard Webhooks unless the configuration gives an HMAC scheme.

A webhook or callback that cannot be an event (no request body, a body that is not JSON, a second
operation under the same name) is reported, located, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import records
from .. import types as T
from ..config import ClientConfig
from ..graph import Schema
from ..imports import import_block
from ..ir import ModelType, Namespace, Resource, WebhookEvent, Webhooks
from ..normalize import HTTP_METHODS
from ..problems import Location, Problems
from ..webhook_config import HmacConfig
from .media import body_kind, pick_content, report_unused
from .operations import Operations

__all__ = ["webhooks"]

_Source = tuple[str, dict[str, Any], Location]
"""A webhook's name, its operation (dereferenced) and where that is."""

_ATTRIBUTES = ("webhooks", "webhook_events")
"""The client attribute, in order of preference: the second when a resource is named ``webhooks``."""


def webhooks(
    data: dict[str, Any],
    root: Location,
    operations: Operations,
    config: ClientConfig,
    taken: tuple[Resource | Namespace, ...],
    problems: Problems,
) -> Webhooks | None:
    """The events of the document, with how ``unwrap`` tells them apart; None when it has none."""
    found = [f for source in _sources(data, root, operations, problems) if (f := _event(source, operations))]
    if not found:
        return None
    route, route_name = _route(config, found)
    events = [records.evolve(e, tag=fixed[route_name]) if route == "discriminator" else e for e, fixed in found]
    attribute = next(a for a in _ATTRIBUTES if a not in {t.name for t in taken})
    if attribute != _ATTRIBUTES[0]:
        problems.warn(root.child("webhooks"), f"a resource is named 'webhooks': the events are client.{attribute}")
    return Webhooks(
        attribute=attribute,
        events=tuple(events),
        route=route,
        route_name=route_name,
        scheme_repr=_scheme_repr(config.webhooks.signature),
        secret_env=config.webhooks.secret_env or f"{config.env_prefix}_WEBHOOK_SECRET",
        imports=_imports(events, config.webhooks.signature),
    )


def _sources(data: dict[str, Any], root: Location, operations: Operations, problems: Problems) -> Iterator[_Source]:
    """Every webhook's operation, then every callback's, in the document's order."""
    hooks = data.get("webhooks")
    for name, item in hooks.items() if isinstance(hooks, dict) else ():
        if not str(name).startswith("x-"):
            yield from _operations(str(name), item, root.child("webhooks", str(name)), operations, problems)
    paths = data.get("paths")
    for path, raw_item in paths.items() if isinstance(paths, dict) else ():
        item, item_where = operations.deref(raw_item, root.child("paths", str(path)))
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            callbacks = operation.get("callbacks") if isinstance(operation, dict) else None
            for name, raw in callbacks.items() if isinstance(callbacks, dict) else ():
                callback, where = operations.deref(raw, item_where.child(method, "callbacks", str(name)))
                for expression, path_item in callback.items() if isinstance(callback, dict) else ():
                    if not str(expression).startswith("x-"):
                        yield from _operations(str(name), path_item, where.child(str(expression)), operations, problems)


def _operations(name: str, raw: Any, where: Location, operations: Operations, problems: Problems) -> Iterator[_Source]:
    """The operation of the webhook ``name`` (its path item ``raw``): its POST, else the first with a request body."""
    item, where = operations.deref(raw, where)
    found = [(m, item[m]) for m in HTTP_METHODS if isinstance(item, dict) and isinstance(item.get(m), dict)]
    with_body = sorted(((m, op) for m, op in found if op.get("requestBody") is not None), key=lambda f: f[0] != "post")
    if not with_body:
        problems.info(where, "this webhook has no request body: there is no payload to parse", "webhook")
        return
    for method, _ in with_body[1:]:
        reason = f"a second operation of webhook {name!r}: its payload is typed by the {with_body[0][0].upper()}'s"
        problems.warn(where.child(method), reason, "webhook")
    method, operation = with_body[0]
    yield name, operation, where.child(method)


_Found = tuple[WebhookEvent, dict[str, str | int | bool]]
"""An event, and the properties its schema requires with one value (see :func:`_fixed_values`)."""


def _event(source: _Source, operations: Operations) -> _Found | None:
    name, operation, where = source
    body, body_where = operations.deref(operation["requestBody"], where.child("requestBody"))
    schemas, problems = operations.schemas, operations.problems
    picked = pick_content(body.get("content")) if isinstance(body, dict) else None
    if picked is None:
        problems.warn(body_where, "this webhook's requestBody has no content: no event type", "webhook")
        return None
    content_type, media = picked
    if body_kind(content_type) != "json":
        problems.warn(body_where, f"a webhook body of {content_type!r} is not parsed: only JSON is", "webhook")
        return None
    report_unused(body["content"], content_type, body_where.child("content"), problems, "webhook body")
    node = schemas.graph.at(body_where.child("content", content_type, "schema"), media.get("schema", {}))
    event_type = schemas.type_of(node, f"{name} event")
    texts = (operation.get("summary"), operation.get("description"), body.get("description"))
    text = next((t for t in texts if isinstance(t, str) and t), "")
    event = WebhookEvent(name=name, type=event_type, description=" ".join(text.split()), location=where)
    return event, _fixed_values(node.target)


_ALL_OF_DEPTH = 8
"""How deep ``allOf`` parts are searched for the properties of an event's schema."""


def _properties(node: Schema, depth: int = 0) -> tuple[dict[str, Schema], frozenset[str]]:
    """The properties of ``node`` and of its ``allOf`` parts (``$ref`` followed), and those required."""
    properties, required = dict(node.properties), node.required
    for part in (node.parts("allOf") or []) if depth < _ALL_OF_DEPTH else []:
        more, needed = _properties(part.target, depth + 1)
        properties = {**more, **properties}
        required |= needed
    return properties, required


def _fixed_values(node: Schema) -> dict[str, str | int | bool]:
    """The required properties of ``node`` that allow one scalar value (``const`` or a one-value ``enum``)."""
    fixed: dict[str, str | int | bool] = {}
    properties, required = _properties(node)
    for name, prop in properties.items():
        target = prop.target
        enum = target.get("enum")
        values = [target.get("const")] if "const" in target.keywords else enum
        one = values[0] if isinstance(values, list) and len(values) == 1 else None
        if name in required and isinstance(one, str | int | bool):
            fixed[name] = one
    return fixed


def _discriminator(found: list[_Found]) -> str:
    """The first property every event's model requires with a fixed value of its own; empty when none."""
    if not all(isinstance(event.type, ModelType) for event, _ in found):
        return ""
    first = found[0][1]
    for name in first:
        values = [fixed.get(name) for _, fixed in found]
        if all(name in fixed for _, fixed in found) and len({repr(v) for v in values}) == len(values):
            return name
    return ""


def _route(config: ClientConfig, found: list[_Found]) -> tuple[Any, str]:
    hooks = config.webhooks
    if hooks.event_header:
        return "header", hooks.event_header
    if hooks.event_field:
        return "field", hooks.event_field
    name = _discriminator(found)
    return ("discriminator", name) if name else ("union", "")


def _scheme_repr(hmac: HmacConfig | None) -> str:
    if hmac is None:
        return "StandardWebhooks()"
    args = ", ".join(f"{key}={getattr(hmac, key)!r}" for key in _HMAC_ARGS)
    return f"HmacSignature({args})"


_HMAC_ARGS = (
    "header",
    "encoding",
    "algorithm",
    "prefix",
    "signed",
    "timestamp_header",
    "id_header",
    "tolerance",
    "timestamp_key",
    "signature_key",
)


def _imports(events: list[WebhookEvent], hmac: HmacConfig | None) -> tuple[str, ...]:
    """The import block of the ``webhooks`` module: the runtime's receiver and the scheme it checks
    signatures with, each event model and the decoders named."""
    needs: frozenset[T.Need] = frozenset()
    for event in events:
        needs |= T.decoder(event.type).needs | T.annotation(event.type).needs
    scheme = "StandardWebhooks" if hmac is None else "HmacSignature"
    receiver = ["EventRoute", scheme, "WebhookEventType", "WebhookHeaders", "WebhookReceiver"]
    statements: list[tuple[str, list[str]]] = [
        ("__future__", ["annotations"]),
        ("typing", ["TypeAlias", "cast"]),
        ("._webhooks", receiver),
    ]
    for need in needs:
        if need.kind == "stdlib":
            statements.append((need.name, []))
        elif need.kind == "typing":
            statements.append(("typing", [need.name]))
        elif need.kind == "runtime":
            statements.append(("._models", [need.name]))
        else:
            statements.append((f".models.{need.module}", [need.name]))
    return tuple(import_block(statements).split("\n"))
