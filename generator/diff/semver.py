"""The suggested release: bump a version, remember it in clientgen.toml, and write the changelog entry."""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Location, SpecError
from .model import Bump, Report
from .render import markdown

__all__ = ["bump_version", "prepend_changelog", "set_config_version"]

_VERSION = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def bump_version(version: str, bump: Bump) -> str:
    """``1.4.2`` bumped: major ``2.0.0``, minor ``1.5.0``, patch ``1.4.3``, none ``1.4.2``."""
    found = _VERSION.match(version)
    if found is None:
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in found.groups())
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version


_TABLE = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*(?:#.*)?$")


def set_config_version(config: Path, client: str, version: str) -> None:
    """Set ``version`` in ``[clients.CLIENT]``, editing or adding that one line; comments stay as they are."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    header = f"clients.{client}"
    start = next((i for i, line in enumerate(lines) if (m := _TABLE.match(line)) and m["name"].strip() == header), None)
    if start is None:
        raise SpecError.at(Location(config, f"/clients/{client}", 1), "no such client table")
    end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
    line = f'version = "{version}"\n'
    for i in range(start + 1, end):
        if re.match(r"^\s*version\s*=", lines[i]):
            lines[i] = line
            break
    else:
        after = next((i for i in range(start + 1, end) if re.match(r"^\s*package\s*=", lines[i])), start)
        lines.insert(after + 1, line)
    config.write_text("".join(lines), encoding="utf-8")


CHANGELOG_TITLE = "# Changelog\n"


def prepend_changelog(path: Path, version: str, report: Report, date: str) -> None:
    """Put the entry for ``version`` first in ``path`` (created with a title when missing)."""
    old = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_TITLE
    body = old.removeprefix(CHANGELOG_TITLE).lstrip("\n")
    entry = f"## {version} ({date})\n\n{markdown(report, heading_level=3)}"
    path.write_text(CHANGELOG_TITLE + "\n" + entry + ("\n" + body if body else ""), encoding="utf-8")
