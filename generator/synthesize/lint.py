"""Checks of the pages against themselves and each other.

These do not change the synthesized spec; they report what a reader of the
documentation would trip over: notes that contradict the fields, descriptions
that belong to another field, examples whose values contradict the request
they answer, values that another field's documentation does not list.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any

from .endpoint import Endpoint
from .errors import unapplied_status_tables
from .findings import Findings
from .pages import DocField, Page
from .schema import words_key

__all__ = ["lint"]

_BACKTICKED = re.compile(r"`([^`]+)`")
_CONSTANT = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}\b")
_NOT_VALUES = frozenset({"API", "URL", "JSON", "HTTP", "HTTPS", "UUID", "ISO", "GET", "POST", "PUT", "PATCH", "HTML"})
_OPPOSITE_VERBS = {
    "add": ("deduct", "spent", "spend", "subtract", "withdraw"),
    "top": ("deduct", "spent", "spend", "subtract"),
    "spend": ("added", "top up", "topped up", "receives"),
    "deduct": ("added", "top up", "topped up", "receives"),
}
_STOP = frozenset({"the", "and", "for", "with", "api", "credit", "of", "a", "an"})


def lint(pages: list[Page], endpoints: list[Endpoint], findings: Findings, groups: dict[str, tuple[str, ...]]) -> None:
    """``groups``: each page's navigation groups, outermost first."""
    by_page = {e.page.path: e for e in endpoints}
    stems = _id_stems(pages)
    for page in pages:
        endpoint = by_page.get(page.path)
        _one_of_notes(page, findings)
        _swapped_descriptions(page, stems, findings)
        _verb_contradictions(page, findings)
        _identifier_descriptions(page, findings)
        _lowercase_descriptions(page, findings)
        if endpoint is not None:
            _echoes(endpoint, findings)
        else:
            for line, message in unapplied_status_tables(page):
                findings.add(page.path, line, "site-status-table", message)
    _copied_descriptions(pages, findings)
    _value_shapes(endpoints, findings)
    _unlisted_values(pages, endpoints, findings)
    _group_vocabulary(pages, findings, groups)
    _requiredness_across_pages(pages, findings, groups)


def _id_stems(pages: list[Page]) -> dict[str, str]:
    """Identifier fields by the thing they name: {"member": "memberId", "membership tier": "membershipTierId"}."""
    stems: dict[str, str] = {}
    for page in pages:
        for f in page.fields:
            match = re.fullmatch(r"([a-z][A-Za-z0-9]*?)(?:Id|ID)", f.name)
            if match:
                words = re.findall(r"[A-Z]?[a-z]+", match.group(1))
                stems.setdefault(" ".join(w.lower() for w in words), f.name)
    return stems


def _copied_descriptions(pages: list[Page], findings: Findings) -> None:
    """Common fields whose descriptions here share a subject no other page has (copied from elsewhere)."""
    documented_on: dict[str, set[str]] = {}
    pages_with: dict[str, set[str]] = {}
    for page in pages:
        texts = [page.title, page.description, *(f.description for f in page.fields), *(n.text for n in page.notes)]
        for word in {w for text in texts for w in re.findall(r"[a-z]{5,}", text.lower())}:
            pages_with.setdefault(word, set()).add(page.path)
        for f in page.fields:
            documented_on.setdefault(f.name, set()).add(page.path)
    for page in pages:
        common = [f for f in page.fields if len(documented_on[f.name]) >= 3]
        uses: dict[str, list[DocField]] = {}
        for f in common:
            for word in set(re.findall(r"[a-z]{5,}", f.description.lower())):
                if pages_with.get(word) == {page.path}:
                    uses.setdefault(word, []).append(f)
        shared = {word: fields for word, fields in sorted(uses.items()) if len(fields) >= 2}
        if shared:
            named = list(dict.fromkeys(f.name for fields in shared.values() for f in fields))
            findings.add(
                page.path,
                min(f.line for fields in shared.values() for f in fields),
                "copied-description",
                f"the descriptions of {', '.join(named)} speak of {', '.join(map(repr, shared))}, which no other "
                "page mentions: copied from another page?",
            )


