"""A report as text (a line a change), Markdown (for changelogs and PR comments) or JSON (every change).

One change of a shared schema reaches every operation using it (a property of Stripe's ``account``
reaches hundreds): text and Markdown give it once, with the operations it reaches.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import records
from .model import Change, Level, Report

__all__ = ["json_text", "markdown", "text"]

_HEADINGS = {Level.BREAKING: "Breaking changes", Level.WARNING: "Warnings", Level.INFO: "Other changes"}


SHOWN_OPERATIONS = {"text": 3, "markdown": 10}
"""How many operations a change reached from several is listed with, by format (JSON lists every one)."""


@records.frozen
class _Group:
    """One change of the spec as it reaches one or more operations: the same rule at the same place."""

    change: Change
    """The one whose message is shortest (the nearest path to the changed place)."""
    operations: tuple[str, ...]
    places: int
    """How many changes the group stands for (an operation may reach the place from two responses)."""


def groups(changes: Sequence[Change]) -> list[_Group]:
    """Changes by rule, place (pointer) and migration, in the order they first come."""
    found: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        found.setdefault((change.id, change.pointer, change.migration), []).append(change)
    return [
        _Group(
            min(members, key=lambda c: len(c.message)),
            tuple(dict.fromkeys(c.operation for c in members if c.operation)),
            len(members),
        )
        for members in found.values()
    ]


def _summary(report: Report, distinct: int) -> str:
    """The counts and the suggested bump; ``distinct``: how many groups (:func:`groups`) the changes make."""
    counts = {level: sum(1 for c in report.changes if c.level is level) for level in Level}
    places = f" ({distinct} distinct: a change to a shared schema reaches every operation using it)"
    return (
        f"{len(report.changes)} changes{places if distinct < len(report.changes) else ''}: "
        f"{counts[Level.BREAKING]} breaking, {counts[Level.WARNING]} warnings, "
        f"{counts[Level.INFO]} info; suggested version bump: {report.semver}"
    )


def _operations(group: _Group, shown: int, quote: str = "") -> str:
    listed = ", ".join(f"{quote}{op}{quote}" for op in group.operations[:shown])
    more = len(group.operations) - shown
    return listed + (f" and {more} more" if more > 0 else "")


def text(report: Report) -> str:
    """One line per change; a change that reaches several operations is one line, and one listing them."""
    lines = []
    grouped = groups(report.changes)
    for group in grouped:
        change = group.change
        if group.places == 1:
            where = f"{change.operation}: " if change.operation else ""
            lines.append(f"{change.level.value}: {where}{change.message} [{change.id}] {change.pointer}")
        else:
            lines.append(f"{change.level.value}: {change.message} [{change.id}] {change.pointer}")
            shown = _operations(group, SHOWN_OPERATIONS["text"])
            lines.append(f"  in {len(group.operations)} operations ({group.places} places): {shown}")
        if change.migration:
            lines.append(f"  migrate: {change.migration}")
    folded = len(grouped) < len(report.changes)
    hint = ["(--format json lists every change and operation)"] if folded else []
    return "\n".join([*lines, *hint, _summary(report, len(grouped))]) + "\n"  # the summary stays last


def _grouped(changes: list[Change]) -> list[str]:
    """One bullet per change, listing the operations it reaches."""
    bullets = []
    for group in groups(changes):
        change = group.change
        where = _operations(group, SHOWN_OPERATIONS["markdown"], "`")
        if len(group.operations) <= SHOWN_OPERATIONS["text"]:
            bullets.append(f"- {where + ': ' if where else ''}{change.message} (`{change.id}`)")
        else:
            bullets.append(f"- {change.message} (`{change.id}`), in {len(group.operations)} operations: {where}")
        if change.migration:
            bullets.append(f"  Migrate: {change.migration}")
    return bullets


def markdown(report: Report, heading_level: int = 2) -> str:
    if not report.changes:
        return "No changes to the API.\n"
    hashes = "#" * heading_level
    parts = [f"Suggested version bump: **{report.semver}**.\n"]
    for level in Level:
        changes = [c for c in report.changes if c.level is level]
        if changes:
            parts.append(f"{hashes} {_HEADINGS[level]}\n\n" + "\n".join(_grouped(changes)) + "\n")
    return "\n".join(parts)


def json_text(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def rules_markdown() -> str:
    """``docs/diff-rules.md``: every rule, by group, with its level, bump, meaning and oasdiff check."""
    from .model import RULES

    lines = [
        "# `clientgen diff` rules",
        "",
        "Written by `python -m generator.diff` from the rule registry (`generator/diff/`); do not edit.",
        "",
        f"{len(RULES)} rules. A change's level is its rule's: **breaking** (the suggested bump is major),",
        "**warning** or **info**; a non-breaking rule asks for a minor bump when something is added (or a",
        "constraint on what clients send is loosened, so more calls are valid) and a patch otherwise.",
        "The oasdiff column names the oasdiff check that reports the same change; several of these rules",
        "weigh a change for users of the generated Python client, so their level can differ from oasdiff's",
        "(removing a request or optional response property removes a keyword argument or a model attribute,",
        "so it breaks here); where the level differs on purpose, the meaning says why. Schema rules are",
        "written once per subject (`request-parameter`, `request-body`, `request-property`, `response-body`,",
        "`response-property`); a property of an object-valued parameter (`style: deepObject`) is a",
        "request property. One rule for every constraint (min/max, lengths, items, pattern, format,",
        "enum, required): in a request, new or tightened breaks and loosened is minor; in a response",
        "the reader's side decides: tightened is info, loosened a warning (values never seen may arrive).",
    ]
    groups: dict[str, list[str]] = {}
    for rule in RULES.values():
        oasdiff = f"`{rule.oasdiff}`" if rule.oasdiff else "none"
        meaning = f"{rule.meaning} *Why: {rule.why}.*" if rule.why else rule.meaning
        groups.setdefault(rule.group or "other", []).append(
            f"| `{rule.id}` | {rule.level.value} | {rule.bump} | {meaning} | {oasdiff} |"
        )
    for group, rows in groups.items():
        lines += ["", f"## {group[0].upper()}{group[1:]}", "", "| id | level | bump | meaning | oasdiff |"]
        lines += ["| --- | --- | --- | --- | --- |", *rows]
    return "\n".join(lines) + "\n"
