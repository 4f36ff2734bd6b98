"""Stage 5, write: put rendered files on disk, touching only what clientgen owns.

The rendered files are compared with the folder and its record
(:mod:`generator.ownership`) first, and the whole change is planned
(:func:`plan`) before anything is written:

* a file that is missing, or on the record with the bytes clientgen wrote, is
  (re)written; one that already holds the new bytes is left as it is;
* a file on the record that no longer holds the recorded bytes was edited: it is
  a conflict, left alone, unless ``force``;
* a file at a path clientgen wants but not on the record is someone else's: a
  conflict, never overwritten, even with ``force``;
* a file on the record that the new rendering no longer contains is removed,
  unless it was edited (a conflict; ``force`` removes it);
* a path that is, or goes through, a symbolic link is a conflict: clientgen
  never follows a link out of the output folder, nor replaces one.

Then :func:`apply` writes: the record first lists what is about to be written as
pending, each file goes to a temporary name beside it and is moved into place
with :func:`os.replace` (a reader sees the old file or the new one, never half of
one), stale files go, and the record is written last.  The files of a top-level
entry that does not exist yet (all of them, on a first write) are instead built
in a staging folder and moved in whole (:mod:`generator.staging`).  With ``check=True``
nothing is written: the result lists what is stale and what conflicts.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import NamedTuple

from .outputs import refuse_file
from .ownership import RECORD, Record, digest, safe_relative, what_is_there
from .problems import Location, SpecError
from .staging import new_stage_name, remove_stage, write_new_entries

__all__ = ["Conflict", "Plan", "WriteResult", "apply", "plan", "replace_file", "write", "write_one"]


class Conflict(NamedTuple):
    """A file clientgen wanted to write or remove and left alone."""

    path: Path
    reason: str


class WriteResult(NamedTuple):
    written: tuple[Path, ...]
    removed: tuple[Path, ...]
    unchanged: int
    conflicts: tuple[Conflict, ...] = ()

    @property
    def stale(self) -> tuple[Path, ...]:
        return self.written + self.removed


class Plan(NamedTuple):
    """What one write changes in an output folder, decided before anything is written."""

    output: Path
    writes: tuple[tuple[str, bytes], ...]
    removes: tuple[str, ...]
    unchanged: int
    conflicts: tuple[Conflict, ...]
    before: Record
    """What the folder's record says now (for a folder being adopted: the adopted files)."""
    after: Record
    """The record once the plan is applied."""
    record_changes: bool
    """The record on disk differs from :attr:`after` (or is missing)."""

    def result(self) -> WriteResult:
        """Written and removed files as paths; the record counts as one more file, written when it changes."""
        written = tuple(self.output / name for name, _ in self.writes)
        unchanged = self.unchanged
        if self.record_changes:
            written += (self.output / RECORD,)
        else:
            unchanged += 1
        return WriteResult(written, tuple(self.output / n for n in self.removes), unchanged, self.conflicts)


class _Links:
    """Whether a path below the output folder is, or goes through, a symbolic link (cached per folder)."""

    def __init__(self, output: Path) -> None:
        self.root = os.fspath(output)
        self.known: dict[str, bool] = {}

    def through_link(self, name: str) -> bool:
        path = self.root
        for part in name.split("/"):
            path = os.path.join(path, part)
            linked = self.known.get(path)
            if linked is None:
                try:
                    linked = stat.S_ISLNK(os.lstat(path).st_mode)
                except OSError:
                    return False  # nothing below a missing folder exists
                self.known[path] = linked
            if linked:
                return True
        return False


