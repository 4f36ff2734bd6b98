"""The package logger, opt-in log output, and redaction of credentials.

Nothing is printed unless the application configures logging itself or the
client's environment variable (for example ``AFTERNOON_LOG=debug``) is set.
Whatever is logged passes through :func:`redact_headers` and :func:`redact_url`
first, so credentials never reach log output.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Final
from urllib.parse import unquote_plus

import httpx

__all__ = ["REDACTED", "is_sensitive_name", "logger", "redact_headers", "redact_url", "setup_logging"]

logger: Final = logging.getLogger(__name__.partition(".")[0])
"""The logger of this package, named after its top-level package."""

REDACTED: Final = "<redacted>"
"""What is logged in place of a credential."""

_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}

# Header and query parameter names that carry credentials.  Matching is by
# substring, so "X-Api-Key", "x-auth-token" and "Proxy-Authorization" all match.
_SENSITIVE_NAME: Final = re.compile(
    r"auth|api[-_]?key|key$|token|secret|passw|cookie|session|credential|signature",
    re.IGNORECASE,
)
# Names that match the pattern above but carry no secret and help when debugging.
_NOT_SENSITIVE: Final = frozenset({"idempotency-key", "idempotency_key", "x-idempotency-key"})

_HANDLER_NAME: Final = f"{logger.name}.stderr"


def setup_logging(env_var: str) -> None:
    """Print this package's log records to stderr when ``env_var`` asks for it.

    ``env_var=debug`` logs every request and response (headers redacted);
    ``env_var=info`` logs one line per request and each retry.  Any other value,
    or an unset variable, changes nothing.  Calling this again is harmless: the
    handler is added once per process.
    """
    level = _LEVELS.get(os.environ.get(env_var, "").strip().lower())
    if level is None:
        return
    if not any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(
            logging.Formatter(
                "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s",
                "%Y-%m-%d %H:%M:%S",
            )
        )
        logger.addHandler(handler)
    logger.setLevel(level)


def is_sensitive_name(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a header or query parameter called ``name`` may carry a credential.

    ``extra`` lists further names to treat as sensitive (compared without case),
    such as the parameter names of the API's security schemes.
    """
    lowered = name.lower()
    if any(lowered == other.lower() for other in extra):
        return True
    return lowered not in _NOT_SENSITIVE and _SENSITIVE_NAME.search(lowered) is not None


def redact_headers(headers: Mapping[str, str] | httpx.Headers, extra: Iterable[str] = ()) -> dict[str, str]:
    """Return a copy of ``headers`` with every credential replaced by ``<redacted>``."""
    names = tuple(extra)
    return {name: REDACTED if is_sensitive_name(name, names) else value for name, value in headers.items()}


def redact_url(url: httpx.URL | str, extra: Iterable[str] = ()) -> str:
    """Return ``url`` as text with credentials in the query and user info redacted."""
    url = httpx.URL(url)
    names = tuple(extra)
    if url.password:
        username = url.userinfo.partition(b":")[0]
        url = url.copy_with(userinfo=username + b":" + REDACTED.encode("ascii"))
    if not url.query:
        return str(url)
    pairs = []
    for pair in url.query.decode("ascii").split("&"):
        name, equals, _ = pair.partition("=")
        if is_sensitive_name(unquote_plus(name), names):
            pair = f"{name}{equals or '='}{REDACTED}"
        pairs.append(pair)
    return f"{url.copy_with(query=None)}?{'&'.join(pairs)}"
