"""The line of a JSON pointer in block-style YAML, found by reading the text, not by parsing it.

Warnings name the line of what they are about.  Composing a 4 MB spec into YAML nodes (which
carry their marks) costs about half a second even with libyaml; most specs are block-style
YAML, where the line of ``/paths/~1pets/get`` is found by looking for ``paths:`` at the
document's indentation, then for ``/pets:`` at the indentation below it inside that entry,
then for ``get:``.  :class:`BlockLines` reads one text for many pointers: the first pointer
through a mapping indexes the keys written at its indentation (one regular-expression pass over
its lines), the first through a sequence its dashes, so a spec's every warning costs about as
much as a few searches.

:func:`scan_line` answers only when the text is plainly block style along the whole pointer;
anything else (flow collections, aliases, tags, complex keys, a key written in a form it does
not read, tabs) gives None, and the caller composes the document instead.  Its answers are the
composed nodes' answers: the line of the last key (or sequence item) on the way, also when the
pointer goes on into a scalar or past the end of a sequence.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable

from . import records

__all__ = ["BlockLines", "scan_line"]

_CONTENT = re.compile(r"\n( *)([^ \n#])")
"""The next line with something besides a comment on it: its indentation and first character."""
_NOTHING_AFTER = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|$)")
_VALUE = re.compile(r" *([^\n]?)")
_PLAIN = re.compile(r"(?:[A-Za-z0-9_$/.~(]|[-+](?=[^ ]))[^:#\n\r\t]*")
_INLINE_KEY = re.compile(r"""(?:'[^'\n]*'|"[^"\\\n]*"|[A-Za-z0-9_$/.~(][^:#\n\r\t]*?)[ \t]*:(?=[ \t\r\n]|$)""")


@records.frozen
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


_KEY_LINE = re.compile(
    r"""'((?:[^'\n]|'')*)'[ \t]*:(?=[ \t\n]|$)|"([^"\\\n]*)"[ \t]*:(?=[ \t\n]|$)|([^:\n]*?)[ \t]*:(?=[ \t\n]|$)"""
)
"""The key a line starts with, in the forms :func:`_key_forms` writes: single-quoted, double-quoted, plain."""


@functools.lru_cache(maxsize=256)
def _indented(indent: int) -> re.Pattern[str]:
    """A line indented by exactly ``indent`` spaces: where a key of a mapping at ``indent`` may be."""
    return re.compile(rf"\n {{{indent}}}(?=[^ \n])")


def _line_key(text: str, at: int) -> tuple[str, int] | None:
    """The key written at ``at`` as :func:`_key` reads it (its text and where its colon ends), or None."""
    found = _KEY_LINE.match(text, at)
    if found is None:
        return None
    single, double, plain = found.groups()
    if single is not None:
        return single.replace("''", "'"), found.end()
    if double is not None:
        return (double, found.end()) if double.isprintable() else None
    if plain is not None and _PLAIN.fullmatch(plain) and plain == plain.rstrip():
        return plain, found.end()
    return None


class BlockLines:
    """:func:`scan_line` for many pointers of one text: each block mapping's keys are indexed the first
    time a pointer goes through it, each sequence's dashes too, and lines are counted by bisection,
    so a pointer costs a few dictionary lookups instead of searches over the text."""

    def __init__(self, text: str) -> None:
        self.readable = "\t" not in text and "\r" not in text
        self.text = "\n" + text
        self._newlines: list[int] = []
        self._keys: dict[_Node, dict[str, tuple[int, int]]] = {}
        self._dashes: dict[_Node, list[tuple[int, int]]] = {}

    def _stop(self, node: _Node) -> int:
        """Where the collection ends (the first line no longer inside it)."""
        found = node.end.search(self.text, node.start) if node.end is not None else None
        return len(self.text) if found is None else found.start()

    def key(self, node: _Node, token: str) -> tuple[int, int] | None:
        """Where the first key ``token`` of the mapping is (the newline before it) and where its colon ends."""
        if "\n" in token:  # not one line: read as the single search does
            match = _key(token, node.indent).search(self.text, node.start)
            return (match.start(), match.end()) if match is not None and node.holds(self.text, match.start()) else None
        index = self._keys.get(node)
        if index is None:
            index = {}
            for line in _indented(node.indent).finditer(self.text, node.start, self._stop(node)):
                found = _line_key(self.text, line.end())
                if found is not None:
                    index.setdefault(found[0], (line.start(), found[1]))
            self._keys[node] = index
        return index.get(token)

    def dash(self, node: _Node, number: int) -> tuple[int, int] | None:
        """Where the sequence's item ``number`` starts (its newline) and where its dash ends."""
        dashes = self._dashes.get(node)
        if dashes is None:
            found = _dash(node.indent).finditer(self.text, node.start, self._stop(node))
            dashes = self._dashes[node] = [(m.start(), m.end()) for m in found]
        return dashes[number] if number < len(dashes) else None

    def line_at(self, at: int) -> int:
        """The number of newlines before ``at``: the 1-based line of the original text."""
        if not self._newlines:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, at)

    def line(self, tokens: list[str]) -> int | None:
        """The 1-based line composing would give for the pointer ``tokens``, or None when unsure."""
        if not self.readable:
            return None
        text = self.text
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
                dash = self.dash(node, int(token))
                if dash is None:
                    break  # past the last item
                if _NOTHING_AFTER.match(text, dash[1]):
                    return None  # "-" alone: the item starts on a later line
                at = dash[0] + 1
                if last:
                    break
                after = dash[1]
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
            found = (match.start(), match.end()) if match is not None else self.key(node, token)
            if found is None:
                return None  # the key exists (the pointer came from the data): written in a form not read here
            at = found[0] + (0 if node.inline == found[0] else 1)
            if last:
                break
            if not _NOTHING_AFTER.match(text, found[1]):
                value = _VALUE.match(text, found[1])
                if value is None or not value.group(1) or value.group(1) in "{[&*!?-":
                    return None
                break
            below = _below(text, found[1], node.indent)
            if below is None:
                break  # an empty value: null
            node = below
        return self.line_at(at)


def scan_line(text: str, tokens: list[str]) -> int | None:
    """The 1-based line composing would give for the pointer ``tokens``, or None when unsure."""
    return BlockLines(text).line(tokens)
