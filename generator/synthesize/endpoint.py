"""One page -> one :class:`Endpoint`: the page's statements reconciled into one operation.

Where the operation is comes from :mod:`.route` (the stated endpoint wins over the request
example); what its fields are, and how they fold into the examples, from :mod:`.fields`.
Here: the security, the headers, the request body and the responses. The policy
(README, "Synthesizing a spec from documentation"):

* the response example is what the server sent: its names and nesting win;
  documented fields the example lacks are kept, optional;
* conflicting types widen to what both allow;
* ``Authorization`` documented as a field is the bearer security scheme;
* every decision that resolves a conflict is a finding with the page and line.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .. import records
from .curl import Curl, JsonTextError, parse_json
from .doc_fields import doc_tree
from .errors import example_status, read_errors, with_errors
from .fields import Context, Param, doc_node, finish_required, placed_fields, reconcile
from .findings import Findings
from .pages import CodeBlock, DocField, Page
from .route import Template, read_route
from .schema import Node, from_example
from .values import check_examples

__all__ = ["Endpoint", "Param", "Response", "Template", "read_endpoint"]


@records.mutable
class Response:
    status: int
    node: Node | None
    examples: list[Any]
    line: int
    description: str = ""  # an error response's, from the page's error documentation


@records.mutable
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
    source: str  # what states the route: "the Production endpoint", "frontmatter api", "the request example"
    written: str  # the path as that source writes it
    route_line: int
    security: str | None  # "bearer", "header:<name>" or None
    security_line: int
    notes: list[str]


def read_endpoint(page: Page, findings: Findings) -> Endpoint | None:
    """The page's operation, or None (with a finding) when the page states no endpoint and has no usable example."""
    ctx = Context(page, findings)
    if page.is_guide:
        ctx.warn(
            page.title_line,
            "guide-page",
            "the page documents no endpoint (no request example, fields or endpoint group): read as a guide",
        )
        return None
    fields = placed_fields(ctx)
    route = read_route(ctx, fields)
    if route is None:
        return None
    curl = route.curl
    security, security_line = _security(ctx, fields.get("header", []), curl)
    params = route.params + _headers(ctx, curl, fields.get("header", []))
    body, body_example, has_example, body_line = _body(ctx, curl, fields.get("body", []))
    responses = _responses(ctx, fields.get("response", []))
    errors = read_errors(page, fields.get("error", []), lambda f: doc_node(ctx, f), ctx.warn)
    responses = with_errors(responses, errors, Response)
    return Endpoint(
        page=page,
        method=route.method,
        origin=route.origin,
        path=route.path,
        params=params,
        body=body,
        body_example=body_example,
        has_body_example=has_example,
        body_line=body_line,
        responses=responses,
        templates=route.templates,
        source=route.source,
        written=route.written,
        route_line=route.line,
        security=security,
        security_line=security_line,
        notes=[note.text for note in page.notes],
    )


def _security(ctx: Context, headers: list[DocField], curl: Curl) -> tuple[str | None, int]:
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


def _headers(ctx: Context, curl: Curl, documented: list[DocField]) -> list[Param]:
    params = [
        Param(f.name, "header", doc_node(ctx, f), f.required, f.line, sources={"docs"})
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


def _doc_tree(ctx: Context, fields: list[DocField]) -> Node:
    """The object the documented fields describe (for a body or response without an example)."""
    return doc_tree(fields, lambda f: doc_node(ctx, f))


def _example_block(ctx: Context, block: CodeBlock) -> tuple[Any, bool]:
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


def _body(ctx: Context, curl: Curl, documented: list[DocField]) -> tuple[Node | None, Any, bool, int]:
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
    reconcile(ctx, documented, seen, line=line, what="request body")
    finish_required(seen)
    check_examples(seen, example, "request body", partial(ctx.warn, line))
    return seen, example, True, line


def _responses(ctx: Context, documented: list[DocField]) -> list[Response]:
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
            reconcile(ctx, documented, seen, line=by_status[status][0][1], what="response")
        finish_required(seen)
        line = by_status[status][0][1]
        for value in values:
            check_examples(seen, value, f"{status} response", partial(ctx.warn, line))
        responses.append(Response(status, seen, values, line))
    return responses
