"""Import blocks and ``__all__`` lists written by clientgen are what ``ruff check --fix`` leaves
(``--select I,F401,RUF022``: imports sorted and wrapped, the unused dropped, ``__all__`` sorted)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from generator.config import ClientConfig
from generator.formatting import ruff_program
from generator.imports import import_block
from generator.render import render
from generator.webhook_config import HmacConfig, WebhookConfig

from .helpers import build_with

Statements = list[tuple[str, list[str]]]

CASES: list[Statements] = [
    [
        ("__future__", ["annotations"]),
        ("typing", ["TYPE_CHECKING", "Any", "cast"]),
        ("collections.abc", ["Mapping"]),
        ("functools", []),
        ("attrs", []),
        ("httpx", []),
        (".._types", ["Unset", "UNSET", "FileTypes"]),
        (".._models", ["parse_enum", "enum_value", "to_jsonable", "parse_discriminated", "parse_union"]),
        ("..", ["foo"]),
        (".", ["zed"]),
        (".x", ["b"]),
        ("..models.a_very_long_model_name_for_testing_the_wrap", ["AVeryLongModelNameForTestingWrapX"]),
    ],
    [
        (".m10", ["Foo10", "Foo2", "Foo1", "FOO_A", "Foo_b", "FooB", "fooB", "aB", "Ab"]),
        (".m2", ["x"]),
        (".M3", ["y"]),
        (".m1.sub", ["Deep"]),
        (".m1", ["Shallow"]),
        (".m1", ["Again"]),
    ],
]


def _random_cases(count: int) -> list[Statements]:
    rng = random.Random(7)
    words = ["pet", "Pet2", "pet10", "owner", "a_b", "ab", "Ab1", "x9", "x10", "item_list", "Item", "ITEM"]
    cases = []
    for _ in range(count):
        statements: Statements = []
        for _ in range(rng.randint(1, 8)):
            dots = rng.choice(["", ".", ".."])
            module = "_".join(rng.sample(words, rng.randint(1, 4))).lower() if dots else rng.choice(["attrs", "json"])
            names = rng.sample(words, rng.randint(0 if not dots else 1, 5))
            statements.append((dots + module, [] if not dots else names))
        cases.append(statements)
    return cases


def _unsorted_module(statements: Statements) -> str:
    lines, used = [], []
    for source, names in reversed(statements):
        if names:
            lines.append(f"from {source} import {', '.join(reversed(names))}")
            used.extend(names)
        else:
            lines.append(f"import {source}")
            used.append(source.split(".")[0])
    return "\n".join(lines) + f"\n\nUSED = [{', '.join(sorted(set(used)))}]\n"


def test_blocks_match_what_ruff_sorts(tmp_path: Path) -> None:
    cases = CASES + _random_cases(40)
    for number, statements in enumerate(cases):
        (tmp_path / f"case{number}.py").write_text(_unsorted_module(statements), encoding="utf-8")
    fix = [ruff_program(), "check", "--isolated", "--no-cache", "--select", "I", "--fix", "--exit-zero", "--quiet", "."]
    subprocess.run(fix, cwd=tmp_path, check=True, capture_output=True)
    for number, statements in enumerate(cases):
        sorted_by_ruff = (tmp_path / f"case{number}.py").read_text(encoding="utf-8").split("\n\nUSED = ")[0]
        assert import_block(statements) == sorted_by_ruff.rstrip("\n"), statements


def test_an_indented_block_wraps_counting_its_indentation() -> None:
    block = import_block(
        [(".pet", ["Pet"]), (".a_very_long_model_name_for_the_wrap_of_a_line", ["AVeryLongModelNameForTheWrap"])],
        "    ",
    )
    assert block == (
        "    from .a_very_long_model_name_for_the_wrap_of_a_line import (\n"
        "        AVeryLongModelNameForTheWrap,\n"
        "    )\n"
        "    from .pet import Pet"
    )


def _rendered(spec: Path, config: ClientConfig | None = None) -> dict[str, str]:
    config = config or ClientConfig.for_package("probe_client", Path("out"))
    api, _ = build_with([spec], config)  # Swagger 2.0 converted too
    return render(api, format_code=False)


def _ruff_check(files: dict[str, str], folder: Path, *, fix: bool) -> tuple[dict[str, str], str]:
    """The modules of ``files`` after ``ruff check --select I,F401,RUF022`` (imports sorted and
    wrapped, the unused dropped, ``__all__`` sorted), and what it reported."""
    modules = {path: text for path, text in files.items() if path.endswith(".py")}
    for path, text in modules.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    command = [ruff_program(), "check", "--isolated", "--no-cache", "--select", "I,F401,RUF022"]
    command += ["--fix", "--exit-zero", "--quiet"] if fix else ["--output-format", "concise"]
    done = subprocess.run([*command, "."], cwd=folder, capture_output=True, text=True, check=False)
    reported = done.stdout if done.returncode else ""
    return {path: (folder / path).read_text(encoding="utf-8") for path in modules}, reported


ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SPECS = [
    pytest.param(ROOT / "specs" / "afternoon" / "openapi.yaml", id="afternoon"),
    pytest.param(ROOT / "specs" / "mayar" / "openapi.yaml", id="mayar"),
    pytest.param(ROOT / "tests" / "hostile" / "specs" / "injection.yaml", id="injection"),
    pytest.param(ROOT / "tests" / "hostile" / "specs" / "odd-keys.yaml", id="odd-keys"),
    pytest.param(CORPUS / "dcg" / "api.yaml", id="dcg-api"),
    pytest.param(CORPUS / "dcg" / "no_components.yaml", id="dcg-no-components"),
    pytest.param(CORPUS / "twilio" / "yaml" / "twilio_messaging_v1.yaml", id="twilio-messaging"),
    pytest.param(CORPUS / "netlify" / "swagger.yml", id="netlify"),
    pytest.param(CORPUS / "openai" / "openapi.yaml", id="openai"),  # streams, switches, webhooks, files
    pytest.param(CORPUS / "slack" / "slack_web_openapi_v2.json", id="slack"),  # both kinds of pages
]


@pytest.mark.parametrize("spec", SPECS)
def test_every_module_needs_no_import_pass(spec: Path, tmp_path: Path) -> None:
    """Every rendered module's imports and ``__all__`` are as ``ruff check --fix`` leaves them, so render
    runs only ``ruff format``; ruff reports nothing either (it does not drop unused imports of an
    ``__init__``, but it reports them)."""
    if not spec.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({spec})")
    files = _rendered(spec)
    fixed, _ = _ruff_check(files, tmp_path / "fixed", fix=True)
    assert {path: text for path, text in fixed.items() if text != files[path]} == {}
    assert _ruff_check(files, tmp_path / "checked", fix=False)[1] == ""


FEATURES_SPEC = """\
openapi: 3.1.0
info: {title: Imports, version: "1"}
servers: [{url: https://api.example.com}]
security: [{oauth: []}]
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
paths:
  /things:
    get:
      operationId: list
      x-clientgen-group: [v2]
      tags: [things]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}}}
  /events:
    get:
      operationId: events
      tags: [events]
      deprecated: true
      parameters: [{name: X-Trace, in: header, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {text/event-stream: {}}}
  /upload:
    post:
      operationId: upload
      tags: [files]
      requestBody:
        content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}
      responses: {"204": {description: done}}
webhooks:
  thingCreated:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses: {"200": {description: ok}}
"""


def test_modules_of_every_feature_need_no_import_pass(tmp_path: Path) -> None:
    """What the corpus lacks: a namespace, a method hiding a builtin, raw events, an HMAC-signed webhook."""
    spec = tmp_path / "openapi.yaml"
    spec.write_text(FEATURES_SPEC, encoding="utf-8")
    hmac = WebhookConfig(signature=HmacConfig("X-Signature"))
    files = _rendered(spec, ClientConfig.for_package("probe_client", Path("out"))._replace(webhooks=hmac))
    code = "".join(files.values())
    for used in ("import builtins", "HmacSignature(", "event_stream()", "multipart_fields(", "warn_deprecated("):
        assert used in code
    assert any(path.endswith("resources/v2.py") for path in files)
    fixed, _ = _ruff_check(files, tmp_path / "fixed", fix=True)
    assert {path: text for path, text in fixed.items() if text != files[path]} == {}
    assert _ruff_check(files, tmp_path / "checked", fix=False)[1] == ""
