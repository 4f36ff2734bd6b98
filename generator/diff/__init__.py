"""``clientgen diff``: what a spec update changes, for the HTTP contract and for the generated client.

- :mod:`.model`: levels, the rule registry (ids, oasdiff mappings), changes, the report and its semver bump;
- :mod:`.spec`: the HTTP contract, walking the two normalized documents;
- :mod:`.surface`: the generated package's names, from the two IRs;
- :mod:`.package` and :mod:`.generated`: a package generated earlier, read from its code, against what the
  current generator makes from the same spec (what a new clientgen renames: ``diff --generated``);
- :mod:`.render`: text, Markdown and JSON;
- :mod:`.semver`: version bumps, ``clientgen.toml`` and ``CHANGELOG.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..build import build
from ..config import ClientConfig
from ..front import prepare, prepare_text
from ..load import Spec
from ..problems import Problem
from . import generated as _generated  # noqa: F401  # registers the rules of generated packages
from .gitrun import git_output
from .model import RULES, Change, Level, Report, Rule
from .spec import diff_contract
from .surface import diff_surface, migrate_contract

__all__ = ["RULES", "Change", "Level", "Report", "Rule", "diff_specs", "git_spec", "load_spec", "spec_from_text"]


def load_spec(path: Path, environments: Mapping[str, str] | None = None) -> Spec:
    """Load and normalize one spec file (and the files it references; Swagger 2.0 is converted)."""
    return prepare([path], environments).checked()


def spec_from_text(label: Path, text: str, environments: Mapping[str, str] | None = None) -> Spec:
    """A single-file spec from text (``label`` names it in messages), normalized."""
    return prepare_text(label, text, environments).checked()


def git_spec(ref: str, path: str, root: Path, environments: Mapping[str, str] | None = None) -> Spec:
    """The spec file at ``path`` (relative to the repository root) as it is at git ``ref``."""
    label = Path(f"{ref}:{path}")
    shown = git_output(root, ["show", f"{ref}:{path}"], label)
    return spec_from_text(label, shown.decode("utf-8"), environments)


def diff_specs(base: Spec, revision: Spec, config: ClientConfig) -> Report:
    """Compare two normalized specs: the HTTP contract, then the generated package's surface."""
    same = _same_text(base, revision)  # a release with no spec change: one build, for its problems
    apis = []
    found: list[list[Problem]] = []
    for spec in (base,) if same else (base, revision):
        problems = spec.problems()
        apis.append(build(spec, config, problems, rendering=False))  # names and types only
        problems.raise_if_errors()
        found.append(list(problems.warnings))
    if same:
        return Report.of([], found[0])
    changes = migrate_contract(diff_contract(base, revision), apis[0], apis[1])
    changes.extend(diff_surface(apis[0], apis[1]))
    return Report.of(changes, _warnings(found[0], found[1]))


def _warnings(base: list[Problem], revision: list[Problem]) -> list[Problem]:
    """The revision's warnings, then those of the base that the revision does not repeat at the same place."""
    repeated = {(p.kind, p.message, p.location.pointer) for p in revision}
    return [*revision, *(p for p in base if (p.kind, p.message, p.location.pointer) not in repeated)]


def _same_text(base: Spec, revision: Spec) -> bool:
    """Whether both specs are the same files, byte for byte, at the same places relative to their roots."""

    def texts(spec: Spec) -> list[tuple[str, str]]:
        return [(path.relative_to(spec.base_dir).as_posix(), doc.text) for path, doc in spec.documents.items()]

    if len(base.documents) != len(revision.documents) or base.origins or revision.origins:
        return False
    try:
        return texts(base) == texts(revision)
    except ValueError:  # a document outside its spec's folder: compare the long way
        return False
