"""What the synthesizer noticed: one :class:`Finding` per decision or inconsistency.

A finding names the page and line it is about, so it prints as
``page:line: message``, and carries a stable rule id for the machine-readable
report (``synthesis-report.json``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .. import records

__all__ = ["Finding", "Findings"]


@records.frozen
class Finding:
    page: str  # the page's path, relative to the documentation folder, with "/" separators
    line: int
    rule: str
    message: str
    operation: str = ""  # "GET /credit/customer/balance" once known
    pointer: str = ""  # where the decision landed in the synthesized spec

    def format(self, base: str = "") -> str:
        page = str(PurePosixPath(base) / self.page) if base else self.page
        return f"{page}:{self.line}: {self.message}"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"page": self.page, "line": self.line, "rule": self.rule, "message": self.message}
        if self.operation:
            data["operation"] = self.operation
        if self.pointer:
            data["pointer"] = self.pointer
        return data


class Findings:
    """An append-only list, de-duplicated: one decision is reported once."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._seen: set[Finding] = set()

    def add(self, page: str, line: int, rule: str, message: str, *, operation: str = "", pointer: str = "") -> None:
        finding = Finding(page, max(line, 1), rule, message, operation, pointer)
        if finding not in self._seen:
            self._seen.add(finding)
            self.items.append(finding)

    def sorted(self) -> list[Finding]:
        return sorted(self.items, key=lambda f: (f.page, f.line, f.rule, f.message))
