"""Spec names never shadow what the generated code defines for itself (``generator/reserved.py``).

One spec names a tag after every attribute of the client (``base_url``, ``with_options``,
``close``, ``api_key``...) and after every name the client module reads, an operation after
every attribute of a resource class, a property after every attribute of a model class and
a schema after every class name the generated modules import.  The client generated from it
is imported, constructed and called over HTTP on 127.0.0.1: each renamed resource answers
as ``client.base_url_``, ``client.base_url`` is still the URL, ``client.with_options()``
still works, and the package passes ``mypy --strict``.  Each rename is a located warning.

The reserved sets are checked against the runtime classes and the generated classes
themselves, so an attribute added to either cannot reopen the hole unnoticed.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.names import Namer, class_name, snake_name
from generator.reserved import (
    BUILTIN_TYPES,
    CLASS_NAMES,
    CLIENT_IMPORTS,
    CLIENT_NAMES,
    MODEL_IMPORTS,
    MODEL_NAMES,
    RESOURCE_IMPORTS,
    RESOURCE_NAMES,
)

LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<pointer>/[^ ]*): warning: (?P<message>.+)$")
CREDENTIALS = ("api_key", "basic_username", "basic_password")
TIMEOUT = 300  # seconds, for mypy; everything else takes a few


def _lowercase_globals(*modules: str) -> set[str]:
    """Module-level names a spec name could become (``snake_name`` leaves them as they are)."""
    found: set[str] = set()
    for module in modules:
        loaded: ModuleType = importlib.import_module(module)
        found |= {n for n in vars(loaded) if n == snake_name(n) and not n.startswith("_")}
    return found


def _model_modules() -> list[str]:
    folder = Path(importlib.import_module("afternoon_client.models").__file__ or "").parent
    return [f"afternoon_client.models.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]


# The committed Afternoon client comes from the same templates: its modules show what every client imports.
# Names that only look reserved (the package's modules, the client's methods on a resource) stay as they are.
CLIENT_TAGS = sorted(
    CLIENT_NAMES | set(CREDENTIALS) | BUILTIN_TYPES | {"property", "models", "pages", "resources"}
    | _lowercase_globals("afternoon_client._client")
)  # fmt: skip
METHODS = sorted(
    RESOURCE_NAMES | BUILTIN_TYPES | {"close", "with_options"}
    | _lowercase_globals("afternoon_client.resources.subscriptions")
)  # fmt: skip
FIELDS = sorted(MODEL_NAMES | {"classmethod"} | _lowercase_globals(*_model_modules()))
CLASSES = sorted(CLASS_NAMES)
OWNED_TAGS = sorted(CLIENT_NAMES | set(CREDENTIALS))


def _get(operation_id: str, tag: str, schema: str = "Reserved") -> dict[str, Any]:
    """An operation answering with ``schema``; its parameters' annotations name the builtins (``list[str]``)."""
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    types = [
        {"type": "array", "items": {"type": "number"}},
        {"type": "object"},
        {"type": "boolean"},
        {"type": "integer"},
    ]
    parameters = [{"name": f"p{i}", "in": "query", "schema": t} for i, t in enumerate(types)]
    return {"get": {"operationId": operation_id, "tags": [tag], "parameters": parameters, "responses": {"200": ok}}}


def names_spec() -> dict[str, Any]:
    paths = {f"/r/{tag}": _get("get", tag) for tag in [*CLIENT_TAGS, "paginator", "page"]}
    paths |= {f"/things/{name}": _get(name, "things") for name in METHODS}
    paths |= {f"/classes/{name}": _get("get_" + name, "classes", name) for name in CLASSES}
    fields = {name: {"type": "string"} for name in ["id", *FIELDS]}
    schemas = {name: {"type": "object", "properties": {"id": {"type": "string"}}} for name in CLASSES}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "https://names.example"}],
        "security": [{"key": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "basic": {"type": "http", "scheme": "basic"},
            },
            "schemas": {"Reserved": {"type": "object", "properties": fields}, **schemas},
        },
    }


