"""The orchestrator: one screen that runs the stages in order.

1-2. front      spec files -> :class:`~generator.front.NormalizedSpec` (load, Swagger 2.0 converted,
                normalized; :mod:`generator.front`), or for documentation pages a synthesized spec first
                (:mod:`generator.specfiles`)
3.   build      Spec -> :class:`~generator.ir.Api` (names, types and literals decided)
4.   render     Api -> ``{relative path: text}`` (templates, formatted)
5.   write      files -> disk: planned against the output's record, then applied (:mod:`generator.write`)

Before anything, the output folder is checked (:mod:`generator.outputs`).  A run whose inputs,
configuration, generator and outputs all match the manifest the previous run left in the output
folder stops before stage 1 (:mod:`generator.manifest`); ``force=True`` always runs every stage.
Problems are collected along the way; errors stop the run with a
:class:`~generator.problems.SpecError`, warnings are returned.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .config import ClientConfig
from .manifest import Manifest, invocation_key, relative
from .names import package_name
from .outputs import refuse_dangerous, refuse_inputs
from .ownership import RECORD
from .problems import Level, Problem
from .write import Plan, WriteResult, apply, plan, replace_file, write_one

if TYPE_CHECKING:
    from .load import Spec
    from .synthesize import Synthesis

# The stages (and yaml, jinja2) are imported where they run: a run the manifest finds unchanged
# loads none of them, so it costs the interpreter's start and the hashing of the inputs.

__all__ = ["Outcome", "generate", "generate_synthesized"]


class Outcome(NamedTuple):
    warnings: tuple[Problem, ...]
    result: WriteResult
    notes: tuple[Problem, ...] = ()
    """The info lines: parts of the document that became no code and that a client does not need."""
    normalized_stale: bool = False
    synthesis: Synthesis | None = None
    synthesis_stale: tuple[Path, ...] = ()
    operations_in_spec: int = 0
    operations_generated: int = 0
    skipped: bool = False
    """Nothing changed since the run that wrote the manifest: no stage ran."""
    beside: tuple[tuple[Path, str], ...] = ()
    """The files beside the package (normalized spec, synthesis report) as this run makes them, written or not."""
    manifest_stale: bool = False
    """Checking: every file is up to date but the manifest is not (a changed generator, a new clone of an old
    manifest), so the check could not take the fast path; running without ``--check`` refreshes it."""
    previous: tuple[tuple[str, bytes], ...] = ()
    """What each generated Python file this run replaced or removed held before (relative to the output), for
    comparing the package's surface before and after (:mod:`generator.diff.generated`); empty when checking."""

    @property
    def stale(self) -> tuple[Path, ...]:
        return self.result.stale


def generate(
    paths: list[Path],
    config: ClientConfig,
    *,
    normalized: Path | None = None,
    check: bool = False,
    refs_root: Path | None = None,
    force: bool = False,
    named: bool = False,
) -> Outcome:
    """Generate the client of the spec ``paths`` into ``config.output`` (and ``normalized``, when given).

    ``named``: the package (and the names derived from it) comes from the spec's ``info.title``
    (:func:`~generator.names.package_name`); ``config``'s is the one a spec without a title gets.

    Raises:
        SpecError: the spec is broken, or the output is a place clientgen refuses (:mod:`generator.outputs`).
    """
    output = config.output
    refuse_dangerous(config, paths)
    how = {
        "entries": [relative(p, output) for p in paths],
        "refs_root": relative(refs_root, output) if refs_root is not None else None,
        "normalized": relative(normalized, output) if normalized is not None else None,
        **({"package": "from info.title"} if named else {}),
    }
    key = invocation_key(config, output, how)
    if not force and (manifest := Manifest.matching(output, key)) is not None:
        return _unchanged(manifest, output)
    from .front import prepare
    from .specfiles import dump_spec

    prepared = prepare(paths, config.environments, refs_root=refs_root)
    refuse_inputs(output, prepared.files)  # the files it $refs, known now
    if named:
        config = _named_by_title(config, prepared.spec.root.data, paths[0])
    spec, beside = prepared.spec, {}
    if normalized is not None:  # messages about the normalized document point into the file written
        sources = ", ".join(config.sources) or ", ".join(p.name for p in paths)
        spec = spec.with_root_data(spec.root.data, normalized, dump_spec(spec.root.data, sources))
        beside = {normalized: spec.root.text}
    run = _Run(config, key, prepared.files, beside, check=check, force=force)
    outcome = run.generate(spec, prepared.problems)
    return outcome._replace(normalized_stale=normalized in run.beside_stale)


