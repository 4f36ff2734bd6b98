"""The line of a JSON pointer in block-style YAML, found by reading the text, not by parsing it.

Warnings name the line of what they are about.  Composing a 4 MB spec into YAML nodes (which
carry their marks) costs about half a second even with libyaml; most specs are block-style
YAML, where the line of ``/paths/~1pets/get`` is found by looking for ``paths:`` at the
document's indentation, then for ``/pets:`` at the indentation below it inside that entry,
then for ``get:``.  Each step is a regular-expression search over the text.

:func:`scan_line` answers only when the text is plainly block style along the whole pointer;
anything else (flow collections, aliases, tags, complex keys, a key written in a form it does
not read, tabs) gives None, and the caller composes the document instead.  Its answers are the
composed nodes' answers: the line of the last key (or sequence item) on the way, also when the
pointer goes on into a scalar or past the end of a sequence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

__all__ = ["scan_line"]

_CONTENT = re.compile(r"\n( *)([^ \n#])")
"""The next line with something besides a comment on it: its indentation and first character."""
_NOTHING_AFTER = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|$)")
_VALUE = re.compile(r" *([^\n]?)")
_PLAIN = re.compile(r"(?:[A-Za-z0-9_$/.~(]|[-+](?=[^ ]))[^:#\n\r\t]*")
_INLINE_KEY = re.compile(r"""(?:'[^'\n]*'|"[^"\\\n]*"|[A-Za-z0-9_$/.~(][^:#\n\r\t]*?)[ \t]*:(?=[ \t\r\n]|$)""")


@attrs.frozen
class _Node:
    """A block collection: its keys (or dashes) at ``indent``, from ``start`` to where ``end`` matches."""

    sequence: bool
    indent: int
    start: int
    end: re.Pattern[str] | None
    """The first line that is no longer inside it (None: the document's end)."""
    inline: int | None = None
    """A sequence item's mapping: where its first key is, on the dash's line."""

    def holds(self, text: str, at: int) -> bool:
        """Position ``at`` is inside (nothing ends the collection before it): the innermost
        collection ends first, so only its end needs looking for, and only up to ``at``."""
        return self.end is None or self.end.search(text, self.start, at) is None


@functools.lru_cache(maxsize=256)
def _entry_end(indent: int) -> re.Pattern[str]:
    """The line after an entry at ``indent``: less indented, or as indented and not a dash
    (a sequence written at its key's indentation belongs to the key)."""
    less = rf" {{0,{indent - 1}}}[^ \n#]|" if indent else ""
    return re.compile(rf"\n(?:{less} {{{indent}}}(?!-[ \t\n])[^ \n#])")


@functools.lru_cache(maxsize=256)
def _item_end(indent: int) -> re.Pattern[str]:
    """The line after a sequence item whose dash is at ``indent``."""
    return re.compile(rf"\n {{0,{indent}}}[^ \n#]")


@functools.lru_cache(maxsize=256)
def _dash(indent: int) -> re.Pattern[str]:
    return re.compile(rf"\n {{{indent}}}-(?=[ \t\n]|$)")


def _key_forms(token: str) -> Iterable[str]:
    """The ways a mapping key with this text is written (plain only when nothing else reads so)."""
    if _PLAIN.fullmatch(token) and token == token.rstrip():
        yield re.escape(token)
    yield re.escape("'" + token.replace("'", "''") + "'")
    if token.isprintable() and "\\" not in token and '"' not in token:
        yield re.escape('"' + token + '"')


@functools.lru_cache(maxsize=4096)
def _key(token: str, indent: int | None) -> re.Pattern[str]:
    """``token:`` as a key at ``indent`` (None: where the match starts, not at a line's start)."""
    forms = "|".join(_key_forms(token))
    start = "" if indent is None else rf"\n {{{indent}}}"
    return re.compile(rf"{start}(?:{forms})[ \t]*:(?=[ \t\n]|$)")


def _line(text: str, at: int) -> int:
    """The line of position ``at`` of the text with its leading newline."""
    return text.count("\n", 0, at)


def _below(text: str, after: int, indent: int) -> _Node | None:
    """The block collection that is the value of a key at ``indent`` whose line ends at ``after``."""
    end = _entry_end(indent)
    newline = text.find("\n", after)
    first = _CONTENT.search(text, newline) if newline >= 0 else None
    if first is None or (end.match(text, first.start()) and first.group(2) != "-"):
        return None
    below = len(first.group(1))
    if first.group(2) == "-" and _dash(below).match(text, first.start()) and below >= indent:
        return _Node(True, below, first.start(), end)
    if below > indent:
        return _Node(False, below, first.start(), end)
    return None


def scan_line(text: str, tokens: list[str]) -> int | None:
    """The 1-based line composing would give for the pointer ``tokens``, or None when unsure."""
    if "\t" in text or "\r" in text:
        return None
    # Every pattern starts at the newline before a line (a literal prefix: regular expressions
    # find it fast), so the text gets one before its first line.
    text = "\n" + text
    first = _CONTENT.search(text)
    if first is None or first.group(2) in "{[%!&*?" or text.startswith("---", first.start() + 1):
        return None
    root = len(first.group(1))
    is_sequence = first.group(2) == "-" and _dash(root).match(text, first.start()) is not None
    node = _Node(is_sequence, root, first.start(), None)
    at = first.start() + 1  # where the line of the last key (or item) found starts
    for number, token in enumerate(tokens):
        last = number + 1 == len(tokens)
        if node.sequence:
            if not token.isdigit() or len(token) > len(str(len(text))):  # no text holds that many items
                break
            dashes = _dash(node.indent).finditer(text, node.start)
            dash = next((m for i, m in enumerate(dashes) if i == int(token)), None)
            if dash is None or not node.holds(text, dash.start()):
                break  # past the last item
            if _NOTHING_AFTER.match(text, dash.end()):
                return None  # "-" alone: the item starts on a later line
            at = dash.start() + 1
            if last:
                break
            after = dash.end()
            while text[after] == " ":
                after += 1
            if _INLINE_KEY.match(text, after):
                column = after - at
                node = _Node(False, column, after, _item_end(node.indent), inline=after)
                continue
            if text[after] in "{[&*!?-":
                return None
            break
        match = _key(token, None).match(text, node.inline) if node.inline is not None else None
        if match is None:
            match = _key(token, node.indent).search(text, node.start)
            if match is not None and not node.holds(text, match.start()):
                match = None
        if match is None:
            return None  # the key exists (the pointer came from the data): written in a form not read here
        at = match.start() + (0 if node.inline == match.start() else 1)
        if last:
            break
        if not _NOTHING_AFTER.match(text, match.end()):
            found = _VALUE.match(text, match.end())
            value = found.group(1) if found else ""
            if not value or value in "{[&*!?-":
                return None
            break
        below = _below(text, match.end(), node.indent)
        if below is None:
            break  # an empty value: null
        node = below
    return text.count("\n", 0, at)
