"""The HTTP contract: walk two normalized documents side by side and report what changed.

Operations are matched by method and path template, with path parameter names
ignored (``/customers/{id}`` is ``/customers/{customer_id}``); parameters by
location and name (path parameters by position); schemas as nodes of each
spec's schema graph (:mod:`generator.graph`), ``$ref``\\s resolved there, into
other files too, and cycles ended where a pair of nodes repeats.  Direction decides the level: a request
property becoming required breaks callers, a response property becoming
required does not.  Schema pairs are compared by
:mod:`.schemas`; the rules and their levels are :mod:`.contract_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import records
from ..graph import Schema, SchemaGraph
from ..load import Spec
from ..normalize import HTTP_METHODS
from ..problems import Location, Problems, SpecError, join_pointer
from .contract_rules import REQUEST_SUBJECTS, RESPONSE_SUBJECTS
from .model import Change
from .schemas import SchemaDiff, Where
from .unchanged import unchanged_targets

__all__ = ["REQUEST_SUBJECTS", "RESPONSE_SUBJECTS", "diff_contract"]

# --- walking ---------------------------------------------------------------------------------


def normalized_path(path: str) -> str:
    """The path with its parameter names dropped: ``/customers/{id}`` is ``/customers/{}``."""
    return re.sub(r"\{[^}/]*\}", "{}", path)


def _path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}/]*)\}", path)


class _Doc:
    """One side of the diff: the normalized document and its schema graph."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.file = spec.roots[0]
        data = spec.root.data
        self.data = data if isinstance(data, dict) else {}
        self.graph = SchemaGraph(spec, Problems())
        """Its problems are the build's to report: the diff builds both clients too."""

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow the ``$ref``\\s of what is not a schema; a dangling one is returned as it is."""
        try:
            location, node = self.spec.follow(Location(self.file, pointer), node)
        except SpecError:
            return node, pointer
        return node, location.pointer

    def schema(self, raw: Any, pointer: str) -> Schema:
        """The graph's node of the schema ``raw`` at ``pointer`` of the document."""
        return self.graph.at(Location(self.file, pointer), raw)

    def in_root(self, node: Schema) -> bool:
        return node.location.file == self.file


@records.frozen
class _Op:
    method: str
    path: str
    pointer: str
    node: dict[str, Any]
    item: dict[str, Any]
    item_pointer: str

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


