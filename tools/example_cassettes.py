"""Write one replay cassette per operation of an OpenAPI document, from the document's own examples.

A spec that ``clientgen synthesize`` builds from documentation pages carries each page's
examples: the request body's, each parameter's, and one or more response examples per status.
This tool turns them into the cassettes ``tests/support/replay.py`` serves (vcrpy's format,
``version: 1``), one file per operation, ``<folder>/<operationId>.yaml`` (where operationIds
repeat, the operation's client path names it: ``v2.customer.get_customer.yaml``):

- the request: the method, the URI on the first server with every path parameter and every
  query parameter that has an example (its example value), the JSON request body's first example;
- one interaction per response example: the success statuses (2xx) first, then the others,
  in status order and, within a status, in the examples' order; each response has the status,
  ``Content-Type: application/json`` and the example as its body.

Every interaction of a cassette has the same request, so a test calls the operation once per
interaction and meets the responses in order.  An operation that cannot get a cassette is
listed with the reason (no response example, a path that is not a relative path, a required
parameter or body with no example) and written nowhere: nothing is dropped silently.

    python tools/example_cassettes.py SPEC FOLDER [--check]

writes the cassettes (and removes the ``.yaml`` files of FOLDER it did not write), or with
``--check`` writes nothing and exits 1 when a file would change.  The output is deterministic:
it depends on the spec only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pathkeys import path_problem  # noqa: E402
from tools.spec_surface import client_path, operation_id, operations, resolve  # noqa: E402

__all__ = ["Cassette", "Skipped", "main", "plan", "render", "write"]

JSON = "application/json"


@dataclass(frozen=True)
class Cassette:
    name: str
    """The operationId (its client path, ``v2.customer.get_customer``, where operationIds repeat)."""
    method: str
    path: str
    interactions: tuple[dict[str, Any], ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"


@dataclass(frozen=True)
class Skipped:
    name: str
    method: str
    path: str
    reason: str
    invalid: bool = False
    """The spec itself is wrong here (a path that is not a relative path), not merely silent."""

    def __str__(self) -> str:
        return f"{self.name} ({self.method.upper()} {self.path}): no cassette: {self.reason}"


class _NoCassette(Exception):
    def __init__(self, reason: str, *, invalid: bool = False) -> None:
        super().__init__(reason)
        self.invalid = invalid


def plan(spec: Mapping[str, Any]) -> tuple[list[Cassette], list[Skipped]]:
    """The cassettes of ``spec``'s operations, and the operations that get none (with why)."""
    made: list[Cassette] = []
    skipped: list[Skipped] = []
    server = _server_url(spec)
    names = _names(spec)
    for method, path, operation, item in operations(spec):
        name = names[(method, path)]
        try:
            request = _request(spec, server, method, path, operation, item)
            responses = _responses(operation)
        except _NoCassette as exc:
            skipped.append(Skipped(name, method, path, str(exc), exc.invalid))
            continue
        made.append(Cassette(name, method, path, tuple({"request": request, "response": r} for r in responses)))
    return made, skipped


