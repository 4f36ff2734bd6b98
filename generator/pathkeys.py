"""What a key under ``paths`` must be: a relative path template.

An OpenAPI path key starts with ``/``, names no scheme or host, and its templated
parts are balanced ``{name}`` braces. clientgen also refuses an empty segment
(``//``) and whitespace: such a key is a URL copied wrong, and a client calling it
would reach another endpoint or none.
"""

from __future__ import annotations

import re

__all__ = ["QUERY_OR_FRAGMENT", "path_problem"]

QUERY_OR_FRAGMENT = "has a query or fragment"
"""A key written as a variant of a path (``/token#refresh``, ``/responses?beta=true``): real specs
(Box, OpenAI) do this, and the URL a client sends for it is right (a fragment is not sent, a query
joins the call's own), so ``generate`` accepts it; the synthesizer never writes one."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def path_problem(path: str) -> str | None:
    """Why ``path`` is not a valid relative path template, or None when it is."""
    if _SCHEME.match(path):
        return "is a URL with a scheme and host, not a path"
    if not path.startswith("/"):
        return "does not start with '/'"
    if "//" in path:
        return "has an empty segment ('//')"
    if re.search(r"\s", path):
        return "has whitespace"
    if "?" in path or "#" in path:
        return QUERY_OR_FRAGMENT
    depth = 0
    for char in path:
        if char == "{":
            depth += 1
            if depth > 1:
                return "has a '{' inside a path parameter"
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "has a '}' that closes nothing"
        elif char == "/" and depth:
            return "has a path parameter with no closing '}'"
    if depth:
        return "has a path parameter with no closing '}'"
    if "{}" in path:
        return "has a path parameter with no name ('{}')"
    return None