class _Walker:
    def __init__(self, base: Spec, revision: Spec) -> None:
        self.base, self.rev = _Doc(base), _Doc(revision)
        self.changes: list[Change] = []
        self.unchanged = unchanged_targets(self.base.data, self.rev.data)
        """``$ref`` targets equal in both documents, all they reach included: nothing to compare."""
        self.schemas = SchemaDiff(self.changes, self._unchanged)
        self.schema = self.schemas.schema

    def add(self, rule_id: str, operation: str, pointer: str, message: str) -> None:
        self.changes.append(Change.of(rule_id, operation, pointer, message))

    # -- document level --

    def run(self) -> list[Change]:
        self.servers()
        self.security_schemes()
        base_ops, rev_ops = dict(self.operations(self.base)), dict(self.operations(self.rev))
        rev_paths = {normalized_path(op.path) for op in rev_ops.values()}
        for key, old in base_ops.items():
            new = rev_ops.get(key)
            if new is None:
                deprecated = " (it was deprecated)" if old.node.get("deprecated") is True else ""
                if normalized_path(old.path) in rev_paths:
                    self.add("api-removed", old.label, old.pointer, f"removed the operation {old.label}{deprecated}")
                else:
                    self.add("api-path-removed", old.label, old.pointer, f"removed the path {old.path}{deprecated}")
                continue
            self.operation(old, new)
        for key, new in rev_ops.items():
            if key not in base_ops:
                self.add("endpoint-added", new.label, new.pointer, f"added the operation {new.label}")
        self.schemas.finish()
        return self.changes

    def operations(self, doc: _Doc) -> Iterator[tuple[tuple[str, str], _Op]]:
        paths = doc.data.get("paths")
        if not isinstance(paths, dict):
            return
        for path, raw in paths.items():
            item, item_pointer = doc.deref(raw, join_pointer("/paths", str(path)))
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                node = item.get(method)
                if isinstance(node, dict):
                    op = _Op(method, str(path), join_pointer(item_pointer, method), node, item, item_pointer)
                    yield (method, normalized_path(str(path))), op

    def servers(self) -> None:
        """Servers matched by environment name (from the configuration or the server's description, see
        normalization), so a server whose URL changes is that, not one removed and another added."""

        def named(doc: _Doc) -> dict[str, tuple[int, str]]:
            servers = doc.data.get("servers")
            found: dict[str, tuple[int, str]] = {}
            for index, server in enumerate(servers if isinstance(servers, list) else ()):
                if isinstance(server, dict) and isinstance(server.get("url"), str):
                    name = str(server.get("x-clientgen-environment") or server["url"])
                    found.setdefault(name, (index, server["url"].rstrip("/")))
            return found

        old, new = named(self.base), named(self.rev)
        for name, (index, url) in old.items():
            if name not in new:
                self.add("server-removed", "", f"/servers/{index}", f"removed the server {url} (environment {name!r})")
            elif new[name][1] != url:
                at, now = new[name]
                self.add("server-url-changed", "", f"/servers/{at}/url",
                         f"the environment {name!r} moved from {url} to {now}")  # fmt: skip
        for name, (index, url) in new.items():
            if name not in old:
                self.add("server-added", "", f"/servers/{index}", f"added the server {url} (environment {name!r})")

    def security_schemes(self) -> None:
        def schemes(doc: _Doc) -> dict[str, Any]:
            found = (doc.data.get("components") or {}).get("securitySchemes")
            return found if isinstance(found, dict) else {}

        new_schemes = schemes(self.rev)
        for name, old in schemes(self.base).items():
            new = new_schemes.get(name)
            old, _ = self.base.deref(old, "")
            new, _ = self.rev.deref(new, "")
            if not isinstance(old, dict) or not isinstance(new, dict):
                continue
            for key in ("type", "scheme", "in", "name"):
                before, after = old.get(key), new.get(key)
                if isinstance(before, str) and isinstance(after, str) and before.lower() != after.lower():
                    pointer = join_pointer("/components/securitySchemes", name, key)
                    self.add("security-scheme-changed", "", pointer, f"the security scheme `{name}`'s {key} "
                             f"changed from {before!r} to {after!r}")  # fmt: skip

    # -- operation level --

    def operation(self, old: _Op, new: _Op) -> None:
        label = new.label
        was, now = old.node.get("deprecated") is True, new.node.get("deprecated") is True
        if now and not was:
            self.add("endpoint-deprecated", label, join_pointer(new.pointer, "deprecated"), f"{label} is deprecated")
        elif was and not now:
            self.add("endpoint-reactivated", label, new.pointer, f"{label} is no longer deprecated")
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.security(old, new)

    def _params(self, doc: _Doc, op: _Op) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
        found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        order = _path_params(op.path)
        for owner, owner_pointer in ((op.item, op.item_pointer), (op.node, op.pointer)):
            params = owner.get("parameters")
            if not isinstance(params, list):
                continue
            for index, raw in enumerate(params):
                param, pointer = doc.deref(raw, join_pointer(owner_pointer, "parameters", index))
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    continue
                where, name = str(param.get("in", "query")), param["name"]
                if where == "path":
                    key = ("path", str(order.index(name)) if name in order else name)
                else:
                    key = (where, name.lower() if where == "header" else name)
                found[key] = (param, pointer)
        return found

    def parameters(self, old: _Op, new: _Op) -> None:
        label = new.label
        before, after = self._params(self.base, old), self._params(self.rev, new)
        for key, (param, pointer) in before.items():
            where, name = param.get("in", "query"), param["name"]
            if key not in after:
                self.add("request-parameter-removed", label, pointer, f"removed the {where} parameter `{name}`")
                continue
            other, other_pointer = after[key]
            if where == "path" and other["name"] != name:
                self.add("request-path-parameter-renamed", label, join_pointer(other_pointer, "name"),
                         f"renamed the path parameter `{name}` to `{other['name']}`")  # fmt: skip
            required, now_required = param.get("required") is True, other.get("required") is True
            if now_required and not required:
                self.add("request-parameter-became-required", label, join_pointer(other_pointer, "required"),
                         f"the {where} parameter `{name}` became required")  # fmt: skip
            elif required and not now_required:
                self.add("request-parameter-became-optional", label, other_pointer,
                         f"the {where} parameter `{name}` became optional")  # fmt: skip
            old_schema, old_sp = _param_schema(param, pointer)
            new_schema, new_sp = _param_schema(other, other_pointer)
            if old_schema is not None and new_schema is not None:
                where_ = Where(label, "request-parameter", str(other["name"]), str(where))
                self.schema(self.base.schema(old_schema, old_sp), self.rev.schema(new_schema, new_sp), where_)
        for key, (param, pointer) in after.items():
            if key in before:
                continue
            where, name = param.get("in", "query"), param["name"]
            if param.get("required") is True:
                self.add(
                    "new-required-request-parameter", label, pointer, f"added the required {where} parameter `{name}`"
                )
            else:
                self.add(
                    "new-optional-request-parameter", label, pointer, f"added the optional {where} parameter `{name}`"
                )

    def request_body(self, old: _Op, new: _Op) -> None:
        label = new.label
        before, bp = self.base.deref(old.node.get("requestBody"), join_pointer(old.pointer, "requestBody"))
        after, ap = self.rev.deref(new.node.get("requestBody"), join_pointer(new.pointer, "requestBody"))
        if not isinstance(before, dict) and not isinstance(after, dict):
            return
        if not isinstance(before, dict):
            required = after.get("required") is True
            rule_id = "request-body-added-required" if required else "request-body-added-optional"
            self.add(rule_id, label, ap, f"added {'a required' if required else 'an optional'} request body")
            return
        if not isinstance(after, dict):
            self.add("request-body-removed", label, bp, "removed the request body")
            return
        was, now = before.get("required") is True, after.get("required") is True
        if now and not was:
            self.add(
                "request-body-became-required", label, join_pointer(ap, "required"), "the request body became required"
            )
        elif was and not now:
            self.add("request-body-became-optional", label, ap, "the request body became optional")
        self.content(before, bp, after, ap, Where(label, "request-body"), "request-body-media-type")

    def content(self, before: dict[str, Any], bp: str, after: dict[str, Any], ap: str, where: Where, stem: str) -> None:
        old = before.get("content") if isinstance(before.get("content"), dict) else {}
        new = after.get("content") if isinstance(after.get("content"), dict) else {}
        assert isinstance(old, dict) and isinstance(new, dict)
        owner = where.noun() if where.context else "the request body"
        for media in old:
            if media not in new:
                self.add(f"{stem}-removed", where.op, join_pointer(bp, "content", media),
                         f"removed the media type {media} from {owner}")  # fmt: skip
        for media in new:
            if media not in old:
                self.add(f"{stem}-added", where.op, join_pointer(ap, "content", media),
                         f"added the media type {media} to {owner}")  # fmt: skip
        for media, old_media in old.items():
            new_media = new.get(media)
            if not (isinstance(old_media, dict) and isinstance(new_media, dict)):
                continue
            if "schema" in old_media and "schema" in new_media:
                here = where if where.context else records.evolve(where, context=media)
                old_node = self.base.schema(old_media["schema"], join_pointer(bp, "content", media, "schema"))
                new_node = self.rev.schema(new_media["schema"], join_pointer(ap, "content", media, "schema"))
                self.schema(old_node, new_node, here)

    def responses(self, old: _Op, new: _Op) -> None:
        label = new.label
        before = old.node.get("responses") if isinstance(old.node.get("responses"), dict) else {}
        after = new.node.get("responses") if isinstance(new.node.get("responses"), dict) else {}
        assert isinstance(before, dict) and isinstance(after, dict)
        base_rp, rev_rp = join_pointer(old.pointer, "responses"), join_pointer(new.pointer, "responses")
        for status in before:
            if str(status) not in {str(s) for s in after}:
                kind = "success" if str(status).startswith("2") else "non-success"
                self.add(f"response-{kind}-status-removed", label, join_pointer(base_rp, status),
                         f"removed the {status} response")  # fmt: skip
        for status in after:
            if str(status) not in {str(s) for s in before}:
                kind = "success" if str(status).startswith("2") else "non-success"
                self.add(f"response-{kind}-status-added", label, join_pointer(rev_rp, status),
                         f"added the {status} response")  # fmt: skip
        for status, raw in before.items():
            if status not in after:
                continue
            resp, bp = self.base.deref(raw, join_pointer(base_rp, status))
            other, ap = self.rev.deref(after[status], join_pointer(rev_rp, status))
            if not (isinstance(resp, dict) and isinstance(other, dict)):
                continue
            self.content(resp, bp, other, ap, Where(label, "response-body", "", str(status)), "response-media-type")
            self.headers(resp, bp, other, label, str(status))

    def headers(self, resp: dict[str, Any], bp: str, other: dict[str, Any], label: str, status: str) -> None:
        old = resp.get("headers") if isinstance(resp.get("headers"), dict) else {}
        new = other.get("headers") if isinstance(other.get("headers"), dict) else {}
        assert isinstance(old, dict) and isinstance(new, dict)
        kept = {str(name).lower() for name in new}
        for name, raw in old.items():
            if str(name).lower() in kept:
                continue
            header, _ = self.base.deref(raw, "")
            required = isinstance(header, dict) and header.get("required") is True
            rule_id = "required-response-header-removed" if required else "optional-response-header-removed"
            self.add(
                rule_id, label, join_pointer(bp, "headers", name), f"removed the header {name} of the {status} response"
            )

    def security(self, old: _Op, new: _Op) -> None:
        def effective(doc: _Doc, op: _Op) -> tuple[list[dict[str, Any]], str]:
            if "security" in op.node:
                value, pointer = op.node["security"], join_pointer(op.pointer, "security")
            else:
                value, pointer = doc.data.get("security"), "/security"
            return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else [], pointer

        label = new.label
        before, _ = effective(self.base, old)
        after, pointer = effective(self.rev, new)
        anonymous_before = not before or any(not r for r in before)
        anonymous_after = not after or any(not r for r in after)
        if anonymous_before and not anonymous_after:
            self.add("api-security-added", label, pointer, f"{label} now requires credentials")
            return
        if anonymous_after and not anonymous_before:
            self.add("api-security-removed", label, pointer, f"{label} no longer requires credentials")
            return
        old_alts = {frozenset(r): r for r in before if r}
        new_alts = {frozenset(r): r for r in after if r}
        for key, requirement in old_alts.items():
            if key not in new_alts:
                names = " and ".join(sorted(key))
                self.add("api-security-alternative-removed", label, pointer, f"{names} is no longer accepted")
                continue
            for scheme, scopes in requirement.items():
                old_scopes = set(scopes) if isinstance(scopes, list) else set()
                new_value = new_alts[key].get(scheme)
                new_scopes = set(new_value) if isinstance(new_value, list) else set()
                for scope in sorted(new_scopes - old_scopes, key=str):
                    self.add("api-security-scope-added", label, pointer, f"{scheme} needs the scope {scope!r}")
                for scope in sorted(old_scopes - new_scopes, key=str):
                    self.add(
                        "api-security-scope-removed", label, pointer, f"{scheme} no longer needs the scope {scope!r}"
                    )
        for key in new_alts:
            if key not in old_alts:
                names = " and ".join(sorted(key))
                self.add("api-security-alternative-added", label, pointer, f"{names} is accepted too")

    def _unchanged(self, old: Schema, new: Schema) -> bool:
        """Whether the pair is one ``$ref`` target, equal in both documents with all it reaches."""
        pointer = old.location.pointer
        same_place = pointer == new.location.pointer and self.base.in_root(old) and self.rev.in_root(new)
        return same_place and pointer in self.unchanged


def _param_schema(param: dict[str, Any], pointer: str) -> tuple[Any, str]:
    if "schema" in param:
        return param["schema"], join_pointer(pointer, "schema")
    content = param.get("content")
    if isinstance(content, dict):
        for media, value in content.items():
            if isinstance(value, dict) and "schema" in value:
                return value["schema"], join_pointer(pointer, "content", media, "schema")
    return None, pointer


def diff_contract(base: Spec, revision: Spec) -> list[Change]:
    """Every HTTP-contract change between two normalized specs."""
    return _Walker(base, revision).run()
