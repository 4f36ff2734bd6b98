"""``clientgen synthesize``: an OpenAPI 3.1 document from Mintlify documentation pages.

1. pages    every ``*.md``/``*.mdx`` page -> :class:`~.pages.Page` (what it says, with lines)
2. endpoint each page -> :class:`~.endpoint.Endpoint` (curl, templates and fields reconciled)
3. here     endpoints sharing a method and path merge into one operation; servers,
            security, tags (from the navigation in ``docs.json``/``mint.json``) and
            components are assembled; :mod:`.lint` checks the pages against each other.

Every decision that resolves a conflict is a :class:`~.findings.Finding`, printed
as ``page:line: message`` and written to the synthesis report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .. import records
from .curl import split_url
from .endpoint import Endpoint, Param, Response, read_endpoint
from .findings import Finding, Findings
from .lint import lint
from .naming import Named, Naming, name_operations
from .navigation import Navigation, read_navigation
from .pages import Page, parse_page
from .schema import Node, describe, merge

__all__ = ["Synthesis", "synthesize"]

_PAGE_SUFFIXES = (".md", ".mdx")
_VERSION = re.compile(r"^v\d+(?:\.\d+)*$")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_NO_OPERATION = frozenset(
    {"guide-page", "no-request-example", "invalid-path", "unreadable-page", "bad-request-example"}
)
"""The findings that say why a page made no operation."""


@records.frozen
class Synthesis:
    document: dict[str, Any]
    findings: tuple[Finding, ...]
    pages: tuple[str, ...]

    def report(self) -> dict[str, Any]:
        """The machine-readable report: each page and what it became, the operations made, and every finding."""
        operations = []
        for path, item in self.document.get("paths", {}).items():
            for method, op in item.items():
                operations.append(
                    {
                        "operation": f"{method.upper()} {path}",
                        "operationId": op.get("operationId"),
                        "pages": op.get("x-clientgen-pages", []),
                    }
                )
        rules: dict[str, int] = {}
        for finding in self.findings:
            rules[finding.rule] = rules.get(finding.rule, 0) + 1
        return {
            "pages": self._page_outcomes(operations),
            "operations": operations,
            "summary": {"findings": len(self.findings), "by_rule": dict(sorted(rules.items()))},
            "findings": [f.to_json() for f in self.findings],
        }

    def _page_outcomes(self, operations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each page read: the operation it became part of, or why it became none."""
        made = {page: op for op in operations for page in op["pages"]}
        outcomes: list[dict[str, Any]] = []
        for page in self.pages:
            if page in made:
                op = made[page]
                merged = [other for other in op["pages"] if other != page]
                outcome = {"page": page, "operation": op["operation"], "operationId": op["operationId"]}
                outcomes.append(outcome | ({"merged_with": merged} if merged else {}))
                continue
            own = [f for f in self.findings if f.page == page]
            why = [f for f in own if f.rule in _NO_OPERATION] or own
            reasons = [{"line": f.line, "rule": f.rule, "message": f.message} for f in why]
            outcomes.append({"page": page, "operation": None, "why": reasons or [{"message": "no operation made"}]})
        return outcomes

    def report_text(self) -> str:
        return json.dumps(self.report(), indent=2, ensure_ascii=False) + "\n"


def _page_files(docs: Path) -> list[Path]:
    return sorted(
        p
        for p in docs.rglob("*")
        if p.is_file() and p.suffix in _PAGE_SUFFIXES and p.stem.lower() not in ("readme", "changelog", "license")
    )


def synthesize(docs: Path, *, title: str = "") -> Synthesis:
    """Read every page under ``docs`` and build one OpenAPI 3.1 document. Never raises on page content."""
    findings = Findings()
    files = _page_files(docs)
    names = [p.relative_to(docs).as_posix() for p in files]
    navigation = read_navigation(docs, findings, names)
    pages: list[Page] = []
    for path, name in zip(files, names, strict=True):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            findings.add(name, 1, "unreadable-page", f"the page cannot be read: {error}")
            continue
        pages.append(parse_page(name, text, findings))
    endpoints = [e for e in (read_endpoint(page, findings) for page in pages) if e is not None]
    assembler = _Assembler(findings, navigation, title, guides=[p for p in pages if p.is_guide])
    lint(pages, endpoints, findings, {page.path: assembler.group_of(page) for page in pages})
    document = assembler.document(endpoints)
    return Synthesis(document, tuple(findings.sorted()), tuple(names))


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def _pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", text))


