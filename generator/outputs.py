"""Output folders clientgen refuses before it reads or writes anything.

An output folder must be a folder of its own.  :func:`refuse_dangerous` stops a
run (a :class:`~generator.problems.SpecError`, exit 2, one line) when the output

* is an existing file;
* is the root of a git work tree (it holds ``.git``);
* is, or contains, an input: the spec, a file the spec ``$ref``\\s, or the
  documentation folder a spec is synthesized from;
* is, or contains, the folder of ``clientgen.toml`` (the one the run was
  configured by, or for ``clientgen generate`` the one found in the current
  folder or above it), or the output folder of a client configured there;
* lies inside the output folder of another client (a folder above it holds a
  record of generated files, see :mod:`generator.ownership`).

Paths are compared after resolving symbolic links.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .config import ClientConfig, load_config
from .ownership import RECORD
from .problems import Location, SpecError

__all__ = [
    "CONFIG_NAME",
    "find_config",
    "refuse_dangerous",
    "refuse_file",
    "refuse_inputs",
    "refuse_written_files",
]

CONFIG_NAME = "clientgen.toml"


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(inner: Path, outer: Path) -> bool:
    """``inner`` is ``outer`` or below it (both resolved)."""
    return inner == outer or outer in inner.parents


def find_config(start: Path) -> Path | None:
    """The ``clientgen.toml`` in ``start`` or the nearest folder above it."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _configured_outputs(config: ClientConfig) -> tuple[Path | None, list[tuple[str, Path]]]:
    """The configuration file that surrounds this run, and the output folders of its other clients."""
    config_file = config.config_file or find_config(Path.cwd())
    if config_file is None:
        return None, []
    try:
        clients = load_config(config_file)
    except SpecError:
        return config_file, []  # a broken configuration is reported by the command that reads it
    mine = config.name if config.config_file is not None else None
    return config_file, [(name, client.output) for name, client in clients.items() if name != mine]


def refuse_dangerous(config: ClientConfig, inputs: Iterable[Path] = ()) -> None:
    """Raise :class:`SpecError` when ``config.output`` is a place clientgen must not write (see the module).

    ``inputs``: the files (or documentation folder) the run reads.
    """
    output = config.output
    where = Location(output, "", 1)
    refuse_file(output)
    real = _real(output)
    if (real / ".git").exists():
        raise SpecError.at(where, "the output is the root of a git work tree; generate into a folder of its own")
    config_file, others = _configured_outputs(config)
    if config_file is not None and _within(_real(config_file.parent), real):
        raise SpecError.at(where, f"the output holds {config_file}'s folder; choose a folder of its own")
    for name, other in others:
        if _within(_real(other), real):
            raise SpecError.at(where, f"the output is or holds {other}, the folder of client {name!r} in {config_file}")
    for folder in real.parents:
        if (folder / RECORD).is_file():
            raise SpecError.at(where, f"the output lies inside {folder}, which another client's generation owns")
    refuse_inputs(output, inputs)


def refuse_file(output: Path) -> None:
    """Raise :class:`SpecError` when ``output`` is an existing file rather than a folder."""
    if output.exists() and not output.is_dir():
        raise SpecError.at(Location(output, "", 1), "the output is an existing file, not a folder")


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Raise :class:`SpecError` when ``output`` is, or contains, one of ``inputs`` (the files a run reads);
    the rest of :func:`refuse_dangerous`, for the files known only once the spec is loaded."""
    real = _real(output)
    for path in inputs:
        if _within(_real(path), real):
            where = Location(output, "", 1)
            raise SpecError.at(where, f"the output holds an input of this run, {path}; choose another folder")


def refuse_written_files(docs: Path, targets: Iterable[Path]) -> None:
    """Raise :class:`SpecError` when a file ``clientgen synthesize`` writes is a folder, or lies among the
    pages it reads."""
    pages = _real(docs)
    for target in targets:
        where = Location(target, "", 1)
        if target.is_dir():
            raise SpecError.at(where, "the output is an existing folder; name the file to write")
        if _within(_real(target), pages):
            raise SpecError.at(where, f"the output lies among the documentation pages it is made from ({docs})")
