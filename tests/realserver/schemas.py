"""The schemas of the Depot application (:mod:`tests.realserver.app`), as Pydantic models, and its seed data.

Each model becomes a schema of the served ``openapi.json``: nullable fields (``X | None``), nested
models, a discriminated union (:data:`Shape`), ``Literal`` constants, defaults, ``readOnly`` and
``writeOnly`` through ``json_schema_extra``, and examples.
"""

import enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Kind(enum.StrEnum):
    tool = "tool"
    part = "part"
    kit = "kit"


class Dimensions(BaseModel):
    """Outer size of an item, in centimetres."""

    width: float
    height: float
    depth: float | None = None


class Item(BaseModel):
    id: int
    name: str
    kind: Kind
    tags: list[str] = []
    dimensions: Dimensions | None = None
    price: float | None = Field(description="Price in euros; null when on request.")


class ItemCreate(BaseModel):
    name: str
    kind: Kind
    tags: list[str] = []
    dimensions: Dimensions | None = None
    price: float | None = None


class ItemPatch(BaseModel):
    name: str | None = None
    price: float | None = None


class ItemPage(BaseModel):
    items: list[Item]
    next_cursor: str | None = None


class Problem(BaseModel):
    """What went wrong, as a code a program can test and a message a person can read."""

    code: str
    message: str
    item_id: int | None = None


class KindSummary(BaseModel):
    kind: Kind
    count: int
    names: list[str]


class Label(BaseModel):
    label: str
    length: int


class Circle(BaseModel):
    kind: Literal["circle"]
    radius: float


class Square(BaseModel):
    kind: Literal["square"]
    side: float


Shape = Annotated[Circle | Square, Field(discriminator="kind")]


class Area(BaseModel):
    shape: Shape
    area: float


class Session(BaseModel):
    username: str
    remember: bool


class Stored(BaseModel):
    filename: str
    content_type: str
    size: int
    sha256: str
    note: str | None = None


class Health(BaseModel):
    status: str
    authorization_seen: bool


class Me(BaseModel):
    token: str


class OrderIn(BaseModel):
    item_id: int
    quantity: int = 1


class Order(BaseModel):
    id: int
    item_id: int
    quantity: int
    total: float | None


class Where(BaseModel):
    served_by: str


class Feedback(BaseModel):
    text: str
    stars: int = 5


class Received(BaseModel):
    had_body: bool
    text: str | None = None
    stars: int | None = None


class Document(BaseModel):
    title: str
    pages: int


class DocumentSeen(BaseModel):
    title: str
    pages: int
    content_type: str


class Report(BaseModel):
    rows: list[list[str]]
    accept: str


class Account(BaseModel):
    """One schema for the request and the response: ``id`` only comes back, ``password`` only goes."""

    id: str = Field("", json_schema_extra={"readOnly": True})
    username: str
    password: str = Field("", json_schema_extra={"writeOnly": True})


class Theme(enum.StrEnum):
    light = "light"
    dark = "dark"


class Settings(BaseModel):
    api_version: Literal["2024-06"] = "2024-06"
    theme: Theme = Theme.light
    page_size: int = 20
    beta: bool = False


class Color(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "teal", "hex": "#008080"}]})

    name: str
    hex: str


COLORS = {"teal": "#008080", "coral": "#ff7f50"}
SHAPES: list[Circle | Square] = [Circle(kind="circle", radius=1.0), Square(kind="square", side=2.0)]
STOCK_SEED: list[ItemCreate] = [
    ItemCreate(name="hammer", kind=Kind.tool, tags=["steel", "hand"], dimensions=Dimensions(width=30, height=10)),
    ItemCreate(name="bolt", kind=Kind.part, tags=["steel"], price=0.25),
    ItemCreate(name="starter kit", kind=Kind.kit, tags=["hand"], price=49.0),
    ItemCreate(name="saw", kind=Kind.tool, tags=["hand"], price=None),
    ItemCreate(name="washer", kind=Kind.part, tags=[], price=0.05),
]
"""The items every fresh application starts with, ids 1 to 5 in this order."""
