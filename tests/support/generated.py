"""Generate a client from an inline spec into a temporary folder and make it importable."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.config import ClientConfig
from generator.pipeline import generate


@contextmanager
def generated_package(root: Path, package: str, spec: str) -> Iterator[Path]:
    """Generate ``package`` from the YAML text ``spec`` under ``root`` and put its ``src`` on ``sys.path``.

    Yields the generated project's folder; afterwards ``src`` leaves ``sys.path``
    and the package's modules leave ``sys.modules``, so another test may
    generate a package of the same name.
    """
    path = root / "openapi.yaml"
    path.write_text(textwrap.dedent(spec).lstrip(), encoding="utf-8")
    out = root / "out"
    generate([path], ClientConfig.for_package(package, out))
    src = str(out / "src")
    sys.path.insert(0, src)
    try:
        yield out
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
