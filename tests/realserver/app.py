"""Depot: a FastAPI application whose ``openapi.json`` the realserver tests generate a client from.

It is a small parts depot with the shapes real FastAPI services have: path and query parameters
(arrays, enums, headers), nested and nullable models, discriminated unions, dict responses, a 204,
typed 4xx bodies, cursor pagination, urlencoded forms and multipart uploads, public and
``HTTPBearer``-protected operations, an operation with servers of its own, an optional body, a
``+json`` body, a response in two media types, read-only and write-only fields, ``Literal``
constants, defaults, a deprecated operation and examples.  Each operation's id is its function's
name, and its tag is its resource in the client; the schemas are in :mod:`tests.realserver.schemas`.

The store is in memory and per application: :func:`create_app` builds a fresh one.  Every handler
answers from what it received (echoing content types, ``Accept`` and credentials where the tests
need to see them on the server's side).
"""

import hashlib
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, File, Form, Header, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tests.realserver.schemas import (
    COLORS,
    SHAPES,
    STOCK_SEED,
    Account,
    Area,
    Circle,
    Color,
    Document,
    DocumentSeen,
    Feedback,
    Health,
    Item,
    ItemCreate,
    ItemPage,
    ItemPatch,
    Kind,
    KindSummary,
    Label,
    Me,
    Order,
    OrderIn,
    Problem,
    Received,
    Report,
    Session,
    Settings,
    Shape,
    Stored,
    Theme,
    Where,
)

TOKEN = "depot-token-0123456789"
"""The one bearer token the protected operations accept."""

EDGE = "/edge"
"""The path prefix of the server that the ``where`` operation names for itself."""


bearer = HTTPBearer(description="The depot token.")
NOT_FOUND = {404: {"model": Problem, "description": "No item with this id."}}
CONFLICT = {409: {"model": Problem, "description": "An item of this name exists."}}


class Failed(Exception):
    """Answers with ``status`` and the :class:`Problem` as its body."""

    def __init__(self, status: int, problem: Problem) -> None:
        super().__init__(problem.message)
        self.status = status
        self.problem = problem


def _not_found(item_id: int) -> Failed:
    return Failed(404, Problem(code="not_found", message=f"no item {item_id}", item_id=item_id))


def _item(store: "Store", item_id: int) -> Item:
    item = store.items.get(item_id)
    if item is None:
        raise _not_found(item_id)
    return item


def _authorized(credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]) -> str:
    if credentials.credentials != TOKEN:
        raise _Refused()
    return credentials.credentials


class _Refused(Exception):
    """A bearer token other than :data:`TOKEN`."""


@dataclass(frozen=True)
class Seen:
    """One request as the application received it (header names in lower case)."""

    method: str
    path: str
    headers: dict[str, str]


