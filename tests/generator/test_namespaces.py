"""Namespaces: ``x-clientgen-group`` puts an operation's resource under ``client.<name>``.

One small spec with a v1 resource on the client and a v2 one (and a nested beta one)
under namespaces, ``x-clientgen-name`` giving the v2 methods their names: the generated
package is called sync and async through a server on 127.0.0.1, checked with mypy
--strict together with a user's script, and its README and api.md show the namespaces.
Bad shapes of the extensions and clashes are reported where they are.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.problems import Problem
from tests.support.generated import generated_package
from tests.support.replay import ReplayServer

from .helpers import build_api, write_text

PACKAGE = "nsshop_client"

SPEC = """
openapi: 3.1.0
info: {title: NsShop API, version: "1"}
servers: [{url: "https://shop.example"}]
paths:
  /v1/invoices:
    post:
      operationId: create_invoice
      tags: [Invoices]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {amount: {type: integer}}, required: [amount]}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Invoice"}}}}
  /v2/invoices:
    post:
      operationId: v2_create_invoice
      x-clientgen-name: create_invoice
      x-clientgen-group: [v2]
      tags: [Invoices]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {amount: {type: integer}, currency: {type: string}}, required: [amount]}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Invoice"}}}}
  /v2/invoices/{id}:
    get:
      operationId: v2_get_invoice
      x-clientgen-name: get
      x-clientgen-group: [v2]
      tags: [Invoices]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Invoice"}}}}
  /v2/beta/things:
    get:
      operationId: v2_beta_list_things
      x-clientgen-name: list
      x-clientgen-group: [v2, beta]
      tags: [things]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
components:
  schemas:
    Invoice:
      type: object
      required: [id]
      properties: {id: {type: string}, amount: {type: integer}, currency: {type: string}}
"""

SCRIPT = """
from typing import assert_type

from nsshop_client import AsyncNsshopClient, NsshopClient
from nsshop_client.models import Invoice


def sync_calls(client: NsshopClient) -> None:
    assert_type(client.invoices.create_invoice(amount=1), Invoice)
    assert_type(client.v2.invoices.create_invoice(amount=1, currency="IDR"), Invoice)
    assert_type(client.v2.invoices.get("inv_1"), Invoice)
    assert_type(client.v2.beta.things.list(), list[str])


async def async_calls(client: AsyncNsshopClient) -> None:
    assert_type(await client.v2.invoices.get("inv_1"), Invoice)
    assert_type(await client.v2.beta.things.list(), list[str])
"""


def _interaction(method: str, path: str, body: object) -> dict[str, Any]:
    return {
        "request": {"method": method, "uri": f"http://127.0.0.1{path}"},
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"]},
            "body": {"string": json.dumps(body)},
        },
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with generated_package(tmp_path_factory.mktemp("namespaces"), PACKAGE, SPEC) as out:
        yield out


def test_sync_and_async_calls_go_through_the_namespaces(generated: Path) -> None:
    from nsshop_client import AsyncNsshopClient, NsshopClient  # type: ignore[import-not-found]

    invoice = {"id": "inv_1", "amount": 5, "currency": "IDR"}
    calls = [
        _interaction("POST", "/v1/invoices", invoice),
        _interaction("POST", "/v2/invoices", invoice),
        _interaction("GET", "/v2/invoices/inv_1", invoice),
        _interaction("GET", "/v2/beta/things", ["a", "b"]),
    ]
    server = ReplayServer(calls + calls[2:]).start()
    try:
        with NsshopClient(base_url=server.url) as client:
            assert client.invoices.create_invoice(amount=5).id == "inv_1"
            assert client.v2.invoices.create_invoice(amount=5, currency="IDR").currency == "IDR"
            assert client.v2.invoices.get("inv_1").amount == 5
            assert client.v2.beta.things.list() == ["a", "b"]
            assert client.v2 is client.v2 and client.v2.invoices is client.v2.invoices, "cached like resources"
            assert client.v2.invoices is not client.invoices

        async def run() -> tuple[Any, Any]:
            async with AsyncNsshopClient(base_url=server.url) as aclient:
                return await aclient.v2.invoices.get("inv_1"), await aclient.v2.beta.things.list()

        got, things = asyncio.run(run())
        assert (got.id, things) == ("inv_1", ["a", "b"])
    finally:
        server.stop()
    assert server.unmatched == []
    assert [json.loads(r.body) for r in server.received if r.body] == [{"amount": 5}, {"amount": 5, "currency": "IDR"}]


def test_the_package_and_a_users_script_pass_mypy_strict(generated: Path) -> None:
    script = write_text(generated, "use_namespaces.py", SCRIPT)
    src = generated / "src"
    options = ["--strict", "--python-version", "3.11", "--no-incremental", "--cache-dir", str(generated / ".mypy")]
    command = [sys.executable, "-m", "mypy", *options, str(script), str(src / PACKAGE)]
    env = {**os.environ, "MYPYPATH": str(src)}
    result = subprocess.run(command, cwd=generated, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_and_api_md_show_the_namespaces(generated: Path) -> None:
    readme = (generated / "README.md").read_text(encoding="utf-8")
    assert "### Namespaces" in readme
    assert "- `client.v2`: `invoices`, `beta`\n- `client.v2.beta`: `things`\n" in readme
    api_md = (generated / "api.md").read_text(encoding="utf-8")
    assert "## v2.invoices" in api_md and "## v2.beta.things" in api_md
    assert "| `client.v2.invoices.get(id)` | `GET /v2/invoices/{id}` | `Invoice` |" in api_md
    assert "| `client.invoices.create_invoice(amount=...)` | `POST /v1/invoices` |" in api_md
    resources = sorted(p.name for p in (generated / "src" / PACKAGE / "resources").glob("*.py"))
    assert resources == ["__init__.py", "invoices.py", "v2.py", "v2_beta.py", "v2_beta_things.py", "v2_invoices.py"]


def _warnings(tmp_path: Path, spec: str) -> tuple[Any, list[Problem]]:
    api, problems = build_api(write_text(tmp_path, "openapi.yaml", spec))
    return api, problems.warnings


OPERATION = """
openapi: 3.1.0
info: {{title: Zoo, version: "1"}}
paths:
  /a:
    get:
      operationId: first
      tags: [{tag}]
      {extension}
      responses: {{"200": {{description: ok}}}}
  /b:
    get:
      operationId: second
      tags: [things]
      x-clientgen-group: [v2]
      x-clientgen-name: list
      responses: {{"200": {{description: ok}}}}
