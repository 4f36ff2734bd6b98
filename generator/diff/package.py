"""The public surface of a generated package, read from its code (parsed with :mod:`ast`, never imported).

What a user imports and calls, and what each name stands for:

- each class the ``models`` package exports (its ``_MODULES`` map, and those of the operations'
  ``*_params`` packages inside it), as a model (attribute and JSON name of each field, from
  ``to_dict``) or an enum (its values);
- each method of each resource reached from the client class (``client.v2.invoices.list``), found
  by the HTTP method and path it passes to ``self._client.request``, with its arguments: path
  parameters by position, the others by where they go on the wire (``encode_query('limit', limit)``,
  ``_headers['X-Id'] = ...``, ``_body['name'] = name``).

The files come as ``{path inside the package: text}``, from a folder (:func:`folder_files`), from
git (:func:`git_files`) or from the renderer, so that two generations are read the same way.
"""

from __future__ import annotations

import ast
import io
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from .. import records
from ..problems import Location, SpecError
from .gitrun import git_output
from .spec import normalized_path

__all__ = ["Argument", "Class", "Method", "PackageFiles", "PackageSurface", "folder_files", "git_files", "read_surface"]

_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "max_response_size"})
"""Keyword arguments every method has: not part of what an operation takes."""
_LOCATIONS = {"_headers": "header", "_cookies": "cookie", "_body": "body"}


@records.frozen
class Argument:
    name: str
    where: tuple[str, str]
    """``("path", "0")`` by position, ``("query", "limit")`` by wire name, ``("argument", name)`` otherwise."""
    required: bool
    types: frozenset[str] = frozenset()
    """The names its annotation refers to (``Customer``, ``create_customer_params.Body``)."""


@records.frozen
class Method:
    resource: str
    """The resource as reached from the client (``v2.invoices``)."""
    name: str
    verb: str
    path: str
    arguments: tuple[Argument, ...]
    file: str
    returns: frozenset[str] = frozenset()
    """The names its return annotation refers to."""

    @property
    def label(self) -> str:
        return f"{self.verb} {self.path}"

    @property
    def spelled(self) -> str:
        return f"client.{self.resource}.{self.name}"

    def call(self, *extra: str) -> str:
        """``client.customers.get(id)``: path parameters by position, then ``extra``."""
        path = [a.name for a in self.arguments if a.where[0] == "path"]
        return f"`{self.spelled}({', '.join([*path, *extra])})`"


@records.frozen
class Class:
    name: str
    """As imported from ``models``: ``Customer``, or ``create_customer_params.Body`` in an operation's package."""
    module: str
    """The module under ``models`` that defines it: ``customer``, ``create_customer_params.body``."""
    kind: str
    """``model``, ``enum`` or ``other``."""
    keys: frozenset[str]
    """What it stands for: a model's JSON field names, an enum's values (as ``repr``)."""
    fields: tuple[tuple[str, str], ...]
    """A model's ``(JSON name, attribute)`` pairs."""
    file: str
    field_types: tuple[tuple[str, frozenset[str]], ...] = ()
    """A model's ``(JSON name, names its annotation refers to)`` pairs."""

    @property
    def where(self) -> str:
        return f"{self.module}.{self.name.rpartition('.')[2]}"


@records.frozen
class PackageSurface:
    package: str
    client_class: str
    classes: Mapping[str, Class]
    methods: Mapping[tuple[str, str], Method]
    """By HTTP method and path with its parameter names dropped (``GET /customers/{}``)."""

    def uses(self) -> dict[str, set[str]]:
        """``{class: places}``: where each class is used, by what the place stands for (``GET /a/{} query limit``,
        ``GET /a/{} returns``, ``Owner.jsonName``), which stays when names change."""
        found: dict[str, set[str]] = {}
        for (verb, path), method in self.methods.items():
            for name in method.returns:
                found.setdefault(name, set()).add(f"{verb} {path} returns")
            for arg in method.arguments:
                for name in arg.types:
                    found.setdefault(name, set()).add(f"{verb} {path} {' '.join(arg.where)}")
        for cls in self.classes.values():
            for wire, names in cls.field_types:
                for name in names:
                    found.setdefault(name, set()).add(f"{cls.name}.{wire}")
        return found


@records.frozen
class PackageFiles:
    """A generated package's Python files: ``{path inside the package: text}``."""

    package: str
    texts: Mapping[str, str]
    origin: Path
    """Where they were read (a folder, ``REF:folder``), naming the files in messages."""


