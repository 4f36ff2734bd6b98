"""The ``clientgen`` command.

Exit status: 0 done; 1 ``--check`` found stale files, or a file was left alone as a
conflict (edited since clientgen wrote it, or not clientgen's); 2 the spec, the
configuration or the output folder is refused (each problem printed as
``file:line: /pointer: message``); 3 an internal error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .config import ClientConfig, load_config
from .names import package_name
from .outputs import refuse_written_files
from .ownership import MANIFEST
from .pipeline import Outcome, generate, generate_synthesized
from .problems import Level, Location, Problem, SpecError, print_warnings
from .specfiles import synthesize_spec
from .write import Conflict

__all__ = ["main"]

DEFAULT_CONFIG = Path("clientgen.toml")
_LISTED_BY = "--report FILE lists them"


def _cmd_generate(args: argparse.Namespace) -> int:
    spec = Path(args.spec)
    config = ClientConfig.for_package(args.package_name or package_name(None, spec), Path(args.output))
    refs_root = Path(args.refs_root) if args.refs_root else None
    try:
        outcome = generate(
            [spec], config, refs_root=refs_root, check=args.check, force=args.force, named=args.package_name is None
        )
    except SpecError as error:
        if args.report:
            write_report(Path(args.report), error.problems)
        raise
    if args.report:
        write_report(Path(args.report), (*outcome.warnings, *outcome.notes))
    print_warnings(outcome.warnings, _LISTED_BY)
    reported = outcome.operations_in_spec - outcome.operations_generated
    print(
        f"{args.output}: {outcome.operations_generated} of {outcome.operations_in_spec} operations generated, "
        f"{reported} reported; {len(outcome.warnings)} warnings; {len(outcome.notes)} info; "
        f"{_counts(outcome, args.check)}"
    )
    return _report_stale(outcome.stale, outcome.result.conflicts, check=args.check)


def write_report(path: Path, problems: Iterable[Problem]) -> None:
    """``--report``: every problem as JSON, ordered by file, line, pointer, level and reason."""
    items = sorted(
        (p.report() for p in problems),
        key=lambda r: (r["file"], r["line"] or 0, r["pointer"], r["level"], r["kind"], r["reason"]),
    )
    counts = {level.value: sum(1 for r in items if r["level"] == level.value) for level in Level}
    text = json.dumps({"counts": counts, "items": items}, indent=1, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _counts(outcome: Outcome, check: bool) -> str:
    """``N written, N removed, N conflicts, N unchanged`` (``stale``/``to remove`` when checking)."""
    result = outcome.result
    written, removed = ("stale", "to remove") if check else ("written", "removed")
    return (
        f"{len(result.written)} {written}, {len(result.removed)} {removed}, {len(result.conflicts)} conflicts, "
        f"{result.unchanged} unchanged{_skipped(outcome)}"
    )


def _report_stale(stale: Sequence[Path], conflicts: Sequence[Conflict], *, check: bool) -> int:
    """Print conflicts (and, checking, stale files); the exit status: 1 when either exists."""
    for conflict in conflicts:
        print(f"conflict: {os.path.relpath(conflict.path)}: {conflict.reason}; left alone", file=sys.stderr)
    if check and stale:
        for path in stale:
            print(f"stale: {os.path.relpath(path)}", file=sys.stderr)
        print("generated files are out of date: run the same command without --check", file=sys.stderr)
    return 1 if conflicts or (check and stale) else 0


def _cmd_regenerate(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    clients = load_config(config_path)
    names = args.names or sorted(clients)
    unknown = [n for n in names if n not in clients]
    if unknown:
        raise SpecError.at(Location(config_path, "/clients", 1), f"no client named {', '.join(unknown)}")
    root = config_path.parent
    if args.bump and args.check:
        raise SpecError.at(Location(config_path, "", 1), "--bump changes files: it cannot go with --check")
    stale_total: list[Path] = []
    conflicts: list[Conflict] = []
    for name in names:
        client = clients[name]
        bumped = ""
        if args.bump:
            from .diff.command import bump_client  # the diff engine loads only when it is used

            def regenerate(c: ClientConfig, check: bool) -> Outcome:
                return _regenerate_one(c, root, check=check, force=args.force)

            outcome, bumped = bump_client(client, config_path, regenerate)
        else:
            outcome = _regenerate_one(client, root, check=args.check, force=args.force)
        print_warnings(outcome.warnings, _LISTED_BY)
        beside = [
            *outcome.synthesis_stale,
            *([client.normalized] if outcome.normalized_stale and client.normalized else []),
        ]
        stale_total.extend([*beside, *outcome.stale])
        conflicts.extend(outcome.result.conflicts)
        also = ""
        if beside:
            shown = ", ".join(os.path.relpath(p) for p in beside)
            also = f"; {shown} {'stale' if args.check else 'written'}"
        print(f"{name}: {_counts(outcome, args.check)}{also}")
        if outcome.previous:  # files were replaced: did the package's names change under its users?
            from .diff.generated import regenerated_warning

            moved = regenerated_warning(name, client.output, outcome.result.written, outcome.previous)
            if moved:
                print(moved, file=sys.stderr)
        if bumped:
            print(bumped)
    return _report_stale(stale_total, conflicts, check=args.check)


def _skipped(outcome: Outcome) -> str:
    if outcome.manifest_stale:
        return f" ({MANIFEST} is out of date, so every stage ran: the same command without --check refreshes it)"
    return " (nothing changed since the last run; --force regenerates)" if outcome.skipped else ""


def _cmd_synthesize(args: argparse.Namespace) -> int:
    docs, output = Path(args.docs), Path(args.output)
    if not docs.is_dir():
        raise SpecError.at(Location(docs, "", 1), "not a folder of documentation pages")
    report = Path(args.report) if args.report else output.parent / "synthesis-report.json"
    refuse_written_files(docs, (output, report))
    made = synthesize_spec(docs, output, report, label=args.docs.rstrip("/"), check=args.check, title=args.title)
    for finding in made.synthesis.findings:
        print(finding.format(args.docs.rstrip("/")), file=sys.stderr)
    operations = sum(len(item) for item in made.synthesis.document.get("paths", {}).values())
    verb = "stale" if args.check else "written"
    print(
        f"{output}: {operations} operations from {len(made.synthesis.pages)} pages, "
        f"{len(made.synthesis.findings)} findings ({report}); {len(made.stale)} {verb}"
    )
    if args.check and made.stale:
        for path in made.stale:
            print(f"stale: {os.path.relpath(path)}", file=sys.stderr)
        return 1
    return 0


def _regenerate_one(client: ClientConfig, root: Path, *, check: bool, force: bool = False) -> Outcome:
    if client.synthesize_from is not None:
        outcome = generate_synthesized(client, root, check=check, force=force)
        if outcome.synthesis is not None:
            print(
                f"{client.name}: spec synthesized from {len(outcome.synthesis.pages)} pages, "
                f"{len(outcome.synthesis.findings)} findings (see {os.path.relpath(client.normalized or root)} "
                "and synthesis-report.json beside it; `clientgen synthesize` prints them)"
            )
        return outcome
    sources = client.source_paths(root)
    if not sources:
        raise SpecError.at(
            Location(root / "clientgen.toml", f"/clients/{client.name}/sources", 1), "no source files match"
        )
    return generate(sources, client, normalized=client.normalized, check=check, force=force)


_FORCE_GENERATE = (
    "run every stage even when the output's manifest says nothing changed, and overwrite or remove "
    "generated files that were edited (files clientgen did not write are never touched)"
)


def _add_diff_parser(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="report what changed between two specs, for the HTTP contract and the generated client",
        description="Compare BASE with REVISION after normalization (or, with --git REF NAME, "
        "specs/NAME/openapi.yaml at git REF with the working tree; or, with --generated CLIENT [FROM], a package "
        "generated earlier with what this clientgen makes from the same spec). "
        "Exit 0; 1 with --fail-on when it applies.",
    )
    diff.add_argument("specs", nargs="*", metavar="BASE REVISION", help="the two spec files")
    diff.add_argument("--git", nargs=2, metavar=("REF", "NAME"), help="compare client NAME's spec at REF with now")
    diff.add_argument(
        "--generated",
        nargs="+",
        metavar=("CLIENT", "FROM"),
        help="compare client CLIENT's package as generated earlier (in the folder FROM, or committed at the git ref "
        "FROM; default: its output folder now) with what this generator makes from its normalized spec",
    )
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument("--fail-on", choices=("breaking", "warning"), help="exit 1 when a change of this level exists")
    diff.add_argument("--config", default=str(DEFAULT_CONFIG), help="configuration file (for --git)")
    diff.add_argument(
        "--check-version",
        action="store_true",
        help="with --git: exit 1 when the client's version in clientgen.toml did not move by at least the bump "
        "the diff suggests (compared with clientgen.toml at REF)",
    )
    diff.set_defaults(run=_cmd_diff)


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff.command import run_diff

    return run_diff(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clientgen", description="Typed Python clients from OpenAPI descriptions.")
    parser.add_argument("--version", action="version", version=f"clientgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="generate a client package from one spec file")
    gen.add_argument("spec", help="OpenAPI 3.x or Swagger 2.0 document (YAML or JSON)")
    gen.add_argument("--output", required=True, help="folder of the generated project")
    gen.add_argument(
        "--package-name",
        help="import package name (default: from info.title, else the file's name, else its folder's: "
        "'Stripe API' gives stripe_client)",
    )
    gen.add_argument(
        "--refs-root",
        help="folder that relative $refs may reach into (default: the spec's git work tree, else the current "
        "folder when it holds the spec, else the spec's folder); it must hold the spec",
    )
    gen.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    gen.add_argument("--force", action="store_true", help=_FORCE_GENERATE)
    gen.add_argument(
        "--report",
        metavar="FILE",
        help="write every info line, warning and error as JSON (file, line, pointer, level, kind, reason), "
        "info lines included: each part of the spec that became no code",
    )
    gen.set_defaults(run=_cmd_generate)

    syn = commands.add_parser("synthesize", help="synthesize an OpenAPI spec from Mintlify documentation pages")
    syn.add_argument("docs", help="folder of .md/.mdx pages (and optionally docs.json or mint.json)")
    syn.add_argument("--output", required=True, help="the OpenAPI 3.1 YAML file to write")
    syn.add_argument("--report", help="the JSON report (default: synthesis-report.json beside --output)")
    syn.add_argument("--title", default="", help="the API's title (default: docs.json's name)")
    syn.add_argument("--check", action="store_true", help="change nothing; exit 1 if the output is stale")
    syn.set_defaults(run=_cmd_synthesize)

    regen = commands.add_parser("regenerate", help="regenerate the clients listed in clientgen.toml")
    regen.add_argument("names", nargs="*", help="clients to regenerate (default: all)")
    regen.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    regen.add_argument("--config", default=str(DEFAULT_CONFIG), help="configuration file")
    regen.add_argument("--bump", action="store_true", help="bump the version by the spec's diff; add a CHANGELOG entry")
    regen.add_argument("--force", action="store_true", help=_FORCE_GENERATE)
    regen.set_defaults(run=_cmd_regenerate)

    _add_diff_parser(commands)
    return parser


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while one command runs.

    Loading a spec and building its client allocate millions of containers that stay alive
    until the command ends: the collector, triggered by allocation counts, keeps traversing
    them and finds nothing to free.  On Stripe's spec it was half of the load time and a
    third of the build.  Reference counting still frees everything else; the collector is
    switched back on (if it was on) when the command returns.  The ``clientgen`` command
    (:func:`run`) never switches it back on: the process ends with the command.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (``argv`` None: the process's own arguments)."""
    args = _parser().parse_args(argv)
    try:
        with paused_gc():
            return int(args.run(args))
    except SpecError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "clientgen: interrupted; every file is either as it was or completely written: run it again to finish",
            file=sys.stderr,
        )
        return 130
    except RecursionError:
        print("clientgen: the spec is nested too deeply to process", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: one line, not a traceback
        if os.environ.get("CLIENTGEN_DEBUG"):
            raise
        print(
            f"clientgen: internal error: {type(exc).__name__}: {exc} (CLIENTGEN_DEBUG=1 shows where)", file=sys.stderr
        )
        return 3


def run() -> NoReturn:
    """The ``clientgen`` command: :func:`main`, after which the process ends at once.

    A run leaves the spec, its YAML nodes and the IR in memory, partly in reference cycles that the
    paused collector (:func:`paused_gc`) does not free.  Switching the collector back on makes its
    next pass walk all of them, and tearing the heap down frees them one by one: on Stripe's spec
    that was a tenth of the run, for nothing, since the process is ending.  So the collector stays
    off, the output streams are flushed, and the process exits without the teardown, as mypy does.
    Every file was written and closed before :func:`main` returned.
    """
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
