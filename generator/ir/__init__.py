"""The intermediate representation: frozen records (:mod:`generator.records`), built by :mod:`generator.build`.

It holds what the spec means: Python identifiers (already escaped and
de-duplicated), wire names, types (:data:`TypeRef`), raw descriptions and
structured values such as security requirements.  The source and prose the
templates print (annotations, decode/encode expressions, ``repr()`` literals,
docstrings, Markdown) are derived from it by :mod:`generator.emit`.  A few fields
still hold finished text: the import lines (``imports``, ``type_checking_imports``...),
the docstrings of models and enums (``doc``), and the ``*_repr`` and ``*_md``
fields of enum members, discriminators, environments and security schemes.
"""

from __future__ import annotations

from .api import Api, Credential, Environment, SecurityScheme, Server, ServerVariable, WebhookEvent, Webhooks
from .operations import (
    BodyKind,
    Deprecation,
    EventStream,
    Namespace,
    Operation,
    Pagination,
    PaginationKind,
    Parameter,
    ParameterLocation,
    RequestBody,
    Resource,
    Response,
    ResponseKind,
    StreamFormat,
)
from .types import (
    AnyType,
    Discriminator,
    Enum,
    EnumMember,
    EnumType,
    Field,
    ListType,
    LiteralType,
    MapType,
    Model,
    ModelType,
    NullableType,
    PrimitiveKind,
    PrimitiveType,
    TypeRef,
    UnionType,
)

__all__ = [
    "AnyType",
    "Api",
    "BodyKind",
    "Credential",
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
    "ParameterLocation",
    "PrimitiveKind",
    "PrimitiveType",
    "RequestBody",
    "Resource",
    "Response",
    "ResponseKind",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "StreamFormat",
    "TypeRef",
    "UnionType",
    "WebhookEvent",
    "Webhooks",
]
