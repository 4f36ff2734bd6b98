"""Time the pipeline's stages of one ``clientgen generate`` without a profiler; print JSON.

    python -m bench.stages SPEC OUTPUT PACKAGE

The stage functions are wrapped with a timer where the pipeline looks them up, then the
command runs as usual.  The wrappers cost a few microseconds a call, so unlike cProfile
this shows the real split.  A stage whose function is no longer where this expects it is
left out.  Nested rows (ruff inside render; YAML line numbers, which warnings ask for, in
whichever stage warns) are also counted in their stage.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

# (module, attribute, label); "Class.method" patches a method.  The pipeline imports each stage
# where it runs it, so the stage functions are patched in their own modules.
STAGES = (
    ("generator.load", "load", "1. load: read and parse the files"),
    ("generator.swagger2", "convert", "   Swagger 2 conversion"),
    ("generator.normalize", "normalize", "2. normalize"),
    ("generator.specfiles", "dump_spec", "   normalized spec dumped (when configured)"),
    ("generator.build", "build", "3. build: the IR"),
    ("generator.load", "Document.line_of", "   line numbers for warnings (inside build)"),
    ("generator.render", "render", "4. render: templates"),
    ("generator.formatting", "Formatter.formatted", "   waiting for ruff (inside render)"),
    ("generator.pipeline", "plan", "5. write: planned against the record"),
    ("generator.pipeline", "apply", "5. write: files replaced"),
)


def _timed(label: str, function: Callable[..., Any], totals: dict[str, list[float]]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            entry = totals.setdefault(label, [0.0, 0])
            entry[0] += time.perf_counter() - start
            entry[1] += 1

    return wrapper


def main(argv: list[str]) -> int:
    spec, output, package = argv
    totals: dict[str, list[float]] = {}
    for module_name, attribute, label in STAGES:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is not None and callable(getattr(owner, name, None)):
            setattr(owner, name, _timed(label, getattr(owner, name), totals))
    from generator.cli import main as clientgen

    start = time.perf_counter()
    code = clientgen(["generate", spec, "--output", output, "--package-name", package])
    total = time.perf_counter() - start
    order = [label for _, _, label in STAGES]
    stages = [(label, totals[label][0], totals[label][1]) for label in order if label in totals]
    print(json.dumps({"exit": code, "total": total, "stages": stages}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
