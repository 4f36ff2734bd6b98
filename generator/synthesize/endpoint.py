"""One page -> one :class:`Endpoint`: the page's statements reconciled into one operation.

The reconciliation policy (README, "Synthesizing a spec from documentation"):

* the response example is what the server sent: its names and nesting win;
  documented fields the example lacks are kept, optional;
* conflicting types widen to what both allow;
* ``Authorization`` documented as a field is the bearer security scheme;
* every decision that resolves a conflict is a finding with the page and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import attrs

from .curl import Curl, CurlError, JsonTextError, parse_curl, parse_json, split_url
from .errors import example_status, read_errors, with_errors
from .fields import doc_tree, field_node, holder_of
from .findings import Findings
from .pages import CodeBlock, DocField, Page
from .schema import Node, describe, from_example, words_key
from .values import check_examples

__all__ = ["Endpoint", "Param", "Template", "read_endpoint"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@attrs.define
class Param:
    name: str
    location: str  # "query", "path" or "header"
    node: Node
    required: bool
    line: int
    example: Any = None
    has_example: bool = False
    sources: set[str] = attrs.field(factory=set)  # "docs", "curl", "template"
    names: list[str] = attrs.field(factory=list)  # a path slot: the documented parameters it stands for


@attrs.define
class Template:
    environment: str  # "Production", "Sandbox"
    origin: str  # "https://api.mayar.id"
    path: str
    query: list[tuple[str, str | None]]  # (name, placeholder or value)
    line: int


@attrs.define
class Response:
    status: int
    node: Node | None
    examples: list[Any]
    line: int
    description: str = ""  # an error response's, from the page's error documentation


@attrs.define
class Endpoint:
    page: Page
    method: str
    origin: str
    path: str  # absolute path, with {name} for path parameters
    params: list[Param]
    body: Node | None
    body_example: Any
    has_body_example: bool
    body_line: int
    responses: list[Response]
    templates: list[Template]
    security: str | None  # "bearer", "header:<name>" or None
    security_line: int
    notes: list[str]


@attrs.define
class _Context:
    page: Page
    findings: Findings

    def warn(self, line: int, rule: str, message: str) -> None:
        self.findings.add(self.page.path, line, rule, message)


def read_endpoint(page: Page, findings: Findings) -> Endpoint | None:
    """The page's operation, or None (with a finding) when the page has no usable request example."""
    ctx = _Context(page, findings)
    if page.is_guide:
        ctx.warn(
            page.title_line,
            "guide-page",
            "the page documents no endpoint (no request example, fields or endpoint group): read as a guide",
        )
        return None
    curl = _curl(ctx)
    if curl is None:
        return None
    templates = _templates(ctx)
    fields = _placed_fields(ctx)
    security, security_line = _security(ctx, fields.get("header", []), curl)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(curl.url))
    path, path_params = _path(ctx, curl, templates, fields.get("path", []))
    params = path_params + _query(ctx, curl, templates, fields.get("query", []))
    params += _headers(ctx, curl, fields.get("header", []))
    body, body_example, has_example, body_line = _body(ctx, curl, fields.get("body", []))
    responses = _responses(ctx, fields.get("response", []))
    errors = read_errors(page, fields.get("error", []), lambda f: _doc_node(ctx, f), ctx.warn)
    responses = with_errors(responses, errors, Response)
    _check_frontmatter(ctx, curl, path)
    return Endpoint(
        page=page,
        method=curl.method,
        origin=origin,
        path=path,
        params=params,
        body=body,
        body_example=body_example,
        has_body_example=has_example,
        body_line=body_line,
        responses=responses,
        templates=templates,
        security=security,
        security_line=security_line,
        notes=[note.text for note in page.notes],
    )


# -- the request example -----------------------------------------------------------


def _curl(ctx: _Context) -> Curl | None:
    blocks = ctx.page.blocks("RequestExample") or [
        b for b in ctx.page.code if "curl " in b.text and b.container != "ResponseExample"
    ]
    curls = [b for b in blocks if "curl" in b.text]
    if not curls:
        declared = _declared(ctx)
        if declared is not None:
            return declared
        line = blocks[0].line if blocks else ctx.page.title_line
        ctx.warn(line, "no-request-example", "the page has no curl request example: no operation is made from it")
        return None
    block = curls[0]
    try:
        curl = parse_curl(block.text, block.line)
    except CurlError as error:
        ctx.warn(error.line, "bad-request-example", f"{error}: no operation is made from this page")
        return None
    if curl.method in ("GET", "HEAD", "DELETE") and curl.data is not None:
        shown = repr(curl.data) if len(curl.data) < 20 else "a body"
        ctx.warn(
            curl.data_line, "get-with-body", f"the {curl.method} example sends {curl.data_option} {shown}: ignored"
        )
    elif curl.data is not None and not curl.method_explicit:
        ctx.warn(curl.line, "method-implied", f"no --request: {curl.data_option} makes the request a POST")
    return curl


