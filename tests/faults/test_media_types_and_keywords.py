"""What a generated client puts on the wire for media types, files and schema keywords.

A small client is generated from the inline spec below (OpenAPI 3.1) and called,
sync and async, against a :class:`FaultServer` on 127.0.0.1 that records each
request: the ``Content-Type`` of every kind of body (a ``+json`` type kept as
written), a body the spec does not require left out entirely, ``Accept`` listing
the declared media types, multipart parts typed by the ``encoding`` object and by
``contentMediaType``, read-only properties never sent, a write-only property
missing from a response, a required ``const`` sent by default, and deprecated
operations and arguments warning at the caller's line.  A user script passing
bytes, file objects and tuples to a ``contentMediaType`` field passes
``mypy --strict``; one passing a number does not.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.faults.fault_server import FaultServer, Reply, Seen
from tests.support.generated import generated_package

PACKAGE = "wire_client"

SPEC = """
openapi: 3.1.0
info: {title: Wire, version: '1'}
servers: [{url: 'http://127.0.0.1:9'}]
paths:
  /things:
    get:
      operationId: listThings
      tags: [things]
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 10}, example: 25}
        - {name: legacy, in: query, deprecated: true, schema: {type: string}}
        - {name: Api-Version, in: header, required: true, schema: {const: v2}}
      requestBody:
        required: false
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {expand: {type: array, items: {type: string}}}}
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: {id: t1, kind: thing}
            text/csv:
              schema: {type: string}
  /things/{id}:
    put:
      operationId: replaceThing
      tags: [things]
      deprecated: true
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/vnd.api+json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: replaced}
  /notes:
    post:
      operationId: addNote
      tags: [things]
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses:
        '204': {description: added}
  /upload:
    post:
      operationId: upload
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, contentMediaType: application/octet-stream}
                pictures: {type: array, items: {type: string, contentMediaType: image/png}}
                meta: {type: object, properties: {width: {type: integer}}}
                checksum: {type: string, contentEncoding: base64}
            encoding:
              meta: {contentType: application/json}
      responses:
        '200': {description: stored, content: {text/plain: {schema: {type: string}}}}
  /raw:
    post:
      operationId: sendRaw
      tags: [files]
      requestBody:
        content:
          application/octet-stream: {}
      responses:
        '200': {description: a document, content: {application/pdf: {}}}
components:
  schemas:
    Thing:
      type: object
      required: [id, kind, secret]
      properties:
        id: {type: string, readOnly: true}
        kind: {const: thing}
        secret: {type: string, writeOnly: true}
        size: {type: integer, default: 3}
