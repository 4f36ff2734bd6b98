"""Shared types: the "not given" sentinel and the aliases used in signatures.

``UNSET`` is the one sentinel for "not given" everywhere in this package: method
arguments that were not passed, model fields absent from a payload, and per-call
options that fall back to the client's settings.  It is distinct from ``None``,
which is a value (JSON ``null``, "no timeout").

Annotate with ``x: str | Unset = UNSET`` and narrow with ``isinstance(x, Unset)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO, ClassVar, Final, Literal, TypeAlias, final

import httpx

__all__ = [
    "UNSET",
    "Body",
    "BodyFields",
    "FileContent",
    "FileTypes",
    "Files",
    "Headers",
    "Query",
    "TimeoutTypes",
    "Unset",
]


@final
class Unset:
    """The type of :data:`UNSET`; there is exactly one instance.

    It is falsy, so ``if value:`` treats it like an empty value, but prefer
    ``isinstance(value, Unset)``, which also narrows the type for mypy.
    """

    __slots__ = ()
    _instance: ClassVar[Unset | None] = None

    def __new__(cls) -> Unset:
        # Copying, pickling or calling ``Unset()`` again must not create a second
        # sentinel: identity and ``isinstance`` checks rely on there being one.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()
"""The value of every argument, field and option that was not given."""

Headers: TypeAlias = Mapping[str, str]
"""HTTP headers to send, already encoded as text."""

Query: TypeAlias = Mapping[str, object]
"""Query parameters by name; values are encoded with ``encode_query``."""

Body: TypeAlias = object
"""A JSON request body before conversion with ``to_jsonable``."""

BodyFields: TypeAlias = Mapping[str, object]
"""Fields to merge into a JSON object or form body (``extra_body``), by name."""

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
"""Seconds, a detailed :class:`httpx.Timeout`, or ``None`` for no timeout."""

FileContent: TypeAlias = bytes | IO[bytes]
"""The content of an uploaded file: bytes or a file opened in binary mode."""

FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""An upload: content, ``(filename, content)`` or ``(filename, content, content_type)``."""

Files: TypeAlias = Mapping[str, FileTypes] | Sequence[tuple[str, FileTypes]]
"""Uploads for a multipart body, by field name; a sequence allows repeated names."""
