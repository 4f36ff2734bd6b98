"""The intermediate representation: frozen attrs classes, built by :mod:`generator.build`.

Everything the templates print is decided here: Python identifiers (already
escaped and de-duplicated), type annotations, decode/encode expressions, and
every literal as a ``repr()`` string.  Templates never see raw spec text except
through the ``*_repr`` and ``doc`` fields, which are safe to paste.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
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
    "Field",
    "ListType",
    "LiteralType",
    "MapType",
    "Model",
    "ModelType",
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
    "TypeRef",
    "UnionType",
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
    annotation: str
    """Full annotation, with ``| Unset`` when the field may be absent."""
    decode: str
    """``from_dict``'s value for the field: reads the property from ``data`` and decodes it."""
    encode: str
    """``to_dict`` value: the attribute ``self.<name>`` turned into JSON data."""
    doc: str
    default_repr: str | None
    """The default as Python source (only for literals), or None."""
    location: Location
    read_only: bool = False
    """``readOnly``: the server sets it; not a request argument, and left out of ``to_dict()``."""
    write_only: bool = False
    """``writeOnly``: sent, never returned; so never required when decoding (``required`` is False)."""
    required_in_request: bool = False
    """Whether a request must carry it: required by the schema and not read-only."""
    deprecated: bool = False
    example_doc: str = ""
    """The property's first example, one line, escaped (``Example: ``5``.``); empty when none."""

    @property
    def wire_name_repr(self) -> str:
        """The JSON property name as a Python literal."""
        return repr(self.wire_name)


@attrs.frozen
class Model:
    name: str
    module: str
    doc: str
    fields: tuple[Field, ...]
    additional: TypeRef | None
    """Type of extra properties: always kept; typed when the schema says so."""
    additional_annotation: str
    additional_decode: str
    """Expression over ``_d``: the properties of ``data`` the schema does not declare."""
    additional_encode: str
    """Expression over ``self.additional_properties``."""
    additional_encode_is_identity: bool
    """The encoding leaves the values as they are, so ``to_dict`` copies the mapping instead."""
    properties_repr: str
    """The declared property names as a ``frozenset`` literal."""
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
class Enum:
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
    annotation: str
    """Annotation including ``| Unset`` when optional."""
    required: bool
    default_repr: str | None
    """Python source of the default: ``UNSET`` or a literal's repr."""
    style_repr: str
    explode: bool
    doc: str
    location_info: Location
    integer_default: int | None = None
    """The schema's ``default`` (else ``minimum``) when it is an integer: a page parameter's first page."""
    deprecated: bool = False

    @property
    def wire_name_repr(self) -> str:
        """The name on the wire as a Python literal."""
        return repr(self.wire_name)


BodyKind = Literal["json", "form", "multipart", "binary", "text"]


@attrs.frozen
class RequestBody:
    kind: BodyKind
    content_type: str
    """The media type the body is sent as, as the spec writes it."""
    content_type_repr: str
    type: TypeRef
    annotation: str
    required: bool
    """The spec requires the body; otherwise the argument may be left out (flattened: the body
    is sent only when a field is given)."""
    flattened: tuple[Parameter, ...]
    """Object properties offered as keyword arguments (location is "query" for lack of better; unused)."""
    flatten: bool
    body_param: str
    """Name of the single body argument when not flattened."""
    doc: str
    part_types: tuple[tuple[str, str], ...] = ()
    """Multipart: the ``Content-Type`` the spec declares for a part, by wire name (its ``encoding``
    entry, else a file's ``contentMediaType``)."""


ResponseKind = Literal["json", "text", "bytes", "none"]


