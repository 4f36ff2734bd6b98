"""Stage 1, load: YAML/JSON parsing, line lookup, ``$ref`` confinement, located errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.load import Document, load, parse_text
from generator.problems import Location, SpecError

from .helpers import write_text

MINIMAL = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}


def only_problem(error: SpecError) -> str:
    assert len(error.problems) == 1
    return error.problems[0].format()


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("openapi.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n", id="yaml"),
        pytest.param("openapi.json", json.dumps(MINIMAL, indent=2), id="json"),
        pytest.param("openapi.txt", json.dumps(MINIMAL), id="json-by-content"),
    ],
)
def test_yaml_and_json_load_to_the_same_plain_data(tmp_path: Path, name: str, text: str) -> None:
    path = write_text(tmp_path, name, text)
    spec = load(path)
    assert spec.root.data == MINIMAL
    assert spec.roots == (path,)
    assert spec.base_dir == tmp_path


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        pytest.param("2024-01-15", "2024-01-15", id="date"),
        pytest.param("2024-01-15T10:30:00Z", "2024-01-15T10:30:00Z", id="date-time"),
        pytest.param("2024-01-15 10:30:00", "2024-01-15 10:30:00", id="space-separated-date-time"),
    ],
)
def test_dates_stay_strings(yaml_value: str, expected: str) -> None:
    data = parse_text(Path("spec.yaml"), f"example: {yaml_value}\nnested: [{yaml_value}]\n")
    assert data == {"example": expected, "nested": [expected]}


def test_other_yaml_scalars_keep_their_json_types() -> None:
    data = parse_text(Path("spec.yaml"), "i: 1\nf: 1.5\nb: true\nn: null\ns: '1'\n")
    assert data == {"i": 1, "f": 1.5, "b": True, "n": None, "s": "1"}


def test_yaml_1_1_only_booleans_stay_strings() -> None:
    data = parse_text(Path("spec.yaml"), "enum: [SE, NO, DK]\nflags: [yes, off]\n")
    assert data == {"enum": ["SE", "NO", "DK"], "flags": ["yes", "off"]}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "bad.yaml",
            "openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n",
            "bad.yaml:4: /: invalid YAML: did not find expected ',' or ']'",
            id="yaml-unclosed-flow",
        ),
        pytest.param(
            "bad.yaml",
            "a: 1\nb: 2\n- c\n",
            "bad.yaml:3: /: invalid YAML: did not find expected key",
            id="yaml-sequence-in-mapping",
        ),
        pytest.param(
            "bad.yaml",
            "a: 1\nb: *nope\n",
            "bad.yaml:2: /: invalid YAML: found undefined alias",
            id="yaml-undefined-alias",
        ),
        pytest.param(
            "bad.json",
            '{\n  "a": 1,\n  "b": ,\n  "c": 2\n}\n',
            "bad.json:3: /: invalid JSON: Expecting value",
            id="json-missing-value",
        ),
        pytest.param(
            "bad.json",
            '{\n  "a": 1\n',
            "bad.json:3: /: invalid JSON: Expecting ',' delimiter",
            id="json-truncated",
        ),
    ],
)
def test_invalid_text_is_a_located_spec_error(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write_text(tmp_path, name, text)
    with pytest.raises(SpecError) as caught:
        load(path)
    assert only_problem(caught.value) == f"{tmp_path}/{expected}"


def test_unreadable_file_is_a_located_spec_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(SpecError) as caught:
        load(missing)
    assert only_problem(caught.value) == f"{missing}:1: /: cannot read: No such file or directory"


def test_non_utf8_file_is_a_located_spec_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SpecError) as caught:
        load(path)
    assert only_problem(caught.value).startswith(f"{path}:1: /: not UTF-8 text:")


# --- the alias guard ---------------------------------------------------------------------------


def aliases(count: int, anchor: str = "a") -> str:
    return f"base: &{anchor} {{x: 1}}\nitems:\n" + "".join(f"  - *{anchor}\n" for _ in range(count))


def test_many_aliases_that_expand_little_are_accepted() -> None:
    data = parse_text(Path("spec.yaml"), aliases(5000))
    assert len(data["items"]) == 5000
    assert data["items"][0] == {"x": 1}


def test_markdown_emphasis_in_descriptions_is_not_counted_as_aliases() -> None:
    text = "schemas:\n" + "".join(f"  S{i}:\n    description: use *only* this one\n" for i in range(1001))
    data = parse_text(Path("spec.yaml"), text)
    assert len(data["schemas"]) == 1001


def test_exponential_alias_expansion_is_refused() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(SpecError, match="alias"):
        parse_text(Path("laughs.yaml"), "\n".join(lines) + "\n")


# --- line lookup -------------------------------------------------------------------------------

YAML_FOR_LINES = """\
openapi: 3.1.0
info:
  title: T
  version: '1'
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: q
          in: query
      responses:
        '200':
          description: ok
