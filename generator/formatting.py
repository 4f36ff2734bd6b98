"""ruff, driven for render: the generated modules formatted in batches while the rest are rendered.

ruff is another process and formats on other cores, so a module need not wait for every other one
to be rendered: :class:`Formatter` takes the modules as they are rendered and, each time
:data:`BATCH` of them are at hand (or when told to, :meth:`Formatter.flush`), starts ruff on them
in a scratch folder of their own, from a thread that waits for it.  Only ``ruff format`` runs: every
module's import block and ``__all__`` are written exact and sorted (:mod:`generator.imports`), as
``ruff check --select I,F401,RUF022 --fix`` would leave them.  ruff is pinned in the project's
dependencies, so the same modules always give the same bytes, whatever the batches.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sysconfig
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from .problems import Location, SpecError
from .staging import write_files

__all__ = ["BATCH", "Formatter", "ruff_program"]

BATCH = 800
"""Modules a background ``ruff format`` gets: enough that its start-up is small beside its work, few
enough that the first batch starts early in a big client's rendering (Stripe's has about 4,400)."""


@functools.cache
def ruff_program() -> str:
    """The ruff installed beside this Python (the pinned dependency), else the one on PATH: looked for
    once a process (render and its :class:`Formatter` both ask)."""
    beside = Path(sysconfig.get_path("scripts")) / ("ruff.exe" if os.name == "nt" else "ruff")
    if beside.is_file():
        return os.fspath(beside)
    return shutil.which("ruff") or "ruff"


def _scratch_parent() -> str | None:
    """Where ruff's scratch copies go: memory (``/dev/shm``) when the system has it.

    Thousands of small files are written and read back once; on a disk that costs seconds,
    in memory a tenth of a second.  ``TMPDIR``, when set, is respected.
    """
    shm = "/dev/shm"  # noqa: S108  # a private TemporaryDirectory inside it, removed afterwards
    if not os.environ.get("TMPDIR") and os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return None


def _format_command(ruff: str) -> list[str]:
    return [ruff, "format", "--isolated", "--no-cache", "--line-length", "100", "--quiet", "."]


def _not_parsed(stderr: str, stdout: str) -> SpecError:
    first = (stderr or stdout).strip().splitlines()[:3]
    return SpecError.at(Location(Path("<generated>")), "generated code does not parse: " + " | ".join(first))


class _Batch:
    """Modules in a scratch folder of their own and a thread that runs ``ruff format`` over them in the background."""

    def __init__(self, modules: Mapping[str, str], ruff: str) -> None:
        self.modules = modules
        self.scratch = tempfile.TemporaryDirectory(prefix="clientgen-", dir=_scratch_parent())
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False
        self._outcome: subprocess.CompletedProcess[str] | Exception | None = None
        try:
            write_files(self.scratch.name, [(path, text.encode("utf-8")) for path, text in modules.items()])
        except BaseException:
            self.scratch.cleanup()
            raise
        command = _format_command(ruff)
        self._thread = threading.Thread(target=self._run, args=(command,), name="clientgen-ruff", daemon=True)
        self._thread.start()

    def _run(self, command: list[str]) -> None:
        try:
            with self._lock:
                if self._stopped:
                    return
                pipe, where = subprocess.PIPE, self.scratch.name
                self._process = process = subprocess.Popen(command, cwd=where, stdout=pipe, stderr=pipe, text=True)
            stdout, stderr = process.communicate()
            self._outcome = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        except Exception as error:  # raised again by formatted(), in the caller's thread
            self._outcome = error

    def formatted(self) -> dict[str, str]:
        """Wait for ruff; the modules as it formatted them."""
        self._thread.join()
        outcome = self._outcome
        if isinstance(outcome, Exception):
            raise outcome
        if outcome is None or outcome.returncode != 0:
            raise _not_parsed(outcome.stderr if outcome else "stopped", outcome.stdout if outcome else "")
        root = Path(self.scratch.name)
        return {path: (root / path).read_text(encoding="utf-8") for path in self.modules}

    @property
    def running(self) -> bool:
        """ruff is at work on this batch (or about to be)."""
        return self._thread.is_alive()

    def close(self) -> None:
        """Stop ruff if it still runs (a failure or Ctrl-C elsewhere) and remove the scratch folder."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()
        self.scratch.cleanup()


class Formatter:
    """The generated modules, formatted by ruff in batches as they come (see the module's text).

    Use it as a context manager: on leaving, every ruff still running is stopped and every scratch
    folder removed, whether :meth:`formatted` was reached or not.
    """

    def __init__(self, *, batch: int = BATCH) -> None:
        self.batch = batch
        self.ruff = ruff_program()
        self.pending: dict[str, str] = {}  # waiting for a batch
        self.running: list[_Batch] = []

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *exc: object) -> None:
        for batch in self.running:
            batch.close()
        self.running.clear()

    def add(self, path: str, text: str) -> None:
        """One module to format."""
        self.pending[path] = text
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Start ruff on the modules added since the last batch began, however few."""
        if self.pending:
            self.running.append(_Batch(self.pending, self.ruff))
            self.pending = {}

    def formatted(self) -> dict[str, str]:
        """Every module added, formatted (the last ones started now, then every batch awaited)."""
        self.flush()
        done: dict[str, str] = {}
        for batch in self.running:
            done.update(batch.formatted())
        return done