@attrs.frozen
class Response:
    status: str
    """``"200"``, ``"4XX"`` or ``"default"``."""
    status_repr: str
    type: TypeRef | None
    annotation: str
    decode: str
    """A callable expression turning the decoded body into the value."""
    kind: ResponseKind
    doc: str
    accept: str = ""
    """The ``Accept`` header: the media types the response declares, the typed one preferred;
    empty when that is the runtime's default for ``kind``."""
    example_doc: str = ""
    """The response's first example, one line, escaped (``Example response: ``{...}``.``); empty when none."""

    @property
    def decodes_to_any(self) -> bool:
        """Whether type checkers see ``decode`` return ``Any``: a union or an enum, whose runtime
        decoders (``parse_union``, ``parse_enum``) are typed so; the method then names the type."""
        return isinstance(self.type, UnionType | EnumType)


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
    item_annotation: str
    item_type: TypeRef
    request_param: str
    """Method argument carrying the cursor or the page number."""
    value_annotation: Literal["str", "int"]
    """Type of the cursor or page number the runtime computes."""
    request_value: str
    """Expression over ``_v`` (the computed value) passed as ``request_param``."""
    cursor_path: tuple[str, ...]
    has_more_path: tuple[str, ...]
    total_pages_path: tuple[str, ...]
    current_page_path: tuple[str, ...]
    first_page: int
    next_expr: str
    """Body of the page class's ``_next_value``: an expression over ``self``."""
    next_args: tuple[str, ...]
    """Arguments repeating the call for the next page (``request_param`` given ``request_value``)."""
    summary: str
    """One line for the docs: ``cursor: `cursor` <- `pagination.next_cursor```` (Markdown-safe)."""


@attrs.frozen
class Operation:
    name: str
    method: str
    method_repr: str
    path: str
    """The path template as written in the spec, for docs (safe: only in api.md, escaped)."""
    summary: str
    doc: str
    """Docstring body (escaped)."""
    deprecated: bool
    path_params: tuple[Parameter, ...]
    params: tuple[Parameter, ...]
    """Query, header and cookie parameters (keyword-only)."""
    body: RequestBody | None
    success: Response
    errors: tuple[Response, ...]
    return_annotation: str
    """What the sync method returns: the success type, or the page class."""
    security_repr: str
    """``None`` (client default), or a repr of tuple-of-tuples of scheme names."""
    idempotency_field: str | None
    """Body field or header carrying an idempotency key."""
    pagination: Pagination | None
    location: Location
    path_doc: str
    """The path, escaped for docstrings."""
    path_call: str
    """``path_template(...)`` call building the request path."""
    args_doc: tuple[str, ...]
    """``name: description`` lines for the docstring's Args section."""
    runtime_imports: tuple[str, ...]
    """Model imports done inside the method, so resources load models lazily."""
    body_prelude: tuple[str, ...]
    """Statements that prepare the body (multipart: split fields from files)."""
    body_args: tuple[str, ...]
    """Keyword arguments passing the body to ``request()``."""
    has_query: bool
    has_headers: bool
    has_cookies: bool
    signature_md: str
    path_md: str
    return_md: str
    forward_args: tuple[str, ...] = ()
    """Arguments passing every parameter on unchanged (path parameters by position)."""
    deprecations: tuple[Deprecation, ...] = ()
    """The warnings a call gives: the operation's, then its deprecated arguments'."""

    @property
    def parsed_annotation(self) -> str:
        """``T`` of the ``APIResponse[T]`` the sync raw-response method returns."""
        return self.pagination.page_class if self.pagination else self.success.annotation

    @property
    def async_parsed_annotation(self) -> str:
        return self.pagination.async_page_class if self.pagination else self.success.annotation

    @property
    def async_return_annotation(self) -> str:
        """What the async method returns (an awaitable ``AsyncPaginator`` when it pages)."""
        if self.pagination is None:
            return self.success.annotation
        return f"AsyncPaginator[{self.pagination.async_page_class}, {self.pagination.item_annotation}]"


