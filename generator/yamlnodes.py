"""PyYAML's side of loading: the spec loader :mod:`generator.fastyaml` is held to, and YAML nodes
with their marks for the line numbers the text scans of :mod:`generator.lines` and
:mod:`generator.jsonlines` cannot be sure of.

Imported only when one of those is needed: most specs are read by yaml-rs or the json module and
their lines found by scanning the text, and importing PyYAML costs about 10 ms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from .jsontext import blank_comments
from .problems import pointer_index

__all__ = ["SpecLoader", "compose", "composed_line"]


_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _spec_loader() -> Any:
    """PyYAML's C safe loader when present (much faster), with JSON's scalars.

    OpenAPI documents are JSON data: ``2024-01-15`` is a string, not a date, and
    ``NO`` or ``off`` (an enum of country codes, a feature flag) are strings, not
    YAML 1.1 booleans.
    """
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("SpecLoader", (base,), {})
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in dropped]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", _YAML12_BOOL, list("tTfF"))
    loader.construct_mapping = _construct_mapping
    return loader


def _construct_mapping(self: Any, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
    """PyYAML's ``construct_mapping`` in one loop (no faster one exists), that also sets the loader's
    ``repeated`` when the mapping comes out smaller than written: a key was repeated."""
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping node, but found {type(node).__name__}", node.start_mark
        )
    self.flatten_mapping(node)  # YAML merge keys (``<<: *base``)
    construct = self.construct_object
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = construct(key_node, deep=deep)
        value = construct(value_node, deep=deep)
        try:
            mapping[key] = value
        except TypeError:  # an unhashable key
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            ) from None
    if len(mapping) != len(node.value):
        self.repeated = True
    return mapping


SpecLoader = _spec_loader()
"""PyYAML's loader for specs (see :func:`generator.load.parse_yaml`)."""


class _NodeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """For line numbers: nodes keep their marks with the C loader too, at a fraction of the time.

    Only the keys' text and the marks are read, never a tag: every node gets the same one
    instead of matching each scalar against the implicit resolvers (half the time on a 4 MB spec).
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        return "tag:clientgen,node"


_NODE_LOADER: Any = _NodeLoader


def compose(text: str) -> yaml.Node | None:
    """The text as YAML nodes with their marks (JSON is YAML, once its tabs and comments are blanks), or None."""
    candidates: tuple[Callable[[str], str], ...] = (str, _tabs_blank, lambda t: _tabs_blank(blank_comments(t)))
    for candidate in candidates:  # each made only when the one before fails
        try:
            return yaml.compose(candidate(text), Loader=_NODE_LOADER)
        except yaml.YAMLError:
            continue
    return None


def _tabs_blank(text: str) -> str:
    return text.replace("\t", " ")


def composed_line(node: yaml.Node, tokens: list[str]) -> int:
    """The line of the last key (or sequence item) found along ``tokens`` in composed YAML nodes."""
    line = node.start_mark.line + 1
    for token in tokens:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == token:
                    found = key, value
                    break
            if found is None:
                return line
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and (index := pointer_index(token, len(node.value))) is not None:
            node = node.value[index]
            line = node.start_mark.line + 1
        else:
            return line
    return line
