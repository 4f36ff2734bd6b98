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

from typing import TYPE_CHECKING

from .problems import Location, Problems

if TYPE_CHECKING:
    from .names import Namer

__all__ = [
    "BUILTIN_TYPES",
    "CLASS_NAMES",
    "CLIENT_NAMES",
    "MODEL_NAMES",
    "RESOURCE_NAMES",
    "report_rename",
]

BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type"})
"""Builtins the generated annotations use: escaped without a report (``type_``)."""

CLIENT_NAMES = frozenset(
    {
        # set by BaseClient.__init__, read by users
        "base_url", "timeout", "max_retries", "default_headers", "default_query", "user_agent",
        # methods of BaseClient, SyncAPIClient and AsyncAPIClient
        "with_options", "request", "request_raw", "close", "aclose",
        # the constructor's other arguments (the credentials' are added per API)
        "environment", "http_client",
        # a copy() is what users try first, and the package's own modules
        "copy", "models", "pages", "resources",
        # the client module's imports that its class body reads
        "httpx",
    }
)  # fmt: skip
"""Names of the generated client classes (``SyncAPIClient``/``AsyncAPIClient`` and ``client.py.jinja``)."""

RESOURCE_NAMES = frozenset(
    {
        # every generated resource class, and the client's method users may look for there
        "with_raw_response", "with_options",
        # the resource module's imports that its class bodies read
        "functools", "datetime", "uuid", "typing", "builtins",
    }
)  # fmt: skip
"""Names of the generated resource classes (``SyncAPIResource``/``AsyncAPIResource``, ``resource.py.jinja``)."""

MODEL_NAMES = frozenset(
    {
        # every generated model class
        "from_dict", "to_dict", "additional_properties",
        # the model module's imports that its class body reads
        "attrs", "datetime", "uuid", "typing", "enum",
    }
)  # fmt: skip
"""Names of the generated model classes (``model.py.jinja``)."""

CLASS_NAMES = frozenset(
    {
        # resource modules
        "APIResponse", "AsyncAPIResource", "SyncAPIResource", "RequestOptions", "AsyncPaginator",
        "FileTypes", "Headers", "Query", "TimeoutTypes", "Unset", "UNSET",
        # the client module
        "AsyncAPIClient", "SyncAPIClient", "AuthParts", "SchemeInfo", "ENVIRONMENTS", "Mapping", "Sequence",
        # pages.py, model and enum modules, models/__init__.py
        "AsyncPage", "SyncPage", "Any", "Enum",
    }
)  # fmt: skip
"""Module-level names of the modules that define or import generated classes (the client classes are added per API)."""

_WHERE = {
    "resource": "the client already has",
    "method": "every resource class already has",
    "field": "every model class already has",
    "class": "the generated modules already use the name",
}


def report_rename(namer: Namer, wanted: str, name: str, what: str, problems: Problems, location: Location) -> None:
    """Warn at ``location`` when ``namer`` renamed ``wanted`` because the generated code owns that name.

    ``what`` is ``resource``, ``method``, ``field`` or ``class``.
    """
    if name != wanted and namer.owns(wanted):
        problems.warn(location, f"{what} {wanted!r} renamed {name!r}: {_WHERE[what]} {wanted!r}")