def _one_of_notes(page: Page, findings: Findings) -> None:
    documented = {f.name: f for f in page.fields if f.section in ("query", "path", "body", "header")}
    for note in page.notes:
        names = [n for n in dict.fromkeys(_BACKTICKED.findall(note.text)) if n in documented]
        if len(names) < 2 or not re.search(r"\b(one of|either|at least)\b", note.text, re.IGNORECASE):
            continue
        optional = [n for n in names if not documented[n].required]
        if optional:
            findings.add(
                page.path,
                note.line,
                "one-of-required",
                f"a note requires one of {', '.join(names)}, but the fields say "
                f"{' and '.join(optional)} {'is' if len(optional) == 1 else 'are'} optional: "
                "they stay optional in the spec and the note is kept in the description",
            )


def _swapped_descriptions(page: Page, stems: dict[str, str], findings: Findings) -> None:
    for f in page.fields:
        own = next((stem for stem, name in stems.items() if name == f.name), None)
        if own is None:
            continue
        text = f.description.lower()
        if re.search(rf"\bof the {re.escape(own)}\b", text):
            continue
        other = next(
            (
                stem
                for stem in sorted(stems, key=len, reverse=True)
                if re.search(rf"\bof the {re.escape(stem)}\b", text)
            ),
            None,
        )
        if other is not None and other != own:
            findings.add(
                page.path,
                f.line,
                "swapped-description",
                f"{f.name} is described as the identifier of the {other} (that is {stems[other]}), not of the {own}",
            )


def _verb_contradictions(page: Page, findings: Findings) -> None:
    verb = (page.title.split() or [""])[0].lower()
    opposites = _OPPOSITE_VERBS.get(verb)
    if not opposites:
        return
    for f in page.fields:
        if f.section not in ("query", "body", "path"):
            continue
        said = next((w for w in opposites if re.search(rf"\b{w}\b", f.description.lower())), None)
        if said:
            findings.add(
                page.path,
                f.line,
                "contradicting-description",
                f"{f.name} is described with {said!r} on a page titled {page.title!r}",
            )


def _identifier_descriptions(page: Page, findings: Findings) -> None:
    for f in page.fields:
        if re.search(r"(?:id|ids|key|code|token)$", f.name, re.IGNORECASE):
            continue
        if re.search(r"\bidentifier\b", f.description, re.IGNORECASE):
            findings.add(
                page.path,
                f.line,
                "misplaced-description",
                f"{f.name} ({f.type or 'untyped'}) is described as {f.description.splitlines()[0]!r}, "
                "which describes an identifier",
            )


def _lowercase_descriptions(page: Page, findings: Findings) -> None:
    texts = [(page.description_line, "the page description", page.description)]
    texts += [(f.line, f"{f.name}'s description", f.description) for f in page.fields]
    for line, what, text in texts:
        if text[:1].isalpha() and text[:1].islower():
            first = text.split()[0]
            findings.add(page.path, line, "lowercase-description", f"{what} starts in lower case ({first!r}…)")


# -- examples against each other ---------------------------------------------------------------------


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, f"{path}[]")
    else:
        yield path, value