def _declared(ctx: _Context) -> Curl | None:
    """The request Mintlify's ``api: "METHOD https://…"`` frontmatter declares, for pages without curl."""
    value = ctx.page.front("api")
    if not isinstance(value, str):
        return None
    method, _, url = value.strip().partition(" ")
    url = url.strip()
    parts = split_url(url)
    if method.upper() not in _METHODS or parts is None or not parts.netloc:
        ctx.warn(1, "bad-frontmatter", f"frontmatter api: {value!r} is not 'METHOD https://host/path'")
        return None
    ctx.warn(1, "request-from-frontmatter", f"no curl request example: the request is frontmatter api: {value!r}")
    return Curl(method.upper(), True, url, (), None, 1, "", 1)


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


# -- endpoint templates (the Production/Sandbox code group) ---------------------------------


def _templates(ctx: _Context) -> list[Template]:
    found: list[Template] = []
    for block in ctx.page.blocks("CodeGroup"):
        url = next((line.strip() for line in block.text.splitlines() if line.strip()), "")
        parts = split_url(url)
        if parts is None or not parts.scheme or not parts.netloc:
            ctx.warn(block.line, "bad-endpoint", f"endpoint {url!r} is not an absolute URL: ignored")
            continue
        environment = (block.info.split() or ["default"])[0]
        query: list[tuple[str, str | None]] = []
        for part in filter(None, parts.query.split("&")):
            name, equals, value = part.partition("=")
            if not equals:
                brace = _PLACEHOLDER.search(part)
                if brace:
                    name, value = part[: brace.start()], brace.group(0)
                    ctx.warn(
                        block.line,
                        "template-missing-equals",
                        f"{environment} endpoint has {part!r} with no '=': read as {name}={value}",
                    )
            query.append((name, value or None))
        origin = f"{parts.scheme}://{parts.netloc}"
        found.append(Template(environment, origin, parts.path, query, block.line))
    if len(found) > 1:
        first = found[0]
        for other in found[1:]:
            if (other.path, other.query) != (first.path, first.query):
                ctx.warn(
                    other.line,
                    "templates-differ",
                    f"the {other.environment} endpoint's path or query differs from the {first.environment} one's",
                )
    return found


# -- fields: which section each belongs to ----------------------------------------------------


def _placed_fields(ctx: _Context) -> dict[str, list[DocField]]:
    placed: dict[str, list[DocField]] = {}
    mismatched: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for f in ctx.page.fields:
        where = f.section
        locations = f.attribute_locations
        if where is None:
            where = "response" if f.tag == "ResponseField" else (locations[0] if len(locations) == 1 else None)
            if where is None:
                ctx.warn(f.line, "unplaced-field", f"no heading says where {f.name!r} goes: skipped")
                continue
        if f.name.lower() == "authorization":
            where = "header"
        expected_tag = "ResponseField" if where in ("response", "error") else "ParamField"
        wrong_attrs = where in ("query", "path", "body", "header") and locations and locations != (where,)
        if f.tag != expected_tag or wrong_attrs:
            written = f"<{f.tag}{''.join(f' {k}=…' for k in locations)}>"
            mismatched.setdefault((written, f.heading), []).append((f.line, ".".join(f.path)))
        placed.setdefault(where, []).append(f)
    for (written, heading), lined in mismatched.items():
        line, names = min(n for n, _ in lined), [name for _, name in lined]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        ctx.warn(line, "tag-section-mismatch", f"{shown} under {heading!r} written as {written}: read by the heading")
    return placed


def _security(ctx: _Context, headers: list[DocField], curl: Curl) -> tuple[str | None, int]:
    auth = next((f for f in headers if f.name.lower() == "authorization"), None)
    sent = curl.header("Authorization")
    if auth is None and sent is None:
        return None, 0
    line = auth.line if auth else curl.line
    text = f"{auth.description if auth else ''} {sent or ''}"
    scheme = "bearer" if "bearer" in text.lower() else "header:Authorization"
    how = f"a <{auth.tag}>" if auth else "a header of the request example"
    ctx.warn(line, "authorization-security", f"Authorization is documented as {how}: read as the {scheme} scheme")
    return scheme, line


