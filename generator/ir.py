"""The intermediate representation: frozen attrs classes, built by :mod:`generator.build`.

It holds what the spec means: Python identifiers (already escaped and
de-duplicated), wire names, types (:data:`TypeRef`), raw descriptions and
structured values such as security requirements.  The source and prose the
templates print (annotations, decode/encode expressions, ``repr()`` literals,
docstrings, Markdown) are derived from it by :mod:`generator.emit`.  A few fields
still hold finished text: the import lines (``imports``, ``runtime_imports``...),
the docstrings of models and enums (``doc``), and the ``*_repr`` and ``*_md``
fields of enum members, discriminators, environments and security schemes.
"""

from __future__ import annotations

from typing import Literal

import attrs

from .problems import Location

__all__ = [
    "AnyType",
    "Api",
    "Deprecation",
    "Discriminator",
    "Enum",
    "EnumMember",
    "EnumType",
    "Environment",
    "EventStream",
    "Field",
    "ListType",
    "LiteralType",
    "MapType",
    "Model",
    "ModelType",
    "Namespace",
    "NullableType",
    "Operation",
    "Pagination",
    "PaginationKind",
    "Parameter",
    "PrimitiveType",
    "RequestBody",
    "Resource",
    "Response",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "TypeRef",
    "UnionType",
    "WebhookEvent",
    "Webhooks",
]


# --- Types -----------------------------------------------------------------------------------

PrimitiveKind = Literal["str", "int", "float", "bool", "date", "datetime", "uuid", "bytes"]


@attrs.frozen
class PrimitiveType:
    kind: PrimitiveKind


@attrs.frozen
class AnyType:
    """Any JSON value (``{}`` in a schema)."""


@attrs.frozen
class ListType:
    item: TypeRef


@attrs.frozen
class MapType:
    value: TypeRef


@attrs.frozen
class ModelType:
    """A reference to a :class:`Model` by class name (models may be recursive)."""

    name: str
    module: str


@attrs.frozen
class EnumType:
    name: str
    module: str
    base: Literal["str", "int"] = "str"


@attrs.frozen
class Discriminator:
    property: str
    property_repr: str
    mapping: tuple[tuple[str, ModelType], ...]
    """(wire value repr, model) pairs, in spec order."""


@attrs.frozen
class UnionType:
    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None


@attrs.frozen
class NullableType:
    inner: TypeRef


@attrs.frozen
class LiteralType:
    """The one value a schema allows (``const``): ``Literal['card']``.

    An enum of one value stays an (open) enum: when the API adds a value, its type keeps its name."""

    value: str | int | bool

    @property
    def value_repr(self) -> str:
        return repr(self.value)


TypeRef = PrimitiveType | AnyType | ListType | MapType | ModelType | EnumType | UnionType | NullableType | LiteralType


# --- Models ----------------------------------------------------------------------------------


@attrs.frozen
class Field:
    name: str
    """Python attribute name."""
    wire_name: str
    """The JSON property name."""
    type: TypeRef
    required: bool
    """A field that is not required may be absent (``UNSET``)."""
    description: str
    """The spec's description of the property, as written (empty when it has none)."""
    location: Location
    read_only: bool = False
    """``readOnly``: the server sets it; not a request argument, and left out of ``to_dict()``."""
    write_only: bool = False
    """``writeOnly``: sent, never returned; so never required when decoding (``required`` is False)."""
    required_in_request: bool = False
    """Whether a request must carry it: required by the schema and not read-only."""
    deprecated: bool = False
    notes: str = ""
    """Escaped sentences the docstring adds after the description: read- or write-only, an encoding,
    the default, the first example (``Example: ``5``.``)."""

    @property
    def wire_name_repr(self) -> str:
        """The JSON property name as a Python literal."""
        return repr(self.wire_name)


class _Class:
    """A generated class; ``name`` is ``scope.Name`` for one of an operation's namespace
    (:mod:`generator.build.scopes`), its ``module`` then ``scope.module``."""

    __slots__ = ()
    name: str
    module: str

    @property
    def class_name(self) -> str:
        """The name the class statement gives it."""
        return self.name.rpartition(".")[2]

    @property
    def scope(self) -> str:
        """The package of its operation's namespace under ``models``; empty for a top-level class."""
        return self.name.rpartition(".")[0]

    @property
    def local_module(self) -> str:
        """Its module's name inside its package."""
        return self.module.rpartition(".")[2]


