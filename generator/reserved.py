"""The names generated code gives itself, which no name from the spec may take.

A spec name becomes a Python name in four kinds of scope, each with its own set:

- a **client class**, where each resource is a property: ``client.base_url``
  must stay the URL, ``client.with_options()`` the method;
- a **resource class**, where each operation is a method next to
  ``with_raw_response`` and the ``_client`` its base class keeps;
- a **model class**, where each property is a field next to ``from_dict``,
  ``to_dict`` and ``additional_properties``;
- the **modules** that define or import the model, enum, page and resource
  classes, where a class named ``APIResponse`` would hide the runtime's.

In a class scope the set also holds the module-level names the class body reads
while it is defined (decorators such as ``functools.cached_property``, defaults
such as ``attrs.field``) or that a type checker looks up there (``httpx.URL`` in an
annotation); a method or field of that name would stand in for them.  Every name
starting with an underscore belongs to the generated code as well: spec names never
start with one (:func:`generator.names.snake_name` drops it), and stay that way.

A spec name in one of these sets gets a trailing underscore (``base_url_``), then the
usual ``_2``, ``_3`` if that is taken too, and the rename is reported where the name
comes from.  Python's keywords and the builtins a scope's annotations use are
escaped the same way without a report: ``class_`` and ``type_`` surprise no one.

``tests/safety/test_names.py`` compares these sets with the runtime classes and with
a generated client, so a new runtime attribute cannot reopen the hole unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .problems import Location, Problems

if TYPE_CHECKING:
    from .names import Namer

__all__ = [
    "BUILTIN_TYPES",
    "CLASS_NAMES",
    "CLIENT_ARGUMENTS",
    "CLIENT_ATTRIBUTES",
    "CLIENT_IMPORTS",
    "CLIENT_NAMES",
    "MODEL_ATTRIBUTES",
    "MODEL_IMPORTS",
    "MODEL_NAMES",
    "NAMESPACE_NAMES",
    "RESOURCE_ATTRIBUTES",
    "RESOURCE_IMPORTS",
    "RESOURCE_NAMES",
    "report_rename",
    "shadowed_builtins",
]

BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type"})
"""Builtins the generated annotations use: escaped without a report (``type_``)."""

CLIENT_ATTRIBUTES = frozenset(
    {
        # set by BaseClient.__init__, read by users
        "base_url", "timeout", "max_retries", "max_response_size", "default_headers", "default_query", "user_agent",
        # methods of BaseClient, SyncAPIClient and AsyncAPIClient, and the copy() users try first
        "with_options", "request", "request_raw", "close", "aclose", "copy",
        # the constructor's other arguments (the credentials' are added per API)
        "environment", "http_client",
    }
)  # fmt: skip
"""Attributes of the generated client classes (``SyncAPIClient``/``AsyncAPIClient`` and ``client.py.jinja``)."""

CLIENT_ARGUMENTS = frozenset(
    {"environment", "base_url", "timeout", "max_retries", "max_response_size", "default_headers", "default_query",
     "http_client", "self", "os", "super"}
)  # fmt: skip
"""The client constructor's own arguments and the names its body reads: arguments from the spec (credentials,
server variables) stay clear of them, with a trailing underscore."""

CLIENT_IMPORTS = frozenset({"httpx", "functools"})
"""Names the client module imports and its class body reads (``httpx.URL`` in an annotation,
``@functools.cached_property`` over each resource)."""

RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_streaming_response"})
"""Attributes of the generated resource classes (``SyncAPIResource``/``AsyncAPIResource``, ``resource.py.jinja``)."""

RESOURCE_IMPORTS = frozenset({"functools", "datetime", "uuid", "typing", "builtins", "overload"})
"""Names a resource module imports and its class bodies read (``@functools.cached_property``)."""

NAMESPACE_NAMES = frozenset({"functools", "typing"})
"""Names a namespace module (``namespace.py.jinja``) imports and its class bodies read; its classes
have no attribute of their own besides ``_client``."""

MODEL_ATTRIBUTES = frozenset({"from_dict", "to_dict", "additional_properties"})
"""Attributes of the generated model classes (``model.py.jinja``)."""

MODEL_IMPORTS = frozenset({"attrs", "datetime", "uuid", "typing", "enum"})
"""Names a model module imports and its class body reads (``attrs.field``, ``datetime.date``)."""

CLIENT_NAMES = CLIENT_ATTRIBUTES | CLIENT_IMPORTS
RESOURCE_NAMES = RESOURCE_ATTRIBUTES | RESOURCE_IMPORTS
MODEL_NAMES = MODEL_ATTRIBUTES | MODEL_IMPORTS

CLASS_NAMES = frozenset(
    {
        # resource modules
        "APIResponse", "AsyncAPIResource", "SyncAPIResource", "RequestOptions", "AsyncPaginator",
        "FileTypes", "Headers", "Query", "BodyFields", "TimeoutTypes", "Unset", "UNSET",
        "Stream", "AsyncStream", "ServerSentEvent",
        # the client module
        "AsyncAPIClient", "SyncAPIClient", "AuthParts", "SchemeInfo", "ENVIRONMENTS",
        "ServerVariable", "Servers", "Mapping", "Sequence",
        # pages.py, model and enum modules, models/__init__.py
        "AsyncPage", "SyncPage", "Any", "Enum",
    }
)  # fmt: skip
"""Module-level names of the modules that define or import generated classes (the client classes are added per API)."""

_WHY: dict[str, tuple[str, str, frozenset[str]]] = {
    # what is renamed: (who has the name, the module that imports it, which names are imported)
    "resource": ("the client", "client", CLIENT_IMPORTS),
    "namespace": ("every namespace class", "namespace", NAMESPACE_NAMES),
    "method": ("every resource class", "resource", RESOURCE_IMPORTS),
    "field": ("every model class", "model", MODEL_IMPORTS),
}


def report_rename(
    namer: Namer, wanted: str, name: str, what: str, problems: Problems, location: Location, scope: str = ""
) -> None:
    """Warn at ``location`` when ``namer`` renamed ``wanted`` because the generated code owns that name.

    ``what`` is ``resource``, ``namespace``, ``method``, ``field`` or ``class``; ``scope`` is where the
    name lives when that is not what ``what`` says (``namespace``: a property of a namespace class;
    a namespace of the client is a ``resource`` scope).
    """
    if name == wanted or not namer.owns(wanted):
        return
    if what == "class":
        why = f"the generated modules already use the name {wanted!r}"
    elif wanted.startswith("_"):
        why = "names starting with an underscore belong to the generated code"
    else:
        owner, module, imported = _WHY[scope or what]
        why = f"the {module} module imports {wanted!r}" if wanted in imported else f"{owner} already has {wanted!r}"
    problems.warn(location, f"{what} {wanted!r} renamed {name!r}: {why}")


def shadowed_builtins(method_names: Iterable[str]) -> frozenset[str]:
    """The builtins that methods so named hide in their class body: ``list`` for a method ``list``.

    A method is looked up before the builtin in its class body, so every annotation
    there naming it must say ``builtins.`` (:func:`generator.emit.qualify`): ``list`` is
    too common an operation to rename.  ``int`` is never one (see ``Namer.for_methods``).
    """
    return frozenset(method_names) & (BUILTIN_TYPES - {"int"})