@records.mutable
class _Assembler:
    findings: Findings
    navigation: Navigation
    title: str
    base: str = ""
    schemas: dict[str, Any] = records.field(factory=dict)
    guides: list[Page] = records.field(factory=list)

    def group_of(self, page: Page) -> tuple[str, ...]:
        place = self.navigation.place(page.path)
        if place is not None:
            return place.groups
        parent = PurePosixPath(page.path).parent
        return (parent.name,) if parent.parts else ()

    def document(self, endpoints: list[Endpoint]) -> dict[str, Any]:
        self.base = self._base_path(endpoints)
        servers = self._servers(endpoints)
        self._check_base_urls(servers)
        groups: dict[tuple[str, str], list[Endpoint]] = {}
        for endpoint in endpoints:
            path = endpoint.path[len(self.base) :] if endpoint.path.startswith(self.base) else endpoint.path
            shape = _PLACEHOLDER.sub("{}", path or "/")
            groups.setdefault((shape, endpoint.method.lower()), []).append(endpoint)
        paths: dict[str, dict[str, Any]] = {}
        tags: list[str] = []
        ordered = [
            (self._unify_slots(shape, members, f"{method.upper()} {shape}"), method, members)
            for (shape, method), members in sorted(groups.items(), key=lambda kv: _first_page(kv[1]))
        ]
        names = name_operations([Naming(m, p, tuple(e)) for p, m, e in ordered], self.navigation, self.findings)
        for (path, method, members), named in zip(ordered, names, strict=True):
            self._report_merge(members, f"{method.upper()} {path}")
            operation = self._operation(path, method, members, named)
            for tag in operation.get("tags", []):
                if tag not in tags:
                    tags.append(tag)
            paths.setdefault(path, {})[method] = operation
        document: dict[str, Any] = {
            "openapi": "3.1.0",
            "info": self._info(endpoints),
        }
        if servers:
            document["servers"] = servers
        if any(e.security for e in endpoints):
            document["security"] = [{"bearer": []}]
        if tags:
            document["tags"] = [{"name": t} for t in tags]
        document["paths"] = paths
        components: dict[str, Any] = {}
        if self.schemas:
            components["schemas"] = self.schemas
        if any(e.security for e in endpoints):
            components["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer", "description": "The API key, sent as a bearer token."}
            }
        if components:
            document["components"] = components
        return document

    def _unify_slots(self, shape: str, members: list[Endpoint], label: str) -> str:
        """One name per path slot across the pages: the documented names joined when pages differ."""
        slots = [[p for p in e.params if p.location == "path"] for e in members]
        path = shape
        for index in range(shape.count("{}")):
            uses = [(e, params[index]) for e, params in zip(members, slots, strict=True) if index < len(params)]
            names = list(dict.fromkeys(n for _, p in uses for n in (p.names or [p.name])))
            name = names[0] + "".join("Or" + n[:1].upper() + n[1:] for n in names[1:])
            if len({p.name for _, p in uses}) > 1:
                endpoint, param = uses[-1]
                said = ", ".join(f"{p.name} on {e.page.path}" for e, p in uses)
                self._warn(
                    endpoint,
                    param.line,
                    "path-slot-renamed",
                    f"{label}: the path parameter is {said}: named {name}",
                    label,
                )
            for _, param in uses:
                param.name = name
            path = path.replace("{}", "{" + name + "}", 1)
        return path

    def _report_merge(self, members: list[Endpoint], label: str) -> None:
        """Pages merge into one operation only when they state the same endpoint: each merge is a finding."""
        first = members[0]
        for endpoint in members[1:]:
            self._warn(
                endpoint,
                endpoint.route_line,
                "pages-merged",
                f"{label}: merged with {first.page.path}: {endpoint.source} here states {endpoint.method} "
                f"{endpoint.written}, {first.source} there states {first.method} {first.written}: the same endpoint"
                + ("" if endpoint.written == first.written else " once path parameters are compared without names"),
                label,
            )

    def _check_base_urls(self, servers: list[dict[str, Any]]) -> None:
        """A guide page that gives a base URL on a server's host other than the one the operations use."""
        by_origin = {urlsplit(s["url"]).netloc: s["url"] for s in servers}
        for page in self.guides:
            for url, line in page.urls:
                parts = split_url(url)
                if parts is None:
                    continue
                server = by_origin.get(parts.netloc)
                segments = [s for s in parts.path.split("/") if s]
                if server is None or not segments or not _VERSION.match(segments[-1]):
                    continue
                if not (url.rstrip("/") + "/").startswith(server.rstrip("/") + "/"):
                    self.findings.add(
                        page.path,
                        line,
                        "base-url-differs",
                        f"the page gives {url} as the base URL, but the operations synthesized here are under {server}",
                    )

    def _info(self, endpoints: list[Endpoint]) -> dict[str, Any]:
        version = next((s[1:] for s in self.base.split("/") if _VERSION.match(s)), "0")
        title = self.title or self.navigation.name or "API"
        pages = len({e.page.path for e in endpoints})
        return {
            "title": title,
            "version": version,
            "description": f"Synthesized from {pages} documentation pages; see the synthesis report for every "
            "decision taken where the pages disagree.",
        }

    def _base_path(self, endpoints: list[Endpoint]) -> str:
        """The path prefix every endpoint shares, cut after its version segment (``/credit/v1``)."""
        if not endpoints:
            return ""
        split = [e.path.strip("/").split("/") for e in endpoints]
        common: list[str] = []
        for parts in zip(*split, strict=False):
            if len(set(parts)) != 1 or "{" in parts[0]:
                break
            common.append(parts[0])
        cut = max((i + 1 for i, s in enumerate(common) if _VERSION.match(s)), default=0)
        return "/" + "/".join(common[:cut]) if cut else ""

    def _servers(self, endpoints: list[Endpoint]) -> list[dict[str, Any]]:
        origins: dict[str, dict[str, list[Endpoint]]] = {}
        for endpoint in endpoints:
            templates = endpoint.templates or []
            if not templates and endpoint.origin:
                origins.setdefault("production", {}).setdefault(endpoint.origin, []).append(endpoint)
            for template in templates:
                origins.setdefault(template.environment, {}).setdefault(template.origin, []).append(endpoint)
        servers = []
        for environment, by_origin in origins.items():
            ranked = sorted(by_origin.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            origin = ranked[0][0]
            for other, users in ranked[1:]:
                for endpoint in users:
                    self.findings.add(
                        endpoint.page.path,
                        endpoint.templates[0].line if endpoint.templates else 1,
                        "server-differs",
                        f"the {environment} endpoint is on {other}, most pages use {origin}: {origin} is used",
                    )
            servers.append(
                {
                    "url": origin + self.base,
                    "description": environment,
                    "x-clientgen-environment": re.sub(r"[^a-z0-9]+", "_", environment.lower()).strip("_"),
                }
            )
        return servers

    # -- operations -------------------------------------------------------------------------

    def _operation(self, path: str, method: str, members: list[Endpoint], named: Named) -> dict[str, Any]:
        first = members[0]
        label = f"{method.upper()} {path}"
        pages = [e.page.path for e in members]
        titles = list(dict.fromkeys(e.page.title for e in members if e.page.title))
        title = titles[0] if titles else f"{method} {path}"
        if len(titles) > 1:
            self._warn(
                first,
                first.page.title_line,
                "titles-differ",
                f"{label} is titled {' / '.join(titles)} on {', '.join(pages)}: named after {titles[0]!r}",
                label,
            )
        operation_id = named.operation_id
        group_names = [self.group_of(e.page) for e in members]
        operation: dict[str, Any] = {"operationId": operation_id, "summary": title}
        if named.method_name != operation_id:
            operation["x-clientgen-name"] = named.method_name
        if named.namespace:
            operation["x-clientgen-group"] = list(named.namespace)
        if named.tag:
            operation["tags"] = [named.tag]
        description = self._description(members, group_names)
        if description:
            operation["description"] = description
        parameters = self._parameters(members, label)
        if parameters:
            operation["parameters"] = parameters
        body = self._request_body(members, label, operation_id, group_names)
        if body:
            operation["requestBody"] = body
        operation["responses"] = self._responses(members, label, operation_id, group_names)
        if not any(e.security for e in members):
            operation["security"] = []
        operation["x-clientgen-pages"] = pages
        return operation

    def _warn(self, endpoint: Endpoint, line: int, rule: str, message: str, operation: str = "") -> None:
        self.findings.add(endpoint.page.path, line, rule, message, operation=operation)

    def _description(self, members: list[Endpoint], groups: list[tuple[str, ...]]) -> str:
        texts: list[str] = []
        for endpoint, group in zip(members, groups, strict=True):
            text = endpoint.page.description
            notes = "\n\n".join(endpoint.notes)
            block = "\n\n".join(t for t in (text, notes) if t)
            if len(members) > 1 and block:
                block = f"{_label(group, endpoint.page)}: {block}"
            if block and block not in texts:
                texts.append(block)
        return "\n\n".join(texts)

    def _parameters(self, members: list[Endpoint], label: str) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], list[tuple[Endpoint, Param]]] = {}
        for endpoint in members:
            for param in endpoint.params:
                merged.setdefault((param.location, param.name), []).append((endpoint, param))
        out: list[dict[str, Any]] = []
        order = {"path": 0, "query": 1, "header": 2}
        for (location, name), uses in sorted(merged.items(), key=lambda kv: order.get(kv[0][0], 3)):
            node = uses[0][1].node
            for _, other in uses[1:]:
                node = merge(node, other.node)
            everywhere = len(uses) == len(members)
            required = location == "path" or (everywhere and all(p.required for _, p in uses))
            if len(members) > 1 and location != "path":
                self._merge_requiredness(label, name, uses, members, required)
            schema = node.to_schema()
            description = schema.pop("description", "")
            parameter: dict[str, Any] = {"name": name, "in": location}
            if description:
                parameter["description"] = description
            if required:
                parameter["required"] = True
            parameter["schema"] = schema or {}
            example = next((p.example for _, p in uses if p.has_example), None)
            if any(p.has_example for _, p in uses):
                parameter["example"] = example
            out.append(parameter)
        return out

    def _merge_requiredness(
        self, label: str, name: str, uses: list[tuple[Endpoint, Param]], members: list[Endpoint], required: bool
    ) -> None:
        said = {e.page.path: p.required for e, p in uses}
        if len(set(said.values())) == 1 and len(uses) == len(members):
            return
        parts = []
        for endpoint in members:
            state = said.get(endpoint.page.path)
            parts.append(f"{endpoint.page.path}: {'absent' if state is None else 'required' if state else 'optional'}")
        endpoint, param = uses[0]
        self._warn(
            endpoint,
            param.line,
            "merged-requiredness",
            f"{label} parameter {name!r} differs between pages ({'; '.join(parts)}): "
            f"{'required' if required else 'optional'}",
            label,
        )

    def _request_body(
        self, members: list[Endpoint], label: str, operation_id: str, groups: list[tuple[str, ...]]
    ) -> dict[str, Any] | None:
        with_body = [e for e in members if e.body is not None]
        if not with_body:
            return None
        node = self._merged(with_body, [e.body for e in with_body], label, "request body")  # type: ignore[misc]
        name = _pascal(operation_id) + "Request"
        self.schemas[name] = node.to_schema()
        media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{name}"}}
        examples = {
            _example_key(g, e.page): {"summary": _label(g, e.page), "value": e.body_example}
            for e, g in zip(members, groups, strict=True)
            if e.has_body_example
        }
        if examples:
            media["examples"] = examples
        required = all(e.body is not None for e in members) and any(
            node.required or e.has_body_example for e in with_body
        )
        body: dict[str, Any] = {"content": {"application/json": media}}
        if required:
            body["required"] = True
        return body

    def _merged(self, endpoints: list[Endpoint], nodes: list[Node], label: str, what: str) -> Node:
        node = nodes[0]
        for endpoint, other in zip(endpoints[1:], nodes[1:], strict=True):
            left, right = set(_leaves(node)), set(_leaves(other))
            only_left, only_right = sorted(left - right), sorted(right - left)
            if only_left or only_right:
                self._warn(
                    endpoint,
                    endpoint.body_line if what == "request body" else _response_line(endpoint),
                    "merged-shapes",
                    f"{label} {what} differs from {endpoints[0].page.path}: "
                    + "; ".join(
                        part
                        for part in (
                            f"only on {endpoints[0].page.path}: {', '.join(only_left)}" if only_left else "",
                            f"only here: {', '.join(only_right)}" if only_right else "",
                        )
                        if part
                    )
                    + "; the union is used, each optional",
                    label,
                )
            for shared in sorted(left & right):
                a, b = node.at(tuple(shared.split("."))), other.at(tuple(shared.split(".")))
                if a is not None and b is not None and describe(a) != describe(b):
                    self._warn(
                        endpoint,
                        _response_line(endpoint),
                        "merged-types",
                        f"{label} {what} field "
                        f"{shared!r} is {describe(a)} on {endpoints[0].page.path} and {describe(b)} here: "
                        f"typed {describe(merge(a, b))}",
                        label,
                    )
            node = merge(node, other)
        return node

    def _responses(
        self, members: list[Endpoint], label: str, operation_id: str, groups: list[tuple[str, ...]]
    ) -> dict[str, Any]:
        by_status: dict[int, list[tuple[Endpoint, Response, tuple[str, ...]]]] = {}
        for endpoint, group in zip(members, groups, strict=True):
            for response in endpoint.responses:
                by_status.setdefault(response.status, []).append((endpoint, response, group))
        out: dict[str, Any] = {}
        for status in sorted(by_status):
            uses = by_status[status]
            typed = [(e, r) for e, r, _ in uses if r.node is not None]
            said = list(dict.fromkeys(r.description for _, r, _ in uses if r.description))
            result: dict[str, Any] = {"description": "\n\n".join(said) or _status_text(status)}
            if typed:
                node = self._merged([e for e, _ in typed], [r.node for _, r in typed], label, "response")  # type: ignore[misc]
                suffix = "Response" if 200 <= status < 300 else f"Error{status}"
                name = _pascal(operation_id) + suffix
                self.schemas[name] = node.to_schema()
                media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{name}"}}
                examples: dict[str, Any] = {}
                for endpoint, response, group in uses:
                    for index, value in enumerate(response.examples):
                        key = _example_key(group, endpoint.page) + (f"_{index + 1}" if index else "")
                        examples[key] = {"summary": _label(group, endpoint.page), "value": value}
                if len(examples) == 1 and status >= 300:
                    media["example"] = next(iter(examples.values()))["value"]
                elif examples:
                    media["examples"] = examples
                result["content"] = {"application/json": media}
            out[str(status)] = result
        return out


def _first_page(members: list[Endpoint]) -> str:
    return members[0].page.path


def _label(group: tuple[str, ...], page: Page) -> str:
    return group[-1] if group else PurePosixPath(page.path).stem


def _example_key(group: tuple[str, ...], page: Page) -> str:
    return "_".join(_words(_label(group, page))) or "example"


def _response_line(endpoint: Endpoint) -> int:
    return next((r.line for r in endpoint.responses), endpoint.page.title_line)


def _leaves(node: Node, prefix: str = "") -> Iterable[str]:
    holder = node.object_node()
    if holder is None:
        return
    for name, child in holder.properties.items():
        path = f"{prefix}{name}"
        yield path
        yield from _leaves(child, path + ".")


_STATUS_TEXT = {200: "Successful response", 201: "Created", 204: "No content"}


def _status_text(status: int) -> str:
    return _STATUS_TEXT.get(status, "Successful response" if 200 <= status < 300 else f"Error {status}")
