"""The HTTP contract: walk two normalized documents side by side and report what changed.

Operations are matched by method and path template, with path parameter names
ignored (``/customers/{id}`` is ``/customers/{customer_id}``); parameters by
location and name (path parameters by position); schemas as nodes of each
spec's schema graph (:mod:`generator.graph`), ``$ref``\\s resolved there, into
other files too, and cycles ended where a pair of nodes repeats.  Direction decides the level: a request
property becoming required breaks callers, a response property becoming
required does not.  Constraints (min/max, lengths, items, pattern, default)
are compared for requests only: the generated clients do not validate
responses, so a looser response bound cannot break them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import attrs

from ..graph import Schema, SchemaGraph
from ..load import Spec
from ..normalize import HTTP_METHODS
from ..problems import Location, Problems, SpecError, join_pointer
from .model import Change, Level, rule
from .unchanged import unchanged_targets

__all__ = ["diff_contract"]

BRK, WARN, INFO = Level.BREAKING, Level.WARNING, Level.INFO

# --- rules -----------------------------------------------------------------------------------

G = "paths and operations"
rule("api-path-removed", BRK, "A path and every operation under it were removed.",
     oasdiff="api-path-removed-without-deprecation", group=G)  # fmt: skip
rule("api-removed", BRK, "An operation was removed while its path remains.",
     oasdiff="api-removed-without-deprecation", group=G)  # fmt: skip
rule("endpoint-added", INFO, "An operation was added.", oasdiff="endpoint-added", adds=True, group=G)
rule(
    "endpoint-deprecated",
    WARN,
    "An operation was marked deprecated.",
    oasdiff="endpoint-deprecated",
    adds=True,
    group=G,
)
rule("endpoint-reactivated", INFO, "An operation is no longer deprecated.", oasdiff="endpoint-reactivated", group=G)

G = "parameters"
rule("new-required-request-parameter", BRK, "A required query, header or cookie parameter was added.",
     oasdiff="new-required-request-parameter", group=G)  # fmt: skip
rule("new-optional-request-parameter", INFO, "An optional parameter was added.",
     oasdiff="new-optional-request-parameter", adds=True, group=G)  # fmt: skip
rule("request-parameter-removed", BRK, "A parameter was removed (the method loses the argument).",
     oasdiff="request-parameter-removed", group=G)  # fmt: skip
rule("request-parameter-became-required", BRK, "An optional parameter became required.",
     oasdiff="request-parameter-became-required", group=G)  # fmt: skip
rule("request-parameter-became-optional", INFO, "A required parameter became optional.",
     oasdiff="request-parameter-became-optional", group=G)  # fmt: skip
rule("request-path-parameter-renamed", INFO, "A path parameter was renamed; the URL is the same.", group=G)

G = "request bodies"
rule("request-body-added-required", BRK, "A required request body was added.",
     oasdiff="added-required-request-body", group=G)  # fmt: skip
rule("request-body-added-optional", INFO, "An optional request body was added.",
     oasdiff="added-optional-request-body", adds=True, group=G)  # fmt: skip
rule("request-body-removed", BRK, "The request body was removed (the method loses its body arguments).", group=G)
rule("request-body-became-required", BRK, "The request body became required.",
     oasdiff="request-body-became-required", group=G)  # fmt: skip
rule("request-body-became-optional", INFO, "The request body became optional.",
     oasdiff="request-body-became-optional", group=G)  # fmt: skip
rule("request-body-media-type-removed", BRK, "A request body media type was removed.",
     oasdiff="request-body-media-type-removed", group=G)  # fmt: skip
rule("request-body-media-type-added", INFO, "A request body media type was added.",
     oasdiff="request-body-media-type-added", adds=True, group=G)  # fmt: skip

G = "request properties"
rule("new-required-request-property", BRK, "A required request body property was added.",
     oasdiff="new-required-request-property", group=G)  # fmt: skip
rule("new-optional-request-property", INFO, "An optional request body property was added.",
     oasdiff="new-optional-request-property", adds=True, group=G)  # fmt: skip
rule("request-property-removed", BRK, "A request body property was removed (a keyword argument of the method).",
     oasdiff="request-property-removed", group=G)  # fmt: skip
rule("request-property-became-required", BRK, "An optional request property became required.",
     oasdiff="request-property-became-required", group=G)  # fmt: skip
rule("request-property-became-optional", INFO, "A required request property became optional.",
     oasdiff="request-property-became-optional", group=G)  # fmt: skip

G = "responses"
rule("response-success-status-removed", BRK, "A success (2xx) response status was removed.",
     oasdiff="response-success-status-removed", group=G)  # fmt: skip
rule("response-success-status-added", INFO, "A success response status was added.",
     oasdiff="response-success-status-added", adds=True, group=G)  # fmt: skip
rule("response-non-success-status-removed", INFO, "An error response status was removed.",
     oasdiff="response-non-success-status-removed", group=G)  # fmt: skip
rule("response-non-success-status-added", INFO, "An error response status was added.",
     oasdiff="response-non-success-status-added", adds=True, group=G)  # fmt: skip
rule("response-media-type-removed", BRK, "A response media type was removed.",
     oasdiff="response-media-type-removed", group=G)  # fmt: skip
rule("response-media-type-added", INFO, "A response media type was added.",
     oasdiff="response-media-type-added", adds=True, group=G)  # fmt: skip
rule("required-response-header-removed", WARN, "A required response header was removed.",
     oasdiff="required-response-header-removed", group=G)  # fmt: skip
rule("optional-response-header-removed", INFO, "An optional response header was removed.",
     oasdiff="optional-response-header-removed", group=G)  # fmt: skip

G = "response properties"
rule("response-required-property-removed", BRK, "A required response property was removed (a model attribute).",
     oasdiff="response-required-property-removed", group=G)  # fmt: skip
rule("response-optional-property-removed", BRK,
     "An optional response property was removed: the model attribute is gone, so reading it fails.",
     oasdiff="response-optional-property-removed", group=G)  # fmt: skip
rule("response-required-property-added", INFO, "A required response property was added.",
     oasdiff="response-required-property-added", adds=True, group=G)  # fmt: skip
rule("response-optional-property-added", INFO, "An optional response property was added.",
     oasdiff="response-optional-property-added", adds=True, group=G)  # fmt: skip
rule("response-property-became-optional", BRK, "A required response property became optional (may be absent).",
     oasdiff="response-property-became-optional", group=G)  # fmt: skip
rule("response-property-became-required", INFO, "An optional response property became required.",
     oasdiff="response-property-became-required", group=G)  # fmt: skip

G = "security"
rule("api-security-added", BRK, "An operation that needed no credentials now requires them.",
     oasdiff="api-security-added", group=G)  # fmt: skip
rule("api-security-removed", INFO, "An operation no longer requires credentials.",
     oasdiff="api-security-removed", group=G)  # fmt: skip
rule("api-security-alternative-removed", BRK, "One of the accepted security requirements was removed.",
     oasdiff="api-security-removed", group=G)  # fmt: skip
rule("api-security-alternative-added", INFO, "Another security requirement is accepted.",
     oasdiff="api-security-added", adds=True, group=G)  # fmt: skip
rule("api-security-scope-added", BRK, "A security requirement needs another scope.",
     oasdiff="api-security-scope-added", group=G)  # fmt: skip
rule("api-security-scope-removed", INFO, "A security requirement needs one scope fewer.",
     oasdiff="api-security-scope-removed", group=G)  # fmt: skip
rule("security-scheme-changed", BRK, "A security scheme changed its type, scheme, location or name.",
     oasdiff="api-security-component-type-changed", group=G)  # fmt: skip

G = "servers"
rule("server-removed", WARN, "A server was removed from the document.", group=G)
rule("server-added", INFO, "A server was added to the document.", adds=True, group=G)

# Schema rules, one per subject: where the schema is, and which way the data flows.
REQUEST_SUBJECTS = ("request-parameter", "request-body", "request-property")
RESPONSE_SUBJECTS = ("response-body", "response-property")
_NOUN = {
    "request-parameter": "request parameter",
    "request-body": "request body",
    "request-property": "request property",
    "response-body": "response body",
    "response-property": "response property",
}
# (suffix, level, meaning, adds); "{n}" is the subject's noun.
_REQUEST_SCHEMA_RULES: tuple[tuple[str, Level, str, bool], ...] = (
    ("type-changed", BRK, "The {n}'s type or format changed to one that does not accept every old value.", False),
    ("type-generalized", INFO, "The {n}'s type widened (integer to number, or a type added).", False),
    ("became-nullable", INFO, "The {n} now accepts null.", False),
    ("became-not-nullable", BRK, "The {n} no longer accepts null.", False),
    ("enum-value-added", INFO, "The {n} accepts another enum value.", True),
    ("enum-value-removed", BRK, "The {n} no longer accepts an enum value.", False),
    ("became-enum", BRK, "The {n} became an enum.", False),
    ("variant-added", INFO, "The {n} accepts another oneOf/anyOf variant.", True),
    ("variant-removed", BRK, "A oneOf/anyOf variant of the {n} was removed.", False),
    ("pattern-added", WARN, "The {n} got a pattern.", False),
    ("pattern-changed", WARN, "The {n}'s pattern changed (whether it is stricter cannot be decided).", False),
    ("pattern-removed", INFO, "The {n}'s pattern was removed.", False),
    ("default-value-changed", WARN, "The {n}'s default changed: calls that omit it behave differently.", False),
)
_CONSTRAINTS = (  # keyword, rule stem, True when a larger value is looser
    ("maximum", "max", True),
    ("minimum", "min", False),
    ("maxLength", "max-length", True),
    ("minLength", "min-length", False),
    ("maxItems", "max-items", True),
    ("minItems", "min-items", False),
)
_RESPONSE_SCHEMA_RULES: tuple[tuple[str, Level, str, bool], ...] = (
    ("type-changed", BRK, "The {n}'s type or format changed to one the client does not decode as before.", False),
    ("type-narrowed", INFO, "The {n}'s type narrowed (number to integer, or a type dropped).", False),
    ("became-nullable", BRK, "The {n} may now be null.", False),
    ("became-not-nullable", INFO, "The {n} is no longer null.", False),
    ("enum-value-added", WARN, "The {n} may carry a new enum value (generated enums keep unknown values).", True),
    ("enum-value-removed", INFO, "The {n} no longer carries an enum value.", False),
    ("variant-added", BRK, "The {n} may carry another oneOf/anyOf variant.", False),
    ("variant-removed", INFO, "A oneOf/anyOf variant of the {n} was removed.", False),
)
_OASDIFF_SUFFIX = {"type-generalized": "type-changed", "type-narrowed": "type-changed", "variant-added": "one-of-added",
                   "variant-removed": "one-of-removed", "became-enum": "became-enum"}  # fmt: skip


def _register_schema_rules() -> None:
    for subject in REQUEST_SUBJECTS:
        noun, group = _NOUN[subject], _NOUN[subject] + " schemas"
        for suffix, level, meaning, adds in _REQUEST_SCHEMA_RULES:
            mapped = f"{subject}-{_OASDIFF_SUFFIX.get(suffix, suffix)}"
            rule(f"{subject}-{suffix}", level, meaning.format(n=noun), oasdiff=mapped, adds=adds, group=group)
        for keyword, stem, larger_looser in _CONSTRAINTS:
            tighter, looser = ("decreased", "increased") if larger_looser else ("increased", "decreased")
            for suffix, level, text in (
                (f"{stem}-{tighter}", BRK, f"The {noun}'s {keyword} {tighter}: values once valid are refused."),
                (f"{stem}-{looser}", INFO, f"The {noun}'s {keyword} {looser}."),
                (f"{stem}-set", BRK, f"The {noun} got a {keyword}."),
                (f"{stem}-unset", INFO, f"The {noun}'s {keyword} was removed."),
            ):
                mapped = "" if suffix.endswith("-unset") else f"{subject}-{suffix}"
                rule(f"{subject}-{suffix}", level, text, oasdiff=mapped, group=group)
    for subject in RESPONSE_SUBJECTS:
        noun, group = _NOUN[subject], _NOUN[subject] + " schemas"
        for suffix, level, meaning, adds in _RESPONSE_SCHEMA_RULES:
            mapped = f"{subject}-{_OASDIFF_SUFFIX.get(suffix, suffix)}"
            rule(f"{subject}-{suffix}", level, meaning.format(n=noun), oasdiff=mapped, adds=adds, group=group)


_register_schema_rules()

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


@attrs.frozen
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


@attrs.frozen
class _Where:
    """A schema's place: the operation, the subject (rule prefix), the wire name and its context."""

    op: str
    subject: str
    name: str = ""
    context: str = ""

    def noun(self) -> str:
        subject, name, ctx = self.subject, self.name, self.context
        if subject == "request-parameter":
            return f"the {ctx} parameter `{name}`"
        if subject == "request-body":
            return f"the request body ({ctx})" if not name else f"the request body `{name}` ({ctx})"
        if subject == "request-property":
            return f"the request property `{name}`"
        if subject == "response-body":
            return f"the {ctx} response body" if not name else f"the {ctx} response body `{name}`"
        return f"the response property `{name}` ({ctx} response)"

    def child(self, name: str) -> _Where:
        subject = {"request-body": "request-property", "response-body": "response-property"}.get(
            self.subject, self.subject
        )
        return attrs.evolve(self, subject=subject, name=name)

    def items(self) -> _Where:
        return attrs.evolve(self, name=f"{self.name}[]")

    @property
    def request(self) -> bool:
        return self.subject.startswith("request")


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_PY_FORMATS = frozenset({"date", "date-time", "uuid", "binary", "byte"})


