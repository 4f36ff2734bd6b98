"""Read a curl request example, and JSON the way documentation writes it.

``parse_curl`` understands what request examples use: ``--request``/``-X``,
``--url`` or a bare URL, ``--header``/``-H``, and the data options (``--data``,
``--data-raw``, ``--data-binary``, ``-d``, ``--json``), which make the request a
POST when no method is given, as curl does. ``parse_json`` accepts ``//`` and
``/* */`` comments outside strings and trailing commas, keeps the comments by
the key they follow, and reports the page line of a syntax error.
"""

from __future__ import annotations

import re
import shlex
from urllib.parse import SplitResult, parse_qsl, urlsplit

import attrs

from ..jsontext import JsonText, JsonTextError, parse_json

__all__ = ["Curl", "CurlError", "JsonText", "JsonTextError", "parse_curl", "parse_json", "split_url"]

_DATA_OPTIONS = frozenset({"--data", "--data-raw", "--data-binary", "--data-ascii", "-d", "--json"})
_VALUE_OPTIONS = frozenset({"--user", "-u", "--output", "-o", "--user-agent", "-A", "--cookie", "-b", "--form", "-F"})


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


@attrs.frozen
class Curl:
    method: str
    method_explicit: bool
    url: str
    headers: tuple[tuple[str, str], ...]
    data: str | None  # the data argument as written, or None without one
    data_line: int  # page line where the data starts
    data_option: str
    line: int

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.url).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def parse_curl(text: str, line: int) -> Curl:
    """``text`` is the code block, ``line`` the page line of its first line."""
    joined = re.sub(r"\\\r?\n", " \n", text)  # continuation lines keep their newlines for line numbers
    start = joined.find("curl")
    if start < 0:
        raise CurlError("the request example is not a curl command", line)
    try:
        tokens = shlex.split(joined[start:], comments=False, posix=True)
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
    if split_url(url) is None:
        raise CurlError(f"the URL {url!r} is not valid", line)
    if data is not None and not explicit:
        method = "POST"
    data_line = line
    if data is not None:
        offset = text.rfind(option + " ") if text.count(option + " ") else text.rfind(option)
        data_line = line + (text.count("\n", 0, offset) if offset >= 0 else 0)
    return Curl(method, explicit, url, tuple(headers), data, data_line, option, line)
