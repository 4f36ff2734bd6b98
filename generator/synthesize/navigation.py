"""Where each page sits in the site's navigation (``docs.json``, or the older ``mint.json``).

A page's place is the groups that list it, outermost first, and the section around
them: the innermost tab, version, dropdown or anchor whose label encloses it
(``"API V2 Reference"``).  ``docs.json`` nests them (``navigation.tabs[].groups[].pages``);
``mint.json`` lists groups (``navigation: [{group, pages, version?}]``) and names its
tabs and anchors by a URL prefix (``tabs: [{name, url}]``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .. import records
from .findings import Findings

__all__ = ["Navigation", "Place", "read_navigation", "version_of"]

_FILES = ("docs.json", "mint.json")
_SECTION_KEYS = ("tab", "version", "dropdown", "anchor")
_LABEL_VERSION = re.compile(r"\b(?:v|version\s*)(\d+(?:\.\d+)*)\b", re.IGNORECASE)


@records.frozen
class Place:
    groups: tuple[str, ...]
    """The groups listing the page, outermost first."""
    section: str
    """The label of the tab (version, dropdown, anchor) holding it; empty when none does."""
    order: int
    """The page's position in the navigation."""


@records.frozen
class Navigation:
    name: str
    places: dict[str, Place]
    """By page key: the page's path without its suffix."""

    def place(self, page: str) -> Place | None:
        return self.places.get(str(PurePosixPath(page).with_suffix("")))


def version_of(label: str) -> str:
    """The version a section's label names: ``API V2 Reference`` -> ``v2``, ``Version 1.1`` -> ``v1_1``; else ``""``."""
    match = _LABEL_VERSION.search(label)
    return "v" + match.group(1).replace(".", "_") if match else ""


def read_navigation(docs: Path, findings: Findings, pages: list[str]) -> Navigation:
    """The navigation of ``docs`` for ``pages`` (paths relative to it); empty when the folder has none."""
    for filename in _FILES:
        path = docs / filename
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            findings.add(filename, getattr(error, "lineno", 1), "bad-navigation", f"{filename} is not JSON: ignored")
            return Navigation("", {})
        entries: list[tuple[str, tuple[str, ...], str]] = []
        _walk(data, (), "", entries)
        prefixes = _url_sections(data)
        places: dict[str, Place] = {}
        for page in pages:
            key = str(PurePosixPath(page).with_suffix(""))
            for order, (entry, groups, section) in enumerate(entries):
                if entry == key or entry.endswith("/" + key):
                    by_url = next((name for prefix, name in prefixes if (entry + "/").startswith(prefix + "/")), "")
                    places[key] = Place(groups, section or by_url, order)
                    break
        name = data.get("name") if isinstance(data, dict) else None
        return Navigation(name if isinstance(name, str) else "", places)
    return Navigation("", {})


def _walk(data: Any, groups: tuple[str, ...], section: str, out: list[tuple[str, tuple[str, ...], str]]) -> None:
    if isinstance(data, dict):
        group = data.get("group")
        inner = (*groups, group) if isinstance(group, str) else groups
        label = next((data[k] for k in _SECTION_KEYS if isinstance(data.get(k), str)), section)
        for key, value in data.items():
            if key == "pages" and isinstance(value, list):
                for entry in value:
                    if isinstance(entry, str):
                        out.append((entry.strip("/"), inner, label))
                    else:
                        _walk(entry, inner, label, out)
            elif key != "group":
                _walk(value, inner, label, out)
    elif isinstance(data, list):
        for item in data:
            _walk(item, groups, section, out)


def _url_sections(data: Any) -> list[tuple[str, str]]:
    """``mint.json``'s tabs and anchors: (URL prefix, name), longest prefix first."""
    found = []
    for key in ("tabs", "anchors"):
        entries = data.get(key) if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("url"), str):
                url = entry["url"].strip("/")
                if url and "://" not in url:
                    found.append((url, entry["name"]))
    return sorted(found, key=lambda pair: -len(pair[0]))
