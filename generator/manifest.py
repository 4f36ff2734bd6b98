"""The no-change fast path: a manifest of what an output folder was generated from.

After a successful run, ``OUTPUT/.clientgen-manifest.json`` records a key (a
hash of clientgen's version and its own source and templates, the versions of
the tools that shape the output, the client's configuration and how the run was
invoked), the SHA-256 of every input file (the spec and every file it
``$ref``\\s, or every file of the documentation folder), of every generated file
and of the files written beside the project (normalized spec, synthesis report),
and the run's warnings.  The next run with the same key, inputs and outputs on
disk has nothing to do: the pipeline returns without loading the spec.

Paths in the manifest are relative to the output folder and nothing in it
depends on the machine, the clock or the mtimes.  Hashing the raw input bytes
is the whole cost of a match; any difference (or a missing or unreadable
manifest) falls back to the full run, which writes a new manifest.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .assets import templates_dir
from .config import ClientConfig
from .ownership import MANIFEST
from .problems import Level, Location, Problem
from .write import replace_file

__all__ = ["MANIFEST", "Manifest", "config_digest", "generator_digest", "invocation_key", "relative"]

FORMAT = 2
_TOOLS = ("jinja2", "PyYAML", "ruff")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return _sha256(handle.read())
    except OSError:
        return None


def relative(path: Path, output: Path) -> str:
    """``path`` relative to the output folder, with forward slashes."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(output)).replace(os.sep, "/")


def _tree(folder: Path, pattern: str) -> Iterable[tuple[str, Path]]:
    """The files under ``folder`` whose names match ``pattern``, but in ``__pycache__`` and hidden
    folders and files (a tool's cache, such as the ``.ruff_cache`` ruff leaves beside
    ``templates/runtime/ruff.toml``), in the order of ``sorted(folder.rglob(pattern))``: by path
    parts.  ``os.walk`` lists them in a fifth of the time."""
    found: list[tuple[list[str], str]] = []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__" and not name.startswith(".")]
        prefix = os.path.relpath(top, folder).replace(os.sep, "/")
        for name in fnmatch.filter([name for name in files if not name.startswith(".")], pattern):
            if os.path.isfile(os.path.join(top, name)):
                relative = name if prefix == "." else f"{prefix}/{name}"
                found.append((relative.split("/"), relative))
    for _, relative in sorted(found):
        yield relative, folder / relative


def _version(distribution: str) -> str:
    """The installed version of ``distribution`` ("" when none is)."""
    return _installed().get(_project_key(distribution), "")