def _tokens(text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """JSON objects carried base64-encoded inside a string (signed tokens, immutable links)."""
    for candidate in re.findall(r"[A-Za-z0-9_\-+/]{16,}={0,2}", text):
        padded = candidate + "=" * (-len(candidate) % 4)
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                decoded = json.loads(decode(padded).decode("utf-8"))
            except (binascii.Error, ValueError, UnicodeDecodeError):
                continue
            if isinstance(decoded, dict):
                yield candidate, decoded
            break


def _echoes(endpoint: Endpoint, findings: Findings) -> None:
    """Values the response example echoes back that differ from what the request example sent."""
    sent: dict[str, Any] = {}
    for param in endpoint.params:
        if param.has_example and param.location == "query":
            sent[param.name] = param.example
    if endpoint.has_body_example:
        for path, value in _leaves(endpoint.body_example):
            sent.setdefault(path.replace("[]", ""), value)
    if not sent:
        return
    by_name: dict[str, tuple[str, Any]] = {}
    for path, value in sent.items():
        by_name.setdefault(path.rsplit(".", 1)[-1], (path, value))

    def counterpart(path: str) -> tuple[str, Any] | None:
        """What the request sent for a response leaf: same name, and one of the two at its top level."""
        parts = path.replace("[]", "").split(".")
        found = by_name.get(parts[-1])
        if found is None:
            return None
        sent_parts = found[0].split(".")
        if len(parts) == 1 or len(sent_parts) == 1 or parts[-2:] == sent_parts[-2:]:
            return found
        return None

    for response in endpoint.responses:
        reported: set[str] = set()
        for example in response.examples:
            for path, value in _leaves(example):
                match = counterpart(path)
                if match is not None and _differs(match[1], value) and path not in reported:
                    reported.add(path)
                    findings.add(
                        endpoint.page.path,
                        response.line,
                        "example-mismatch",
                        f"the response example has {path} = {value!r}, the request example sent {match[0]} = "
                        f"{match[1]!r}",
                    )
                if not isinstance(value, str):
                    continue
                for _, token in _tokens(value):
                    for inner, inner_value in _leaves(token):
                        match = counterpart(inner)
                        key = f"{path}:{inner}"
                        if match is not None and _differs(match[1], inner_value) and key not in reported:
                            reported.add(key)
                            findings.add(
                                endpoint.page.path,
                                response.line,
                                "example-mismatch",
                                f"the token in the response example's {path} encodes {inner} = {inner_value!r}, "
                                f"the request example sent {match[0]} = {match[1]!r}",
                            )


def _differs(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, bool) != isinstance(b, bool):
        return False
    return str(a) != str(b)


def _shape(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    patterns = (
        ("uuid", r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        ("24 hex digits", r"[0-9a-f]{24}"),
        ("an upper-case code", r"[A-Z0-9]{4,12}"),
        ("an email address", r"[^@\s]+@[^@\s]+\.[a-z]+"),
    )
    return next((name for name, pattern in patterns if re.fullmatch(pattern, value)), None)


def _value_shapes(endpoints: list[Endpoint], findings: Findings) -> None:
    """A field whose example values take a shape that its other examples never do."""
    seen: dict[str, list[tuple[str, Endpoint, int, Any]]] = {}
    for endpoint in endpoints:
        values: list[tuple[str, int, Any]] = [
            (p.name, p.line, p.example) for p in endpoint.params if p.has_example and p.location in ("path", "query")
        ]
        if endpoint.has_body_example:
            values += [(path.rsplit(".", 1)[-1], endpoint.body_line, v) for path, v in _leaves(endpoint.body_example)]
        for response in endpoint.responses:
            for example in response.examples:
                values += [(path.rsplit(".", 1)[-1].rstrip("[]"), response.line, v) for path, v in _leaves(example)]
        for name, line, value in values:
            shape = _shape(value)
            if shape is not None:
                seen.setdefault(name, []).append((shape, endpoint, line, value))
    shapes_of = {name: {s for s, *_ in uses} for name, uses in seen.items()}
    asked = {p.name for e in endpoints for p in e.params} | {
        path.rsplit(".", 1)[-1] for e in endpoints if e.has_body_example for path, _ in _leaves(e.body_example)
    }
    for name, uses in seen.items():
        if name not in asked:
            continue
        counts: dict[str, int] = {}
        for shape, *_ in uses:
            counts[shape] = counts.get(shape, 0) + 1
        if len(counts) < 2:
            continue
        usual = max(counts, key=lambda s: (counts[s], s))
        for shape, endpoint, line, value in uses:
            if shape == usual:
                continue
            like = sorted(n for n, s in shapes_of.items() if s == {shape} and n != name)
            hint = f", like {', '.join(like)}'s" if like else ""
            findings.add(
                endpoint.page.path,
                line,
                "example-shape",
                f"{name}'s example {value!r} is {shape}{hint}; {name}'s other examples are {usual}",
            )


def _listed_values(page: Page) -> dict[str, set[str]]:
    lists: dict[str, set[str]] = {}
    for f in page.fields:
        values = {v.strip('"') for v in _BACKTICKED.findall(f.description)}
        constants = {v for v in values if _CONSTANT.fullmatch(v) and v not in _NOT_VALUES}
        if len(constants) >= 2:
            lists.setdefault(f.name, set()).update(constants)
    return lists


def _unlisted_values(pages: list[Page], endpoints: list[Endpoint], findings: Findings) -> None:
    """A constant written beside a field's documented values but not among them (``MAIN`` beside ``ADD_ON``)."""
    lists: dict[str, set[str]] = {}
    for page in pages:
        for name, values in _listed_values(page).items():
            lists.setdefault(name, set()).update(values)
    if not lists:
        return
    every = set().union(*lists.values())
    texts: list[tuple[str, int, str]] = []
    for endpoint in endpoints:
        for response in endpoint.responses:
            for example in response.examples:
                texts += [(endpoint.page.path, response.line, v) for _, v in _leaves(example) if isinstance(v, str)]
    for page in pages:
        texts += [(page.path, f.line, f.description) for f in page.fields]
        _unlisted_on_page(page, lists, every, findings)
    for path, line, text in texts:
        constants = [c for c in dict.fromkeys(_CONSTANT.findall(text)) if c not in _NOT_VALUES]
        for name, values in sorted(lists.items()):
            known = [c for c in constants if c in values]
            strangers = [c for c in constants if c not in every]
            if known and strangers:
                findings.add(
                    path,
                    line,
                    "unlisted-value",
                    f"{', '.join(strangers)} appears beside {', '.join(known)} but is not among the documented "
                    f"values of {name} ({', '.join(sorted(values))})",
                )


def _unlisted_on_page(page: Page, lists: dict[str, set[str]], every: set[str], findings: Findings) -> None:
    """The same across one page's field descriptions: `MAIN` in one, `ADD_ON` in the next."""
    mentioned = [(c, f.line) for f in page.fields for c in _BACKTICKED.findall(f.description) if _CONSTANT.fullmatch(c)]
    names = {c for c, _ in mentioned}
    for name, values in sorted(lists.items()):
        known = sorted(names & values)
        if not known:
            continue
        for constant, line in mentioned:
            if constant not in every and constant not in _NOT_VALUES:
                findings.add(
                    page.path,
                    line,
                    "unlisted-value",
                    f"{constant} is written on this page beside {', '.join(known)} but is not among the documented "
                    f"values of {name} ({', '.join(sorted(values))})",
                )


def _group_vocabulary(pages: list[Page], findings: Findings, groups: dict[str, tuple[str, ...]]) -> None:
    """A page that talks about what only a sibling group is about ("membership" on a credit-usage page)."""
    members: dict[tuple[str, ...], list[Page]] = {}
    for page in pages:
        if not page.is_guide:
            members.setdefault(groups.get(page.path, ()), []).append(page)
    if len(members) < 2:
        return
    vocabulary = {group: _group_words(group, pages) for group, pages in members.items()}
    for group, pages_of_group in members.items():
        for page in pages_of_group:
            own = vocabulary[group] | {w for f in page.fields for w in words_key(f.name)}
            foreign = set().union(*(v for g, v in vocabulary.items() if g != group)) - own - _STOP
            said = sorted(w for w in set(re.findall(r"[a-z]+", page.description.lower())) if w in foreign)
            if said:
                others = [g[-1] if g else "(no group)" for g, v in vocabulary.items() if g != group and v & set(said)]
                findings.add(
                    page.path,
                    page.description_line,
                    "foreign-vocabulary",
                    f"the page description speaks of {', '.join(said)}, which only the pages of "
                    f"{' / '.join(others)} are about",
                )


def _group_words(group: tuple[str, ...], pages: list[Page]) -> set[str]:
    """The group's name, and the words every page of the group uses in its field names."""
    sets = [{w for f in page.fields for w in words_key(f.name)} for page in pages]
    named = set(words_key(*re.findall(r"[A-Za-z]+", " ".join(group))))
    return named | (set.intersection(*sets) if sets else set())


def _requiredness_across_pages(pages: list[Page], findings: Findings, groups: dict[str, tuple[str, ...]]) -> None:
    """One group's pages disagree on whether a request field is required."""
    by_group: dict[str, list[tuple[Page, DocField]]] = {}
    for page in pages:
        folder = "/".join(groups.get(page.path, ()))
        for f in page.fields:
            if f.section in ("body", "query") and not f.parents:
                by_group.setdefault(f"{folder}\0{f.name}", []).append((page, f))
    for uses in by_group.values():
        required = [(p, f) for p, f in uses if f.required]
        optional = [(p, f) for p, f in uses if not f.required]
        if required and optional:
            elsewhere = ", ".join(sorted({p.path for p, _ in required}))
            for page, f in optional:
                findings.add(
                    page.path,
                    f.line,
                    "requiredness-differs",
                    f"{f.name} is optional here but required on {elsewhere}",
                )
