"""Where each operation of an OpenAPI document lands on the generated client, and a README table of it.

The generator puts an operation at ``client[.<group>].<resource>.<method>``: the group is the
operation's ``x-clientgen-group`` (or that of its first tag, in the document's ``tags``), the
resource its first tag (else its first literal path segment), the method its ``operationId``
(else its method and path words), each snake_cased as :func:`generator.names.snake_name` does.
:func:`client_path` computes that chain from the spec alone, for tools and tests that must follow
the spec when operations are added, renamed or regrouped.

    python tools/spec_surface.py SPEC

prints the Markdown table of the client's resources (attribute, tag, number of operations) that
the README shows for a client.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.names import snake_name  # noqa: E402

__all__ = ["METHODS", "client_path", "operation_id", "operations", "resolve", "resource_table"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """``(method, path, operation, path item)`` for every operation, in document order."""
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method, str(path), operation, item


def operation_id(method: str, path: str, operation: Mapping[str, Any]) -> str:
    """The operation's ``operationId``, else its method and path words."""
    found = operation.get("operationId")
    if isinstance(found, str) and found.strip():
        return found
    words = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    return snake_name(method + "_" + "_".join(words), "call")


def resolve(spec: Mapping[str, Any], node: Any) -> dict[str, Any]:
    """``node``, or what its local ``$ref`` chain points at (``{}`` when that is no object)."""
    while isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/"):
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node if isinstance(node, dict) else {}


def client_path(spec: Mapping[str, Any], method: str, path: str, operation: Mapping[str, Any]) -> list[str]:
    """The attribute names from the client to the operation's method: ``[group..., resource, method]``."""
    return [*_group(spec, operation), _resource(path, operation), snake_name(operation_id(method, path, operation))]


def _group(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> list[str]:
    group = operation.get("x-clientgen-group")
    tags = operation.get("tags") or []
    if group is None and tags:
        declared = {t.get("name"): t for t in spec.get("tags") or [] if isinstance(t, dict)}
        group = declared.get(tags[0], {}).get("x-clientgen-group")
    return [snake_name(part, "group") for part in str(group).split(".")] if group else []


def _resource(path: str, operation: Mapping[str, Any]) -> str:
    tags = operation.get("tags") or []
    if tags and isinstance(tags[0], str) and tags[0].strip():
        return snake_name(tags[0], "resource")
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{") and not re.fullmatch(r"v\d+(\.\d+)?|api", segment):
            return snake_name(segment, "resource")
    return "default"


def resource_table(spec: Mapping[str, Any]) -> str:
    """A Markdown table: each resource of the client (``client.x`` or ``client.group.x``), its tag, its operations."""
    rows: dict[str, tuple[str, int]] = {}
    for method, path, operation, _ in operations(spec):
        attribute = "client." + ".".join(client_path(spec, method, path, operation)[:-1])
        tags = operation.get("tags") or []
        tag, count = rows.get(attribute, (str(tags[0]) if tags else "", 0))
        rows[attribute] = (tag, count + 1)
    lines = ["| Resource | Documentation group | Operations |", "| --- | --- | ---: |"]
    lines += [f"| `{attribute}` | {tag} | {count} |" for attribute, (tag, count) in sorted(rows.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", type=Path)
    args = parser.parse_args(argv)
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    sys.stdout.write(resource_table(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
