"""clientgen's per-user cache: what a run would otherwise make again on every run.

Two kinds of entries, each making a run faster and never changing what it writes:

* the compiled templates: parsing the templates and compiling them to Python is most of the fixed
  cost of a small spec's run.  Jinja's bytecode cache keeps the compiled code of each template in
  a file (:func:`template_cache`), in ``templates/KEY``.  ``KEY`` is a digest of what the compiled
  code depends on besides the template's text: clientgen's version, jinja2's version, the Python
  that runs (the code is ``marshal``-ed), the environment's syntax and whitespace settings, and the
  filters and how each is called.  Jinja itself rejects an entry whose template text changed (it
  stores a checksum of the source with the code).
* the runtime modules as ruff formats them (:func:`formatted_runtime`): the same text in every
  client of a package name, so ruff need not see it again.  An entry, in ``runtime/``, is named by
  a digest of the modules' text and paths, clientgen's source and templates and the versions of the
  tools (:func:`~generator.manifest.generator_digest`), and the ruff program that formatted them.

Where: ``$CLIENTGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/clientgen``, else ``~/.cache/clientgen``.
``CLIENTGEN_NO_CACHE`` set to anything but an empty value turns the cache off (every run compiles
the templates and formats everything).  A folder that cannot be made or written, or that another
user owns or others may write, means no cache: the run does the work as without one.  An unreadable
or damaged entry is made again and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from . import __version__
from .manifest import generator_digest
from .write import replace_file

__all__ = [
    "CACHE_DIR_VARIABLE",
    "NO_CACHE_VARIABLE",
    "TemplateCache",
    "cache_folder",
    "formatted_runtime",
    "keep_formatted_runtime",
    "template_cache",
]

CACHE_DIR_VARIABLE = "CLIENTGEN_CACHE_DIR"
NO_CACHE_VARIABLE = "CLIENTGEN_NO_CACHE"
RUNTIME_ENTRIES = 32
"""Formatted runtime modules kept (about 0.25 MB each): the most recently written."""


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache that never fails a run: an entry it cannot read is compiled, one it cannot write not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry (pickle's errors are many): compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a folder made read-only since: the run has its code already
            return


def environment_key(env: jinja2.Environment) -> str:
    """A digest of everything besides a template's text that the code Jinja compiles from it depends on."""
    settings = [
        f"clientgen {__version__}",
        f"jinja2 {jinja2.__version__}",
        f"{sys.implementation.cache_tag} {sys.version}",
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        repr(env.autoescape),
        sorted(env.extensions),
        sorted((name, _call_kind(f)) for name, f in env.filters.items()),
        sorted((name, _call_kind(f)) for name, f in env.tests.items()),
    ]
    text = json.dumps(settings, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _call_kind(function: object) -> str:
    """How compiled code calls a filter or test (with the context, the environment, ...): decided when compiling."""
    kind = getattr(function, "jinja_pass_arg", None)  # what jinja2's pass_context and its kin set
    return str(getattr(kind, "name", ""))


def cache_folder() -> Path | None:
    """The root of clientgen's cache (see the module), or None when it is turned off."""
    if os.environ.get(NO_CACHE_VARIABLE):
        return None
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "clientgen"
    try:
        return Path.home() / ".cache" / "clientgen"
    except RuntimeError:  # no home folder to be found
        return None


def template_cache(env: jinja2.Environment) -> TemplateCache | None:
    """The bytecode cache for ``env`` (set up after its filters), or None: turned off, or no usable folder."""
    folder = _usable("templates", environment_key(env))
    return TemplateCache(os.fspath(folder)) if folder is not None else None


def _usable(*parts: str) -> Path | None:
    """The cache's folder ``parts``, made if needed; None when the cache is off or the folder is not usable."""
    root = cache_folder()
    if root is None:
        return None
    folder = root.joinpath(*parts)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(folder) else None
    except OSError:
        return None


def _private(folder: Path) -> bool:
    """The folder is this user's and no one else may write into it (its entries become code that runs)."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or not os.access(folder, os.W_OK | os.X_OK):
        return False
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _runtime_entry(modules: Mapping[str, str], ruff: str) -> Path | None:
    """Where the formatted ``modules`` (path: text, as given to ruff) are kept; None: no usable cache."""
    folder = _usable("runtime")
    if folder is None:
        return None
    digest = hashlib.sha256(f"{generator_digest()}\0{_program(ruff)}\0".encode())
    for path, text in sorted(modules.items()):
        digest.update(f"{path}\0{text}\0".encode())
    return folder / f"{digest.hexdigest()}.json"


def _program(path: str) -> str:
    """The program at ``path`` as far as a cache key needs it: where it is, its size and its last change."""
    found = os.path.realpath(shutil.which(path) or path)
    try:
        info = os.stat(found)
    except OSError:
        return path
    return f"{found} {info.st_size} {info.st_mtime_ns}"


def formatted_runtime(modules: Mapping[str, str], ruff: str) -> dict[str, str] | None:
    """``modules`` (path: text) as the program ``ruff`` formatted them in an earlier run; None when not kept."""
    entry = _runtime_entry(modules, ruff)
    if entry is None:
        return None
    try:
        kept = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or set(kept) != set(modules) or not all(isinstance(t, str) for t in kept.values()):
        return None
    return {path: kept[path] for path in modules}


def keep_formatted_runtime(modules: Mapping[str, str], formatted: Mapping[str, str], ruff: str) -> None:
    """Keep what ``ruff`` made of ``modules`` for the next run (nothing when the cache is off or not writable)."""
    entry = _runtime_entry(modules, ruff)
    if entry is None:
        return
    text = json.dumps({path: formatted[path] for path in modules}, ensure_ascii=False, sort_keys=True)
    try:
        replace_file(entry, text.encode("utf-8"))
    except OSError:  # a full disk, a folder made read-only since: the next run formats them again
        return
    _prune(entry.parent, RUNTIME_ENTRIES)


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written entries of ``folder`` (each package name and each
    change of clientgen's source makes one of its own)."""
    try:
        entries = sorted((p.stat().st_mtime_ns, p.name, p) for p in folder.glob("*.json"))
    except OSError:
        return
    for _, _, path in entries[: max(0, len(entries) - keep)]:
        with contextlib.suppress(OSError):
            path.unlink()
