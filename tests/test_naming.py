"""tools/naming.py: the naming columns of docs/corpus.md (numbered classes, longest names, placeholder docs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import records
from generator.build import build
from generator.config import ClientConfig
from generator.front import prepare
from generator.ir import Api, Operation, Parameter
from generator.load import Spec
from tests.generator.helpers import write_text
from tools.corpus import Result, report
from tools.naming import NamingStats, main, naming_stats, placeholder, spec_stats

SPEC = """
openapi: 3.1.0
info: {title: Naming, version: '1'}
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters:
        - {name: pet_id, in: path, required: true, schema: {type: string}}
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
        - {name: tag, in: query, schema: {allOf: [{description: A tag.}]}}
        - {name: size, in: query, schema: {anyOf: [{type: integer, description: Size.}, {type: 'null'}]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Kind: {type: string, description: The kind of pet.}
    Pet:
      type: object
      properties:
        name: {type: string, description: The name.}
        collar: {type: string}
        home:
          oneOf:
            - {type: object, properties: {street: {type: string}}}
            - {type: object, properties: {lat: {type: number}}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Api, Spec, Path]:
    path = write_text(tmp_path_factory.mktemp("naming"), "naming.yaml", SPEC)
    spec = prepare([path]).checked()
    problems = spec.problems()
    api = build(spec, ClientConfig.for_package("naming_client", path.parent / "out"), problems)
    assert not problems.errors
    return api, spec, path


def _evolved(api: Api, **changes: str) -> Api:
    """``api`` with the descriptions of the named parameters of ``getPet`` replaced."""

    def change(p: Parameter) -> Parameter:
        return records.evolve(p, description=changes[p.name], notes="") if p.name in changes else p

    def op(o: Operation) -> Operation:
        return records.evolve(o, path_params=tuple(map(change, o.path_params)), params=tuple(map(change, o.params)))

    resources = tuple(records.evolve(r, operations=tuple(map(op, r.operations))) for r in api.resources)
    return records.evolve(api, resources=resources)


def test_numbered_classes_and_the_longest_names_are_counted(built: tuple[Api, Spec, Path]) -> None:
    api, spec, _ = built
    stats = naming_stats(api, spec)
    names = sorted(c.name for c in (*api.models, *api.enums))
    assert stats.classes == len(names)
    assert stats.numbered == sum(1 for n in names if n[-1].isdigit()) == 2, names
    assert stats.longest_class == max(names, key=len)
    assert stats.numbered_share == f"{100 * 2 / len(names):.1f}%"


def test_docs_found_in_the_graph_leave_no_placeholder(built: tuple[Api, Spec, Path]) -> None:
    api, spec, _ = built
    stats = naming_stats(api, spec)
    assert stats.placeholder_docs == 0
    # pet_id, collar, home and its two inline variants' fields are described nowhere.
    assert stats.undescribed == 5
    assert stats.docs == 4 + 5  # four parameters; Pet's three fields and one field of each variant


@pytest.mark.parametrize(
    ("changes", "placeholders", "undescribed"),
    [
        pytest.param({"kind": ""}, 1, 5, id="empty-although-ref-target-described"),
        pytest.param({"tag": "", "size": ""}, 2, 5, id="empty-although-all-of-and-any-of-described"),
        pytest.param({"pet_id": "(path parameter)"}, 1, 4, id="reads-as-placeholder"),
        pytest.param({"pet_id": ""}, 0, 5, id="empty-and-described-nowhere"),
    ],
)
def test_placeholder_docs_are_counted(
    built: tuple[Api, Spec, Path], changes: dict[str, str], placeholders: int, undescribed: int
) -> None:
    api, spec, _ = built
    stats = naming_stats(_evolved(api, **changes), spec)
    assert (stats.placeholder_docs, stats.placeholder_arguments, stats.undescribed) == (
        placeholders,
        placeholders,
        undescribed,
    )


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        pytest.param("(query parameter)", True, id="query"),
        pytest.param(" (request body field) ", True, id="body-field"),
        pytest.param("(path parameter)", True, id="path"),
        pytest.param("The id (path parameter).", False, id="described"),
        pytest.param("", False, id="empty"),
    ],
)
def test_placeholder_reads_only_the_bare_location(doc: str, expected: bool) -> None:
    assert placeholder(doc) is expected


def test_the_command_prints_the_figures_as_json(
    built: tuple[Api, Spec, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, path = built
    assert main([str(path)]) == 0
    printed = capsys.readouterr().out
    assert '"placeholder_docs": 0' in printed
    assert spec_stats(path).numbered == 2


def test_the_corpus_report_shows_the_naming_columns_and_lists_long_names() -> None:
    long_class = "A" * 61
    naming = NamingStats(
        classes=10,
        numbered=2,
        longest_class=long_class,
        longest_module="a",
        docs=30,
        placeholder_docs=3,
        placeholder_arguments=1,
        undescribed=4,
    )
    results = [
        Result(
            "big.yaml", "3.1.0", operations=1, exit=0, generated=1, reported=0, imports=True, mypy=True, naming=naming
        ),
        Result("none.yaml", "3.0.0", exit=2, first_problem="none.yaml:1: /: broken"),
    ]
    text = report(results, "python tools/corpus.py")
    assert "| 2 (20.0%) | 61 | 1 | 3 |" in text
    assert "| - | - | - | - |" in text  # no client, no figures
    assert "ends in a number: 2 of 10 (20.0%); specs with a class or module name over 60 characters: 1" in text
    assert f"- `big.yaml`: class `{long_class}` (61), module `a` (1)" in text
    assert "although the spec describes it): 3" in text