components:
  schemas:
    a~b: {type: string}
"""


@pytest.mark.parametrize(
    ("pointer", "line"),
    [
        pytest.param("", 1, id="root"),
        pytest.param("/openapi", 1, id="first-key"),
        pytest.param("/info/version", 4, id="nested-key"),
        pytest.param("/paths/~1a~1{id}/get", 7, id="escaped-slash"),
        pytest.param("/paths/~1a~1{id}/get/parameters/1", 11, id="array-item"),
        pytest.param("/paths/~1a~1{id}/get/parameters/1/in", 12, id="key-in-array-item"),
        pytest.param("/paths/~1a~1{id}/get/responses/200/description", 15, id="numeric-key"),
        pytest.param("/components/schemas/a~0b", 18, id="escaped-tilde"),
        pytest.param("/info/missing", 2, id="missing-key-gives-nearest-parent"),
        pytest.param("/paths/~1a~1{id}/get/parameters/9", 8, id="index-out-of-range-gives-parent"),
    ],
)
def test_line_of_a_yaml_pointer(tmp_path: Path, pointer: str, line: int) -> None:
    spec = load(write_text(tmp_path, "openapi.yaml", YAML_FOR_LINES))
    assert spec.root.line_of(pointer) == line
    assert spec.locate(Location(spec.roots[0], pointer)).line == line


def test_line_of_a_json_pointer(tmp_path: Path) -> None:
    data = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"tags": ["x"]}}}}
    spec = load(write_text(tmp_path, "openapi.json", json.dumps(data, indent=2)))
    text = spec.root.text.splitlines()
    for pointer, needle in [("/info/version", '"version"'), ("/paths/~1a/get/tags/0", '"x"')]:
        line = spec.root.line_of(pointer)
        assert line is not None
        assert needle in text[line - 1]


def test_line_of_is_none_for_a_file_of_another_spec(tmp_path: Path) -> None:
    spec = load(write_text(tmp_path, "openapi.yaml", YAML_FOR_LINES))
    assert spec.locate(Location(tmp_path / "other.yaml", "/info")).line is None


def test_line_of_a_pointer_in_json_indented_with_tabs(tmp_path: Path) -> None:
    document = Document(
        tmp_path / "spec.json", MINIMAL, '{\n\t"openapi": "3.1.0",\n\t"info": {\n\t\t"title": "T"\n\t}\n}\n'
    )
    assert document.line_of("/info/title") == 4


# --- $ref --------------------------------------------------------------------------------------


def test_relative_file_refs_are_followed_and_resolved(tmp_path: Path) -> None:
    root = write_text(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /pets:
            $ref: 'paths/pets.yaml'
        """,
    )
    write_text(
        tmp_path,
        "paths/pets.yaml",
        """
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '../schemas/pet.yaml#/Pet'}
        """,
    )
    write_text(tmp_path, "schemas/pet.yaml", "Pet:\n  type: object\n")
    spec = load(root)
    assert set(spec.documents) == {root, tmp_path / "paths/pets.yaml", tmp_path / "schemas/pet.yaml"}
    where, item = spec.resolve(Location(root, "/paths/~1pets"), "paths/pets.yaml")
    assert where == Location(tmp_path / "paths/pets.yaml", "")
    schema_ref = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    target, pet = spec.resolve(where, schema_ref)
    assert target == Location(tmp_path / "schemas/pet.yaml", "/Pet")
    assert pet == {"type": "object"}


