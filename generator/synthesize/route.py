"""Where a page's operation is: its stated endpoint, its request example, and its path and query parameters.

The endpoint a page states wins. The sources, the first found first:

1. Mintlify's ``api:`` frontmatter (``api: "POST /v1/things/{id}"``, or with a full URL);
2. an endpoint shown in the page: a line ``POST https://api.example.com/v1/things`` in the
   prose, or alone in a code block outside the request and response examples;
3. the Production/Sandbox endpoint group (a ``<CodeGroup>`` of one URL per environment).

The method is the first source's that names one, else the ``openapi:`` frontmatter's, else the
request example's. The curl example supplies example values, headers and a body; where its
method or path differs from the stated endpoint that is a finding, never a re-route, and an
unusable curl leaves the page to its stated endpoint and fields. A page that states no
endpoint is routed by its request example.

Placeholders written ``{x}``, ``:x``, ``(x)`` or ``<x>`` are the path parameter ``{x}``; a
literal segment where a documented path parameter goes is that parameter, the literal its
example. A path that is not a valid relative path (:func:`~generator.pathkeys.path_problem`)
is never emitted: the page is reported and skipped.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .. import records
from ..pathkeys import path_problem
from .curl import Curl, CurlError, parse_curl, repair_url, split_url
from .fields import Context, Param, coerce, doc_node
from .pages import CodeBlock, DocField, Page
from .schema import Node

__all__ = ["Route", "Statement", "Template", "read_route"]

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_BRACED = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"\{([^{}/]*)\}|:([A-Za-z_][\w-]*)|\(([A-Za-z_][\w-]*)\)|<([A-Za-z_][\w-]*)>")
_SHOWN_BLOCK = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)$", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@records.mutable
class Template:
    environment: str  # "Production", "Sandbox"
    origin: str  # "https://api.mayar.id"
    path: str
    query: list[tuple[str, str | None]]  # (name, placeholder or value)
    line: int
    method: str | None = None  # when the group writes "POST https://…"


@records.frozen
class Statement:
    """The endpoint a page states."""

    source: str  # how: "frontmatter api", "the endpoint shown on line 12", "the Production endpoint"
    method: str | None
    origin: str  # "" for a path without a host
    path: str
    query: tuple[tuple[str, str | None], ...]
    line: int


@records.mutable
class Route:
    method: str
    origin: str
    path: str  # absolute path, with {name} for path parameters
    params: list[Param]  # the path parameters, then the query parameters
    curl: Curl  # the request example, or a bare request to the stated endpoint when there is none
    templates: list[Template]
    source: str  # what states the route: a Statement's source, or "the request example"
    written: str  # the path as that source writes it
    line: int


def read_route(ctx: Context, fields: dict[str, list[DocField]]) -> Route | None:
    """The page's route, or None (with a finding) when it states no endpoint and has no usable request example."""
    if not _states_request(ctx.page):
        blocks = _request_blocks(ctx.page)
        line = blocks[0].line if blocks else ctx.page.title_line
        ctx.warn(line, "no-request-example", "the page has no curl request example: no operation is made from it")
        return None
    templates = _templates(ctx)
    stated = _stated(ctx, templates)
    curl = _curl(ctx, stated)
    if curl is None and stated is None:
        return None
    method = _method(ctx, stated, curl)
    origin = (stated.origin if stated else "") or (_origin(curl.url) if curl else "")
    if curl is None:
        assert stated is not None
        curl = Curl(method, True, origin + stated.path, (), None, stated.line, "", stated.line)
        example: Curl | None = None
    else:
        example, curl = curl, records.evolve(curl, method=method)  # the stated method decides whether a body is sent
    path_docs, query_docs = _path_or_query(ctx, stated, fields.get("path", []), fields.get("query", []))
    written, line = (stated.path, stated.line) if stated else (curl.path, curl.line)
    path, params = _path(ctx, written, line, example, path_docs, stated)
    problem = path_problem(path)
    if problem is not None:
        ctx.warn(line, "invalid-path", f"the path {path!r} {problem}: no operation is made from this page")
        return None
    query = stated.query if stated else ()
    params += _query(ctx, curl, query, stated.source if stated else "", line, query_docs)
    _check_openapi_frontmatter(ctx, method, path)
    source = stated.source if stated else "the request example"
    return Route(method, origin, path, params, curl, templates, source, written, line)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _request_blocks(page: Page) -> list[CodeBlock]:
    return page.blocks("RequestExample") or [
        b for b in page.code if "curl " in b.text and b.container != "ResponseExample"
    ]


