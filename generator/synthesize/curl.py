"""Read a curl request example, and JSON the way documentation writes it.

``parse_curl`` understands what request examples use: ``--request``/``-X``,
``--url`` or a bare URL, ``--header``/``-H``, and the data options (``--data``,
``--data-raw``, ``--data-binary``, ``-d``, ``--json``), which make the request a
POST when no method is given, as curl does. What documentation gets wrong is
repaired, each repair kept with its page line (:attr:`Curl.repairs`): a URL quoted
with backticks, an option glued to its quote (``--data-raw'{``), a quote never
closed, a URL written ``https:host//path`` or with doubled slashes (:func:`repair_url`).
``parse_json`` accepts ``//`` and
``/* */`` comments outside strings and trailing commas, keeps the comments by
the key they follow, and reports the page line of a syntax error.
"""

from __future__ import annotations

import re
import shlex
from urllib.parse import SplitResult, parse_qsl, urlsplit

from .. import records
from ..jsontext import JsonText, JsonTextError, parse_json

__all__ = ["Curl", "CurlError", "JsonText", "JsonTextError", "parse_curl", "parse_json", "repair_url", "split_url"]

_DATA_OPTIONS = frozenset({"--data", "--data-raw", "--data-binary", "--data-ascii", "-d", "--json"})
_VALUE_OPTIONS = frozenset({"--user", "-u", "--output", "-o", "--user-agent", "-A", "--cookie", "-b", "--form", "-F"})
# A URL between backticks, or opened by one quote and closed by another: `https://…`, 'https://…`
_TICKED_URL = re.compile(r"""([`'"]?)(https?:[^\s`'"\\]+)([`'"]?)""")
_GLUED_OPTION = re.compile(
    r"""(^|\s)(--data-raw|--data-binary|--data-ascii|--data|--json|--header|--url|-d|-H)(['"])"""
)


def split_url(url: str) -> SplitResult | None:
    """``urlsplit``, or None for what it refuses (documentation writes hosts like ``[merchant].myr.id``)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # validates the host and port
    except ValueError:
        return None
    return parts


class CurlError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@records.frozen
class Curl:
    method: str
    method_explicit: bool
    url: str
    headers: tuple[tuple[str, str], ...]
    data: str | None  # the data argument as written, or None without one
    data_line: int  # page line where the data starts
    data_option: str
    line: int
    repairs: tuple[tuple[int, str], ...] = ()  # (page line, what was repaired and how)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.url).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def repair_url(url: str) -> tuple[str, list[str]]:
    """``url`` with a missing ``//`` after the scheme and doubled slashes in its path repaired, and what was."""
    repairs: list[str] = []
    missing = re.match(r"^(https?):/?(?!/)", url)
    if missing:
        fixed = f"{missing.group(1)}://{url[missing.end() :]}"
        repairs.append(f"the URL {url!r} has no '//' after {missing.group(1)}: read as {fixed!r}")
        url = fixed
    authority = re.match(r"^(https?://[^/?#]*)([^?#]*)(.*)$", url, re.DOTALL)
    if authority and "//" in authority.group(2):
        fixed = authority.group(1) + re.sub(r"/{2,}", "/", authority.group(2)) + authority.group(3)
        repairs.append(f"the URL {url!r} has a doubled '/' in its path: read as {fixed!r}")
        url = fixed
    return url, repairs