# -- path and query ---------------------------------------------------------------------------


def _path(ctx: _Context, curl: Curl, templates: list[Template], documented: list[DocField]) -> tuple[str, list[Param]]:
    sent = curl.path.split("/")
    template = templates[0].path.split("/") if templates else sent
    if len(template) < len(sent) and template[-1] == "":
        template = template[:-1] + [""] * (len(sent) - len(template) + 1)
    names_left = [f for f in documented]
    params: list[Param] = []
    segments: list[str] = []
    for index, value in enumerate(sent):
        shape = template[index] if index < len(template) else value
        placeholder = _PLACEHOLDER.fullmatch(shape)
        if placeholder or (shape == "" and value != ""):
            chosen = _slot_name(ctx, placeholder.group(1) if placeholder else "", names_left, value, templates)
            names_left = [f for f in names_left if f.name not in chosen[1]]
            name, fields = chosen[0], [f for f in documented if f.name in chosen[1]]
            node, line, desc = _param_node(ctx, fields, value)
            node.description = desc
            params.append(Param(name, "path", node, True, line, value, True, {"docs", "curl"}, chosen[1] or [name]))
            segments.append("{" + name + "}")
        else:
            if shape != value:
                ctx.warn(
                    templates[0].line if templates else curl.line,
                    "template-path-differs",
                    f"the endpoint template has {shape!r} where the request example has {value!r}: the example is used",
                )
            segments.append(value)
    for f in names_left:
        ctx.warn(f.line, "path-param-without-slot", f"path parameter {f.name!r} has no place in the URL: ignored")
    return "/".join(segments) or "/", params


def _slot_name(
    ctx: _Context, placeholder: str, documented: list[DocField], value: str, templates: list[Template]
) -> tuple[str, list[str]]:
    """The name of one path slot, and the documented parameters it stands for."""
    line = templates[0].line if templates else ctx.page.title_line
    if not placeholder:
        ctx.warn(
            line,
            "template-empty-segment",
            f"the endpoint template has an empty path segment where the request example has {value!r}: "
            "read as a path parameter",
        )
    by_name = {f.name.lower(): f for f in documented}
    if placeholder and placeholder.lower() in by_name and len(documented) == 1:
        return by_name[placeholder.lower()].name, [by_name[placeholder.lower()].name]
    if len(documented) == 1:
        return documented[0].name, [documented[0].name]
    if len(documented) > 1:
        names = [f.name for f in documented]
        joined = names[0] + "".join("Or" + n[:1].upper() + n[1:] for n in names[1:])
        ctx.warn(
            documented[0].line,
            "path-params-share-slot",
            f"{' and '.join(names)} are documented as path parameters for one path segment: named {joined}",
        )
        return joined, names
    name = placeholder or "id"
    ctx.warn(line, "undocumented-path-param", f"path parameter {name!r} is not documented: typed string")
    return name, []


def _param_node(ctx: _Context, fields: list[DocField], value: str | None) -> tuple[Node, int, str]:
    if not fields:
        node = Node(types={"string"})
        return node, ctx.page.title_line, ""
    node = _doc_node(ctx, fields[0])
    for other in fields[1:]:
        more = _doc_node(ctx, other)
        node.types |= more.types
    return node, fields[0].line, " / ".join(f.description for f in fields if f.description)


def _doc_node(ctx: _Context, f: DocField) -> Node:
    names = frozenset(other.name for other in ctx.page.fields)
    node = field_node(f, partial(ctx.warn, f.line), names)
    node.doc_required = f.required
    node.documented = True
    if f.default is not None:
        node.default, node.has_default = _coerce(f.default, node), True
    return node


def _coerce(text: str, node: Node) -> Any:
    try:
        if node.types == {"integer"}:
            return int(text)
        if node.types & {"number", "integer"} and not node.types & {"string"}:
            return float(text) if "." in text else int(text)
        if node.types == {"boolean"}:
            return text.lower() == "true"
    except ValueError:
        return text
    return text


