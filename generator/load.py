"""Stage 1, load: read spec files into plain data, with lazy line lookup.

YAML is parsed with PyYAML's C loader when it is available and JSON with the
standard library: both are fast because they build plain dicts and lists
without position marks.  When a message needs a line number, the file is
composed once more into a node tree (which keeps marks) and the JSON pointer is
walked there; only files that have problems pay for that.

``$ref`` values that name another file are followed here, so later stages see
every document they may need.  They must stay inside the spec's git work tree
(else the current folder, else the spec's own folder; :func:`refs_boundary`),
also once symbolic links are followed; remote (``http:``) references and
absolute paths are refused with a located error.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import records
from .fastyaml import fast_load
from .jsonlines import JsonLines
from .jsontext import JsonTextError, parse_json
from .limits import check_depth, check_integers, check_text, too_deep_in_text, too_long_integer
from .lines import BlockLines
from .problems import (
    Level,
    Location,
    PointerLink,
    Problem,
    Problems,
    SpecError,
    join_pointer,
    pointer_index,
    pointer_of,
)
from .repeated_keys import Repeats, repeated_keys

if TYPE_CHECKING:
    import yaml

__all__ = ["Document", "Spec", "load", "parse_text", "refs_boundary", "resolve_pointer", "split_ref"]


_MAX_EXPANSION = 1_000_000
_MAX_EXPANSION_RATIO = 10
_ANCHOR = re.compile(r"&[^\s,\[\]{}]")


def _has_anchor(text: str) -> bool:
    """A YAML anchor (``&name`` where a node may start): without one no alias can share anything.

    An ``&`` inside prose or a URL (``?a=b&c=d``) is no anchor: only one after a blank, a line
    break or a flow indicator is.
    """
    return any(m.start() == 0 or text[m.start() - 1] in " \t\r\n[{," for m in _ANCHOR.finditer(text))


@records.frozen(eq=False)
class Document:
    """One parsed file."""

    path: Path
    data: Any
    text: str
    _nodes: list[yaml.Node | None] = records.field(factory=list)
    notes: tuple[tuple[int, str], ...] = ()
    """Warnings from reading the file leniently: (line, message)."""
    _lines: list[BlockLines | JsonLines] = records.field(factory=list)
    """The text read as JSON or as block YAML, made on the first line asked for."""

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where ``pointer`` starts, or None if it is not in this file.

        Lines are found by reading the text as JSON (:class:`generator.jsonlines.JsonLines`) or
        as block YAML (:class:`generator.lines.BlockLines`); both index what they read, so many
        lines cost little more than one.  When that is not certain, the file is composed once and
        the composed nodes answer from then on.
        """
        tokens = list(_tokens(pointer))
        if not self._nodes:
            if not self._lines:
                json_text = self.text.lstrip(" \t\r\n")[:1] in ("{", "[")
                self._lines.append(JsonLines(self.text) if json_text else BlockLines(self.text))
            scanned = self._lines[0].line(tokens)
            if scanned is not None:
                return scanned
            from .yamlnodes import compose  # PyYAML: only when the text is not plainly JSON or block YAML

            self._nodes.append(compose(self.text))
        node = self._nodes[0]
        if node is None:
            return None
        from .yamlnodes import composed_line

        return composed_line(node, tokens)


def _tokens(pointer: str) -> Iterator[str]:
    if not pointer:
        return
    for token in pointer.lstrip("/").split("/"):
        yield token.replace("~1", "/").replace("~0", "~")


def split_ref(ref: str) -> tuple[str, str]:
    """Split a ``$ref`` into its file part and its (unquoted) JSON pointer."""
    file_part, _, fragment = ref.partition("#")
    return file_part, unquote(fragment)


def resolve_pointer(data: Any, pointer: str) -> Any:
    """Follow a JSON pointer through plain data; raises LookupError when it is absent."""
    node = data
    for token in _tokens(pointer):
        if isinstance(node, dict):
            if token not in node:
                raise LookupError(token)
            node = node[token]
        elif isinstance(node, list) and (index := pointer_index(token, len(node))) is not None:
            node = node[index]
        else:
            raise LookupError(token)
    return node


