"""Schema keywords that document or guard a method without changing its types.

``default`` and the first ``example``/``examples`` go into docstrings, one short
line each.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ..graph import Schema
from ..load import Spec
from ..names import docstring
from ..problems import Location

__all__ = ["default_doc", "example_doc", "first_example", "shown"]

SHOWN = 60
"""Characters of an example or a default a docstring shows; longer ones are cut, ending in ``...``."""

_MISSING = object()


def shown(value: object) -> str:
    """``value`` as Python writes it (an example is what a call passes or returns), on one line, cut to
    :data:`SHOWN` characters.

    Written piece by piece and stopped once long enough, so a huge or deeply nested
    example costs no more than its start.
    """
    text = ""
    for piece in _pieces(value):
        text += piece
        if len(text) > SHOWN:
            return f"{text[: SHOWN - 3]}..."
    return text


def _pieces(value: object) -> Iterator[str]:
    """The text of ``value`` in pieces, lazily."""
    if isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield f"{', ' if index else ''}{_scalar(str(key))}: "
            yield from _pieces(item)
        yield "}"
    elif isinstance(value, list):
        yield "["
        for index, item in enumerate(value):
            yield ", " if index else ""
            yield from _pieces(item)
        yield "]"
    else:
        yield _scalar(value)


def _not_finite(value: object) -> bool:
    """A number no literal holds (``inf``, ``nan``: JSON has neither): shown as nothing."""
    return isinstance(value, float) and not math.isfinite(value)


def _scalar(value: object) -> str:
    """A scalar as Python writes it (``'text'``, ``True``, ``None``); a date YAML read as its text."""
    if _not_finite(value):
        return "..."
    if not isinstance(value, str | int | float | bool) and value is not None:
        value = str(value)
    try:
        return repr(value)
    except ValueError:  # an integer with more digits than Python converts
        return "..."


def default_doc(schema: Schema | None) -> str:
    """``Defaults to ``10``.`` for a schema with a ``default`` (escaped); empty without one."""
    if schema is None:
        return ""
    for node in (schema, schema.target):
        if "default" in node.keywords:
            value = node.keywords["default"]
            return "" if _not_finite(value) else docstring(f"Defaults to ``{shown(value)}``.")
    return ""


def example_doc(value: object, label: str = "Example") -> str:
    """``Example: ``5``.`` for an example found by :func:`first_example` (escaped); empty without one."""
    return "" if value is _MISSING or _not_finite(value) else docstring(f"{label}: ``{shown(value)}``.")


def first_example(spec: Spec, holder: Any, where: Location, schema: Schema | None) -> object:
    """The first example of a parameter or media object ``holder`` (at ``where``), else of its schema.

    In order: ``example``, the first of ``examples`` (Example objects, ``$ref`` followed; their
    ``value``), then the schema's ``example`` and first of its 3.1 ``examples`` list.  A sentinel
    that :func:`example_doc` shows as nothing when there is none.
    """
    if isinstance(holder, dict):
        if "example" in holder:
            return holder["example"]
        examples = holder.get("examples")
        if isinstance(examples, dict):
            for name, raw in examples.items():
                _, example = spec.follow(where.child("examples", str(name)), raw)
                if isinstance(example, dict) and "value" in example:
                    return example["value"]
    for node in (schema, schema.target) if schema is not None else ():
        if "example" in node.keywords:
            return node.keywords["example"]
        listed = node.keywords.get("examples")
        if isinstance(listed, list) and listed:
            return listed[0]
    return _MISSING
