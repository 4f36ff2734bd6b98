"""Damaged pages: each is a finding with its page and line, never an exception, and the rest still synthesize."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.synthesize import synthesize

from .helpers import REPO, curl_page, line_of, synth

GOOD = curl_page("Get Good", "curl --request GET 'https://api.example.com/v1/good'")

# name -> (page text or bytes, rule, text on the line the finding names; None: line 1)
DAMAGED: dict[str, tuple[str | bytes, str, str | None]] = {
    "broken-json.mdx": (
        curl_page("Get Broken", "curl 'https://api.example.com/v1/broken'", response='{\n  "a": 1\n  "b": 2\n}'),
        "bad-json-example",
        '"b": 2',
    ),
    "unknown-component.mdx": (
        curl_page("Get Foo", "curl 'https://api.example.com/v1/foo'", extra='<Foo bar="1">\n  Text.\n</Foo>'),
        "unknown-tag",
        "<Foo",
    ),
    "no-curl.mdx": (
        "---\ntitle: No Curl\n---\n\n<ResponseExample>\n```json 200\n{}\n```\n</ResponseExample>\n",
        "no-request-example",
        None,  # the frontmatter's title
    ),
    "bad-curl.mdx": (
        curl_page("Get Bad Curl", "curl --request GET --header 'Accept: application/json'"),
        "bad-request-example",
        "curl --request",
    ),
    "unclosed-field.mdx": (
        curl_page(
            "Get Unclosed",
            "curl 'https://api.example.com/v1/unclosed'",
            fields='## Query Parameters\n\n<ParamField query="a" type="string">\n  A.',
        ),
        "unclosed-tag",
        '<ParamField query="a"',
    ),
    "unclosed-fence.mdx": (
        "---\ntitle: Fence\n---\n\n<RequestExample>\n```bash\ncurl https://api.example.com/v1/fence\n",
        "unclosed-code-block",
        "```bash",
    ),
    "stray-close.mdx": (
        curl_page("Get Stray", "curl 'https://api.example.com/v1/stray'", extra="</ParamField>"),
        "stray-closing-tag",
        "</ParamField>",
    ),
    "bad-yaml.mdx": ('---\ntitle: "Bad\n  description: [\n---\n\nText.\n', "bad-frontmatter", "description: ["),
    "unclosed-frontmatter.mdx": ("---\ntitle: Never closed\n\nText.\n", "bad-frontmatter", None),
    "not-a-mapping.mdx": ("---\n- a\n- b\n---\n\nText.\n", "bad-frontmatter", None),
    "binary.mdx": (b"\xff\xfe\x00\x01garbage\x80\n", "unreadable-page", None),
    "latin-1.md": ("# Caf\xe9\n".encode("latin-1"), "unreadable-page", None),
    "empty.mdx": ("", "no-title", None),
    "untitled.md": ("Some prose and nothing else.\n", "no-title", None),
    "bad-type.mdx": (
        curl_page(
            "Get Typo",
            "curl 'https://api.example.com/v1/typo'",
            response='{"a": {}}',
            fields='## Response\n\n<ResponseField name="a" type="objext">\n  A.\n</ResponseField>',
        ),
        "unknown-type",
        'type="objext"',
    ),
    "bad-endpoint.mdx": (
        curl_page(
            "Get Endpoint",
            "curl 'https://api.example.com/v1/endpoint'",
            extra="<CodeGroup>\n```Production Production\nendpoint-without-host\n```\n</CodeGroup>",
        ),
        "bad-endpoint",
        "endpoint-without-host",
    ),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_page_is_a_finding_and_the_rest_synthesizes(tmp_path: Path, name: str) -> None:
    text, rule, at = DAMAGED[name]
    synthesis = synth(tmp_path, {"good.mdx": GOOD, name: text})
    found = [f for f in synthesis.findings if f.rule == rule and f.page == name]
    assert len(found) == 1, synthesis.findings
    expected = 1 if at is None else line_of(str(text), at)
    assert found[0].line == expected
    assert "/good" in synthesis.document["paths"]
    assert synthesis.pages == tuple(sorted(["good.mdx", name]))


def test_unknown_component_is_reported_once_per_page(tmp_path: Path) -> None:
    text = curl_page("Get Foo", "curl 'https://api.example.com/v1/foo'", extra="<Foo />\n\n<Foo>\n  x\n</Foo>")
    synthesis = synth(tmp_path, {"foo.mdx": text})
    assert [f.line for f in synthesis.findings if f.rule == "unknown-tag"] == [line_of(text, "<Foo />")]


def test_page_with_only_a_title_is_reported(tmp_path: Path) -> None:
    synthesis = synth(tmp_path, {"good.mdx": GOOD, "only-title.md": "# Only A Title\n"})
    assert "/good" in synthesis.document["paths"]
    assert [(f.page, f.line) for f in synthesis.findings if f.page == "only-title.md"] == [("only-title.md", 1)]


# Documentation writes placeholders into hosts ("https://[merchant].myr.id/..."): urlsplit raises on them.
BRACKETED_HOST = "https://[merchant].myr.id/v1/x"


@pytest.mark.parametrize(
    ("page", "rule", "at"),
    [
        (curl_page("Get X", f"curl '{BRACKETED_HOST}'"), "bad-request-example", "curl '"),
        (
            curl_page(
                "Get X",
                "curl 'https://api.example.com/v1/x'",
                extra=f"<CodeGroup>\n```Production Production\n{BRACKETED_HOST}\n```\n</CodeGroup>",
            ),
            "bad-endpoint",
            BRACKETED_HOST,
        ),
        (
            f"---\ntitle: X\napi: GET {BRACKETED_HOST}\n---\n\n## Response\n\n<ResponseField name='a' />",
            "bad-frontmatter",
            "---",
        ),
        (f"---\ntitle: Introduction\n---\n\nThe base URL is {BRACKETED_HOST}.\n", None, None),
    ],
    ids=["curl", "endpoint-template", "frontmatter-api", "guide"],
)
def test_bracketed_host_is_a_finding(tmp_path: Path, page: str, rule: str | None, at: str | None) -> None:
    synthesis = synth(tmp_path, {"good.mdx": GOOD, "x.mdx": page})
    assert "/good" in synthesis.document["paths"]
    if rule is not None and at is not None:
        assert [f.line for f in synthesis.findings if f.page == "x.mdx" and f.rule == rule] == [line_of(page, at)]


@pytest.fixture
def damaged_folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    synth(docs, {"good.mdx": GOOD, **{name: text for name, (text, _, _) in DAMAGED.items()}})
    return docs


def test_all_damage_in_one_folder(damaged_folder: Path) -> None:
    synthesis = synthesize(damaged_folder)
    paths = synthesis.document["paths"]
    assert {"/good", "/broken", "/foo", "/unclosed", "/stray", "/typo", "/endpoint"} <= set(paths)
    assert {(f.page, f.rule) for f in synthesis.findings} >= {(name, rule) for name, (_, rule, _) in DAMAGED.items()}


def test_cli_on_damaged_folder_exits_0_with_findings(
    damaged_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = str(damaged_folder)
    assert main(["synthesize", docs + "/", "--output", str(tmp_path / "spec.yaml")]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert f"{docs}/binary.mdx:1: the page cannot be read: " in err
    broken = line_of(str(DAMAGED["broken-json.mdx"][0]), '"b": 2')
    assert f"{docs}/broken-json.mdx:{broken}: example is not valid JSON" in err
    for line in err.splitlines():
        assert re.match(rf"^{re.escape(docs)}/[\w.-]+:\d+: \S", line), line
    assert (tmp_path / "spec.yaml").is_file()
    assert (tmp_path / "synthesis-report.json").is_file()
    assert out.startswith(f"{tmp_path / 'spec.yaml'}: ")


@pytest.mark.parametrize(
    "pages",
    [
        {},
        {"empty.mdx": "", "binary.mdx": b"\xff\xfe"},
        {"intro.mdx": "---\ntitle: Introduction\n---\n\nThe base URL is https://api.example.com/v1.\n"},
        {"no-curl.mdx": DAMAGED["no-curl.mdx"][0], "README.md": GOOD},
    ],
    ids=["no-pages", "unreadable", "guide-only", "no-curl"],
)
def test_cli_on_folder_without_operations_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pages: dict[str, str | bytes]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    synth(docs, pages)
    output = tmp_path / "spec.yaml"
    assert main(["synthesize", str(docs), "--output", str(output)]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines()[-1] == f"{docs}:1: /: no page in the folder yields an operation"
    assert "Traceback" not in err
    assert out == ""
    assert not output.exists()


def test_cli_on_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing"
    assert main(["synthesize", str(missing), "--output", str(tmp_path / "spec.yaml")]) == 2
    assert capsys.readouterr().err == f"{missing}:1: /: not a folder of documentation pages\n"


# -- random damage -------------------------------------------------------------------------------

REAL_PAGES = sorted((REPO / "specs" / "mayar" / "docs").rglob("*.mdx"))
RANDOM = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None, derandomize=True
)


def _synthesizes(name: str, text: str) -> None:
    assume(not re.search(r"//[^/\s]*[\[\]]", text))  # a bracketed host: test_bracketed_host_is_a_finding
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_text(text, encoding="utf-8")
        synthesis = synthesize(Path(folder))
    for finding in synthesis.findings:
        assert finding.page == name and finding.line >= 1


MDX_ALPHABET = st.sampled_from(
    [
        "\n",
        " ",
        "---",
        "title: x",
        "#",
        ">",
        "```",
        "<",
        ">",
        "/",
        '"',
        "{",
        "}",
        "curl ",
        "https://a.io/v1/x",
        "-d",
        "'",
        "<ParamField",
        "<ResponseField",
        "</ParamField>",
        "<Expandable>",
        "query=",
        "name=",
        "type=",
        "Structure",
        "## Response",
        "## Query Parameters",
        "<RequestExample>",
        "<ResponseExample>",
        "<CodeGroup>",
        "</CodeGroup>",
        "\\",
        "[",
        "]",
        ",",
        "//",
        "200",
        ":",
        "é",
        "\r",
        "\t",
    ]
)


@RANDOM
@given(st.text(max_size=400) | st.lists(MDX_ALPHABET, max_size=80).map("".join))
def test_random_text_never_raises(text: str) -> None:
    _synthesizes("page.mdx", text)


@RANDOM
@given(
    st.sampled_from(REAL_PAGES),
    st.lists(st.integers(min_value=0, max_value=300), max_size=12),
    st.integers(min_value=0, max_value=12000),
)
def test_damaged_real_pages_never_raise(page: Path, deleted: list[int], cut: int) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()
    kept = [line for index, line in enumerate(lines) if index not in set(deleted)]
    _synthesizes(page.name, "\n".join(kept)[:cut])
