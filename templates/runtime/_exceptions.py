"""Every error this package raises, and the one place where statuses map to them.

::

    APIError
    ├── APIConnectionError          the request got no response
    │   └── APITimeoutError
    ├── APIResponseValidationError  a 2xx response did not match the declared type
    │   └── APIResponseTooLargeError    a body (of any status) longer than max_response_size
    ├── APIStreamError              an event stream reported an error after its 2xx status
    ├── WebhookVerificationError    a webhook delivery's signature or timestamp did not check out
    ├── WebhookPayloadError         a verified webhook payload did not match its event's model
    └── APIStatusError              the response status was not 2xx
        ├── BadRequestError             400
        ├── AuthenticationError         401
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── ConflictError               409
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429
        └── InternalServerError         5xx

Errors from httpx are re-raised as :class:`APIConnectionError` or
:class:`APITimeoutError` with ``raise ... from``, so the original stays available
as ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import httpx

from ._redact import redact_text
from ._sse import ServerSentEvent
from ._utils import parse_retry_after

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "find_request_id",
    "make_status_error",
]

_REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id")
_REQUEST_ID_KEYS: Final = ("request_id", "requestId")


class APIError(Exception):
    """Base class of every error raised by this package.

    The message, and so ``str()`` and ``repr()`` of the error, never shows a
    credential: the keys, tokens and passwords of the live clients, URL
    passwords and credential-named query values are replaced by
    ``<redacted>`` when the error is created (see :mod:`._redact`).  The
    error's other attributes (``body``, ``response``, ``request``) keep the
    data as received and sent.
    """

    message: str
    """What went wrong, in a sentence, credentials masked."""

    request: httpx.Request | None
    """The request that failed, when there was one."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        message = redact_text(message)
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No response was received: the connection could not be made or was lost."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out while connecting, sending or waiting for the response."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """A successful response whose body could not be decoded into the declared type."""

    response: httpx.Response
    status_code: int
    request_id: str | None
    """The server's identifier of this request, from the response headers."""
    body: object
    """The decoded JSON, or the text when the body was not valid JSON, unmasked."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, request=_request_of(response))
        self.response = response
        self.status_code = response.status_code
        self.request_id = find_request_id(response.headers, None)
        self.body = body


class APIResponseTooLargeError(APIResponseValidationError):
    """A response body, of any status, longer than ``max_response_size`` once decoded.

    The client stopped reading there and closed the connection: ``body`` is
    ``None`` and ``response`` has no content.
    """

    limit: int
    """The cap, in bytes, that the body went past."""

    def __init__(self, message: str, *, response: httpx.Response, limit: int) -> None:
        super().__init__(message, response=response, body=None)
        self.limit = limit


class APIStreamError(APIError):
    """An event stream sent an error instead of its next item: an ``error`` event, or an ``error`` object.

    The status was 2xx, read when the stream began; the error came mid-stream.
    """

    response: httpx.Response
    status_code: int
    request_id: str | None
    body: object
    """The error as sent: the decoded JSON, else the event's data as text; unmasked."""
    event: ServerSentEvent | None
    """The server-sent event carrying the error; ``None`` for a JSON lines or JSON sequence record."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: object, event: ServerSentEvent | None
    ) -> None:
        super().__init__(message, request=_request_of(response))
        self.response = response
        self.status_code = response.status_code
        self.request_id = find_request_id(response.headers, body)
        self.body = body
        self.event = event


class APIStatusError(APIError):
    """The API answered with a status other than 2xx."""

    response: httpx.Response
    status_code: int
    headers: httpx.Headers
    request_id: str | None
    """The server's identifier of this request, to quote when asking for support."""
    body: object
    """The error model declared by the API when the body matched it; otherwise the
    decoded JSON, or the text when the body was not valid JSON.  Unlike the
    message, it is not masked: a key the server echoes stays in it."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, request=_request_of(response))
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.request_id = find_request_id(response.headers, body)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the credentials are missing or invalid."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden: the credentials do not allow this operation."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Content: the request was well-formed but invalid."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""

    retry_after: float | None
    """Seconds the server asked to wait before retrying, if it said."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = parse_retry_after(response.headers)


class InternalServerError(APIStatusError):
    """Any 5xx status: the server failed."""


class WebhookVerificationError(APIError):
    """A webhook delivery was refused: a signature header missing, no signature matching the
    payload, a timestamp outside the tolerance, or no secret to check with."""

    def __init__(self, message: str) -> None:
        super().__init__(f"Webhook verification failed: {message}")


class WebhookPayloadError(APIError):
    """A webhook payload, its signature verified, that is not JSON or does not match its event's model."""

    body: object
    """The decoded JSON, when the payload was JSON."""

    def __init__(self, message: str, *, body: object) -> None:
        super().__init__(f"Webhook payload could not be decoded: {message}")
        self.body = body


_STATUS_ERRORS: Final[Mapping[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response, body: object) -> APIStatusError:
    """Build the exception for a response with a status other than 2xx.

    ``body`` is the decoded error body (see :attr:`APIStatusError.body`).
    """
    status = response.status_code
    if status in _STATUS_ERRORS:
        error_class = _STATUS_ERRORS[status]
    elif status >= 500:
        error_class = InternalServerError
    else:
        error_class = APIStatusError
    message = f"Error code: {status}"
    if body is not None and body != "":
        message = f"{message} - {body}"
    return error_class(message, response=response, body=body)


def find_request_id(headers: httpx.Headers, body: object) -> str | None:
    """The request id from the headers, else the JSON body, else the error model."""
    for name in _REQUEST_ID_HEADERS:
        header: str | None = headers.get(name)
        if header:
            return header
    if isinstance(body, Mapping):
        for key in _REQUEST_ID_KEYS:
            item: object = body.get(key)
            if isinstance(item, str) and item:
                return item
        return None
    attribute: object = getattr(body, "request_id", None)
    return attribute if isinstance(attribute, str) and attribute else None


def _request_of(response: httpx.Response) -> httpx.Request | None:
    # A response built by hand (in tests, or by a custom transport) may have no request.
    try:
        return response.request
    except RuntimeError:
        return None
