"""clientgen's per-user cache: what a run would otherwise make again on every run.

Two kinds of entries, each making a run faster and never changing what it writes:

* the compiled templates: parsing the templates and compiling them to Python is most of the fixed
  cost of a small spec's run.  Jinja's bytecode cache keeps the compiled code of each template in
  a file (:func:`template_cache`), in ``templates/KEY``.  ``KEY`` is a digest of what the compiled
  code depends on besides the template's text: clientgen's version, jinja2's version, the Python
  that runs (the code is ``marshal``-ed), the environment's syntax and whitespace settings, and the
  filters and how each is called.  Jinja itself rejects an entry whose template text changed (it
  stores a checksum of the source with the code).
* the modules as ruff formatted them (:class:`FormattedModules`): a run after a change of the spec
  renders most modules as the run before did, and ruff need not see those again.  One pack a package
  name, in ``modules/``.

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
import marshal
import os
import shutil
import stat
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from . import __version__
from .manifest import generator_digest
from .write import replace_file

__all__ = [
    "CACHE_DIR_VARIABLE",
    "NO_CACHE_VARIABLE",
    "FormattedModules",
    "TemplateCache",
    "cache_folder",
    "template_cache",
]

CACHE_DIR_VARIABLE = "CLIENTGEN_CACHE_DIR"
NO_CACHE_VARIABLE = "CLIENTGEN_NO_CACHE"
MODULE_PACKS = 8
"""Packs of formatted modules kept, the most recently written: one a package (Stripe's is about 18 MB,
a small API's well under 1 MB)."""


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


def _program(path: str) -> str:
    """The program at ``path`` as far as a cache key needs it: where it is, its size and its last change."""
    found = os.path.realpath(shutil.which(path) or path)
    try:
        info = os.stat(found)
    except OSError:
        return path
    return f"{found} {info.st_size} {info.st_mtime_ns}"


class FormattedModules:
    """The modules of one package as ruff formatted them in the run before: a pack in ``modules/``.

    The pack is named by a digest of the package's name, clientgen's source and templates and the tools'
    versions (:func:`~generator.manifest.generator_digest`) and the ruff program; an entry in it by a
    digest of the module's path and its text as rendered.  So a module whose text comes out as it did
    last time is not formatted again: after a spec changes, ruff sees only the modules the change
    reached.  Each run that formats something new writes the pack anew with just the entries it used.
    A pack that does not read back whole (its digest is checked) is ignored.
    """

    def __init__(self, pack: Path | None, kept: dict[bytes, str]) -> None:
        self.pack = pack
        self.kept = kept
        self.used: dict[bytes, str] = {}
        self.missed: dict[str, bytes] = {}  # by path: the key of each module :meth:`get` did not find

    @classmethod
    def load(cls, package: str, ruff: str) -> FormattedModules:
        """This package's pack (empty when there is none, it is damaged or the cache is off)."""
        folder = _usable("modules")
        if folder is None:
            return cls(None, {})
        name = hashlib.sha256(f"{generator_digest()}\0{_program(ruff)}\0{package}".encode()).hexdigest()
        pack = folder / f"{name}.pack"
        return cls(pack, _read_pack(pack))

    def get(self, path: str, text: str) -> str | None:
        """The module as ruff formatted it before, or None (with the cache off, always None)."""
        if self.pack is None:
            return None
        key = _module_key(path, text)
        formatted = self.kept.get(key)
        if formatted is None:
            self.missed[path] = key
        else:
            self.used[key] = formatted
        return formatted

    def add(self, path: str, formatted: str) -> None:
        """What ruff made this run of a module :meth:`get` did not find."""
        key = self.missed.pop(path, None)
        if key is not None:
            self.used[key] = formatted

    def save(self) -> None:
        """Keep this run's entries for the next run, unless the pack holds just those already."""
        if self.pack is None or self.used.keys() == self.kept.keys():
            return
        payload = marshal.dumps(self.used)
        try:
            replace_file(self.pack, _PACK_MAGIC + hashlib.sha256(payload).digest(), payload)
        except OSError:  # a full disk, a folder made read-only since: the next run formats them again
            return
        _prune(self.pack.parent, MODULE_PACKS, "*.pack")


_PACK_MAGIC = b"clientgen modules 1\n"


def _module_key(path: str, text: str) -> bytes:
    digest = hashlib.sha256(f"{path}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()[:20]


def _read_pack(pack: Path) -> dict[bytes, str]:
    """The entries of ``pack``; none when it is missing or does not read back as it was written."""
    try:
        data = pack.read_bytes()
    except OSError:
        return {}
    start = len(_PACK_MAGIC) + 32
    if not data.startswith(_PACK_MAGIC) or hashlib.sha256(data[start:]).digest() != data[len(_PACK_MAGIC) : start]:
        return {}
    try:
        kept = marshal.loads(data[start:])  # noqa: S302  # this user's own run wrote it (a private folder)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict) or not all(type(k) is bytes and type(v) is str for k, v in kept.items()):
        return {}
    return kept


def _prune(folder: Path, keep: int, pattern: str) -> None:
    """Remove all but the ``keep`` most recently written entries of ``folder`` (each package name and each
    change of clientgen's source makes one of its own)."""
    try:
        entries = sorted((p.stat().st_mtime_ns, p.name, p) for p in folder.glob(pattern))
    except OSError:
        return
    for _, _, path in entries[: max(0, len(entries) - keep)]:
        with contextlib.suppress(OSError):
            path.unlink()
