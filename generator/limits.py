"""What a loaded spec may hold, checked once so no later stage fails on it.

**Depth.**
The deepest real specs nest about 25 levels (Stripe's); every stage handles
:data:`MAX_DEPTH`, so a document nested deeper is refused with the line and JSON
pointer where it passes the limit.  A YAML alias inside its own anchor makes a
structure that nests forever: it is refused the same way.  When a parser itself
gives up (a recursion error on a document nested thousands deep), the text is
scanned without recursion to find the place.

**Text.** A JSON (or YAML) escape can make a lone UTF-16 surrogate (``"\\ud800"``),
which is not text: no file can hold it.  It is refused with its pointer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from .problems import Location, PointerLink, SpecError, join_pointer, pointer_of

__all__ = ["MAX_DEPTH", "check_depth", "check_text", "too_deep_in_text"]

MAX_DEPTH = 100
"""Containers (mappings and lists) inside one another, the document itself not counted."""

_MESSAGE = f"nested more than {MAX_DEPTH} levels deep: refusing"


def _deepest(data: Any) -> str | None:
    """The pointer of the first container nested deeper than MAX_DEPTH, or None."""
    # Each entry keeps its parent's entry and its key: only the pointer returned is joined.
    stack: list[tuple[Any, PointerLink, int]] = [(data, (None, ""), 0)]
    while stack:
        node, link, depth = stack.pop()
        if isinstance(node, dict):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        if depth > MAX_DEPTH:
            return pointer_of(link)
        for key, value in reversed(list(items)):
            if isinstance(value, dict | list):
                stack.append((value, (link, key), depth + 1))
    return None


def check_depth(path: Path, text: str, data: Any) -> None:
    """Raise a located SpecError when ``data`` nests deeper than MAX_DEPTH."""
    pointer = _deepest(data)
    if pointer is not None:
        line = _line_in_text(path, text, pointer)
        raise SpecError.at(Location(path, pointer, line), _MESSAGE)


def too_deep_in_text(path: Path, text: str) -> SpecError:
    """The located error for a document its parser could not read for depth."""
    found = _scan_json(text) if _looks_like_json(path, text) else _scan_yaml(text)
    pointer, line = found if found is not None else ("", 1)
    return SpecError.at(Location(path, pointer, line), _MESSAGE)


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "["))


def _line_in_text(path: Path, text: str, pointer: str) -> int:
    """The line of ``pointer``, found by the same scans (composing a node tree would recurse)."""
    found = _scan_json(text, pointer) if _looks_like_json(path, text) else _scan_yaml(text, pointer)
    return found[1] if found is not None else 1


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,\n]')


def _scan_json(text: str, target: str | None = None) -> tuple[str, int] | None:
    """Walk JSON tokens with an explicit stack: the first place deeper than MAX_DEPTH (or at ``target``)."""
    # Each open container: [is_mapping, current key or index, expecting a key].
    stack: list[list[Any]] = []
    line = 1
    last_string: str | None = None
    for match in _JSON_TOKEN.finditer(text):
        tok = match.group()
        if tok == "\n":
            line += 1
            continue
        if tok.startswith('"'):
            line += tok.count("\n")
            last_string = tok
            continue
        if tok == ":" and stack and stack[-1][0]:
            stack[-1][1] = _json_key(last_string)
        elif tok == ",":
            if stack and not stack[-1][0]:
                stack[-1][1] += 1
        elif tok in "[{":
            stack.append([tok == "{", 0 if tok == "[" else "", False])
            pointer = join_pointer("", *(str(entry[1]) for entry in stack[:-1]))
            if (target is None and len(stack) > MAX_DEPTH + 1) or pointer == target:
                return pointer, line
        elif tok in "]}" and stack:
            stack.pop()
        last_string = None if tok != ":" else last_string
    return None


def _json_key(tok: str | None) -> str:
    if tok is None:
        return ""
    try:
        value = json.loads(tok)
    except ValueError:
        return tok.strip('"')
    return value if isinstance(value, str) else str(value)


def _scan_yaml(text: str, target: str | None = None) -> tuple[str, int] | None:
    """Walk YAML events (the parser keeps its own stack): the first place deeper than MAX_DEPTH."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Each open container: [is_mapping, current key or index, expecting a key].
    stack: list[list[Any]] = []
    starts = yaml.MappingStartEvent | yaml.SequenceStartEvent
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, starts | yaml.ScalarEvent | yaml.AliasEvent):
                parent = stack[-1] if stack else None
                if parent is not None and parent[0] and parent[2]:
                    parent[1], parent[2] = (event.value if isinstance(event, yaml.ScalarEvent) else ""), False
                    if not isinstance(event, starts):
                        continue
                elif parent is not None and not parent[0]:
                    parent[1] += 1
                if isinstance(event, starts):
                    pointer = join_pointer("", *(str(entry[1]) for entry in stack))
                    stack.append([isinstance(event, yaml.MappingStartEvent), -1, True])
                    if (target is None and len(stack) > MAX_DEPTH + 1) or pointer == target:
                        return pointer, (event.start_mark.line + 1) if event.start_mark is not None else 1
                elif parent is not None and parent[0]:
                    parent[2] = True
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
                if stack and stack[-1][0]:
                    stack[-1][2] = True
    except yaml.YAMLError:
        return None
    return None


_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(path: Path, text: str, data: Any) -> None:
    """Raise a located SpecError when a string or key of ``data`` holds a lone surrogate."""
    if not _SURROGATE_ESCAPE.search(text):
        return
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        items: list[tuple[Any, Any]] = (
            list(node.items()) if isinstance(node, dict) else list(enumerate(node)) if isinstance(node, list) else []
        )
        if isinstance(node, str) and _SURROGATE.search(node):
            found = _SURROGATE.search(node)
            assert found is not None
            code = f"\\u{ord(found.group()):04x}"
            line = _line_in_text(path, text, pointer.rsplit("/", 1)[0]) if pointer else 1
            raise SpecError.at(Location(path, pointer, line), f"the text holds a lone surrogate {code}: not UTF-8 text")
        for key, value in reversed(items):
            child = join_pointer(pointer, str(key))
            if isinstance(key, str) and _SURROGATE.search(key):
                stack.append((key, child))
            else:
                stack.append((value, child))