def folder_files(folder: Path) -> PackageFiles:
    """The package in ``folder``: a generated project with ``src/PACKAGE``, or the package itself."""
    candidates = [folder] if (folder / "_client.py").is_file() else sorted(folder.glob("src/*/"))
    found = [p for p in candidates if (p / "_client.py").is_file()]
    if len(found) != 1:
        raise SpecError.at(Location(folder, "", 1), "not a generated package (no src/PACKAGE/_client.py)")
    package = found[0]
    files = {
        p.relative_to(package).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in sorted(package.rglob("*.py"))
    }
    return PackageFiles(package.name, files, package)


def git_files(ref: str, folder: str, root: Path) -> PackageFiles:
    """Like :func:`folder_files`, for the project ``folder`` (relative to the repository root) at git ``ref``."""
    label = Path(f"{ref}:{folder}")
    archive = git_output(root, ["archive", "--format=tar", ref, "--", f"{folder}/src"], label)
    texts: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            extracted = tar.extractfile(member) if member.isfile() and member.name.endswith(".py") else None
            if extracted is not None:
                texts[member.name] = extracted.read().decode("utf-8", "replace")
    packages = sorted({PurePosixPath(n).relative_to(f"{folder}/src").parts[0] for n in texts if "/_client.py" in n})
    if len(packages) != 1:
        raise SpecError.at(Location(label, "", 1), "not a generated package (no src/PACKAGE/_client.py)")
    prefix = f"{folder}/src/{packages[0]}/"
    files = {n.removeprefix(prefix): t for n, t in texts.items() if n.startswith(prefix)}
    return PackageFiles(packages[0], files, Path(f"{ref}:{prefix.rstrip('/')}"))


def read_surface(files: PackageFiles, parsed: dict[str, ast.Module] | None = None) -> PackageSurface:
    """The surface of a package from its files.

    ``parsed``: syntax trees by file text, shared by the readings of two versions of a package so that the
    files they have in common are parsed once.
    """
    reader = _Reader(files, {} if parsed is None else parsed)
    package = files.package
    client = reader.parse("_client.py")
    client_class = next((c for c in _classes(client) if not c.name.startswith("Async") and any(_accessors(c))), None)
    methods: dict[tuple[str, str], Method] = {}
    if client_class is not None:
        for method in reader.methods(client_class, "", "resources/"):
            methods.setdefault((method.verb, normalized_path(method.path)), method)
    classes = {c.name: c for c in reader.models()}
    return PackageSurface(package, client_class.name if client_class else "", classes, methods)


def _classes(tree: ast.Module) -> Iterator[ast.ClassDef]:
    return (node for node in tree.body if isinstance(node, ast.ClassDef))


def _accessors(cls: ast.ClassDef) -> Iterator[tuple[str, str, str]]:
    """``(attribute, module, class)`` for each cached property that imports the resource it returns."""
    for node in cls.body:
        if not isinstance(node, ast.FunctionDef) or not any(
            "cached_property" in ast.unparse(d) for d in node.decorator_list
        ):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.level == 1 and statement.module:
                yield node.name, statement.module, statement.names[0].name


class _Reader:
    def __init__(self, files: PackageFiles, parsed: dict[str, ast.Module]) -> None:
        self.files = files.texts
        self.origin = files.origin
        self.parsed = parsed

    def parse(self, path: str) -> ast.Module:
        text = self.files.get(path)
        if text is None:
            return ast.Module([], [])
        if text not in self.parsed:
            try:
                self.parsed[text] = ast.parse(text, path)
            except SyntaxError as exc:
                where = Location(Path(f"{self.origin}/{path}"), "", exc.lineno or 1)
                raise SpecError.at(where, f"not Python: {exc.msg}") from None
        return self.parsed[text]

    def methods(self, cls: ast.ClassDef, prefix: str, folder: str) -> Iterator[Method]:
        """The methods of ``cls`` (reached as ``client.PREFIX``) and of the resources it leads to."""
        for attribute, module, class_name in _accessors(cls):
            path = f"{folder}{module.removeprefix('resources.').replace('.', '/')}.py"
            found = next((c for c in _classes(self.parse(path)) if c.name == class_name), None)
            if found is None:
                continue
            accessor = f"{prefix}{attribute}"
            for node in found.body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    method = _method(node, accessor, path)
                    if method is not None:
                        yield method
            yield from self.methods(found, accessor + ".", "resources/")

    def models(self) -> Iterator[Class]:
        packages = sorted({p.rpartition("/")[0] for p in self.files if p.startswith("models/")})
        for folder in packages:
            scope = folder.removeprefix("models").removeprefix("/").replace("/", ".")
            for name, module in _exported(self.parse(f"{folder}/__init__.py")).items():
                file = f"{folder}/{module.replace('.', '/')}.py"
                shown = f"{scope}.{name}" if scope else name
                found = next((c for c in _classes(self.parse(file)) if c.name == name), None)
                yield _class(found, shown, f"{scope}.{module}" if scope else module, file)


