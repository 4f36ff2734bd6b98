"""Hostile specs (``specs/``, and the large ones written here): a client that imports and behaves, or
``file:line: /json/pointer: message`` and exit 2. Never code from spec text, never a hang, never a traceback.

Every injection payload in ``specs/injection.yaml`` would write the file named by ``$CANARY`` if it ran;
after generating, importing, compiling and type-checking the client, that file must not exist.
"""

from __future__ import annotations

import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

SPECS = Path(__file__).parent / "specs"
LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<pointer>/[^ ]*): (?P<message>.+)$")
TIMEOUT = 60  # seconds; every case here takes a few


@pytest.fixture(autouse=True)
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "canary"
    monkeypatch.setenv("CANARY", str(path))
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``clientgen`` in a subprocess, for the cases that could hang or exhaust the stack."""
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False, env=os.environ)


def run_python(cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


def assert_located_errors(stderr: str, spec: Path, pointer: str, message: str, line: int | None = None) -> None:
    """Every line of ``stderr`` is ``file:line: /pointer: message``; one names ``spec`` and ``pointer``."""
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines, "no message"
    matches = [LOCATED.match(ln) for ln in lines]
    assert all(matches), stderr
    found = [
        m
        for m in matches
        if m is not None
        and Path(m["file"]) == spec
        and m["pointer"].startswith(pointer)
        and message in m["message"]
        and (line is None or int(m["line"]) == line)
    ]
    assert found, stderr


# --- the injection spec: a client that imports, behaves, compiles and type-checks ----------------------


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client generated from specs/injection.yaml (with CANARY pointing into the same folder)."""
    root = tmp_path_factory.mktemp("injection")
    os.environ["CANARY"] = str(root / "canary")
    try:
        assert main(["generate", str(SPECS / "injection.yaml"), "--output", str(root / "out"), "--package-name",
                     "hostile_client"]) == 0  # fmt: skip
    finally:
        del os.environ["CANARY"]
    assert not (root / "canary").exists()
    return root