def _states_request(page: Page) -> bool:
    """The page says something about a request: an endpoint, a request example, or parameters."""
    return bool(
        isinstance(page.front("api"), str)
        or page.shown
        or _request_blocks(page)
        or any(f.tag == "ParamField" for f in page.fields)
    )


# -- the stated endpoint -----------------------------------------------------------------------


def _stated(ctx: Context, templates: list[Template]) -> Statement | None:
    api = ctx.page.front("api")
    if isinstance(api, str):
        method, _, target = api.strip().partition(" ")
        found = _statement(ctx, method, target.strip(), 1, "frontmatter api")
        if found is not None:
            return found
        ctx.warn(1, "bad-frontmatter", f"frontmatter api: {api!r} is not 'METHOD https://host/path' or 'METHOD /path'")
    for method, target, line in ctx.page.shown:
        found = _statement(ctx, method, target, line, f"the endpoint shown on line {line}")
        if found is not None:
            return found
    for block in ctx.page.code:
        lines = [line.strip() for line in block.text.splitlines() if line.strip()]
        shown = _SHOWN_BLOCK.match(lines[0]) if len(lines) == 1 and not block.container else None
        if shown is not None:
            source = f"the endpoint shown on line {block.line}"
            found = _statement(ctx, shown.group(1), shown.group(2), block.line, source)
            if found is not None:
                return found
    if templates:
        first = templates[0]
        source = f"the {first.environment} endpoint"
        return Statement(source, first.method, first.origin, first.path, tuple(first.query), first.line)
    return None


def _statement(ctx: Context, method: str, target: str, line: int, source: str) -> Statement | None:
    """``METHOD target`` as a statement: ``target`` a URL with a host, or a path."""
    if method.upper() not in _METHODS or not target:
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
        url, repairs = repair_url(target)
        for repair in repairs:
            ctx.warn(line, "endpoint-repaired", f"{source}: {repair}")
        parts = split_url(url)
        if parts is None or not parts.scheme or not parts.netloc:
            return None
        origin, path, query = f"{parts.scheme}://{parts.netloc}", parts.path or "/", parts.query
    else:
        origin, (path, _, query) = "", target.partition("?")
    return Statement(source, method.upper(), origin, path, tuple(_query_template(ctx, query, line, source)), line)