def _named_by_title(config: ClientConfig, data: object, entry: Path) -> ClientConfig:
    """``config`` with the package and names that the document's ``info.title`` gives."""
    info = data.get("info") if isinstance(data, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    package = package_name(title, entry)
    if package == config.package:
        return config
    return ClientConfig.for_package(package, config.output)._replace(version=config.version)


def generate_synthesized(config: ClientConfig, root: Path, *, check: bool = False, force: bool = False) -> Outcome:
    """A client whose spec is synthesized from documentation pages (``synthesize_from`` in the config)."""
    assert config.synthesize_from is not None
    output = config.output
    refuse_dangerous(config, [config.synthesize_from])
    spec_path = config.normalized or output / "openapi.yaml"
    report_path = spec_path.parent / "synthesis-report.json"
    label = os.path.relpath(config.synthesize_from, root).replace(os.sep, "/")
    pages = tuple(sorted(p for p in config.synthesize_from.rglob("*") if p.is_file() and "__pycache__" not in p.parts))
    how = {"label": label, "spec": relative(spec_path, output), "report": relative(report_path, output)}
    key = invocation_key(config, output, how)
    if not force and (manifest := Manifest.matching(output, key, pages)) is not None:
        return _unchanged(manifest, output)
    from .front import prepare_text
    from .specfiles import synthesized

    made = synthesized(config.synthesize_from, spec_path, report_path, label=label)
    prepared = prepare_text(spec_path, made.text, config.environments)
    run = _Run(config, key, pages, made.files, check=check, force=force)
    outcome = run.generate(prepared.spec, prepared.problems)
    return outcome._replace(synthesis=made.synthesis, synthesis_stale=run.beside_stale)


def _previous(change: Plan) -> tuple[tuple[str, bytes], ...]:
    """The Python files ``change`` replaces or removes, as they are before it is applied."""
    there = {*change.before.files, *change.before.pending}  # a file on neither is new: nothing to read
    names = [name for name, _ in change.writes if name.endswith(".py") and name in there]
    names += [name for name in change.removes if name.endswith(".py")]
    found = []
    for name in names:
        try:
            found.append((name, (change.output / name).read_bytes()))
        except OSError:  # a new file, or one that cannot be read: nothing to compare it with
            continue
    return tuple(found)


def _unchanged(manifest: Manifest, output: Path) -> Outcome:
    recorded = manifest.problems(output)
    return Outcome(
        tuple(p for p in recorded if p.level is Level.WARNING),
        WriteResult((), (), len(manifest.outputs)),
        tuple(p for p in recorded if p.level is Level.INFO),
        operations_in_spec=manifest.operations_in_spec,
        operations_generated=manifest.operations_generated,
        skipped=True,
    )


class _Run:
    """Stages 3-5 of one run, the files written beside the package (``beside``: the normalized spec
    and the synthesis report, by path), and the manifest."""

    def __init__(
        self,
        config: ClientConfig,
        key: str,
        inputs: Sequence[Path],
        beside: Mapping[Path, str],
        *,
        check: bool,
        force: bool,
    ) -> None:
        self.config, self.key, self.inputs, self.beside = config, key, inputs, beside
        self.check, self.force = check, force
        self.beside_stale: tuple[Path, ...] = ()

    def generate(self, spec: Spec, early: Sequence[Problem]) -> Outcome:
        from .build import build
        from .render import render

        problems = spec.problems()
        problems.extend(early)
        api = build(spec, self.config, problems)
        problems.raise_if_errors()
        files = render(api)
        output = self.config.output
        inside = [relative(p, output) for p in self.beside if not relative(p, output).startswith("../")]
        change = plan(files, output, force=self.force, beside=inside)
        self.beside_stale = tuple(p for p, t in self.beside.items() if write_one(p, t, check=True))
        generated = sum(len(r.operations) for r in api.resources)
        outcome = Outcome(
            tuple(problems.warnings),
            change.result(),
            tuple(problems.notes),
            operations_in_spec=api.operations_in_spec,
            operations_generated=generated,
            beside=tuple(self.beside.items()),
        )
        manifest = self._manifest({**files, RECORD: change.after.text()}, outcome)
        if self.check:
            fresh = not (outcome.stale or change.conflicts or self.beside_stale)
            return outcome._replace(manifest_stale=fresh and not manifest.saved(output))
        outcome = outcome._replace(previous=_previous(change))
        apply(change)
        for path in self.beside_stale:  # compared above: written without reading them again
            replace_file(path, self.beside[path].encode("utf-8"))
        if not change.conflicts:  # a conflict is reported again by the next run, never skipped
            manifest.save(output)
        return outcome

    def _manifest(self, outputs: Mapping[str, str], outcome: Outcome) -> Manifest:
        operations = (outcome.operations_in_spec, outcome.operations_generated)
        recorded = (*outcome.warnings, *outcome.notes)
        return Manifest.make(self.key, self.config.output, self.inputs, outputs, self.beside, recorded, operations)
