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
    "Discriminator",
    "Enum",
    "EnumMember",
    "EnumType",
    "Environment",
    "Field",
    "ListType",
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


TypeRef = PrimitiveType | AnyType | ListType | MapType | ModelType | EnumType | UnionType | NullableType


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
    description: str
    """The spec's description of the property, as written (empty when it has none)."""
    location: Location

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
    """Always true for a flattened body; a JSON body that is not required defaults to ``UNSET``."""
    flattened: tuple[Parameter, ...]
    """Object properties offered as keyword arguments (location is "query" for lack of better; unused)."""
    flatten: bool
    body_param: str
    """Name of the single body argument when not flattened."""
    description: str
    """The spec's description of the body, as written."""


ResponseKind = Literal["json", "text", "bytes", "none"]


@attrs.frozen
class Response:
    status: str
    """``"200"``, ``"4XX"`` or ``"default"``."""
    type: TypeRef | None
    """The value's type; None when the response has no body."""
    kind: ResponseKind

    @property
    def decodes_to_any(self) -> bool:
        """Whether type checkers see the decoder return ``Any``: a union or an enum, whose runtime
        decoders (``parse_union``, ``parse_enum``) are typed so; the method then names the type."""
        return isinstance(self.type, UnionType | EnumType)


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
    shadowed_builtins: frozenset[str] = frozenset()
    """Builtins a method name hides in the class bodies (a method ``list``): annotations there
    say ``builtins.list`` (see :func:`generator.reserved.shadowed_builtins`)."""


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
