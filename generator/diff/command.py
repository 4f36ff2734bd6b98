"""``clientgen diff`` and ``clientgen regenerate --bump``: the command-line side of the diff."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..config import DEFAULT_VERSION, ClientConfig, load_config
from ..names import module_name
from ..pipeline import Outcome
from ..problems import Location, SpecError, print_warnings
from . import diff_specs, git_spec, load_spec, spec_from_text
from .generated import diff_generated
from .model import BUMP_ORDER, Level, Report
from .package import folder_files, git_files
from .render import json_text, markdown, text
from .semver import bump_between, bump_version, git_version, prepend_changelog, set_config_version

__all__ = ["bump_client", "generated_report", "run_diff"]


def _package_config(path: Path) -> ClientConfig:
    stem = path.parent.name if path.stem in ("openapi", "swagger", "api") else path.stem
    return ClientConfig.for_package(module_name(stem) + "_client", path.parent / "out")


def run_diff(args: argparse.Namespace) -> int:
    """``clientgen diff`` (its arguments are defined in :mod:`generator.cli`)."""
    if args.check_version and not args.git:
        raise SpecError.at(Location(Path(args.config), "", 1), "--check-version compares versions at --git REF")
    if args.generated:
        if args.specs or args.git:
            raise SpecError.at(Location(Path(args.config), "", 1), "--generated goes without spec files or --git")
        report = generated_report(args.generated, Path(args.config))
    elif args.git:
        if args.specs:
            raise SpecError.at(Location(Path(args.specs[0]), "", 1), "give two spec files or --git REF NAME, not both")
        report = _git_report(args.git[0], args.git[1], Path(args.config))
    else:
        if len(args.specs) != 2:
            print("clientgen diff: give BASE and REVISION spec files, or --git REF NAME", file=sys.stderr)
            return 2
        base, revision = Path(args.specs[0]), Path(args.specs[1])
        config = _package_config(revision)
        report = diff_specs(load_spec(base), load_spec(revision), config)
    print_warnings(report.warnings, "`clientgen generate --report FILE` on the spec lists them")
    render = {"text": text, "markdown": markdown, "json": json_text}[args.format]
    sys.stdout.write(render(report))
    failing = {"breaking": {Level.BREAKING}, "warning": {Level.BREAKING, Level.WARNING}}.get(args.fail_on or "", set())
    short = _version_short(args.git[0], args.git[1], Path(args.config), report) if args.check_version else ""
    if short:
        print(short, file=sys.stderr)
    return 1 if short or any(c.level in failing for c in report.changes) else 0


def _version_short(ref: str, name: str, config_path: Path, report: Report) -> str:
    """Why the client's version did not move enough for the changes since ``ref``; empty when it did."""
    clients = load_config(config_path) if config_path.exists() else {}
    now = clients[name].version if name in clients else DEFAULT_VERSION
    then = git_version(ref, name, config_path.parent)
    needed, done = report.semver, bump_between(then, now)
    if BUMP_ORDER.index(needed) <= BUMP_ORDER.index(done):
        return ""
    return (
        f"{name}: the changes since {ref} need a {needed} bump ({then} -> {bump_version(then, needed)}); "
        f"clientgen.toml has {now} ({done if done != 'none' else 'no bump'}). Run `clientgen regenerate {name} --bump`."
    )


def _git_report(ref: str, name: str, config_path: Path) -> Report:
    root = config_path.parent
    clients = load_config(config_path) if config_path.exists() else {}
    client = clients.get(name)
    spec_path = client.normalized if client is not None and client.normalized is not None else None
    relative = os.path.relpath(spec_path, root) if spec_path else f"specs/{name}/openapi.yaml"
    config = client or _package_config(root / relative)
    base = git_spec(ref, "./" + relative.replace(os.sep, "/"), root, config.environments)
    revision = load_spec(root / relative, config.environments)
    return diff_specs(base, revision, config)


def generated_report(values: Sequence[str], config_path: Path) -> Report:
    """``--generated CLIENT [FROM]``: the package in the folder or at the git ref FROM (default: the client's
    output folder) against what the current generator makes from the client's normalized spec."""
    if len(values) > 2:
        raise SpecError.at(Location(Path(values[2]), "", 1), "--generated takes CLIENT and at most one FROM")
    name, root = values[0], config_path.parent
    client = load_config(config_path).get(name)
    if client is None:
        raise SpecError.at(Location(config_path, "/clients", 1), f"no client named {name}")
    if client.normalized is None or not client.normalized.is_file():
        raise SpecError.at(Location(config_path, f"/clients/{name}/normalized", 1),
                           f"no normalized spec to generate from: run `clientgen regenerate {name}` first")  # fmt: skip
    source = values[1] if len(values) == 2 else str(client.output)
    if Path(source).is_dir():
        earlier = folder_files(Path(source))
    else:
        earlier = git_files(source, os.path.relpath(client.output, root).replace(os.sep, "/"), root)
    return diff_generated(earlier, load_spec(client.normalized, client.environments), client)


Regenerate = Callable[[ClientConfig, bool], Outcome]
"""Regenerate a client; the flag is ``check`` (compute everything, write nothing)."""


def bump_client(client: ClientConfig, config_path: Path, regenerate: Regenerate) -> tuple[Outcome, str]:
    """``regenerate --bump`` for one client, as one step that completes or changes nothing.

    A dry run makes the new normalized spec without writing it; diffed with the one on disk,
    it decides the version, with what the current generator names differently in the package
    on disk (:func:`~generator.diff.generated.diff_generated` on the earlier spec: a new
    clientgen release that renames classes asks for a major bump too).  Only then is anything
    written: the package with its new version, the entry first in ``OUTPUT/CHANGELOG.md``,
    and last ``version`` in ``clientgen.toml`` (so that a later plain ``regenerate``
    reproduces the package).  A broken spec, an unreadable earlier spec, a bad version or a conflict stops before the
    first write.  Returns the run's outcome and a line saying what was done.
    """
    spec = client.normalized
    if spec is None or not spec.is_file():
        outcome = regenerate(client, False)
        return outcome, f"{client.name}: no earlier spec to compare with; version stays {client.version}"
    before = spec.read_text(encoding="utf-8")
    earlier = folder_files(client.output) if (client.output / "src").is_dir() else None
    preview = regenerate(client, True)
    if preview.result.conflicts:
        return preview, f"{client.name}: nothing written, version stays {client.version} (conflicts above)"
    after = dict(preview.beside).get(spec, before)
    base = spec_from_text(Path(f"{spec} (before)"), before, client.environments)
    report = diff_specs(base, spec_from_text(spec, after, client.environments), client)
    if earlier is not None:  # what the generator itself renamed in the package, the spec aside
        renamed = diff_generated(earlier, base, client).changes
        report = Report.of([*report.changes, *renamed], report.warnings)
    if report.semver == "none":
        return regenerate(client, False), f"{client.name}: no API changes; version stays {client.version}"
    try:
        version = bump_version(client.version, report.semver)
    except ValueError as exc:
        raise SpecError.at(Location(config_path, f"/clients/{client.name}/version", 1), str(exc)) from None
    outcome = regenerate(client._replace(version=version), False)
    changelog = client.output / "CHANGELOG.md"
    prepend_changelog(changelog, version, report, datetime.date.today().isoformat())
    set_config_version(config_path, client.name, version)
    return outcome, f"{client.name}: {report.semver} bump, {client.version} -> {version} ({os.path.relpath(changelog)})"