class Store:
    """The application's items and counters, and the requests it received."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.items: dict[int, Item] = {}
        self.ids = itertools.count(1)
        self.order_ids = itertools.count(1)
        self.account_ids = itertools.count(1)
        for seed in STOCK_SEED:
            self.add(seed)

    def add(self, new: ItemCreate) -> Item:
        item = Item(id=next(self.ids), **new.model_dump())
        self.items[item.id] = item
        return item

    def named(self, name: str) -> Item | None:
        return next((item for item in self.items.values() if item.name == name), None)


def create_app() -> FastAPI:
    """A fresh Depot application with its seeded store."""
    app = FastAPI(
        title="Depot",
        version="1.0.0",
        servers=[{"url": "http://127.0.0.1:{port}", "variables": {"port": {"default": "8000"}}}],
        generate_unique_id_function=_operation_id,
    )
    store = Store()
    app.state.store = store

    @app.middleware("http")
    async def record(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        store.seen.append(Seen(request.method, request.url.path, dict(request.headers)))
        return await call_next(request)

    @app.exception_handler(_Refused)
    async def refused(request: Request, exc: _Refused) -> JSONResponse:
        return JSONResponse({"detail": "unknown token"}, status_code=401)

    @app.exception_handler(Failed)
    async def failed(request: Request, exc: Failed) -> JSONResponse:
        return JSONResponse(exc.problem.model_dump(), status_code=exc.status)

    _items(app, store)
    _catalog(app, store)
    _uploads_and_forms(app)
    _access(app, store)
    _media(app)
    _keywords(app, store)
    return app


def _operation_id(route: APIRoute) -> str:
    return route.name


def _items(app: FastAPI, store: Store) -> None:
    """Create, read, update, delete and page through items."""

    @app.get("/items", tags=["items"])
    def list_items(cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=50)] = 2) -> ItemPage:
        """Items by id, ``limit`` a page; ``next_cursor`` is the cursor of the next page, null on the last."""
        ids = sorted(store.items)
        start = int(cursor) if cursor else 0
        page = ids[start : start + limit]
        more = start + limit < len(ids)
        return ItemPage(items=[store.items[i] for i in page], next_cursor=str(start + limit) if more else None)

    @app.post("/items", tags=["items"], status_code=201, responses=CONFLICT)
    def create_item(new: ItemCreate) -> Item:
        if store.named(new.name) is not None:
            raise Failed(409, Problem(code="conflict", message=f"{new.name!r} exists"))
        return store.add(new)

    @app.get("/items/{item_id}", tags=["items"], responses=NOT_FOUND)
    def get_item(item_id: int) -> Item:
        return _item(store, item_id)

    @app.put("/items/{item_id}", tags=["items"], responses=NOT_FOUND)
    def replace_item(item_id: int, new: ItemCreate) -> Item:
        _item(store, item_id)
        store.items[item_id] = Item(id=item_id, **new.model_dump())
        return store.items[item_id]

    @app.patch("/items/{item_id}", tags=["items"], responses=NOT_FOUND)
    def update_item(item_id: int, patch: ItemPatch) -> Item:
        changes = patch.model_dump(exclude_unset=True)
        store.items[item_id] = _item(store, item_id).model_copy(update=changes)
        return store.items[item_id]

    @app.delete("/items/{item_id}", tags=["items"], status_code=204, responses=NOT_FOUND)
    def delete_item(item_id: int) -> Response:
        if store.items.pop(item_id, None) is None:
            raise _not_found(item_id)
        return Response(status_code=204)


def _catalog(app: FastAPI, store: Store) -> None:
    """Searching, summaries, dict answers and shapes."""

    @app.get("/search", tags=["catalog"])
    def search(
        tag: Annotated[list[str], Query()],
        kind: Annotated[list[Kind] | None, Query()] = None,
        x_trace: Annotated[str | None, Header()] = None,
    ) -> list[Item]:
        """Items carrying every ``tag``, of one of the ``kind`` values when given."""
        found = [i for i in store.items.values() if set(tag) <= set(i.tags) and (not kind or i.kind in kind)]
        return [i.model_copy(update={"name": f"{i.name} ({x_trace})"}) if x_trace else i for i in found]

    @app.get("/kinds/{kind}", tags=["catalog"])
    def summarize_kind(kind: Kind) -> KindSummary:
        names = sorted(i.name for i in store.items.values() if i.kind == kind)
        return KindSummary(kind=kind, count=len(names), names=names)

    @app.get("/labels/{label}", tags=["catalog"])
    def read_label(label: str) -> Label:
        return Label(label=label, length=len(label))

    @app.get("/stock", tags=["catalog"])
    def count_stock() -> dict[str, int]:
        """How many items of each kind."""
        return {kind.value: sum(1 for i in store.items.values() if i.kind == kind) for kind in Kind}

    @app.get("/stock/by-tag", tags=["catalog"])
    def items_by_tag() -> dict[str, list[Item]]:
        tags = sorted({t for i in store.items.values() for t in i.tags})
        return {t: [i for i in store.items.values() if t in i.tags] for t in tags}

    @app.get("/shapes", tags=["shapes"])
    def list_shapes() -> list[Shape]:
        return SHAPES

    @app.post("/shapes/area", tags=["shapes"])
    def measure_shape(shape: Shape) -> Area:
        area = 3.14159 * shape.radius**2 if isinstance(shape, Circle) else shape.side**2
        return Area(shape=shape, area=round(area, 3))


def _uploads_and_forms(app: FastAPI) -> None:
    """An urlencoded form, one file with a field, many files."""

    @app.post("/session", tags=["forms"])
    def log_in(username: Annotated[str, Form()], remember: Annotated[bool, Form()] = False) -> Session:
        return Session(username=username, remember=remember)

    @app.post("/files", tags=["files"])
    async def upload_file(file: Annotated[UploadFile, File()], note: Annotated[str | None, Form()] = None) -> Stored:
        return await _stored(file, note)

    @app.post("/files/batch", tags=["files"])
    async def upload_files(files: Annotated[list[UploadFile], File()]) -> list[Stored]:
        return [await _stored(file, None) for file in files]


async def _stored(file: UploadFile, note: str | None) -> Stored:
    data = await file.read()
    return Stored(
        filename=file.filename or "",
        content_type=file.content_type or "",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        note=note,
    )


def _access(app: FastAPI, store: Store) -> None:
    """Public and protected operations, and one with a server of its own."""

    @app.get("/health", tags=["access"])
    def health(request: Request) -> Health:
        return Health(status="ok", authorization_seen="authorization" in request.headers)

    @app.get("/me", tags=["access"])
    def who_am_i(token: Annotated[str, Depends(_authorized)]) -> Me:
        return Me(token=token)

    @app.post("/orders", tags=["access"], status_code=201, responses=NOT_FOUND)
    def place_order(order: OrderIn, token: Annotated[str, Depends(_authorized)]) -> Order:
        item = _item(store, order.item_id)
        total = None if item.price is None else round(item.price * order.quantity, 2)
        return Order(id=next(store.order_ids), item_id=item.id, quantity=order.quantity, total=total)

    edge = {"servers": [{"url": "http://127.0.0.1:{port}" + EDGE, "variables": {"port": {"default": "8000"}}}]}

    @app.get("/where", tags=["access"], openapi_extra=edge)
    def where() -> Where:
        """Answered by the main server; the spec sends this operation to the edge server."""
        return Where(served_by="main")

    @app.get(EDGE + "/where", include_in_schema=False)
    def where_at_the_edge() -> Where:
        return Where(served_by="edge")


def _media(app: FastAPI) -> None:
    """An optional body, a ``+json`` body and a response in two media types."""

    @app.post("/feedback", tags=["media"])
    def send_feedback(feedback: Annotated[Feedback, Body()] = None) -> Received:
        """The body may be left out: the default ``None`` makes FastAPI declare it not required,
        with the schema ``Feedback`` itself (not ``Feedback`` or null), as Stripe's optional bodies are."""
        if feedback is None:
            return Received(had_body=False)
        return Received(had_body=True, text=feedback.text, stars=feedback.stars)

    @app.post("/documents", tags=["media"])
    def store_document(
        document: Annotated[Document, Body(media_type="application/vnd.api+json")], request: Request
    ) -> DocumentSeen:
        content_type = request.headers.get("content-type", "")
        return DocumentSeen(title=document.title, pages=document.pages, content_type=content_type)

    csv = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The report."}}

    @app.get("/report", tags=["media"], responses=csv, response_model=Report)
    def report(accept: Annotated[str, Header()] = "*/*") -> Any:
        """The stock report as JSON, or as CSV when ``Accept`` prefers ``text/csv``."""
        rows = [["name", "kind"], ["hammer", "tool"], ["bolt", "part"]]
        if accept.split(",")[0].strip().startswith("text/csv"):
            return PlainTextResponse("\n".join(",".join(r) for r in rows) + "\n", media_type="text/csv")
        return Report(rows=rows, accept=accept)


def _keywords(app: FastAPI, store: Store) -> None:
    """Read-only and write-only fields, constants and defaults, deprecation, examples."""

    @app.post("/accounts", tags=["accounts"], status_code=201, response_model_exclude={"password"})
    def create_account(account: Account) -> Account:
        """Stores an account; the answer has its new ``id`` and never the password."""
        return Account(id=f"acc_{next(store.account_ids)}", username=account.username, password="")

    @app.get("/settings", tags=["settings"])
    def read_settings(
        page_size: Annotated[int, Query(description="Items a page.")] = 20,
        theme: Theme = Theme.light,
    ) -> Settings:
        return Settings(page_size=page_size, theme=theme, beta=page_size > 20)

    @app.get("/legacy/items", tags=["items"], deprecated=True)
    def list_items_legacy() -> list[Item]:
        """Every item at once; use ``list_items``."""
        return sorted(store.items.values(), key=lambda i: i.id)

    @app.get("/colors/{name}", tags=["catalog"], responses={404: {"model": Problem}})
    def get_color(name: Annotated[str, Path(examples=["teal"])]) -> Color:
        if name not in COLORS:
            raise Failed(404, Problem(code="not_found", message=f"no color {name}"))
        return Color(name=name, hex=COLORS[name])
