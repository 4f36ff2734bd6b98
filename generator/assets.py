"""Where the templates are: inside the wheel, or the repository's ``templates/`` folder.

A module of its own so that what only needs the path (the manifest's digest of the
generator) does not load jinja2.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["templates_dir"]


def templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's ``templates/`` folder."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"
