"""Defaults for timeouts, the retry policy and the size of a response.

Time limits, in full:

* ``timeout`` bounds each attempt end to end: connecting, sending the request and
  reading the whole response body must be done within it.  A number is that many
  seconds; an :class:`httpx.Timeout` gives the attempt its longest part (60
  seconds for :data:`DEFAULT_TIMEOUT`), and each part still bounds its own step
  (5 seconds to connect).  Each attempt also sets every part to at most the
  time left, and the body's read timeout is cut to the time left when the body
  begins.  The body is read chunk by chunk; a chunk arriving after the deadline
  ends the attempt.  So an attempt ends by its deadline, except that a server
  that falls silent mid-body is waited for up to one read timeout (at most the
  time that was left when the body began) past it.  A server that trickles its
  status line and headers, before any body, is bounded only per read.
* The whole call, attempts and the waits between them, ends within a ceiling of
  ``(max_retries + 1) * timeout + max_retries * MAX_RETRY_DELAY`` seconds from its
  start: 196 seconds with the defaults (3 * 60 + 2 * 8).  An attempt that would
  run past the ceiling is given only the time left, and a wait that would pass
  it (a long ``Retry-After``) is not waited: the call ends with the error of the
  last attempt.
* Running out of time in an attempt, or against the ceiling, raises
  ``APITimeoutError`` once no retry is left; a timed-out attempt is retried like
  any other timeout.  ``timeout=None``, or an :class:`httpx.Timeout` with a part
  that is ``None``, sets neither deadline nor ceiling.
* The body of an event stream (:mod:`._stream`), or of a call made through
  ``with_streaming_response`` (:mod:`._streamed_response`), is read by the caller
  after the call returns: it has no deadline, and each read of it waits at most
  the read timeout.

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
    "DEFAULT_MAX_RESPONSE_SIZE",
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
"""60 seconds for each attempt end to end, 5 of them at most to connect; see the policy above."""

DEFAULT_MAX_RESPONSE_SIZE: Final = 64 * 1024 * 1024
"""64 MiB (67,108,864 bytes): the longest response body a call reads, counted once its
``Content-Encoding`` (gzip, deflate) is undone; ``max_response_size=None`` lifts it.

An API's JSON responses, a page of a list included, are kilobytes to a few
megabytes, so 64 MiB leaves room for large exports and downloads.  It also keeps a
broken or hostile server from filling memory: a longer body is cut off at 64 MiB,
compressed or not, and reading one takes at most about twice that (while its pieces
are joined).  Decoding JSON into Python objects takes several times the size of the
text again, which a 64 MiB body still keeps within what a program can afford.
The same cap applies to error responses and raw responses.
"""

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