def _names(spec: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """Each operation's cassette name: its operationId, or its client path where operationIds repeat."""
    ids = {(m, p): operation_id(m, p, o) for m, p, o, _ in operations(spec)}
    counts = Counter(ids.values())
    names: dict[tuple[str, str], str] = {}
    for method, path, operation, _ in operations(spec):
        name = ids[(method, path)]
        if counts[name] > 1 and path_problem(path) is None:  # a key that is no path has no method to name it
            name = ".".join(client_path(spec, method, path, operation))
        names[(method, path)] = name
    return names


def _server_url(spec: Mapping[str, Any]) -> str:
    servers = spec.get("servers") or [{}]
    url = str(servers[0].get("url") or "http://localhost")
    return url.rstrip("/")


def _request(
    spec: Mapping[str, Any], server: str, method: str, path: str, operation: Mapping[str, Any], item: Mapping[str, Any]
) -> dict[str, Any]:
    problem = path_problem(path)
    if problem is not None:
        raise _NoCassette(f"the path {path!r} is not a relative path: it {problem}", invalid=True)
    parameters = _parameters(spec, item, operation)
    for parameter in parameters:
        if parameter.get("in") == "path":
            value = _example(parameter, "path parameter")
            path = path.replace("{" + str(parameter["name"]) + "}", quote(_text(value), safe=""))
    if "{" in path:
        raise _NoCassette(f"the path {path!r} has a placeholder no path parameter declares", invalid=True)
    query: list[tuple[str, str]] = []
    for parameter in parameters:
        if parameter.get("in") != "query":
            continue
        if not _has_example(parameter):
            if parameter.get("required"):
                raise _NoCassette(f"the required query parameter {parameter['name']!r} has no example")
            continue
        value = _example(parameter, "query parameter")
        values = value if isinstance(value, list) else [value]
        query += [(str(parameter["name"]), _text(v)) for v in values]
    uri = server + path + (f"?{urlencode(query)}" if query else "")
    request: dict[str, Any] = {"body": None, "headers": {"Accept": [JSON]}, "method": method.upper(), "uri": uri}
    body = _request_body(spec, operation)
    if body is not None:
        request["body"] = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        request["headers"]["Content-Type"] = [JSON]
    return request


def _parameters(spec: Mapping[str, Any], item: Mapping[str, Any], operation: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The operation's parameters, with the path item's it does not override, references resolved."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for parameter in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        resolved = resolve(spec, parameter)
        found[(str(resolved.get("in")), str(resolved.get("name")))] = resolved
    return list(found.values())


def _has_example(holder: Mapping[str, Any]) -> bool:
    return "example" in holder or bool(holder.get("examples")) or "example" in (holder.get("schema") or {})


def _example(holder: Mapping[str, Any], what: str) -> Any:
    """The example of a parameter or media type: ``example``, the first of ``examples``, the schema's."""
    if "example" in holder:
        return holder["example"]
    examples = holder.get("examples")
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return first["value"]
    schema = holder.get("schema") or {}
    if "example" in schema:
        return schema["example"]
    name = holder.get("name")
    raise _NoCassette(f"the {what} {name!r} has no example" if name else f"the {what} has no example")


def _text(value: Any) -> str:
    """A value as the client writes it in a URL: booleans lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise _NoCassette(f"the example {value!r} is not a scalar a URL can carry")
    return str(value)


def _request_body(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> Any:
    body = resolve(spec, operation.get("requestBody"))
    media = (body.get("content") or {}).get(JSON)
    if not body or media is None:
        if body.get("content") and body.get("required"):
            raise _NoCassette(f"the request body is not {JSON}")
        return None
    if not _has_example(media):
        if body.get("required"):
            raise _NoCassette("the required request body has no example")
        return None
    return _example(media, "request body")


def _responses(operation: Mapping[str, Any]) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = []
    statuses = [s for s in (operation.get("responses") or {}) if str(s).isdigit()]
    for status in sorted(statuses, key=lambda s: (not str(s).startswith("2"), int(s))):
        media = ((operation["responses"][status] or {}).get("content") or {}).get(JSON) or {}
        for value in _all_examples(media):
            code = int(status)
            answers.append(
                {
                    "body": {"string": json.dumps(value, ensure_ascii=False, separators=(",", ":"))},
                    "headers": {"Content-Type": [JSON]},
                    "status": {"code": code, "message": _reason(code)},
                }
            )
    if not any(200 <= a["status"]["code"] < 300 for a in answers):
        raise _NoCassette("no success response (2xx) has an example")
    return answers


def _all_examples(media: Mapping[str, Any]) -> list[Any]:
    if "example" in media:
        return [media["example"]]
    examples = media.get("examples")
    if isinstance(examples, dict):
        return [e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e]
    return []


def _reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def render(cassette: Cassette) -> str:
    """The cassette as YAML, the way vcrpy writes one (keys sorted, ``version: 1``)."""
    data = {"interactions": list(cassette.interactions), "version": 1}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=1 << 16, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    """Writes every interaction's request in full (no ``&id001`` anchors), as vcrpy does."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write(
    spec: Mapping[str, Any], folder: Path, *, check: bool = False
) -> tuple[list[Cassette], list[str], list[Skipped]]:
    """Write (or, with ``check``, compare) ``folder``'s cassettes: the cassettes, the files that
    changed (or would), and the operations without a cassette."""
    made, skipped = plan(spec)
    wanted = {c.filename: render(c) for c in made}
    changed = [name for name, text in wanted.items() if _read(folder / name) != text]
    stale = sorted(p.name for p in folder.glob("*.yaml") if p.name not in wanted) if folder.is_dir() else []
    if not check:
        folder.mkdir(parents=True, exist_ok=True)
        for name in changed:
            (folder / name).write_text(wanted[name], encoding="utf-8")
        for name in stale:
            (folder / name).unlink()
    return made, sorted(changed + stale), skipped


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    parser.add_argument("folder", type=Path, help="where the cassettes go (its other .yaml files are removed)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a cassette would change")
    args = parser.parse_args(argv)
    try:
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"{args.spec}: cannot read the spec: {exc}", file=sys.stderr)
        return 2
    if not isinstance(spec, dict):
        print(f"{args.spec}: not an OpenAPI document", file=sys.stderr)
        return 2
    made, changed, skipped = write(spec, args.folder, check=args.check)
    for entry in skipped:
        print(f"{args.spec}: {entry}", file=sys.stderr)
    verb = "stale" if args.check else "written"
    print(f"{args.folder}: {len(made)} cassettes, {len(changed)} {verb}, {len(skipped)} operations without one")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
