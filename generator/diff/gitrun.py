"""Read what git holds at a ref, as a user's ``git`` does it, with located errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..problems import Location, SpecError

__all__ = ["git_output"]


def git_output(root: Path, arguments: list[str], label: Path) -> bytes:
    """The output of ``git ARGUMENTS`` run in ``root``; a failure is an error located at ``label``."""
    try:
        shown = subprocess.run(
            ["git", *arguments],  # noqa: S607  # git from PATH, as a user runs it
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise SpecError.at(Location(label, "", 1), f"cannot run git: {exc.strerror}") from None
    if shown.returncode != 0:
        lines = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = (lines or [f"git {arguments[0]} failed"])[-1]
        raise SpecError.at(Location(label, "", 1), f"not readable from git: {reason}")
    return shown.stdout
