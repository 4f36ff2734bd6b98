"""The exception tree and ``make_status_error``, on responses built by hand."""

from __future__ import annotations

import email.utils
import time

import attrs
import httpx
import pytest
from rtpkg import _exceptions
from rtpkg._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    make_status_error,
)

REQUEST = httpx.Request("GET", "https://api.example.com/v1/things")


def response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST)


@attrs.frozen
class ErrorModel:
    code: str
    request_id: str | None = None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param(400, BadRequestError, id="400"),
        pytest.param(401, AuthenticationError, id="401"),
        pytest.param(403, PermissionDeniedError, id="403"),
        pytest.param(404, NotFoundError, id="404"),
        pytest.param(409, ConflictError, id="409"),
        pytest.param(422, UnprocessableEntityError, id="422"),
        pytest.param(429, RateLimitError, id="429"),
        pytest.param(500, InternalServerError, id="500"),
        pytest.param(503, InternalServerError, id="503"),
        pytest.param(599, InternalServerError, id="599"),
        pytest.param(418, APIStatusError, id="other-4xx"),
        pytest.param(302, APIStatusError, id="redirect"),
    ],
)
def test_status_maps_to_its_exception_class(status: int, expected: type[APIStatusError]) -> None:
    error = make_status_error(response(status), {"error": "x"})
    assert type(error) is expected
    assert error.status_code == status
    assert error.request is REQUEST


def test_message_names_status_and_body() -> None:
    error = make_status_error(response(404), {"error": "no such thing"})
    assert error.message == "Error code: 404 - {'error': 'no such thing'}"
    assert str(error) == error.message


def test_message_without_body_is_just_the_status() -> None:
    assert make_status_error(response(500), None).message == "Error code: 500"
    assert make_status_error(response(500), "").message == "Error code: 500"


def test_status_error_carries_response_headers_and_body() -> None:
    http_response = response(409, {"X-Thing": "1"})
    error = make_status_error(http_response, "conflict")
    assert error.response is http_response
    assert error.headers["x-thing"] == "1"
    assert error.body == "conflict"


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        pytest.param({"x-request-id": "req_h"}, {"request_id": "req_b"}, "req_h", id="x-request-id"),
        pytest.param({"request-id": "req_h2"}, None, "req_h2", id="request-id"),
        pytest.param({}, {"request_id": "req_b"}, "req_b", id="body-request_id"),
        pytest.param({}, {"requestId": "req_c"}, "req_c", id="body-requestId"),
        pytest.param({}, ErrorModel("x", "req_m"), "req_m", id="model-attribute"),
        pytest.param({}, ErrorModel("x"), None, id="model-without-id"),
        pytest.param({}, {"request_id": 12}, None, id="non-string-id"),
        pytest.param({}, "plain text", None, id="text-body"),
    ],
)
def test_request_id_is_found_in_headers_then_body(headers: dict[str, str], body: object, expected: str | None) -> None:
    assert make_status_error(response(400, headers), body).request_id == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({"retry-after-ms": "1500"}, 1.5, id="retry-after-ms"),
        pytest.param({"retry-after-ms": "250", "retry-after": "9"}, 0.25, id="ms-wins"),
        pytest.param({"retry-after": "7"}, 7.0, id="seconds"),
        pytest.param({"retry-after": "0.5"}, 0.5, id="fractional-seconds"),
        pytest.param({"retry-after": "soon"}, None, id="garbage"),
        pytest.param({"retry-after": "-3"}, None, id="negative"),
        pytest.param({}, None, id="absent"),
    ],
)
def test_rate_limit_error_parses_retry_after(headers: dict[str, str], expected: float | None) -> None:
    error = make_status_error(response(429, headers), None)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == expected


def test_rate_limit_error_parses_retry_after_http_date() -> None:
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    error = make_status_error(response(429, {"Retry-After": date}), None)
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None
    assert 28 <= error.retry_after <= 30


def test_retry_after_date_in_the_past_means_now() -> None:
    date = email.utils.formatdate(time.time() - 600, usegmt=True)
    error = make_status_error(response(429, {"Retry-After": date}), None)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 0.0


def test_hierarchy() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, APIError)
    assert issubclass(APIResponseValidationError, APIError)
    assert issubclass(APIStatusError, APIError)
    assert issubclass(InternalServerError, APIStatusError)
    assert issubclass(APIError, Exception)


def test_all_lists_every_exception() -> None:
    exceptions = {
        name
        for name, value in vars(_exceptions).items()
        if isinstance(value, type) and issubclass(value, Exception) and not name.startswith("_")
    }
    assert exceptions <= set(_exceptions.__all__)
    assert "make_status_error" in _exceptions.__all__


def test_connection_errors_have_default_messages() -> None:
    assert APIConnectionError().message == "Connection error."
    assert APITimeoutError().message == "Request timed out."
    assert APITimeoutError(request=REQUEST).request is REQUEST


def test_validation_error_carries_response_and_body() -> None:
    http_response = response(200)
    error = APIResponseValidationError("bad", response=http_response, body={"a": 1})
    assert error.status_code == 200
    assert error.body == {"a": 1}
    assert error.response is http_response


def test_response_without_request_gives_no_request() -> None:
    error = make_status_error(httpx.Response(500), None)
    assert error.request is None
