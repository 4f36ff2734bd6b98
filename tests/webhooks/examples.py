"""The webhook payloads a spec gives as examples, else built from the body's schema.

For each webhook (and each callback) with a JSON request body: the media type's ``example`` and
``examples``, else the example the vendor attaches to the schema (OpenAI's ``x-oaiMeta.example``);
and always one value built from the schema (every property, the first of each ``enum``, ``oneOf``
and ``anyOf``).  Spec files are read where they are, ``$ref``\\s to other files followed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

__all__ = ["webhook_examples"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_FORMATS = {"date-time": "2024-06-01T12:00:00Z", "date": "2024-06-01", "uuid": "9b2e61c4-0e55-4c0e-9f5f-1a0f8f0b6c11"}
_SCALARS: dict[str, Any] = {"string": "text", "integer": 7, "number": 1.5, "boolean": True, "null": None}


class _Doc:
    def __init__(self) -> None:
        self.files: dict[Path, Any] = {}

    def load(self, path: Path) -> Any:
        if path not in self.files:
            text = path.read_text(encoding="utf-8")
            self.files[path] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        return self.files[path]

    def deref(self, node: Any, file: Path) -> tuple[Any, Path]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target, _, pointer = node["$ref"].partition("#")
            file = (file.parent / target).resolve() if target else file
            node = self.load(file)
            for token in [t for t in pointer.split("/") if t]:
                node = node[token.replace("~1", "/").replace("~0", "~")]
        return node, file


def webhook_examples(spec: Path) -> Iterator[tuple[str, Any]]:
    """``(webhook or callback name, example payload)`` for every JSON-bodied webhook of ``spec``."""
    doc = _Doc()
    root = doc.load(spec)
    for name, item in (root.get("webhooks") or {}).items():
        yield from _examples(doc, str(name), item, spec)
    for item in (root.get("paths") or {}).values():
        item, file = doc.deref(item, spec)
        for method in _METHODS:
            for name, callback in ((item.get(method) or {}).get("callbacks") or {}).items():
                callback, here = doc.deref(callback, file)
                for path_item in callback.values():
                    yield from _examples(doc, str(name), path_item, here)


def _examples(doc: _Doc, name: str, item: Any, file: Path) -> Iterator[tuple[str, Any]]:
    item, file = doc.deref(item, file)
    operation = next((item[m] for m in _METHODS if isinstance(item.get(m), dict) and "requestBody" in item[m]), None)
    if operation is None:
        return
    body, file = doc.deref(operation["requestBody"], file)
    media = next((m for t, m in body["content"].items() if "json" in t), None)
    if media is None:
        return
    given = [media["example"]] if "example" in media else []
    given += [doc.deref(e, file)[0]["value"] for e in (media.get("examples") or {}).values()]
    schema, schema_file = doc.deref(media.get("schema", {}), file)
    vendor = (schema.get("x-oaiMeta") or {}).get("example") if isinstance(schema, dict) else None
    if not given and isinstance(vendor, str):
        try:
            given = [json.loads(vendor)]
        except ValueError:  # some are abridged ("...")
            given = []
    for example in [*given, _built(doc, schema, schema_file, 0)]:
        yield name, example


def _built(doc: _Doc, schema: Any, file: Path, depth: int) -> Any:
    """One value ``schema`` allows (every property given, the first choice taken)."""
    schema, file = doc.deref(schema, file)
    if not isinstance(schema, dict) or depth > 12:
        return None
    for keyword in ("const", "example"):
        if keyword in schema:
            return schema[keyword]
    if schema.get("enum"):
        return schema["enum"][0]
    for keyword in ("oneOf", "anyOf"):
        if schema.get(keyword):
            return _built(doc, schema[keyword][0], file, depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = _built(doc, part, file, depth + 1)
            merged.update(value if isinstance(value, dict) else {})
        return merged
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if kind == "array":
        return [_built(doc, schema.get("items", {}), file, depth + 1)]
    if kind == "object" or "properties" in schema:
        return {str(k): _built(doc, v, file, depth + 1) for k, v in (schema.get("properties") or {}).items()}
    if kind == "string" and schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    return _SCALARS.get(str(kind), "text")