def expanded_size(data: Any) -> tuple[int, int]:
    """(distinct containers, containers once YAML aliases are expanded), in linear time.

    Aliases make PyYAML share one object in several places; every later walk
    visits it once per place, so a small file can stand for billions of nodes.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, dict | list) or (not done and id(node) in sizes):
            continue
        children = [c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, dict | list)]
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
        else:
            sizes.setdefault(id(node), 1)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return len(sizes), sizes.get(id(data), 0)


def parse_text(path: Path, text: str) -> Any:
    """Parse one file's text as JSON or YAML; raises SpecError with a location."""
    return _parse(path, text)[0]


def _parse(path: Path, text: str) -> tuple[Any, tuple[tuple[int, str], ...]]:
    """The data and the warnings of reading it; a document nested too deep for the later stages is refused."""
    try:
        data, notes = _parse_lenient(path, text)
    except RecursionError:
        raise too_deep_in_text(path, text) from None
    check_depth(path, text, data)
    check_text(path, text, data)
    check_integers(path, text, data)
    return data, notes


def _parse_lenient(path: Path, text: str) -> tuple[Any, tuple[tuple[int, str], ...]]:
    """The data, and the warnings of a lenient read: a JSON file with comments or trailing commas
    (real specs ship them) is read without them."""
    try:
        return _parse_strict(path, text), ()
    except SpecError as error:
        if path.suffix.lower() != ".json":
            raise
        json_error = error
    repeats = Repeats()
    try:
        lenient = parse_json(text, 1, repeats.pairs)
    except JsonTextError as error:
        if error.too_long:
            raise too_long_integer(path, text) from None
        raise json_error from None
    what = " and ".join(
        w for w, had in (("comments", lenient.had_comments), ("trailing commas", lenient.had_trailing_commas)) if had
    )
    if repeats.seen:
        _refuse_repeats(path, text)
    problem = json_error.problems[0]
    return lenient.value, ((problem.location.line or 1, f"{problem.message}: the file has {what}, read without them"),)


def _parse_strict(path: Path, text: str) -> Any:
    """The data of a JSON or YAML file; a key repeated in one mapping is an error (:mod:`generator.repeated_keys`)."""
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or stripped.startswith(("{", "[")):
        repeats = Repeats()
        try:
            data = json.loads(text, object_pairs_hook=repeats.pairs)
            if repeats.seen:
                _refuse_repeats(path, text)
            return data
        except json.JSONDecodeError as exc:
            if path.suffix.lower() == ".json":
                raise SpecError.at(Location(path, "", exc.lineno), f"invalid JSON: {exc.msg}") from None
        except ValueError:  # the only other: an integer literal longer than int() reads
            raise too_long_integer(path, text) from None
    data = fast_load(text)
    return parse_yaml(path, text) if data is None else data  # PyYAML: what yaml-rs may read differently


