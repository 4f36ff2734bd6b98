"""Generate a client from every entry spec of the shared corpus and write docs/corpus.md.

For each entry of ``index.json`` (``"entry": true``): ``clientgen generate`` into a
temporary folder (a subprocess, with a timeout), then every generated module
imported in a fresh interpreter, then ``mypy --strict`` on the package.  Recorded:
the exit status, the operations the spec describes (counted here, independently of
the generator), the operations generated and reported (from the summary line), the
warnings, the parts of the spec that became no code (from ``generate --report``, counted
by kind), import and mypy results, the seconds ``generate`` took, and how the client names
and documents things (``tools/naming.py``: classes ending in a number, the longest class and
module names, placeholder docs).

A spec is *handled* when it gives a client that imports, or exits 2 with located
problems only (``file:line: /pointer: message``, no traceback).  The specs under
``opc/documents_with_errors/`` are broken on purpose: handled when they fail
with a located error, or give a client and a located warning.  A *silent drop* is
an operation of the spec that was neither generated nor reported.

    python tools/corpus.py [--corpus ../shared/corpus] [--output docs/corpus.md] [--jobs 2] [SPEC ...]

The report is deterministic except for the seconds column.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load import Spec, load  # noqa: E402
from generator.normalize import HTTP_METHODS  # noqa: E402
from generator.problems import Location, SpecError  # noqa: E402
from tools.naming import NamingStats  # noqa: E402

SUMMARY = re.compile(r": (\d+) of (\d+) operations generated, (\d+) reported; (\d+) warnings; (\d+) info;")
LOCATED = re.compile(r"^\S.*:\d+: /\S*: ")
BROKEN_ON_PURPOSE = "opc/documents_with_errors/"
GENERATE_TIMEOUT = 300
IMPORT_TIMEOUT = 300
MYPY_TIMEOUT = 900
LONG_NAME = 60
"""Class and module names longer than this are listed under the table."""

IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, sys.argv[1] + "."):
    importlib.import_module(module.name)
"""


@dataclass
class Result:
    spec: str
    version: str
    operations: int | None = None
    exit: int | None = None
    generated: int | None = None
    reported: int | None = None
    warnings: int = 0
    unused: dict[str, int] = field(default_factory=dict)
    """Parts of the spec that became no code, by kind (from ``generate --report``), all of them reported."""
    located: bool = True
    imports: bool | None = None
    mypy: bool | None = None
    mypy_errors: int = 0
    seconds: float = 0.0
    naming: NamingStats | None = None
    note: str = ""
    first_problem: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def client(self) -> bool:
        return self.exit == 0 and self.imports is True

    @property
    def located_error(self) -> bool:
        return self.exit == 2 and self.located

    @property
    def handled(self) -> bool:
        if self.spec.startswith(BROKEN_ON_PURPOSE):
            return self.located_error or (self.client and self.warnings > 0)
        return self.client or self.located_error

    @property
    def silent_drops(self) -> int:
        if self.exit != 0 or self.operations is None or self.generated is None or self.reported is None:
            return 0
        return max(0, self.operations - self.generated - self.reported)


def count_operations(path: Path, refs_root: Path) -> int | None:
    """Operations under ``paths`` (path items given by ``$ref`` followed), or None if the spec does not load."""
    try:
        spec: Spec = load(path, refs_root)
    except SpecError:
        return None
    paths = spec.root.data.get("paths") if isinstance(spec.root.data, dict) else None
    if not isinstance(paths, dict):
        return 0
    count = 0
    for name, item in paths.items():
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            try:
                _, item = spec.resolve(Location(spec.roots[0], "/paths/" + str(name)), item["$ref"])
            except SpecError:
                continue
        if isinstance(item, dict):
            count += sum(1 for method in HTTP_METHODS if isinstance(item.get(method), dict))
    return count


def package_name(spec: str) -> str:
    return "c_" + re.sub(r"[^a-z0-9]+", "_", spec.lower().rsplit(".", 1)[0]).strip("_")


