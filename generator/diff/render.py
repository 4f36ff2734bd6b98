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
    return "\n".join([*lines, _summary(report)]) + "\n"


def _grouped(changes: list[Change]) -> list[str]:
    """One bullet per rule and message, listing every operation it concerns."""
    groups: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        operations = groups.setdefault((change.id, change.message), [])
        if change.operation and change.operation not in operations:
            operations.append(change.operation)
    bullets = []
    for (rule_id, message), operations in groups.items():
        where = ", ".join(f"`{op}`" for op in operations)
        bullets.append(f"- {where + ': ' if where else ''}{message} (`{rule_id}`)")
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
