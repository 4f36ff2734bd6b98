"""Defaults for timeouts and the retry policy.

Retry policy, in full:

* A request is attempted once, plus up to ``max_retries`` retries
  (default :data:`DEFAULT_MAX_RETRIES`; ``0`` turns retries off).
* It is retried after a connection error, a timeout, or a response whose status
  is in :data:`RETRYABLE_STATUS_CODES` or is any 5xx.
* Methods outside :data:`IDEMPOTENT_METHODS` (POST, PATCH) are retried only when
  the request carries an idempotency key (an ``Idempotency-Key`` header, or a
  body field the API marks as one), or when the connection failed before the
  request could be sent (the connection was refused or timed out while
  connecting; a reset or timeout after the request was written is not retried,
  since the server may have acted on it).  Every attempt sends the same key.
* The wait before retry *n* (counting from 0) is
  ``min(INITIAL_RETRY_DELAY * 2**n, MAX_RETRY_DELAY)``, multiplied by a random
  factor between :data:`RETRY_JITTER` and 1.  When the response says how long to
  wait (``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date),
  that wait is used instead, capped at :data:`MAX_RETRY_AFTER`.
"""

from __future__ import annotations

from typing import Final

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "IDEMPOTENT_METHODS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRYABLE_STATUS_CODES",
    "RETRY_JITTER",
]

DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
"""60 seconds to read, write or wait for a pooled connection; 5 seconds to connect."""

DEFAULT_MAX_RETRIES: Final = 2
"""Retries after the first attempt, so at most three attempts in all."""

INITIAL_RETRY_DELAY: Final = 0.5
"""Seconds to wait before the first retry; doubled for each further retry."""

MAX_RETRY_DELAY: Final = 8.0
"""Upper bound, in seconds, of the exponential backoff."""

RETRY_JITTER: Final = 0.75
"""The backoff is multiplied by a random factor in ``[RETRY_JITTER, 1.0]``."""

MAX_RETRY_AFTER: Final = 60.0
"""Upper bound, in seconds, of a wait requested by the server with ``Retry-After``."""

RETRYABLE_STATUS_CODES: Final = frozenset({408, 409, 429, 500, 502, 503, 504})
"""Statuses worth retrying: timeout, conflict (lock contention), rate limit and the
usual server errors.  Every other 5xx status is retried as well."""

IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods that may be repeated without changing the result (RFC 9110, 9.2.2)."""