"""


@pytest.mark.parametrize(
    ("extension", "shown"),
    [
        ("x-clientgen-group: v2", "'v2'"),
        ("x-clientgen-group: ['2x']", "['2x']"),
        ("x-clientgen-group: [{a: b}]", "[{'a': 'b'}]"),
    ],
)
def test_a_group_of_another_shape_is_reported_and_the_operation_stays_on_the_client(
    tmp_path: Path, extension: str, shown: str
) -> None:
    api, warnings = _warnings(tmp_path, OPERATION.format(tag="pets", extension=extension))
    assert [(w.location.pointer, w.message) for w in warnings] == [
        (
            "/paths/~1a/get/x-clientgen-group",
            "x-clientgen-group must be a list of names (a letter, then letters, digits or underscores), "
            f"such as ['v2'], not {shown}: the operation stays on the client",
        )
    ]
    assert [r.accessor for r in api.resources] == ["pets", "v2.things"]


def test_a_name_of_another_shape_is_reported_and_the_operation_id_names_the_method(tmp_path: Path) -> None:
    api, warnings = _warnings(tmp_path, OPERATION.format(tag="pets", extension="x-clientgen-name: 'two words'"))
    assert [(w.location.pointer, w.message) for w in warnings] == [
        (
            "/paths/~1a/get/x-clientgen-name",
            "x-clientgen-name must be a name (a letter, then letters, digits or underscores), not 'two words': ignored",
        )
    ]
    assert [op.name for r in api.resources for op in r.operations] == ["first", "list"]


def test_a_namespace_named_like_a_resource_of_the_client_is_renamed(tmp_path: Path) -> None:
    api, warnings = _warnings(tmp_path, OPERATION.format(tag="v2", extension=""))
    assert [(w.location.pointer, w.message) for w in warnings] == [
        ("/paths/~1b/get/x-clientgen-group", "namespace 'v2' renamed 'v2_2': the client has a resource named 'v2'")
    ]
    assert [r.accessor for r in api.resources] == ["v2", "v2_2.things"]
    assert [(n.accessor, n.class_name) for n in api.namespaces] == [("v2_2", "V2Namespace")]


def test_a_method_name_taken_in_its_resource_is_reported(tmp_path: Path) -> None:
    extension = "x-clientgen-group: [v2]\n      x-clientgen-name: list"
    api, warnings = _warnings(tmp_path, OPERATION.format(tag="things", extension=extension))
    assert [(w.location.pointer, w.message) for w in warnings] == [
        ("/paths/~1b/get/x-clientgen-name", "method 'list' renamed 'list_2': v2.things already has 'list'")
    ]
    assert [op.name for op in api.resources[0].operations] == ["list", "list_2"]


def test_names_the_namespace_class_owns_are_renamed_with_a_warning(tmp_path: Path) -> None:
    api, warnings = _warnings(tmp_path, OPERATION.format(tag="functools", extension="x-clientgen-group: [v2]"))
    assert [(w.location.pointer, w.message) for w in warnings] == [
        ("/paths/~1a/get/tags/0", "resource 'functools' renamed 'functools_': the namespace module imports 'functools'")
    ]
    assert [r.accessor for r in api.resources] == ["v2.functools_", "v2.things"]


def test_without_the_extensions_nothing_is_namespaced(tmp_path: Path) -> None:
    api, warnings = _warnings(
        tmp_path, textwrap.dedent(OPERATION).replace("x-clientgen-", "x-other-").format(tag="pets", extension="")
    )
    assert warnings == []
    assert api.namespaces == ()
    assert [(r.accessor, r.module, r.class_name) for r in api.resources] == [
        ("pets", "pets", "Pets"),
        ("things", "things", "Things"),
    ]
