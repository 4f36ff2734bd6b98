"""A faster YAML reader for the documents where it gives exactly PyYAML's data.

`yaml-rs <https://pypi.org/project/yaml-rs/>`_ (a Rust YAML 1.2 parser) reads Stripe's spec
about ten times faster than PyYAML's C loader, whose parser is C but whose constructor is
Python.  :mod:`generator.load` reads YAML the YAML 1.1 way, minus dates and ``yes``/``no``
booleans; the two agree on the data of every YAML file of the corpus (``python -m
tools.yaml_parity`` checks it) except where YAML 1.1 and 1.2 differ.  So the text is scanned
first, and :func:`fast_load` declines (returns None, and PyYAML reads the file as before)
when it holds any construct where the two could differ or where PyYAML refuses what
yaml-rs may accept:

* a number spelled the way the two read differently (measured, not assumed: ``0x1f``, ``1_000``,
  ``.inf`` or ``+1`` they read alike): an exponent without a point or without a sign (``3e-05``,
  ``1.0e5``, strings in YAML 1.1), a sign before the point (``-.5``), a leading zero (``010``,
  octal in YAML 1.1), ``0o7``, base 60 (``1:30``), and ``=``;
* tags (``!``), anchors (so aliases; PyYAML's alias-bomb guard applies), merge keys (``<<``),
  complex keys (``?``), directives and document markers (``%``, ``---``, ``...``);
* a run of digits long enough to be an integer Python refuses to read, a tab in indentation,
  a character PyYAML refuses, an empty document.

A text whose last line has no line break (one YAML file in eight of the corpus) is read with one
added: that changes the data only where a block scalar ends the document (it keeps the line
break), so such a text is declined when any string of its data ends with a line break.

Numbers are looked for where a plain scalar may hold one and nothing else: a whole line's value,
a key, a flow item.  The same text inside prose may make it decline too: that only costs time.
Anything yaml-rs refuses (a syntax error, a repeated key, nesting too deep) is left to PyYAML
as well, which reports it with its location.  Without yaml-rs installed, everything is.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from .limits import holds_long_digits

__all__ = ["fast_load", "risky"]

_NUMBERS = "|".join(
    (
        r"[-+]?\d[\d_]*[eE][-+]?\d+",  # an exponent without a point: a string in YAML 1.1
        r"[-+]?[\d_]*\.[\d_]*[eE]\d+",  # an exponent without a sign: a string in YAML 1.1
        r"[-+]\.\d[\d_]*(?:[eE][-+]?\d+)?",  # a sign before the point: a string in YAML 1.1
        r"[-+]?0[\d_]*[1-9][\d_]*",  # a leading zero (octal in YAML 1.1), not 0 itself
        r"[-+]?0[oO]\w*",  # 0o: a string in YAML 1.1
        r"[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?",  # base 60 in YAML 1.1
        r"=",  # the value key, which PyYAML refuses
    )
)
_END = r"(?=[ \t]*+(?:#.*)?$|[ \t]*+[,\]}]|:[ \t]|:$)"
"""Where a plain scalar ends: the end of the line (or a comment), a flow indicator, the colon of a key."""
_VALUE = rf"(?:!|(?:{_NUMBERS}){_END})"
"""A tag, or a whole plain scalar that is such a number."""
_SCALARS = tuple(
    re.compile(start + _VALUE, re.MULTILINE)
    for start in (
        r"\n[ \t]*+(?=[-+.\d!=])(?:- ++)*+",  # a line's first scalar (a key, or a sequence's item)
        r": ++",  # a value
        r"- ++",  # an item
        r"[\[{,][ \t]*+",  # a flow item
    )
)
"""Where a plain scalar may start; each starts with a character to look for (fast in :mod:`re`), and every
quantifier is possessive (a scalar that is not one of those fails at once)."""
_MARKERS = ("\n%", "\n---", "\n...")
"""A directive or a document marker."""
_STRUCTURE = (
    ("\t", re.compile(r"\n *+\t")),  # a tab in indentation
    ("<<", re.compile(r"<<[ \t]*+:")),  # a merge key
    ("?", re.compile(r"\n[ \t]*+(?:- ++)*+\?(?:[ \t]|$)", re.MULTILINE)),  # a complex key
)
"""What the text holds when it may have the construct, and the construct."""
_ANCHOR = re.compile(r"&[^\s,\[\]{}]")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""A character PyYAML's reader refuses: outside YAML's printable set (tab, line breaks, ``\\x20-\\x7e``,
``\\x85``, ``\\xa0-\\ud7ff``, ``\\ue000-\\ufffd``, ``\\U00010000-\\U0010ffff``), written as the ranges it
leaves out: the same characters, and compiled in a tenth of the time (a negated class that reaches
``\\U0010ffff`` costs ``re`` 6 ms)."""


def risky(text: str) -> bool:
    """``text`` may hold something PyYAML (YAML 1.1, as :mod:`generator.load` reads it) and yaml-rs read differently."""
    if text.isspace() or not text.endswith("\n"):
        return True
    lines = "\n" + text  # the first line starts like every other
    if any(marker in lines for marker in _MARKERS) or _REFUSED.search(text) or _anchored(lines):
        return True
    if any(hint in text and construct.search(lines) for hint, construct in _STRUCTURE):
        return True
    if holds_long_digits(text):  # an integer too long for Python, maybe: PyYAML's error says how long it is
        return True
    return any(scalar.search(lines) for scalar in _SCALARS)


def _anchored(text: str) -> bool:
    """An anchor (``&name`` after a blank or a flow indicator): without one, an alias is an error in both."""
    return any(text[m.start() - 1] in " \t\n[{," for m in _ANCHOR.finditer(text))


def fast_load(text: str) -> Any | None:
    """The data of the YAML ``text`` read by yaml-rs; None when PyYAML must read it (see the module's docs)."""
    break_added = not text.endswith("\n") and len(text) <= _UNENDED_LIMIT and not text.isspace()
    if break_added:
        text += "\n"  # see _line_break_kept: the data is the same unless a string ends with a line break
    if risky(text):  # first: a text PyYAML must read does not load yaml-rs
        return None
    try:
        yaml_rs = importlib.import_module("yaml_rs")  # optional: not every platform has a wheel of it
    except ImportError:
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal: PyYAML reads it and reports the problem where it is
        return None
    if not isinstance(data, dict | list) or (break_added and _line_break_kept(data)):
        return None
    return data


_UNENDED_LIMIT = 1 << 20
"""The longest text without a final line break read by yaml-rs (its strings are all looked through)."""


def _line_break_kept(data: object) -> bool:
    """A string of ``data`` (key or value) ends with a line break.

    A text without a final line break is read by yaml-rs with one added; the data differs from the
    text's only where a block scalar (``|``, ``>``) ends the document, keeping that line break.  So
    where no string ends with one, the data is the text's; where one does, PyYAML reads the text.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and item.endswith(("\n", "\r")):
            return True
    return False
