"""What a field's description says about its values, and what its examples show.

``closed_values`` reads the values a description lists as the only ones ("One of
`open`, `close`", "Accepted values: a, b", "(`monetary` or `percentage`)", a
bullet list after "One of:"); a list introduced by "e.g.", "for example", "such
as" or "like" is an illustration, not a closed list. ``apply_values`` turns such
a list into the node's enum; ``check_examples`` walks a node beside an example
value and reports the example values that contradict an enum or a format.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

from .schema import Node

__all__ = ["apply_values", "check_examples", "closed_values"]

Report = Callable[[str, str], None]  # (rule, message)

_LEAD = re.compile(
    r"(?<!at least )(?<!exactly )(?<!only )\b(?:one of|(?:accepted|allowed|possible|valid|supported|permitted)"
    r" values?(?: are| is| include)?|values? (?:are|is))\s*:?",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\be\.g\b|\bi\.e\b|\bfor example\b|\bsuch as\b|\bfor instance\b|\blike\b|\betc\b", re.IGNORECASE)
_BACKTICKED = re.compile(r"`([^`\n]+)`")
_ONLY_VALUES = re.compile(r"^\s*(?:`[^`\n]+`\s*(?:,|\bor\b|\band\b|/)?\s*)+$")
_WORD_VALUE = re.compile(r"^[\w.+-]+$")


def closed_values(description: str, names: frozenset[str] = frozenset()) -> list[str] | None:
    """The values ``description`` lists as the only ones, or None. ``names`` (other fields) are never values."""
    text = re.sub(r"\*\*|__", "", description)
    for lead in _LEAD.finditer(text):
        before = text[max(0, lead.start() - 40) : lead.start()].split("\n")[-1]
        span = _span(text[lead.end() :])
        if _HEDGE.search(span) or _HEDGE.search(before):
            continue
        values = _BACKTICKED.findall(span) or _plain_values(span)
        if values and not set(values) & names:
            return list(dict.fromkeys(v.strip() for v in values))
    sentences = re.split(r"(?<=\.)\s+|\n", text)
    groups = [*re.findall(r"\(([^()]*)\)", text), *sentences, *(s.rsplit(": ", 1)[-1] for s in sentences if ": " in s)]
    for group in groups:
        group = group.strip().rstrip(".")
        values = _BACKTICKED.findall(group)
        start = text.find(group)
        if _HEDGE.search(text[max(0, start - 40) : start]):
            continue
        if len(values) >= 2 and _ONLY_VALUES.match(group) and not set(values) & names:
            return list(dict.fromkeys(v.strip() for v in values))
    return None


def _span(rest: str) -> str:
    """The text a lead phrase introduces: the bullet list under it, or the rest of its sentence."""
    lines = rest.split("\n")
    if not lines[0].strip() and len(lines) > 1:
        bullets: list[str] = []
        for line in lines[1:]:
            if not line.strip():
                if bullets:
                    break
                continue
            if not re.match(r"^\s*(?:[-*+]|\d+\.)\s+", line):
                break
            bullets.append(re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line))
        return "\n".join(bullets)
    sentence = re.split(r"(?<!`)\.(?:\s|$)|\n\s*\n", lines[0] if "`" not in rest else rest, maxsplit=1)[0]
    return sentence.split("\n\n")[0]


def _plain_values(span: str) -> list[str]:
    parts = [p.strip().strip("'\"").rstrip(".") for p in re.split(r",|\bor\b|\band\b", span)]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 2 and all(_WORD_VALUE.match(p) for p in parts) else []


def apply_values(node: Node, description: str, names: frozenset[str], report: Report) -> None:
    """Make the values ``description`` lists as the only ones the node's enum, typed as the node is."""
    values = closed_values(description, names)
    if values is None:
        if node.wants_enum:
            report("enum-without-values", "documented as an enum but its description lists no values: any value")
        return
    if "boolean" in node.types:
        return  # `true` or `false`: the type already says it
    if not node.types:
        node.types = {"integer"} if all(re.fullmatch(r"-?\d+", v) for v in values) else {"string"}
    typed = [_typed(v, node.types) for v in values]
    if any(t is None for t in typed):
        shown = ", ".join(repr(v) for v in values)
        report("enum-type-mismatch", f"the description lists {shown} as its values, not all of the documented type")
        return
    node.enum = typed
    report("enum-from-description", f"the description lists {', '.join(repr(v) for v in values)} as the values: enum")


def _typed(value: str, types: set[str]) -> Any:
    if types & {"integer", "number"} and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "number" in types and re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    if "string" in types:
        return value
    return None


def check_examples(node: Node, value: Any, where: str, report: Report) -> None:
    """Report (and resolve) what ``value``, an example of ``node``, contradicts: enum values, formats."""
    if value is None:
        return
    if node.enum is not None and not isinstance(value, (dict, list)) and value not in node.enum:
        node.enum.append(value)
        report(
            "enum-contradicted",
            f"{where}: the example has {value!r}, not among the listed values: the example's value is added",
        )
    if node.format and isinstance(value, str) and not _fits(node.format, value):
        report(
            "format-contradicted",
            f"{where}: the example {value!r} is not a {node.format} value: the format is dropped",
        )
        node.format = None
    if isinstance(value, dict):
        holder = node.object_node()
        for key, item in value.items():
            child = holder.properties.get(key) if holder else None
            if child is not None:
                check_examples(child, item, f"{where}.{key}" if where else key, report)
    elif isinstance(value, list) and node.items is not None:
        for item in value:
            check_examples(node.items, item, f"{where}[]", report)


_PARSERS: dict[str, Callable[[str], object]] = {
    "date-time": lambda v: datetime.datetime.fromisoformat(v[:-1] + "+00:00" if v.endswith(("Z", "z")) else v),
    "date": datetime.date.fromisoformat,
    "uuid": uuid.UUID,
}


def _fits(fmt: str, value: str) -> bool:
    parser = _PARSERS.get(fmt)
    if parser is None:
        return True
    try:
        parser(value)
    except ValueError:
        return False
    return True
