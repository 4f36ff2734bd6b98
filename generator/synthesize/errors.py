"""A page's error documentation as error responses.

Pages document errors in several ways, all read here, by status:

* ``<ResponseField name="400 Bad Request">`` (or ``"404 — Not found"``), under an
  "Errors" heading or anywhere among the response fields: the name gives the status
  and a summary, the text a description, a JSON object in backticks an example,
  ``messages: "..."`` the fields the body has, and nested fields the body's schema;
* code blocks in an "Errors" section whose title names a status
  (``json Error Example 400``), and response examples titled with a status or
  "Error" (the body's ``statusCode`` then gives the status);
* the fields of an "Errors" section not named after a status (the error envelope,
  ``statusCode`` and ``message``): the schema of every error the section lists;
* a table in an "Errors" section with a status column: one response per status,
  described by the row.

What cannot be turned into a response (a 2xx outcome listed among the errors, an
error example naming no status, an example that is not JSON) is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from .. import records
from ..jsontext import JsonTextError, parse_json
from .doc_fields import doc_tree
from .pages import CodeBlock, DocField, Page, Table, status_of
from .schema import Node, from_example, merge

__all__ = ["ErrorDoc", "example_status", "read_errors", "unapplied_status_tables", "with_errors"]

Report = Callable[[int, str, str], None]  # (line, rule, message)

_STATUS = re.compile(r"\b([1-5]\d\d)\b")
_ERROR_TITLE = re.compile(r"\berror|\bfail", re.IGNORECASE)
_STATUS_KEYS = ("statusCode", "status_code", "status", "code")
_INLINE = re.compile(r"`([^`]+)`")
_PROSE_VALUE = re.compile(r"""^\s*([A-Za-z_][\w.]*)\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|(-?\d+))\s*$""")


@records.mutable
class ErrorDoc:
    status: int
    description: str
    node: Node | None
    examples: list[Any]
    line: int


@records.mutable
class _Status:
    line: int
    descriptions: list[str] = records.field(factory=list)
    examples: list[Any] = records.field(factory=list)
    shapes: list[Node] = records.field(factory=list)  # schemas from nested fields and prose values


def read_errors(
    page: Page, fields: list[DocField], node_of: Callable[[DocField], Node], report: Report
) -> list[ErrorDoc]:
    """Every error response the page documents, by status."""
    found: dict[int, _Status] = {}
    envelope = [f for f in fields if status_of(f.path[0]) is None]
    for f in fields:
        if not f.parents and status_of(f.name) is not None:
            _status_field(f, [c for c in fields if c.parents[:1] == (f.name,)], node_of, found, report)
    for block in page.code:
        if block.section == "error" and block.container not in ("RequestExample", "ResponseExample", "CodeGroup"):
            _error_block(block, found, report)
    for table in page.tables:
        if table.section == "error":
            _status_table(table, found, report)
    for block in page.blocks("ResponseExample"):  # the envelope fields type these errors' bodies too
        match = _STATUS.search(block.info)
        if match and int(match.group(1)) >= 300:
            _entry(found, int(match.group(1)), block.line)
    envelope_node = doc_tree(envelope, node_of) if envelope else None
    if envelope and not found:
        report(envelope[0].line, "error-fields-without-status", "error fields are documented but no status: ignored")
    errors = []
    for status, entry in sorted(found.items()):
        shapes = [*([envelope_node] if envelope_node else []), *entry.shapes]
        if entry.examples:
            shapes.append(from_example(*entry.examples))
        node = None
        for shape in shapes:
            node = shape if node is None else merge(node, shape)
        description = "\n\n".join(dict.fromkeys(entry.descriptions)) or f"Error {status}"
        errors.append(ErrorDoc(status, description, node, entry.examples, entry.line))
    return errors


def _entry(found: dict[int, _Status], status: int, line: int) -> _Status:
    return found.setdefault(status, _Status(line))


def _status_field(
    f: DocField,
    children: list[DocField],
    node_of: Callable[[DocField], Node],
    found: dict[int, _Status],
    report: Report,
) -> None:
    parsed = status_of(f.name)
    assert parsed is not None
    status, summary = parsed
    if status < 300:
        report(
            f.line,
            "success-in-errors",
            f"{f.name!r} is listed among the errors but its status is {status}: not an error response; "
            "the success response documents that body",
        )
        return
    entry = _entry(found, status, f.line)
    text = " ".join(f.description.split())
    entry.descriptions.append(f"{summary}: {text}" if summary and text else summary or text)
    prose: dict[str, Any] = {}
    for span in _INLINE.findall(f.description):
        if span.lstrip().startswith("{"):
            try:
                value = parse_json(span, f.line).value
            except JsonTextError as error:
                report(f.line, "bad-error-example", f"{f.name}: example {span!r} is {error}: kept in the description")
                continue
            if value not in entry.examples:
                entry.examples.append(value)
        elif (match := _PROSE_VALUE.match(span)) is not None:
            key, *values = match.groups()
            number = values[2]
            prose[key] = int(number) if number is not None else next(v for v in values[:2] if v is not None)
    if prose:  # `messages: "Validation Error"`: the body has that field (an incomplete body, not an example)
        shape = from_example(prose)
        shape.required = set()
        entry.shapes.append(shape)
    if children:
        rebased = [
            records.evolve(c, parents=c.parents[1:], arrays=frozenset(i - 1 for i in c.arrays if i)) for c in children
        ]
        entry.shapes.append(doc_tree(rebased, node_of))


def _error_block(block: CodeBlock, found: dict[int, _Status], report: Report) -> None:
    try:
        value = parse_json(block.text, block.line).value
    except JsonTextError as error:
        report(block.line, "bad-error-example", f"error example is {error}: ignored")
        return
    status = example_status(block, value, report)
    if status is None or status < 300:
        return
    entry = _entry(found, status, block.line)
    if value not in entry.examples:
        entry.examples.append(value)


def example_status(block: CodeBlock, value: Any, report: Report) -> int | None:
    """The status a response example is for: its title's, else (for an error title) its body's status field."""
    info = re.sub(r"theme=\{[^}]*\}", "", block.info)
    match = _STATUS.search(info)
    if match:
        return int(match.group(1))
    if not _ERROR_TITLE.search(info) and block.section != "error":
        report(block.line, "example-without-status", "response example names no status code: read as 200")
        return 200
    said = next((value[k] for k in _STATUS_KEYS if isinstance(value, dict) and isinstance(value.get(k), int)), None)
    if isinstance(said, int) and 100 <= said <= 599:
        if said >= 300:
            report(block.line, "error-status-from-body", f"error example names no status; its body says {said}: {said}")
        else:
            report(block.line, "example-without-status", "response example names no status code: read as 200")
        return said
    report(block.line, "error-without-status", "error example names no status, nor does its body: not a response")
    return None


def unapplied_status_tables(page: Page) -> list[tuple[int, str]]:
    """A status-code table on a page that makes no operation (a guide): which operations it means is not said."""
    found = []
    for table in page.tables:
        column = _status_column(table)
        cells = [row[column] for _, row in table.rows if column is not None and column < len(row)]
        statuses = [m.group(1) for m in map(_STATUS.search, cells) if m and int(m.group(1)) >= 300]
        if statuses:
            found.append(
                (
                    table.line,
                    f"the status table lists {', '.join(dict.fromkeys(statuses))} on a page that documents no "
                    "operation: not made an error response of any operation",
                )
            )
    return found


def _status_column(table: Table) -> int | None:
    return next((i for i, name in enumerate(table.header) if "status" in name or "code" in name), None)


def _status_table(table: Table, found: dict[int, _Status], report: Report) -> None:
    column = _status_column(table)
    if column is None:
        report(table.line, "error-table-without-status", "the table in the errors section has no status column")
        return
    for line, cells in table.rows:
        match = _STATUS.search(cells[column]) if column < len(cells) else None
        if match is None or int(match.group(1)) < 300:
            continue
        said = "; ".join(
            f"{table.header[i]}: {cell}" if i < len(table.header) and table.header[i] else cell
            for i, cell in enumerate(cells)
            if i != column and cell
        )
        _entry(found, int(match.group(1)), line).descriptions.append(said)


class _Response(Protocol):
    status: int
    node: Node | None
    examples: list[Any]
    line: int
    description: str


R = TypeVar("R", bound=_Response)


def with_errors(
    responses: list[R], errors: list[ErrorDoc], make: Callable[[int, Node | None, list[Any], int], R]
) -> list[R]:
    """The responses with the error responses added, merged into a response example's of the same status."""
    for error in errors:
        known = next((r for r in responses if r.status == error.status), None)
        if known is None:
            known = make(error.status, error.node, [], error.line)
            responses.append(known)
        elif error.node is not None:
            known.node = error.node if known.node is None else merge(error.node, known.node)
        known.examples.extend(e for e in error.examples if e not in known.examples)
        known.description = error.description
    return sorted(responses, key=lambda r: r.status)