@attrs.frozen
class Model(_Class):
    name: str
    module: str
    doc: str
    fields: tuple[Field, ...]
    additional: TypeRef | None
    """Type of extra properties: always kept; typed when the schema says so (else any JSON value)."""
    imports: tuple[str, ...]
    """The lines of the module's import block, sorted and exact (see :mod:`generator.imports`)."""
    type_checking_imports: tuple[str, ...]
    """The lines (indented) of the block importing the other models and enums the annotations name."""
    lazy_imports: tuple[str, ...]
    """The lines (indented) importing the other models and enums ``from_dict`` calls: run by the module's
    ``_resolve()`` on the first decode, so that importing a model imports no other."""
    lazy_globals: tuple[str, ...]
    """``global`` statements for the names ``lazy_imports`` bind, each line short."""
    location: Location

    @property
    def described(self) -> bool:
        """Whether the spec describes the schema (without a description or title, ``doc`` is the class name)."""
        return self.doc != self.name


@attrs.frozen
class EnumMember:
    name: str
    value_repr: str


@attrs.frozen
class Enum(_Class):
    name: str
    module: str
    doc: str
    base: Literal["str", "int"]
    members: tuple[EnumMember, ...]
    location: Location

    @property
    def described(self) -> bool:
        """Whether the spec describes the schema (without a description or title, ``doc`` is the class name)."""
        return self.doc != self.name


# --- Operations ------------------------------------------------------------------------------

ParameterLocation = Literal["path", "query", "header", "cookie"]


@attrs.frozen
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


@attrs.frozen
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


@attrs.frozen
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


@attrs.frozen
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


@attrs.frozen
class Deprecation:
    """A ``DeprecationWarning`` a method gives when called: always, or when ``argument`` is given."""

    message: str
    argument: str = ""
    """The optional argument whose use is deprecated; empty for the operation itself (or a required argument)."""


PaginationKind = Literal["cursor", "page"]


@attrs.frozen
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


@attrs.frozen
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
    runtime_imports: tuple[str, ...]
    """Model imports done inside the method, so resources load models lazily."""
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


@attrs.frozen
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


@attrs.frozen
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


# --- Webhooks --------------------------------------------------------------------------------


@attrs.frozen
class WebhookEvent:
    """A request the API sends: a webhook of ``webhooks``, or a callback of an operation."""

    name: str
    """The webhook's key (``pet.new``), or the callback's name (``onData``): what a configured event
    header or field holds."""
    type: TypeRef
    """The type of its JSON request body."""
    description: str
    """The summary or description of the webhook's operation, else of its body (escaped, one line)."""
    location: Location
    tag: str | int | bool | None = None
    """The value its payload has in the discriminating property (see :class:`Webhooks`), if any."""

    @property
    def name_repr(self) -> str:
        return repr(self.name)

    @property
    def tag_repr(self) -> str:
        return repr(self.tag)


@attrs.frozen
class Webhooks:
    """What ``client.webhooks`` knows: the events, how a payload's event is found, the signature scheme."""

    attribute: str
    """The client's attribute (``webhooks``, unless a resource has that name)."""
    events: tuple[WebhookEvent, ...]
    route: Literal["discriminator", "header", "field", "union"]
    """How ``unwrap`` finds a payload's event: by a property each event fixes to its own value, by the
    webhook's name in a configured header or field, or by trying each event's model in turn."""
    route_name: str
    """The property, header or field ``route`` reads; empty for ``union``."""
    scheme_repr: str
    """The runtime's signature scheme, as a Python expression (``StandardWebhooks()``)."""
    secret_env: str
    imports: tuple[str, ...]
    """The lines importing the event models and the decoders their expressions name."""

    @property
    def types(self) -> tuple[TypeRef, ...]:
        """The event types, each once, in the spec's order."""
        return tuple(dict.fromkeys(e.type for e in self.events))

    @property
    def example_model(self) -> str:
        """The first event's model class, for the README's example; empty when that event is not a model."""
        first = self.events[0].type
        return first.name if isinstance(first, ModelType) else ""

    @property
    def standard(self) -> bool:
        """Whether deliveries are signed as Standard Webhooks says (else by a configured HMAC)."""
        return self.scheme_repr == "StandardWebhooks()"

    @property
    def secret_env_repr(self) -> str:
        return repr(self.secret_env)


# --- The API ---------------------------------------------------------------------------------


@attrs.frozen
class Credential:
    arg: str
    """Client constructor argument."""
    env_var: str
    """The environment variable read when the argument is not given."""
    doc: str

    @property
    def env_var_repr(self) -> str:
        return repr(self.env_var)


