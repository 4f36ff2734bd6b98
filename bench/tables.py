"""The arithmetic and the cells of the benchmark report: medians, paired ratios, failures."""

from __future__ import annotations

import statistics
from typing import Any

Target = tuple[str, str, str, bool | None]
"""A row of the targets table: area, target, where it stands now, met (``None``: not measured)."""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def sec(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def msec(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def ratio(value: float | None, base: float | None) -> str:
    if value is None or base is None or base == 0:
        return "–"
    return f"{value / base:.1f}x"


def mark(met: bool | None) -> str:
    return {True: "**met**", False: "not met", None: "not measured"}[met]


def runs(results: dict[str, Any], section: str, key: str) -> list[dict[str, Any]]:
    return list(results.get(section, {}).get(key, []))


def paired(runs: list[dict[str, Any]], floors: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """Median and min of the per-round ratios ``run / floor`` (both lists hold one run per round, in order)."""
    ratios = [r["wall"] / f["wall"] for r, f in zip(runs, floors, strict=False) if r.get("rc") == 0 and f["wall"]]
    return (median(ratios), min(ratios)) if ratios else (None, None)


def pair_text(median: float | None, least: float | None) -> str:
    return "–" if median is None else f"{median:.2f}x (min {least:.2f}x)"


def gen_stats(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r.get("rc") == 0]
    failed = [r for r in runs if r.get("rc") != 0]
    return {
        "wall": median([r["wall"] for r in ok]),
        "min": min((r["wall"] for r in ok), default=None),
        "peak": median([r["peak_mb"] for r in ok]),
        "failed": failed,
        "failed_wall": median([r["wall"] for r in failed]),
        "failed_peak": median([r["peak_mb"] for r in failed]),
        "n": len(runs),
    }


def said(tail: list[str]) -> list[str]:
    """The lines of a failure's output that say what went wrong (not banners, boxes or links)."""
    noise = ("If you believe", "For further information", "Command exited", "│", "╭", "╰", "─")
    lines = [line.strip() for line in tail if line.strip() and not any(n in line for n in noise)]
    return lines[-4:]


def failure(stats: dict[str, Any]) -> str:
    first = stats["failed"][0]
    what = "timed out" if first.get("rc") is None else f"crashed (exit {first['rc']})"
    tail = " ".join(said(first.get("tail", [])))[-200:].replace("|", "\\|").replace("`", "'")
    return f"{what} after {sec(stats['failed_wall'], 1)} s, {sec(stats['failed_peak'], 0)} MB: `{tail}`"
