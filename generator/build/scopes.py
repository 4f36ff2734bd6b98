"""Each operation's own namespace, for the types written inline in its request.

A model or enum written inside one operation's parameters or request body belongs to that
operation: it lives in the package ``models/<operation>_params/`` (``create_chat_completion_params``)
and is named by its property path inside the operation, shortest first: ``ResponseFormat``, then
``TextResponseFormat`` when another type of the operation has that name (or a shared model does),
and only then a numbered suffix, reported.  Annotations spell it with its namespace
(``create_chat_completion_params.ResponseFormat``), so the short names of two operations never meet.

Schemas under ``components`` are shared: they stay top-level models under their component name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .. import records
from ..graph import Schema
from ..names import Namer, class_name, module_name, snake_name
from ..problems import Location, Problems
from ..reserved import CLASS_NAMES, report_rename

__all__ = ["MAX_NAME", "Scopes", "fits", "report_collision", "scope_module", "short_names"]

MAX_NAME = 60
"""The longest class or module name a namespace gives when a shorter one is free."""
_SUFFIX = "_params"


@records.frozen
class _Scope:
    wanted: str
    """The namespace's module name, as wanted (taken when its first type is named)."""
    location: Location
    """The operation: the schemas below it belong to the namespace."""


def scope_module(resource: str, method: str) -> str:
    """The module name of an operation's namespace: ``customers_list_params`` for ``customers.list``;
    the method's name alone when it names the resource already (``create_chat_completion_params``,
    ``create_thing_params`` for ``things.create_thing``).

    A word repeating the one before it (``customers_customer``, Stripe's path parameters) is
    dropped, and words are dropped from the end until the name fits in :data:`MAX_NAME`.
    """
    words = snake_name(method).split("_")
    resource_words = snake_name(resource).split("_") if resource else []
    if not all(any(r.startswith(w) or w.startswith(r) for w in words) for r in resource_words):
        words = resource_words + words
    kept: list[str] = []
    for word in words:
        if not kept or not kept[-1].startswith(word):
            kept.append(word)
    while len(kept) > 1 and len("_".join(kept)) + len(_SUFFIX) > MAX_NAME:
        kept.pop()
    return module_name("_".join(kept) + _SUFFIX)


def report_collision(problems: Problems, wanted: str, name: str, location: Location, first: Location | None) -> None:
    """Warn at ``location`` when ``name`` is ``wanted`` numbered because another schema, at ``first``, has it."""
    head, _, number = name.rpartition("_")
    if first is None or name == wanted or head.rstrip("_") != wanted.rstrip("_") or not number.isdigit():
        return
    problems.warn(
        location,
        f"two schemas want the class name {wanted!r}: this one is named {name!r} (the other is at {first})",
        "name-collision",
    )


def fits(name: str) -> bool:
    """Whether a class name and its module's stay within :data:`MAX_NAME` characters."""
    return len(module_name(name)) <= MAX_NAME


def _segments(hint: str) -> list[str]:
    return [class_name(s) for s in hint.split("/") if s] or ["Params"]


def short_names(hint: str) -> Iterator[str]:
    """Names for a top-level type of the path ``hint`` (``Component/Property/...``) whose whole path
    is too long a name (or taken), best first: the component's name and the shortest tail of the
    path, the component's name shortened and that tail, then longer tails.

    Made one at a time: the caller takes the first one free, most often among the first few.
    """
    segments = _segments(hint)
    tails = ["".join(segments[-k:]) for k in range(1, len(segments))] or [""]
    for tail in tails:
        yield from filter(fits, _squeezings(segments[0], tail))
    yield from filter(fits, tails[1:])
    yield from filter(fits, _squeezings("".join(segments), ""))  # a long property name: its own words squeezed too


_FILLER = frozenset({"body", "data", "item", "object", "params", "request", "resource", "response"})
"""Words a long name loses first: they say where a type sits more than what it is."""


def _squeezings(root: str, tail: str) -> Iterator[str]:
    """``root`` + ``tail`` with ``root`` shortened, longest first: as it is, then without the words that
    say little (``Resource``, ``Response``) or that it repeats, then keeping its first words and
    its last ones (``RealtimeItemInputAudioTranscription``)."""
    yield root + tail
    words = [w for w in snake_name(root).split("_") if w]
    words = [w for w in words if w not in _FILLER] or words
    words = [w for i, w in enumerate(words) if w not in words[:i]]
    for keep in range(len(words), 0, -1):
        for first in range(1, max(1, keep // 2) + 1):  # as many of the last words as of the first, or more
            kept = words[:first] + words[len(words) - keep + first :]
            yield class_name("_".join(kept)) + tail


class Scopes:
    """The namespaces of the operations, and the names taken in each."""

    def __init__(self, classes: Namer, modules: Namer, problems: Problems, client_classes: frozenset[str]) -> None:
        self.top_classes = classes
        """Top-level class names: a namespace's own names avoid them, as its modules import them."""
        self.top_modules = modules
        self.problems = problems
        self.owned = CLASS_NAMES | client_classes
        self.current: _Scope | None = None
        self.modules: dict[_Scope, str] = {}
        self.namers: dict[str, tuple[Namer, Namer]] = {}
        self.first: dict[tuple[str, str], Location] = {}
        self.paths: dict[str, str] = {}
        """The property path (``/Body/Tools``) of each namespaced class, by qualified name."""

    @contextlib.contextmanager
    def entered(self, module: str, location: Location) -> Iterator[None]:
        """Inside: the schemas below ``location`` (an operation) are named in the namespace ``module``."""
        outer, self.current = self.current, _Scope(module, location)
        try:
            yield
        finally:
            self.current = outer

    def hint_below(self, parent: str, part: str) -> str:
        """The name hint of a type inside the class ``parent``: its path (``Customer/Address``)."""
        return f"{self.paths.get(parent, parent)}/{part}"

    def name(self, hint: str, node: Schema) -> tuple[str, str] | None:
        """The qualified class name and module (``scope.Name``, ``scope.name``) of a type written inside the
        current operation, or None for a type that is not (a component, a response)."""
        scope = self.current
        if scope is None or node.location.file != scope.location.file:
            return None
        if not node.location.pointer.startswith(scope.location.pointer + "/"):
            return None
        if scope not in self.modules:
            self.modules[scope] = self.top_modules.take(scope.wanted)
            self.namers[self.modules[scope]] = (Namer(owned=self.owned), Namer(taken={"__init__"}))
        package = self.modules[scope]
        classes, modules = self.namers[package]
        wanted = self._wanted(_segments(hint), classes)
        name = classes.take(wanted)
        while name in self.top_classes:  # the namespace's modules import the top-level classes
            name = classes.take(wanted)
        report_rename(classes, wanted, name, "class", self.problems, node.location)
        report_collision(self.problems, wanted, name, node.location, self.first.get((package, wanted)))
        self.first.setdefault((package, wanted), node.location)
        qualified = f"{package}.{name}"
        self.paths[qualified] = hint
        return qualified, f"{package}.{modules.take(module_name(name))}"

    def _wanted(self, segments: list[str], classes: Namer) -> str:
        """The shortest tail of the path that is free in the namespace and at the top and fits; the
        shortest when none is.  Most are free at once: the longer tails are made only when not."""
        if self._free(segments[-1], classes):
            return segments[-1]
        candidates = ["".join(segments[-k:]) for k in range(1, len(segments) + 1)]
        return next((c for c in candidates if self._free(c, classes)), candidates[0])

    def _free(self, name: str, classes: Namer) -> bool:
        return name not in classes and name not in self.top_classes and fits(name)
