"""The IR of the whole API: webhooks, security schemes, servers and environments, and :class:`Api`."""

from __future__ import annotations

from typing import Literal

from .. import records
from ..problems import Location
from .operations import Namespace, Operation, Resource
from .types import Enum, Model, ModelType, TypeRef

__all__ = [
    "Api",
    "Credential",
    "Environment",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "WebhookEvent",
    "Webhooks",
]


# --- Webhooks --------------------------------------------------------------------------------


@records.frozen
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


@records.frozen
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


@records.frozen
class Credential:
    arg: str
    """Client constructor argument."""
    env_var: str
    """The environment variable read when the argument is not given."""
    doc: str

    @property
    def env_var_repr(self) -> str:
        return repr(self.env_var)


@records.frozen
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


@records.frozen
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


@records.frozen
class Server:
    """A server of the spec: its URL template (no trailing slash) and the variables it declares."""

    url: str
    variables: tuple[ServerVariable, ...]
    url_md: str
    """The URL for Markdown code (one line, no backticks or pipes)."""


@records.frozen
class Environment:
    name: str
    name_repr: str
    url_repr: str
    url_md: str


@records.frozen
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

    @property
    def page_classes(self) -> tuple[str, ...]:
        """The classes ``pages.py`` defines: each paginated operation's page class and its async twin."""
        pages = (op.pagination for r in self.resources for op in r.operations)
        return tuple(name for p in pages if p is not None for name in (p.page_class, p.async_page_class))