def parse_yaml(path: Path, text: str) -> Any:
    """The data of a YAML file read by PyYAML, the reference :mod:`generator.fastyaml` is held to."""
    import yaml

    from .yamlnodes import SpecLoader

    loader = SpecLoader(text)  # derives from a safe loader
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit: say where ours was passed
            raise too_deep_in_text(path, text) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SpecError.at(Location(path, "", line), f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SpecError.at(Location(path, "", 1), f"invalid YAML: {exc}") from None
    except ValueError:  # PyYAML's int() of a literal longer than it reads
        raise too_long_integer(path, text) from None
    finally:
        loader.dispose()
    if "*" in text and _has_anchor(text):
        distinct, expanded = expanded_size(data)
        if expanded > max(_MAX_EXPANSION, _MAX_EXPANSION_RATIO * distinct):
            raise SpecError.at(
                Location(path, "", 1),
                f"YAML aliases expand {distinct} objects to {expanded}: refusing (an alias bomb?)",
            )
    if getattr(loader, "repeated", False):
        _refuse_repeats(path, text)
    return data


def _refuse_repeats(path: Path, text: str) -> None:
    """Raise the errors of the keys ``text`` repeats, when some mapping really does (a YAML merge may not)."""
    from .yamlnodes import compose

    problems = repeated_keys(path, compose(text))
    if problems:
        raise SpecError(problems)


def read_document(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError.at(Location(path, "", 1), f"not UTF-8 text: {exc.reason}") from None
    except OSError as exc:
        raise SpecError.at(Location(path, "", 1), f"cannot read: {exc.strerror}") from None
    data, notes = _parse(path, text)
    return Document(path, data, text, notes=notes)


@records.frozen(eq=False)
class Spec:
    """The documents of one spec: ``roots`` are the entry files, in order."""

    roots: tuple[Path, ...]
    documents: dict[Path, Document]
    base_dir: Path
    origins: tuple[tuple[str, Path], ...] = ()
    """For a document merged from fragments: JSON pointer prefix -> the fragment it came from."""
    aliases: tuple[tuple[Path, str, str], ...] = ()
    """For a converted document (Swagger 2.0): (file, pointer prefix now, pointer prefix in the file's text)."""

    @property
    def root(self) -> Document:
        return self.documents[self.roots[0]]

    def locate(self, location: Location) -> Location:
        """The location with its line; a pointer into a merged document points into its fragment."""
        if location.line is not None:
            return location
        if self.origins and location.file == self.roots[0]:
            pointer = location.pointer
            for prefix, origin in self.origins:
                if pointer == prefix or pointer.startswith(prefix + "/"):
                    location = Location(origin, pointer)
                    break
        location = self._unalias(location)
        document = self.documents.get(location.file)
        return location._replace(line=document.line_of(location.pointer) if document is not None else None)

    def _unalias(self, location: Location) -> Location:
        """The pointer as it is written in the file, when conversion moved what it points at."""
        best: tuple[str, str] | None = None
        for file, new, old in self.aliases:
            matches = location.pointer == new or location.pointer.startswith(new + "/")
            if file == location.file and matches and (best is None or len(new) > len(best[0])):
                best = new, old
        if best is None:
            return location
        return location._replace(pointer=best[1] + location.pointer[len(best[0]) :])

    def problems(self) -> Problems:
        return Problems(locate=self.locate)

    def with_root_data(
        self, data: Any, path: Path | None = None, text: str = "", origins: dict[str, Path] | None = None
    ) -> Spec:
        """A spec whose single root is ``data`` (the result of normalization)."""
        path = path or self.roots[0]
        documents = dict(self.documents)
        if not text and path in documents:
            # Passes rewrite values in place of the same keys, so pointers still find their lines.
            text = documents[path].text
        documents[path] = Document(path, data, text)
        kept = tuple(sorted(origins.items(), key=lambda item: -len(item[0]))) if origins is not None else self.origins
        return Spec((path,), documents, self.base_dir, kept, self.aliases)

    def resolve(self, location: Location, ref: str) -> tuple[Location, Any]:
        """Resolve ``ref`` found at ``location``: the target's location and value."""
        file_part, pointer = split_ref(ref)
        path = location.file if not file_part else _ref_path(location.file, file_part)
        document = self.documents.get(path)
        if document is None:
            raise SpecError.at(self.locate(location), f"$ref {ref!r} names a file that was not loaded")
        try:
            return Location(path, pointer), resolve_pointer(document.data, pointer)
        except LookupError:
            raise SpecError.at(self.locate(location), f"$ref {ref!r} points at nothing") from None

    def follow(self, location: Location, node: Any) -> tuple[Location, Any]:
        """Follow ``node``'s ``$ref`` chain (at most :data:`MAX_REF_CHAIN` links): where it ends, and the value there.

        For what is not a schema (parameters, responses, path items): schemas are nodes of
        :class:`generator.graph.SchemaGraph`, which also guards against cycles.

        Raises:
            SpecError: a ``$ref`` on the way points at nothing.
        """
        for _ in range(MAX_REF_CHAIN):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            location, node = self.resolve(location, node["$ref"])
        return location, node


MAX_REF_CHAIN = 32
r"""How many ``$ref``\s in a row :meth:`Spec.follow` follows (a longer chain is a cycle, or as good as one)."""


def _ref_path(referrer: Path, file_part: str) -> Path:
    return Path(os.path.normpath(referrer.parent / unquote(file_part)))


# Keywords whose value is a map of names to objects: there, ``example`` or ``value`` is a name, not data.
_NAMED_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
        "definitions",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "webhooks",
        "content",
        "encoding",
        "mapping",
        "variables",
        "examples",
    }
)


def _is_data(key: str, value: Any) -> bool:
    """An example value (``example``, an Example Object's ``value``, a schema's ``examples`` list) is data.

    A ``$ref`` inside it is part of the example, not a reference: it is neither followed nor refused.
    """
    return key in ("example", "value", "x-example") or (key == "examples" and isinstance(value, list))


