"""The fast YAML reader declines every text where it and PyYAML could disagree, and agrees on the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml.reader import Reader

from generator.fastyaml import _REFUSED, fast_load, risky
from generator.load import parse_yaml
from tools.yaml_parity import DEFAULT, first_difference, parity

# Spelled like this, a plain scalar is read differently by YAML 1.1 (PyYAML) and yaml-rs.
DIFFERENT = ["3e-05", "3e5", "3E+5", "1.0e5", "0.1e1", "-.5", "010", "08", "0o7", "1:30", "-1:30", "12:30:00", "="]
# Read alike (measured): declining these would only cost time.
ALIKE = ["1.0e+5", "1.5e-3", ".5", "1.", "0x1f", "0b101", "1_000", ".inf", "+1", "0", "00", "-0.0", "1.10", "~"]


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("a: {}\n", id="value"),
        pytest.param("{}: a\n", id="key"),
        pytest.param("a:\n  - {}\n", id="item"),
        pytest.param("a: [1, {}]\n", id="flow-item"),
        pytest.param("a: {{b: {}}}\n", id="flow-value"),
        pytest.param("{}\n", id="document"),
    ],
)
@pytest.mark.parametrize("scalar", DIFFERENT)
def test_a_number_the_two_read_differently_is_left_to_pyyaml(template: str, scalar: str) -> None:
    assert risky(template.format(scalar))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: !!str 1\n", id="tag"),
        pytest.param("a: &x 1\nb: *x\n", id="anchor"),
        pytest.param("a: {b: 1}\nc:\n  <<: {d: 2}\n", id="merge-key"),
        pytest.param("? [a]\n: 1\n", id="complex-key"),
        pytest.param("%YAML 1.1\n---\na: 1\n", id="directive"),
        pytest.param("a: 1\n---\nb: 2\n", id="two-documents"),
        pytest.param("a:\n\tb: 1\n", id="tab-indent"),
        pytest.param("a: '\x07'\n", id="refused-character"),
        pytest.param("a: |\n  text", id="no-final-line-break"),
        pytest.param("  \n", id="empty"),
    ],
)
def test_a_construct_the_two_may_read_differently_is_left_to_pyyaml(text: str) -> None:
    assert risky(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: 1\nb: [x, 2.5]\nc: {d: null, e: true}\n", id="plain"),
        pytest.param("description: |\n  Costs 3e-05 per call; 010 is a code; at 12:30 UTC.\n", id="prose"),
        pytest.param("url: 'https://x.example/?a=b&c=d'\nversion: '2024-01-15'\n", id="quoted"),
        *(pytest.param(f"a: {s}\n", id=f"alike-{s}") for s in ALIKE),
    ],
)
def test_what_the_two_read_alike_takes_the_fast_path(text: str) -> None:
    assert not risky(text)


@pytest.mark.parametrize("scalar", DIFFERENT + ALIKE)
def test_fast_data_is_pyyamls_data(scalar: str) -> None:
    pytest.importorskip("yaml_rs")
    text = f"a: {scalar}\nb: [{scalar}]\n"
    fast = fast_load(text)
    assert (fast is None) == (scalar in DIFFERENT)
    if fast is not None:
        assert first_difference(parse_yaml(Path("x.yaml"), text), fast) is None


def test_without_yaml_rs_pyyaml_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "yaml_rs", None)  # an import of it fails
    assert fast_load("a: 1\n") is None


def test_the_fast_reader_gives_pyyamls_data_on_every_yaml_file_of_the_corpus() -> None:
    pytest.importorskip("yaml_rs")
    counts, wrong, _kept = parity([folder for folder in DEFAULT if folder.is_dir()])
    assert wrong == []
    assert counts["fast"] > counts["declined"], counts


def test_first_difference_tells_types_and_key_order_apart() -> None:
    assert first_difference({"a": 1}, {"a": True}) is not None
    assert first_difference({"a": 1}, {"a": 1.0}) is not None
    assert first_difference({"a": 1, "b": 2}, {"b": 2, "a": 1}) is not None
    assert first_difference({"a": [1, {"b": "x"}]}, {"a": [1, {"b": "x"}]}) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: 1\nb: [x, 2.5]", id="plain"),
        pytest.param("a: |-\n  kept as it is", id="stripped-block"),
        pytest.param("a: 'quoted\n  on two lines'", id="quoted-two-lines"),
        pytest.param("a:\n  - x\n  - y  # a comment", id="comment"),
    ],
)
def test_a_text_without_a_final_line_break_is_read_fast_where_the_data_cannot_differ(text: str) -> None:
    fast = fast_load(text)
    assert fast is not None
    assert first_difference(parse_yaml(Path("t.yaml"), text), fast) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: |\n  text", id="clipped-block"),
        pytest.param("a: |+\n  text", id="kept-block"),
        pytest.param("a: >\n  folded\n  text", id="folded-block"),
        pytest.param("a:\n  - |\n    text", id="block-item"),
        pytest.param("a: |\n  text\nb: last", id="any-string-ending-with-a-break"),  # declined, though b ends it
    ],
)
def test_a_text_without_a_final_line_break_ending_in_a_block_scalar_is_left_to_pyyaml(text: str) -> None:
    assert fast_load(text) is None


def test_the_refused_characters_are_those_pyyaml_s_reader_refuses() -> None:
    """The class of refused characters is written as the ranges YAML's printable set leaves out."""
    every = "".join(map(chr, range(0x110000)))
    refused = [m.start() for m in _REFUSED.finditer(every)]
    assert refused == [m.start() for m in Reader.NON_PRINTABLE.finditer(every)]
    assert len(refused) == 61 + 2048 + 2  # C0 and C1 controls but tab, line breaks and NEL; surrogates; U+FFFE/F
