"""Which operations page, and how: decided from the spec's shape, or from the config.

Part of stage 3 (build).  An operation pages when it has a query parameter
that carries the position and its success response is an object with an array
of items and a way to find the next position:

* **cursor**: a parameter named like a cursor (``cursor``, ``starting_after``,
  ``after``, ``page_token``, ``next_token``...) and a response property that
  carries the next one (``next_cursor``, ``next_page_token``..., at the top or
  one object down, like Afternoon's ``pagination.next_cursor``), optionally
  with ``has_more``;
* **page**: a ``page`` parameter and a response that says how many pages there
  are (``totalPages``, ``total_pages``, ``pageCount``...) or whether more follow
  (``has_more``, ``hasNextPage``...).

``[clients.NAME.pagination]`` in ``clientgen.toml`` turns this off for one
operation, forces a style, or names the fields (see :mod:`generator.config`).
Names are matched without case or separators: ``nextCursor``, ``next_cursor``
and ``next-cursor`` are one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import records
from .config import ClientConfig, PaginationOverride
from .ir import (
    ListType,
    Model,
    ModelType,
    NullableType,
    Operation,
    Pagination,
    PaginationKind,
    Parameter,
    PrimitiveType,
    TypeRef,
    UnionType,
)
from .names import Namer, class_name
from .problems import Location, Problems

__all__ = ["PAGE_METHODS", "paginate"]

CURSOR_PARAMS = (
    "cursor", "startingafter", "after", "pagetoken", "nexttoken", "continuationtoken", "pagecursor",
    "nextcursor", "nextpagetoken", "startcursor", "marker",
)  # fmt: skip
# Not "next" or "cursor" alone: those are often a URL, or the cursor of this page.
NEXT_CURSOR_FIELDS = (
    "nextcursor", "nextpagetoken", "nexttoken", "continuationtoken", "nextpagecursor", "endcursor", "nextmarker",
)  # fmt: skip
PAGE_PARAMS = ("page", "pagenumber", "pagenum", "pageno", "pageindex")
TOTAL_PAGES_FIELDS = ("totalpages", "pagecount", "numpages", "totalpagecount", "lastpage", "pages")
CURRENT_PAGE_FIELDS = ("page", "currentpage", "pagenumber", "pagenum", "pageno", "pageindex")
HAS_MORE_FIELDS = ("hasmore", "hasnextpage", "hasnext", "more")
ITEMS_FIELDS = ("data", "items", "results", "records", "entries", "values", "nodes", "list", "rows")

PAGE_METHODS = frozenset({"has_next_page", "next_page", "get_next_page", "iter_pages", "max_pages", "decoder"})
"""Names the page classes add to the response model: a model with a field so named cannot page."""

_Path = tuple[str, ...]


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _strip(t: TypeRef) -> TypeRef:
    return t.inner if isinstance(t, NullableType) else t


def _is(t: TypeRef, *kinds: str) -> bool:
    """``t`` is one of the primitive ``kinds``; for "int", a number the spec also allows as a string
    (``type: [string, integer]``, as documentation-derived specs say of page counts) counts too: the
    runtime reads page numbers with ``int()``."""
    inner = _strip(t)
    if isinstance(inner, UnionType) and "int" in kinds:
        parts = [_strip(p) for p in inner.variants]
        found = {p.kind for p in parts if isinstance(p, PrimitiveType)}
        return len(found) == len(parts) and "int" in found and found <= {"int", "str"}
    return isinstance(inner, PrimitiveType) and inner.kind in kinds


@records.frozen
class _Candidate:
    path: _Path
    """Python attribute names."""
    wire: str
    """Dotted JSON names, for messages and docs."""
    type: TypeRef


class _Shape:
    """The response model's properties, at the top and one object down."""

    def __init__(self, model: Model, models: Mapping[str, Model]) -> None:
        self.model = model
        self.top: list[_Candidate] = []
        self.all: list[_Candidate] = []
        for field in model.fields:
            candidate = _Candidate((field.name,), field.wire_name, field.type)
            self.top.append(candidate)
            self.all.append(candidate)
        for field in model.fields:
            inner = _strip(field.type)
            nested = models.get(inner.name) if isinstance(inner, ModelType) else None
            if nested is None or nested.name == model.name:
                continue
            for sub in nested.fields:
                wire = f"{field.wire_name}.{sub.wire_name}"
                self.all.append(_Candidate((field.name, sub.name), wire, sub.type))

    def find(self, names: Iterable[str], *kinds: str, top_only: bool = False) -> _Candidate | None:
        """The first property, in the order of ``names``, with one of those names and types."""
        pool = self.top if top_only else self.all
        for name in names:
            for candidate in pool:
                if _key(candidate.wire.rsplit(".", 1)[-1]) == name and _is(candidate.type, *kinds):
                    return candidate
        return None

    def by_wire(self, dotted: str) -> _Candidate | None:
        return next((c for c in self.all if c.wire == dotted), None)

    def arrays(self) -> list[_Candidate]:
        return [c for c in self.top if isinstance(_strip(c.type), ListType)]


class _NoPagination(Exception):
    """The operation does not page (the message says why, when the config asked it to)."""