def _types(schema: dict[str, Any]) -> frozenset[str]:
    t = schema.get("type")
    if isinstance(t, str):
        found = {t}
    elif isinstance(t, list):
        found = {str(x) for x in t}
    elif "properties" in schema or "allOf" in schema:
        found = {"object"}
    elif "items" in schema:
        found = {"array"}
    else:
        found = set()
    return frozenset(found - {"null"})


def _format(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    return fmt if isinstance(fmt, str) and fmt in _PY_FORMATS else ""


def _accepts(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Every value of type ``narrow`` is one of ``wide`` (empty means any JSON value)."""
    if not wide:
        return True
    if not narrow:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(types: frozenset[str], fmt: str) -> str:
    text = "|".join(sorted(types)) or "any"
    return f"{text}/{fmt}" if fmt else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Walker:
    def __init__(self, base: Spec, revision: Spec) -> None:
        self.base, self.rev = _Doc(base), _Doc(revision)
        self.changes: list[Change] = []
        self.pending: list[tuple[Schema, Schema, _Where]] = []
        """Schema pairs still to compare (see :meth:`schema`)."""
        self.draining = False
        self.unchanged = unchanged_targets(self.base.data, self.rev.data)
        """``$ref`` targets equal in both documents, all they reach included: nothing to compare."""
        self.visited: set[tuple[str, str, bool, Schema, Schema]] = set()

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
        def urls(doc: _Doc) -> dict[str, int]:
            servers = doc.data.get("servers")
            if not isinstance(servers, list):
                return {}
            found: dict[str, int] = {}
            for index, server in enumerate(servers):
                if isinstance(server, dict) and isinstance(server.get("url"), str):
                    found.setdefault(server["url"].rstrip("/"), index)
            return found

        old, new = urls(self.base), urls(self.rev)
        for url, index in old.items():
            if url not in new:
                self.add("server-removed", "", f"/servers/{index}", f"removed the server {url}")
        for url, index in new.items():
            if url not in old:
                self.add("server-added", "", f"/servers/{index}", f"added the server {url}")

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
                where_ = _Where(label, "request-parameter", str(other["name"]), str(where))
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
        self.content(before, bp, after, ap, _Where(label, "request-body"), "request-body-media-type")

    def content(
        self, before: dict[str, Any], bp: str, after: dict[str, Any], ap: str, where: _Where, stem: str
    ) -> None:
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
                here = where if where.context else attrs.evolve(where, context=media)
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
            self.content(resp, bp, other, ap, _Where(label, "response-body", "", str(status)), "response-media-type")
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

    # -- schemas --

    def schema(self, old: Schema, new: Schema, where: _Where) -> None:
        """Compare two schemas and, through the work list, everything below them.

        Each pair of schema nodes is compared once per operation, request or response and
        media type or status, at the first place it is reached: a recursive schema ends where it
        repeats, and the schemas Stripe shares between hundreds of properties are compared once,
        not once per path.  No recursion: the depth of a schema never meets Python's limit.
        """
        self.pending.append((old, new, where))
        if self.draining:
            return
        self.draining = True
        try:
            while self.pending:
                self._compare(*self.pending.pop())
        finally:
            self.draining = False

    def _compare(self, old_node: Schema, new_node: Schema, where: _Where) -> None:
        old_node, new_node = old_node.target, new_node.target
        key = (where.op, where.context, where.request, old_node, new_node)
        if key in self.visited or not (isinstance(old_node.raw, dict) and isinstance(new_node.raw, dict)):
            return
        if self._unchanged(old_node, new_node):
            return
        self.visited.add(key)
        old_null, old_node = _core(old_node)
        new_null, new_node = _core(new_node)
        old, new, np_ = old_node.keywords, new_node.keywords, new_node.location.pointer
        s, noun, label = where.subject, where.noun(), where.op
        if old_null != new_null:
            became = "became-nullable" if new_null else "became-not-nullable"
            if where.request:
                text = f"{noun} {'now accepts' if new_null else 'no longer accepts'} null"
            else:
                text = f"{noun} {'may now be' if new_null else 'is no longer'} null"
            self.add(f"{s}-{became}", label, np_, text)
        old_types, new_types = _types(old), _types(new)
        old_fmt, new_fmt = _format(old), _format(new)
        if old_types != new_types or old_fmt != new_fmt:
            change = f"{noun} changed type from {_type_text(old_types, old_fmt)} to {_type_text(new_types, new_fmt)}"
            if old_fmt == new_fmt and where.request and _accepts(new_types, old_types):
                self.add(f"{s}-type-generalized", label, np_, change)
            elif old_fmt == new_fmt and not where.request and _accepts(old_types, new_types):
                self.add(f"{s}-type-narrowed", label, np_, change)
            else:
                self.add(f"{s}-type-changed", label, np_, change)
                return
        self.enum(old, new, np_, where)
        if where.request:
            self.constraints(old, new, np_, where)
        self.variants(old_node, new_node, where)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.schema(old_node.child("items"), new_node.child("items"), where.items())
        if where.subject != "request-parameter":
            self.properties(old_node, new_node, where)
        if isinstance(old.get("additionalProperties"), dict) and isinstance(new.get("additionalProperties"), dict):
            extra = where.child(f"{where.name}.*")
            self.schema(old_node.child("additionalProperties"), new_node.child("additionalProperties"), extra)

    def _unchanged(self, old: Schema, new: Schema) -> bool:
        """Whether the pair is one ``$ref`` target, equal in both documents with all it reaches."""
        pointer = old.location.pointer
        same_place = pointer == new.location.pointer and self.base.in_root(old) and self.rev.in_root(new)
        return same_place and pointer in self.unchanged

    def enum(self, old: dict[str, Any], new: dict[str, Any], np_: str, where: _Where) -> None:
        s, noun, label = where.subject, where.noun(), where.op
        old_values, new_values = old.get("enum"), new.get("enum")
        if not isinstance(new_values, list):
            return
        new_set = {_show(v): v for v in new_values}
        if not isinstance(old_values, list):
            if where.request:
                self.add(f"{s}-became-enum", label, join_pointer(np_, "enum"),
                         f"{noun} became an enum of {', '.join(new_set)}")  # fmt: skip
            return
        old_set = {_show(v): v for v in old_values}
        for shown in new_set:
            if shown not in old_set:
                self.add(
                    f"{s}-enum-value-added", label, join_pointer(np_, "enum"), f"{noun} has the new enum value {shown}"
                )
        for shown in old_set:
            if shown not in new_set:
                self.add(
                    f"{s}-enum-value-removed", label, join_pointer(np_, "enum"), f"{noun} lost the enum value {shown}"
                )

    def constraints(self, old: dict[str, Any], new: dict[str, Any], np_: str, where: _Where) -> None:
        s, noun, label = where.subject, where.noun(), where.op
        for keyword, stem, _ in _CONSTRAINTS:
            before, after = old.get(keyword), new.get(keyword)
            before = before if _is_number(before) else None
            after = after if _is_number(after) else None
            if before == after:
                continue
            pointer = join_pointer(np_, keyword)
            if before is None:
                self.add(f"{s}-{stem}-set", label, pointer, f"{noun} got {keyword} {after}")
            elif after is None:
                self.add(f"{s}-{stem}-unset", label, np_, f"{noun} lost its {keyword} ({before})")
            else:
                grew = after > before
                verb = "increased" if grew else "decreased"
                self.add(f"{s}-{stem}-{verb}", label, pointer, f"{noun}'s {keyword} {verb} from {before} to {after}")
        before, after = old.get("pattern"), new.get("pattern")
        if before != after:
            if not isinstance(before, str):
                self.add(f"{s}-pattern-added", label, join_pointer(np_, "pattern"), f"{noun} got the pattern {after!r}")
            elif not isinstance(after, str):
                self.add(f"{s}-pattern-removed", label, np_, f"{noun} lost the pattern {before!r}")
            else:
                self.add(f"{s}-pattern-changed", label, join_pointer(np_, "pattern"),
                         f"{noun}'s pattern changed from {before!r} to {after!r}")  # fmt: skip
        if ("default" in old or "default" in new) and old.get("default") != new.get("default"):
            shown_old = _show(old["default"]) if "default" in old else "none"
            shown_new = _show(new["default"]) if "default" in new else "none"
            self.add(
                f"{s}-default-value-changed", label, np_, f"{noun}'s default changed from {shown_old} to {shown_new}"
            )

    def variants(self, old: Schema, new: Schema, where: _Where) -> None:
        for keyword in ("oneOf", "anyOf"):
            if old.parts(keyword) is None and new.parts(keyword) is None:
                continue
            old_map, new_map = _variants(old, keyword), _variants(new, keyword)
            s, noun, label = where.subject, where.noun(), where.op
            for name, node in old_map.items():
                if name not in new_map:
                    pointer = node.location.pointer
                    self.add(f"{s}-variant-removed", label, pointer, f"{noun} lost the {keyword} variant {name}")
            for name, node in new_map.items():
                if name not in old_map:
                    pointer = node.location.pointer
                    self.add(f"{s}-variant-added", label, pointer, f"{noun} has the new {keyword} variant {name}")
            for name, node in old_map.items():
                if name in new_map:
                    self.schema(node, new_map[name], where)

    def properties(self, old: Schema, new: Schema, where: _Where) -> None:
        old_props, old_required = _object(old)
        new_props, new_required = _object(new)
        if not old_props and not new_props:
            return
        request, label = where.request, where.op
        hidden = "readOnly" if request else "writeOnly"
        for name, node in old_props.items():
            pointer = node.location.pointer
            if node.get(hidden) is True:
                continue
            child = where.child(f"{where.name}.{name}" if where.name else name)
            noun = child.noun()
            if name not in new_props:
                if request:
                    self.add("request-property-removed", label, pointer, f"removed {noun}")
                else:
                    kind = "required" if name in old_required else "optional"
                    self.add(f"response-{kind}-property-removed", label, pointer, f"removed the {kind} {noun[4:]}")
                continue
            new_node = new_props[name]
            new_pointer = new_node.location.pointer
            was, now = name in old_required, name in new_required
            if now and not was:
                rule_id = "request-property-became-required" if request else "response-property-became-required"
                self.add(rule_id, label, new_pointer, f"{noun} became required")
            elif was and not now:
                rule_id = "request-property-became-optional" if request else "response-property-became-optional"
                self.add(rule_id, label, new_pointer, f"{noun} became optional")
            self.schema(node, new_node, child)
        for name, node in new_props.items():
            pointer = node.location.pointer
            if name in old_props or node.get(hidden) is True:
                continue
            noun = where.child(f"{where.name}.{name}" if where.name else name).noun()[4:]
            kind = "required" if name in new_required else "optional"
            rule_id = f"new-{kind}-request-property" if request else f"response-{kind}-property-added"
            self.add(rule_id, label, pointer, f"added the {kind} {noun}")


def _param_schema(param: dict[str, Any], pointer: str) -> tuple[Any, str]:
    if "schema" in param:
        return param["schema"], join_pointer(pointer, "schema")
    content = param.get("content")
    if isinstance(content, dict):
        for media, value in content.items():
            if isinstance(value, dict) and "schema" in value:
                return value["schema"], join_pointer(pointer, "content", media, "schema")
    return None, pointer


def _is_null(node: Schema) -> bool:
    target = node.target
    return bool(target.get("type") == "null" or target.get("enum") == [None])


def _core(node: Schema) -> tuple[bool, Schema]:
    """(nullable, the schema without its null): ``nullable``, ``type: [.., null]``, ``oneOf [X, null]``."""
    nullable = node.nullable or (isinstance(node.get("type"), list) and node.null_type)
    for keyword in ("oneOf", "anyOf"):
        variants = node.parts(keyword)
        if variants and any(_is_null(v) for v in variants):
            nullable = True
            rest = [v for v in variants if not _is_null(v)]
            if len(rest) == 1 and isinstance(rest[0].target.raw, dict):
                return nullable, rest[0].target
    return nullable, node


def _variants(node: Schema, keyword: str) -> dict[str, Schema]:
    """oneOf/anyOf variants by name: the ``$ref`` target's name, else the title, else the position."""
    found: dict[str, Schema] = {}
    for index, variant in enumerate(node.parts(keyword) or ()):
        if _is_null(variant):
            continue
        name = variant.text("$ref").rsplit("/", 1)[-1] or variant.text("title") or f"#{index}"
        found.setdefault(name, variant)
    return found


def _object(node: Schema) -> tuple[dict[str, Schema], set[str]]:
    """Properties and required names, ``allOf`` members merged in."""
    props: dict[str, Schema] = {}
    required: set[str] = set()
    stack = [node]
    visited: set[Schema] = set()
    while stack:
        here = stack.pop(0).target
        if not isinstance(here.raw, dict) or here in visited:
            continue
        visited.add(here)
        for name, value in here.properties.items():
            props.setdefault(name, value)
        required.update(here.required)
        stack.extend(here.parts("allOf") or ())
    return props, required


def diff_contract(base: Spec, revision: Spec) -> list[Change]:
    """Every HTTP-contract change between two normalized specs."""
    return _Walker(base, revision).run()
