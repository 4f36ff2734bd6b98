"""Snapshots of folders, to show that a run left every file it does not own byte for byte as it was."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from tests.generator.helpers import PETS

__all__ = ["PETS", "PETS_V2", "snapshot", "write_spec"]


# The same API a version later: one model and one resource gone, others added.
PETS_V2 = """
openapi: 3.1.0
info: {title: Pets, version: '2'}
servers: [{url: 'https://pets.example'}]
paths:
  /owners/{owner_id}:
    get:
      operationId: getOwner
      tags: [owners]
      parameters: [{name: owner_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
components:
  schemas:
    Owner:
      type: object
      properties: {id: {type: string}, pets: {type: array, items: {type: string}}}
"""


def write_spec(folder: Path, text: str, name: str = "pets.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry below ``root`` without following links: files by their bytes, links by their target."""
    found: dict[str, tuple[str, bytes]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                found[key] = ("dir", b"")
            else:
                found[key] = ("file", path.read_bytes())
    return found
