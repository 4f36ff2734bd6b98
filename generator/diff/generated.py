"""What a new generator changes in a client whose spec did not change: two generated packages compared.

The earlier package is read from its code (:mod:`.package`); the current generator builds and
renders the client's spec in memory and the result is read the same way, so that two identical
generations compare equal by construction.  Names are compared by what they stand for: methods by
HTTP method and path, arguments by where they go on the wire, classes by name, else by kind and
JSON field names or enum values (several candidates of one shape: the closest name).  The changes
use the rules of :mod:`.surface`, with the same migration notes (``from pkg.models import Old`` ->
``from pkg.models.op_params import New``).
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config import ClientConfig
from ..load import Spec
from ..problems import SpecError
from .model import Change, Level, Report, rule
from .package import Class, Method, PackageFiles, PackageSurface, folder_files, read_surface
from .surface import G, import_line

__all__ = [
    "PACKAGE_RULES",
    "diff_generated",
    "diff_packages",
    "regenerated_changes",
    "regenerated_warning",
    "rendered_surface",
]

PACKAGE_RULES = frozenset(
    {
        rule("client-method-removed", Level.BREAKING, "The package no longer has the method for an operation.",
             group=G).id,
        rule("client-method-added", Level.INFO, "The package has a method for an operation it had none for.",
             adds=True, group=G).id,
        rule("client-argument-removed", Level.BREAKING,
             "A method lost an argument (same operation, same place on the wire).", group=G).id,
        rule("client-argument-added-required", Level.BREAKING,
             "A method gained a required argument, or one became required.", group=G).id,
        rule("client-argument-added", Level.INFO, "A method gained an optional argument.", adds=True, group=G).id,
    }
)  # fmt: skip
"""The rules only a comparison of two generated packages applies (a spec diff reports these as HTTP changes)."""


def rendered_surface(spec: Spec, config: ClientConfig) -> tuple[PackageSurface, Report]:
    """The surface of the package the current generator makes from ``spec`` (built and rendered, not written),
    with the warnings of the build."""
    from ..build import build
    from ..render import render

    problems = spec.problems()
    api = build(spec, config, problems)
    problems.raise_if_errors()
    prefix = f"src/{api.package}/"
    files = {path.removeprefix(prefix): text for path, text in render(api).items() if path.startswith(prefix)}
    rendered = PackageFiles(api.package, files, Path(f"(rendered from {spec.root.path})"))
    return read_surface(rendered), Report.of([], problems.warnings)


def diff_generated(earlier: PackageFiles, spec: Spec, config: ClientConfig) -> Report:
    """The ``earlier`` package against what the current generator makes from ``spec``."""
    current, built = rendered_surface(spec, config)
    return Report.of(diff_packages(read_surface(earlier), current), built.warnings)


def regenerated_changes(output: Path, written: Sequence[Path], previous: Sequence[tuple[str, bytes]]) -> list[Change]:
    """What a regeneration changed in the package's surface: the package now in ``output`` against the same with
    the files it ``written`` put back as they were (``previous``; a file not there is one the run added)."""
    now = folder_files(output)
    prefix = f"src/{now.package}/"
    before = dict(now.texts)
    for path in written:
        before.pop(path.relative_to(output).as_posix().removeprefix(prefix), None)
    for name, data in previous:
        if name.startswith(prefix):
            before[name.removeprefix(prefix)] = data.decode("utf-8", "replace")
    # A model module the run left as it was defines the same class on both sides: neither is read (on a large
    # package, most of the cost); the packages' indexes, the client and the resources are always read.
    same = {n for n, t in now.texts.items() if before.get(n) == t and n.startswith("models/") and "__init__" not in n}
    parsed: dict[str, ast.Module] = {}
    earlier = PackageFiles(now.package, {n: t for n, t in before.items() if n not in same}, now.origin)
    later = PackageFiles(now.package, {n: t for n, t in now.texts.items() if n not in same}, now.origin)
    return diff_packages(read_surface(earlier, parsed), read_surface(later, parsed))


def regenerated_warning(name: str, output: Path, written: Sequence[Path], previous: Sequence[tuple[str, bytes]]) -> str:
    """One line when a regeneration broke code written against the package, else empty."""
    if not previous:
        return ""
    try:
        changes = regenerated_changes(output, written, previous)
    except SpecError as error:  # a file edited by hand into something unreadable: say so, compare nothing
        return f"{name}: the package's names were not compared: {error.problems[0].format()}"
    breaking = sum(1 for c in changes if c.level is Level.BREAKING)
    if not breaking:
        return ""
    return (
        f"{name}: warning: regenerating made {breaking} breaking change{'s' if breaking != 1 else ''} to the package's "
        f"Python surface (classes, methods or arguments renamed, moved or removed): `clientgen diff --generated {name} "
        "HEAD` lists them, with how to migrate, against the package as committed at HEAD"
    )


def diff_packages(base: PackageSurface, revision: PackageSurface) -> list[Change]:
    """Every change to the Python surface from one generated package to another."""
    changes: list[Change] = []
    for key, old in base.methods.items():
        new = revision.methods.get(key)
        if new is None:
            note = f"{old.call('...')} -> no replacement"
            changes.append(Change.of("client-method-removed", old.label, old.file, f"{old.spelled} is gone", note))
        else:
            changes.extend(_method_changes(old, new))
    for key, new in revision.methods.items():
        if key not in base.methods:
            changes.append(Change.of("client-method-added", new.label, new.file, f"added {new.spelled}"))
    changes.extend(_class_changes(base, revision))
    return changes


def _method_changes(old: Method, new: Method) -> list[Change]:
    changes: list[Change] = []

    def add(rule_id: str, message: str, migration: str = "") -> None:
        changes.append(Change.of(rule_id, new.label, new.file, message, migration))

    if old.resource != new.resource:
        add("client-method-moved", f"{old.spelled} moved to {new.spelled}", f"{old.call()} -> {new.call()}")
    elif old.name != new.name:
        add("client-method-renamed", f"{old.spelled} was renamed to {new.spelled}", f"{old.call()} -> {new.call()}")
    after = {a.where: a for a in new.arguments}
    before = {a.where: a for a in old.arguments}
    for where, arg in before.items():
        other = after.get(where)
        if other is None:
            add("client-argument-removed", f"{new.spelled} no longer takes `{arg.name}`",
                f"`{new.spelled}({arg.name}=...)` -> {new.call()}")  # fmt: skip
        elif other.name != arg.name:
            add("client-argument-renamed", f"the argument `{arg.name}` of {new.spelled} was renamed to `{other.name}`",
                f"`{new.spelled}({arg.name}=...)` -> `{new.spelled}({other.name}=...)`")  # fmt: skip
        elif other.required and not arg.required:
            add("client-argument-added-required", f"the argument `{other.name}` of {new.spelled} is now required",
                f"{new.call()} -> {new.call(f'{other.name}=...')}")  # fmt: skip
    for where, arg in after.items():
        if where not in before and arg.required:
            add("client-argument-added-required", f"{new.spelled} requires `{arg.name}`",
                f"{new.call()} -> {new.call(f'{arg.name}=...')}")  # fmt: skip
        elif where not in before:
            add("client-argument-added", f"{new.spelled} takes `{arg.name}`")
    return changes


def _shape(cls: Class) -> tuple[str, frozenset[str]]:
    return cls.kind, cls.keys


def _pairs(
    base: PackageSurface, revision: PackageSurface, gone: Mapping[str, Class], added: Mapping[str, Class]
) -> dict[str, str]:
    """``{old name: new name}`` for the classes that stand for the same thing: of one shape, those used in
    the most of the same places (the same argument, response or field) first, then the closest names."""
    old_uses, new_uses = base.uses(), revision.uses()
    scored = []
    for old, before in gone.items():
        for new, after in added.items():
            if before.keys and _shape(before) == _shape(after):
                shared = len(old_uses.get(old, set()) & new_uses.get(new, set()))
                ratio = difflib.SequenceMatcher(None, old.rpartition(".")[2], new.rpartition(".")[2]).ratio()
                scored.append((-shared, -ratio, old, new))
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, old, new in sorted(scored):
        if old not in pairs and new not in taken:
            pairs[old] = new
            taken.add(new)
    return pairs


def _class_changes(base: PackageSurface, revision: PackageSurface) -> list[Change]:
    old, new = base.classes, revision.classes
    gone = {name: cls for name, cls in old.items() if name not in new}
    added = {name: cls for name, cls in new.items() if name not in old}
    pairs = _pairs(base, revision, gone, added)
    changes = []
    for name, cls in gone.items():
        was = import_line(base.package, name)
        if name in pairs:
            target = added.pop(pairs[name])
            now = import_line(revision.package, target.name)
            message = f"the class {cls.where} is now {target.where}"
            changes.append(Change.of("client-class-renamed", "", target.file, message, f"{was} -> {now}"))
        else:
            message = f"the class {cls.where} is gone"
            changes.append(Change.of("client-class-removed", "", cls.file, message, f"{was} -> no replacement"))
    changes.extend(
        Change.of("client-class-added", "", cls.file, f"added the class {cls.where}") for cls in added.values()
    )
    for name, before in old.items():
        after = new.get(pairs.get(name, name))
        if after is None or before.kind != "model":
            continue
        attributes = dict(after.fields)
        for wire, attribute in before.fields:
            other = attributes.get(wire)
            if other is not None and other != attribute:
                shown = after.name.rpartition(".")[2]
                message = f"{shown}.{attribute} was renamed to {shown}.{other}"
                note = f"`{shown}.{attribute}` -> `{shown}.{other}`"
                changes.append(Change.of("client-attribute-renamed", "", after.file, message, note))
    return changes
