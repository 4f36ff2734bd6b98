"""The package logger, opt-in log output, and redaction of credentials in every log record.

Nothing is printed unless the application configures logging itself or the
client's environment variable (for example ``AFTERNOON_LOG=debug``) is set.
Whatever this package logs passes through :func:`redact_headers` and
:func:`redact_url` first.  The records of httpx and httpcore (which log each
request's URL and the response headers) and this package's own pass through
:class:`RedactingFilter`, installed on their loggers by the first client
created, which masks the credentials of every live client (see
:mod:`._redact`), so no handler, whoever configured it, writes a credential.
"""

from __future__ import annotations

import logging
import os
from typing import Final

from ._redact import (
    REDACTED,
    is_sensitive_name,
    redact_headers,
    redact_text,
    redact_url,
)

__all__ = [
    "REDACTED",
    "RedactingFilter",
    "install_redaction",
    "is_sensitive_name",
    "logger",
    "redact_headers",
    "redact_url",
    "setup_logging",
]

logger: Final = logging.getLogger(__name__.partition(".")[0])
"""The logger of this package, named after its top-level package."""

_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}

_HANDLER_NAME: Final = f"{logger.name}.stderr"

# The loggers that write what a request carries: httpx's request line, httpcore's
# connection and header traces (one logger per module, and a filter on a logger
# does not see its children's records), and hpack's header tables under HTTP/2.
_FILTERED_LOGGERS: Final = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
    "hpack.table",
)


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


class RedactingFilter(logging.Filter):
    """Masks credentials in each record of the logger it is installed on.

    It runs only for records that are emitted (a logger below their level
    never builds them), formats the message once, and when masking changes it
    stores the masked text as the record's message, without arguments.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it when a handler formats it
            return True
        masked = redact_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_FILTER: Final = RedactingFilter()


def install_redaction() -> None:
    """Add :class:`RedactingFilter` to httpx's, httpcore's, hpack's and this package's loggers, once each."""
    existing = [
        name for name in logging.root.manager.loggerDict if name.startswith(("httpx.", "httpcore."))
    ]
    for name in (*_FILTERED_LOGGERS, *existing, logger.name):
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
