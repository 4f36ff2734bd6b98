"""Logging switched on by each client's own environment variable, and multipart uploads.

Logging: ``AFTERNOON_LOG=debug`` / ``MAYAR_LOG=debug`` print the package's
records on stderr: each request and retry, never the API key.

Uploads: neither committed client has a multipart operation, so a small client
is generated from the inline spec below into a temporary folder.  Content that
looks like multipart boundaries reaches the server intact, every request gets a
fresh random boundary, and a retried upload sends the whole file again.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import io
import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.faults.conftest import API_KEY, Api, Driver, Sleeps
from tests.faults.fault_server import FaultServer, Reply, Seen
from tests.support.generated import generated_package

# --- logging ---------------------------------------------------------------------------


def test_log_env_var_prints_requests_and_retries_without_the_key(
    driver: Driver,
    api: Api,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    package_logging: None,
) -> None:
    monkeypatch.setenv(api.log_env, "debug")
    logging.getLogger(api.package.__name__).propagate = False  # only the package's own handler prints
    server.script(Reply(503, {"message": "down"}, {"retry-after-ms": "5"}), Reply(200, api.keyed_body))
    driver.call(lambda c: api.keyed_post(c, "key-log", extra_query={"api_key": API_KEY}))
    err = capsys.readouterr().err
    assert f"Request POST {server.url}{api.keyed_route}" in err
    assert "(attempt 1)" in err
    assert "(attempt 2)" in err
    assert "-> 503" in err
    assert "Retrying POST" in err
    assert "'authorization': '<redacted>'" in err
    assert "api_key=<redacted>" in err
    assert API_KEY not in err
    assert api.package.__name__ in err  # records come from the package's logger
    if api.name == "mayar":
        assert "key-log" in err  # an idempotency key is no secret, and helps when debugging


def test_log_env_var_is_per_client(
    api: Api,
    mode: str,
    server: FaultServer,
    sleeps: Sleeps,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    package_logging: None,
) -> None:
    # The other client's variable leaves this client silent.
    other = "MAYAR_LOG" if api.log_env == "AFTERNOON_LOG" else "AFTERNOON_LOG"
    monkeypatch.delenv(api.log_env, raising=False)
    monkeypatch.setenv(other, "debug")
    logging.getLogger(api.package.__name__).propagate = False
    server.script(Reply(200, api.get_body))
    Driver(api, mode, server, sleeps).call(api.get)
    assert capsys.readouterr().err == ""


def test_log_env_var_info_prints_one_line_per_attempt(
    driver: Driver,
    api: Api,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    package_logging: None,
) -> None:
    monkeypatch.setenv(api.log_env, "info")
    logging.getLogger(api.package.__name__).propagate = False
    server.script(Reply(200, api.get_body))
    driver.call(api.get)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert f"HTTP GET {server.url}{api.get_route}" in lines[0]
    assert "-> 200 (attempt 1" in lines[0]


# --- uploads ---------------------------------------------------------------------------

UPLOAD_PACKAGE = "upload_client"
UPLOAD_SPEC = """
openapi: 3.1.0
info: {title: Upload API, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
security: [{bearer: []}]
paths:
  /files:
    post:
      operationId: uploadFile
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
      responses:
        '201':
          description: stored
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Stored'}
  /files/{name}:
    put:
      operationId: replaceFile
      tags: [files]
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
      responses:
        '200':
          description: stored
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Stored'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Stored:
      type: object
      required: [id]
      properties:
        id: {type: string}
"""

# Bytes that a parser would take for parts if the boundary were fixed or guessable.
TRICKY = (
    b"--boundary\r\n"
    b'Content-Disposition: form-data; name="file"; filename="evil.txt"\r\n\r\n'
    b"not the real file\r\n"
    b"--boundary--\r\n"
    b"------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    b"------------------------d74496d66958873e--\r\n"
    b"\x00\xff\r\n\r\n--\r\n"
)


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(tmp_path_factory.mktemp("upload"), UPLOAD_PACKAGE, UPLOAD_SPEC):
        yield importlib.import_module(UPLOAD_PACKAGE)


def _parts(seen: Seen) -> tuple[str, dict[str, tuple[str | None, bytes]]]:
    """The boundary and the parts (filename, content) by name of a multipart request."""
    content_type = seen.headers["content-type"]
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + seen.body
    )
    assert message.is_multipart()
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts[str(name)] = (part.get_filename(), payload)
    return str(message.get_boundary()), parts


def _upload_twice(upload: ModuleType, mode: str, server: FaultServer) -> None:
    if mode == "sync":
        with upload.UploadClient(api_key=API_KEY, base_url=server.url) as client:
            client.files.upload_file(file=("a.bin", TRICKY, "application/octet-stream"), purpose="test")
            boundary = _parts(server.requests[0])[0].encode()
            client.files.upload_file(file=("b.bin", TRICKY + b"--" + boundary + b"--\r\n"), purpose="again")
        return

    async def run() -> None:
        async with upload.AsyncUploadClient(api_key=API_KEY, base_url=server.url) as client:
            await client.files.upload_file(file=("a.bin", TRICKY, "application/octet-stream"), purpose="test")
            boundary = _parts(server.requests[0])[0].encode()
            await client.files.upload_file(file=("b.bin", TRICKY + b"--" + boundary + b"--\r\n"), purpose="again")

    asyncio.run(run())


def test_upload_with_boundary_like_bytes_arrives_intact(upload: ModuleType, mode: str, server: FaultServer) -> None:
    server.script(Reply(201, {"id": "f1"}))
    _upload_twice(upload, mode, server)
    assert server.count == 2
    (first_boundary, first), (second_boundary, second) = map(_parts, server.requests)
    assert first == {"file": ("a.bin", TRICKY), "purpose": (None, b"test")}
    # The second file even contains the first request's closing boundary.
    assert second == {
        "file": ("b.bin", TRICKY + b"--" + first_boundary.encode() + b"--\r\n"),
        "purpose": (None, b"again"),
    }
    assert first_boundary != second_boundary
    assert len(first_boundary) >= 16
    assert first_boundary.encode() not in TRICKY
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_retried_upload_sends_the_whole_file_again(upload: ModuleType, mode: str, server: FaultServer) -> None:
    # PUT is idempotent: after a 503 the file object is read again from its start.
    server.script(Reply(503, {"message": "busy"}), Reply(200, {"id": "f2"}))
    sleeps = Sleeps()
    content = TRICKY * 50

    if mode == "sync":
        with upload.UploadClient(api_key=API_KEY, base_url=server.url) as client:
            client._sleep = sleeps
            result: Any = client.files.replace_file("report.bin", file=("report.bin", io.BytesIO(content)))
    else:

        async def run() -> Any:
            async with upload.AsyncUploadClient(api_key=API_KEY, base_url=server.url) as client:
                client._sleep = sleeps.asleep
                return await client.files.replace_file("report.bin", file=("report.bin", io.BytesIO(content)))

        result = asyncio.run(run())
    assert result.id == "f2"
    assert server.count == 2
    first, second = (_parts(seen) for seen in server.requests)
    assert first[1] == second[1] == {"file": ("report.bin", content)}
    assert first[0] != second[0]
    assert len(sleeps) == 1


def test_upload_post_without_a_key_is_not_resent(upload: ModuleType, server: FaultServer) -> None:
    server.script(Reply(500, {"message": "broken"}))
    with (
        upload.UploadClient(api_key=API_KEY, base_url=server.url) as client,
        pytest.raises(upload.InternalServerError),
    ):
        client.files.upload_file(file=b"data")
    assert server.count == 1
