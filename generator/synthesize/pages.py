"""Read one Mintlify documentation page into a :class:`Page`.

Two forms are accepted: the raw MDX source (YAML frontmatter with ``title`` and
``description``) and Mintlify's ``.md`` export (an ``# H1`` title followed by a
``> description`` quote). Either way the body holds MDX components:
``<RequestExample>`` and ``<ResponseExample>`` around fenced code, a
``<CodeGroup>`` of endpoint URLs per environment, ``<ParamField>`` and
``<ResponseField>`` (possibly inside ``<Expandable>``), and notes.

Nothing here decides what the API is; it only records what the page says and
where (every item keeps its line). Damage (unclosed tags, unknown components,
bad frontmatter) is reported as a finding and reading goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from .. import records
from .findings import Findings

__all__ = ["CodeBlock", "DocField", "Note", "Page", "Table", "parse_page", "status_of"]

# Components whose content is prose or layout: read through, never reported.
_LAYOUT = frozenset(
    {
        *("Note", "Info", "Warning", "Tip", "Check", "Danger", "Callout", "Badge", "Icon", "Tooltip", "Frame"),
        *("Accordion", "AccordionGroup", "Tabs", "Tab", "Card", "CardGroup", "Steps", "Step", "Update", "Snippet"),
        *("Columns", "Column"),
    }
)
_CONTAINERS = frozenset({"RequestExample", "ResponseExample", "CodeGroup", "Expandable"})
_FIELDS = frozenset({"ParamField", "ResponseField"})
_NOTES = frozenset({"Note", "Info", "Warning", "Tip", "Check", "Danger", "Callout"})
_LOCATIONS = ("query", "path", "body", "header")

_TAG = re.compile(r"""<(/?)([A-Z][A-Za-z0-9.]*)((?:"[^"]*"|'[^']*'|\{[^{}]*\}|[^"'{}<>/])*)(/?)>""")
_ATTR = re.compile(r"""([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}))?""")
_URL = re.compile(r"https?://[^\s)`'\"<>{}]+")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_STRUCTURE = re.compile(r"^(.*?)\s+Structure\b", re.IGNORECASE)
# An endpoint shown in the prose: "POST https://api.example.com/v1/things", "**GET** `/v1/things/{id}`".
_SHOWN = re.compile(
    r"^[\s>*_`]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[\s*_`:]+((?:https?:)?/[^\s`*]*)[\s*_`]*$", re.IGNORECASE
)
_ERRORS = re.compile(r"\berrors?\b|\bfailures?\b", re.IGNORECASE)
_STATUS_NAME = re.compile(r"^\s*([1-5]\d\d)(?![\d.])\s*(?:[-\u2013\u2014:]\s*)?(.*?)\s*$")
_SEGMENT = re.compile(r"^(.*?)((?:\[\d*\])*)$")


def status_of(name: str) -> tuple[int, str] | None:
    """``"400 Bad Request"`` -> ``(400, "Bad Request")``: a field named after a status code, or None."""
    match = _STATUS_NAME.match(name)
    return (int(match.group(1)), match.group(2)) if match else None


@records.frozen
class CodeBlock:
    info: str  # the fence's info string ("json Response Example 200 theme={null}")
    text: str  # dedented content
    line: int  # line of the first content line
    container: str  # the enclosing component ("RequestExample", "CodeGroup", ...) or ""
    section: str | None = None  # the section kind of the heading above it ("error", "response", ...)


@records.frozen
class DocField:
    tag: str  # "ParamField" or "ResponseField"
    name: str
    parents: tuple[str, ...]  # the enclosing fields, outermost first
    section: str | None  # "query", "path", "body", "header", "response" or None (no heading says)
    heading: str  # the heading the field sits under, as written
    attributes: tuple[tuple[str, str], ...]
    type: str
    required: bool
    default: str | None
    description: str
    line: int
    dotted: bool = False  # the name was written "parent.child"
    arrays: frozenset[int] = frozenset()  # positions in ``path`` written as arrays ("items[].rate": 0)

    @property
    def path(self) -> tuple[str, ...]:
        return (*self.parents, self.name)

    @property
    def attribute_locations(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.attributes if key in _LOCATIONS)


@records.frozen
class Note:
    text: str
    line: int
    section: str | None


@records.frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells)
    section: str | None
    heading: str
    line: int