def _query_template(ctx: Context, query: str, line: int, source: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for part in filter(None, query.split("&")):
        name, equals, value = part.partition("=")
        if not equals:
            brace = _BRACED.search(part)
            if brace:
                name, value = part[: brace.start()], brace.group(0)
                ctx.warn(line, "template-missing-equals", f"{source} has {part!r} with no '=': read as {name}={value}")
        found.append((name, value or None))
    return found


def _templates(ctx: Context) -> list[Template]:
    """The Production/Sandbox endpoint group: one URL (optionally after its method) per environment."""
    found: list[Template] = []
    for block in ctx.page.blocks("CodeGroup"):
        url = next((line.strip() for line in block.text.splitlines() if line.strip()), "")
        method, _, rest = url.partition(" ")
        method = method.upper() if rest and method.upper() in _METHODS else ""
        url = rest.strip() if method else url
        environment = (block.info.split() or ["default"])[0]
        url, repairs = repair_url(url)
        for repair in repairs:
            ctx.warn(block.line, "endpoint-repaired", f"the {environment} endpoint: {repair}")
        parts = split_url(url)
        if parts is None or not parts.scheme or not parts.netloc:
            ctx.warn(block.line, "bad-endpoint", f"endpoint {url!r} is not an absolute URL: ignored")
            continue
        query = _query_template(ctx, parts.query, block.line, f"{environment} endpoint")
        origin = f"{parts.scheme}://{parts.netloc}"
        found.append(Template(environment, origin, parts.path, query, block.line, method or None))
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


# -- the request example -------------------------------------------------------------------------


def _curl(ctx: Context, stated: Statement | None) -> Curl | None:
    """The request example, repaired where it can be; None (with a finding) when there is none or it is unusable."""
    blocks = _request_blocks(ctx.page)
    curls = [b for b in blocks if "curl" in b.text]
    if not curls:
        if stated is None:
            line = blocks[0].line if blocks else ctx.page.title_line
            ctx.warn(line, "no-request-example", "the page has no curl request example: no operation is made from it")
        else:
            ctx.warn(
                stated.line,
                "request-from-stated-endpoint",
                f"no curl request example: the request is {stated.source} and the documented fields",
            )
        return None
    block = curls[0]
    try:
        curl = parse_curl(block.text, block.line)
    except CurlError as error:
        outcome = (
            f"the operation comes from {stated.source} and the documented fields"
            if stated
            else "no operation is made from this page"
        )
        ctx.warn(error.line, "bad-request-example", f"{error}: {outcome}")
        return None
    for line, repair in curl.repairs:
        ctx.warn(line, "curl-repaired", f"request example: {repair}")
    if curl.method in ("GET", "HEAD", "DELETE") and curl.data is not None:
        shown = repr(curl.data) if len(curl.data) < 20 else "a body"
        ctx.warn(
            curl.data_line, "get-with-body", f"the {curl.method} example sends {curl.data_option} {shown}: ignored"
        )
    elif curl.data is not None and not curl.method_explicit:
        ctx.warn(curl.line, "method-implied", f"no --request: {curl.data_option} makes the request a POST")
    return curl


def _method(ctx: Context, stated: Statement | None, curl: Curl | None) -> str:
    openapi = ctx.page.front("openapi")
    named = openapi.strip().partition(" ")[0].upper() if isinstance(openapi, str) else ""
    if stated is not None and stated.method:
        method, source = stated.method, stated.source
    elif named in _METHODS:
        method, source = named, "the openapi frontmatter"
    elif curl is not None:
        return curl.method
    else:
        assert stated is not None
        ctx.warn(stated.line, "no-method", f"{stated.source} names no method and there is no request example: GET")
        return "GET"
    if curl is not None and curl.method != method:
        ctx.warn(
            curl.line,
            "example-method-differs",
            f"the request example sends {curl.method} but {source} says {method}: {method} is used",
        )
    return method


# -- path parameters ------------------------------------------------------------------------------


def _path_or_query(
    ctx: Context, stated: Statement | None, path: list[DocField], query: list[DocField]
) -> tuple[list[DocField], list[DocField]]:
    """Documented path parameters the stated endpoint has in its query are query parameters."""
    in_query = {name for name, _ in stated.query} if stated else set()
    moved = [f for f in path if f.name in in_query and f.name not in {q.name for q in query}]
    for f in moved:
        ctx.warn(
            f.line,
            "path-param-in-query",
            f"{f.name!r} is documented as a path parameter but {stated.source if stated else ''} has it in its "
            "query: read as a query parameter",
        )
    return [f for f in path if f not in moved], query + moved


@records.mutable
class _Slot:
    index: int
    placeholder: str | None  # the name the path writes, "" for an empty segment, None for a literal
    literal: str | None = None  # the value a literal slot was written with
    docs: list[DocField] = records.field(factory=list)


def _path(
    ctx: Context,
    written: str,
    line: int,
    curl: Curl | None,
    documented: list[DocField],
    stated: Statement | None,
) -> tuple[str, list[Param]]:
    segments = written.split("/")
    sent = curl.path.split("/") if curl is not None else None
    slots = _placeholders(ctx, segments, sent, line, documented)
    left = _assign(ctx, segments, slots, documented)
    for f in left:
        ctx.warn(f.line, "path-param-without-slot", f"path parameter {f.name!r} has no place in the URL: ignored")
    slots.sort(key=lambda s: s.index)
    by_index = {s.index: s for s in slots}
    fits = sent is not None and len(sent) == len(segments)
    fits = fits and all(i in by_index or sent[i] == segments[i] for i in range(len(segments)))  # type: ignore[index]
    if stated is not None and curl is not None and not fits:
        shown = "/".join(
            "{" + (by_index[i].placeholder or "") + "}" if i in by_index else s for i, s in enumerate(segments)
        )
        ctx.warn(
            curl.line,
            "example-path-differs",
            f"the request example's path {curl.path} is not {stated.source}'s {shown}: the stated endpoint is used, "
            "the example's values for its path are not",
        )
    params: list[Param] = []
    out = list(segments)
    for slot in slots:
        name, names = _slot_name(ctx, slot, line)
        value = sent[slot.index] if fits and sent is not None else slot.literal
        has_value = value is not None and _PLACEHOLDER.fullmatch(value) is None and value != ""
        node, param_line, description = _param_node(ctx, slot.docs)
        node.description = description
        sources = {"docs", "curl"} if fits else {"docs"}
        params.append(
            Param(name, "path", node, True, param_line, value if has_value else None, has_value, sources, names)
        )
        out[slot.index] = "{" + name + "}"
    return "/".join(out) or "/", params


def _placeholders(
    ctx: Context, segments: list[str], sent: list[str] | None, line: int, documented: list[DocField]
) -> list[_Slot]:
    """The slots the path writes: placeholders in any of the four forms, and an empty last segment."""
    slots: list[_Slot] = []
    other_forms: list[tuple[str, str]] = []
    for index, segment in enumerate(segments):
        match = _PLACEHOLDER.fullmatch(segment)
        if match:
            name = next(g for g in match.groups() if g is not None)
            slots.append(_Slot(index, name))
            if not segment.startswith("{"):
                other_forms.append((segment, "{" + name + "}"))
    if other_forms:
        written, read = (", ".join(parts) for parts in zip(*other_forms, strict=True))
        ctx.warn(line, "placeholder-normalized", f"the path writes its parameters {written}: read as {read}")
    last = len(segments) - 1
    value = sent[last] if sent is not None and len(sent) == len(segments) else ""
    if last > 0 and segments[last] == "" and (value or (documented and not slots)):
        slots.append(_Slot(last, ""))
        shown = f"where the request example has {value!r}" if value else "and a path parameter is documented"
        ctx.warn(
            line,
            "template-empty-segment",
            f"the endpoint template has an empty path segment {shown}: read as a path parameter",
        )
    return slots


def _assign(ctx: Context, segments: list[str], slots: list[_Slot], documented: list[DocField]) -> list[DocField]:
    """Give each slot the documented parameters it stands for; the documented ones left without a slot."""
    docs = list(documented)
    if len(slots) > 1:  # several slots: each placeholder names its parameter
        for slot in slots:
            match = next((f for f in docs if f.name.lower() == (slot.placeholder or "").lower()), None)
            if match is not None:
                slot.docs.append(match)
                docs.remove(match)
    free = [s for s in slots if not s.docs]
    if len(docs) > len(free):  # documented parameters with no placeholder: a literal segment where one goes
        taken = {s.index for s in slots}
        for f in list(docs):
            index = _literal_slot(segments, taken, f)
            if index is None:
                continue
            taken.add(index)
            slots.append(_Slot(index, None, segments[index], [f]))
            docs.remove(f)
            ctx.warn(
                f.line,
                "literal-path-param",
                f"the path has {segments[index]!r} where the documented path parameter {f.name!r} goes: "
                f"read as {{{f.name}}}, {segments[index]!r} kept as its example",
            )
    if len(free) == 1:
        free[0].docs.extend(docs)
        return []
    for slot, f in zip(free, list(docs), strict=False):
        slot.docs.append(f)
        docs.remove(f)
    return docs


def _literal_slot(segments: list[str], taken: set[int], f: DocField) -> int | None:
    """The literal segment where ``f`` goes: after a segment naming it (``/type/ebook`` for ``type``), or the
    only identifier-like value (``/members/MBR8X2QK`` for ``memberId``)."""
    name = f.name.lower()
    stem = re.sub(r"(?<=[a-z])(id|uuid|key|code)$", "", name)
    values: list[int] = []
    for index in range(1, len(segments)):
        segment = segments[index]
        if index in taken or not segment:
            continue
        before = re.sub(r"[-_]", "", segments[index - 1].lower())
        named = {before, before.removesuffix("s")}
        if name in named or (stem != name and stem in named and _looks_like_value(segment)):
            return index
        if _looks_like_value(segment):
            values.append(index)
    return values[0] if len(values) == 1 else None


def _looks_like_value(segment: str) -> bool:
    """An id or a number, not a word of the route: ``MBR8X2QK``, a UUID, ``42``; not ``v1``, ``oauth2``."""
    if _UUID.fullmatch(segment) or segment.isdigit():
        return True
    if re.fullmatch(r"v\d+(\.\d+)*", segment, re.IGNORECASE):
        return False
    digits = sum(c.isdigit() for c in segment)
    return bool(re.fullmatch(r"\w{6,}", segment)) and digits >= 2 and any(c.isalpha() for c in segment)


def _slot_name(ctx: Context, slot: _Slot, line: int) -> tuple[str, list[str]]:
    """The name of one path slot, and the documented parameters it stands for."""
    names = [f.name for f in slot.docs]
    if len(names) == 1:
        return names[0], names
    if len(names) > 1:
        joined = names[0] + "".join("Or" + n[:1].upper() + n[1:] for n in names[1:])
        ctx.warn(
            slot.docs[0].line,
            "path-params-share-slot",
            f"{' and '.join(names)} are documented as path parameters for one path segment: named {joined}",
        )
        return joined, names
    name = slot.placeholder or "id"
    ctx.warn(line, "undocumented-path-param", f"path parameter {name!r} is not documented: typed string")
    return name, []


def _param_node(ctx: Context, fields: list[DocField]) -> tuple[Node, int, str]:
    if not fields:
        node = Node(types={"string"})
        return node, ctx.page.title_line, ""
    node = doc_node(ctx, fields[0])
    for other in fields[1:]:
        more = doc_node(ctx, other)
        node.types |= more.types
    return node, fields[0].line, " / ".join(f.description for f in fields if f.description)


# -- query parameters -----------------------------------------------------------------------------


def _query(
    ctx: Context,
    curl: Curl,
    template: tuple[tuple[str, str | None], ...],
    source: str,
    line: int,
    documented: list[DocField],
) -> list[Param]:
    params: dict[str, Param] = {}
    for f in documented:
        params[f.name] = Param(f.name, "query", doc_node(ctx, f), f.required, f.line, sources={"docs"})
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
            param.example, param.has_example = coerce(value, param.node), True
    named = {name for name, _ in template}
    for name, _ in template:
        if name and name not in params:
            params[name] = Param(name, "query", Node(types={"string"}), False, line, sources=set())
            ctx.warn(
                line,
                "undocumented-query-param",
                f"query parameter {name!r} is in {source} but not documented: optional",
            )
        if name in params:
            params[name].sources.add("template")
    missing = [p.name for p in params.values() if p.required and p.name not in named]
    if missing and template:
        ctx.warn(
            line,
            "template-omits-required",
            f"{source} lists {', '.join(n for n, _ in template)} but not the required {', '.join(missing)}",
        )
    return list(params.values())


def _check_openapi_frontmatter(ctx: Context, method: str, path: str) -> None:
    value = ctx.page.front("openapi")
    if not isinstance(value, str):
        return
    named, _, where = value.strip().partition(" ")
    if named.upper() != method or not path.endswith(where.strip().rstrip("/")) or not where.strip("/ "):
        ctx.warn(
            1,
            "frontmatter-openapi",
            f"frontmatter names the operation {value!r}, which is not this page's {method} {path}: ignored",
        )