def _query(ctx: _Context, curl: Curl, templates: list[Template], documented: list[DocField]) -> list[Param]:
    params: dict[str, Param] = {}
    for f in documented:
        params[f.name] = Param(f.name, "query", _doc_node(ctx, f), f.required, f.line, sources={"docs"})
    for name, value in curl.query:
        param = params.get(name)
        if param is None:
            node = Node(types={"integer"} if re.fullmatch(r"-?\d+", value) else {"string"})
            param = params[name] = Param(name, "query", node, False, curl.line, sources=set())
            ctx.warn(
                curl.line,
                "undocumented-query-param",
                f"query parameter {name!r} is sent by the request example but not documented: optional",
            )
        param.sources.add("curl")
        if not param.has_example:
            param.example, param.has_example = _coerce(value, param.node), True
    for template in templates[:1]:
        named = {name for name, _ in template.query}
        for name, _ in template.query:
            if name and name not in params:
                params[name] = Param(name, "query", Node(types={"string"}), False, template.line, sources=set())
                ctx.warn(
                    template.line,
                    "undocumented-query-param",
                    f"query parameter {name!r} is in the endpoint template but not documented: optional",
                )
            if name in params:
                params[name].sources.add("template")
        missing = [p.name for p in params.values() if p.required and p.name not in named]
        if missing and template.query:
            ctx.warn(
                template.line,
                "template-omits-required",
                f"the endpoint template lists {', '.join(n for n, _ in template.query)} "
                f"but not the required {', '.join(missing)}",
            )
    return list(params.values())


def _headers(ctx: _Context, curl: Curl, documented: list[DocField]) -> list[Param]:
    params = [
        Param(f.name, "header", _doc_node(ctx, f), f.required, f.line, sources={"docs"})
        for f in documented
        if f.name.lower() not in ("authorization", "content-type", "accept")  # security, and the media types
    ]
    known = {p.name.lower() for p in params} | {"authorization", "content-type", "accept"}
    for name, value in curl.headers:
        if name.lower() not in known:
            known.add(name.lower())
            params.append(Param(name, "header", Node(types={"string"}), False, curl.line, value, True, {"curl"}))
            ctx.warn(curl.line, "undocumented-header", f"header {name!r} is sent by the request example: optional")
    return params


# -- bodies and responses -------------------------------------------------------------------------


def _doc_tree(ctx: _Context, fields: list[DocField]) -> Node:
    """The object the documented fields describe (for a body or response without an example)."""
    return doc_tree(fields, lambda f: _doc_node(ctx, f))


def _example_block(ctx: _Context, block: CodeBlock) -> tuple[Any, bool]:
    try:
        parsed = parse_json(block.text, block.line)
    except JsonTextError as error:
        ctx.warn(error.line, "bad-json-example", f"example is {error}: ignored")
        return None, False
    if parsed.had_comments:
        notes = "; ".join(f"{key or '?'}: {text}" for key, text in parsed.comments if text)
        ctx.warn(block.line, "json-comments", f"example JSON has comments ({notes}): read without them")
    if parsed.had_trailing_commas:
        ctx.warn(block.line, "json-trailing-comma", "example JSON has trailing commas: read without them")
    return parsed.value, True


def _body(ctx: _Context, curl: Curl, documented: list[DocField]) -> tuple[Node | None, Any, bool, int]:
    example: Any = None
    has_example = False
    line = curl.data_line
    if curl.data and curl.method not in ("GET", "HEAD", "DELETE"):
        try:
            parsed = parse_json(curl.data, curl.data_line)
        except JsonTextError as error:
            ctx.warn(error.line, "bad-json-example", f"request body example is {error}: ignored")
        else:
            example, has_example = parsed.value, True
            if parsed.had_comments:
                notes = "; ".join(f"{key or '?'}: {text!r}" for key, text in parsed.comments if text)
                ctx.warn(line, "json-comments", f"request body example has // comments ({notes}): read without them")
            if parsed.had_trailing_commas:
                ctx.warn(line, "json-trailing-comma", "request body example has trailing commas: read without them")
            if curl.header("Content-Type") is None:
                ctx.warn(curl.line, "no-content-type", "the example sends JSON with no Content-Type: application/json")
    if not documented and not has_example:
        return None, None, False, line
    if not has_example:
        return _doc_tree(ctx, documented), None, False, documented[0].line
    seen = from_example(example)
    _reconcile(ctx, documented, seen, line=line, what="request body")
    _finish_required(seen)
    check_examples(seen, example, "request body", partial(ctx.warn, line))
    return seen, example, True, line