def test_a_file_referenced_twice_is_loaded_once(tmp_path: Path) -> None:
    root = write_text(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        a: {$ref: 'common.yaml#/A'}
        b: {$ref: './common.yaml#/B'}
        c: {$ref: 'sub/../common.yaml#/A'}
        """,
    )
    write_text(tmp_path, "common.yaml", "A: 1\nB: 2\n")
    assert set(load(root).documents) == {root, tmp_path / "common.yaml"}


REF_SPEC = """\
openapi: 3.1.0
info: {{title: T, version: '1'}}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '{ref}'
"""
REF_POINTER = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        pytest.param("../outside.yaml#/X", "$ref '../outside.yaml#/X' leaves the spec's folder {base}", id="parent"),
        pytest.param("/etc/passwd", "$ref '/etc/passwd' is an absolute path: not followed", id="absolute-path"),
        pytest.param(
            "%2e%2e/outside.yaml", "$ref '%2e%2e/outside.yaml' leaves the spec's folder {base}", id="percent-encoded"
        ),
        pytest.param(
            "sub/../../outside.yaml",
            "$ref 'sub/../../outside.yaml' leaves the spec's folder {base}",
            id="dot-dot-after-subfolder",
        ),
        pytest.param(
            "http://example.com/schemas.yaml#/Pet",
            "remote $ref 'http://example.com/schemas.yaml#/Pet' is not supported",
            id="http-url",
        ),
        pytest.param("file:///etc/passwd", "remote $ref 'file:///etc/passwd' is not supported", id="file-url"),
        pytest.param("missing.yaml#/X", "$ref 'missing.yaml#/X': no such file", id="missing-file"),
    ],
)
def test_refs_outside_the_folder_are_located_errors(tmp_path: Path, ref: str, message: str) -> None:
    spec_dir = tmp_path / "spec"
    write_text(tmp_path, "outside.yaml", "X: {type: string}\n")
    root = write_text(spec_dir, "openapi.yaml", REF_SPEC.format(ref=ref))
    with pytest.raises(SpecError) as caught:
        load(root)
    assert only_problem(caught.value) == f"{root}:12: {REF_POINTER}: {message.format(base=spec_dir)}"


def test_a_symlink_that_leads_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    outside = write_text(tmp_path, "secret.yaml", "X: {type: string}\n")
    root = write_text(spec_dir, "openapi.yaml", REF_SPEC.format(ref="link.yaml#/X"))
    os.symlink(outside, spec_dir / "link.yaml")
    with pytest.raises(SpecError) as caught:
        load(root)
    assert only_problem(caught.value) == (
        f"{root}:12: {REF_POINTER}: $ref 'link.yaml#/X' leaves the spec's folder {spec_dir}"
    )


def test_every_bad_ref_is_reported_not_only_the_first(tmp_path: Path) -> None:
    root = write_text(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        a: {$ref: 'http://example.com/a.yaml'}
        b:
          $ref: '/etc/passwd'
        """,
    )
    with pytest.raises(SpecError) as caught:
        load(root)
    assert sorted(p.format() for p in caught.value.problems) == [
        f"{root}:2: /a/$ref: remote $ref 'http://example.com/a.yaml' is not supported",
        f"{root}:4: /b/$ref: $ref '/etc/passwd' is an absolute path: not followed",
    ]


def test_a_ref_to_nothing_raises_when_resolved(tmp_path: Path) -> None:
    root = write_text(tmp_path, "openapi.yaml", REF_SPEC.format(ref="#/components/schemas/Missing"))
    spec = load(root)
    with pytest.raises(SpecError, match=r"\$ref '#/components/schemas/Missing' points at nothing"):
        spec.resolve(Location(root, REF_POINTER.removesuffix("/$ref")), "#/components/schemas/Missing")


def test_a_ref_to_nothing_is_reported_at_the_line_of_the_ref(tmp_path: Path) -> None:
    root = write_text(tmp_path, "openapi.yaml", REF_SPEC.format(ref="#/components/schemas/Missing"))
    spec = load(root)
    schema = REF_POINTER.removesuffix("/$ref")
    with pytest.raises(SpecError) as caught:
        spec.resolve(Location(root, schema), "#/components/schemas/Missing")
    assert only_problem(caught.value) == (f"{root}:11: {schema}: $ref '#/components/schemas/Missing' points at nothing")