def _exported(init: ast.Module) -> dict[str, str]:
    """``{class: module}`` from a models package's ``_MODULES`` map."""
    for node in init.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "_MODULES"
            and isinstance(node.value, ast.Dict)
        ):
            pairs = zip(node.value.keys, node.value.values, strict=True)
            return {
                str(k.value): str(v.value)
                for k, v in pairs
                if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
            }
    return {}


def _class(node: ast.ClassDef | None, name: str, module: str, file: str) -> Class:
    if node is None:
        return Class(name, module, "other", frozenset(), (), file)
    if any(ast.unparse(base).endswith("Enum") for base in node.bases):
        values = [
            repr(s.value.value)
            for s in node.body
            if isinstance(s, ast.Assign)
            and isinstance(s.value, ast.Constant)
            and not any(isinstance(t, ast.Name) and t.id.startswith("_") for t in s.targets)
        ]
        return Class(name, module, "enum", frozenset(values), (), file)
    to_dict = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "to_dict"), None)
    if to_dict is None:
        return Class(name, module, "other", frozenset(), (), file)
    fields = []
    for statement in ast.walk(to_dict):
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
            attribute = next(_self_attributes(statement.value), None)
            if attribute is not None:
                fields.append((str(target.slice.value), attribute))
    annotations = {
        s.target.id: _names(s.annotation)
        for s in node.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    }
    types = tuple((wire, annotations.get(attribute, frozenset())) for wire, attribute in fields)
    return Class(name, module, "model", frozenset(w for w, _ in fields), tuple(fields), file, types)


def _self_attributes(node: ast.AST) -> Iterator[str]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "self":
            yield inner.attr


def _method(node: ast.FunctionDef, resource: str, file: str) -> Method | None:
    """The method, when it sends a request (``self._client.request(VERB, path_template(PATH, ...), ...)``)."""
    call = next(
        (c for c in ast.walk(node) if isinstance(c, ast.Call) and ast.unparse(c.func) == "self._client.request"), None
    )
    if call is None or len(call.args) < 2 or not isinstance(call.args[0], ast.Constant):
        return None
    path_call = call.args[1]
    if not isinstance(path_call, ast.Call) or not path_call.args or not isinstance(path_call.args[0], ast.Constant):
        return None
    wire = _wire_names(node)
    arguments = []
    positional = node.args.args[1:]
    first_default = len(positional) - len(node.args.defaults)
    for i, arg in enumerate(positional):
        arguments.append(Argument(arg.arg, ("path", str(i)), i < first_default, _names(arg.annotation)))
    for arg, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
        if arg.arg not in _OPTIONS:
            where = wire.get(arg.arg, ("argument", arg.arg))
            arguments.append(Argument(arg.arg, where, default is None, _names(arg.annotation)))
    verb, path = str(call.args[0].value), str(path_call.args[0].value)
    return Method(resource, node.name, verb.upper(), path, tuple(arguments), file, _names(node.returns))


def _names(annotation: ast.expr | None) -> frozenset[str]:
    """The names an annotation refers to: ``Name`` and ``module.Name``."""
    if annotation is None:
        return frozenset()
    found = set()
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found.add(f"{node.value.id}.{node.attr}")
    return frozenset(found)


def _wire_names(node: ast.FunctionDef) -> dict[str, tuple[str, str]]:
    """``{argument: (location, wire name)}``, from how the method's body encodes each argument."""
    found: dict[str, tuple[str, str]] = {}
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and ast.unparse(inner.func) == "encode_query" and len(inner.args) >= 2:
            wire, value = inner.args[0], inner.args[1]
            if isinstance(wire, ast.Constant) and isinstance(value, ast.Name):
                found.setdefault(value.id, ("query", str(wire.value)))
        target = inner.targets[0] if isinstance(inner, ast.Assign) and len(inner.targets) == 1 else None
        if (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and target.value.id in _LOCATIONS
            and isinstance(target.slice, ast.Constant)
        ):
            assert isinstance(inner, ast.Assign)
            for name in (n.id for n in ast.walk(inner.value) if isinstance(n, ast.Name)):
                found.setdefault(name, (_LOCATIONS[target.value.id], str(target.slice.value)))
    return found
