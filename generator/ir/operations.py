"""The IR of operations: parameters, bodies, responses, streams, pagination; resources and namespaces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .. import records
from ..problems import Location
from .types import EnumType, ModelType, TypeRef, UnionType

if TYPE_CHECKING:
    from .api import Server

__all__ = [
    "BodyKind",
    "Deprecation",
    "EventStream",
    "Namespace",
    "Operation",
    "Pagination",
    "PaginationKind",
    "Parameter",
    "ParameterLocation",
    "RequestBody",
    "Resource",
    "Response",
    "ResponseKind",
    "StreamFormat",
]


# --- Operations ------------------------------------------------------------------------------

ParameterLocation = Literal["path", "query", "header", "cookie"]


@records.frozen
class Parameter:
    name: str
    wire_name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    """A parameter that is not required defaults to ``UNSET`` (and is then not sent)."""
    style: str
    """The serialization style (``form``, ``simple``...), as the spec gives it or its default."""
    explode: bool
    description: str
    """The spec's description, as written (empty when it has none)."""
    location_info: Location
    integer_default: int | None = None
    """The schema's ``default`` (else ``minimum``) when it is an integer: a page parameter's first page."""
    deprecated: bool = False
    notes: str = ""
    """Escaped sentences the docstring adds after the description (deprecated, default, first example)."""

    @property
    def wire_name_repr(self) -> str:
        """The name on the wire as a Python literal."""
        return repr(self.wire_name)


BodyKind = Literal["json", "form", "multipart", "binary", "text"]


@records.frozen
class RequestBody:
    kind: BodyKind
    content_type: str
    """The content type sent, as the spec names it."""
    type: TypeRef
    required: bool
    """The spec requires the body; otherwise the argument may be left out (flattened: the body
    is sent only when a field is given)."""
    flattened: tuple[Parameter, ...]
    """Object properties offered as keyword arguments (location is "query" for lack of better; unused)."""
    flatten: bool
    body_param: str
    """Name of the single body argument when not flattened."""
    description: str
    """The spec's description of the body, as written."""
    part_types: tuple[tuple[str, str], ...] = ()
    """Multipart: the ``Content-Type`` the spec declares for a part, by wire name (its ``encoding``
    entry, else a file's ``contentMediaType``)."""
    notes: str = ""
    """Escaped sentences the docstring adds after the description (the first example)."""


ResponseKind = Literal["json", "text", "bytes", "none", "stream"]


@records.frozen
class Response:
    status: str
    """``"200"``, ``"4XX"`` or ``"default"``."""
    type: TypeRef | None
    """The value's type; None when the response has no body."""
    kind: ResponseKind
    accept: str = ""
    """The ``Accept`` header: the media types the response declares, the typed one preferred;
    empty when that is the runtime's default for ``kind``."""
    example_doc: str = ""
    """The response's first example, one line, escaped (``Example response: ``{...}``.``); empty when none."""

    @property
    def decodes_to_any(self) -> bool:
        """Whether type checkers see the decoder return ``Any``: a union or an enum, whose runtime
        decoders (``parse_union``, ``parse_enum``) are typed so; the method then names the type."""
        return isinstance(self.type, UnionType | EnumType)


StreamFormat = Literal["sse", "jsonl", "json-seq"]


@records.frozen
class EventStream:
    """An event stream the operation answers with: server-sent events, JSON lines or a JSON text sequence."""

    format: StreamFormat
    media_type: str
    """The media type, as the spec names it: sent as ``Accept`` when the stream is asked for."""
    item_type: TypeRef | None
    """The type of one item (``itemSchema``, else the media type's schema); None: raw server-sent events."""
    switch: str = ""
    """The boolean body argument asking for the stream instead of JSON; empty: the method always streams."""
    switch_nullable: bool = False


@records.frozen
class Deprecation:
    """A ``DeprecationWarning`` a method gives when called: always, or when ``argument`` is given."""

    message: str
    argument: str = ""
    """The optional argument whose use is deprecated; empty for the operation itself (or a required argument)."""


PaginationKind = Literal["cursor", "page"]


