"""docs/diff-rules.md lists every rule as the registry has it."""

from __future__ import annotations

from pathlib import Path

from generator.diff import RULES
from generator.diff.render import rules_markdown

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "diff-rules.md"


def test_rules_document_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), "run `python -m generator.diff`"
    assert all(f"| `{rule_id}` |" in rules_markdown() for rule_id in RULES)