"""

THING = {"id": "t1", "kind": "thing", "size": 3}


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    with generated_package(tmp_path_factory.mktemp("wire"), PACKAGE, SPEC) as out:
        yield importlib.import_module(PACKAGE), out


def _call(wire: tuple[ModuleType, Path], mode: str, server: FaultServer, operation: Callable[[Any], Any]) -> Any:
    """``operation(client)`` on a sync or async client of ``server``; its result (awaited for async)."""
    package = wire[0]
    if mode == "sync":
        with package.WireClient(base_url=server.url) as client:
            return operation(client)

    async def run() -> Any:
        async with package.AsyncWireClient(base_url=server.url) as client:
            return await operation(client)

    return asyncio.run(run())


def _parts(seen: Seen) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, content) of each part of a multipart request, in order."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + seen.headers["content-type"].encode() + b"\r\n\r\n" + seen.body
    )
    parts = []
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = str(part.get_param("name", header="content-disposition"))
        declared = part["content-type"]
        parts.append((name, part.get_filename(), str(declared) if declared else None, part.get_payload(decode=True)))
    return parts


# --- bodies: media types and optional bodies ---------------------------------------------


def test_an_optional_form_body_is_left_out_and_defaults_are_sent(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, THING))
    thing = _call(wire, mode, server, lambda c: c.things.list_things())
    seen = server.requests[0]
    assert seen.method == "GET"
    assert seen.body == b""
    assert "content-type" not in seen.headers
    assert seen.query == {}  # the spec's default (limit: 10) is documented, not sent
    assert seen.headers["api-version"] == "v2"  # a required const defaults to its value
    # The JSON type is typed and preferred; the CSV one is declared too.
    assert seen.headers["accept"] == "application/json, text/csv;q=0.9"
    # A required write-only property is absent from responses: decoding does not need it.
    assert (thing.id, thing.kind, thing.size) == ("t1", "thing", 3)
    assert isinstance(thing.secret, wire[0].Unset)


def test_a_given_form_field_sends_the_optional_body(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, THING))
    _call(wire, mode, server, lambda c: c.things.list_things(limit=25, expand=["owner", "tags"]))
    seen = server.requests[0]
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"expand=owner&expand=tags"
    assert seen.query == {"limit": "25"}


def test_a_json_api_body_keeps_its_media_type_and_leaves_read_only_fields_out(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(204))
    with pytest.warns(DeprecationWarning, match=r"replace_thing\(\) is deprecated \(PUT /things/\{id\}\)") as caught:
        _call(wire, mode, server, lambda c: c.things.replace_thing("t1", secret="s3cret"))
    seen = server.requests[0]
    assert seen.headers["content-type"] == "application/vnd.api+json"
    assert seen.json() == {"kind": "thing", "secret": "s3cret"}  # no read-only id; the const sent
    # The warning names the caller's line (here, or the awaiting coroutine below _call), not the package.
    assert [Path(w.filename).name for w in caught] == [Path(__file__).name]


def test_a_model_body_leaves_its_read_only_fields_out_of_to_dict(wire: tuple[ModuleType, Path]) -> None:
    thing = wire[0].models.Thing.from_dict({"id": "t1", "kind": "thing", "size": 4})
    assert thing.id == "t1"
    assert thing.to_dict() == {"kind": "thing", "size": 4}


@pytest.mark.parametrize(
    ("call", "body", "content_type"),
    [
        pytest.param(lambda c: c.things.add_note(), b"", None, id="text-left-out"),
        pytest.param(lambda c: c.things.add_note(body="héllo"), "héllo".encode(), "text/plain", id="text"),
        pytest.param(lambda c: c.files.send_raw(), b"", None, id="octet-stream-left-out"),
        pytest.param(
            lambda c: c.files.send_raw(body=b"\x00\xff"), b"\x00\xff", "application/octet-stream", id="octet-stream"
        ),
    ],
)
def test_optional_raw_bodies_are_sent_only_when_given(
    wire: tuple[ModuleType, Path],
    mode: str,
    server: FaultServer,
    call: Callable[[Any], Any],
    body: bytes,
    content_type: str | None,
) -> None:
    server.script(Reply(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}))
    _call(wire, mode, server, call)
    seen = server.requests[0]
    assert seen.body == body
    assert seen.headers.get("content-type") == content_type


# --- responses: Accept and the media types left untyped ----------------------------------


def test_accept_names_a_binary_response_and_the_bytes_come_back(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, b"%PDF-1.7", {"Content-Type": "application/pdf"}))
    assert _call(wire, mode, server, lambda c: c.files.send_raw(body=b"x")) == b"%PDF-1.7"
    assert server.requests[0].headers["accept"] == "application/pdf"


def test_an_untyped_media_type_is_read_through_the_raw_response(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, b"id,kind\nt1,thing\n", {"Content-Type": "text/csv"}))
    raw = _call(
        wire, mode, server, lambda c: c.things.with_raw_response.list_things(extra_headers={"Accept": "text/csv"})
    )
    assert server.requests[0].headers["accept"] == "text/csv"
    assert raw.headers["content-type"] == "text/csv"
    assert raw.text == "id,kind\nt1,thing\n"


# --- files ------------------------------------------------------------------------------


def test_multipart_parts_carry_the_declared_types(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, "stored"))
    result = _call(
        wire,
        mode,
        server,
        lambda c: c.files.upload(
            file=("report.bin", io.BytesIO(b"\x00report")),
            pictures=[b"\x89PNG one", ("two.png", b"\x89PNG two", "image/x-custom")],
            meta={"width": 3},
            checksum="AAEC",
        ),
    )
    assert result == "stored"
    assert _parts(server.requests[0]) == [
        ("checksum", None, None, b"AAEC"),  # base64 text is a plain field, not a file
        ("file", "report.bin", "application/octet-stream", b"\x00report"),
        ("pictures", "upload", "image/png", b"\x89PNG one"),  # contentMediaType, for an upload without a type
        ("pictures", "two.png", "image/x-custom", b"\x89PNG two"),  # the caller's own type wins
        ("meta", None, "application/json", b'{"width":3}'),  # the encoding object's part type
    ]


def test_file_arguments_type_check_under_mypy_strict(wire: tuple[ModuleType, Path], tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(
        textwrap.dedent(
            """
            import io

            from wire_client import WireClient

            client = WireClient(base_url="http://127.0.0.1:9")
            with open(__file__, "rb") as handle:
                client.files.upload(file=handle)
            client.files.upload(file=b"data", pictures=[io.BytesIO(b"png"), ("a.png", b"png", "image/png")])
            client.files.upload(file=("name.bin", b"data"), checksum="AAEC")
            kind: str = client.things.list_things(limit=5).kind
            """
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        textwrap.dedent(
            """
            from wire_client import WireClient

            WireClient().files.upload(file=42)
            WireClient().things.replace_thing("t1", secret="s", kind="other")
            """
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "MYPYPATH": str(wire[1] / "src")}
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental"]
    result = subprocess.run(
        [*command, "--cache-dir", str(tmp_path / "cache"), str(good), str(bad)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert not [line for line in errors if line.startswith("good.py")], result.stdout
    assert [line.split(":")[1] for line in errors] == ["4", "5"], result.stdout
    assert '"file"' in errors[0]
    assert '"kind"' in errors[1]


# --- deprecated arguments ---------------------------------------------------------------


def test_a_deprecated_argument_warns_only_when_given(
    wire: tuple[ModuleType, Path], mode: str, server: FaultServer
) -> None:
    server.script(Reply(200, THING))
    _call(wire, mode, server, lambda c: c.things.list_things())  # -W error: no warning here
    with pytest.warns(DeprecationWarning, match="the argument 'legacy' of list_things") as caught:
        _call(wire, mode, server, lambda c: c.things.list_things(legacy="x"))
    assert [Path(w.filename).name for w in caught] == [Path(__file__).name]
    assert server.requests[1].query == {"legacy": "x"}


def test_a_deprecated_call_through_the_raw_response_warns_at_the_caller(
    wire: tuple[ModuleType, Path], server: FaultServer
) -> None:
    server.script(Reply(204))
    with wire[0].WireClient(base_url=server.url) as client, pytest.warns(DeprecationWarning) as caught:
        raw = client.things.with_raw_response.replace_thing("t1", secret="s")
    assert raw.status_code == 204
    assert [(Path(w.filename).name, w.lineno) for w in caught] == [(Path(__file__).name, _line_of("raw = client."))]


def _line_of(text: str) -> int:
    """The line of this file holding ``text`` (a call whose warning must name it)."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line and "_line_of" not in line)
