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

**Numbers.** Python reads and writes integers of at most 4300 digits
(``sys.get_int_max_str_digits()``): ``json.loads`` and PyYAML fail on a longer
literal, and ``repr()`` on a longer value (a YAML ``0x...`` literal is read whatever
its length).  Such an integer is refused with its pointer, whether it is a
default, an enum value or a bound: no client can say it.  Floats need no check:
``1e999`` and ``NaN`` are read as ``inf`` and ``nan``, which never become literals.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import Location, PointerLink, SpecError, join_pointer, pointer_of

if TYPE_CHECKING:
    import yaml

__all__ = [
    "MAX_DEPTH",
    "check_depth",
    "check_integers",
    "check_text",
    "holds_long_digits",
    "integer_digits",
    "too_deep_in_text",
    "too_long_integer",
]

MAX_DEPTH = 100
"""Containers (mappings and lists) inside one another, the document itself not counted."""

_MESSAGE = f"nested more than {MAX_DEPTH} levels deep: refusing"


def _deepest(data: Any) -> str | None:
    """The pointer of the first container nested deeper than MAX_DEPTH, or None."""
    if not _too_deep(data):
        return None
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


def _too_deep(data: Any) -> bool:
    """Some container of ``data`` is nested deeper than MAX_DEPTH: a walk level by level that keeps
    no way back (a fifth of :func:`_deepest`'s time on Stripe's spec), run first since specs pass."""
    level = [data] if isinstance(data, dict | list) else []
    for _ in range(MAX_DEPTH + 1):
        level = [
            value
            for node in level
            for value in (node.values() if isinstance(node, dict) else node)
            if isinstance(value, (dict, list))
        ]
        if not level:
            return False
    return True


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
    import yaml  # (PyYAML costs 10 ms to import: only the texts that need it pay)

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


_PYTHON_INT_DIGITS = 4300
"""Python's default ``sys.get_int_max_str_digits()``: what the Python importing a client reads."""


def integer_digits() -> int:
    """The most digits an integer of a spec may have: what this Python and a default one both read."""
    limit = sys.get_int_max_str_digits()
    return min(limit, _PYTHON_INT_DIGITS) if limit else _PYTHON_INT_DIGITS


def _integer_message(digits: int | None) -> str:
    """What is wrong with an integer of ``digits`` digits (None: more than the limit, not counted)."""
    limit = integer_digits()
    size = f"{digits} digits" if digits is not None else f"more than {limit} digits"
    return f"an integer of {size}: Python reads and writes at most {limit}, refusing (write it as a string?)"


def too_long_integer(path: Path, text: str) -> SpecError:
    """The located error for a text its parser could not read for an integer literal's length."""
    limit = integer_digits()
    for pointer, node in _plain_scalars(text):
        digits = node.value.lstrip("+-").replace("_", "")
        if digits.isdigit() and len(digits) > limit:
            return SpecError.at(Location(path, pointer, node.start_mark.line + 1), _integer_message(len(digits)))
    found = long_integer_line(text)  # a text YAML cannot compose (JSON with comments): the line alone
    line, digits = found if found is not None else (1, limit + 1)
    return SpecError.at(Location(path, "", line), _integer_message(digits))


def long_integer_line(text: str) -> tuple[int, int] | None:
    """(line, digits) of the first run of digits in ``text`` longer than :func:`integer_digits`."""
    found = re.search(f"[0-9]{{{integer_digits() + 1},}}", text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, len(found.group())


def check_integers(path: Path, text: str, data: Any) -> None:
    """Raise a located SpecError when an integer of ``data`` has too many digits to write.

    Only a text with a long enough run of digits can hold one (hexadecimal
    needs 3,571 digits for 4,300 decimal ones), so most specs are never walked.
    """
    if not holds_long_digits(text):
        return
    bound = 10 ** integer_digits()
    stack: list[tuple[Any, PointerLink]] = [(data, (None, ""))]
    seen: set[int] = set()
    while stack:
        node, link = stack.pop()
        if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= bound:
            pointer = pointer_of(link)
            line = next((n.start_mark.line + 1 for p, n in _plain_scalars(text) if p == pointer), 1)
            raise SpecError.at(Location(path, pointer, line), _integer_message(None))
        if isinstance(node, dict | list) and id(node) not in seen:
            seen.add(id(node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(((value, (link, key)) for key, value in items))


def holds_long_digits(text: str) -> bool:
    """A run of digits long enough to be an integer too long to read (hexadecimal needs 3,571 digits
    for 4,300 decimal ones).  Kept for the text's next question: the fast YAML reader asks it too."""
    return _long_run(text, integer_digits() * 4 // 5)


@functools.lru_cache(maxsize=8)
def _long_run(text: str, length: int) -> bool:
    return re.search(f"[0-9A-Fa-f_:]{{{length},}}", text) is not None


def _plain_scalars(text: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every unquoted scalar of ``text`` read as YAML (JSON too), with its pointer; none if it cannot be read."""
    import yaml  # (PyYAML costs 10 ms to import: only the texts that need it pay)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = None
    for candidate in (text, text.replace("\t", " ")):  # JSON may be indented with tabs, which YAML refuses
        try:
            root = yaml.compose(candidate, Loader=loader)
            break
        except (yaml.YAMLError, RecursionError):
            continue
    stack: list[tuple[yaml.Node | None, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and not node.style:  # the C loader's plain style is "", not None
            yield pointer, node
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                token = key.value if isinstance(key, yaml.ScalarNode) else ""
                stack.append((value, join_pointer(pointer, token)))
                stack.append((key, join_pointer(pointer, token)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, join_pointer(pointer, index)) for index, item in reversed(list(enumerate(node.value))))
