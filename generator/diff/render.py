"""A report as text (one line a change), Markdown (grouped, for changelogs and PR comments) or JSON."""

from __future__ import annotations

import json

from .model import Change, Level, Report

__all__ = ["json_text", "markdown", "text"]

_HEADINGS = {Level.BREAKING: "Breaking changes", Level.WARNING: "Warnings", Level.INFO: "Other changes"}


def _summary(report: Report) -> str:
    counts = {level: sum(1 for c in report.changes if c.level is level) for level in Level}
    return (
        f"{len(report.changes)} changes: {counts[Level.BREAKING]} breaking, {counts[Level.WARNING]} warnings, "
        f"{counts[Level.INFO]} info; suggested version bump: {report.semver}"
    )


def text(report: Report) -> str:
    lines = []
    for change in report.changes:
        where = f"{change.operation}: " if change.operation else ""
        lines.append(f"{change.level.value}: {where}{change.message} [{change.id}] {change.pointer}")
        if change.migration:
            lines.append(f"  migrate: {change.migration}")
    return "\n".join([*lines, _summary(report)]) + "\n"


def _grouped(changes: list[Change]) -> list[str]:
    """One bullet per rule and message, listing every operation it concerns."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for change in changes:
        operations = groups.setdefault((change.id, change.message, change.migration), [])
        if change.operation and change.operation not in operations:
            operations.append(change.operation)
    bullets = []
    for (rule_id, message, migration), operations in groups.items():
        where = ", ".join(f"`{op}`" for op in operations)
        bullets.append(f"- {where + ': ' if where else ''}{message} (`{rule_id}`)")
        if migration:
            bullets.append(f"  Migrate: {migration}")
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
