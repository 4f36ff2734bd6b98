"""Python names and safe text, decided once for the IR.

Every identifier that reaches generated code comes from one of the functions
here, so it is always a valid identifier, never a keyword, never one of the
names the generated code itself relies on in that scope, and unique in its
scope (collisions get ``_2``, ``_3``, ... in the order they are met).
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .reserved import BUILTIN_TYPES, CLIENT_ARGUMENTS, CLIENT_NAMES, MODEL_NAMES, NAMESPACE_NAMES, RESOURCE_NAMES

__all__ = [
    "Namer",
    "class_name",
    "constant_name",
    "docstring",
    "markdown_code",
    "module_name",
    "package_name",
    "snake_name",
]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z](?!s(?![a-z]))[a-z])")
"""Where a word ends: ``listBalances``, ``HTTPServer``; an acronym's plural stays one word (``URLs``, ``getIDsFor``)."""
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")

# Names the generated code uses in the scope where the escaped name lives.
_RESERVED_FIELDS = BUILTIN_TYPES | {
    "classmethod",
    "Any",
    "Mapping",
    "Unset",
    "UNSET",
    "cls",
    "self",
    "None",
    "True",
    "False",
}
_RESERVED_PARAMS = frozenset(
    {
        # names a generated method body refers to
        "self", "isinstance", "dict", "list", "str", "int", "float", "bool", "bytes", "object", "type",
        "httpx", "Any", "Unset", "UNSET", "RequestOptions", "path_template", "encode_query", "encode_header",
        "typing", "None", "True", "False", "builtins",
        # runtime decoding helpers imported by resource modules
        "identity", "to_none", "list_of", "map_of", "nullable", "enum_value", "to_jsonable", "parse_enum",
        "parse_union", "parse_discriminated", "as_fields", "multipart_fields", "parse_date", "parse_datetime",
        "parse_uuid", "parse_bytes", "expect_str", "expect_int", "expect_float", "expect_bool",
        "stream_of", "async_stream_of", "event_stream", "async_event_stream",
        # per-call options every method takes
        "extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "max_response_size",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=1 << 14)
def _ascii_words(text: str) -> tuple[str, ...]:
    """The words of a name (cached: a spec repeats its property names many times over)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("+", " plus ")
    text = _WORD_BOUNDARY.sub(" ", text)
    return tuple(w for w in _NON_WORD.split(text) if w)


@functools.lru_cache(maxsize=1 << 15)
def snake_name(text: str, fallback: str = "value") -> str:
    """``listBalances`` / ``list-balances`` / ``ListBalances`` -> ``list_balances``.

    Cached (bounded): a spec names the same properties, parameters and models over and over.
    """
    words = _ascii_words(text)
    name = "_".join(w.lower() for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


@functools.lru_cache(maxsize=1 << 15)
def class_name(text: str, fallback: str = "Model") -> str:
    """``wallet_balance`` / ``walletBalance`` -> ``WalletBalance`` (cached, as :func:`snake_name`)."""
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name) or name in {"None", "True", "False"}:
        name += "_"
    return name


def constant_name(value: object, fallback: str = "VALUE") -> str:
    """An enum member name for a value: ``pricing_unit`` -> ``PRICING_UNIT``."""
    return _constant_name(str(value), fallback)


@functools.lru_cache(maxsize=1 << 14)
def _constant_name(text: str, fallback: str) -> str:
    """:func:`constant_name` of a value written ``text``: cached on the text, as the same enums recur
    (and ``1`` and ``True``, equal as keys, are written differently)."""
    words = _ascii_words(text)
    name = "_".join(w.upper() for w in words)
    if not name:
        return "EMPTY" if text == "" else fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name.startswith("_"):
        name = fallback + name
    return name


@functools.lru_cache(maxsize=1 << 15)
def module_name(text: str) -> str:
    name = snake_name(text, "module")
    if keyword.iskeyword(name) or name.startswith("_"):
        name = f"{name}_"
    return name


_GENERIC_STEMS = frozenset({"openapi", "swagger", "api", "spec", "index", "schema"})
_TITLE_WORDS = 5
"""A package named after a long title keeps its first words (a title can be a sentence)."""
_LINKING_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"})
"""Words a cut title does not end on: ``..._operations_and_client`` reads as a mistake."""


def _title_words(written: list[str]) -> list[str]:
    """The title's first words, ending on a word that means something (never on "and" or "of")."""
    words = [w.lower() for w in _ascii_words(" ".join(written))]
    kept = words[:_TITLE_WORDS]
    while len(kept) < len(words) and kept and kept[-1] in _LINKING_WORDS:
        kept.pop()
    return kept


def package_name(title: object, spec: Path) -> str:
    """The default import package of a client: ``Stripe API`` -> ``stripe_client``.

    From ``info.title``: its words up to the word ``API`` (unless the title starts with it), at
    most five of them, not ending on a linking word such as "and"; else from the spec file's
    stem, unless it is a generic one such as ``openapi``; else from the spec's folder; else
    ``api_client``.
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode() if isinstance(title, str) else ""
    written = _NON_WORD.split(plain)
    if "api" in [w.lower() for w in written[1:]]:
        written = written[: [w.lower() for w in written].index("api", 1)]
    candidates = [_title_words(written)]
    if spec.stem.lower() not in _GENERIC_STEMS:
        candidates.append([w.lower() for w in _ascii_words(spec.stem)])
    candidates += [[w.lower() for w in _ascii_words(spec.resolve().parent.name)], ["api"]]
    name = "_".join(next(c for c in candidates if c))
    return f"{'api_' if name[0].isdigit() else ''}{name}_client"


def _escape(name: str, reserved: frozenset[str]) -> str:
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved or name.startswith("__"):
        return f"{name}_"
    return name


class Namer:
    """Hands out unique names within one scope.

    ``reserved`` names (builtins, the usual ``type_``) and ``owned`` names (those the
    generated code itself defines in the scope, see :mod:`generator.reserved`) both get a
    trailing underscore; :meth:`owns` tells the callers which renames to report.
    """

    def __init__(
        self, taken: Iterable[str] = (), reserved: frozenset[str] = frozenset(), owned: frozenset[str] = frozenset()
    ) -> None:
        self._taken = set(taken)
        self._reserved = reserved | owned
        self._owned = owned

    @classmethod
    def for_fields(cls) -> Namer:
        return cls(reserved=_RESERVED_FIELDS, owned=MODEL_NAMES)

    @classmethod
    def for_params(cls) -> Namer:
        return cls(reserved=_RESERVED_PARAMS)

    @classmethod
    def for_client_arguments(cls, taken: Iterable[str] = ()) -> Namer:
        """Arguments of the client's constructor that come from the spec (credentials, server variables),
        clear of its own arguments and of the names its body reads; ``taken`` are those named already."""
        return cls(taken, reserved=_RESERVED_PARAMS | CLIENT_ARGUMENTS)

    @classmethod
    def for_resources(cls, credentials: Iterable[str]) -> Namer:
        """Resource properties of the client; ``credentials`` are the constructor's arguments from the spec."""
        return cls(reserved=BUILTIN_TYPES | {"property"}, owned=CLIENT_NAMES | frozenset(credentials))

    @classmethod
    def for_namespace(cls) -> Namer:
        """Resource (and namespace) properties of one namespace class (``client.v2``)."""
        return cls(reserved=BUILTIN_TYPES | {"property"}, owned=NAMESPACE_NAMES)

    @classmethod
    def for_methods(cls) -> Namer:
        """Operation methods of one resource class: ``int`` is escaped, as every signature's ``max_retries: int``
        would name the method; other builtins keep their name (see :func:`generator.reserved.shadowed_builtins`)."""
        return cls(reserved=frozenset({"int"}), owned=RESOURCE_NAMES)

    def take(self, wanted: str) -> str:
        name = f"{wanted}_" if self.owns(wanted) else _escape(wanted, self._reserved)
        unique, n = name, 2
        while unique in self._taken:
            unique, n = f"{name}_{n}", n + 1
        self._taken.add(unique)
        return unique

    def owns(self, wanted: str) -> bool:
        """Whether ``wanted`` is a name the generated code defines in this scope (so ``take`` renamed it).

        In a scope with owned names, every name starting with an underscore is one of them.
        """
        return wanted in self._owned or (bool(self._owned) and wanted.startswith("_"))

    def copy(self) -> Namer:
        """A namer with the same names taken, to try names on without taking them here."""
        trial = Namer(self._taken, self._reserved)
        trial._owned = self._owned
        return trial

    def __contains__(self, name: str) -> bool:
        return name in self._taken


def docstring(text: object, indent: str = "") -> str:
    """Spec prose made safe to place between triple quotes.

    Backslashes are doubled and quotes escaped, so no text can end the string
    early or form an escape sequence.
    """
    if not isinstance(text, str):
        return ""
    return _docstring(text, indent)


@functools.lru_cache(maxsize=1 << 13)
def _docstring(text: str, indent: str) -> str:
    """:func:`docstring` of a text, cached (bounded): shared schemas repeat their descriptions."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned.replace("\n", "").replace("\t", "").isprintable():  # rare: look at each character
        cleaned = "".join(ch for ch in cleaned if ch == "\n" or ch == "\t" or ch.isprintable())
    # Escaping every backslash and every quote leaves nothing that can end the string early.
    cleaned = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    lines = [line.rstrip() for line in cleaned.split("\n")]
    return ("\n" + indent).join(lines).replace("\n" + indent + "\n", "\n\n")


def markdown_code(text: object) -> str:
    """Text for a Markdown table cell inside backticks: one line, no backticks or pipes."""
    return " ".join(str(text).split()).replace("`", "'").replace("|", "\\|")