@attrs.frozen
class SecurityScheme:
    name: str
    """Scheme name in the spec (``bearerAuth``)."""
    name_repr: str
    kind: Literal["oauth2", "bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"]
    param_name_repr: str
    """Header/query/cookie name for api keys (``'X-API-Key'``)."""
    credentials: tuple[Credential, ...]
    """Constructor arguments holding the credentials (``api_key``; basic: username, password;
    oauth2: client ID, client secret)."""
    doc: str
    token_url: str = ""
    """oauth2 (client credentials): the token endpoint, absolute or relative to the server URL (for the README)."""
    token_url_repr: str = "''"  # noqa: S105  # a URL, not a password
    """:attr:`token_url` as source."""
    token_provider: bool = False
    """bearer from an OAuth 2 or OpenID Connect scheme: the token may be a callable returning one."""

    @property
    def credential_names(self) -> tuple[str, ...]:
        return tuple(c.arg for c in self.credentials)

    @property
    def env_vars(self) -> tuple[str, ...]:
        """The environment variables of :attr:`credentials`, in the same order."""
        return tuple(c.env_var for c in self.credentials)


@attrs.frozen
class ServerVariable:
    """A variable of a server URL (``{region}``): a constructor argument of the client."""

    name: str
    """Its name in the URL."""
    default: str | None
    enum: tuple[str, ...]
    description: str
    location: Location
    declared: bool = True
    """The server declares it under ``variables`` (else the URL only names it)."""
    arg: str = ""
    """The constructor argument; given once the API's variables are named."""
    doc: str = ""
    """Its line in the client's docstring (escaped); given with :attr:`arg`."""
    md: str = ""
    """Its line in the README (Markdown); given with :attr:`arg`."""

    @property
    def name_repr(self) -> str:
        return repr(self.name)

    @property
    def default_repr(self) -> str:
        return repr(self.default)

    @property
    def enum_repr(self) -> str:
        return repr(self.enum)


@attrs.frozen
class Server:
    """A server of the spec: its URL template (no trailing slash) and the variables it declares."""

    url: str
    variables: tuple[ServerVariable, ...]
    url_md: str
    """The URL for Markdown code (one line, no backticks or pipes)."""


@attrs.frozen
class Environment:
    name: str
    name_repr: str
    url_repr: str
    url_md: str


@attrs.frozen
class Api:
    title: str
    package: str
    distribution: str
    client_class: str
    async_client_class: str
    environments: tuple[Environment, ...]
    security_schemes: tuple[SecurityScheme, ...]
    default_security_repr: str
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    package_version: str
    base_url_env: str
    """The environment variable whose value, when set, is the default base URL."""
    log_env: str
    """The environment variable that turns on the client's logging (``debug``, ``info``)."""
    credentials_note: str
    pages_imports: tuple[str, ...] = ()
    """Imports of ``pages.py``: the response models its classes extend, and their item types."""
    idempotency_headers: tuple[str, ...] = ("Idempotency-Key",)
    """The configured headers that carry an idempotency key."""
    operations_in_spec: int = 0
    """How many operations the spec describes; those not generated were reported with their location."""
    server_variables: tuple[ServerVariable, ...] = ()
    """The variables of every server URL, top-level, path and operation, one per name, named as arguments."""
    namespaces: tuple[Namespace, ...] = ()
    """Every namespace, outer ones before those they hold (see :class:`Namespace`)."""
    webhooks: Webhooks | None = None
    """The webhooks and callbacks of the spec, when it has any with a JSON body."""
    default_scopes: tuple[str, ...] = ()
    """The OAuth 2 scopes of the top-level security requirements, for operations without their own."""

    @property
    def oauth2_schemes(self) -> tuple[SecurityScheme, ...]:
        """The OAuth 2 client credentials schemes, whose tokens the client fetches."""
        return tuple(s for s in self.security_schemes if s.kind == "oauth2")

    @property
    def token_provider_schemes(self) -> tuple[SecurityScheme, ...]:
        """The OAuth 2 and OpenID Connect schemes whose token, or a callable returning one, the caller gives."""
        return tuple(s for s in self.security_schemes if s.token_provider)

    @property
    def client_resources(self) -> tuple[Resource, ...]:
        """The resources that are attributes of the client itself (in no namespace)."""
        return tuple(r for r in self.resources if not r.namespace)

    @property
    def client_namespaces(self) -> tuple[Namespace, ...]:
        """The namespaces that are attributes of the client itself."""
        return tuple(n for n in self.namespaces if len(n.path) == 1)

    @property
    def operation_servers(self) -> bool:
        """Whether any operation has servers of its own."""
        return any(op.server is not None for r in self.resources for op in r.operations)

    @property
    def paginated(self) -> tuple[tuple[Resource, Operation], ...]:
        """Every operation that pages, with its resource, in resource order."""
        return tuple((r, op) for r in self.resources for op in r.operations if op.pagination is not None)
