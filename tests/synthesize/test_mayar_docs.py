"""The real Mayar documentation (``../shared/mayar-docs``): every page that states an endpoint is an operation
with exactly that method and path, no emitted path is a damaged URL, and only pages stating one endpoint merge.

The stated endpoint is computed here from the page text, independently of the synthesizer: the ``api:``
frontmatter, else the first URL of the Production/Sandbox ``<CodeGroup>`` on a page with a request example or
parameters; the method from ``api:``, else the ``openapi:`` frontmatter, else the curl ``--request``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.synthesize import Synthesis, synthesize

from .helpers import REPO

DOCS = REPO.parent / "shared" / "mayar-docs"
pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="the Mayar documentation is not in ../shared/mayar-docs")

PLACEHOLDER = re.compile(r"\{[^{}/]+\}|:\w+|\(\w+\)|<\w+>")
LITERAL_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-|^(?=\w*\d\w*\d)(?=\w*[A-Za-z])\w{6,}$|^\d+$")


def stated(text: str) -> tuple[str, str] | None:
    """(METHOD, path) as the page states them, or None for a page that states no endpoint."""
    text = re.sub(r"\{/\*.*?\*/\}", "", text, flags=re.DOTALL)  # MDX comments are not shown
    api = re.search(r"^api:\s*[\"']?(\w+)\s+([^\"'\s]+)", text, re.MULTILINE)
    group = re.search(r"<CodeGroup>\s*```[^\n]*\n\s*(https?://\S+)", text)
    if api:
        method, url = api.group(1), api.group(2)
    elif group and ("<RequestExample>" in text or "<ParamField" in text):
        openapi = re.search(r"^openapi:\s*[\"']?(\w+)", text, re.MULTILINE)
        request = re.search(r"--request\s+(\w+)", text)
        method = openapi.group(1) if openapi else request.group(1) if request else "GET"
        url = group.group(1)
    else:
        return None
    return method.upper(), urlsplit(url).path


def shape(path: str) -> str:
    """The path with its parameters unnamed; an empty last segment is where the page's example puts one."""
    segments = [("{}" if PLACEHOLDER.fullmatch(s) else s) for s in path.split("/")]
    if len(segments) > 2 and segments[-1] == "":
        segments[-1] = "{}"
    return "/".join(segments)


@pytest.fixture(scope="module")
def mayar_docs() -> Synthesis:
    return synthesize(DOCS)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.mdx"))}


def operations(synthesis: Synthesis) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Page -> (METHOD, full path, operation)."""
    base = urlsplit(synthesis.document["servers"][0]["url"]).path
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in synthesis.document["paths"].items():
        for method, operation in item.items():
            for page in operation["x-clientgen-pages"]:
                found[page] = (method.upper(), base + path, operation)
    return found


def test_every_page_that_states_an_endpoint_is_that_operation(mayar_docs: Synthesis, pages: dict[str, str]) -> None:
    routed = operations(mayar_docs)
    statements = {page: s for page, text in pages.items() if (s := stated(text)) is not None}
    assert len(statements) == 133
    assert set(routed) == set(statements)
    for page, (method, path) in statements.items():
        got_method, got_path, _ = routed[page]
        assert got_method == method, page
        want, got = path.split("/"), got_path.split("/")
        assert len(got) == len(want), (page, path, got_path)
        documents_path_params = "Path Parameters" in pages[page]
        for written, emitted in zip(want, got, strict=True):
            if emitted.startswith("{"):
                assert PLACEHOLDER.fullmatch(written) or written == "" or documents_path_params, (page, path, got_path)
            else:
                assert emitted == written, (page, path, got_path)


def test_no_emitted_path_is_a_damaged_url_or_holds_a_literal_id(mayar_docs: Synthesis) -> None:
    for path in mayar_docs.document["paths"]:
        assert path.startswith("/") and "//" not in path and "http" not in path and "mayar" not in path, path
        assert not any(LITERAL_ID.search(s) for s in path.split("/") if not s.startswith("{")), path


def test_pages_merge_only_when_they_state_the_same_endpoint(mayar_docs: Synthesis, pages: dict[str, str]) -> None:
    merged = [
        op for item in mayar_docs.document["paths"].values() for op in item.values() if len(op["x-clientgen-pages"]) > 1
    ]
    assert merged
    for operation in merged:
        said = {(s[0], shape(s[1])) for page in operation["x-clientgen-pages"] if (s := stated(pages[page]))}
        assert len(said) == 1, operation["x-clientgen-pages"]
    reported = {f.page for f in mayar_docs.findings if f.rule == "pages-merged"}
    assert reported == {page for op in merged for page in op["x-clientgen-pages"][1:]}


def test_pages_not_made_operations_are_reported(mayar_docs: Synthesis, pages: dict[str, str]) -> None:
    routed = operations(mayar_docs)
    skipped = sorted(set(pages) - set(routed))
    assert len(skipped) == 7
    for page in skipped:
        assert {f.rule for f in mayar_docs.findings if f.page == page} & {"guide-page", "no-request-example"}, page


def test_the_report_says_what_each_page_became(mayar_docs: Synthesis, pages: dict[str, str]) -> None:
    report = mayar_docs.report()
    by_page = {entry["page"]: entry for entry in report["pages"]}
    assert set(by_page) == set(pages)
    routed = operations(mayar_docs)
    for page, entry in by_page.items():
        if page in routed:
            method, path, op = routed[page]
            assert (entry["operation"], entry["operationId"]) == (f"{method.upper()} {path}", op["operationId"])
            assert set(entry.get("merged_with", [])) == set(op["x-clientgen-pages"]) - {page}
        else:
            assert entry["operation"] is None
            assert entry["why"] and all(reason["rule"] and reason["line"] >= 1 for reason in entry["why"]), page
