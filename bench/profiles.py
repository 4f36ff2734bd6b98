"""cProfile summaries for the benchmark report: the top functions and the pipeline's stages."""

from __future__ import annotations

import pstats
from pathlib import Path
from typing import Any

# pipeline stages: (file suffix, function) -> label
STAGES = {
    ("generator/pipeline.py", "generate"): "all of generate()",
    ("generator/load.py", "load"): "1. load (read + parse YAML)",
    ("generator/swagger2.py", "convert"): "   Swagger 2 conversion",
    ("generator/normalize.py", "normalize"): "2. normalize",
    ("generator/build/api.py", "build"): "3. build (IR)",
    ("generator/load.py", "line_of"): "   line numbers for warnings (inside build)",
    ("generator/render.py", "render"): "4. render (templates + ruff)",
    ("generator/formatting.py", "formatted"): "   waiting for ruff (inside render)",
    ("generator/write.py", "write"): "5. write",
}


def _wrapper(label: str) -> bool:
    """Frames that only start the program (runpy, exec, __main__, the CLI)."""
    return any(part in label for part in ("builtins.exec", "<frozen runpy>", "<string>", "__main__.py", "cli.py"))


def profile_tables(path: Path, top: int) -> dict[str, Any]:
    """The top functions by cumulative and by own time, and the pipeline's stages, from a cProfile file."""
    stats = pstats.Stats(str(path))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def label(func: tuple[str, int, str]) -> str:
        filename, line, name = func
        short = filename
        for marker in ("/site-packages/", "/src/", "/bench/", "/generator/", "/lib/python3.11/"):
            if marker in filename:
                short = filename.split(marker, 1)[1]
                short = (marker.strip("/") + "/" + short) if marker in ("/bench/", "/generator/") else short
                break
        return f"{short}:{line}({name})" if line else name

    rows = [(func, cc, nc, tt, ct) for func, (cc, nc, tt, ct, _callers) in raw.items()]
    by_cum = sorted(rows, key=lambda r: r[4], reverse=True)
    by_own = sorted(rows, key=lambda r: r[3], reverse=True)
    stages = []
    for (suffix, name), text in STAGES.items():
        matches = [r for r in rows if r[0][0].endswith(suffix) and r[0][2] == name]
        if matches:
            stages.append((text, max(m[4] for m in matches)))
    return {
        "total": total,
        "stages": stages,
        "by_cumulative": [(label(r[0]), r[2], r[4]) for r in by_cum if not _wrapper(label(r[0]))][:top],
        "by_own": [(label(r[0]), r[2], r[3]) for r in by_own[:top]],
    }


def profile_section(lines: list[str], prof: dict[str, Any], title: str) -> None:
    total = prof["total"] or 1.0
    lines.append(title)
    lines.append("")
    if prof.get("stages"):
        lines += ["| stage | seconds | share |", "| --- | ---: | ---: |"]
        for text, seconds in prof["stages"]:
            lines.append(f"| {text} | {seconds:.2f} | {seconds / total:.0%} |")
        lines.append("")
    lines += ["By cumulative time (the function and what it calls):", ""]
    lines += ["| function | calls | cumulative s | share |", "| --- | ---: | ---: | ---: |"]
    for name, calls, seconds in prof["by_cumulative"]:
        lines.append(f"| `{name}` | {calls} | {seconds:.2f} | {seconds / total:.0%} |")
    lines += ["", "By own time (in the function itself):", ""]
    lines += ["| function | calls | own s | share |", "| --- | ---: | ---: | ---: |"]
    for name, calls, seconds in prof["by_own"]:
        lines.append(f"| `{name}` | {calls} | {seconds:.2f} | {seconds / total:.0%} |")
    lines.append("")
