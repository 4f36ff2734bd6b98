"""JSON text to Python values: the standard library's rules, with msgspec's parser when it is installed.

:func:`loads` gives what ``json.loads`` gives, or raises what it raises (a
``ValueError`` or a ``RecursionError``): text in UTF-8, UTF-16 or UTF-32
(:func:`json.detect_encoding`), without ``NaN``, ``Infinity`` or ``-Infinity``.

When the optional ``msgspec`` package is installed (``pip install <this
package>[fast]``), a UTF-8 body is parsed by ``msgspec.json`` first, which
builds the same dicts, lists, strings and numbers in about two thirds of the
time. Whatever msgspec refuses (a byte-order mark, a lone surrogate escape, a
number too large for a float, nesting past its limit, invalid text) is parsed
again by the standard library, so the result, or the error, is the standard
library's. ``orjson`` is not used: it turns an integer beyond 64 bits into a
float without an error. :func:`use_msgspec` turns the fast path off and on.

Only bodies of :data:`FAST_FROM` bytes or more take the fast path: on a small
body the two parsers differ by microseconds, and msgspec is imported (some
milliseconds) only when the first large body comes, not on a client's first call.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Final

__all__ = ["FAST_FROM", "loads", "loads_stdlib", "use_msgspec"]

FAST_FROM: Final = 32 * 1024
"""The size in bytes from which a body is parsed by msgspec (when it is installed)."""

_NOT_LOOKED_UP: Any = object()
_decode: Any = _NOT_LOOKED_UP
"""msgspec's ``Decoder().decode``; ``None`` when msgspec is not installed or is turned off."""
_from_size = FAST_FROM


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def loads_stdlib(content: bytes) -> object:
    """The JSON value of ``content`` by the standard library alone."""
    text = content.decode(json.detect_encoding(content))
    return json.loads(text, parse_constant=_reject_constant)


def _msgspec_decode() -> Any:
    try:
        msgspec = importlib.import_module("msgspec")
    except ImportError:
        return None
    return msgspec.json.Decoder().decode


def use_msgspec(enabled: bool, from_size: int = FAST_FROM) -> None:
    """Parse bodies of ``from_size`` bytes or more with msgspec when it is installed (the default), or
    every body with the standard library alone."""
    global _decode, _from_size  # one process-wide switch, looked up once
    _decode = _msgspec_decode() if enabled else None
    _from_size = from_size


def loads(content: bytes) -> object:
    """The JSON value of ``content``, exactly as :func:`loads_stdlib` gives it."""
    if len(content) < _from_size:
        return loads_stdlib(content)
    if _decode is _NOT_LOOKED_UP:
        use_msgspec(True, _from_size)
    if (
        _decode is not None and json.detect_encoding(content) == "utf-8"
    ):  # not with a byte-order mark
        try:
            return _decode(content)
        except (ValueError, RecursionError):  # msgspec.DecodeError is a ValueError
            pass
    return loads_stdlib(content)