def _refs(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    # Each entry keeps its parent's entry and its key: the pointer is joined only for a $ref found.
    stack: list[tuple[Any, PointerLink, bool]] = []
    if isinstance(data, dict | list):
        stack.append((data, (None, pointer), False))
    while stack:
        node, link, named = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not named:
                yield pointer_of(link), ref
            stack.extend(
                (value, (link, key), not named and key in _NAMED_MAPS and isinstance(value, dict))
                for key, value in node.items()
                if isinstance(value, (dict, list)) and key != "$ref" and (named or not _is_data(key, value))
            )
        else:  # only containers are stacked
            stack.extend((value, (link, i), False) for i, value in enumerate(node) if isinstance(value, (dict, list)))


def refs_boundary(spec: Path, refs_root: Path | None = None) -> tuple[Path, str]:
    """The folder relative ``$ref``\\s of ``spec`` may reach, and what it is, for messages.

    ``refs_root`` when given; else the git work tree holding the spec (the nearest folder above
    it with a ``.git``), so that specs sharing files with sibling folders load as they are;
    else the current folder when it holds the spec; else the spec's own folder.  Given as the
    spec's path is given: relative to the current folder, or absolute.
    """
    if refs_root is not None:
        found, what = refs_root.resolve(), "the $ref root"
        if not spec.resolve().is_relative_to(found):
            raise SpecError.at(Location(spec, "", 1), f"the spec is not inside the $ref root {refs_root}")
    else:
        real = spec.resolve().parent
        tree = next((folder for folder in (real, *real.parents) if (folder / ".git").exists()), None)
        if tree is not None:
            found, what = tree, "the spec's git work tree"
        elif real.is_relative_to(Path.cwd().resolve()):
            found, what = Path.cwd().resolve(), "the current folder"
        else:
            return spec.parent, "the spec's folder"
    return (found if spec.is_absolute() else Path(os.path.relpath(found))), what


def load(paths: Path | list[Path] | tuple[Path, ...], refs_root: Path | None = None) -> Spec:
    """Load the entry file(s) and every file they reference, confined to :func:`refs_boundary`."""
    roots = tuple(Path(os.path.normpath(p)) for p in ([paths] if isinstance(paths, Path) else paths))
    if not roots:
        raise SpecError([])
    base_dir, what = refs_boundary(roots[0], refs_root)
    boundary, real_boundary = os.path.abspath(base_dir), base_dir.resolve()
    problems = Problems()
    documents: dict[Path, Document] = {}
    queue = list(roots)
    while queue:
        path = queue.pop(0)
        if path in documents:
            continue
        document = read_document(path)
        documents[path] = document
        if path in roots and not isinstance(document.data, dict):
            what = "empty" if document.data is None else f"a {type(document.data).__name__}, not a mapping"
            raise SpecError.at(Location(path, "", 1), f"an OpenAPI document must be a mapping; this file is {what}")
        for pointer, ref in _refs(document.data):
            location = Location(path, join_pointer(pointer, "$ref"))
            file_part, _ = split_ref(ref)
            if not file_part:
                continue
            scheme = urlsplit(file_part).scheme
            if scheme and len(scheme) > 1:
                problems.items.append(_located(document, location, f"remote $ref {ref!r} is not supported"))
                continue
            if unquote(file_part).startswith(("/", "\\")):
                problems.items.append(_located(document, location, f"$ref {ref!r} is an absolute path: not followed"))
                continue
            target = _ref_path(path, file_part)
            # Written inside (no ``..`` out), and still inside once symbolic links are followed.
            if not (_inside(os.path.abspath(target), boundary) and target.resolve().is_relative_to(real_boundary)):
                problems.items.append(_located(document, location, f"$ref {ref!r} leaves {what} {base_dir}"))
                continue
            if not target.is_file():
                problems.items.append(_located(document, location, f"$ref {ref!r}: no such file"))
                continue
            if target not in documents:
                queue.append(target)
    problems.raise_if_errors()
    return Spec(roots, documents, base_dir)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _located(document: Document, location: Location, message: str) -> Problem:
    return Problem(Level.ERROR, location._replace(line=document.line_of(location.pointer)), message)