@records.frozen
class Page:
    path: str
    title: str
    title_line: int
    description: str
    description_line: int
    frontmatter: tuple[tuple[str, Any], ...]
    code: tuple[CodeBlock, ...]
    fields: tuple[DocField, ...]
    notes: tuple[Note, ...]
    form: str  # "mdx" or "md-export"
    urls: tuple[tuple[str, int], ...] = ()  # every absolute URL on the page, with its line
    shown: tuple[tuple[str, str, int], ...] = ()  # (method, URL or path, line): endpoint lines in the prose
    tables: tuple[Table, ...] = ()  # markdown tables, with the section they sit in

    @property
    def is_guide(self) -> bool:
        """A page that documents no endpoint (an introduction, a guide): no fields, examples or operation."""
        examples = any(b.container in ("RequestExample", "ResponseExample", "CodeGroup") for b in self.code)
        stated = self.shown or {"openapi", "api"} & set(dict(self.frontmatter))
        return not self.fields and not examples and not stated

    def blocks(self, container: str) -> list[CodeBlock]:
        return [block for block in self.code if block.container == container]

    def front(self, key: str) -> Any:
        return dict(self.frontmatter).get(key)


def _section_kind(heading: str) -> str | None:
    text = heading.lower()
    if _ERRORS.search(text):
        return "error"
    if "response" in text:
        return "response"
    if "authorization" in text or "header" in text:
        return "header"
    if "path" in text:
        return "path"
    if "query" in text:
        return "query"
    if "body" in text:
        return "body"
    return None


