"""The IR's types and the model and enum classes they name (see :mod:`generator.ir`)."""

from __future__ import annotations

from typing import Literal

from .. import records
from ..problems import Location

__all__ = [
    "AnyType",
    "Discriminator",
    "Enum",
    "EnumMember",
    "EnumType",
    "Field",
    "ListType",
    "LiteralType",
    "MapType",
    "Model",
    "ModelType",
    "NullableType",
    "PrimitiveKind",
    "PrimitiveType",
    "TypeRef",
    "UnionType",
]


# --- Types -----------------------------------------------------------------------------------

PrimitiveKind = Literal["str", "int", "float", "bool", "date", "datetime", "uuid", "bytes"]


@records.frozen
class PrimitiveType:
    kind: PrimitiveKind


@records.frozen
class AnyType:
    """Any JSON value (``{}`` in a schema)."""


@records.frozen
class ListType:
    item: TypeRef


@records.frozen
class MapType:
    value: TypeRef


@records.frozen
class ModelType:
    """A reference to a :class:`Model` by class name (models may be recursive)."""

    name: str
    module: str


@records.frozen
class EnumType:
    name: str
    module: str
    base: Literal["str", "int"] = "str"


@records.frozen
class Discriminator:
    property: str
    property_repr: str
    mapping: tuple[tuple[str, ModelType], ...]
    """(wire value repr, model) pairs, in spec order."""


@records.frozen
class UnionType:
    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None


@records.frozen
class NullableType:
    inner: TypeRef


@records.frozen
class LiteralType:
    """The one value a schema allows (``const``): ``Literal['card']``.

    An enum of one value stays an (open) enum: when the API adds a value, its type keeps its name."""

    value: str | int | bool

    @property
    def value_repr(self) -> str:
        return repr(self.value)


TypeRef = PrimitiveType | AnyType | ListType | MapType | ModelType | EnumType | UnionType | NullableType | LiteralType


# --- Models ----------------------------------------------------------------------------------


@records.frozen
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


@records.frozen
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
    """``global`` statements for the names ``lazy_imports`` and ``bindings`` bind, each line short."""
    bindings: tuple[tuple[str, str, str], ...]
    """(global, annotation, value) that ``_resolve()`` binds for ``from_dict``: each enum's table of
    members by value (read instead of calling ``parse_enum``), the ``from_dict`` of each model a field
    holds directly (called instead of making a bound method of the class's on every call)."""
    location: Location

    @property
    def described(self) -> bool:
        """Whether the spec describes the schema (without a description or title, ``doc`` is the class name)."""
        return self.doc != self.name


@records.frozen
class EnumMember:
    name: str
    value_repr: str


@records.frozen
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