def run_one(corpus: Path, entry: dict[str, Any], work: Path) -> Result:
    spec = str(entry["path"])
    source = corpus / spec
    result = Result(spec, str(entry.get("version", "")))
    # The top folder of a source: multi-file specs may $ref files beside their own folder.
    refs_root = corpus / spec.split("/", 1)[0]
    result.operations = count_operations(source, refs_root)
    package = package_name(spec)
    out = work / package
    command = [sys.executable, "-m", "generator", "generate", str(source), "--output", str(out)]
    command += ["--package-name", package, "--refs-root", str(refs_root), "--report", str(work / f"{package}.json")]
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=GENERATE_TIMEOUT, check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        result.seconds = time.monotonic() - started
        result.note = f"generate timed out after {GENERATE_TIMEOUT} s"
        result.located = False
        return result
    result.seconds = time.monotonic() - started
    result.exit = done.returncode
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    result.warnings = sum(1 for line in lines if ": warning: " in line)
    result.located = "Traceback" not in done.stderr and all(LOCATED.match(line) for line in lines)
    if done.returncode != 0:
        result.first_problem = lines[0] if lines else "(no message)"
        result.note = "unlocated message" if not result.located else ""
        return result
    summary = SUMMARY.search(done.stdout)
    if summary is None:
        result.note = "no summary line"
        return result
    # Counted from the summary line: warnings alike are not all printed.
    result.generated, _, result.reported, result.warnings, _ = (int(g) for g in summary.groups())
    result.unused = not_code(work / f"{package}.json")
    result.naming = naming_of(source, refs_root, result.details)
    env = {**os.environ, "PYTHONPATH": str(out / "src")}
    try:
        imported = subprocess.run(
            [sys.executable, "-c", IMPORT_ALL, package],
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT,
            check=False,
            env=env,
            cwd=work,
        )
        result.imports = imported.returncode == 0
        if not result.imports:
            result.details.append(imported.stderr.strip().splitlines()[-1] if imported.stderr.strip() else "?")
    except subprocess.TimeoutExpired:
        result.imports = False
        result.details.append(f"import timed out after {IMPORT_TIMEOUT} s")
    if not result.imports:
        return result
    mypy = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", package]
    try:
        checked = subprocess.run(
            mypy,
            capture_output=True,
            text=True,
            timeout=MYPY_TIMEOUT,
            check=False,
            cwd=out / "src",
            env={**os.environ, "MYPYPATH": str(out / "src")},
        )
        result.mypy = checked.returncode == 0
        errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
        result.mypy_errors = len(errors)
        result.details.extend(errors[:3])
    except subprocess.TimeoutExpired:
        result.mypy = False
        result.details.append(f"mypy timed out after {MYPY_TIMEOUT} s")
    return result