def _attributes(text: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for match in _ATTR.finditer(text):
        key = match.group(1)
        value = next((g for g in match.group(2, 3, 4) if g is not None), "true")
        found.append((key, value))
    return tuple(found)


@records.mutable
class _Open:
    tag: str
    line: int
    attributes: tuple[tuple[str, str], ...] = ()
    text: list[str] = records.field(factory=list)
    parents: tuple[str, ...] = ()
    name: str = ""


@records.mutable
class _Reader:
    path: str
    lines: list[str]
    findings: Findings
    stack: list[_Open] = records.field(factory=list)
    code: list[CodeBlock] = records.field(factory=list)
    fields: list[DocField] = records.field(factory=list)
    notes: list[Note] = records.field(factory=list)
    section: str | None = None
    heading: str = ""
    structure: tuple[str, ...] = ()
    unknown: set[str] = records.field(factory=set)
    outer: tuple[str | None, str] | None = None  # the section an "### Errors" heading interrupted
    error_level: int = 0
    table: list[tuple[int, str]] = records.field(factory=list)
    shown: list[tuple[str, str, int]] = records.field(factory=list)  # endpoint lines in the prose
    in_comment: bool = False  # inside an MDX comment, whose endpoint lines are not shown

    def shown_line(self, stripped: str, number: int) -> None:
        """Note an endpoint shown on this line (outside MDX comments)."""
        visible, self.in_comment = _uncommented(stripped, self.in_comment)
        endpoint = _SHOWN.match(visible)
        if endpoint:
            self.shown.append((endpoint.group(1).upper(), endpoint.group(2), number))

    tables: list[Table] = records.field(factory=list)

    def warn(self, line: int, rule: str, message: str) -> None:
        self.findings.add(self.path, line, rule, message)

    # -- tags --------------------------------------------------------------------
    def open(self, tag: str, line: int, attributes: tuple[tuple[str, str], ...], self_closing: bool) -> None:
        if tag in _FIELDS and self.stack and self.stack[-1].tag in _FIELDS:
            inner = self.stack[-1]
            self.warn(inner.line, "unclosed-tag", f"<{inner.tag}> is not closed before the next field; closed here")
            self.close_top(line)
        if tag not in _FIELDS | _CONTAINERS | _LAYOUT and tag not in self.unknown:
            self.unknown.add(tag)
            self.warn(line, "unknown-tag", f"unknown component <{tag}>: its content is read as prose")
        item = _Open(tag, line, attributes)
        if tag in _FIELDS:
            item.parents, item.name = self._field_place(attributes, line)
        self.stack.append(item)
        if self_closing:
            self.close_top(line)

    def _field_place(self, attributes: tuple[tuple[str, str], ...], line: int) -> tuple[tuple[str, ...], str]:
        values = dict(attributes)
        name = values.get("name") or next((values[k] for k in _LOCATIONS if k in values), "")
        enclosing = next((o for o in reversed(self.stack) if o.tag in _FIELDS), None)
        parents = (*enclosing.parents, enclosing.name) if enclosing else self.structure
        return parents, name

    def close(self, tag: str, line: int) -> None:
        if not any(o.tag == tag for o in self.stack):
            self.warn(line, "stray-closing-tag", f"</{tag}> closes nothing: ignored")
            return
        while self.stack and self.stack[-1].tag != tag:
            inner = self.stack[-1]
            self.warn(inner.line, "unclosed-tag", f"<{inner.tag}> is not closed before </{tag}>; closed there")
            self.close_top(line)
        self.close_top(line)

    def close_top(self, line: int) -> None:
        item = self.stack.pop()
        text = _clean(item.text)
        if item.tag in _FIELDS:
            self._add_field(item, text)
        elif item.tag in _NOTES and text:
            self.notes.append(Note(text, item.line, self.section))

    def _add_field(self, item: _Open, description: str) -> None:
        values = dict(item.attributes)
        if not item.name:
            self.warn(item.line, "nameless-field", f"<{item.tag}> has no name: skipped")
            return
        names, arrays = _normalized((*item.parents, item.name))
        *parents, name = names
        required = values.get("required", "false").lower() not in ("false", "0")
        error = item.tag == "ResponseField" and status_of(names[0]) is not None
        self.fields.append(
            DocField(
                tag=item.tag,
                name=name,
                parents=tuple(parents),
                section="error" if error else self.section,
                heading=self.heading,
                attributes=item.attributes,
                type=values.get("type", ""),
                required=required,
                default=values.get("default"),
                description=description,
                line=item.line,
                dotted="." in item.name.strip("."),
                arrays=arrays,
            )
        )

    def text(self, text: str) -> None:
        if self.stack and text.strip():
            self.stack[-1].text.append(text)

    # -- headings -------------------------------------------------------------------
    def heading_line(self, level: int, title: str, line: int) -> None:
        while self.stack and self.stack[-1].tag in _FIELDS | _NOTES | {"Expandable"}:
            inner = self.stack[-1]
            self.warn(inner.line, "unclosed-tag", f"<{inner.tag}> is not closed before the heading on line {line}")
            self.close_top(line)
        self.end_table()
        if level <= 2:
            self.section, self.heading, self.structure = _section_kind(title), title, ()
            self.error_level = 0
            return
        if _ERRORS.search(title):  # "### Errors" under "## Response": until a heading as high as it
            self.outer = self.outer if self.error_level else (self.section, self.heading)
            self.section, self.heading, self.structure, self.error_level = "error", title, (), level
            return
        if self.error_level and level <= self.error_level and self.outer is not None:
            (self.section, self.heading), self.error_level = self.outer, 0
        match = _STRUCTURE.match(title)
        if not match:
            return
        name = match.group(1).strip().strip("`")
        if name.lower() in ("main", "root", ""):
            self.structure = ()
            return
        owner = next((f for f in reversed(self.fields) if f.name == name and f.section == self.section), None)
        self.structure = owner.path if owner else (name,)
        if owner is None:
            self.warn(line, "structure-without-field", f"heading {title!r} names no field documented above it")

    # -- tables ---------------------------------------------------------------------
    def table_line(self, number: int, line: str) -> None:
        self.table.append((number, line))

    def end_table(self) -> None:
        rows = [(n, tuple(cell.strip() for cell in line.strip().strip("|").split("|"))) for n, line in self.table]
        self.table = []
        rows = [(n, cells) for n, cells in rows if not all(re.fullmatch(r":?-+:?", c) for c in cells if c)]
        if len(rows) > 1:
            header = tuple(_plain(c) for c in rows[0][1])
            self.tables.append(Table(header, tuple(rows[1:]), self.section, self.heading, rows[0][0]))

    def finish(self) -> None:
        self.end_table()
        while self.stack:
            inner = self.stack[-1]
            self.warn(inner.line, "unclosed-tag", f"<{inner.tag}> is never closed")
            self.close_top(len(self.lines))


def _normalized(raw: tuple[str, ...]) -> tuple[list[str], frozenset[int]]:
    """Dotted and array notation: ``("data", "items[].rate")`` -> ``["data", "items", "rate"]``, arrays {1}."""
    names: list[str] = []
    arrays: set[int] = set()
    for element in raw:
        parts = [p for p in element.split(".") if p] if "." in element.strip(".") else [element]
        if len(parts) > 1 and names and _SEGMENT.sub(r"\1", parts[0]) == names[-1]:
            parts = parts[1:]  # "data.id" under a "data Structure" heading: data is said twice
        for part in parts:
            match = _SEGMENT.match(part)
            if match and match.group(2) and match.group(1).strip() and status_of(part) is None:
                arrays.add(len(names))
                part = match.group(1).strip()
            names.append(part)
    return names, frozenset(arrays)


def _plain(cell: str) -> str:
    return re.sub(r"[*`_]", "", cell).strip().lower()


def _clean(parts: list[str]) -> str:
    lines = "\n".join(parts).strip().splitlines()
    return "\n".join(line.strip() for line in lines).strip()


def _frontmatter(lines: list[str], reader: _Reader) -> tuple[dict[str, Any], int]:
    """The YAML between the leading ``---`` lines, and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        reader.warn(1, "bad-frontmatter", "frontmatter is never closed with '---': read as the page body")
        return {}, 0
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        reader.warn(line, "bad-frontmatter", f"frontmatter is not valid YAML: {getattr(error, 'problem', error)}")
        return {}, end + 1
    if data is None:
        data = {}
    if not isinstance(data, dict):
        reader.warn(1, "bad-frontmatter", "frontmatter is not a mapping: ignored")
        return {}, end + 1
    return {str(k): v for k, v in data.items()}, end + 1


def _joined(lines: list[str], start: int) -> Iterator[tuple[int, str]]:
    """Lines from ``start`` with an MDX tag split over several lines joined into one."""
    index = start
    while index < len(lines):
        line, number = lines[index], index + 1
        opening = re.search(r"<[A-Z][A-Za-z0-9.]*(\s[^>]*)?$", line)
        if opening and "```" not in line:
            end = index + 1
            while end < len(lines) and end - index <= 20 and ">" not in lines[end] and "```" not in lines[end]:
                end += 1
            if end < len(lines) and ">" in lines[end] and "```" not in lines[end]:
                line = " ".join(part.strip() for part in lines[index : end + 1])
                index = end
        yield number, line
        index += 1


def parse_page(path: str, text: str, findings: Findings) -> Page:
    """Everything the page says, with its lines. Never raises on bad content."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(path, lines, findings)
    front, start = _frontmatter(lines, reader)
    title = str(front.get("title") or "").strip()
    description = str(front.get("description") or "").strip()
    title_line = description_line = 1 if front else 0
    form = "mdx" if front else "md-export"

    numbered = list(_joined(lines, start))
    position = 0
    in_preamble = not front
    while position < len(numbered):
        number, line = numbered[position]
        position += 1
        stripped = line.strip()
        reader.shown_line(stripped, number)
        if stripped.startswith("|") and not any(o.tag in _FIELDS for o in reader.stack):
            reader.table_line(number, stripped)
            continue
        reader.end_table()
        if stripped.startswith("```"):
            position = _fence(numbered, position, number, line, reader)
            continue
        heading = _HEADING.match(stripped)
        if in_preamble and stripped.startswith(">") and not title:
            continue  # the export's "Documentation Index" quote before the title
        if heading and len(heading.group(1)) == 1 and not title:
            title, title_line = heading.group(2).strip(), number
            continue
        if title and in_preamble and stripped.startswith(">"):
            quote = stripped.lstrip(">").strip()
            if quote:
                description = f"{description} {quote}".strip() if description else quote
                description_line = description_line or number
            continue
        if stripped or description:
            in_preamble = False  # the export's description is the quote right under the title
        if heading:
            reader.heading_line(len(heading.group(1)), heading.group(2), number)
            continue
        _tags(line, number, reader)
    reader.finish()
    if not title:
        findings.add(path, 1, "no-title", "the page has no title (frontmatter `title` or a `# ` heading)")
    return Page(
        path=path,
        title=title,
        title_line=title_line or 1,
        description=description,
        description_line=description_line or title_line or 1,
        frontmatter=tuple(sorted(front.items())),
        code=tuple(reader.code),
        fields=tuple(reader.fields),
        notes=tuple(reader.notes),
        form=form,
        urls=_urls(lines),
        shown=tuple(reader.shown),
        tables=tuple(reader.tables),
    )


def _urls(lines: list[str]) -> tuple[tuple[str, int], ...]:
    """Every absolute URL on the page, with its line."""
    return tuple((m.group(0).rstrip(".,;:"), n) for n, line in enumerate(lines, 1) for m in _URL.finditer(line))


def _uncommented(text: str, in_comment: bool) -> tuple[str, bool]:
    """The part of a line outside MDX comments (``{/* … */}``), and whether a comment is still open after it."""
    out = ""
    while text:
        if in_comment:
            end = text.find("*/}")
            if end < 0:
                return out.strip(), True
            text, in_comment = text[end + 3 :], False
        else:
            start = text.find("{/*")
            if start < 0:
                return (out + text).strip(), False
            out, text, in_comment = out + text[:start], text[start + 3 :], True
    return out.strip(), in_comment


def _tags(line: str, number: int, reader: _Reader) -> None:
    cursor = 0
    for match in _TAG.finditer(line):
        reader.text(line[cursor : match.start()])
        cursor = match.end()
        closing, tag, attributes, self_closing = match.groups()
        if closing:
            reader.close(tag, number)
        else:
            reader.open(tag, number, _attributes(attributes or ""), bool(self_closing))
    reader.text(line[cursor:])


def _fence(numbered: list[tuple[int, str]], position: int, number: int, line: str, reader: _Reader) -> int:
    """Read a fenced block opened on ``line``; return the position after its closing fence."""
    indent = len(line) - len(line.lstrip())
    marker = line.strip()
    ticks = len(marker) - len(marker.lstrip("`"))
    info = marker[ticks:].strip()
    body: list[str] = []
    while position < len(numbered):
        _, content = numbered[position]
        position += 1
        if content.strip().startswith("`" * ticks) and not content.strip().strip("`"):
            break
        body.append(content[indent:] if content[:indent].strip() == "" else content.lstrip())
    else:
        reader.warn(number, "unclosed-code-block", "code block is never closed: read to the end of the page")
    container = next((o.tag for o in reversed(reader.stack) if o.tag in _CONTAINERS), "")
    reader.code.append(CodeBlock(info, "\n".join(body), number + 1, container, reader.section))
    return position