@records.frozen
class Pagination:
    """How one operation pages, decided by :mod:`generator.pagination` from the spec's shape or the config.

    The paths are Python attribute names leading from the response model to a
    value (``("pagination", "next_cursor")``); empty when the response has none.
    """

    kind: PaginationKind
    origin: Literal["spec", "config"]
    """Found in the spec's shape, or set by ``[clients.NAME.pagination]``."""
    page_class: str
    """Class in ``pages.py``: the response model plus the sync page methods."""
    async_page_class: str
    model: ModelType
    """The response model the page classes extend."""
    items_field: str
    """Python attribute of the response model holding the items (a list)."""
    item_type: TypeRef
    request_param: str
    """Method argument carrying the cursor or the page number."""
    request_wire_name: str
    """The query parameter carrying it, as the spec names it."""
    value_annotation: Literal["str", "int"]
    """Type of the cursor or page number the runtime computes."""
    number_as_text: bool
    """The page-number parameter is typed as text: the computed number is sent through ``str()``."""
    cursor_path: tuple[str, ...]
    has_more_path: tuple[str, ...]
    total_pages_path: tuple[str, ...]
    current_page_path: tuple[str, ...]
    first_page: int
    next_wire_name: str
    """The response property that says where the next page is, as dotted JSON names: the next
    cursor, or (page numbers) the page count, else ``has_more``."""


@records.frozen
class Operation:
    name: str
    method: str
    """The HTTP method, upper case."""
    path: str
    """The path template as written in the spec."""
    summary: str
    """The spec's summary and description, as written (empty when absent)."""
    description: str
    deprecated: bool
    path_params: tuple[Parameter, ...]
    params: tuple[Parameter, ...]
    """Query, header and cookie parameters (keyword-only)."""
    body: RequestBody | None
    success: Response
    errors: tuple[Response, ...]
    security: tuple[tuple[str, ...], ...] | None
    """The operation's own security requirements (scheme names), or None when it keeps the API's."""
    idempotency_field: str | None
    """Body field or header carrying an idempotency key."""
    pagination: Pagination | None
    location: Location
    runtime_imports: tuple[tuple[str, tuple[str, ...]], ...]
    """Model imports done inside the method, so resources load models lazily: ``(source, names)``
    statements, made a block by :func:`generator.emit_imports.method_imports`."""
    server: Server | None = None
    """The operation's own server (its ``servers``, else its path's), or ``None`` for the client's."""
    deprecations: tuple[Deprecation, ...] = ()
    """The warnings a call gives: the operation's, then its deprecated arguments'."""
    stream: EventStream | None = None
    """The event stream the method returns, always (``success.kind == "stream"``) or when its switch is true."""
    scopes: tuple[str, ...] = ()
    """The OAuth 2 scopes its own security requirements list (their union), for the tokens the client fetches."""

    @property
    def has_query(self) -> bool:
        return any(p.location == "query" for p in self.params)

    @property
    def has_headers(self) -> bool:
        return any(p.location == "header" for p in self.params)

    @property
    def has_cookies(self) -> bool:
        return any(p.location == "cookie" for p in self.params)


@records.frozen
class Resource:
    name: str
    """Attribute on the client (``customers``)."""
    module: str
    class_name: str
    async_class_name: str
    group: str
    """The snake_case name its operations are grouped under: their first tag's (else a path segment's)."""
    operations: tuple[Operation, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[str, ...]
    raw_class_name: str = ""
    """``<Resource>WithRawResponse``: the same methods returning ``APIResponse[T]``."""
    async_raw_class_name: str = ""
    streaming_class_name: str = ""
    """``<Resource>WithStreamingResponse``: the same methods as context managers giving the response unread."""
    async_streaming_class_name: str = ""
    shadowed_builtins: frozenset[str] = frozenset()
    """Builtins a method name hides in the class bodies (a method ``list``): annotations there
    say ``builtins.list`` (see :func:`generator.reserved.shadowed_builtins`)."""
    namespace: tuple[str, ...] = ()
    """The attributes leading from the client to the namespace holding it (``("v2",)``), outermost
    first; empty for a resource of the client itself (see ``x-clientgen-group``)."""

    @property
    def accessor(self) -> str:
        """The resource as reached from the client: ``customers``, ``v2.invoices``."""
        return ".".join((*self.namespace, self.name))


@records.frozen
class Namespace:
    """A group of resources (and namespaces) under one attribute: ``client.v2.invoices``.

    Operations name theirs with ``x-clientgen-group`` (``["v2"]``).
    """

    name: str
    """Attribute on the client, or on the namespace holding it."""
    path: tuple[str, ...]
    """The attributes from the client to it, ending with :attr:`name`."""
    group: tuple[str, ...]
    """The names ``x-clientgen-group`` gives, as written."""
    module: str
    class_name: str
    async_class_name: str
    resources: tuple[Resource, ...]
    namespaces: tuple[Namespace, ...]
    """The namespaces inside it."""
    location: Location
    """The ``x-clientgen-group`` of the first operation in it."""

    @property
    def accessor(self) -> str:
        """The namespace as reached from the client: ``v2``."""
        return ".".join(self.path)
