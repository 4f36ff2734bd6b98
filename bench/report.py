"""docs/benchmarks.md from the raw results of one run, and cProfile summaries."""

from __future__ import annotations

import pstats
import statistics
from pathlib import Path
from typing import Any

TOOLS = {
    "parse": "parse floor (yaml C loader / json)",
    "clientgen": "clientgen generate",
    "clientgen-unchanged": "clientgen generate, nothing changed",
    "opc": "openapi-python-client",
    "opc-literal": "openapi-python-client, literal_enums",
    "dcg": "datamodel-code-generator (models only)",
}
DECODERS = {
    "clientgen": "clientgen from_dict (+ json.loads)",
    "clientgen-client": "clientgen, through the client (bytes to models; msgspec's JSON step when installed)",
    "clientgen-client-stdlib": "clientgen, through the client, the JSON step by the standard library",
    "opc": "openapi-python-client from_dict (+ json.loads)",
    "pydantic": "pydantic v2 model_validate, datamodel-code-generator (+ json.loads)",
    "pydantic-json": "pydantic v2 TypeAdapter.validate_json (parses itself)",
}
COLLECTOR = {"off": "off for both", "on": "on for both"}
DECODE_TARGET = 1.5
"""Issue 19: decoding within 1.5x of ``json.loads``, like for like."""
Target = tuple[str, str, str, bool | None]
"""A row of the targets table: area, target, where it stands now, met (``None``: not measured)."""
README_BEGIN = "<!-- bench:begin: written by `python -m bench` from its latest run; do not edit -->"
README_END = "<!-- bench:end -->"
# pipeline stages: (file suffix, function) -> label
STAGES = {
    ("generator/pipeline.py", "generate"): "all of generate()",
    ("generator/load.py", "load"): "1. load (read + parse YAML)",
    ("generator/swagger2.py", "convert"): "   Swagger 2 conversion",
    ("generator/normalize.py", "normalize"): "2. normalize",
    ("generator/build/api.py", "build"): "3. build (IR)",
    ("generator/load.py", "line_of"): "   line numbers for warnings (inside build)",
    ("generator/render.py", "render"): "4. render (templates + ruff)",
    ("generator/render.py", "format_python"): "   ruff (inside render)",
    ("generator/write.py", "write"): "5. write",
}


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _s(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f}"


def _ratio(value: float | None, base: float | None) -> str:
    if value is None or base is None or base == 0:
        return "–"
    return f"{value / base:.1f}x"


def _mark(met: bool | None) -> str:
    return {True: "**met**", False: "not met", None: "not measured"}[met]


def _runs(results: dict[str, Any], section: str, key: str) -> list[dict[str, Any]]:
    return list(results.get(section, {}).get(key, []))


