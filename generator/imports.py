"""Import blocks written the way ``ruff check --select I`` (isort's rules) leaves them.

The builder knows exactly which names each generated module uses.  Written sorted and complete
here, the modules need no ``ruff check --fix`` pass (about 1.5 s on Stripe when it ran over the
models; a process of its own on every run when it ran over the others), only ``ruff format``.
``tests/generator/test_imports.py`` holds this to ruff's output, on small blocks and on every
module of real specs.

The rules, as ruff applies them with its defaults:

- sections, separated by one blank line: ``__future__``, the standard library, third-party,
  then relative imports (``..`` before ``.``);
- in a section, ``import x`` statements first, then ``from x import y`` ones, each sorted by
  module in natural order ignoring case (``m2`` before ``M3`` before ``m10``);
- the names of one ``from`` import merged into one statement and sorted constants first, then
  classes, then everything else, each in natural order ignoring case;
- a ``from`` import longer than 88 characters is wrapped, one name a line, with a trailing comma.

``__all__`` lists are written in the order ruff's RUF022 gives them (:func:`sorted_all`): constants,
then classes, then everything else, each in natural order, case counting.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable

__all__ = ["import_block", "sorted_all"]

_LINE_LENGTH = 88
"""isort's wrapping width: ruff's default line length, which the sorting pass runs with."""
_DIGITS = re.compile(r"\d+")
_STDLIB = frozenset(sys.stdlib_module_names)


@functools.lru_cache(maxsize=1 << 16)
def _natural(text: str) -> str:
    """A key that orders like ruff's natural ordering: digit runs compare as numbers.

    Each digit run becomes "0", a character for its length, then its digits: against any other
    character "0" compares as the run's first digit would (only digits lie between a character
    below "0" and one above "9"), and against another run, length then digits order numbers.
    """
    return _DIGITS.sub(_encode_digits, text)


def _encode_digits(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return "0" + chr(48 + len(digits)) + digits


def _module_key(module: str) -> tuple[str, str]:
    return (_natural(module.lower()), _natural(module))


def _member_key(name: str) -> tuple[int, str, str]:
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        kind = 0  # CONSTANT
    elif name[:1].isupper():
        kind = 1  # Class
    else:
        kind = 2  # variable or function
    return (kind, _natural(name.lower()), _natural(name))


def _all_key(name: str) -> tuple[int, str]:
    return (_member_key(name)[0], _natural(name))


def sorted_all(names: Iterable[str]) -> list[str]:
    """``names`` in the order ``ruff check --select RUF022`` sorts an ``__all__`` (its isort style)."""
    return sorted(names, key=_all_key)


def _section(source: str) -> int:
    if source.startswith("."):
        return 3
    top = source.split(".")[0]
    if top == "__future__":
        return 0
    return 1 if top in _STDLIB else 2


def import_block(statements: Iterable[tuple[str, Iterable[str]]], indent: str = "") -> str:
    """The block for ``(source, names)`` pairs: ``("attrs", ())`` is ``import attrs``,
    ``("..models.pet", ["Pet"])`` is ``from ..models.pet import Pet``; repeats are merged.

    The block depends only on the set of statements, so it is made once per distinct set: the
    modules of a package import much the same few sets.
    """
    return _block(frozenset((source, frozenset(names)) for source, names in statements), indent)


@functools.lru_cache(maxsize=1 << 12)
def _block(statements: frozenset[tuple[str, frozenset[str]]], indent: str) -> str:
    straight: dict[int, set[str]] = {}
    merged: dict[tuple[int, int, str], set[str]] = {}
    for source, members in statements:
        section = _section(source)
        if not members:
            straight.setdefault(section, set()).add(source)
            continue
        module = source.lstrip(".")
        merged.setdefault((section, len(source) - len(module), module), set()).update(members)
    sections: list[list[str]] = []
    for section in sorted(set(straight) | {key[0] for key in merged}):
        lines = [f"{indent}import {module}" for module in sorted(straight.get(section, ()), key=_module_key)]
        for key in sorted((k for k in merged if k[0] == section), key=lambda k: (-k[1], _module_key(k[2]))):
            source = "." * key[1] + key[2]
            names = sorted(merged[key], key=_member_key)
            line = f"{indent}from {source} import {', '.join(names)}"
            if len(line) <= _LINE_LENGTH:
                lines.append(line)
            else:
                lines.append(f"{indent}from {source} import (")
                lines.extend(f"{indent}    {name}," for name in names)
                lines.append(f"{indent})")
        sections.append(lines)
    return "\n\n".join("\n".join(lines) for lines in sections)
