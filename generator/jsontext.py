"""JSON the way people write it: ``//`` and ``/* */`` comments, trailing commas.

``parse_json`` accepts them outside strings, keeps each comment with the key it
follows, and reports a syntax error at its line; used for documentation examples
and for spec files that are almost JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from . import records
from .limits import integer_digits, long_integer_line

__all__ = ["JsonText", "JsonTextError", "blank_comments", "parse_json"]


@records.frozen
class JsonText:
    value: Any
    comments: tuple[tuple[str, str], ...]  # (key on that line, comment text)
    had_comments: bool
    had_trailing_commas: bool


class JsonTextError(ValueError):
    def __init__(self, message: str, line: int, *, too_long: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.too_long = too_long
        """The text is JSON, but holds an integer longer than Python reads."""


_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _strip(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with comments blanked (newlines kept), and each comment with the key on its line."""
    out: list[str] = []
    comments: list[tuple[str, str]] = []
    index, in_string, line_start = 0, False, 0
    while index < len(text):
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < len(text):
                out.append(text[index + 1])
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
            out.append(char)
        elif text.startswith("//", index):
            end = text.find("\n", index)
            end = len(text) if end < 0 else end
            code = "".join(out)[line_start:]
            keys = _KEY.findall(code)
            comments.append((keys[-1] if keys else "", text[index + 2 : end].strip()))
            out.append(" " * (end - index))
            index = end
            continue
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = len(text) if end < 0 else end + 2
            comment = text[index:end]
            comments.append(("", comment[2:-2].strip()))
            out.append("".join(c if c == "\n" else " " for c in comment))
            index = end
            continue
        else:
            out.append(char)
            if char == "\n":
                line_start = len(out)
        index += 1
    return "".join(out), comments


def blank_comments(text: str) -> str:
    """The text with its comments replaced by blanks, every line where it was."""
    return _strip(text)[0]


def parse_json(text: str, line: int, pairs: Callable[[list[tuple[str, Any]]], Any] | None = None) -> JsonText:
    """Lenient JSON; ``line`` is the page line of the text's first line (for errors).

    ``pairs``: builds each object from its key/value pairs (``json.loads``'s ``object_pairs_hook``).
    """
    stripped, comments = _strip(text)
    try:
        return JsonText(json.loads(stripped, object_pairs_hook=pairs), tuple(comments), bool(comments), False)
    except json.JSONDecodeError as error:
        first = error
    except ValueError:  # the only other: an integer longer than int() reads
        raise _too_long(stripped, line) from None
    try:  # trailing commas, tried only when the text is otherwise not JSON
        value = json.loads(re.sub(r",(\s*[}\]])", r" \1", stripped), object_pairs_hook=pairs)
    except json.JSONDecodeError:
        message = f"not valid JSON: {first.msg} (column {first.colno})"
        raise JsonTextError(message, line + first.lineno - 1) from None
    except ValueError:
        raise _too_long(stripped, line) from None
    return JsonText(value, tuple(comments), bool(comments), True)


def _too_long(text: str, line: int) -> JsonTextError:
    found = long_integer_line(text)
    where, digits = found if found is not None else (1, integer_digits() + 1)
    message = f"not valid JSON: an integer of {digits} digits (Python reads at most {integer_digits()})"
    return JsonTextError(message, line + where - 1, too_long=True)
