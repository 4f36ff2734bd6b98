"""Property: any valid OpenAPI 3.x spec generates a client whose every module compiles and imports.

Random specs: objects, arrays, maps, string and integer enums, oneOf/anyOf/allOf, nullable types, refs
between a few components, path/query/header parameters, JSON/form/multipart bodies, several responses;
names and descriptions from a broad unicode alphabet. Derandomized, so CI sees the same examples.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

TEXT = st.characters(codec="utf-8", exclude_categories=("Cs",))
NAMES = st.one_of(
    st.text(TEXT, max_size=10),
    st.sampled_from(["class", "self", "type", "None", "__init__", "a-b", "a_b", "GMT+0", "GMT-0", "123", ""]),
)
DOCS = st.text(TEXT, max_size=30)
COMPONENTS = ["C0", "C1", "C2"]


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda f: {"type": "string", **({"format": f} if f else {})},
                  st.sampled_from([None, "date", "date-time", "uuid", "binary", "byte"])),
        st.just({"type": "integer"}),
        st.just({"type": "number"}),
        st.just({"type": "boolean"}),
        st.builds(lambda v: {"type": "string", "enum": v}, st.lists(NAMES, min_size=1, max_size=5, unique=True)),
        st.builds(lambda v: {"type": "integer", "enum": v}, st.lists(st.integers(-(2**40), 2**40), min_size=1,
                                                                        max_size=4, unique=True)),
        st.builds(lambda name: {"$ref": f"#/components/schemas/{name}"}, st.sampled_from(COMPONENTS)),
    )  # fmt: skip


def _extend(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda props, req, doc: {"type": "object", "description": doc, "properties": props,
                                           "required": sorted(props)[:req]},
                  st.dictionaries(NAMES, children, max_size=4), st.integers(0, 2), DOCS),
        st.builds(lambda item: {"type": "array", "items": item}, children),
        st.builds(lambda value: {"type": "object", "additionalProperties": value}, children),
        st.builds(lambda key, parts: {key: parts}, st.sampled_from(["oneOf", "anyOf", "allOf"]),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda s: {**s, "nullable": True} if "type" in s else {"anyOf": [s, {"type": "null"}]}, children),
    )  # fmt: skip


SCHEMAS = st.recursive(_leaf(), _extend, max_leaves=8)
OBJECTS = st.builds(
    lambda props: {"type": "object", "properties": props}, st.dictionaries(NAMES, SCHEMAS, min_size=1, max_size=3)
)


@st.composite
def operations(draw: st.DrawFn, index: int) -> tuple[str, dict[str, Any]]:
    path = f"/r{index}/{{id}}"
    params: list[dict[str, Any]] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    for where in draw(st.lists(st.sampled_from(["query", "header"]), max_size=3)):
        params.append({"name": draw(NAMES), "in": where, "description": draw(DOCS), "schema": draw(_leaf())})
    operation: dict[str, Any] = {
        "operationId": draw(NAMES),
        "tags": [draw(NAMES)],
        "summary": draw(DOCS),
        "description": draw(DOCS),
        "parameters": params,
        "responses": {},
    }
    media = draw(
        st.sampled_from([None, "application/json", "application/x-www-form-urlencoded", "multipart/form-data"])
    )
    if media is not None:
        schema = draw(SCHEMAS if media == "application/json" else OBJECTS)
        operation["requestBody"] = {"required": draw(st.booleans()), "content": {media: {"schema": schema}}}
    for status in draw(st.lists(st.sampled_from(["200", "201", "204", "404", "default"]), min_size=1, unique=True)):
        response: dict[str, Any] = {"description": draw(DOCS)}
        if status != "204":
            response["content"] = {"application/json": {"schema": draw(SCHEMAS)}}
        operation["responses"][status] = response
    method = draw(st.sampled_from(["get", "post", "put", "patch", "delete"]))
    return path, {method: operation}


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    paths = dict(draw(operations(i)) for i in range(count))
    return {
        "openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])),
        "info": {"title": draw(DOCS), "version": "1", "description": draw(DOCS)},
        "servers": [{"url": "https://api.example/" + draw(st.text(TEXT, max_size=8))}],
        "paths": paths,
        "components": {"schemas": {name: draw(st.one_of(SCHEMAS, OBJECTS)) for name in COMPONENTS}},
    }


IMPORT_ALL = (
    "import importlib, pkgutil, random_client as p\n"
    "for mod in pkgutil.walk_packages(p.__path__, 'random_client.'): importlib.import_module(mod.name)\n"
    "p.RandomClient(base_url='http://127.0.0.1:9')\n"
)


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(specs())
def test_random_valid_specs_generate_clients_that_compile_and_import(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory(prefix="clientgen-random-") as tmp:
        root = Path(tmp)
        path = root / "openapi.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        out = root / "out"
        assert main(["generate", str(path), "--output", str(out), "--package-name", "random_client"]) == 0
        for module in (out / "src").rglob("*.py"):
            compile(module.read_text(encoding="utf-8"), str(module), "exec")
        imported = subprocess.run(
            [sys.executable, "-c", IMPORT_ALL], cwd=out / "src", capture_output=True, text=True, timeout=60, check=False
        )
        assert imported.returncode == 0, imported.stderr + "\n" + json.dumps(spec, ensure_ascii=False)
