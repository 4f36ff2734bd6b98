"""How a generated client names and documents things: the naming columns of docs/corpus.md.

:func:`naming_stats` reads them from the IR of one spec: how many model and enum classes
end in a number (``ServiceTier1``), the longest class and module names, and how many
parameters and fields have a placeholder doc, that is a doc reading ``(query parameter)``
(or the like), or an empty one although the schema graph holds a description for it
(on the schema, its ``$ref`` target, or an ``allOf``/``anyOf``/``oneOf`` part).

    python tools/naming.py SPEC [--refs-root FOLDER]

prints the figures of one spec as JSON (``tools/corpus.py`` runs it for each entry spec).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.config import ClientConfig  # noqa: E402
from generator.emit import arg_doc, field_doc  # noqa: E402
from generator.front import prepare  # noqa: E402
from generator.graph import Schema, SchemaGraph  # noqa: E402
from generator.ir import Api, Enum, Model  # noqa: E402
from generator.load import Spec, resolve_pointer  # noqa: E402
from generator.problems import Location, Problems  # noqa: E402

__all__ = ["NamingStats", "described_in_graph", "naming_stats", "placeholder"]

NUMBERED = re.compile(r"\d$")
"""A class name ending in a number."""

PLACEHOLDER = re.compile(r"\((?:request body field|[a-z]+ parameter)\)")
"""A doc that says only where the argument goes."""

_DEPTH = 8
"""How deep :func:`described_in_graph` looks through ``$ref``\\s and ``allOf``/``anyOf``/``oneOf`` parts."""


@dataclass(frozen=True)
class NamingStats:
    classes: int
    """Model and enum classes."""
    numbered: int
    """Classes whose name ends in a number."""
    longest_class: str
    longest_module: str
    """The longest module name (its last dotted part: the file's name without ``.py``)."""
    docs: int
    """Parameters, body fields and model fields documented."""
    placeholder_docs: int
    """Of ``docs``: a placeholder, or empty although the schema graph holds a description."""
    placeholder_arguments: int
    """Of ``placeholder_docs``: the method arguments (the rest are model fields)."""
    undescribed: int
    """Of ``docs``: empty, with no description anywhere in the schema graph."""

    @property
    def numbered_share(self) -> str:
        return f"{100 * self.numbered / self.classes:.1f}%" if self.classes else "-"


def placeholder(doc: str) -> bool:
    """Whether an argument's or field's doc only says where it goes (``(query parameter)``)."""
    return PLACEHOLDER.fullmatch(doc.strip()) is not None


def described_in_graph(node: Schema) -> bool:
    """Whether the schema, the end of its ``$ref`` chain or one of its ``allOf``/``anyOf``/``oneOf``
    parts (at any depth up to :data:`_DEPTH`) has a description."""
    seen: set[Schema] = set()
    todo = [(node, 0)]
    while todo:
        schema, depth = todo.pop()
        if schema in seen or depth > _DEPTH:
            continue
        seen.add(schema)
        if schema.text("description").strip():
            return True
        todo.append((schema.target, depth + 1))
        for keyword in ("allOf", "anyOf", "oneOf"):
            todo.extend((part, depth + 1) for part in schema.parts(keyword) or ())
    return False


def _docs(api: Api, spec: Spec, graph: SchemaGraph) -> Iterator[tuple[str, str, bool]]:
    """(kind, doc, whether the spec describes it somewhere) for every argument and model field."""
    for resource in api.resources:
        for op in resource.operations:
            for p in (*op.path_params, *op.params):
                raw = _raw(spec, p.location_info)
                own = isinstance(raw, dict) and isinstance(raw.get("description"), str) and raw["description"].strip()
                schema = _node(spec, graph, p.location_info.child("schema"))
                yield "argument", arg_doc(p), bool(own) or described_in_graph(schema)
            for p in op.body.flattened if op.body else ():
                yield "argument", arg_doc(p), described_in_graph(_node(spec, graph, p.location_info))
    for model in api.models:
        for f in model.fields:
            yield "field", field_doc(f), described_in_graph(_node(spec, graph, f.location))


def _raw(spec: Spec, location: Location) -> Any:
    document = spec.documents.get(location.file)
    try:
        return resolve_pointer(document.data, location.pointer) if document is not None else None
    except LookupError:
        return None


def _node(spec: Spec, graph: SchemaGraph, location: Location) -> Schema:
    raw = _raw(spec, location)
    return graph.at(location, raw if raw is not None else {})


def naming_stats(api: Api, spec: Spec) -> NamingStats:
    """The naming and documentation figures of the client ``api``, built from ``spec``."""
    classes: list[Model | Enum] = [*api.models, *api.enums]
    graph = SchemaGraph(spec, Problems())
    docs = undescribed = 0
    placeholders = {"argument": 0, "field": 0}
    for kind, doc, described in _docs(api, spec, graph):
        docs += 1
        empty = not doc.strip()
        if placeholder(doc) or (empty and described):
            placeholders[kind] += 1
        elif empty:
            undescribed += 1
    return NamingStats(
        classes=len(classes),
        numbered=sum(1 for c in classes if NUMBERED.search(c.name)),
        longest_class=max((c.name for c in classes), key=len, default=""),
        longest_module=max((c.module.rsplit(".", 1)[-1] for c in classes), key=len, default=""),
        docs=docs,
        placeholder_docs=sum(placeholders.values()),
        placeholder_arguments=placeholders["argument"],
        undescribed=undescribed,
    )


def spec_stats(path: Path, refs_root: Path | None = None) -> NamingStats:
    """:func:`naming_stats` of the client of the spec at ``path`` (its IR only: nothing is written)."""
    prepared = prepare([path], refs_root=refs_root)
    spec = prepared.checked()
    problems = spec.problems()
    with tempfile.TemporaryDirectory(prefix="clientgen-naming-") as tmp:
        api = build(spec, ClientConfig.for_package("naming_client", Path(tmp)), problems)
    problems.raise_if_errors()
    return naming_stats(api, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--refs-root", type=Path, default=None)
    args = parser.parse_args(argv)
    stats = spec_stats(args.spec, args.refs_root)
    print(json.dumps({**asdict(stats), "numbered_share": stats.numbered_share}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