def _responses(ctx: _Context, documented: list[DocField]) -> list[Response]:
    by_status: dict[int, list[tuple[Any, int]]] = {}
    for block in ctx.page.blocks("ResponseExample"):
        value, ok = _example_block(ctx, block)
        status = example_status(block, value if ok else None, ctx.warn)
        if ok and status is not None:
            by_status.setdefault(status, []).append((value, block.line))
    responses: list[Response] = []
    success = next((s for s in sorted(by_status) if 200 <= s < 300), None)
    if success is None:
        if documented:
            ctx.warn(documented[0].line, "no-response-example", "no response example: typed from the fields alone")
        doc_root = _doc_tree(ctx, documented) if documented else None
        responses.append(Response(200, doc_root, [], documented[0].line if documented else ctx.page.title_line))
    for status in sorted(by_status):
        values = [v for v, _ in by_status[status]]
        seen = from_example(*values)
        if status == success and documented:
            _reconcile(ctx, documented, seen, line=by_status[status][0][1], what="response")
        _finish_required(seen)
        line = by_status[status][0][1]
        for value in values:
            check_examples(seen, value, f"{status} response", partial(ctx.warn, line))
        responses.append(Response(status, seen, values, line))
    return responses


def _finish_required(node: Node) -> None:
    """Required: documented required and present in every example (or documented required, for bodies)."""
    holder = node.object_node()
    if holder is not None:
        holder.required = {
            name
            for name, child in holder.properties.items()
            if child.doc_required and (name in holder.required or not child.in_example)
        }
        for child in holder.properties.values():
            _finish_required(child)