def renamed(name: str, owned: frozenset[str] | set[str]) -> str:
    return f"{name}_" if name in owned else name


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(spec, package source folder, what clientgen printed)."""
    root = tmp_path_factory.mktemp("names")
    spec = root / "names.json"
    spec.write_text(json.dumps(names_spec(), indent=2), encoding="utf-8")
    command = [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(root / "out")]
    result = subprocess.run(
        [*command, "--package-name", "names_client"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr
    return spec, root / "out" / "src", result.stderr


def _warnings(spec: Path, printed: str) -> dict[str, tuple[int, str]]:
    """pointer -> (line, message) of every warning, each checked to be ``file:line: /pointer: message``."""
    found = {}
    for line in printed.splitlines():
        if ": warning: " in line:
            match = LOCATED.match(line)
            assert match is not None, line
            assert Path(match["file"]) == spec
            found[match["pointer"]] = (int(match["line"]), match["message"])
    return found


def _expected_warnings() -> dict[str, tuple[str, str]]:
    """pointer -> (message, text on the line named) of every rename the names spec makes."""
    scopes = [
        ("resource", "the client", "client", CLIENT_IMPORTS, OWNED_TAGS, "/paths/~1r~1{}/get/tags/0", '"{}"'),
        ("method", "every resource class", "resource", RESOURCE_IMPORTS, RESOURCE_NAMES,
         "/paths/~1things~1{}/get/operationId", '"operationId": "{}"'),
        ("field", "every model class", "model", MODEL_IMPORTS, MODEL_NAMES,
         "/components/schemas/Reserved/properties/{}", '"{}": {{'),
    ]  # fmt: skip
    expected = {
        pointer.format(name): (
            f"{what} {name!r} renamed '{name}_': "
            + (f"the {module} module imports {name!r}" if name in imported else f"{owner} already has {name!r}"),
            text.format(name),
        )
        for what, owner, module, imported, names, pointer, text in scopes
        for name in names
    }
    for name in CLASSES:
        message = f"class {name!r} renamed '{name}_': the generated modules already use the name {name!r}"
        expected[f"/components/schemas/{name}"] = (message, f'"{name}": {{')
    return expected


def test_every_rename_is_a_located_warning(generated: tuple[Path, Path, str]) -> None:
    spec, _, printed = generated
    warnings = _warnings(spec, printed)
    lines = spec.read_text(encoding="utf-8").splitlines()
    for pointer, (message, text) in _expected_warnings().items():
        assert pointer in warnings, (pointer, printed)
        line, printed_message = warnings[pointer]
        assert printed_message == message
        assert text in lines[line - 1], (pointer, line, lines[line - 1])
    # Builtins are escaped as usual (``classmethod_``), without a warning; nothing else is renamed.
    assert set(warnings) == set(_expected_warnings()), sorted(set(warnings) ^ set(_expected_warnings()))


class _Echo(BaseHTTPRequestHandler):
    """Answers every GET with a Reserved object whose fields name the path asked for."""

    def do_GET(self) -> None:
        body = json.dumps({name: self.path for name in FIELDS} | {"id": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def echo_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


PROBE = """
import asyncio, inspect, json, sys
import httpx
import names_client
from names_client import AsyncNamesClient, NamesClient
from names_client.models.reserved import Reserved

url, tags, methods, fields = sys.argv[1], *map(json.loads, sys.argv[2:5])
client = NamesClient(api_key="k", base_url=url)
assert client.base_url == httpx.URL(url), client.base_url
assert client.timeout == 60.0 or isinstance(client.timeout, httpx.Timeout)
other = client.with_options(timeout=5.0, max_retries=0)
assert other.base_url == client.base_url and other.timeout == 5.0 and other.max_retries == 0
for tag, attr in tags.items():
    got = getattr(client, attr).get()
    assert isinstance(got, Reserved) and got.id == "/r/" + tag, (tag, got)
for name, method in methods.items():
    got = getattr(client.things, method)()
    assert got.id == "/things/" + name, (name, got)
    assert getattr(client.things.with_raw_response, method)().status_code == 200
got = client.base_url_.get()
for name, field in fields.items():
    assert getattr(got, field) == "/r/base_url", (name, field)
assert got.to_dict()["from_dict"] == "/r/base_url" and Reserved.from_dict(got.to_dict()) == got
client.close()