def _project_key(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


@functools.cache
def _installed() -> dict[str, str]:
    """Installed projects and their versions, found the way ``importlib.metadata`` finds them
    (the first ``*.dist-info`` folder on ``sys.path``) without loading it (a fifth of an
    unchanged run's time); each folder of ``sys.path`` is listed once."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in sorted(names):
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                if version:
                    found.setdefault(_project_key(project), version)
    return found


def sources() -> tuple[tuple[str, Path, str], ...]:
    """What the generator is made of: (name, folder, glob) of its source and its templates."""
    return (("generator", Path(__file__).parent, "*.py"), ("templates", templates_dir(), "*"))


@functools.cache
def generator_digest() -> str:
    """clientgen's version, source and templates, and the versions of what else shapes the output."""
    digest = hashlib.sha256()
    parts = [f"clientgen {__version__}", "python {}.{}".format(*sys.version_info[:2])]
    parts += [f"{name} {_version(name)}" for name in _TOOLS]
    for part in parts:
        digest.update(part.encode() + b"\0")
    for prefix, folder, pattern in sources():
        for name, path in _tree(folder, pattern):
            digest.update(f"{prefix}/{name}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def config_digest(config: ClientConfig, output: Path) -> str:
    """Every configuration value that reaches the output; paths relative to the output folder."""
    data = _plain(config, output)
    data.pop("config_file", None)
    data.pop("output", None)
    return _sha256(json.dumps(data, sort_keys=True).encode())


def _plain(value: Any, output: Path) -> Any:
    """``value`` as JSON data: a record (named tuple) as an object of its fields, paths relative to ``output``."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: _plain(item, output) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, Mapping):
        return {key: _plain(item, output) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item, output) for item in value]
    return relative(value, output) if isinstance(value, Path) else value


def invocation_key(config: ClientConfig, output: Path, how: Mapping[str, object]) -> str:
    text = json.dumps(
        {"generator": generator_digest(), "config": config_digest(config, output), "run": how}, sort_keys=True
    )
    return _sha256(text.encode())


def _warning_json(problem: Problem, output: Path) -> dict[str, object]:
    where = problem.location
    return {
        "file": relative(where.file, output),
        "absolute": where.file.is_absolute(),
        "pointer": where.pointer,
        "line": where.line,
        "message": problem.message,
        "level": problem.level.value,
        "kind": problem.kind,
    }


def _warning(data: Mapping[str, Any], output: Path) -> Problem:
    path = os.path.normpath(os.path.join(os.path.abspath(output), data["file"]))
    file = Path(path if data["absolute"] else os.path.relpath(path))
    location = Location(file, data["pointer"], data["line"])
    return Problem(Level(data["level"]), location, data["message"], data["kind"])


class Manifest(NamedTuple):
    key: str
    inputs: dict[str, str]
    """Input files by path relative to the output folder: their SHA-256."""
    outputs: dict[str, str]
    """Generated files by path relative to the output folder."""
    beside: dict[str, str]
    """Files written outside the project (the normalized spec, the synthesis report)."""
    warnings: tuple[dict[str, object], ...] = ()
    operations_in_spec: int = 0
    operations_generated: int = 0

    @classmethod
    def make(
        cls,
        key: str,
        output: Path,
        inputs: Iterable[Path],
        files: Mapping[str, str],
        beside: Mapping[Path, str],
        warnings: Iterable[Problem],
        operations: tuple[int, int],
    ) -> Manifest:
        return cls(
            key,
            {relative(p, output): digest for p in inputs if (digest := file_digest(p)) is not None},
            {name: _sha256(text.encode("utf-8")) for name, text in files.items()},
            {relative(p, output): _sha256(text.encode("utf-8")) for p, text in beside.items()},
            tuple(_warning_json(p, output) for p in warnings),
            *operations,
        )

    def text(self) -> str:
        data = {"format": FORMAT, **self._asdict()}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def saved(self, output: Path) -> bool:
        """``output`` holds this manifest already."""
        try:
            return (output / MANIFEST).read_text(encoding="utf-8") == self.text()
        except (OSError, UnicodeDecodeError):
            return False

    def save(self, output: Path) -> None:
        if not self.saved(output):
            replace_file(output / MANIFEST, self.text().encode("utf-8"))

    def problems(self, output: Path) -> tuple[Problem, ...]:
        return tuple(_warning(w, output) for w in self.warnings)

    @classmethod
    def matching(cls, output: Path, key: str, inputs: Iterable[Path] | None = None) -> Manifest | None:
        """The recorded manifest when nothing it depends on changed, else None.

        ``inputs``: the input files the run would read, when that set is known
        before parsing (a documentation folder); otherwise the recorded ones are hashed.
        """
        try:
            data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
            if data.pop("format") != FORMAT or data["key"] != key:
                return None
            manifest = cls(**{**data, "warnings": tuple(data["warnings"])})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if inputs is not None and {relative(p, output) for p in inputs} != set(manifest.inputs):
            return None
        root = os.fspath(output)
        for recorded in (manifest.inputs, manifest.beside, manifest.outputs):
            for name, digest in recorded.items():
                if file_digest(os.path.join(root, name)) != digest:
                    return None
        return manifest
