"""``python -m generator.diff``: write docs/diff-rules.md from the rule registry."""

from __future__ import annotations

from pathlib import Path

from . import surface as _surface  # noqa: F401  # registers the Python-surface rules
from .render import rules_markdown

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "diff-rules.md"

if __name__ == "__main__":
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(rules_markdown(), encoding="utf-8")
    print(f"{DOCS}: written")