def _repaired(text: str, line: int) -> tuple[str, list[tuple[int, str]]]:
    """The command with quoting damage repaired line by line, and each repair with its page line."""
    lines = text.split("\n")
    repairs: list[tuple[int, str]] = []
    for index, raw in enumerate(lines):
        fixed = _GLUED_OPTION.sub(r"\1\2 \3", raw)
        if fixed != raw:
            repairs.append((line + index, "an option is glued to its quote (--data-raw'…): read with a space"))
        ticked = _TICKED_URL.sub(
            lambda m: f"'{m.group(2)}'" if "`" in (m.group(1), m.group(3)) else m.group(0),
            fixed,
        )
        if ticked != fixed:
            repairs.append((line + index, "the URL is quoted with a backtick: read as quoted with '"))
        lines[index] = ticked
    quote, opened = None, 0
    for index, current in enumerate(lines):
        quote, opened = _scan_quotes(current, quote, opened, index)
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        if quote is not None and opened == index and current.rstrip().endswith("\\") and following.startswith("-"):
            lines[index] = current.rstrip()[:-1].rstrip() + quote + " \\"
            repairs.append((line + index, f"a {quote} quote is not closed on this line: closed at its end"))
            quote = None
    if quote is not None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines[-1] = lines[-1].rstrip().removesuffix("\\") + quote
        repairs.append(
            (line + opened, f"the {quote} quote opened here is never closed: closed at the end of the example")
        )
    elif lines and "\n".join(lines).rstrip().endswith("\\"):
        text = "\n".join(lines).rstrip()[:-1]
        repairs.append((line + text.count("\n"), "the command ends with a line continuation: ignored"))
        return text, repairs
    return "\n".join(lines), repairs


def _scan_quotes(text: str, quote: str | None, opened: int, index: int) -> tuple[str | None, int]:
    """The quote open at the end of ``text`` (given the one open at its start), and the line it opened on."""
    position = 0
    while position < len(text):
        char = text[position]
        if quote is None and char in "'\"":
            quote, opened = char, index
        elif char == "\\" and quote != "'":  # an escape, outside quotes or in double quotes
            position += 1
        elif char == quote:
            quote = None
        position += 1
    return quote, opened


def parse_curl(text: str, line: int) -> Curl:
    """``text`` is the code block, ``line`` the page line of its first line."""
    start = text.find("curl")
    if start < 0:
        raise CurlError("the request example is not a curl command", line)
    prefix_lines = text.count("\n", 0, start)
    command, repairs = _repaired(text[start:], line + prefix_lines)
    joined = re.sub(r"\\\r?\n", " \n", command)  # continuation lines keep their newlines for line numbers
    try:
        tokens = shlex.split(joined, comments=False, posix=True)
    except ValueError as error:
        raise CurlError(f"the curl command does not parse: {error}", line) from None
    method, explicit, url, data, option = "GET", False, "", None, ""
    headers: list[tuple[str, str]] = []
    index = 1
    while index < len(tokens):
        arg = tokens[index]
        value = tokens[index + 1] if index + 1 < len(tokens) else None
        if arg in ("--request", "-X") and value is not None:
            method, explicit, index = value.upper(), True, index + 2
        elif arg.startswith("-X") and len(arg) > 2:
            method, explicit, index = arg[2:].upper(), True, index + 1
        elif arg in ("--header", "-H") and value is not None:
            name, _, header_value = value.partition(":")
            headers.append((name.strip(), header_value.strip()))
            index += 2
        elif arg in _DATA_OPTIONS and value is not None:
            data, option, index = value, arg, index + 2
            if arg == "--json":
                headers.append(("Content-Type", "application/json"))
        elif arg == "--url" and value is not None:
            url, index = value, index + 2
        elif arg in _VALUE_OPTIONS:
            index += 2
        elif arg.startswith("-"):
            index += 1
        else:
            url = url or arg
            index += 1
    if not url:
        raise CurlError("the curl command has no URL", line)
    url, url_repairs = repair_url(url)
    repairs += [(line, repair) for repair in url_repairs]
    if split_url(url) is None:
        raise CurlError(f"the URL {url!r} is not valid", line)
    if data is not None and not explicit:
        method = "POST"
    data_line = line
    if data is not None:
        offset = text.rfind(option + " ") if text.count(option + " ") else text.rfind(option)
        data_line = line + (text.count("\n", 0, offset) if offset >= 0 else 0)
    return Curl(method, explicit, url, tuple(headers), data, data_line, option, line, tuple(repairs))
