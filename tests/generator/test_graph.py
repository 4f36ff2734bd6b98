"""The schema graph: one node per place, ``$ref``s resolved once, cycles and bad shapes reported once."""

from __future__ import annotations

from pathlib import Path

from generator.front import prepare
from generator.graph import Schema, SchemaGraph
from generator.problems import Location, Problems

from .helpers import write_text

SPEC = """
openapi: 3.1.0
info: {title: Tree, version: '1'}
paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
        label: {$ref: 'shared.yaml#/Label'}
        broken: {$ref: '#/components/schemas/Missing'}
        loop: {$ref: '#/components/schemas/A'}
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
    Odd: {type: object, properties: [1, 2]}
    Either: {anyOf: [{type: string}, {$ref: '#/components/schemas/Node'}]}
"""


def _graph(tmp_path: Path) -> tuple[SchemaGraph, Problems, Schema]:
    write_text(tmp_path, "shared.yaml", "Label: {type: string, description: A label.}\n")
    spec = prepare([write_text(tmp_path, "tree.yaml", SPEC)]).checked()
    problems = spec.problems()
    graph = SchemaGraph(spec, problems)
    root = Location(spec.roots[0], "/components/schemas")
    node = graph.at(root.child("Node"), spec.root.data["components"]["schemas"]["Node"])
    return graph, problems, node


def test_each_place_is_one_node_and_a_recursive_schema_is_a_cycle(tmp_path: Path) -> None:
    _, _, node = _graph(tmp_path)
    parent = node.properties["parent"]
    assert parent.is_ref and parent.target is node
    assert parent.resolved().name == "Node"
    items = node.properties["children"].items
    assert items is not None and items.target is node
    assert node.properties["parent"] is parent  # asked twice, the same node


def test_a_ref_into_another_file_resolves_to_that_files_node(tmp_path: Path) -> None:
    _, _, node = _graph(tmp_path)
    label = node.properties["label"].target
    assert label.location.file.name == "shared.yaml" and label.location.pointer == "/Label"
    assert label.text("description") == "A label." and label.types == ["string"]
    assert node.properties["label"].resolved().name == "Label"


def test_dangling_and_circular_refs_are_reported_once_and_mean_any_value(tmp_path: Path) -> None:
    _, problems, node = _graph(tmp_path)
    broken, loop = node.properties["broken"], node.properties["loop"]
    for _ in range(3):
        assert broken.target.raw == {} and broken.resolved().name is None
        assert loop.target.raw == {}
    messages = [p.message for p in problems.warnings]
    assert messages == [
        "$ref '#/components/schemas/Missing' points at nothing: any value",
        "$ref cycle through '#/components/schemas/A': treated as any value",
    ]


def test_a_keyword_of_the_wrong_shape_is_reported_once_and_read_as_absent(tmp_path: Path) -> None:
    graph, problems, node = _graph(tmp_path)
    odd = node.graph.reference("#/components/schemas/Odd", node.location).target
    assert odd.properties == {} and odd.properties == {}
    assert [(p.location.pointer, p.message) for p in problems.warnings] == [
        ("/components/schemas/Odd/properties", "properties must be an object: ignored")
    ]
    either = graph.reference("#/components/schemas/Either", node.location).target
    variants = either.parts("anyOf")
    assert variants is not None and [v.types for v in variants] == [["string"], []]
    assert variants[1].target is node
    assert either.parts("oneOf") is None


def test_a_deep_chain_of_refs_resolves_without_recursion(tmp_path: Path) -> None:
    depth = 5000
    schemas = "\n".join(f"    S{i}: {{$ref: '#/components/schemas/S{i + 1}'}}" for i in range(depth))
    text = f"openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}\n"
    text += f"    S{depth}: {{type: integer}}\n"
    spec = prepare([write_text(tmp_path, "deep.yaml", text)]).checked()
    graph = SchemaGraph(spec, spec.problems())
    start = graph.reference("#/components/schemas/S0", Location(spec.roots[0]))
    assert start.target.types == ["integer"] and start.resolved().name == f"S{depth}"
