"""The clients that ``clientgen regenerate`` produces, read from ``clientgen.toml``.

Example entry::

    [clients.afternoon]
    sources = ["specs/afternoon/fragments/*.yaml"]   # entry files (globs), merged in name order
    normalized = "specs/afternoon/openapi.yaml"      # where the normalized spec is written
    output = "generated/afternoon"                   # the generated project
    package = "afternoon_client"                     # import package
    client_class = "AfternoonClient"
    api_key_env = "AFTERNOON_API_KEY"
    environments = { production = "https://api.afternoon.co", local = "http://localhost:8787" }
    idempotency_fields = ["idempotency_key"]         # body fields that make a POST safe to retry

    [clients.afternoon.pagination]                   # optional: overrides of what the spec's shape says
    "subscriptions.list" = { style = "cursor", param = "cursor", items = "subscriptions",
                             cursor = "pagination.next_cursor", has_more = "pagination.has_more" }
    "invoices.list" = { style = "page", param = "page", items = "data", total_pages = "meta.totalPages" }
    "customers.search" = false                       # never paginate this operation

Operations are named ``resource.method`` as the client spells them; fields by
their JSON names, dotted for nested objects.  A style alone (``"cursor"``)
forces that style with the fields found in the spec.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, cast

from .names import class_name, snake_name
from .problems import Location, SpecError
from .webhook_config import WebhookConfig, webhook_config

__all__ = ["DEFAULT_VERSION", "ClientConfig", "PaginationOverride", "load_config", "pagination_override"]

PaginationStyle = Literal["cursor", "page", "none"]


DEFAULT_VERSION = "0.1.0"
"""A client's version until ``clientgen.toml`` (or ``regenerate --bump``) sets one."""


class PaginationOverride(NamedTuple):
    """One entry of ``[clients.NAME.pagination]``: a style, and fields by JSON name (dotted paths)."""

    style: PaginationStyle
    param: str | None = None
    """The query parameter carrying the cursor or page number."""
    items: str | None = None
    """The response's array of items (a top-level property)."""
    cursor: str | None = None
    """Where the response carries the next cursor."""
    has_more: str | None = None
    total_pages: str | None = None
    page: str | None = None
    """Where the response says which page it is."""
    first_page: int | None = None
    """The number of the first page (1 unless the API counts from 0)."""


_OVERRIDE_FIELDS = frozenset(PaginationOverride._fields)


def pagination_override(value: object) -> PaginationOverride:
    """Read one pagination entry: ``false``, a style name, or a table.

    Raises:
        ValueError: the entry is none of those, or names an unknown key or style.
    """
    if value is False:
        return PaginationOverride("none")
    if isinstance(value, str):
        value = {"style": value}
    if not isinstance(value, dict):
        raise ValueError("a pagination entry is false, a style name, or a table")
    unknown = sorted(set(value) - _OVERRIDE_FIELDS)
    if unknown:
        raise ValueError(f"unknown pagination keys {unknown} (known: {sorted(_OVERRIDE_FIELDS)})")
    style = value.get("style")
    if style not in ("cursor", "page", "none"):
        raise ValueError(f"pagination style must be 'cursor', 'page' or 'none', not {style!r}")
    fields: dict[str, Any] = {}
    for key, item in value.items():
        if key == "style":
            continue
        wanted = int if key == "first_page" else str
        if not isinstance(item, wanted) or isinstance(item, bool):
            raise ValueError(f"pagination key {key!r} must be {'an integer' if wanted is int else 'a string'}")
        fields[key] = item
    return PaginationOverride(cast(PaginationStyle, style), **fields)


class ClientConfig(NamedTuple):
    name: str
    package: str
    client_class: str
    env_prefix: str
    """Prefix of the client's environment variables: ``AFTERNOON`` -> ``AFTERNOON_API_KEY``."""
    api_key_env: str
    output: Path
    sources: tuple[str, ...] = ()
    normalized: Path | None = None
    synthesize_from: Path | None = None
    environments: Mapping[str, str] = MappingProxyType({})
    idempotency_fields: tuple[str, ...] = ("idempotency_key",)
    idempotency_headers: tuple[str, ...] = ("Idempotency-Key",)
    version: str = DEFAULT_VERSION
    distribution: str = ""
    pagination: Mapping[str, PaginationOverride] = MappingProxyType({})
    """Pagination overrides by ``resource.method``."""
    webhooks: WebhookConfig = WebhookConfig()
    """``[clients.NAME.webhooks]`` (:mod:`generator.webhook_config`)."""
    config_file: Path | None = None
    """The file this entry was read from, for messages about it."""

    @property
    def distribution_name(self) -> str:
        return self.distribution or self.package.replace("_", "-")

    @classmethod
    def for_package(cls, package: str, output: Path, title: str = "") -> ClientConfig:
        """Defaults for ``clientgen generate``: names derived from the package name."""
        stem = package.removesuffix("_client") or package
        prefix = re.sub(r"[^A-Z0-9]+", "_", snake_name(stem).upper()).strip("_")
        return cls(
            name=stem,
            package=package,
            client_class=class_name(stem) + "Client",
            env_prefix=prefix,
            api_key_env=f"{prefix}_API_KEY",
            output=output,
        )

    def source_paths(self, root: Path) -> list[Path]:
        found: list[Path] = []
        for pattern in self.sources:
            matches = sorted(root.glob(pattern))
            found.extend(m for m in matches if m not in found)
        return found


def load_config(path: Path) -> dict[str, ClientConfig]:
    import tomllib  # here: a run without a configuration file does not load it

    location = Location(path, "", 1)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError.at(location, f"cannot read the configuration: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError.at(location, f"invalid TOML: {exc}") from None
    clients: dict[str, ClientConfig] = {}
    root = path.parent
    for name, entry in (data.get("clients") or {}).items():
        where = Location(path, f"/clients/{name}", 1)
        try:
            package = str(entry["package"])
            base = ClientConfig.for_package(package, root / str(entry["output"]))
            clients[name] = base._replace(
                name=name,
                client_class=str(entry.get("client_class", base.client_class)),
                env_prefix=str(entry.get("env_prefix", base.env_prefix)),
                api_key_env=str(entry.get("api_key_env", base.api_key_env)),
                sources=tuple(str(s) for s in entry.get("sources", ())),
                normalized=root / str(entry["normalized"]) if "normalized" in entry else None,
                synthesize_from=root / str(entry["synthesize_from"]) if "synthesize_from" in entry else None,
                environments={str(k): str(v) for k, v in (entry.get("environments") or {}).items()},
                idempotency_fields=tuple(entry.get("idempotency_fields", base.idempotency_fields)),
                idempotency_headers=tuple(entry.get("idempotency_headers", base.idempotency_headers)),
                version=str(entry.get("version", base.version)),
                distribution=str(entry.get("distribution", "")),
                pagination=_pagination(entry.get("pagination"), where),
                webhooks=webhook_config(entry.get("webhooks"), where),
                config_file=path,
            )
        except (KeyError, TypeError) as exc:
            raise SpecError.at(where, f"client entry is missing or has a wrong {exc}") from None
    return clients


def _pagination(table: object, where: Location) -> dict[str, PaginationOverride]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise SpecError.at(where.child("pagination"), "pagination must be a table of operations")
    overrides: dict[str, PaginationOverride] = {}
    for key, value in table.items():
        try:
            overrides[str(key)] = pagination_override(value)
        except ValueError as exc:
            raise SpecError.at(where.child("pagination", str(key)), str(exc)) from None
    return overrides
