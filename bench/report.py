"""docs/benchmarks.md from the raw results of one run, and cProfile summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import profiles
from . import tables as t
from .tables import Target

TOOLS = {
    "parse": "parse floor (yaml C loader / json)",
    "clientgen": "clientgen generate",
    "clientgen-unchanged": "clientgen generate, nothing changed",
    "clientgen-edited": "clientgen generate, after a one-property edit",
    "opc": "openapi-python-client",
    "opc-literal": "openapi-python-client, literal_enums",
    "dcg": "datamodel-code-generator (models only)",
}
DECODERS = {
    "clientgen": "clientgen from_dict (+ json.loads)",
    "clientgen-client": "clientgen, through the client (bytes to models; msgspec's JSON step when installed)",
    "clientgen-client-stdlib": "clientgen, through the client, the JSON step by the standard library",
    "clientgen-client-own-pause": "clientgen, through the client as shipped: it pauses the collector while it decodes",
    "opc": "openapi-python-client from_dict (+ json.loads)",
    "pydantic": "pydantic v2 model_validate, datamodel-code-generator (+ json.loads)",
    "pydantic-json": "pydantic v2 TypeAdapter.validate_json (parses itself)",
}
COLLECTOR = {"off": "off for both", "on": "on for both"}
DECODE_TARGET = 1.5
"""Issue 19: decoding within 1.5x of ``json.loads``, like for like."""
README_BEGIN = "<!-- bench:begin: written by `python -m bench` from its latest run; do not edit -->"
README_END = "<!-- bench:end -->"


DIFF_TARGET_SPECS = ("stripe", "openai")
"""The specs whose diff has a target (issue 15 names Stripe; OpenAI is the other large YAML spec)."""


def _diff_section(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    """``clientgen diff`` of each spec: against itself, against a one-property edit, and the parse floor."""
    if not results.get("diff"):
        return
    lines += [
        "## Spec diff",
        "",
        "`clientgen diff --format json` of each spec against itself and against a copy whose first",
        "string-typed component property is an integer (a breaking change), whole command and peak RSS;",
        "the floor is a fresh interpreter that only parses both files, measured in each round right before.",
        "Target for Stripe and OpenAI: within 2x the floor, median of the paired ratios. Against itself, the",
        "two files are the same bytes, so the spec is built once (for its warnings) and the contract is not",
        "walked; the edit is walked in full and both sides are built. Square's spec is JSON, which parses in",
        "a tenth of the time the generator takes to build its client: its ratios measure the build, not the",
        "walk, and it has no target. GitHub's REST description (JSON, 13 MB, 3.0) is not in the shared",
        "corpus: the run fetches it from the npm package `@octokit/openapi` 23.0.2 (MIT); it has no target",
        "either, for the same reason as Square's.",
        "",
        "| spec | case | median s | min s | peak MB | vs parse floor, paired | runs |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    names = sorted({key.split("/")[0] for key in results["diff"]}, key=lambda n: (n != "stripe", n))
    for name in names:
        floors = t.runs(results, "diff", f"{name}/parse")
        floor = t.gen_stats(floors)
        lines.append(f"| {name} | parse both files | {t.sec(floor['wall'])} | {t.sec(floor['min'])} | – | 1.0x |")
        lines[-1] += f" {floor['n']} |"
        for case, label in (("itself", "against itself"), ("edited", "against the edit")):
            runs = t.runs(results, "diff", f"{name}/{case}")
            stats = t.gen_stats(runs)
            median, least = t.paired(runs, floors)
            cells = [t.sec(stats["wall"]), t.sec(stats["min"]), t.sec(stats["peak"], 0), t.pair_text(median, least)]
            lines.append(f"| {name} | {label} | {' | '.join(cells)} | {stats['n']} |")
            if name in DIFF_TARGET_SPECS:
                met = None if median is None else median <= 2
                targets.append(("Diff", f"{name} {label}: within 2x of parsing both", t.pair_text(median, least), met))
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
        floors = t.runs(results, "check", f"{name}/parse")
        cases = (("parse", "parse floor"), ("fresh-clone", "fresh clone"), ("after-regenerate", "after a regenerate"))
        for case, label in cases:
            runs = t.runs(results, "check", f"{name}/{case}")
            stats = t.gen_stats(runs)
            median, least = t.paired(runs, floors)
            status = f"{stats['n'] - len(stats['failed'])} of {stats['n']} ok"
            if stats["failed"]:
                status += "; " + t.failure(stats)
            lines.append(
                f"| {name} | {label} | {t.sec(stats['wall'])} | {t.sec(stats['min'])} | {t.sec(stats['peak'], 0)} | "
                f"{t.pair_text(median, least)} | {status} |"
            )
            if case == "fresh-clone":
                met = None if median is None or stats["failed"] else median <= 2
                text = f"{name}: `regenerate --check` in a fresh clone within 2x of the parse floor"
                targets.append(("Check", text, t.pair_text(median, least), met))
    lines.append("")


def _decode_rows(dec: dict[str, Any], label: str, decoder: str, collector: str) -> dict[str, Any]:
    """Median and min of one decoder's times, and of its paired ratios to ``json.loads``, over the rounds."""
    runs = dec.get(f"{label}/{decoder}/{collector}", [])
    ok = [r for r in runs if "error" not in r]
    ratios = [ratio for r in ok for ratio in r["ratios"]]
    return {
        "median": t.median([t for r in ok for t in [r["median"]]]),
        "min": min((r["min"] for r in ok), default=None),
        "floor": t.median([r["floor_median"] for r in ok]),
        "ratio": t.median(ratios),
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
        'around each call). The "through the client" rows keep the collector as the probe sets it (the',
        "client's own pause switched off); the \"as shipped\" row keeps that pause, as a user's call does, and",
        "is the client's figure for the collector on (with it off, the pause changes nothing). A ratio is",
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
                    f"| {label} | {text}{step} | {how} | {t.msec(row['median'])} | {t.msec(row['min'])} | "
                    f"{t.msec(row['floor'])} | "
                    f"{t.pair_text(row['ratio'], row['ratio_min'])} | {t.ratio(row['median'], ours)} | {status} |"
                )
            if not label.startswith("Stripe"):
                continue
            client = "clientgen-client" if collector == "off" else "clientgen-client-own-pause"
            for decoder, what in ((client, "through the client"), ("clientgen", "plain from_dict")):
                row = rows[decoder]
                met = None if row["ratio"] is None else row["ratio"] <= DECODE_TARGET
                text = f"{label}, {what}, collector {how}: within {DECODE_TARGET}x of json.loads"
                targets.append(("Decode", text, t.pair_text(row["ratio"], row["ratio_min"]), met))
            theirs, peer = rows["opc"]["median"], rows["pydantic"]["median"]
            if collector == "off":
                targets.append(
                    (
                        "Decode",
                        f"{label}: from_dict at least as fast as openapi-python-client's and pydantic v2's",
                        f"{t.ratio(theirs, ours)} and {t.ratio(peer, ours)} (theirs / ours)",
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
    lines += [f"- {area}, {target}: {now} ({t.mark(met)})" for area, target, now, met in targets]
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
        total = t.median([r["total"] for r in fresh]) or 1.0
        stages: dict[str, list[float]] = {}
        for run in fresh:
            for label, seconds, _calls in run["stages"]:
                if not label.startswith(" "):  # the top-level stages only: nested rows are counted in them
                    stages.setdefault(label, []).append(seconds)
        by_stage: dict[str, float] = {}  # "5. write: planned ..." and "5. write: files replaced" are one stage
        for label, runs in stages.items():
            name = label.split(": ")[0].split(". ")[-1]
            by_stage[name] = by_stage.get(name, 0.0) + (t.median(runs) or 0.0)
        ranked = sorted(((sec, name) for name, sec in by_stage.items()), reverse=True)
        text = ", ".join(f"{name} {sec:.2f} s ({sec / total:.0%})" for sec, name in ranked)
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
                f" {t.msec(models)} ms beside the {t.msec(row['floor'])} ms of `json.loads`"
                f" ({models / row['floor']:.2f}x"
                f" of it; within {DECODE_TARGET}x needs {DECODE_TARGET - 1:.2f}x or less)."
            )
    if dec:
        lines.append("")
    decode = prof.get("decode")
    if decode:
        total = decode["total"] or 1.0
        own = ", ".join(f"`{name}` {sec / total:.0%}" for name, _calls, sec in decode["by_own"][:6])
        lines += [f"Where the realistic Stripe decode spends its time under cProfile (section 6, own time): {own}.", ""]


def _header(results: dict[str, Any]) -> list[str]:
    """The title, how the run measures, and the machine, tools and command of this run."""
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
    return lines


GENERATION_INTRO = [
    "## 1. Generation",
    "",
    "Wall time of the whole command (interpreter start included) and peak RSS. openapi-python-client",
    "runs its ruff post-hooks; datamodel-code-generator writes pydantic v2 models only, no client.",
    "The parse floor is measured in this run, in each round right before the tools: a fresh interpreter",
    "that only loads the spec's files (`yaml.load` with PyYAML's C loader, or `json.load`), with the",
    "collector on as in any fresh interpreter. A paired ratio is the tool's time over that round's floor;",
    "the median and the least of those ratios are given. clientgen's own modules are byte-compiled first",
    "(`python -m compileall`, as pip does when it installs a wheel), as the peers' are.",
    "",
    '"clientgen generate" is a first generation into an empty folder: the cache of formatted modules is',
    "emptied before it (the compiled templates stay, as for any run but a new clientgen's first), so ruff",
    'formats every module. "after a one-property edit" then generates the spec with its first string-typed',
    "component property made an integer into that output: every stage runs again, and ruff formats only the",
    "modules whose text the edit changed (the others are in the cache the first run filled): what",
    "`clientgen regenerate` costs after a spec update.",
    "",
]
UNCHANGED_INTRO = [
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


def _generation_section(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    """Sections 1 and 2: each spec's generation by every tool, and the regeneration that changes nothing."""
    specs = list(dict.fromkeys(key.split("/")[0] for key in results.get("generation", {})))
    if not specs:
        return
    lines += GENERATION_INTRO
    for spec in specs:
        _generation_table(lines, results, spec)
        _generation_targets(results, spec, targets)
    lines += UNCHANGED_INTRO
    for spec in specs:
        floor = t.gen_stats(t.runs(results, "generation", f"{spec}/parse"))["wall"]
        unchanged = t.gen_stats(t.runs(results, "generation", f"{spec}/clientgen-unchanged"))["wall"]
        lines.append(f"| {spec} | {t.sec(floor)} | {t.sec(unchanged)} | {t.ratio(unchanged, floor)} |")
    lines.append("")


def _generation_table(lines: list[str], results: dict[str, Any], spec: str) -> None:
    """One spec's table: every tool's median, least and peak, beside clientgen and the paired floor."""
    base = t.gen_stats(t.runs(results, "generation", f"{spec}/clientgen"))["wall"]
    floors = t.runs(results, "generation", f"{spec}/parse")
    lines += [f"### {spec}", ""]
    lines += ["| tool | median s | min s | peak MB | vs clientgen | vs parse floor, paired | runs |"]
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for tool, text in TOOLS.items():
        runs = t.runs(results, "generation", f"{spec}/{tool}")
        st = t.gen_stats(runs)
        if not st["n"]:
            continue
        status = f"{st['n'] - len(st['failed'])} of {st['n']} ok"
        if st["failed"]:
            status += "; " + t.failure(st)
        cells = [t.sec(st["wall"]), t.sec(st["min"]), t.sec(st["peak"], 0), t.ratio(st["wall"], base)]
        cells.append(t.pair_text(*t.paired(runs, floors)))
        lines.append(f"| {text} | {' | '.join(cells)} | {status} |")
    lines.append("")


def _generation_targets(results: dict[str, Any], spec: str, targets: list[Target]) -> None:
    """The issue's targets for one spec's generation, as this run measured them."""
    stats = {tool: t.gen_stats(t.runs(results, "generation", f"{spec}/{tool}")) for tool in TOOLS}
    base, floor = stats["clientgen"]["wall"], stats["parse"]["wall"]
    opc = stats["opc"]["wall"] if not stats["opc"]["failed"] else stats["opc-literal"]["wall"]
    floors = t.runs(results, "generation", f"{spec}/parse")
    median, least = t.paired(t.runs(results, "generation", f"{spec}/clientgen"), floors)
    if spec in ("stripe", "openai"):
        text = f"{spec}: whole generation within 1.5x of the parse floor (median of paired runs)"
        targets.append(("Generation", text, t.pair_text(median, least), None if median is None else median <= 1.5))
    if spec == "petstore":
        met = None if base is None else base < 0.15
        targets.append(("Generation", "petstore: under 0.15 s wall (median)", f"{t.sec(base)} s", met))
    if spec == "stripe":
        met = None if base is None or opc is None else opc / base >= 8
        targets.append(("Generation", "stripe: 8x or more faster than openapi-python-client", t.ratio(opc, base), met))
    unchanged = stats["clientgen-unchanged"]["wall"]
    targets.append(
        (
            "No-change regeneration",
            f"{spec}: at most 1.5x the parse floor",
            f"{t.sec(unchanged)} s = {t.ratio(unchanged, floor)}",
            None if unchanged is None or floor is None else unchanged / floor <= 1.5,
        )
    )


def _import_section(lines: list[str], results: dict[str, Any], targets: list[Target]) -> None:
    """Section 3: import and first call of each generated client, beyond ``import httpx``."""
    imp = results.get("import", {})
    if imp:
        httpx = t.median([r["httpx"] for r in imp.get("httpx", []) if "httpx" in r])
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
            f"`import httpx` alone: {t.msec(httpx)} ms (median of {len(imp.get('httpx', []))}).",
            "",
            "| client | import ms | first call ms | total ms | vs clientgen | modules loaded | runs |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for spec in dict.fromkeys(k.split("/")[0] for k in imp if "/" in k):
            ours_total = None
            for tool, text in (("clientgen", "clientgen"), ("opc", "openapi-python-client")):
                runs = imp.get(f"{spec}/{tool}", [])
                ok = [r for r in runs if "error" not in r]
                im = t.median([r["import"] for r in ok])
                call = t.median([r["first_call"] for r in ok])
                total = t.median([r["import"] + r["first_call"] for r in ok])
                modules = t.median([r["modules"] for r in ok])
                if tool == "clientgen":
                    ours_total = total
                    targets.append(
                        (
                            "Import",
                            f"{spec}: import + first call 100 ms or less beyond httpx",
                            f"{t.msec(total)} ms",
                            None if total is None else total <= 0.100,
                        )
                    )
                errors = [r["error"] for r in runs if "error" in r]
                status = f"{len(ok)} of {len(runs)} ok" + (f"; `{errors[0][:120]}`" if errors else "")
                lines.append(
                    f"| {spec} {text} | {t.msec(im)} | {t.msec(call)} | {t.msec(total)} | "
                    f"{t.ratio(total, ours_total)} | {t.sec(modules, 0)} | {status} |"
                )
        lines.append("")


def _profile_sections(lines: list[str], results: dict[str, Any]) -> None:
    """Sections 5 and 6: Stripe's generation by stage and under cProfile, and the decode under cProfile."""
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
        totals = {case: t.median([r["total"] for r in runs]) for case, runs in staged.items()}
        labels = list(dict.fromkeys(s[0] for runs in staged.values() for r in runs for s in r["stages"]))
        for label in labels:
            cells = []
            for case in ("fresh", "unchanged"):
                value = t.median([s[1] for r in staged[case] for s in r["stages"] if s[0] == label])
                total = totals[case]
                cells += [t.sec(value), "–" if value is None or not total else f"{value / total:.0%}"]
            lines.append(f"| {label.strip()} | " + " | ".join(cells) + " |")
        lines.append(
            f"| total (in process, no interpreter start) | {t.sec(totals['fresh'])} | 100% | "
            f"{t.sec(totals['unchanged'])} | 100% |"
        )
        lines.append("")
    if prof.get("generate"):
        run = prof["generate"]["run"]
        profiles.profile_section(
            lines,
            prof["generate"],
            f"### cProfile of one run ({run['wall']:.1f} s"
            " wall under the profiler, which slows Python-heavy code more than C code; shares are of the"
            " profiled total).",
        )
    if prof.get("decode"):
        profiles.profile_section(
            lines,
            prof["decode"],
            "## 6. Where the time goes: clientgen decode of the Stripe charges\n\n"
            "cProfile of one `from_dict` decode of the 10,000 charges with one payment method each (after a"
            " first decode that imports the models), with the collector off.",
        )


def _targets_table(lines: list[str], targets: list[Target]) -> None:
    """The targets table, put before the first section."""
    if targets:
        summary = ["## Targets", "", "| area | target | now | status |", "| --- | --- | --- | --- |"]
        summary += [f"| {area} | {target} | {now} | {t.mark(met)} |" for area, target, now, met in targets]
        summary.append("")
        at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
        lines[at:at] = summary


def _build(results: dict[str, Any]) -> tuple[str, list[Target]]:
    lines = _header(results)
    targets: list[Target] = []
    _generation_section(lines, results, targets)
    _import_section(lines, results, targets)
    _decode_section(lines, results, targets)
    _check_section(lines, results, targets)
    _diff_section(lines, results, targets)
    _targets_table(lines, targets)
    _profile_sections(lines, results)
    _findings(lines, results, targets)
    findings = Path(__file__).with_name("findings.md")
    if findings.is_file():
        lines += ["", findings.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n", targets
