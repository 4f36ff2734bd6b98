"""What of the document does not become code: each such part reported once, where it is.

:data:`OBJECTS` lists, for each kind of OpenAPI object the build reads, what becomes of each
of its keys: code (:data:`CODE`), an object of another kind (walked in turn), or nothing
(:class:`Dropped`, with the reason).  :func:`report_unused` walks the normalized document
along that table after the build and reports every part that is not code: an *info* line
for what a client does not need (links, documentation, what a webhook receiver answers), a *warning* for
what makes the client do less than the document says (a media type left out, servers of an
operation), and a warning for a key OpenAPI does not define there (a typo).  Extensions
(``x-...``) belong to other tools and are skipped.  Schemas are not walked key by key: what
they say becomes types, and their validation keywords (``maxLength``, ``pattern``, ...) are the
server's to enforce.

A ``$ref`` is followed, and what it reaches is reported at its own place, once.  Parameters,
request bodies, responses and path items of ``components`` that no operation reaches are
reported as unused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import records
from ..ir import Api
from ..load import Spec
from ..normalize import HTTP_METHODS
from ..problems import Level, Location, Problems, SpecError
from .media import pick_content

__all__ = ["OBJECTS", "Dropped", "report_unused"]

CODE = "code"
"""The key becomes code (read by the build)."""

_MAX_REF_CHAIN = 32


@records.frozen
class Dropped:
    """A key that becomes no code: reported at ``level``, of ``kind``, with ``reason``."""

    level: Level
    kind: str
    reason: str
    each: bool = False
    """The key holds a map: each entry is reported (each webhook, each callback)."""


@records.frozen
class Walk:
    """A key whose value is walked as objects of ``kind``: ``one`` object, a ``map`` or a ``list`` of them."""

    shape: str
    kind: str


Use = str | Walk | Dropped


def _info(kind: str, reason: str, *, each: bool = False) -> Dropped:
    return Dropped(Level.INFO, kind, reason, each)


def _warning(kind: str, reason: str) -> Dropped:
    return Dropped(Level.WARNING, kind, reason)


_DOCS = _info("documentation", "documentation only: not part of the client")
_EXAMPLES = _info("example", "examples are not part of the client")
_TAGS = _info("tags", "tag descriptions are not part of the client (an operation's first tag names its resource)")
_WEBHOOK_PARAMETERS = _info(
    "webhook-parameters",
    "the headers and query of a webhook delivery are not typed: unwrap reads the signature headers",
)
_WEBHOOK_RESPONSES = _info("webhook-responses", "what a webhook receiver answers is its own: not part of the client")
_WEBHOOK_DOCS = _info("documentation", "a webhook's event type is named after its key or its body's schema")
_LINKS = _info("link", "a link says how a response leads to other operations: not part of the client", each=True)
_HEADERS = _info("response-headers", "response headers are not typed: the raw response has them")
_ENCODING = _warning(
    "encoding", "of the encoding, only each multipart part's content type is applied (not style, explode or headers)"
)
_SERVERS = _warning("servers", "servers given here are not used: calls go to the client's base_url")

OBJECTS: Mapping[str, Mapping[str, Use]] = {
    "document": {
        "openapi": CODE,
        "info": Walk("one", "info"),
        "servers": CODE,
        "paths": Walk("map", "path_item"),
        "components": Walk("one", "components"),
        "security": CODE,
        "tags": _TAGS,
        "externalDocs": _DOCS,
        "jsonSchemaDialect": _info("schema-dialect", "schemas are read as OpenAPI's own dialect"),
        "webhooks": Walk("map", "webhook"),
    },
    "info": {
        "title": CODE,
        "description": CODE,
        "version": _info("version", "the API's version is not the package's (set `version` in clientgen.toml)"),
        "summary": _DOCS,
        "termsOfService": _DOCS,
        "contact": _DOCS,
        "license": _DOCS,
    },
    "path_item": {
        **{method: Walk("one", "operation") for method in HTTP_METHODS},
        "parameters": Walk("list", "parameter"),
        "summary": _DOCS,
        "description": _DOCS,
        "servers": _SERVERS,
    },
    "operation": {
        "tags": CODE,
        "summary": CODE,
        "description": CODE,
        "operationId": CODE,
        "deprecated": CODE,
        "security": CODE,
        "parameters": Walk("list", "parameter"),
        "requestBody": Walk("one", "request_body"),
        "responses": Walk("responses", "response"),
        "callbacks": Walk("callbacks", "webhook"),
        "servers": _SERVERS,
        "externalDocs": _DOCS,
    },
    "webhook": {
        **{method: Walk("one", "webhook_operation") for method in HTTP_METHODS},
        "parameters": _WEBHOOK_PARAMETERS,
        "summary": _DOCS,
        "description": _DOCS,
        "servers": _info("servers", "a webhook is sent to the receiver's own URL"),
    },
    "webhook_operation": {
        "summary": CODE,
        "description": CODE,
        "requestBody": Walk("one", "request_body"),
        "parameters": _WEBHOOK_PARAMETERS,
        "responses": _WEBHOOK_RESPONSES,
        "callbacks": _info("callback", "a callback of a webhook is not typed: only the API's own are", each=True),
        **dict.fromkeys(("operationId", "tags", "deprecated", "externalDocs"), _WEBHOOK_DOCS),
        "security": _info(
            "security", "how the API authenticates a delivery is the signature scheme's (clientgen.toml)"
        ),
        "servers": _info("servers", "a webhook is sent to the receiver's own URL"),
    },
    "parameter": {
        **dict.fromkeys(("name", "in", "required", "schema", "style", "explode", "description"), CODE),
        "content": Walk("content", "parameter"),
        "deprecated": _info("deprecated", "a deprecated parameter is not marked in the client"),
        "example": _EXAMPLES,
        "examples": _EXAMPLES,
        "allowEmptyValue": _info("allow-empty-value", "an empty value is sent as any other"),
        "allowReserved": _info("allow-reserved", "reserved characters are percent-encoded all the same"),
    },
    "request_body": {
        "description": CODE,
        "required": CODE,
        "content": Walk("content", "request body"),
    },
    "media_type": {
        "schema": CODE,
        "itemSchema": CODE,  # OpenAPI 3.2: one item of an event stream (see .streams)
        "example": _EXAMPLES,
        "examples": _EXAMPLES,
        "encoding": _ENCODING,
    },
    "response": {
        "description": CODE,
        "content": Walk("content", "response"),
        "headers": _HEADERS,
        "links": _LINKS,
    },
    "components": {
        "schemas": CODE,
        "securitySchemes": CODE,
        **dict.fromkeys(("responses", "parameters", "requestBodies", "pathItems"), CODE),  # reached through $ref
        "headers": _HEADERS,
        "examples": _EXAMPLES,
        "links": _LINKS,
        "callbacks": CODE,  # reached through $ref
    },
}

_REACHED = {
    "responses": "response",
    "parameters": "parameter",
    "requestBodies": "request body",
    "pathItems": "path item",
    "callbacks": "callback",
}
"""Sections of ``components`` whose entries are code only when an operation reaches them."""


def report_unused(spec: Spec, api: Api, problems: Problems) -> None:
    """Report every part of ``spec``'s document that :data:`OBJECTS` says does not become code.

    ``api``: the built client; a part it uses after all (servers an operation keeps) is not reported.
    """
    walker = _Walker(spec, problems, _consumed(api))
    root = Location(spec.roots[0])
    walker.walk(spec.root.data, root, "document")
    components = spec.root.data.get("components") if isinstance(spec.root.data, dict) else None
    for section, what in _REACHED.items():
        entries = components.get(section) if isinstance(components, dict) else None
        for name in entries if isinstance(entries, dict) else ():
            where = root.child("components", section, str(name))
            if (where.file, where.pointer) not in walker.seen:
                problems.info(where, f"this {what} is used by no operation: no code", "unused-component")


def _consumed(api: Api) -> frozenset[tuple[Any, str]]:
    """Places the build used although the table does not say so: the servers an operation is sent to
    (``Operation.server``, its own ``servers`` else its path's), once the build reads them."""
    used: set[tuple[Any, str]] = set()
    for resource in api.resources:
        for operation in resource.operations:
            if getattr(operation, "server", None) is not None:
                where = operation.location
                used.add((where.file, where.child("servers").pointer))
                used.add((where.file, where.pointer.rsplit("/", 1)[0] + "/servers"))
    return frozenset(used)


@records.mutable
class _Walker:
    spec: Spec
    problems: Problems
    consumed: frozenset[tuple[Any, str]]
    seen: set[tuple[Any, str]] = records.field(factory=set)

    def walk(self, node: Any, where: Location, kind: str) -> None:
        """Report the keys of ``node`` (an object of ``kind`` at ``where``) that become no code; walk the others."""
        node, where = self._deref(node, where)
        if not isinstance(node, dict) or (where.file, where.pointer) in self.seen:
            return
        self.seen.add((where.file, where.pointer))
        table = OBJECTS[kind]
        for key, value in node.items():
            key = str(key)
            use = table.get(key)
            if key.startswith("x-") or isinstance(use, str):
                continue
            if use is None:
                self.problems.warn(where.child(key), f"{key!r} is not an OpenAPI key here: ignored", "unknown-key")
            elif isinstance(use, Dropped):
                self._dropped(value, where.child(key), use)
            else:
                _SHAPES[use.shape](self, value, where.child(key), use.kind)

    def _dropped(self, value: Any, where: Location, use: Dropped) -> None:
        if (where.file, where.pointer) in self.consumed or value in ({}, []):
            return  # used after all, or empty: nothing is dropped
        if not use.each or not isinstance(value, dict):
            self.problems.add(use.level, where, use.reason, use.kind)
            return
        for name in value:
            if not str(name).startswith("x-"):
                self.problems.add(use.level, where.child(str(name)), use.reason, use.kind)

    def _deref(self, node: Any, where: Location) -> tuple[Any, Location]:
        """Follow a ``$ref`` chain (a broken one is the build's to report)."""
        for _ in range(_MAX_REF_CHAIN):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node, where
            try:
                where, node = self.spec.resolve(where, node["$ref"])
            except SpecError:
                break
        return None, where  # a cycle, or a chain too long: the build reports it

    def _one(self, value: Any, where: Location, kind: str) -> None:
        self.walk(value, where, kind)

    def _map(self, value: Any, where: Location, kind: str) -> None:
        for name, item in value.items() if isinstance(value, dict) else ():
            if not str(name).startswith("x-"):
                self.walk(item, where.child(str(name)), kind)

    def _list(self, value: Any, where: Location, kind: str) -> None:
        for index, item in enumerate(value) if isinstance(value, list) else ():
            self.walk(item, where.child(index), kind)

    def _responses(self, value: Any, where: Location, kind: str) -> None:
        """The first success response and the errors are code; other successes and redirects are not."""
        success = None
        for status, response in value.items() if isinstance(value, dict) else ():
            code, here = str(status).upper(), where.child(str(status))
            if code.startswith("X-"):
                continue
            if code.startswith("2") and success is not None:
                reason = f"a second success response: the method returns the {success} response's type"
                self.problems.warn(here, reason, "success-response")
            elif code.startswith("3"):
                self.problems.info(here, "redirects are followed or raised, not typed", "redirect")
            else:
                success = code if code.startswith("2") else success
                self.walk(response, here, kind)

    def _callbacks(self, value: Any, where: Location, kind: str) -> None:
        """Each callback (a ``$ref`` followed) is a map of expressions to path items, walked as ``kind``."""
        for name, raw in value.items() if isinstance(value, dict) else ():
            if str(name).startswith("x-"):
                continue
            callback, here = self._deref(raw, where.child(str(name)))
            if isinstance(callback, dict) and (here.file, here.pointer) not in self.seen:
                self.seen.add((here.file, here.pointer))
                self._map(callback, here, kind)

    def _content(self, value: Any, where: Location, owner: str) -> None:
        """The media type the client uses is walked; the others the build reports (:mod:`.media`)."""
        picked = pick_content(value)
        if picked is None:
            return
        used, _ = picked
        self.walk(value[used], where.child(used), "media_type")


_SHAPES: Mapping[str, Callable[[_Walker, Any, Location, str], None]] = {
    "one": _Walker._one,
    "map": _Walker._map,
    "list": _Walker._list,
    "responses": _Walker._responses,
    "callbacks": _Walker._callbacks,
    "content": _Walker._content,
}
