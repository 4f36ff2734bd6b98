"""``clientgen diff`` and ``clientgen regenerate --bump``: the command-line side of the diff."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable
from pathlib import Path

import attrs

from ..config import ClientConfig, load_config
from ..names import module_name
from ..problems import Location, SpecError
from . import diff_specs, git_spec, load_spec, spec_from_text
from .model import Level, Report
from .render import json_text, markdown, text
from .semver import bump_version, prepend_changelog, set_config_version

__all__ = ["bump_client", "run_diff"]


def _package_config(path: Path) -> ClientConfig:
    stem = path.parent.name if path.stem in ("openapi", "swagger", "api") else path.stem
    return ClientConfig.for_package(module_name(stem) + "_client", path.parent / "out")


def run_diff(args: argparse.Namespace) -> int:
    """``clientgen diff`` (its arguments are defined in :mod:`generator.cli`)."""
    if args.git:
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
    for problem in report.warnings:
        print(problem.format(), file=sys.stderr)
    render = {"text": text, "markdown": markdown, "json": json_text}[args.format]
    sys.stdout.write(render(report))
    failing = {"breaking": {Level.BREAKING}, "warning": {Level.BREAKING, Level.WARNING}}.get(args.fail_on or "", set())
    return 1 if any(c.level in failing for c in report.changes) else 0


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


def bump_client(
    client: ClientConfig, config_path: Path, before: str | None, regenerate: Callable[[ClientConfig], object]
) -> str:
    """After ``regenerate``: diff the spec as it was with the one just written, bump, regenerate, log.

    The bumped version goes to ``version`` in ``clientgen.toml`` so that a later
    plain ``regenerate`` reproduces the package; the entry goes first in
    ``OUTPUT/CHANGELOG.md``.
    """
    if client.normalized is None or before is None:
        return f"{client.name}: no earlier spec to compare with; version stays {client.version}"
    base = spec_from_text(Path(f"{client.normalized} (before)"), before, client.environments)
    revision = load_spec(client.normalized, client.environments)
    report = diff_specs(base, revision, client)
    if report.semver == "none":
        return f"{client.name}: no API changes; version stays {client.version}"
    try:
        version = bump_version(client.version, report.semver)
    except ValueError as exc:
        raise SpecError.at(Location(config_path, f"/clients/{client.name}/version", 1), str(exc)) from None
    set_config_version(config_path, client.name, version)
    regenerate(attrs.evolve(client, version=version))
    changelog = client.output / "CHANGELOG.md"
    prepend_changelog(changelog, version, report, datetime.date.today().isoformat())
    return f"{client.name}: {report.semver} bump, {client.version} -> {version} ({os.path.relpath(changelog)})"
