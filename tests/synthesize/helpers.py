"""Small inline documentation folders and the look-ups the synthesizer tests share."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from generator.synthesize import Synthesis, synthesize
from generator.synthesize.findings import Finding, Findings
from generator.synthesize.pages import Page, parse_page

__all__ = [
    "REPO",
    "curl_page",
    "examples",
    "finding",
    "findings_of",
    "line_of",
    "op",
    "page_of",
    "request_schema",
    "resolve",
    "response_schema",
    "rules",
    "synth",
]

REPO = Path(__file__).resolve().parents[2]

Data = dict[str, Any]


def page_of(text: str, path: str = "page.mdx") -> tuple[Page, list[Finding]]:
    """One page parsed on its own, with the findings reading it made."""
    findings = Findings()
    page = parse_page(path, textwrap.dedent(text).lstrip("\n"), findings)
    return page, findings.sorted()


def synth(folder: Path, pages: dict[str, str | bytes], docs_json: Data | None = None) -> Synthesis:
    """Write ``pages`` (dedented text, or raw bytes) into ``folder`` and synthesize it."""
    for name, text in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    if docs_json is not None:
        (folder / "docs.json").write_text(json.dumps(docs_json), encoding="utf-8")
    return synthesize(folder)


def curl_page(
    title: str,
    curl: str,
    *,
    response: str | None = '{"statusCode": 200, "message": "success"}',
    fields: str = "",
    description: str = "A page written for a test.",
    extra: str = "",
) -> str:
    """An MDX page: frontmatter, a request example, one 200 response example, then ``fields``.

    ``curl`` is the request example's code (its first line is page line 8); ``fields``
    follows everything else, so tests find their fields' lines with :func:`line_of`.
    """
    parts = [
        "---",
        f'title: "{title}"',
        f'description: "{description}"',
        "---",
        "",
        "<RequestExample>",
        "```bash Request Example",
        textwrap.dedent(curl).strip("\n"),
        "```",
        "</RequestExample>",
        "",
    ]
    if response is not None:
        parts += [
            "<ResponseExample>",
            "```json Response Example 200",
            textwrap.dedent(response).strip("\n"),
            "```",
            "</ResponseExample>",
            "",
        ]
    if extra:
        parts += [textwrap.dedent(extra).strip("\n"), ""]
    if fields:
        parts += [textwrap.dedent(fields).strip("\n"), ""]
    return "\n".join(parts)


def findings_of(synthesis: Synthesis | list[Finding], rule: str, page: str | None = None) -> list[Finding]:
    items = synthesis.findings if isinstance(synthesis, Synthesis) else synthesis
    return [f for f in items if f.rule == rule and (page is None or f.page == page)]


def finding(synthesis: Synthesis | list[Finding], rule: str, page: str | None = None, *words: str) -> Finding:
    """The one finding of ``rule`` (on ``page``) whose message holds every word of ``words``."""
    found = [f for f in findings_of(synthesis, rule, page) if all(w in f.message for w in words)]
    everything = "\n".join(f"{f.page}:{f.line}: [{f.rule}] {f.message}" for f in _all(synthesis))
    assert len(found) == 1, f"{len(found)} {rule} findings on {page} with {words}; all findings:\n{everything}"
    return found[0]


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _all(synthesis: Synthesis | list[Finding]) -> list[Finding]:
    return list(synthesis.findings) if isinstance(synthesis, Synthesis) else synthesis


def op(synthesis: Synthesis, method: str, path: str) -> Data:
    operation: Data = synthesis.document["paths"][path][method.lower()]
    return operation


def resolve(synthesis: Synthesis, schema: Data) -> Data:
    """``schema``, or the component it refers to."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: Data = synthesis.document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def response_schema(synthesis: Synthesis, method: str, path: str, status: str = "200") -> Data:
    media = op(synthesis, method, path)["responses"][status]["content"]["application/json"]
    return resolve(synthesis, media["schema"])


def request_schema(synthesis: Synthesis, method: str, path: str) -> Data:
    media = op(synthesis, method, path)["requestBody"]["content"]["application/json"]
    return resolve(synthesis, media["schema"])


def examples(synthesis: Synthesis, method: str, path: str, status: str | None = "200") -> Data:
    """The named examples of a response (or, with ``status=None``, of the request body)."""
    operation = op(synthesis, method, path)
    holder = operation["requestBody"] if status is None else operation["responses"][status]
    found: Data = holder["content"]["application/json"]["examples"]
    return found


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of dedented ``text`` holding ``needle``."""
    lines = textwrap.dedent(text).lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)
