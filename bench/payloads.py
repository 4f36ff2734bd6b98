"""Deterministic JSON payloads for the decode benchmark, synthesized from a spec's schemas.

A payload is a list response of ``count`` items of one component schema.  Values are
drawn from a seeded :class:`random.Random`, so the same spec, schema, count and seed
give the same bytes.  The rules follow what an API returns by default:

* every required property is present; an optional one is present half of the time,
  except on the listed objects themselves, which carry all their properties (as Stripe's do);
* a nullable property is ``null`` one time in five (always, past ``MAX_DEPTH``);
* an ``anyOf`` of a string and an object (Stripe's expandable fields) is the string id;
  other unions take their first non-null branch;
* ``allOf`` branches are merged; enums take one of their values; formats are honoured
  (``date-time``, ``date``, ``uuid``, ``unix-time``);
* arrays hold 0-2 items; free-form maps (``additionalProperties``) hold two entries.

A *realistic* payload (``realistic=True``) is shaped like what Stripe's API sends instead:
every property of every object is present (``null`` where nullable, one time in five), and an
object with a ``type`` property that names one of its object-valued properties (Stripe's
``payment_method_details``: ``type: "card"`` beside ``card: {...}``) is never ``null`` and
carries ``type`` and that one property: one payment method per charge.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any

MAX_DEPTH = 6

__all__ = ["list_payload", "synthesize"]


def _resolve(document: dict[str, Any], schema: Any) -> dict[str, Any]:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are synthesized: {ref}")
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        seen += 1
        if seen > 50:
            raise ValueError(f"$ref cycle at {ref}")
    return schema if isinstance(schema, dict) else {}


def _nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return bool(schema.get("nullable")) or (isinstance(kind, list) and "null" in kind)


def _kind(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if kinds else None
    if kind is None and "properties" in schema:
        return "object"
    return kind


class _Synth:
    def __init__(self, document: dict[str, Any], seed: int, realistic: bool = False) -> None:
        self.document = document
        self.realistic = realistic
        self.random = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
        self.counter = 0

    def token(self, prefix: str = "", size: int = 14) -> str:
        self.counter += 1
        letters = "".join(self.random.choices(string.ascii_letters + string.digits, k=size))
        return f"{prefix}{letters}"

    def value(self, schema: Any, depth: int) -> Any:
        schema = _resolve(self.document, schema)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            options = [v for v in schema["enum"] if v is not None] or [None]
            return self.random.choice(options)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.union([_resolve(self.document, s) for s in schema[key]], depth)
        if "allOf" in schema:
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in schema["allOf"]:
                part = _resolve(self.document, part)
                if _kind(part) not in (None, "object") or "properties" not in part:
                    return self.value(part, depth)
                merged["properties"].update(part.get("properties", {}))
                merged["required"].extend(part.get("required", []))
            return self.value(merged, depth)
        kind = _kind(schema)
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            if depth >= MAX_DEPTH:
                return []
            return [self.value(schema.get("items", {}), depth + 1) for _ in range(self.random.randint(0, 2))]
        if kind == "integer":
            if schema.get("format") == "unix-time":
                return 1_700_000_000 + self.random.randint(0, 50_000_000)
            low = int(schema.get("minimum", 0))
            return self.random.randint(low, max(low, int(schema.get("maximum", low + 1_000_000))))
        if kind == "number":
            return round(self.random.uniform(0, 1000), 2)
        if kind == "boolean":
            return self.random.random() < 0.5
        if kind == "string":
            return self.string(schema)
        return self.token()  # an untyped schema: any value will do

    def union(self, options: list[dict[str, Any]], depth: int) -> Any:
        kinds = [_kind(o) for o in options]
        non_null = [o for o, k in zip(options, kinds, strict=True) if not (k == "null" or o.get("enum") == [""])]
        if "string" in kinds and any(k == "object" for k in kinds):  # an expandable field: the id
            return self.string(options[kinds.index("string")])
        return self.value(non_null[0] if non_null else options[0], depth)

    def string(self, schema: dict[str, Any]) -> str:
        fmt = schema.get("format")
        if fmt == "date-time":
            return f"2026-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}T10:20:30Z"
        if fmt == "date":
            return f"2026-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}"
        if fmt == "uuid":
            return "%08x-0000-4000-8000-%012x" % (self.random.getrandbits(32), self.random.getrandbits(48))  # noqa: UP031
        size = min(14, int(schema.get("maxLength", 14)))
        return self.token(size=max(1, size))

    def tagged(self, schema: dict[str, Any]) -> list[str]:
        """The object-valued properties a ``type`` property of ``schema`` chooses from (none if it has none)."""
        properties: dict[str, Any] = schema.get("properties", {})
        if _kind(_resolve(self.document, properties.get("type", {}))) != "string":
            return []
        return [name for name, sub in properties.items() if _kind(self.branch(sub)) == "object"]

    def branch(self, schema: Any) -> dict[str, Any]:
        """``schema`` resolved, through a one-branch ``anyOf`` (Stripe's way of making a $ref nullable)."""
        resolved = _resolve(self.document, schema)
        branches = resolved.get("anyOf", [])
        return _resolve(self.document, branches[0]) if len(branches) == 1 else resolved

    def object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        chosen = self.tagged(schema) if self.realistic else []
        if chosen:
            kind = self.random.choice(chosen)
            return {"type": kind, kind: self.object(self.branch(properties[kind]), depth + 1)}
        out: dict[str, Any] = {}
        for name, sub in properties.items():
            if depth > 0 and name not in required and not self.realistic and self.random.random() < 0.5:
                continue
            resolved = _resolve(self.document, sub)
            nullable = _nullable(resolved) or _nullable(sub)
            for branch in resolved.get("anyOf", []):
                nullable = nullable or _kind(_resolve(self.document, branch)) == "null" or bool(branch.get("nullable"))
            if self.realistic and self.tagged(self.branch(sub)):
                nullable = False
            if nullable and (depth >= MAX_DEPTH or self.random.random() < 0.2):
                out[name] = None
                continue
            out[name] = self.value(sub, depth + 1)
        extra = schema.get("additionalProperties")
        if not properties and extra not in (None, False):
            out = {self.token("k_", 6): self.value(extra if isinstance(extra, dict) else {"type": "string"}, depth + 1)}
            out[self.token("k_", 6)] = self.value(extra if isinstance(extra, dict) else {"type": "string"}, depth + 1)
        return out


def synthesize(document: dict[str, Any], schema_name: str, count: int, seed: int, realistic: bool = False) -> list[Any]:
    """``count`` instances of ``#/components/schemas/<schema_name>``."""
    synth = _Synth(document, seed, realistic)
    schema = {"$ref": f"#/components/schemas/{schema_name}"}
    return [synth.value(schema, 0) for _ in range(count)]


def list_payload(
    document: dict[str, Any], schema_name: str, count: int, seed: int, envelope: str, realistic: bool = False
) -> str:
    """A list response as JSON text; ``envelope`` names the shape (``stripe`` or ``afternoon``)."""
    items = synthesize(document, schema_name, count, seed, realistic)
    if envelope == "stripe":
        body: dict[str, Any] = {"object": "list", "data": items, "has_more": False, "url": "/v1/items"}
    elif envelope == "afternoon":
        body = {"success": True, "balances": items, "request_id": "req_benchmark"}
    else:
        raise ValueError(envelope)
    return json.dumps(body, separators=(",", ":"))
