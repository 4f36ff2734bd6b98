"""Locations and problems: every message names ``file:line: /json/pointer``.

Stages collect problems instead of raising on the first one.  An *info* line
names a part of the document that does not become code and that a client does
not need (a webhook, a link, documentation); a *warning* means something the
client would need was dropped or guessed and output is still possible; an
*error* means output is impossible.  The CLI prints one line per warning and
error, counts the info lines (``generate --report`` writes them all) and exits 2
when any error was reported.

The records here (and in the other modules a run loads before it knows whether anything changed:
configuration, manifest, record, write plan, outcome) are named tuples: an unchanged run makes no
class it does not need.
"""

from __future__ import annotations

import enum
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "Level",
    "Location",
    "PointerLink",
    "Problem",
    "Problems",
    "SpecError",
    "escape_pointer",
    "join_pointer",
    "pointer_index",
    "pointer_of",
]


def escape_pointer(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer."""
    for token in tokens:  # a plain loop: called for every child location, it is hot
        text = str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        pointer += "/" + text
    return pointer


def pointer_index(token: str, size: int) -> int | None:
    """The item of a list of ``size`` that a reference token names, or None (a token of any length is read)."""
    if token.isdigit() and len(token) <= len(str(size)) and int(token) < size:
        return int(token)
    return None


PointerLink = tuple[Any, str | int]
"""A walk's way down a document, kept without joining strings: ``(None, pointer)`` at the
start, ``(parent link, key or index)`` below it."""


def pointer_of(link: PointerLink) -> str:
    """The JSON pointer a :data:`PointerLink` stands for (joined only when it is needed)."""
    tokens: list[str | int] = []
    while link[0] is not None:
        link, token = link
        tokens.append(token)
    return join_pointer(str(link[1]), *reversed(tokens))


class Location(NamedTuple):
    """Where something came from: a file, a JSON pointer and, once known, a line.

    The line is looked up lazily (see :mod:`generator.load`) because parsing with
    line marks is much slower than parsing without them, and only messages need it.
    """

    file: Path
    pointer: str = ""
    line: int | None = None

    def child(self, *tokens: str | int) -> Location:
        return Location(self.file, join_pointer(self.pointer, *tokens))

    def __str__(self) -> str:
        line = self.line if self.line is not None else 1
        return f"{self.file}:{line}: {self.pointer or '/'}"


class Level(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Problem(NamedTuple):
    level: Level
    location: Location
    message: str
    kind: str = ""
    """What part of the document it is about, for reports: ``webhook``, ``media-type``, ``unknown-key``, ..."""

    def format(self) -> str:
        prefix = "" if self.level is Level.ERROR else f"{self.level.value}: "
        return f"{self.location}: {prefix}{self.message}"

    def report(self) -> dict[str, object]:
        """The problem as one entry of ``generate --report``."""
        where = self.location
        return {
            "file": str(where.file),
            "line": where.line,
            "pointer": where.pointer,
            "level": self.level.value,
            "kind": self.kind or "problem",
            "reason": self.message,
        }


class Problems:
    """A collector shared by the stages of one run.

    ``locate`` fills in the line (and, for merged documents, the source file) of a location.
    """

    def __init__(self, items: Iterable[Problem] = (), locate: Callable[[Location], Location] | None = None) -> None:
        self.items: list[Problem] = list(items)
        self.locate = locate

    def _locate(self, location: Location) -> Location:
        if location.line is None and self.locate is not None:
            return self.locate(location)
        return location

    def warn(self, location: Location, message: str, kind: str = "") -> None:
        self.items.append(Problem(Level.WARNING, self._locate(location), message, kind))

    def info(self, location: Location, message: str, kind: str) -> None:
        self.items.append(Problem(Level.INFO, self._locate(location), message, kind))

    def add(self, level: Level, location: Location, message: str, kind: str = "") -> None:
        self.items.append(Problem(level, self._locate(location), message, kind))

    def error(self, location: Location, message: str) -> None:
        self.items.append(Problem(Level.ERROR, self._locate(location), message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.WARNING]

    @property
    def notes(self) -> list[Problem]:
        """The info lines: parts of the document that do not become code and that a client does not need."""
        return [p for p in self.items if p.level is Level.INFO]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SpecError(self.errors)


class SpecError(Exception):
    """Output is impossible; carries the located problems that say why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def at(cls, location: Location, message: str) -> SpecError:
        return cls([Problem(Level.ERROR, location, message)])


SHOWN_ALIKE = 3
"""Of the warnings that say the same about different places, this many are printed."""


def print_warnings(warnings: Sequence[Problem], listed_by: str) -> None:
    """One line each to stderr; of warnings of one kind with the same message, the first three, the last
    of them saying how many more there are and what lists them all (``listed_by``)."""
    alike = Counter((p.kind, p.message) for p in warnings if p.kind)
    shown: Counter[tuple[str, str]] = Counter()
    for problem in warnings:
        group = (problem.kind, problem.message)
        if problem.kind and alike[group] > SHOWN_ALIKE:
            shown[group] += 1
            if shown[group] > SHOWN_ALIKE:
                continue
            if shown[group] == SHOWN_ALIKE:
                more = alike[group] - SHOWN_ALIKE
                print(f"{problem.format()} (and {more} more places like it: {listed_by})", file=sys.stderr)
                continue
        print(problem.format(), file=sys.stderr)
