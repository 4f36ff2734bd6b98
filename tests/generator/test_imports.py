"""Import blocks written by clientgen are the blocks ``ruff check --select I --fix`` leaves."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from generator.config import ClientConfig
from generator.formatting import ruff_program
from generator.imports import import_block
from generator.render import render

from .helpers import build_with, format_python

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


def _rendered(spec: Path) -> dict[str, str]:
    config = ClientConfig.for_package("probe_client", Path("out"))
    api, _ = build_with([spec], config)  # Swagger 2.0 converted too
    return render(api, format_code=False)


ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SPECS = [
    pytest.param(ROOT / "specs" / "afternoon" / "openapi.yaml", id="afternoon"),
    pytest.param(ROOT / "specs" / "mayar" / "openapi.yaml", id="mayar"),
    pytest.param(ROOT / "tests" / "hostile" / "specs" / "injection.yaml", id="injection"),
    pytest.param(ROOT / "tests" / "hostile" / "specs" / "odd-keys.yaml", id="odd-keys"),
    pytest.param(CORPUS / "dcg" / "api.yaml", id="dcg-api"),
    pytest.param(CORPUS / "twilio" / "yaml" / "twilio_messaging_v1.yaml", id="twilio-messaging"),
    pytest.param(CORPUS / "netlify" / "swagger.yml", id="netlify"),
]


@pytest.mark.parametrize("spec", SPECS)
def test_model_modules_need_no_import_pass(spec: Path) -> None:
    """Leaving model and enum modules out of ``ruff check --fix`` changes no byte of the package."""
    if not spec.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({spec})")
    files = _rendered(spec)
    models = [p for p in files if "/models/" in p and p.endswith(".py") and not p.endswith("__init__.py")]
    assert models
    assert format_python(files, models) == format_python(files)
