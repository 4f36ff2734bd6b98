"""Repeated keys in a spec file: a located error that names both lines.

YAML and JSON parsers keep the last of two equal keys in one mapping and say nothing, so an
operation or a property written twice silently loses its first version.  Noticing costs
almost nothing while parsing: a mapping that comes out with fewer entries than it was written
with had a repeat (:class:`Repeats`, one length comparison per mapping).  Only then is the
text composed again into nodes that keep their marks, to name each repeated key, its JSON
pointer and both lines (:func:`repeated_keys`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Level, Location, Problem, join_pointer

if TYPE_CHECKING:
    import yaml

__all__ = ["Repeats", "repeated_keys"]

_MERGE = "<<"


class Repeats:
    """Set when a mapping parsed so far came out smaller than it was written (a key repeated)."""

    def __init__(self) -> None:
        self.seen = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """An ``object_pairs_hook`` for :func:`json.loads`: the object, noting a repeated key."""
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            self.seen = True
        return mapping


def repeated_keys(path: Path, root: yaml.Node | None) -> list[Problem]:
    """An error for each key written twice in one mapping of the file ``path`` composed as ``root``,
    at its second line.

    A YAML merge (``<<: *base``) overridden by a key of the mapping itself is no repeat.  A file
    that could not be composed (``root`` None) gives one error at line 1.
    """
    import yaml  # (PyYAML costs 10 ms to import: only the texts that need it pay)

    if root is None:
        return [Problem(Level.ERROR, Location(path, "", 1), "a mapping repeats a key (only the last one would count)")]
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:  # an alias: its node was walked where the anchor is
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else None
                line = key.start_mark.line + 1
                if name is not None and name != _MERGE and name in first:
                    message = f"key {name!r} is repeated: first at line {first[name]}, again at line {line}"
                    where = Location(path, join_pointer(pointer, name), line)
                    problems.append(Problem(Level.ERROR, where, message + " (only the last one would count)"))
                elif name is not None:
                    first[name] = line
                stack.append((value, join_pointer(pointer, name) if name is not None else pointer))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, join_pointer(pointer, index)) for index, item in enumerate(node.value))
    return sorted(problems, key=lambda p: p.location.line or 0)