def naming_of(source: Path, refs_root: Path, details: list[str]) -> NamingStats | None:
    """The naming figures of the spec's client (``tools/naming.py`` in a subprocess); None, noted, if it fails."""
    command = [sys.executable, str(ROOT / "tools" / "naming.py"), str(source), "--refs-root", str(refs_root)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=GENERATE_TIMEOUT, check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        details.append(f"naming figures timed out after {GENERATE_TIMEOUT} s")
        return None
    if done.returncode != 0:
        details.append("naming figures: " + (done.stderr.strip().splitlines() or ["?"])[-1])
        return None
    figures = json.loads(done.stdout)
    figures.pop("numbered_share", None)
    return NamingStats(**figures)


def _naming_cells(naming: NamingStats | None) -> str:
    """The naming columns of a spec's row: numbered classes (and share), longest class and module, placeholder docs."""
    if naming is None:
        return "- | - | - | -"
    return (
        f"{naming.numbered} ({naming.numbered_share}) | {len(naming.longest_class)} | "
        f"{len(naming.longest_module)} | {naming.placeholder_docs}"
    )


def not_code(report: Path) -> dict[str, int]:
    """The parts of the spec that became no code, counted by kind, from a ``generate --report`` file."""
    counts: dict[str, int] = {}
    for item in json.loads(report.read_text(encoding="utf-8"))["items"]:
        if item["kind"] != "problem":
            counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _unused(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "-"


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "**no**")


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def report(results: list[Result], command: str) -> str:
    results = sorted(results, key=lambda r: r.spec)
    clients = [r for r in results if r.client]
    handled = sum(r.handled for r in results)
    drops = sum(r.silent_drops for r in results)
    mypy_ok = sum(r.mypy is True for r in clients)
    errors = sum(r.located_error for r in results)
    operations = sum(r.operations or 0 for r in results)
    generated = sum(r.generated or 0 for r in results)
    reported = sum(r.reported or 0 for r in results)
    share = f"{100 * mypy_ok / len(clients):.0f}%" if clients else "-"
    named = [r.naming for r in results if r.naming is not None]
    classes, numbered = sum(n.classes for n in named), sum(n.numbered for n in named)
    long_names = [
        r for r in results if r.naming and max(map(len, (r.naming.longest_class, r.naming.longest_module))) > LONG_NAME
    ]
    lines = [
        "# Corpus run",
        "",
        f"`{command}` generated a client from every entry spec of the shared corpus",
        "(`../shared/corpus`, see its `SOURCES.md`), imported every module of it, and ran",
        "`mypy --strict` on it. Written by `tools/corpus.py`; only the seconds change between runs.",
        "",
        "## Totals",
        "",
        f"- entry specs: {len(results)}",
        f"- handled: **{handled}/{len(results)}** ({len(clients)} clients that import, "
        f"{errors} located errors; a spec under `{BROKEN_ON_PURPOSE}` also counts when it gives a client "
        "and a located warning)",
        f"- clients clean under `mypy --strict`: **{mypy_ok}/{len(clients)}** ({share})",
        f"- operations: {operations} in the specs, {generated} generated, {reported} reported (not generated, "
        "with a location)",
        f"- silent drops: **{drops}**",
        f"- tracebacks or unlocated messages: {sum(not r.located for r in results)}",
        f"- parts of the specs not turned into code, every one reported (info or warning, `generate --report`): "
        f"{sum(sum(r.unused.values()) for r in results)}",
        f"- model and enum classes whose name ends in a number: {numbered} of {classes}"
        f"{f' ({100 * numbered / classes:.1f}%)' if classes else ''}; specs with a class or module name over "
        f"{LONG_NAME} characters: {len(long_names)}",
        f"- placeholder docs (an argument or field documented as `(query parameter)` or the like, or not at all "
        f"although the spec describes it): {sum(n.placeholder_docs for n in named)}",
        "",
        "## Specs",
        "",
        "| spec | version | operations | generated | reported | warnings | not code (reported, by kind) "
        "| import ok | mypy ok | seconds | numbered classes | longest class (chars) | longest module (chars) "
        "| placeholder docs |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        status = "" if r.exit in (0, None) else f" (exit {r.exit})"
        lines.append(
            f"| `{r.spec}`{status} | {r.version} | {_count(r.operations)} | {_count(r.generated)} | "
            f"{_count(r.reported)} | {r.warnings} | {_unused(r.unused)} | {_mark(r.imports)} | "
            f"{_mark(r.mypy)}{f' ({r.mypy_errors})' if r.mypy_errors else ''} | {r.seconds:.1f} | "
            f"{_naming_cells(r.naming)} |"
        )
    if long_names:
        lines += ["", f"## Names over {LONG_NAME} characters", ""]
        for r in long_names:
            assert r.naming is not None
            lines.append(
                f"- `{r.spec}`: class `{r.naming.longest_class}` ({len(r.naming.longest_class)}), "
                f"module `{r.naming.longest_module}` ({len(r.naming.longest_module)})"
            )
    notes = [r for r in results if r.exit != 0 or r.note or r.details or not r.handled]
    if notes:
        lines += ["", "## Not clean", ""]
        for r in notes:
            what = [f"handled: {'yes' if r.handled else '**no**'}"]
            if r.note:
                what.append(r.note)
            if r.first_problem:
                what.append("`" + _relative(r.first_problem).replace("`", "'") + "`")
            lines.append(f"- `{r.spec}`: " + "; ".join(what))
            lines.extend(f"  - `{_relative(d).replace('`', chr(39))}`" for d in r.details)
    return "\n".join(lines) + "\n"


def _relative(message: str) -> str:
    """Messages name files by their corpus path, not this machine's folders."""
    message = re.sub(r"\S*/shared/corpus/", "", message)
    return re.sub(r"\S*/c_[a-z0-9_]+/src/", "", message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="*", help="only these entries (paths relative to the corpus)")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--output", default=str(ROOT / "docs" / "corpus.md"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    entries = [e for e in json.loads((corpus / "index.json").read_text(encoding="utf-8")) if e.get("entry")]
    if args.specs:
        entries = [e for e in entries if e["path"] in args.specs]
    results: list[Result] = []
    with (
        tempfile.TemporaryDirectory(prefix="clientgen-corpus-") as tmp,
        concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool,
    ):
        futures = {pool.submit(run_one, corpus, e, Path(tmp)): e["path"] for e in entries}
        for future in concurrent.futures.as_completed(futures):
            r = future.result()
            results.append(r)
            state = "ok" if r.handled else "NOT HANDLED"
            print(
                f"{r.spec}: {state}; exit {r.exit}, {r.generated}/{r.operations} generated, {r.reported} reported, "
                f"import {r.imports}, mypy {r.mypy}, {r.seconds:.1f} s",
                flush=True,
            )
    command = "nox -s corpus" if not args.specs else "python tools/corpus.py " + " ".join(args.specs)
    text = report(results, command)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text.split("## Specs")[0].strip())
    return 0 if all(r.handled and not r.silent_drops for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