def paginate(
    op: Operation,
    resource: str,
    models: Mapping[str, Model],
    class_names: Namer,
    config: ClientConfig,
    problems: Problems,
) -> Operation:
    """``op`` with its :class:`~generator.ir.Pagination` decided (or ``None``)."""
    key = f"{resource}.{op.name}"
    override = config.pagination.get(key)
    where = Location(config.config_file or Path("clientgen.toml"), f"/clients/{config.name}/pagination/{key}")
    if override is not None and override.style == "none":
        return op
    try:
        found = _decide(op, models, override)
    except _NoPagination as exc:
        if override is not None:
            problems.error(where, f"cannot paginate {key}: {exc}")
        return op
    if found is None:
        return op
    kind, param, shape, items, fields = found
    clash = sorted(PAGE_METHODS & {f.name for f in shape.model.fields})
    if clash:
        problems.warn(op.location, f"{key} looks paginated, but its response has fields named {clash}: not paginated")
        return op
    stem = class_name(resource) + class_name(op.name) + "Page"
    page_class = class_names.take(stem)
    async_page_class = class_names.take("Async" + page_class)
    item_type = _strip(items.type)
    assert isinstance(item_type, ListType)
    cursor, has_more, total_pages, current, first = fields
    next_field = cursor if kind == "cursor" else total_pages or has_more
    assert next_field is not None
    pagination = Pagination(
        kind=kind,
        origin="spec" if override is None else "config",
        page_class=page_class,
        async_page_class=async_page_class,
        model=ModelType(shape.model.name, shape.model.module),
        items_field=items.path[0],
        item_type=item_type.item,
        request_param=param.name,
        request_wire_name=param.wire_name,
        value_annotation="str" if kind == "cursor" else "int",
        number_as_text=kind == "page" and not _is(param.type, "int"),
        cursor_path=_path(cursor),
        has_more_path=_path(has_more),
        total_pages_path=_path(total_pages),
        current_page_path=_path(current),
        first_page=first,
        next_wire_name=next_field.wire,
    )
    return records.evolve(op, pagination=pagination)


def _path(candidate: _Candidate | None) -> _Path:
    return candidate.path if candidate is not None else ()


_Fields = tuple[_Candidate | None, _Candidate | None, _Candidate | None, _Candidate | None, int]


def _decide(
    op: Operation, models: Mapping[str, Model], override: PaginationOverride | None
) -> tuple[PaginationKind, Parameter, _Shape, _Candidate, _Fields] | None:
    """The style, parameter, response shape, items and position fields; None when it does not page."""
    forced = override is not None
    response = op.success.type
    model = models.get(response.name) if isinstance(response, ModelType) and op.success.kind == "json" else None
    if model is None:
        if forced:
            raise _NoPagination("its success response is not a JSON object")
        return None
    shape = _Shape(model, models)
    query = [p for p in op.params if p.location == "query"]
    styles: tuple[PaginationKind, ...] = ("cursor", "page")
    if override is not None and override.style in styles:
        styles = ("cursor",) if override.style == "cursor" else ("page",)
    for style in styles:
        param = _param(query, style, override)
        if param is None:
            if forced:
                raise _NoPagination(f"no {style} query parameter (name it with param = ...)")
            continue
        items = _items(shape, override)
        if items is None:
            if forced:
                raise _NoPagination("no single array of items in the response (name it with items = ...)")
            return None
        fields = _fields(shape, style, op, param, override)
        if fields is not None:
            return style, param, shape, items, fields
        if forced:
            what = "the next cursor" if style == "cursor" else "the page count or has_more"
            raise _NoPagination(f"the response does not carry {what} (name it in the config)")
    return None


def _param(query: list[Parameter], style: PaginationKind, override: PaginationOverride | None) -> Parameter | None:
    if override is not None and override.param is not None:
        named = next((p for p in query if p.wire_name == override.param), None)
        if named is None:
            raise _NoPagination(f"no query parameter {override.param!r}")
        return named
    names, kinds = (CURSOR_PARAMS, ("str",)) if style == "cursor" else (PAGE_PARAMS, ("int", "str"))
    for name in names:
        for p in query:
            if _key(p.wire_name) == name and _is(p.type, *kinds):
                return p
    return None


def _items(shape: _Shape, override: PaginationOverride | None) -> _Candidate | None:
    if override is not None and override.items is not None:
        named = next((c for c in shape.arrays() if c.wire == override.items), None)
        if named is None:
            raise _NoPagination(f"the response has no top-level array {override.items!r}")
        return named
    arrays = shape.arrays()
    if len(arrays) == 1:
        return arrays[0]
    for name in ITEMS_FIELDS:
        for candidate in arrays:
            if _key(candidate.wire) == name:
                return candidate
    return None


def _named(shape: _Shape, dotted: str | None, kinds: tuple[str, ...]) -> _Candidate | None:
    if dotted is None:
        return None
    found = shape.by_wire(dotted)
    if found is None or not _is(found.type, *kinds):
        raise _NoPagination(f"the response has no {' or '.join(kinds)} property {dotted!r}")
    return found


def _fields(
    shape: _Shape, style: PaginationKind, op: Operation, param: Parameter, override: PaginationOverride | None
) -> _Fields | None:
    o = override or PaginationOverride(style)
    has_more = _named(shape, o.has_more, ("bool",)) or shape.find(HAS_MORE_FIELDS, "bool")
    if style == "cursor":
        cursor = _named(shape, o.cursor, ("str",)) or shape.find(NEXT_CURSOR_FIELDS, "str")
        if cursor is None:
            return None
        return cursor, has_more, None, None, 1
    total_pages = _named(shape, o.total_pages, ("int",)) or shape.find(TOTAL_PAGES_FIELDS, "int")
    current = _named(shape, o.page, ("int",)) or shape.find(CURRENT_PAGE_FIELDS, "int")
    if total_pages is None and has_more is None:
        return None
    first = o.first_page if o.first_page is not None else param.integer_default
    return None, has_more, total_pages, current, 1 if first is None else first