def _read(path: Path) -> bytes | None:
    """The file's bytes; None when there is no file (a folder in its place raises)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise
    except OSError:
        return None


def plan(files: Mapping[str, str], output: Path, *, force: bool = False, beside: Collection[str] = ()) -> Plan:
    """Compare the rendered ``files`` with ``output`` and its record; nothing is written.

    ``beside``: paths (relative to the output) of files clientgen writes into the folder outside the
    package (a synthesized spec), which do not make a folder without a record someone else's.

    Raises:
        SpecError: the output is not a folder, or is a non-empty folder clientgen does not own.
    """
    refuse_file(output)
    wanted = {name: text.encode("utf-8") for name, text in sorted(files.items())}
    unsafe = [name for name in wanted if not safe_relative(name)]
    if unsafe:
        raise SpecError.at(Location(output, "", 1), f"refusing to write outside the package: {unsafe[0]!r}")
    record = Record.load(output)
    if record is None:
        _refuse_if_foreign(output, wanted, beside)
    planner = _Planner(output, record or Record({}), adopting=record is None, force=force)
    for name, data in wanted.items():
        planner.put(name, data)
    for name in sorted(set(planner.record.files) | set(planner.record.pending)):
        if name not in wanted:
            planner.drop(name)
    return planner.plan()


def _refuse_if_foreign(output: Path, wanted: Mapping[str, bytes], beside: Collection[str]) -> None:
    there = sorted(what_is_there(output, wanted, frozenset(beside)))
    if there:
        shown = ", ".join(there[:5]) + (f" and {len(there) - 5} more" if len(there) > 5 else "")
        raise SpecError.at(
            Location(output, "", 1),
            f"the folder is not empty and holds no {RECORD}, so clientgen did not generate it; "
            f"it writes only into an empty folder or one it generated before (found: {shown})",
        )


class _Planner:
    """Decides, file by file, what :func:`plan` writes, removes and leaves as a conflict."""

    def __init__(self, output: Path, record: Record, *, adopting: bool, force: bool) -> None:
        self.output, self.record, self.adopting, self.force = output, record, adopting, force
        self.links = _Links(output)
        self.writes: list[tuple[str, bytes]] = []
        self.removes: list[str] = []
        self.conflicts: list[Conflict] = []
        self.adopted: dict[str, str] = {}
        self.after: dict[str, str] = {}
        self.unchanged = 0

    def _current(self, name: str) -> tuple[bool, bytes | None]:
        """(usable, bytes): not usable when the path is a link or a folder (a conflict is noted)."""
        target = self.output / name
        if self.links.through_link(name):
            self.conflicts.append(Conflict(target, "is or goes through a symbolic link, which clientgen never follows"))
            return False, None
        try:
            return True, _read(target)
        except IsADirectoryError:
            self.conflicts.append(Conflict(target, "a folder is where this generated file is"))
            return False, None

    def put(self, name: str, data: bytes) -> None:
        usable, current = self._current(name)
        if not usable:
            return
        current_hash = None if current is None else digest(current)
        if current_hash is not None and self.adopting:
            self.adopted[name] = current_hash
        record = self.record
        if current == data:
            self.unchanged += 1
            self.after[name] = digest(data)
        elif (
            current is None or self.adopting or record.owns(name, current_hash) or (self.force and name in record.files)
        ):
            self.writes.append((name, data))
            self.after[name] = digest(data)
        elif name in record.files:
            self.conflicts.append(
                Conflict(self.output / name, "edited since clientgen wrote it (--force overwrites it)")
            )
            self.after[name] = record.files[name]
        else:
            reason = "not written by clientgen (not on its record), so never overwritten; move it away"
            self.conflicts.append(Conflict(self.output / name, reason))

    def drop(self, name: str) -> None:
        usable, current = self._current(name)
        if not usable or current is None:
            return
        if self.record.owns(name, digest(current)) or self.force:
            self.removes.append(name)
        else:
            reason = "edited since clientgen wrote it, so not removed (--force removes it)"
            self.conflicts.append(Conflict(self.output / name, reason))
            self.after[name] = self.record.files.get(name) or self.record.pending[name]

    def plan(self) -> Plan:
        before = Record(self.adopted) if self.adopting else self.record
        after = Record(self.after)
        changes = self.adopting or after.text() != self.record.source
        return Plan(
            self.output,
            tuple(self.writes),
            tuple(self.removes),
            self.unchanged,
            tuple(self.conflicts),
            before,
            after,
            changes,
        )


def apply(change: Plan) -> None:
    """Carry out a plan: pending record, files replaced one by one, stale files removed, final record."""
    output = change.output
    if change.before.staging is not None:  # left by a run that was killed
        remove_stage(output, change.before.staging)
    if change.writes or change.removes:
        pending = {name: digest(data) for name, data in change.writes}
        stage = new_stage_name()
        output.mkdir(parents=True, exist_ok=True)
        replace_file(output / RECORD, Record(change.before.files, pending, stage).text().encode("utf-8"))
        for name, data in write_new_entries(output, change.writes, stage):
            replace_file(output / name, data)
        for name in change.removes:
            path = output / name
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            _remove_empty_parents(path.parent, output)
    if change.writes or change.removes or change.record_changes:
        output.mkdir(parents=True, exist_ok=True)
        replace_file(output / RECORD, change.after.text().encode("utf-8"))


def _remove_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


def replace_file(path: Path, data: bytes, *more: bytes) -> None:
    """Write ``data`` (then each of ``more``, with no copy joining them) to a temporary file beside
    ``path`` and move it into place in one step.

    An interruption leaves the old file or the new one, never a partial file; the temporary
    file is removed if writing it fails.  New files get the usual permissions (umask applies).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.clientgen-tmp")
    try:
        try:
            fd = os.open(temporary, _CREATE, 0o666)
        except FileNotFoundError:  # the folder is new: made only then (one call fewer per file otherwise)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, _CREATE, 0o666)
        with os.fdopen(fd, "wb") as handle:
            for chunk in (data, *more):
                handle.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write(
    files: Mapping[str, str], output: Path, *, check: bool = False, force: bool = False, beside: Collection[str] = ()
) -> WriteResult:
    """Plan, and unless ``check``, apply; see the module's docs."""
    change = plan(files, output, force=force, beside=beside)
    if not check:
        apply(change)
    return change.result()


def write_one(path: Path, text: str, *, check: bool = False) -> bool:
    """Write one file beside the project (a normalized spec) if it differs, atomically.

    True when it was (or, checking, would be) written.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    if not check:
        replace_file(path, data)
    return True