@attrs.frozen
class Resource:
    name: str
    """Attribute on the client (``customers``)."""
    module: str
    class_name: str
    async_class_name: str
    doc: str
    operations: tuple[Operation, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[str, ...]
    raw_class_name: str = ""
    """``<Resource>WithRawResponse``: the same methods returning ``APIResponse[T]``."""
    async_raw_class_name: str = ""


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
    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"]
    param_name_repr: str
    """Header/query/cookie name for api keys (``'X-API-Key'``)."""
    credentials: tuple[Credential, ...]
    """Constructor arguments holding the credentials (``api_key``; basic: username, password)."""
    doc: str

    @property
    def credential_names(self) -> tuple[str, ...]:
        return tuple(c.arg for c in self.credentials)


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
    doc: str
    environments: tuple[Environment, ...]
    base_url_env_repr: str
    log_env_repr: str
    security_schemes: tuple[SecurityScheme, ...]
    default_security_repr: str
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    package_version: str
    display_name: str
    """The API's name for prose (``Afternoon Events API``); escape before use."""
    title_doc: str
    title_md: str
    base_url_env: str
    log_env: str
    credentials_note: str
    example: str
    """A first call for the README (``customers.list_balances('...')``), or empty."""
    pages_imports: tuple[str, ...] = ()
    """Imports of ``pages.py``: the response models its classes extend, and their item types."""
    idempotency_headers_repr: str = "('Idempotency-Key',)"
    """The configured headers that carry an idempotency key, as a tuple literal."""
    idempotency_headers: tuple[str, ...] = ("Idempotency-Key",)
    """The same headers, for prose."""
    operations_in_spec: int = 0
    """How many operations the spec describes; those not generated were reported with their location."""

    @property
    def paginated(self) -> tuple[tuple[Resource, Operation], ...]:
        """Every operation that pages, with its resource, in resource order."""
        return tuple((r, op) for r in self.resources for op in r.operations if op.pagination is not None)

    def class_docs(self) -> dict[str, str]:
        """The docstring of each model and enum class, by class name; computed on each call.

        The spec's description or title when it has one; otherwise where the API uses
        the class (``The response of ``customers.get``.``), or nothing for a class
        nothing uses, rather than the class name again.
        """
        uses: dict[str, dict[tuple[str, str, str], list[str]]] = {}
        for kind, label, owner, t in self._type_uses():
            for name, role in _roles(t, ""):
                uses.setdefault(name, {}).setdefault((role or "The", kind, label), []).append(owner)
        classes: tuple[Model | Enum, ...] = (*self.models, *self.enums)
        return {c.name: c.doc if c.described else _usage_doc(uses.get(c.name, {})) for c in classes}

    def _type_uses(self) -> Iterator[tuple[str, str, str, TypeRef]]:
        """(kind, label, owner, type) for every type the API's operations and models name:
        ``("field", "kind", "``Pet``", EnumType(...))``."""
        for r in self.resources:
            for op in r.operations:
                owner = f"``{r.name}.{op.name}``"
                yield "response", "", owner, op.success.type or AnyType()
                if op.body is not None:
                    yield "request body", "", owner, op.body.type
                for error in op.errors:
                    yield "error response", "", owner, error.type or AnyType()
                for p in (*op.path_params, *op.params):
                    yield "parameter", p.name, owner, p.type
        for m in self.models:
            for f in m.fields:
                yield "field", f.name, f"``{m.name}``", f.type


# --- Where a class is used, for the docstring of a class the spec does not describe ---------

_SHOWN = 3
"""How many operations or models one sentence names before it counts the rest."""

_SENTENCES = 4
"""How many sentences (one per kind of use) a docstring gives before it counts the rest."""


def _roles(t: TypeRef, where: str) -> Iterator[tuple[str, str]]:
    """(class name, how ``t`` holds it) for every model and enum in ``t``.

    How it holds it is ``""`` when ``t`` is the class itself, else the start of a
    sentence: ``The items of the`` (a list), ``Part of the`` (deeper than one level).
    """
    if isinstance(t, ModelType | EnumType):
        yield t.name, where
    elif isinstance(t, NullableType):
        yield from _roles(t.inner, where)
    elif isinstance(t, ListType):
        yield from _roles(t.item, "Part of the" if where else "The items of the")
    elif isinstance(t, MapType):
        yield from _roles(t.value, "Part of the" if where else "The values of the")
    elif isinstance(t, UnionType):
        for variant in t.variants:
            yield from _roles(variant, "Part of the" if where else "One of the types of the")


def _usage_doc(uses: dict[tuple[str, str, str], list[str]]) -> str:
    """Sentences saying where a class is used, one per kind of use: ``The response of ``a.b`` and ``a.c``.``"""
    sentences = []
    for (role, kind, label), owners in list(uses.items())[:_SENTENCES]:
        named = list(dict.fromkeys(owners))
        if len(named) > _SHOWN + 1:
            named = [*named[:_SHOWN], f"{len(named) - _SHOWN} more {'models' if kind == 'field' else 'operations'}"]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        what = f"``{label}`` {kind}" if label else kind
        sentences.append(f"{role} {what} of {listed}.")
    if len(uses) > _SENTENCES:
        sentences.append(f"Used in {len(uses) - _SENTENCES} other ways as well.")
    return textwrap.fill(" ".join(sentences), width=88, subsequent_indent="    ", break_on_hyphens=False)
