"""Check that the fast YAML reader gives PyYAML's data, exactly, on every YAML file of a corpus.

    python -m tools.yaml_parity [FOLDER ...]      (default: ../shared/corpus, specs/, tests/hostile/specs/)

For each ``.yaml``/``.yml`` file it reads the text with :func:`generator.fastyaml.fast_load` and
with PyYAML as :mod:`generator.load` does (:func:`generator.load.parse_yaml`), and compares the
two: same types (``True`` is not ``1``, ``1`` is not ``1.0``), same values, same key order.  A
file the fast reader declines is read by PyYAML anyway: counted, not compared.  It also reads
every file with yaml-rs regardless of the scan, to show which files the scan keeps from it.
Exit 1 when a file the fast reader accepts differs from PyYAML (or PyYAML refuses it).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.fastyaml import fast_load, risky  # noqa: E402
from generator.load import parse_yaml  # noqa: E402
from generator.problems import SpecError  # noqa: E402

__all__ = ["first_difference", "main", "parity"]

DEFAULT = (ROOT.parent / "shared" / "corpus", ROOT / "specs", ROOT / "tests" / "hostile" / "specs")


def first_difference(a: Any, b: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first place where ``a`` and ``b`` differ in type, value or key order; None if none."""
    if type(a) is not type(b):
        return f"{pointer or '/'}: {type(a).__name__} {a!r:.60} vs {type(b).__name__} {b!r:.60}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{pointer or '/'}: keys {list(a)!r:.80} vs {list(b)!r:.80}"
        found = (first_difference(a[k], b[k], f"{pointer}/{k}") for k in a)
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{pointer or '/'}: {len(a)} items vs {len(b)}"
        found = (first_difference(x, y, f"{pointer}/{i}") for i, (x, y) in enumerate(zip(a, b, strict=True)))
    else:
        same = a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
        return None if same else f"{pointer or '/'}: {a!r:.60} vs {b!r:.60}"
    return next((d for d in found if d is not None), None)


def _files(folders: Sequence[Path]) -> Iterator[Path]:
    for folder in folders:
        yield from sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _reference(path: Path, text: str) -> tuple[bool, Any]:
    try:
        return True, parse_yaml(path, text)
    except (SpecError, RecursionError):
        return False, None


def parity(folders: Sequence[Path]) -> tuple[dict[str, int], list[str], list[str]]:
    """(counts, differences of accepted files, files whose raw yaml-rs data differs and the scan declined)."""
    import yaml_rs

    counts = {"files": 0, "fast": 0, "declined": 0, "raw differs": 0}
    wrong: list[str] = []
    kept: list[str] = []
    for path in _files(folders):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        counts["files"] += 1
        ok, reference = _reference(path, text)
        fast = fast_load(text)
        counts["fast" if fast is not None else "declined"] += 1
        if fast is not None:
            difference = first_difference(reference, fast) if ok else "PyYAML refuses it"
            if difference is not None:
                wrong.append(f"{path}: {difference}")
        try:
            raw = yaml_rs.loads(text, parse_datetime=False)
            raw_difference = first_difference(reference, raw) if ok else "PyYAML refuses it"
        except Exception as error:  # yaml-rs refuses it: fast_load declines
            raw_difference = None if not ok else f"yaml-rs refuses it: {type(error).__name__}"
        if raw_difference is not None and ok:
            counts["raw differs"] += 1
            kept.append(f"{path}: {raw_difference} ({'declined by the scan' if risky(text) else 'yaml-rs refuses'})")
    return counts, wrong, kept


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT))
    parser.add_argument("--verbose", action="store_true", help="also list the files the scan keeps from yaml-rs")
    args = parser.parse_args(argv)
    counts, wrong, kept = parity(args.folders)
    print(", ".join(f"{count} {name}" for name, count in counts.items()))
    for line in kept if args.verbose else ():
        print(f"kept from yaml-rs: {line}")
    for line in wrong:
        print(f"DIFFERENT: {line}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
