"""Which referenced schemas are the same in both documents, everything they reach included.

A ``$ref`` target (``#/components/schemas/Customer``) is *unchanged* when its data is equal in
the two documents and every ``$ref`` inside it points at an unchanged target.  Comparing such a
pair of schemas can find nothing, wherever it is reached from, so the contract walk skips it:
a spec diffed against itself, or against a light edit, walks only the schemas on the way to
what changed.  Computed once per diff, without recursion: each target's references are
collected with a work list, and targets are struck off until none refers to a struck one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load import resolve_pointer

__all__ = ["unchanged_targets"]


def _refs(node: Any) -> Iterator[str]:
    """Every local ``$ref`` string inside ``node``, at any depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                yield ref[1:]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _resolve(data: Any, pointer: str) -> tuple[bool, Any]:
    try:
        return True, resolve_pointer(data, pointer)
    except LookupError:
        return False, None


def unchanged_targets(base: Any, revision: Any) -> frozenset[str]:
    """The pointers of the ``$ref`` targets that are unchanged (see the module's docs)."""
    targets = set(_refs(base)) | set(_refs(revision))
    inside: dict[str, set[str]] = {}
    for pointer in targets:
        found_old, old = _resolve(base, pointer)
        found_new, new = _resolve(revision, pointer)
        if found_old and found_new and old == new:
            inside[pointer] = set(_refs(old))
    referrers: dict[str, list[str]] = {}
    for pointer, refs in inside.items():
        for ref in refs:
            referrers.setdefault(ref, []).append(pointer)
    struck = [p for p, refs in inside.items() if any(ref not in inside for ref in refs)]
    while struck:
        pointer = struck.pop()
        if inside.pop(pointer, None) is None:
            continue
        struck.extend(r for r in referrers.get(pointer, ()) if r in inside)
    return frozenset(inside)
