"""What a diff reports: levels, the rule registry, changes and the report.

Every change names a rule by a stable id.  The registry says, per rule, its
level, the semver bump it asks for when it is not breaking, what it means, and
the oasdiff check that reports the same change (when there is one).
``docs/diff-rules.md`` is written from this registry (see :func:`rules_markdown`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Literal

from .. import records
from ..problems import Problem

__all__ = ["RULES", "Bump", "Change", "Level", "Report", "Rule", "rule"]

Bump = Literal["major", "minor", "patch", "none"]
BUMP_ORDER: tuple[Bump, ...] = ("none", "patch", "minor", "major")


class Level(enum.Enum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"


@records.frozen
class Rule:
    id: str
    level: Level
    bump: Bump
    """``major`` for breaking rules; ``minor`` when something is added; ``patch`` otherwise."""
    meaning: str
    oasdiff: str = ""
    """The oasdiff check id that reports the same change, or empty."""
    group: str = ""
    why: str = ""
    """Why the level is what it is, where it deliberately differs from oasdiff's."""


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, level: Level, meaning: str, *, oasdiff: str = "", adds: bool = False, group: str = "", why: str = ""
) -> Rule:
    """Register a rule; breaking rules ask for a major bump, additions (``adds``) for a minor one, the rest
    for a patch.  A loosened constraint on what clients send counts as an addition: more calls are valid."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} registered twice")
    bump: Bump = "major" if level is Level.BREAKING else "minor" if adds else "patch"
    made = Rule(rule_id, level, bump, meaning, oasdiff, group, why)
    RULES[rule_id] = made
    return made


@records.frozen
class Change:
    id: str
    level: Level
    operation: str
    """``GET /v1/customers/{id}/balances``, or empty for changes outside an operation."""
    pointer: str
    """JSON pointer into the revision (into the base for what the revision no longer has)."""
    message: str
    migration: str = ""
    """For a change that breaks Python code: the old call and the new one (``old -> new``), or empty."""

    @classmethod
    def of(cls, rule_id: str, operation: str, pointer: str, message: str, migration: str = "") -> Change:
        """A change by a registered rule, with that rule's level."""
        return cls(rule_id, RULES[rule_id].level, operation, pointer, message, migration)

    @property
    def rule(self) -> Rule:
        return RULES[self.id]

    def to_json(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "level": self.level.value,
            "operation": self.operation,
            "pointer": self.pointer,
            "message": self.message,
            "migration": self.migration or None,
        }


_LEVEL_ORDER = {Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2}


@records.frozen
class Report:
    changes: tuple[Change, ...]
    warnings: tuple[Problem, ...] = ()
    """What building either spec warned about (guessed or skipped), for the caller to show."""

    @classmethod
    def of(cls, changes: list[Change], warnings: Sequence[Problem] = ()) -> Report:
        """Deduplicated, breaking first, then by operation, pointer and rule."""
        unique = dict.fromkeys(changes)
        ordered = tuple(sorted(unique, key=lambda c: (_LEVEL_ORDER[c.level], c.operation, c.pointer, c.id)))
        return cls(ordered, tuple(dict.fromkeys(warnings)))

    @property
    def breaking(self) -> bool:
        return any(c.level is Level.BREAKING for c in self.changes)

    @property
    def semver(self) -> Bump:
        """major when anything breaks, minor when something is added, patch for other changes, else none."""
        return max((c.rule.bump for c in self.changes), key=BUMP_ORDER.index, default="none")

    def to_json(self) -> dict[str, object]:
        return {"breaking": self.breaking, "semver": self.semver, "changes": [c.to_json() for c in self.changes]}
