"""The line of a JSON pointer in a JSON text, found with the JSON scanner, not by composing YAML.

A JSON spec is YAML too, and composing it into nodes (which carry their marks) is how lines were
found; on a 13 MB spec that costs seconds, and finding a key among a composed mapping's nodes is
a walk over all of them.  :class:`JsonLines` reads the text with :mod:`json`'s own scanner
instead: the first pointer through an object records where each of its keys starts (decoding
each value once to step over it), the first through an array where each item starts, so later
pointers through the same place are lookups.  Only the objects and arrays a pointer passes
through are read, each once.

Its answers are the composed nodes' answers: the line of the last key (or array item) on the
way, also when the pointer goes on into a scalar, names a key that is not there or passes the
end of an array; of keys written twice, the first.  A text that is not strict JSON, or that holds
a character YAML also reads as a line break, gives None, and the caller composes it.
"""

from __future__ import annotations

import bisect
import json
import re

from .problems import pointer_index

__all__ = ["JsonLines"]

_SPACE = re.compile(r"[ \t\n\r]*")
_BREAK = re.compile(r"\r\n|[\r\n]")
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML, not to JSON: where they appear, counting lines as YAML does is not tried."""
_DECODER = json.JSONDecoder()

_Entries = dict[str, tuple[int, int]]
"""An object's keys: where each key starts and where its value starts."""


class JsonLines:
    """One JSON text, asked for the lines of many pointers (what it has read, it keeps)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._objects: dict[int, _Entries] = {}
        self._arrays: dict[int, list[int]] = {}
        self._breaks: list[int] | None = None
        start = _skip(text, 0)
        self._root = start if text[start : start + 1] in ("{", "[") and not _OTHER_BREAKS.search(text) else None

    def line(self, tokens: list[str]) -> int | None:
        """The 1-based line composing would give for the pointer ``tokens``, or None when unsure."""
        if self._root is None:
            return None
        at = self._root
        line_at = at
        try:
            for token in tokens:
                opening = self.text[at]
                if opening == "{":
                    found = self._object(at).get(token)
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
        except ValueError:  # not strict JSON after all (or a number too long to read)
            self._root = None
            return None
        return self._line_at(line_at)

    def _object(self, at: int) -> _Entries:
        entries = self._objects.get(at)
        if entries is None:
            entries = self._objects[at] = {}
            for key_at, value_at in self._members(at, "}"):
                key, _ = _DECODER.raw_decode(self.text, key_at)
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
        if text[position : position + 1] == closing:
            return members
        while True:
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
            if separator == closing:
                return members
            if separator != ",":
                raise ValueError(f"',' or {closing!r} expected at {position}")
            position = _skip(text, position + 1)

    def _line_at(self, at: int) -> int:
        if self._breaks is None:
            self._breaks = [match.end() for match in _BREAK.finditer(self.text)]
        return bisect.bisect_right(self._breaks, at) + 1


def _skip(text: str, at: int) -> int:
    """Where the first character after the whitespace at ``at`` is."""
    match = _SPACE.match(text, at)
    return at if match is None else match.end()
