"""What each synthesized operation is called: its tag, namespace, operationId and method name.

- **Tag**: the outermost navigation group of its first page, else the page's folder.
- **Namespace**: the version of its first page: the version its navigation section names
  (a tab ``API V2 Reference`` is ``v2``), else the first version segment of its endpoint
  (``/hl/v2/...``).  The version of the first endpoint page in navigation order (without
  navigation, the lowest) is the client's own; every other is a namespace, written
  ``x-clientgen-group: [v2]`` (so ``client.v2.invoice``).  Pages without a version are
  the client's own.
- **Names**: the page title's words (``Create Invoice`` -> ``create_invoice``).  Pages
  of one namespace with the same title are told apart by their group's words, else by the
  words of their path that differ, else by their HTTP method; a numeric suffix is the last
  resort (reported).  The method is named so (``x-clientgen-name`` when it differs from the
  operationId); the operationId is the name with the namespace in front (``v2_create_invoice``),
  so it is unique in the document.  Where a plain title is unique in its resource, the method
  keeps it even when the operationId needed a qualifier.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from .. import records
from .endpoint import Endpoint
from .findings import Findings
from .navigation import Navigation, version_of

__all__ = ["Named", "Naming", "name_operations"]

_PATH_VERSION = re.compile(r"^v(\d+(?:\.\d+)*)$")


@records.frozen
class Naming:
    """One operation to name: its method, path (after the base path) and pages."""

    method: str
    path: str
    members: tuple[Endpoint, ...]


@records.frozen
class Named:
    operation_id: str
    method_name: str
    """The method's name; equal to ``operation_id`` unless a namespace or a qualifier tells them apart."""
    namespace: tuple[str, ...]
    tag: str
    """Empty when the page has no group and no folder."""


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _version_number(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version[1:].split("_"))


class _Namer:
    def __init__(self, navigation: Navigation, findings: Findings) -> None:
        self.navigation = navigation
        self.findings = findings

    def groups(self, endpoint: Endpoint) -> tuple[str, ...]:
        place = self.navigation.place(endpoint.page.path)
        if place is not None:
            return place.groups
        parent = PurePosixPath(endpoint.page.path).parent
        return (parent.name,) if parent.parts else ()

    def version(self, endpoint: Endpoint) -> str:
        place = self.navigation.place(endpoint.page.path)
        labelled = version_of(place.section) if place is not None else ""
        if labelled:
            return labelled
        segment = next((s for s in endpoint.path.split("/") if _PATH_VERSION.match(s)), "")
        return segment.replace(".", "_")

    def top_version(self, operations: Sequence[Naming]) -> str:
        """The version that is the client's own: the first page's in navigation order, else the lowest."""
        versioned = [(e, self.version(e)) for op in operations for e in op.members]
        placed = [(p.order, v) for e, v in versioned if v and (p := self.navigation.place(e.page.path)) is not None]
        if placed:
            return min(placed)[1]
        versions = sorted({v for _, v in versioned if v}, key=_version_number)
        return versions[0] if versions else ""


def name_operations(operations: Sequence[Naming], navigation: Navigation, findings: Findings) -> list[Named]:
    """The names of ``operations``, in their order (see the module's rules)."""
    namer = _Namer(navigation, findings)
    top = namer.top_version(operations)
    if navigation.places:
        for endpoint in (e for op in operations for e in op.members):
            if navigation.place(endpoint.page.path) is None:
                folder = namer.groups(endpoint)
                findings.add(
                    endpoint.page.path,
                    1,
                    "not-in-navigation",
                    "the page is not in the navigation: its group is its folder"
                    + (f" ({folder[0]!r})" if folder else ""),
                )
    namespaces = [() if (v := namer.version(op.members[0])) in ("", top) else (v,) for op in operations]
    tags = [next((g[0] for e in op.members if (g := namer.groups(e))), "") for op in operations]
    bases = [_base(op) for op in operations]
    names = list(bases)
    for namespace in dict.fromkeys(namespaces):
        scope = [i for i, n in enumerate(namespaces) if n == namespace]
        for i, name in _disambiguate(scope, operations, bases, namer, findings).items():
            names[i] = name
    named = []
    used: set[str] = set()
    for i, op in enumerate(operations):
        namespace, name = namespaces[i], names[i]
        in_resource = [j for j, n in enumerate(namespaces) if n == namespace and tags[j] == tags[i]]
        method_name = bases[i] if [bases[j] for j in in_resource].count(bases[i]) == 1 else name
        operation_id = "_".join((*namespace, name))
        if operation_id in used:  # a v1 title that starts with the namespace's name, say
            operation_id = _numbered(operation_id, used, op, findings)
        used.add(operation_id)
        named.append(Named(operation_id, method_name, namespace, tags[i]))
    return named