def _find(
    root: Node, parent: tuple[str, ...], keys: list[tuple[str, ...]], taken: set[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """A property under ``parent`` whose words match one of ``keys``, not claimed by another field."""
    holder = root.at(parent)
    holder = holder.object_node() if holder else None
    if holder is None:
        return None
    for name in holder.properties:
        path = (*parent, name)
        if path not in taken and words_key(name) in keys:
            return path
    return None


def _reconcile(ctx: _Context, documented: list[DocField], seen: Node, *, line: int, what: str) -> None:
    """Fold the documented fields into the example's schema ``seen`` (in place)."""
    where: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}  # documented path -> path in the example
    taken: set[tuple[str, ...]] = set()
    documented_root = {f.name for f in documented if not f.parents}
    wrappers = [
        name
        for name, child in (seen.object_node() or Node()).properties.items()
        if name not in documented_root and child.object_node() is not None
    ]
    nested: dict[str, list[str]] = {}
    for f in sorted(documented, key=lambda f: (len(f.path), f.line)):
        parent = where.get(f.parents)
        if parent is None:
            parent = _deepest(where, f.parents)
        found = _locate(seen, f, parent, wrappers, taken, where)
        label = ".".join(f.path)
        if found is None:
            _add_documented_only(ctx, seen, f, parent, what)
            where[f.path] = (*parent, f.name)
            continue
        taken.add(found)
        where[f.path] = found
        shown = ".".join(found)
        if found[:-1] != parent and not f.parents and found[-1] == f.name:
            nested.setdefault(found[0], []).append(f.name)
        elif found[-1] != f.name or found[:-1] != parent:
            ctx.warn(
                f.line,
                "renamed-by-example",
                f"{what} field documented as {label!r} is {shown!r} in the example: the example's name is used",
            )
        node = seen.at(found)
        assert node is not None
        _merge_doc(ctx, f, node, what, shown)
    extra = list(_undocumented(seen, (), taken))
    if extra:
        shown = ", ".join(extra[:8]) + (f" and {len(extra) - 8} more" if len(extra) > 8 else "")
        ctx.warn(line, "example-only", f"{what} fields only in the example, not documented: {shown}: kept, optional")
    for wrapper, names in nested.items():
        first = min((f.line for f in documented if f.name in names and not f.parents), default=1)
        ctx.warn(
            first,
            "nested-in-example",
            f"{what} fields documented at the root ({', '.join(names)}) are nested under {wrapper!r} in the example: "
            "the example's nesting is used",
        )


def _undocumented(node: Node, path: tuple[str, ...], taken: set[tuple[str, ...]], shown: str = "") -> Iterator[str]:
    """Example fields no documented field matched (an unmatched object's own fields are not listed)."""
    holder = node.object_node()
    if holder is None:
        return
    prefix = f"{shown}[]." if node.is_array and shown else (f"{shown}." if shown else "")
    for name, child in holder.properties.items():
        here = (*path, name)
        if here in taken or child.documented or any(t[: len(here)] == here for t in taken):
            yield from _undocumented(child, here, taken, prefix + name)
        elif child.in_example:
            yield prefix + name


def _deepest(where: dict[tuple[str, ...], tuple[str, ...]], path: tuple[str, ...]) -> tuple[str, ...]:
    for cut in range(len(path), -1, -1):
        if path[:cut] in where:
            return where[path[:cut]] + path[cut:]
    return path


def _locate(
    seen: Node,
    f: DocField,
    parent: tuple[str, ...],
    wrappers: list[str],
    taken: set[tuple[str, ...]],
    where: dict[tuple[str, ...], tuple[str, ...]],
) -> tuple[str, ...] | None:
    exact = (*parent, f.name)
    if exact not in taken and seen.at(exact) is not None:
        return exact
    bases = [parent] + ([(w,) for w in wrappers] if not f.parents else [])
    for base in bases[1:]:
        candidate = (*base, f.name)
        if candidate not in taken and seen.at(candidate) is not None:
            return candidate
    keys = [words_key(f.name)]
    if (f.parents and f.parents not in where) or (f.parents and seen.at(where[f.parents]) is None):
        keys.append(words_key(*f.parents[-1:], f.name))  # "paymentLink.id" written as "paymentLinkId"
        outer = _deepest(where, f.parents[:-1])
        bases = [outer] + ([(w,) for w in wrappers] if len(f.parents) == 1 else [])
    for base in bases:
        found = _find(seen, base, keys, taken)
        if found is not None:
            return found
    return None


def _add_documented_only(ctx: _Context, seen: Node, f: DocField, parent: tuple[str, ...], what: str) -> None:
    holder_node = seen.at(parent) if parent else seen
    if holder_node is None:
        for depth in range(1, len(parent) + 1):
            prefix = parent[:depth]
            if seen.at(prefix) is None:
                outer = seen.at(prefix[:-1]) if depth > 1 else seen
                assert outer is not None
                holder = holder_of(outer)
                holder.properties[prefix[-1]] = Node(types={"object"}, documented=True)
        holder_node = seen.at(parent)
    assert holder_node is not None
    holder = holder_of(holder_node)
    node = _doc_node(ctx, f)
    label = ".".join(f.path)
    if what == "request body" and f.required:  # a request example is one sample; the fields say what is needed
        holder.required.add(f.name)
        state = "kept, required as documented"
    else:
        node.doc_required = False
        state = "optional"
    holder.properties[f.name] = node
    ctx.warn(f.line, "documented-only", f"{what} field {label!r} is documented but not in the example: {state}")


def _merge_doc(ctx: _Context, f: DocField, node: Node, what: str, shown: str) -> None:
    documented = _doc_node(ctx, f)
    node.description = documented.description
    node.doc_required = f.required
    node.documented = True
    if documented.has_default:
        node.default, node.has_default = documented.default, True
    if documented.format and "string" in node.types:
        node.format = documented.format
    if documented.enum is not None:
        node.enum = documented.enum
    doc_types, seen_types = set(documented.types), set(node.types)
    if not doc_types or doc_types == seen_types:
        return
    said, got = describe(documented), describe(node)
    for said_kind, seen_kind, has in (("array", "object", "one object"), ("object", "array", "an array")):
        if said_kind in doc_types and seen_kind in seen_types and said_kind not in seen_types:
            ctx.warn(
                f.line,
                "array-vs-object",
                f"{what} field {shown!r} is documented as {f.type!r} but the example has {has}: "
                f"typed as {'an object' if seen_kind == 'object' else 'an array'}",
            )
            return
    widened = seen_types | doc_types
    if seen_types == {"null"}:
        ctx.warn(
            f.line,
            "nullable-by-example",
            f"{what} field {shown!r} is documented as {f.type!r}; the example has null: nullable",
        )
    elif seen_types <= {"integer"} and "number" in doc_types:
        ctx.warn(
            f.line,
            "type-widened",
            f"{what} field {shown!r} is documented as {f.type!r} but the example values are integers: typed number",
        )
    else:
        node.types = widened
        ctx.warn(
            f.line,
            "type-widened",
            f"{what} field {shown!r} is documented as {said!r} but the example has {got}: typed {describe(node)}",
        )
        return
    node.types = widened


def _check_frontmatter(ctx: _Context, curl: Curl, path: str) -> None:
    value = ctx.page.front("openapi")
    if not isinstance(value, str):
        return
    method, _, where = value.strip().partition(" ")
    if method.upper() != curl.method or not path.endswith(where.strip().rstrip("/")) or not where.strip("/ "):
        ctx.warn(
            1,
            "frontmatter-openapi",
            f"frontmatter names the operation {value!r}, which is not this page's {curl.method} {path}: ignored",
        )