def _paired(runs: list[dict[str, Any]], floors: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """Median and min of the per-round ratios ``run / floor`` (both lists hold one run per round, in order)."""
    ratios = [r["wall"] / f["wall"] for r, f in zip(runs, floors, strict=False) if r.get("rc") == 0 and f["wall"]]
    return (_median(ratios), min(ratios)) if ratios else (None, None)


def _pair_text(median: float | None, least: float | None) -> str:
    return "–" if median is None else f"{median:.2f}x (min {least:.2f}x)"


def _gen_stats(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r.get("rc") == 0]
    failed = [r for r in runs if r.get("rc") != 0]
    return {
        "wall": _median([r["wall"] for r in ok]),
        "min": min((r["wall"] for r in ok), default=None),
        "peak": _median([r["peak_mb"] for r in ok]),
        "failed": failed,
        "failed_wall": _median([r["wall"] for r in failed]),
        "failed_peak": _median([r["peak_mb"] for r in failed]),
        "n": len(runs),
    }


def _said(tail: list[str]) -> list[str]:
    """The lines of a failure's output that say what went wrong (not banners, boxes or links)."""
    noise = ("If you believe", "For further information", "Command exited", "│", "╭", "╰", "─")
    lines = [line.strip() for line in tail if line.strip() and not any(n in line for n in noise)]
    return lines[-4:]


def _failure(stats: dict[str, Any]) -> str:
    first = stats["failed"][0]
    what = "timed out" if first.get("rc") is None else f"crashed (exit {first['rc']})"
    tail = " ".join(_said(first.get("tail", [])))[-200:].replace("|", "\\|").replace("`", "'")
    return f"{what} after {_s(stats['failed_wall'], 1)} s, {_s(stats['failed_peak'], 0)} MB: `{tail}`"


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


def _profile_section(lines: list[str], prof: dict[str, Any], title: str) -> None:
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


def _diff_section(lines: list[str], results: dict[str, Any], targets: list[tuple[str, str, str, bool | None]]) -> None:
    """``clientgen diff`` of each spec: against itself, against a one-property edit, and the parse floor."""
    if not results.get("diff"):
        return
    lines += [
        "## Spec diff",
        "",
        "`clientgen diff --format json` of each spec against itself and against a copy whose first",
        "string-typed component property is an integer (a breaking change), whole command and peak RSS;",
        "the floor is a fresh interpreter that only parses both files. Target: within 2x the floor.",
        "Against itself, the two files are the same bytes, so the spec is built once (for its warnings)",
        "and the contract is not walked; the edit is walked in full and both sides are built. A small",
        "JSON spec parses in far less time than the generator takes to build its client, so its ratios",
        "measure the build, not the walk.",
        "",
        "| spec | case | median s | peak MB | vs parse floor | runs |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    names = sorted({key.split("/")[0] for key in results["diff"]}, key=lambda n: (n != "stripe", n))
    for name in names:
        floor = _gen_stats(_runs(results, "diff", f"{name}/parse"))["wall"]
        parses = len(_runs(results, "diff", f"{name}/parse"))
        lines.append(f"| {name} | parse both files | {_s(floor)} | – | 1.0x | {parses} |")
        for case, label in (("itself", "against itself"), ("edited", "against the edit")):
            stats = _gen_stats(_runs(results, "diff", f"{name}/{case}"))
            lines.append(
                f"| {name} | {label} | {_s(stats['wall'])} | {_s(stats['peak'], 0)} | {_ratio(stats['wall'], floor)} |"
                f" {stats['n']} |"
            )
            wall = stats["wall"]
            met = None if wall is None or floor is None else wall / floor <= 2
            targets.append(("Diff", f"{name} {label}: within 2x of parsing both", _ratio(wall, floor), met))
    lines.append("")


def _check_section(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    """``clientgen regenerate --check`` in a fresh clone, beside the parse floor of the same round."""
    check = results.get("check", {})
    if not check:
        return
    lines += [
        "## Fresh-clone check",
        "",
        "A git repository holding a generated client and its `clientgen.toml` is cloned afresh each round",
        "(`git clone`: nothing of an earlier run on disk, as in CI); then `clientgen regenerate --check`",
        "runs in the clone; then once more after a `clientgen regenerate` in that clone (what a developer's",
        "checkout has). The floor is a fresh interpreter parsing the spec in the same round, right before.",
        "",
        "| spec | case | median s | min s | peak MB | vs parse floor, paired | runs |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name in dict.fromkeys(key.split("/")[0] for key in check):
        floors = _runs(results, "check", f"{name}/parse")
        cases = (("parse", "parse floor"), ("fresh-clone", "fresh clone"), ("after-regenerate", "after a regenerate"))
        for case, label in cases:
            runs = _runs(results, "check", f"{name}/{case}")
            stats = _gen_stats(runs)
            median, least = _paired(runs, floors)
            status = f"{stats['n'] - len(stats['failed'])} of {stats['n']} ok"
            if stats["failed"]:
                status += "; " + _failure(stats)
            lines.append(
                f"| {name} | {label} | {_s(stats['wall'])} | {_s(stats['min'])} | {_s(stats['peak'], 0)} | "
                f"{_pair_text(median, least)} | {status} |"
            )
            if case == "fresh-clone":
                met = None if median is None or stats["failed"] else median <= 2
                text = f"{name}: `regenerate --check` in a fresh clone within 2x of the parse floor"
                targets.append(("Check", text, _pair_text(median, least), met))
    lines.append("")


def _decode_rows(dec: dict[str, Any], label: str, decoder: str, collector: str) -> dict[str, Any]:
    """Median and min of one decoder's times, and of its paired ratios to ``json.loads``, over the rounds."""
    runs = dec.get(f"{label}/{decoder}/{collector}", [])
    ok = [r for r in runs if "error" not in r]
    ratios = [ratio for r in ok for ratio in r["ratios"]]
    return {
        "median": _median([t for r in ok for t in [r["median"]]]),
        "min": min((r["min"] for r in ok), default=None),
        "floor": _median([r["floor_median"] for r in ok]),
        "ratio": _median(ratios),
        "ratio_min": min(ratios, default=None),
        "errors": [r["error"] for r in runs if "error" in r],
        "n": len(runs),
        "json_step": next((r["json_step"] for r in ok if "json_step" in r), None),
    }


def _decode_section(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    dec = results.get("decode", {})
    if not dec:
        return
    lines += [
        "## 4. Decode",
        "",
        "A 10,000-item list response, synthesized from the spec's schema with a fixed seed",
        "([bench/payloads.py](../bench/payloads.py)), turned from JSON text into models. Each decoder runs",
        "in its own fresh interpreter, which times pairs: the decoder, and `json.loads` of the same text",
        "(the floor), one right after the other, which goes first alternating, both with the garbage",
        'collector in the same state: "off for both" (disabled around each call) or "on for both" (enabled',
        "around each call; the client pauses it itself while it decodes a body, as it does in use). A ratio is",
        "per pair; the table gives the median and the least over every pair of every round. `validate_json`",
        'is given the list alone (without the envelope). "Through the client" is `APIResponse.parse()` of a',
        "200 response with that body, from its bytes to models, as a generated method returns it.",
        "",
    ]
    for label, info in results.get("decode_payloads", {}).items():
        lines.append(f"- {label}: `{info['file']}`, {info['bytes'] / 1e6:.1f} MB.")
    lines += [
        "",
        "| payload | decoder | collector | median ms | min ms | json.loads ms | vs json.loads, paired"
        " | vs clientgen | runs |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    labels = dict.fromkeys(key.split("/")[0] for key in dec)
    for label in labels:
        for collector, how in COLLECTOR.items():
            rows = {decoder: _decode_rows(dec, label, decoder, collector) for decoder in DECODERS}
            ours = rows["clientgen"]["median"]
            for decoder, text in DECODERS.items():
                row = rows[decoder]
                if not row["n"]:
                    continue
                status = f"{row['n'] - len(row['errors'])} of {row['n']} ok"
                status += f"; `{row['errors'][0][:120]}`" if row["errors"] else ""
                step = f" (JSON: {row['json_step']})" if row["json_step"] else ""
                lines.append(
                    f"| {label} | {text}{step} | {how} | {_ms(row['median'])} | {_ms(row['min'])} | "
                    f"{_ms(row['floor'])} | "
                    f"{_pair_text(row['ratio'], row['ratio_min'])} | {_ratio(row['median'], ours)} | {status} |"
                )
            if not label.startswith("Stripe"):
                continue
            for decoder, what in (("clientgen-client", "through the client"), ("clientgen", "plain from_dict")):
                row = rows[decoder]
                met = None if row["ratio"] is None else row["ratio"] <= DECODE_TARGET
                text = f"{label}, {what}, collector {how}: within {DECODE_TARGET}x of json.loads"
                targets.append(("Decode", text, _pair_text(row["ratio"], row["ratio_min"]), met))
            theirs, peer = rows["opc"]["median"], rows["pydantic"]["median"]
            if collector == "off":
                targets.append(
                    (
                        "Decode",
                        f"{label}: from_dict at least as fast as openapi-python-client's and pydantic v2's",
                        f"{_ratio(theirs, ours)} and {_ratio(peer, ours)} (theirs / ours)",
                        None if ours is None or theirs is None or peer is None else ours <= min(theirs, peer),
                    )
                )
    lines.append("")


def render(results: dict[str, Any]) -> str:
    """docs/benchmarks.md."""
    return _build(results)[0]


def readme_block(results: dict[str, Any]) -> str:
    """What the README quotes of a run: each target and where it stands, as the report's table says it."""
    machine = results["machine"]
    targets = _build(results)[1]
    lines = [
        f"In the latest run (`{machine['command']}`, {machine['date']}, commit {machine['commit']},"
        f" {machine['cpus']} CPUs{', quick mode: indicative only' if machine['quick'] else ''}):",
        "",
    ]
    lines += [f"- {target}: {now} ({_mark(met)})" for area, target, now, met in targets]
    return "\n".join(lines) + "\n"


def with_readme_block(readme: str, block: str) -> str:
    """``readme`` with the text between its bench markers replaced by ``block``."""
    begin, end = readme.index(README_BEGIN) + len(README_BEGIN), readme.index(README_END)
    return readme[:begin] + "\n" + block + readme[end:]


def _findings(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    """Which targets this run met, and where the time of what is left goes, from this run's figures."""
    lines += ["## 7. Findings of this run", ""]
    for met, title in ((True, "Met"), (False, "Not met"), (None, "Not measured in this run")):
        chosen = [f"{area}, {target}: {now}" for area, target, now, flag in targets if flag is met]
        if chosen:
            lines += [f"{title}:", "", *[f"- {text}" for text in chosen], ""]
    prof = results.get("profile", {})
    fresh = prof.get("stages/fresh", [])
    if fresh:
        total = _median([r["total"] for r in fresh]) or 1.0
        stages: dict[str, list[float]] = {}
        for run in fresh:
            for label, seconds, _calls in run["stages"]:
                if not label.startswith(" "):  # the top-level stages only: nested rows are counted in them
                    stages.setdefault(label, []).append(seconds)
        ranked = sorted(((_median(v) or 0.0, k) for k, v in stages.items()), reverse=True)
        text = ", ".join(
            f"{label.split(': ')[0].split('. ')[-1]} {sec:.2f} s ({sec / total:.0%})" for sec, label in ranked
        )
        lines += [f"Where Stripe's generation spends its {total:.2f} s in process (section 5): {text}.", ""]
    dec = results.get("decode", {})
    for label in dict.fromkeys(key.split("/")[0] for key in dec if key.startswith("Stripe")):
        for collector, how in COLLECTOR.items():
            row = _decode_rows(dec, label, "clientgen", collector)
            if row["median"] is None or not row["floor"]:
                continue
            models = row["median"] - row["floor"]
            lines.append(
                f"- {label}, collector {how}: of plain `from_dict` after `json.loads`, the models take"
                f" {_ms(models)} ms beside the {_ms(row['floor'])} ms of `json.loads` ({models / row['floor']:.2f}x"
                f" of it; within {DECODE_TARGET}x needs {DECODE_TARGET - 1:.2f}x or less)."
            )
    if dec:
        lines.append("")
    decode = prof.get("decode")
    if decode:
        total = decode["total"] or 1.0
        own = ", ".join(f"`{name}` {sec / total:.0%}" for name, _calls, sec in decode["by_own"][:6])
        lines += [f"Where the realistic Stripe decode spends its time under cProfile (section 6, own time): {own}.", ""]


def _build(results: dict[str, Any]) -> tuple[str, list[Target]]:
    machine = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `nox -s bench` (`python -m bench`, see [bench/](../bench)): clientgen and its peers on the",
        "same inputs in one run, each measurement a fresh process, one at a time, the tools taking turns within",
        "each round. Medians (and the least) over the rounds. Every ratio is like for like and from this run:",
        "a ratio to a floor (parsing the spec, `json.loads`) pairs each measurement with the floor measured",
        "right beside it (in the same round; for decoding, in the same process with the garbage collector in",
        "the same state), and gives the median and the least of those per-pair ratios; a ratio to clientgen",
        "divides the medians of one run. The machine is shared and noisy: compare the rows of one run.",
        "",
        f"- Machine: {machine['cpus']} CPUs, {machine['machine']}, Python {machine['python']};"
        f" run on {machine['date']}, {machine['minutes']:.0f} minutes, at commit {machine['commit']}.",
        "- Tools: " + ", ".join(f"{k} {v}" for k, v in machine["versions"].items()) + ".",
        f"- Command: `{machine['command']}`: {machine['rounds']} round(s) of generation and decode,"
        f" {machine['repeats']} fresh interpreters per import case and decodes per process"
        + (" (quick mode: indicative only)." if machine["quick"] else "."),
        *([f"- Note: {machine['note']}"] if machine.get("note") else []),
        "",
    ]
    targets: list[Target] = []
    gen = results.get("generation", {})
    specs = list(dict.fromkeys(key.split("/")[0] for key in gen))
    if specs:
        lines += [
            "## 1. Generation",
            "",
            "Wall time of the whole command (interpreter start included) and peak RSS. openapi-python-client",
            "runs its ruff post-hooks; datamodel-code-generator writes pydantic v2 models only, no client.",
            "The parse floor is measured in this run, in each round right before the tools: a fresh interpreter",
            "that only loads the spec's files (`yaml.load` with PyYAML's C loader, or `json.load`), with the",
            "collector on as in any fresh interpreter. A paired ratio is the tool's time over that round's floor;",
            "the median and the least of those ratios are given.",
            "",
        ]
        for spec in specs:
            stats = {tool: _gen_stats(_runs(results, "generation", f"{spec}/{tool}")) for tool in TOOLS}
            base = stats["clientgen"]["wall"]
            lines += [f"### {spec}", ""]
            lines += ["| tool | median s | min s | peak MB | vs clientgen | vs parse floor, paired | runs |"]
            lines.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
            floors = _runs(results, "generation", f"{spec}/parse")
            for tool, text in TOOLS.items():
                st = stats[tool]
                if not st["n"]:
                    continue
                status = f"{st['n'] - len(st['failed'])} of {st['n']} ok"
                if st["failed"]:
                    status += "; " + _failure(st)
                paired = _pair_text(*_paired(_runs(results, "generation", f"{spec}/{tool}"), floors))
                cells = f"{_s(st['wall'])} | {_s(st['min'])} | {_s(st['peak'], 0)} | {_ratio(st['wall'], base)}"
                cells += f" | {paired}"
                lines.append(f"| {text} | {cells} | {status} |")
            lines.append("")
            opc = stats["opc"]["wall"] if not stats["opc"]["failed"] else stats["opc-literal"]["wall"]
            floor = stats["parse"]["wall"]
            median, least = _paired(_runs(results, "generation", f"{spec}/clientgen"), floors)
            if spec in ("stripe", "openai"):
                targets.append(
                    (
                        "Generation",
                        f"{spec}: whole generation within 1.5x of the parse floor (median of paired runs)",
                        _pair_text(median, least),
                        None if median is None else median <= 1.5,
                    )
                )
            if spec == "petstore":
                targets.append(
                    (
                        "Generation",
                        "petstore: under 0.15 s wall (median)",
                        f"{_s(base)} s",
                        None if base is None else base < 0.15,
                    )
                )
            if spec == "stripe":
                targets.append(
                    (
                        "Generation",
                        "stripe: 8x or more faster than openapi-python-client",
                        _ratio(opc, base),
                        None if base is None or opc is None else opc / base >= 8,
                    )
                )
            unchanged = stats["clientgen-unchanged"]["wall"]
            targets.append(
                (
                    "No-change regeneration",
                    f"{spec}: at most 1.5x the parse floor",
                    f"{_s(unchanged)} s = {_ratio(unchanged, floor)}",
                    None if unchanged is None or floor is None else unchanged / floor <= 1.5,
                )
            )
        lines += [
            "## 2. Regeneration when nothing changed",
            "",
            "`clientgen generate` again into its own, up-to-date output (the second row of each table above):",
            "the manifest the previous run left matches, so it hashes the inputs and outputs and stops before",
            'parsing anything. Target (our reading of "little more than reading the inputs"): at most 1.5x the',
            "parse floor.",
            "",
            "| spec | parse floor s | unchanged s | ratio |",
            "| --- | ---: | ---: | ---: |",
        ]
        for spec in specs:
            floor = _gen_stats(_runs(results, "generation", f"{spec}/parse"))["wall"]
            unchanged = _gen_stats(_runs(results, "generation", f"{spec}/clientgen-unchanged"))["wall"]
            lines.append(f"| {spec} | {_s(floor)} | {_s(unchanged)} | {_ratio(unchanged, floor)} |")
        lines.append("")
    imp = results.get("import", {})
    if imp:
        httpx = _median([r["httpx"] for r in imp.get("httpx", []) if "httpx" in r])
        lines += [
            "## 3. Import and first call",
            "",
            "A fresh interpreter per measurement, the generated client on `sys.path`. `import httpx` is timed",
            "first (alone, it is the baseline); then `import <package>`; then the first call: the client built",
            "and one list endpoint called (Stripe: `GET /v1/customers`; OpenAI: `GET /models`) over an",
            "`httpx.MockTransport` that answers an empty list, so the response model is loaded and decoded.",
            "Times in milliseconds beyond `import httpx`. The generated packages are byte-compiled first",
            "(`python -m compileall`, as pip does on install), so the imports read bytecode, as httpx's do.",
            "",
            f"`import httpx` alone: {_ms(httpx)} ms (median of {len(imp.get('httpx', []))}).",
            "",
            "| client | import ms | first call ms | total ms | vs clientgen | modules loaded | runs |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for spec in dict.fromkeys(k.split("/")[0] for k in imp if "/" in k):
            ours_total = None
            for tool, text in (("clientgen", "clientgen"), ("opc", "openapi-python-client")):
                runs = imp.get(f"{spec}/{tool}", [])
                ok = [r for r in runs if "error" not in r]
                im = _median([r["import"] for r in ok])
                call = _median([r["first_call"] for r in ok])
                total = _median([r["import"] + r["first_call"] for r in ok])
                modules = _median([r["modules"] for r in ok])
                if tool == "clientgen":
                    ours_total = total
                    targets.append(
                        (
                            "Import",
                            f"{spec}: import + first call 100 ms or less beyond httpx",
                            f"{_ms(total)} ms",
                            None if total is None else total <= 0.100,
                        )
                    )
                errors = [r["error"] for r in runs if "error" in r]
                status = f"{len(ok)} of {len(runs)} ok" + (f"; `{errors[0][:120]}`" if errors else "")
                lines.append(
                    f"| {spec} {text} | {_ms(im)} | {_ms(call)} | {_ms(total)} | {_ratio(total, ours_total)} | "
                    f"{_s(modules, 0)} | {status} |"
                )
        lines.append("")
    _decode_section(lines, results, targets)
    _check_section(lines, results, targets)
    _diff_section(lines, results, targets)
    if targets:
        summary = ["## Targets", "", "| area | target | now | status |", "| --- | --- | --- | --- |"]
        summary += [f"| {area} | {target} | {now} | {_mark(met)} |" for area, target, now, met in targets]
        summary.append("")
        at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
        lines[at:at] = summary
    prof = results.get("profile", {})
    staged = {case: prof.get(f"stages/{case}", []) for case in ("fresh", "unchanged")}
    if any(staged.values()):
        lines += [
            "## 5. Where the time goes: clientgen generate on Stripe",
            "",
            "Each stage timed without a profiler ([bench/stages.py](../bench/stages.py)), into an empty folder",
            "(fresh) and again into its own output (unchanged); medians over the rounds. Indented rows are",
            "also counted in the stage above them.",
            "",
            "| stage | fresh s | share | unchanged s | share |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        totals = {case: _median([r["total"] for r in runs]) for case, runs in staged.items()}
        labels = list(dict.fromkeys(s[0] for runs in staged.values() for r in runs for s in r["stages"]))
        for label in labels:
            cells = []
            for case in ("fresh", "unchanged"):
                value = _median([s[1] for r in staged[case] for s in r["stages"] if s[0] == label])
                total = totals[case]
                cells += [_s(value), "–" if value is None or not total else f"{value / total:.0%}"]
            lines.append(f"| {label.strip()} | " + " | ".join(cells) + " |")
        lines.append(
            f"| total (in process, no interpreter start) | {_s(totals['fresh'])} | 100% | "
            f"{_s(totals['unchanged'])} | 100% |"
        )
        lines.append("")
    if prof.get("generate"):
        run = prof["generate"]["run"]
        _profile_section(
            lines,
            prof["generate"],
            f"### cProfile of one run ({run['wall']:.1f} s"
            " wall under the profiler, which slows Python-heavy code more than C code; shares are of the"
            " profiled total).",
        )
    if prof.get("decode"):
        _profile_section(
            lines,
            prof["decode"],
            "## 6. Where the time goes: clientgen decode of the Stripe charges\n\n"
            "cProfile of one `from_dict` decode of the 10,000 charges with one payment method each (after a"
            " first decode that imports the models), with the collector off.",
        )
    _findings(lines, results, targets)
    findings = Path(__file__).with_name("findings.md")
    if findings.is_file():
        lines += ["", findings.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n", targets
