"""The import blocks and ``__all__`` lists of the package's entry modules, exact as ruff leaves them.

The client, the package's ``__init__``, the namespaces and the ``models`` packages import names
that depend on the API (its client classes, its resources, its models): their blocks are made
here by :func:`generator.imports.import_block`, and their ``__all__`` lists sorted by
:func:`generator.imports.sorted_all`, so that no generated module needs ``ruff check --fix``
(``tests/generator/test_imports.py`` holds every module of real specs to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .imports import import_block, sorted_all
from .ir import Api, Enum, Model, Namespace, Operation, Resource

__all__ = [
    "FILTERS",
    "accessor_import",
    "checking_block",
    "client_import",
    "client_imports",
    "method_imports",
    "models_checking_block",
]


def _accessors(children: Iterable[Resource | Namespace], package: str) -> list[tuple[str, list[str]]]:
    return [(f"{package}{r.module}", [r.async_class_name, r.class_name]) for r in children]


def checking_block(node: Api | Namespace) -> str:
    """The ``if TYPE_CHECKING:`` imports of the client (``node`` the API) or of a namespace: the classes
    of the resources and namespaces it opens, which its properties import when first read."""
    if isinstance(node, Api):
        children = _accessors((*node.client_resources, *node.client_namespaces), ".resources.")
    else:
        children = _accessors((*node.resources, *node.namespaces), ".")
    return import_block(children, "    ")


def client_imports(api: Api) -> str:
    """The client module's import block: what its classes use for this API's credentials, flows and resources."""
    flows = bool(api.oauth2_schemes or api.token_provider_schemes)
    statements: list[tuple[str, Iterable[str]]] = [
        ("__future__", ["annotations"]),
        ("collections.abc", ["Mapping", "Sequence"]),
        ("httpx", []),
        ("._async_client", ["AsyncAPIClient"]),
        ("._auth", ["SchemeInfo", "resolve_auth", "secrets_of"]),
        ("._base_client", ["AuthParts"]),
        ("._constants", ["DEFAULT_MAX_RESPONSE_SIZE", "DEFAULT_MAX_RETRIES"]),
        ("._servers", ["Servers", "ServerVariable"]),
        ("._sync_client", ["SyncAPIClient"]),
        ("._types", ["UNSET", "TimeoutTypes", "Unset"]),
        ("._version", ["__version__"]),
    ]
    if api.webhooks is not None or any(s.credentials for s in api.security_schemes):
        statements.append(("os", []))
    if api.webhooks is not None or api.client_resources or api.client_namespaces:
        statements.append(("functools", []))
    if api.webhooks is not None or api.resources:
        statements.append(("typing", ["TYPE_CHECKING"]))
    if flows:
        statements.append(("._oauth2", ["TokenFlow", "token_flows"]))
    if api.token_provider_schemes:
        statements.append(("._oauth2", ["AsyncTokenProvider", "TokenProvider"]))
    return import_block(statements)


def client_import(api: Api) -> str:
    """The package ``__init__``'s import of the client module: ``ENVIRONMENTS`` and both client classes."""
    return import_block([("._client", ["ENVIRONMENTS", api.async_client_class, api.client_class])])


def models_checking_block(classes: Iterable[Model | Enum]) -> str:
    """The ``if TYPE_CHECKING:`` imports of a ``models`` package's ``__init__``: each of its classes."""
    return import_block([(f".{c.local_module}", [c.class_name]) for c in classes], "    ")


def accessor_import(node: Resource | Namespace, package: str, is_async: bool) -> str:
    """The import a client's or namespace's property runs when first read: the class of ``node``."""
    name = node.async_class_name if is_async else node.class_name
    return import_block([(f"{package}{node.module}", [name])], "        ")


def method_imports(op: Operation, is_async: bool) -> str:
    """The imports a method's body starts with: the models it decodes and, when it pages, its page class."""
    statements: list[tuple[str, Iterable[str]]] = list(op.runtime_imports)
    if op.pagination is not None:
        statements.append(("..pages", [op.pagination.async_page_class if is_async else op.pagination.page_class]))
    return import_block(statements, "        ")


FILTERS: dict[str, Callable[..., Any]] = {
    "accessor_import": accessor_import,
    "checking_block": checking_block,
    "client_import": client_import,
    "client_imports": client_imports,
    "method_imports": method_imports,
    "models_checking_block": models_checking_block,
    "sorted_all": sorted_all,
}
"""The filters :func:`generator.render.environment` registers beside :data:`generator.emit.FILTERS`."""
