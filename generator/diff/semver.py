"""The suggested release: bump a version, remember it in clientgen.toml, and write the changelog entry."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from ..config import DEFAULT_VERSION
from ..problems import Location, SpecError
from ..write import replace_file
from .model import Bump, Report
from .render import markdown

__all__ = ["bump_between", "bump_version", "git_version", "prepend_changelog", "set_config_version"]

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


def bump_between(before: str, after: str) -> Bump:
    """The bump that took ``before`` to ``after`` (``none`` when it did not move forward)."""
    old, new = _VERSION.match(before), _VERSION.match(after)
    if old is None or new is None:
        return "none"
    a, b = tuple(int(p) for p in old.groups()), tuple(int(p) for p in new.groups())
    if b <= a:
        return "none"
    return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"


def git_version(ref: str, client: str, root: Path) -> str:
    """The client's ``version`` in ``clientgen.toml`` at git ``ref`` (the default when unset or absent)."""
    shown = subprocess.run(
        ["git", "show", f"{ref}:./clientgen.toml"],  # noqa: S607  # git from PATH, as a user runs it
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    default = DEFAULT_VERSION
    if shown.returncode != 0:
        return default
    try:
        data = tomllib.loads(shown.stdout)
    except tomllib.TOMLDecodeError:
        return default
    entry = data.get("clients", {}).get(client, {})
    return str(entry.get("version", default)) if isinstance(entry, dict) else default


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
    replace_file(config, "".join(lines).encode("utf-8"))


CHANGELOG_TITLE = "# Changelog\n"


def prepend_changelog(path: Path, version: str, report: Report, date: str) -> None:
    """Put the entry for ``version`` first in ``path`` (created with a title when missing)."""
    old = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_TITLE
    body = old.removeprefix(CHANGELOG_TITLE).lstrip("\n")
    entry = f"## {version} ({date})\n\n{markdown(report, heading_level=3)}"
    replace_file(path, (CHANGELOG_TITLE + "\n" + entry + ("\n" + body if body else "")).encode("utf-8"))