def _base(op: Naming) -> str:
    titles = [e.page.title for e in op.members if e.page.title]
    return "_".join(_words(titles[0] if titles else "")) or "_".join(_words(f"{op.method} {op.path}"))


def _disambiguate(
    scope: list[int], operations: Sequence[Naming], bases: list[str], namer: _Namer, findings: Findings
) -> dict[int, str]:
    """New names for the operations of one namespace whose titles give the same name."""
    renamed: dict[int, str] = {}
    taken = {bases[i] for i in scope}
    for base in dict.fromkeys(bases[i] for i in scope):
        clash = [i for i in scope if bases[i] == base]
        if len(clash) < 2:
            continue
        qualifiers = [
            {i: _words(" ".join(namer.groups(operations[i].members[0])[-1:])) for i in clash},
            {i: _distinct_path_words(i, clash, operations) for i in clash},
            {i: [operations[i].method.lower()] for i in clash},
        ]
        choice = _qualified(base, clash, qualifiers, taken)
        for i in clash:
            op = operations[i]
            name = choice[i] if choice else _numbered(base, taken, op, findings)
            taken.add(name)
            renamed[i] = name
            others = ", ".join(operations[j].members[0].page.path for j in clash if j != i)
            endpoint = op.members[0]
            findings.add(
                endpoint.page.path,
                endpoint.page.title_line,
                "same-title",
                f"{endpoint.page.title or base!r} is also the title of {others} in the same namespace: named {name}",
                operation=f"{op.method.upper()} {op.path}",
            )
    return renamed


def _qualified(
    base: str, clash: list[int], qualifiers: list[dict[int, list[str]]], taken: set[str]
) -> dict[int, str] | None:
    """The first combination of qualifiers that gives every clashing operation its own free name."""
    title = set(base.split("_"))
    for count in range(1, len(qualifiers) + 1):
        for chosen in itertools.combinations(qualifiers, count):
            names = {}
            for i in clash:
                words = [w for q in chosen for w in q[i] if w not in title]
                names[i] = "_".join([base, *dict.fromkeys(words)])
            values = list(names.values())
            if len(set(values)) == len(values) and not (set(values) - {base}) & taken:
                return names
    return None


def _distinct_path_words(i: int, clash: list[int], operations: Sequence[Naming]) -> list[str]:
    """The words of the operation's path that not every clashing operation's path has."""
    words = [_words(s) for s in operations[i].path.split("/") if s and not s.startswith("{")]
    shared = set.intersection(*({w for s in operations[j].path.split("/") for w in _words(s)} for j in clash))
    return [w for segment in words for w in segment if w not in shared and not _PATH_VERSION.match(w)]


def _numbered(name: str, taken: set[str], op: Naming, findings: Findings) -> str:
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    endpoint = op.members[0]
    findings.add(
        endpoint.page.path,
        endpoint.page.title_line,
        "numbered-name",
        f"nothing tells {name} apart from another operation of its namespace: named {name}_{n}",
        operation=f"{op.method.upper()} {op.path}",
    )
    return f"{name}_{n}"
