"""The line of a JSON pointer in a JSON text, found with the JSON scanner, not by composing YAML.

A JSON spec is YAML too, and composing it into nodes (which carry their marks) is how its lines
are found otherwise: on a large spec that costs seconds and hundreds of megabytes, and finding a
key among a composed mapping's nodes is a walk over all of them.  :class:`JsonLines` reads the
text with :mod:`json`'s own scanner instead: the first pointer through an object records where
each of its keys starts (decoding each value once to step over it), the first through an array
where each item starts, so later pointers through the same place are lookups.  Only the objects
and arrays a pointer passes through are read, each once.

Its answers are the composed nodes' answers: the line of the last key (or array item) on the way,
also when the pointer goes on into a scalar, names a key that is not there or passes the end of
an array; of keys written twice, the first.  Where it cannot be sure of giving that answer it
gives None, and the caller composes the text as before:

- the text is not strict JSON, or holds more than one value;
- it holds a character YAML also reads as a line break (``U+2028``...), so lines count differently;
- composing it would fail (and so give no line at all): a character YAML does not accept, a
  surrogate escape (``\\ud83d``, an emoji written in two halves), a key too long for a YAML key;
- a key of an object on the way is written with an escape, which YAML may read differently.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re

from .problems import pointer_index

__all__ = ["JsonLines"]

_SPACE = re.compile(r"[ \t\n\r]*")
_UNSURE = (
    re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"),
    # line breaks to YAML, not to JSON (U+0085, U+2028, U+2029), and what YAML does not accept
    # (strict JSON has no other control characters, in strings or out)
    re.compile(r"\\u[dD][89a-fA-F]"),  # a surrogate escape: YAML refuses it
    re.compile(r'"[^"\n]{1000,}+"[ \t\r\n]*:'),  # a key of 1,000 characters or more: YAML keys stop near 1,024
)
"""What makes the text's composed lines differ from the ones counted here, or composing fail.

The keys are looked for without decoding: a key that long with an escaped quote in it is missed,
and there an answer is given where composing gives none.  Separate patterns are quicker to search
than one of them all (a few milliseconds a megabyte)."""
_DEL = re.compile("\x7f")
"""The first of :data:`_UNSURE` in ASCII text."""
_DECODER = json.JSONDecoder()

_Entries = dict[str, tuple[int, int]]
"""An object's keys: where each key starts and where its value starts."""
_ESCAPED = "\\"
"""The entry of an object with a key written with an escape: its lookups are not certain."""


class JsonLines:
    """One JSON text, asked for the lines of many pointers (what it has read, it keeps)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._objects: dict[int, _Entries] = {}
        self._arrays: dict[int, list[int]] = {}
        self._ends: dict[int, int] = {}
        """Where each object or array read ends (past its closing bracket)."""
        self._breaks: list[int] | None = None
        self._root: int | None = -1
        """Where the top value starts; -1 before the text is checked, None when it gets no answers."""

    def line(self, tokens: list[str]) -> int | None:
        """The 1-based line composing would give for the pointer ``tokens``, or None when unsure."""
        try:
            if self._root == -1:
                self._root = self._top()
            return None if self._root is None else self._walk(self._root, tokens)
        except (ValueError, RecursionError):  # not strict JSON after all (or a number too long to read)
            self._root = None
            return None

    def _top(self) -> int | None:
        """Where the top value starts, read once: None unless :func:`_root` finds the text certain
        and the object or array there is strict JSON with only blanks after it."""
        root = _root(self.text)
        if root is None:
            return None
        if self.text[root] == "{":
            self._object(root)
        else:
            self._array(root)
        return root if _skip(self.text, self._ends[root]) == len(self.text) else None

    def _walk(self, at: int, tokens: list[str]) -> int | None:
        line_at = at
        for token in tokens:
            opening = self.text[at]
            if opening == "{":
                entries = self._object(at)
                if _ESCAPED in entries:
                    return None
                found = entries.get(token)
                if found is None:
                    break
                line_at, at = found
            elif opening == "[":
                items = self._array(at)
                index = pointer_index(token, len(items))
                if index is None:
                    break
                line_at = at = items[index]
            else:
                break
        return self._line_at(line_at)

    def _object(self, at: int) -> _Entries:
        entries = self._objects.get(at)
        if entries is None:
            entries = self._objects[at] = {}
            for key_at, value_at in self._members(at, "}"):
                key, end = _DECODER.raw_decode(self.text, key_at)
                if "\\" in self.text[key_at:end]:
                    entries[_ESCAPED] = (key_at, value_at)
                entries.setdefault(key, (key_at, value_at))
        return entries

    def _array(self, at: int) -> list[int]:
        items = self._arrays.get(at)
        if items is None:
            items = self._arrays[at] = [value_at for _, value_at in self._members(at, "]")]
        return items

    def _members(self, at: int, closing: str) -> list[tuple[int, int]]:
        """Where each member of the object or array opened at ``at`` starts: (key, value); an
        array's members have no key, and give their value's place twice."""
        text = self.text
        members: list[tuple[int, int]] = []
        position = _skip(text, at + 1)
        while text[position : position + 1] != closing:
            member_at = value_at = position
            if closing == "}":
                if text[position : position + 1] != '"':
                    raise ValueError(f"a key expected at {position}")
                _, position = _DECODER.raw_decode(text, position)
                position = _skip(text, position)
                if text[position : position + 1] != ":":
                    raise ValueError(f"':' expected at {position}")
                value_at = position = _skip(text, position + 1)
            _, position = _DECODER.raw_decode(text, position)
            members.append((member_at, value_at))
            position = _skip(text, position)
            separator = text[position : position + 1]
            if separator == ",":
                position = _skip(text, position + 1)
                if text[position : position + 1] == closing:
                    raise ValueError(f"a trailing comma at {position}")
            elif separator != closing:
                raise ValueError(f"',' or {closing!r} expected at {position}")
        self._ends[at] = position + 1
        return members

    def _line_at(self, at: int) -> int:
        """The line of ``at``, as YAML counts lines: after ``\\r\\n``, ``\\r`` or ``\\n``.  Strict JSON
        (which the text is, once its top value is read) holds no other character ``splitlines``
        breaks at, and the ones YAML also breaks at are not there (:data:`_UNSURE`)."""
        if self._breaks is None:
            self._breaks = list(itertools.accumulate(map(len, self.text.splitlines(keepends=True))))
        return bisect.bisect_right(self._breaks, at) + 1


def _root(text: str) -> int | None:
    """Where the text's object or array starts, when nothing in the text makes its lines uncertain
    (see the module's docstring); else None.  That it is one strict JSON value is seen when it is
    first read (:meth:`JsonLines._top`)."""
    start = _skip(text, 0)
    if text[start : start + 1] not in ("{", "[") or any(pattern.search(text) for pattern in _unsure(text)):
        return None
    return start


def _unsure(text: str) -> tuple[re.Pattern[str], ...]:
    """The patterns to look for in ``text``: in ASCII text (most specs) the characters are only ``DEL``."""
    return (_DEL, *_UNSURE[1:]) if text.isascii() else _UNSURE


def _skip(text: str, at: int) -> int:
    """Where the first character after the whitespace at ``at`` is."""
    match = _SPACE.match(text, at)
    return at if match is None else match.end()