def test_injection_spec_generates_deterministically(injected: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["generate", str(SPECS / "injection.yaml"), "--output", str(again), "--package-name",
                 "hostile_client"]) == 0  # fmt: skip
    first = {p.relative_to(injected / "out"): p.read_bytes() for p in (injected / "out").rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


PROBE = r"""
import importlib, os, pathlib, pkgutil, json
import httpx
import hostile_client as p
for mod in pkgutil.walk_packages(p.__path__, "hostile_client."):
    importlib.import_module(mod.name)
from hostile_client.models import Class, Zone, Def, Init, Thing
from hostile_client.models.class_mode import ClassMode

payload = '\"\"\"+__import__(\'os\').system(\'touch "$CANARY"\')+\"\"\"'
# Collisions resolved: every member and field has its own name, and keeps its own wire value.
assert len({m.value for m in Zone}) == len(Zone) == 18, list(Zone)
assert Zone("GMT+0") is Zone.GMT_PLUS_0 and Zone("GMT-0") is Zone.GMT_0 and Zone("GMT_0") is Zone.GMT_0_2
assert [m.value for m in ClassMode][1] == payload
assert [m.value for m in Def] == [0, -1, 1, 9223372036854775808, -9223372036854775809]

wire = {
    "def": "d", payload: "p", "None": True, "True": False, "async": 1, "await": 2, "match": "m",
    "__init__": "i", "__class__": "c", "self": "s", "type": "t", "list": ["l"], "additional_properties": "a",
    "to_dict": "td", "from_dict": "fd", "_d": "d_", "UNSET": "u", "attrs": "at", "é": "e1", "e": "e2",
    "日本": "j", "🐍": "snake", "": "empty", "123": 123, "a-b": "dash", "a_b": "under", "A_B": "upper",
    "a" * 230: "long", "zone": "GMT-0", "counts": -1, "mode": "\\", "unknown '''": 7,
}
obj = Class.from_dict(wire)
assert obj.to_dict() == wire, obj.to_dict()
assert (obj.a_b, obj.a_b_2, obj.a_b_3) == ("dash", "under", "upper")
assert obj.zone is Zone.GMT_0 and obj.counts is Def.VALUE_1 or obj.counts == -1
assert obj.additional_properties == {"unknown '''": 7}
assert repr(payload) in repr(Class.from_dict({**wire, "def": payload}))
assert "__import__('pathlib').Path(__import__('os').environ['CANARY']).write_text('x')" in Class.__doc__
assert '{{ 7*7 }}' in p.HostileClient.__doc__
assert p.ENVIRONMENTS["server_1"].endswith("write_text('x')+'")

# One call through a mock transport: hostile names reach the wire as data.
seen = []
def handler(request):
    seen.append(request)
    return httpx.Response(200, json=wire)
client = p.HostileClient(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
assert callable(client.with_options)  # the tag `with_options` is client.with_options_
res = client.with_options_.class_("c/1", "x y", "z", plus_import_os_system_touch_canary_plus=payload, type_=Zone.GMT_0)
assert res.to_dict() == wire
request = seen[0]
assert request.url.raw_path.startswith(b"/%22+__import__"), request.url
assert b"/things/c%2F1/x%20y/z?" in request.url.raw_path, request.url.raw_path
assert dict(request.url.params)[payload] == payload
assert dict(request.url.params)["type"] == "GMT-0"
assert request.headers["X-Key" + payload] == "k"
assert not pathlib.Path(os.environ["CANARY"]).exists()
print("ok")
"""


def test_injection_client_imports_and_keeps_spec_text_as_data(injected: Path, canary: Path) -> None:
    result = run_python(injected / "out" / "src", PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert not canary.exists()


def test_injection_client_compiles_and_type_checks(injected: Path, canary: Path) -> None:
    src = injected / "out" / "src"
    modules = sorted(src.rglob("*.py"))
    assert len(modules) > 20
    for module in modules:
        py_compile.compile(str(module), cfile=str(injected / "pyc" / (module.name + "c")), doraise=True)
    mypy = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", "hostile_client"]
    result = subprocess.run(
        mypy, cwd=src, env={**os.environ, "MYPYPATH": str(src)}, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not canary.exists()
    assert not (injected / "canary").exists()


def test_injection_pyproject_is_valid_toml(injected: Path) -> None:
    import tomllib

    project = tomllib.loads((injected / "out" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == "Python client for the Hostile \"\"\" API ''' {{ 7*7 }} 🐍"


# --- specs that must fail with located errors ----------------------------------------------------------

ERRORS = [
    pytest.param("refs/ref-outside.yaml", "/paths/~1secret/get/responses/200/content/application~1json/schema/$ref",
                 "leaves the spec's git work tree", 12, id="ref-outside-folder"),
    pytest.param("refs/ref-percent.yaml", "/paths/~1secret/get/responses/200", "leaves the spec's git work tree", 12,
                 id="ref-percent-encoded-dotdot"),
    pytest.param("refs/ref-passwd.yaml", "/paths/~1secret", "is an absolute path: not followed", 12,
                 id="ref-etc-passwd"),
    pytest.param("refs/ref-http.yaml", "/paths/~1secret", "remote $ref", 12, id="ref-http-url"),
    pytest.param("refs/ref-file-url.yaml", "/paths/~1secret", "remote $ref", 12, id="ref-file-url"),
    pytest.param("refs/ref-netloc.yaml", "/paths/~1secret", "is an absolute path: not followed", 12,
                 id="ref-network-path"),
    pytest.param("python-tag.yaml", "/", "could not determine a constructor", 3, id="yaml-python-tag"),
    pytest.param("unhashable-key.yaml", "/", "invalid YAML", 14, id="yaml-unhashable-key"),
    pytest.param("empty.yaml", "/", "must be a mapping; this file is empty", 1, id="empty-file"),
    pytest.param("list.json", "/", "must be a mapping", 1, id="root-is-a-list"),
    pytest.param("surrogate.json", "/info/title", "lone surrogate", None, id="lone-surrogate"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "pointer", "message", "line"), ERRORS)
def test_bad_specs_give_located_errors(
    name: str, pointer: str, message: str, line: int | None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = SPECS / name
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    assert_located_errors(capsys.readouterr().err, spec, pointer, message, line)
    assert not (tmp_path / "out").exists()


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "refs"
    folder.mkdir()
    spec = folder / "ref-symlink.yaml"
    shutil.copy(SPECS / "refs" / "ref-symlink.yaml", spec)
    (folder / "link.yaml").symlink_to("/etc/passwd")
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    assert_located_errors(capsys.readouterr().err, spec, "/paths/~1secret", "leaves the spec's folder", 13)


HANGS = [
    pytest.param("alias-bomb.yaml", "/", "alias bomb", id="yaml-alias-bomb"),
    pytest.param("alias-loop.yaml", "/components/schemas/Node/properties/next/properties/next", "levels deep",
                 id="yaml-alias-inside-its-anchor"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "pointer", "message"), HANGS)
def test_alias_tricks_are_refused_quickly(name: str, pointer: str, message: str, tmp_path: Path) -> None:
    spec = SPECS / name
    result = run_cli("generate", str(spec), "--output", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert_located_errors(result.stderr, spec, pointer, message)


def _deep(kind: str, depth: int) -> str:
    """A spec whose one response schema nests ``depth`` levels (JSON text, or YAML flow style)."""
    inner, opener, closer = {
        "json-properties": ('{"type": "string"}', '{"type": "object", "properties": {"a": ', "}}"),
        "json-items": ('{"type": "string"}', '{"type": "array", "items": ', "}"),
        "json-example": ('"x"', "[", "]"),
        "yaml-flow": ("{type: string}", "{type: object, properties: {a: ", "}}"),
    }[kind]
    schema = opener * depth + inner + closer * depth
    if kind == "json-example":
        schema = '{"type": "array", "example": ' + schema + "}"
    if kind.startswith("yaml"):
        head = "openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\npaths:\n  /deep:\n    get:\n      responses:\n"
        return (
            head
            + "        '200':\n          description: ok\n          content:\n            application/json:\n"
            + (f"              schema: {schema}\n")
        )
    return (
        '{\n"openapi": "3.1.0",\n"info": {"title": "Deep", "version": "1"},\n"paths": {"/deep": {"get": '
        '{"responses": {"200": {"description": "ok",\n"content": {"application/json": {"schema": '
        + schema
        + "}}}}}}}\n}\n"
    )


@pytest.mark.parametrize("kind", ["json-properties", "json-items", "json-example", "yaml-flow"])
def test_nesting_ten_thousand_deep_is_a_located_error(kind: str, tmp_path: Path) -> None:
    spec = tmp_path / ("openapi.json" if kind.startswith("json") else "openapi.yaml")
    spec.write_text(_deep(kind, 10_000), encoding="utf-8")
    result = run_cli("generate", str(spec), "--output", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    pointer = "/paths/~1deep/get/responses/200/content/application~1json/schema/"
    assert_located_errors(result.stderr, spec, pointer, "nested more than 100 levels deep")
    # The pointer is where the limit was passed, on the line where that object starts.
    assert LOCATED.match(result.stderr.strip())["pointer"].count("/") > 100  # type: ignore[index]
    text = spec.read_text(encoding="utf-8")
    line = text[: text.index("schema")].count("\n") + 1
    assert int(LOCATED.match(result.stderr.strip())["line"]) == line  # type: ignore[index]


def test_nesting_within_the_limit_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(_deep("json-properties", 45), encoding="utf-8")
    assert main(["generate", str(spec), "--output", str(tmp_path / "out"), "--package-name", "deep_client"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    result = run_python(tmp_path / "out" / "src", "import deep_client, deep_client.models as m; print(len(m.__all__))")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == 45


def test_a_chain_of_three_hundred_refs_generates_imports_and_decodes(tmp_path: Path) -> None:
    """Models that refer to the next through $ref, 300 long (the generator recursed past 160): built without
    exhausting the stack; the client imports (models import each other on first use, not when loaded) and
    decodes through the whole chain."""
    schemas: dict[str, object] = {
        f"S{i}": {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/S{i + 1}"}}}
        for i in range(300)
    }
    schemas["S300"] = {"type": "array", "items": {"$ref": "#/components/schemas/S300"}}
    operation = {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/S0"}}}}}}  # fmt: skip
    document = {"openapi": "3.1.0", "info": {"title": "Chain", "version": "1"}, "paths": {"/c": {"get": operation}},
                "components": {"schemas": schemas}}  # fmt: skip
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("generate", str(spec), "--output", str(tmp_path / "out"), "--package-name", "chain_client")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    models = tmp_path / "out" / "src" / "chain_client" / "models"
    for name in ("s0", "s299"):
        py_compile.compile(str(models / f"{name}.py"), cfile=str(tmp_path / f"{name}.pyc"), doraise=True)
    assert "from .s1 import S1" in (models / "s0.py").read_text(encoding="utf-8")
    probe = (
        "import sys\n"
        "import chain_client\n"
        "from chain_client.models import S0\n"
        "assert 'chain_client.models.s1' not in sys.modules\n"
        "wire = {'next': []}\n"
        "for _ in range(299):\n"
        "    wire = {'next': wire}\n"
        "node, depth = S0.from_dict(wire), 0\n"
        "while not isinstance(node.next, list):\n"
        "    node, depth = node.next, depth + 1\n"
        "print(depth, type(node).__name__, node.next)\n"
    )
    result = run_python(tmp_path / "out" / "src", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["299", "S299", "[]"]


def test_a_ten_megabyte_string_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = "A \"\"\" ''' \\ {{ x }} " * (10 * 1024 * 1024 // 20 + 1)
    assert len(big) >= 10_000_000
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1", "description": big},
        "paths": {"/big": {"get": {"operationId": "getBig", "description": big, "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"text": {"type": "string", "enum": [big[:100_000], "b"]}}}}}}}}}},
    }  # fmt: skip
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    assert main(["generate", str(spec), "--output", str(tmp_path / "out"), "--package-name", "big_client"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    probe = "import big_client as p\nprint(len(p.BigClient.__doc__ or ''))"
    result = run_python(tmp_path / "out" / "src", probe)
    assert result.returncode == 0, result.stderr


# --- specs that generate with located warnings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "probe"),
    [
        pytest.param(
            "circular.yaml",
            "from x_client.models import Node\n"
            "n = Node.from_dict({'children': [{'parent': {}}], 'self': 1})\n"
            "assert n.children[0].parent == Node.from_dict({}), n\n",
            id="circular-refs",
        ),
        pytest.param("odd-keys.yaml", "", id="non-string-keys"),
        pytest.param(
            "allof-self.yaml",
            "from x_client.models import C2, C2X\nc = C2.from_dict({'x': {'x': {}}})\n"
            "assert isinstance(c.x, C2X) and isinstance(c.x.x, C2X), c\n",
            id="allof-of-itself",
        ),
    ],
)
def test_awkward_specs_generate_clients_that_import(
    name: str, probe: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = SPECS / name
    assert main(["generate", str(spec), "--output", str(tmp_path / "out"), "--package-name", "x_client"]) == 0
    err = capsys.readouterr().err
    assert all(LOCATED.match(line) for line in err.splitlines()), err
    code = (
        "import importlib, pkgutil, x_client as p\n"
        "for mod in pkgutil.walk_packages(p.__path__, 'x_client.'): importlib.import_module(mod.name)\n"
        "p.XClient(base_url='http://127.0.0.1:9')\n" + probe
    )
    result = run_python(tmp_path / "out" / "src", code)
    assert result.returncode == 0, result.stderr
