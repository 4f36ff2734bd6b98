"""Part of stage 5, write: the new top-level entries of a write, built aside and moved in whole.

A first write into a folder (or a new top-level entry, such as ``src``, of one) has no old
file that a reader could see instead of the new one, so going through a temporary name for each
of thousands of files only doubles the folder operations.  The files of each top-level entry
that does not exist yet are written under their final names into a hidden staging folder inside
the output (same file system), and each such entry is then moved into place with one
:func:`os.rename`: a reader sees the entry whole or not at all, as with one file at a time.

The ownership rules do not change: :func:`generator.write.apply` writes the record with these
files as pending, and the staging folder's name, first and the final record last; an
interruption leaves no staged entry in the output (the staging folder is removed on the way
out) and the next run writes them.  A run killed before it could remove the staging folder
leaves its name on the record, and the next run removes it (:func:`remove_stage`): only a
folder the record names, never another hidden folder.  Entries that exist already (a folder
clientgen owns, or one it adopts) are left to the file-by-file path.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

__all__ = ["STAGING_PREFIX", "is_staging_name", "new_stage_name", "remove_stage", "write_files", "write_new_entries"]

STAGING_PREFIX = ".clientgen-stage-"
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + "[0-9a-f]{16}")
_THREADS = 4
"""Threads that write a staging folder's files (see :func:`write_files`)."""
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _is_new(output: str, top: str, known: dict[str, bool]) -> bool:
    """Whether nothing (not even a link) is at the top-level entry ``top`` of ``output``."""
    if top not in known:
        known[top] = not os.path.lexists(os.path.join(output, top))
    return known[top]


def new_stage_name() -> str:
    """A staging folder's name, to be put on the record before :func:`write_new_entries` makes it."""
    return STAGING_PREFIX + os.urandom(8).hex()  # secrets.token_hex's bytes, without loading secrets (hmac, base64)


def is_staging_name(name: object) -> bool:
    """Whether ``name`` is one :func:`new_stage_name` gives (a record naming anything else is refused)."""
    return isinstance(name, str) and _STAGING_NAME.fullmatch(name) is not None


def remove_stage(output: Path, name: str) -> None:
    """Remove the staging folder ``name`` an interrupted run left in ``output``, if it is there
    and is a folder (a link or a file of that name is left alone)."""
    path = os.path.join(output, name)
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)


def write_new_entries(output: Path, writes: Sequence[tuple[str, bytes]], stage_name: str) -> list[tuple[str, bytes]]:
    """Write the files of ``writes`` that belong to a top-level entry missing from ``output``
    (staged in the new folder ``stage_name``, then moved in); return the others, for the caller
    to replace one by one.

    ``output`` must exist.  Files directly in ``output`` are never staged: one temporary name
    each costs the same.
    """
    root = os.fspath(output)
    known: dict[str, bool] = {}
    staged: dict[str, list[tuple[str, bytes]]] = {}
    rest: list[tuple[str, bytes]] = []
    for name, data in writes:
        top = name.split("/", 1)[0]
        if "/" in name and _is_new(root, top, known):
            staged.setdefault(top, []).append((name, data))
        else:
            rest.append((name, data))
    if staged:
        stage = os.path.join(root, stage_name)
        os.mkdir(stage, 0o700)
        try:
            write_files(stage, [w for files in staged.values() for w in files], threads=_THREADS)
            for top in staged:
                if os.path.lexists(os.path.join(root, top)):  # appeared meanwhile: never replaced
                    rest.extend(staged[top])
                    continue
                os.rename(os.path.join(stage, top), os.path.join(root, top))
        finally:
            with contextlib.suppress(OSError):
                shutil.rmtree(stage)
    return rest


def write_files(folder: str, writes: Sequence[tuple[str, bytes]], *, threads: int = 1) -> None:
    """Each file created (never opened over anything) under ``folder``, a new one (the staging folder, a
    scratch folder), its folders made as they are needed.

    ``threads``: how many files are written at once.  On a disk each file created waits on the file
    system, not on Python (the calls release the interpreter), so a few threads write thousands of
    files in about half the time; in memory (ruff's scratch folders) one does as well.
    """
    if threads <= 1 or len(writes) < _CHUNK:
        _create(folder, writes)
        return
    from concurrent.futures import ThreadPoolExecutor  # only a write of many new files needs it

    chunks = [writes[start : start + _CHUNK] for start in range(0, len(writes), _CHUNK)]
    pool = ThreadPoolExecutor(threads, thread_name_prefix="clientgen-write")
    try:
        for done in [pool.submit(_create, folder, chunk) for chunk in chunks]:
            done.result()  # the first failure is raised, after the chunks under way end
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_CHUNK = 128
"""Files a thread writes in one go: a write stopped by a failure (or Ctrl-C) waits for no more."""


def _create(folder: str, writes: Sequence[tuple[str, bytes]]) -> None:
    made: set[str] = set()
    for name, data in writes:
        path = os.path.join(folder, name)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)  # safe when another thread makes it too
            made.add(parent)
        fd = os.open(path, _CREATE_NEW, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