async def main():
    async with AsyncNamesClient(api_key="k", base_url=url) as c:
        assert c.base_url == httpx.URL(url)
        assert (await c.with_options_.get()).id == "/r/with_options"
        assert (await c.aclose_.get()).id == "/r/aclose"

asyncio.run(main())

def public(cls):
    names = {n for k in cls.__mro__ for n in (*vars(k), *getattr(k, "__annotations__", {}))}
    return sorted(n for n in names if not n.startswith("_"))

from names_client import _async_client as a, _base_client as b, _sync_client as s
from names_client.resources.things import AsyncThings, AsyncThingsWithRawResponse, Things, ThingsWithRawResponse
print(json.dumps({
    "client": public(NamesClient) + public(AsyncNamesClient) + sorted(n for n in vars(client) if not n.startswith("_")),
    "constructor": sorted(inspect.signature(NamesClient).parameters),
    "runtime_client": public(b.BaseClient) + public(s.SyncAPIClient) + public(a.AsyncAPIClient),
    "resource": [n for k in (Things, AsyncThings, ThingsWithRawResponse, AsyncThingsWithRawResponse)
                 for n in public(k)],
    "runtime_resource": public(s.SyncAPIResource) + public(a.AsyncAPIResource),
    "model": public(Reserved),
}))
"""


def test_the_client_is_built_and_every_renamed_name_answers(generated: tuple[Path, Path, str], echo_url: str) -> None:
    _, src, _ = generated
    tags = {tag: renamed(tag, CLIENT_NAMES | set(CREDENTIALS) | BUILTIN_TYPES | {"property"}) for tag in CLIENT_TAGS}
    methods = {name: renamed(name, RESOURCE_NAMES | {"int"}) for name in METHODS}
    fields = {name: renamed(name, MODEL_NAMES | {"classmethod"}) for name in FIELDS}
    arguments = [echo_url, *(json.dumps(x) for x in (tags, methods, fields))]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], cwd=src, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    # What the generated and the runtime classes define is reserved in their scope (underscores always are).
    resources = set(tags.values()) | {"things", "classes", "paginator", "page"}
    assert set(seen["client"]) - resources <= CLIENT_NAMES
    assert set(seen["runtime_client"]) <= CLIENT_NAMES
    assert set(seen["constructor"]) <= CLIENT_NAMES | set(CREDENTIALS)
    assert set(seen["resource"]) - set(methods.values()) <= RESOURCE_NAMES
    assert set(seen["runtime_resource"]) <= RESOURCE_NAMES
    assert set(seen["model"]) - set(fields.values()) - {"id"} <= MODEL_NAMES
    for namer in (Namer.for_resources(()), Namer.for_methods(), Namer.for_fields()):
        assert namer.owns("_client") and namer.owns("__init__") and namer.take("_client") != "_client"


CLASS_PROBE = """
import importlib, json
generated = ("names_client.models.", "names_client.resources.", "names_client._client")
names = set()
for module in ["_client", "models", "models.reserved", "resources.things", "resources.classes"]:
    for name, value in vars(importlib.import_module("names_client." + module)).items():
        if not (isinstance(value, type) and value.__module__.startswith(generated)):
            names.add(name)
print(json.dumps(sorted(names)))
"""


def test_generated_class_names_stay_clear_of_the_modules_names(generated: tuple[Path, Path, str]) -> None:
    """Each name the generated modules import or define, that a schema or tag could become, is reserved."""
    _, src, _ = generated
    result = subprocess.run(
        [sys.executable, "-c", CLASS_PROBE], cwd=src, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = {n for n in json.loads(result.stdout) if n == class_name(n)}
    assert imported <= CLASS_NAMES
    paginator = (src / "names_client" / "resources" / "paginator.py").read_text(encoding="utf-8")
    assert "class PaginatorResource(SyncAPIResource)" in paginator
    assert "class AsyncPaginatorResource(AsyncAPIResource)" in paginator


def test_the_client_passes_mypy_strict(generated: tuple[Path, Path, str]) -> None:
    _, src, _ = generated
    mypy = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", "names_client"]
    result = subprocess.run(
        mypy, cwd=src, env={**os.environ, "MYPYPATH": str(src)}, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stdout + result.stderr
