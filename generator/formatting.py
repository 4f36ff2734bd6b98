"""ruff, driven for render: the generated modules formatted in batches while the rest are rendered.

ruff is another process and formats on other cores, so a module need not wait for every other one
to be rendered: :class:`Formatter` takes the modules as they are rendered and, each time
:data:`BATCH` of them are at hand whose import blocks are exact already (the models and enums, whose
blocks :mod:`generator.imports` writes sorted), starts ``ruff format`` on that batch in a scratch
folder of its own.  The modules whose imports still need fixing (``ruff check --fix``: sorted, the
unused dropped, ``__all__`` sorted) wait for the last batch, which is fixed, then formatted, while
the earlier batches finish.  ruff is pinned in the project's dependencies, so the same modules
always give the same bytes, whatever the batches.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from .problems import Location, SpecError
from .staging import write_files

__all__ = ["BATCH", "Formatter", "format_python", "ruff_program"]

BATCH = 800
"""Modules a background ``ruff format`` gets: enough that its start-up is small beside its work, few
enough that the first batch starts early in a big client's rendering (Stripe's has about 4,400)."""


def ruff_program() -> str:
    """The ruff installed beside this Python (the pinned dependency), else the one on PATH."""
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


def _fix_command(ruff: str) -> list[str]:
    """Imports sorted, the unused dropped, ``__all__`` sorted: pure functions of the text."""
    select = "I,F401,RUF022"
    return [ruff, "check", "--isolated", "--no-cache", "--select", select, "--fix", "--exit-zero", "--quiet"]


def _not_parsed(stderr: str, stdout: str) -> SpecError:
    first = (stderr or stdout).strip().splitlines()[:3]
    return SpecError.at(Location(Path("<generated>")), "generated code does not parse: " + " | ".join(first))


class _Batch:
    """Modules in a scratch folder of their own, ``ruff format`` running over them in the background."""

    def __init__(self, modules: Mapping[str, str], ruff: str) -> None:
        self.modules = modules
        self.scratch = tempfile.TemporaryDirectory(prefix="clientgen-", dir=_scratch_parent())
        root = self.scratch.name
        try:
            write_files(root, [(path, text.encode("utf-8")) for path, text in modules.items()])
            self.process = subprocess.Popen(
                _format_command(ruff), cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        except BaseException:
            self.scratch.cleanup()
            raise

    def formatted(self) -> dict[str, str]:
        """Wait for ruff; the modules as it formatted them."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise _not_parsed(stderr, stdout)
        root = Path(self.scratch.name)
        return {path: (root / path).read_text(encoding="utf-8") for path in self.modules}

    def close(self) -> None:
        """Stop ruff if it still runs (a failure or Ctrl-C elsewhere) and remove the scratch folder."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()  # waits, and closes the pipes
        self.scratch.cleanup()


class Formatter:
    """The generated modules, formatted by ruff in batches as they come (see the module's text).

    Use it as a context manager: on leaving, every ruff still running is stopped and every scratch
    folder removed, whether :meth:`formatted` was reached or not.
    """

    def __init__(self, *, batch: int = BATCH) -> None:
        self.batch = batch
        self.ruff = ruff_program()
        self.exact: dict[str, str] = {}  # import blocks exact: waiting for a batch
        self.unfixed: dict[str, str] = {}  # imports to fix first: the last batch
        self.running: list[_Batch] = []

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *exc: object) -> None:
        for batch in self.running:
            batch.close()
        self.running.clear()

    def add(self, path: str, text: str, *, imports_exact: bool) -> None:
        """One module to format; ``imports_exact``: its import block needs no fixing."""
        if not imports_exact:
            self.unfixed[path] = text
            return
        self.exact[path] = text
        if len(self.exact) >= self.batch:
            self.running.append(_Batch(self.exact, self.ruff))
            self.exact = {}

    def formatted(self) -> dict[str, str]:
        """Every module added, formatted: the last batch's imports fixed first, then all awaited."""
        last = {**self.exact, **self.unfixed}
        self.exact, fix, self.unfixed = {}, sorted(self.unfixed), {}
        done: dict[str, str] = {}
        if last:
            done.update(self._fix_and_format(last, fix))
        for batch in self.running:
            done.update(batch.formatted())
        return done

    def _fix_and_format(self, modules: Mapping[str, str], fix: list[str]) -> dict[str, str]:
        with tempfile.TemporaryDirectory(prefix="clientgen-", dir=_scratch_parent()) as root:
            write_files(root, [(path, text.encode("utf-8")) for path, text in modules.items()])
            if fix:
                targets = fix if len(fix) <= 1000 else ["."]  # "." on a long list: exact blocks stay as they are
                subprocess.run([*_fix_command(self.ruff), "--", *targets], cwd=root, capture_output=True, check=False)
            result = subprocess.run(_format_command(self.ruff), cwd=root, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise _not_parsed(result.stderr, result.stdout)
            return {path: Path(root, path).read_text(encoding="utf-8") for path in modules}


def format_python(
    files: Mapping[str, str], sorted_imports: Collection[str] = (), *, verbatim: Collection[str] = ()
) -> dict[str, str]:
    """``files`` with every ``.py`` module formatted by ruff, but those in ``verbatim`` (formatted
    already, as ruff made them in an earlier run).  The imports of every module are fixed first
    (sorted, the unused dropped, ``__all__`` sorted), except in ``sorted_imports``, whose import
    blocks are written that way already (and which have no ``__all__``)."""
    exact = frozenset(sorted_imports)
    with Formatter() as formatter:
        for path, text in files.items():
            if path.endswith(".py") and path not in verbatim:
                formatter.add(path, text, imports_exact=path in exact)
        formatted = formatter.formatted()
    return {path: formatted.get(path, text) for path, text in files.items()}
