"""Where each operation of an OpenAPI document lands on the generated client, and a README table of it.

The generator puts an operation at ``client[.<namespace>...].<resource>.<method>``. :func:`client_path`
asks the generator itself (it builds the document's IR, as ``generate`` does), so tools and tests
follow the spec when operations are added, renamed or moved into a namespace, with no second copy
of the naming rules.

    python tools/spec_surface.py SPEC

prints the Markdown table of the client's resources (attribute, tag, number of operations) that
the README shows for a client.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.config import ClientConfig  # noqa: E402
from generator.front import prepare_text  # noqa: E402
from generator.names import snake_name  # noqa: E402
from generator.pathkeys import path_problem  # noqa: E402

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
    """The attribute names from the client to the operation's method: ``[namespace..., resource, method]``."""
    del operation  # the method and path name it; the generator decides the rest
    return list(_surface(json.dumps(spec, sort_keys=True))[(method.upper(), path)])


@functools.lru_cache(maxsize=8)
def _surface(document: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """(METHOD, path) -> the client's attribute chain to its method, from the generator's IR."""
    data = json.loads(document)
    paths = data.get("paths") if isinstance(data, dict) else None
    if isinstance(paths, dict):  # a key that is no path is no method; callers say why (its own problem)
        data["paths"] = {key: item for key, item in paths.items() if path_problem(str(key)) is None}
    spec = prepare_text(Path("spec.json"), json.dumps(data)).checked()
    problems = spec.problems()
    api = build(spec, ClientConfig.for_package("surface_client", Path("surface")), problems)
    problems.raise_if_errors()
    return {
        (op.method.upper(), op.path): (*resource.namespace, resource.name, op.name)
        for resource in api.resources
        for op in resource.operations
    }


def resource_table(spec: Mapping[str, Any]) -> str:
    """A Markdown table: each resource of the client (``client.x`` or ``client.group.x``), its tag, its operations."""
    rows: dict[str, tuple[str, int]] = {}
    for method, path, operation, _ in operations(spec):
        if path_problem(path) is not None:
            continue  # no method: generate refuses the key
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