def test_refs_inside_example_values_are_data_neither_followed_nor_refused(tmp_path: Path) -> None:
    write_text(tmp_path, "example.yaml", "type: string\n")
    path = write_text(
        tmp_path,
        "openapi.yaml",
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          examples:
            Shared: {value: {schema: {$ref: 'https://cdn.example/common.json#Number'}}}
          schemas:
            Definition:
              type: object
              properties:
                example: {$ref: 'example.yaml'}
                value: {type: string}
              example: {schema: {$ref: 'https://cdn.example/common.json#Number'}}
              examples: [{$ref: '../outside.yaml'}]
        """,
    )
    spec = load(path)
    # The property named `example` is a schema: its file is loaded; the example values are left alone.
    assert sorted(p.name for p in spec.documents) == ["example.yaml", "openapi.yaml"]


def test_json_with_trailing_commas_is_read_with_a_located_warning(tmp_path: Path) -> None:
    """Real specs ship JSON with trailing commas and comments: read without them, with a warning."""
    path = write_text(tmp_path, "spec.json", '{\n  "openapi": "3.1.0", // the version\n  "paths": {},\n}\n')
    spec = load(path)
    assert spec.root.data == {"openapi": "3.1.0", "paths": {}}
    ((line, message),) = spec.root.notes
    assert line == 2
    assert message.endswith("the file has comments and trailing commas, read without them")


# --- how far $refs reach by default ---------------------------------------------------------------

SEPARATE = """\
openapi: 3.0.0
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      responses:
        default:
          description: error
          content: {application/json: {schema: {$ref: '../common/Error.yaml'}}}
"""


def separate_layout(root: Path) -> Path:
    """The OpenAPI Initiative's petstore-separate layout: ``spec/`` refers to ``../common/``."""
    write_text(root, "common/Error.yaml", "type: object\nproperties: {message: {type: string}}\n")
    return write_text(root, "spec/swagger.yaml", SEPARATE)


def test_refs_reach_anywhere_in_the_spec_s_git_work_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    spec = load(separate_layout(repo))
    assert spec.base_dir == repo
    assert sorted(p.relative_to(repo).as_posix() for p in spec.documents) == ["common/Error.yaml", "spec/swagger.yaml"]


def test_a_git_work_tree_whose_git_is_a_file_counts_too(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n", encoding="utf-8")
    assert load(separate_layout(tmp_path)).base_dir == tmp_path


def test_without_a_git_work_tree_refs_reach_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    separate_layout(tmp_path / "petstore")
    monkeypatch.chdir(tmp_path / "petstore")
    spec = load(Path("spec/swagger.yaml"))
    assert spec.base_dir == Path(".")
    assert Path("common/Error.yaml") in spec.documents


def test_a_spec_outside_the_current_folder_and_any_git_work_tree_keeps_to_its_own_folder(tmp_path: Path) -> None:
    root = separate_layout(tmp_path)
    with pytest.raises(SpecError) as caught:
        load(root)
    assert only_problem(caught.value).endswith(f"$ref '../common/Error.yaml' leaves the spec's folder {root.parent}")


def test_refs_root_still_narrows_the_reach_inside_a_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    root = separate_layout(tmp_path)
    with pytest.raises(SpecError) as caught:
        load(root, refs_root=root.parent)
    assert only_problem(caught.value).endswith(f"$ref '../common/Error.yaml' leaves the $ref root {root.parent}")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        pytest.param("../../outside.yaml#/X", "leaves the spec's git work tree {repo}", id="dot-dot-out"),
        pytest.param("link.yaml#/X", "leaves the spec's git work tree {repo}", id="symlink-out"),
        pytest.param("{absolute}#/X", "is an absolute path: not followed", id="absolute-inside"),
    ],
)
def test_the_git_work_tree_confines_refs(tmp_path: Path, ref: str, message: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = write_text(tmp_path, "outside.yaml", "X: {type: string}\n")
    inside = write_text(repo, "inside.yaml", "X: {type: string}\n")
    ref = ref.format(absolute=inside)
    root = write_text(repo / "spec", "openapi.yaml", REF_SPEC.format(ref=ref))
    os.symlink(outside, repo / "spec" / "link.yaml")
    with pytest.raises(SpecError) as caught:
        load(root)
    assert only_problem(caught.value) == f"{root}:12: {REF_POINTER}: $ref {ref!r} {message.format(repo=repo)}"
