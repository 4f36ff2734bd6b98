"""The front door: stages 1-2, from spec files (or text) to a normalized spec.

Every path into the generator goes through :func:`prepare` or
:func:`prepare_text`: ``clientgen generate`` and ``regenerate``, a spec
synthesized from documentation, ``clientgen diff`` and the tests.  Each loads
the document (:mod:`generator.load`), converts Swagger 2.0 to OpenAPI 3.0
(:mod:`generator.swagger2`, messages located in the 2.0 file) and normalizes
it (:mod:`generator.normalize`), collecting located problems on the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from . import records, swagger2
from .load import Document, Spec, load, parse_text
from .normalize import normalize
from .problems import Level, Location, Problem, Problems, SpecError

__all__ = ["NormalizedSpec", "prepare", "prepare_text"]


@records.frozen
class NormalizedSpec:
    """A spec ready for building: normalized, with the problems found so far and the files read."""

    spec: Spec
    problems: tuple[Problem, ...]
    """Located problems of loading, conversion and normalization, errors included: the caller
    reports them together with the build's."""
    files: tuple[Path, ...]
    """Every file read: the entries and the files they ``$ref`` (none for a spec given as text)."""

    def checked(self) -> Spec:
        """The spec, once no problem is an error.

        Raises:
            SpecError: with every error found.
        """
        errors = [p for p in self.problems if p.level is Level.ERROR]
        if errors:
            raise SpecError(errors)
        return self.spec


def prepare(
    paths: Sequence[Path], environments: Mapping[str, str] | None = None, *, refs_root: Path | None = None
) -> NormalizedSpec:
    """Load the spec files ``paths`` (fragments are merged) and normalize them.

    ``environments``: names for the servers, from the client's configuration.
    ``refs_root``: the folder relative ``$ref``\\s may reach (default: the first file's folder).
    """
    spec = load(list(paths), refs_root)
    return _normalized(spec, tuple(spec.documents), environments or {})


def prepare_text(label: Path, text: str, environments: Mapping[str, str] | None = None) -> NormalizedSpec:
    """A single-document spec given as text (``label`` names it in messages), normalized."""
    document = Document(label, parse_text(label, text), text)
    return _normalized(Spec((label,), {label: document}, label.parent), (), environments or {})


def _normalized(spec: Spec, files: tuple[Path, ...], environments: Mapping[str, str]) -> NormalizedSpec:
    converting = Problems()
    spec = swagger2.convert(spec, converting)
    problems = spec.problems()
    for document in spec.documents.values():
        for line, message in document.notes:
            problems.warn(Location(document.path, "", line), message)
    for problem in converting.items:  # located now: the converted spec maps pointers back to the Swagger file
        problems.items.append(problem._replace(location=spec.locate(problem.location)))
    spec = normalize(spec, problems, environments)
    return NormalizedSpec(spec, tuple(problems.items), files)
