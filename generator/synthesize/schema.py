"""Schemas as a small mutable tree while the synthesizer reconciles them.

A :class:`Node` is one JSON Schema under construction: a set of JSON types,
object properties, array items and what the documentation says about it.
Example values become nodes through genson (``from_example``); documented
types through ``from_doc_type``; ``to_schema`` writes the OpenAPI 3.1 form.
"""

from __future__ import annotations

import re
from typing import Any

from genson import SchemaBuilder  # type: ignore[import-untyped]

from .. import records

__all__ = ["Node", "describe", "from_doc_type", "from_example", "merge", "words_key"]

_SCALARS = ("string", "integer", "number", "boolean", "null")
_TYPE_WORDS = {
    "string": "string",
    "str": "string",
    "text": "string",
    "integer": "integer",
    "int": "integer",
    "long": "integer",
    "number": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "numeric": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "null": "null",
    "object": "object",
    "map": "object",
    "dict": "object",
    "json": "object",
    "array": "array",
    "list": "array",
    "int32": "integer",
    "int64": "integer",
    "float32": "number",
    "float64": "number",
    "any": "",
    "enum": "",
}

# Words that say what a value means more than what it is: ``string | datetime``, ``number (timestamp)``,
# ``integer | timestamp - Unix epoch in milliseconds``. Each gives the JSON type it implies and a format.
_MEANINGS: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"iso[ -]?8601|rfc[ -]?3339|date-?time|\bdatetime\b"), "string", "date-time"),
    (re.compile(r"timestamp|\bepoch\b|\bunix\b"), "integer", None),
    (re.compile(r"^date$"), "string", "date"),
    (re.compile(r"^time$"), "string", "time"),
    (re.compile(r"\bur[li]\b|^link$"), "string", "uri"),
    (re.compile(r"^e-?mail$"), "string", "email"),
    (re.compile(r"^uuid$"), "string", "uuid"),
    (re.compile(r"\bjson string\b|^json-encoded$"), "string", None),
)


@records.mutable
class Node:
    types: set[str] = records.field(factory=set)  # empty: any value
    format: str | None = None
    properties: dict[str, Node] = records.field(factory=dict)
    items: Node | None = None
    required: set[str] = records.field(factory=set)
    description: str = ""
    default: Any = None
    has_default: bool = False
    doc_required: bool = False
    documented: bool = False
    in_example: bool = False
    enum: list[Any] | None = None
    wants_enum: bool = False  # documented as type "enum": the description lists the values

    @property
    def is_object(self) -> bool:
        return "object" in self.types or bool(self.properties)

    @property
    def is_array(self) -> bool:
        return "array" in self.types

    def object_node(self) -> Node | None:
        """The node holding properties: itself, or an array's items."""
        if self.is_array and self.items is not None and self.items.is_object:
            return self.items
        return self if self.is_object else None

    def at(self, path: tuple[str, ...]) -> Node | None:
        """The property node at ``path`` (through arrays' items), or None."""
        node: Node | None = self
        for name in path:
            holder = node.object_node() if node else None
            node = holder.properties.get(name) if holder else None
        return node

    def to_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {}
        types = _tidy(self.types)
        if len(types) == 1:
            schema["type"] = types[0]
        elif types:
            schema["type"] = types
        if self.format:
            schema["format"] = self.format
        if self.description:
            schema["description"] = self.description
        if self.has_default:
            schema["default"] = self.default
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if "object" in types or self.properties:
            schema["properties"] = {name: node.to_schema() for name, node in self.properties.items()}
            required = [name for name in self.properties if name in self.required]
            if required:
                schema["required"] = required
        if "array" in types:
            schema["items"] = self.items.to_schema() if self.items is not None else {}
        return schema


def _tidy(types: set[str]) -> list[str]:
    if "number" in types:
        types = types - {"integer"}
    order = ("object", "array", "string", "integer", "number", "boolean", "null")
    return [t for t in order if t in types]


def describe(node: Node) -> str:
    """A short human name of a node's type, for messages."""
    parts = _tidy(node.types)
    if not parts:
        return "any value"
    if parts == ["array"] and node.items is not None and node.items.types:
        return f"array of {describe(node.items)}"
    return " | ".join(parts)


def _from_genson(schema: dict[str, Any]) -> Node:
    node = Node(in_example=True)
    raw = schema.get("type")
    if isinstance(raw, str):
        node.types = {raw}
    elif isinstance(raw, list):
        node.types = {t for t in raw if isinstance(t, str)}
    for variant in schema.get("anyOf", ()):  # genson's answer for mixed object/array/scalar values
        other = _from_genson(variant)
        node.types |= other.types
        node.properties.update(other.properties)
        node.required |= other.required
        node.items = node.items or other.items
    for name, sub in schema.get("properties", {}).items():
        node.properties[name] = _from_genson(sub)
    node.required |= set(schema.get("required", ()))
    items = schema.get("items")
    if isinstance(items, dict):
        node.items = _from_genson(items)
    elif "array" in node.types:
        node.items = Node()
    return node


def from_example(*values: Any) -> Node:
    """The schema genson infers from example values (one builder, so several examples merge)."""
    builder = SchemaBuilder(schema_uri=None)
    for value in values:
        builder.add_object(value)
    return _from_genson(builder.to_schema())


_GENERIC = re.compile(r"^(?P<outer>array|list)\s*(?:of\s+|<\s*)(?P<inner>.+?)\s*>?$")
_QUALIFIED = re.compile(r"^(?P<base>[^()]*?)\s*(?:\((?P<paren>[^()]*)\)|\s[-\u2013\u2014]\s*(?P<dash>.+))\s*$")


def from_doc_type(text: str) -> tuple[Node, list[str]]:
    """A documented type ("string", "float", "array of object", "boolean | null", "string<uuid>",
    "number (timestamp)", "string (ISO 8601)", "string | datetime", "enum").

    Returns the node and the words it could not read (empty when all was understood). A
    spelling that changes how the value is represented, or one not understood, is kept in
    the node's description ("Documented type: ...").
    """
    node = Node()
    unknown: list[str] = []
    meanings: list[tuple[str, str | None]] = []
    noted = False
    for part in re.split(r"\s*(?:\||\bor\b)\s*", text.strip().lower()):
        if not part:
            continue
        qualified = _QUALIFIED.match(part)
        base = qualified.group("base").strip() if qualified else part
        qualifier = (qualified.group("paren") or qualified.group("dash") or "").strip() if qualified else ""
        if qualifier:
            meaning = _meaning(qualifier)
            if meaning is None:
                unknown.append(part)
                noted = True
            else:
                meanings.append(meaning)
                noted = noted or meaning[1] is None
        more, note = _read_part(node, base, meanings)
        unknown.extend(more)
        noted = noted or note
    for kind, fmt in meanings:
        _annotate(node, kind, fmt)
    if noted:
        node.description = f"Documented type: {text.strip()}."
    return node, unknown


def _read_part(node: Node, part: str, meanings: list[tuple[str, str | None]]) -> tuple[list[str], bool]:
    """Add one alternative of a documented type to ``node``: the words not understood, and whether to note the text."""
    generic = _GENERIC.match(part)
    if generic or (part.endswith("[]") and part[:-2].strip()):
        inner, more = from_doc_type(generic.group("inner") if generic else part[:-2])
        node.types.add("array")
        node.items = inner
        return more, False
    base, _, fmt = part.partition("<")
    base = base.strip()
    if not base:
        return [], False
    if base in _TYPE_WORDS and not _TYPE_WORDS[base]:  # "any", "enum": no JSON type of their own
        node.wants_enum = node.wants_enum or base == "enum"
        return [], False
    word = _TYPE_WORDS.get(base)
    if word is None:
        meaning = _meaning(base)
        if meaning is not None:
            meanings.append(meaning)
            return [], meaning[1] is None
        word = _close_word(base)
        if word is None:
            return [part], True
    node.types.add(word)
    if fmt.rstrip(">").strip():
        node.format = fmt.rstrip(">").strip()
    return ([part] if word != _TYPE_WORDS.get(base) else []), False  # a guess: the caller reports it


def _meaning(text: str) -> tuple[str, str | None] | None:
    text = text.strip()
    if text.startswith("format "):
        text = text[len("format ") :]
    return next(((kind, fmt) for pattern, kind, fmt in _MEANINGS if pattern.search(text)), None)


def _annotate(node: Node, kind: str, fmt: str | None) -> None:
    """``number`` said to be a timestamp is an integer; ``string`` said to be ISO 8601 has format date-time."""
    if kind == "integer" and node.types & {"number", "integer"}:
        node.types = (node.types - {"number"}) | {"integer"}
    elif kind == "string" and "string" in node.types:
        pass
    else:
        node.types.add(kind)
    if fmt is not None:
        node.format = fmt


def _close_word(word: str) -> str | None:
    """Typos like "objext": the one known type word within one letter's edit, or None."""
    matches = {v for k, v in _TYPE_WORDS.items() if len(k) > 3 and _one_edit(word, k)}
    return matches.pop() if len(matches) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def words_key(*names: str) -> tuple[str, ...]:
    """Names compared by their words, order and plural ignored: customerBalanceMain == customerMainBalance."""
    words: list[str] = []
    for name in names:
        for word in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name):
            word = word.lower()
            if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
                word = word[:-1]
            words.append(word)
    return tuple(sorted(words))


def merge(a: Node, b: Node) -> Node:
    """What either node allows: types united, properties merged, required only where both require."""
    node = Node(
        types=a.types | b.types if a.types and b.types else set(),
        format=a.format if a.format == b.format else None,
        description=a.description or b.description,
        default=a.default if a.has_default else b.default,
        has_default=a.has_default or b.has_default,
        doc_required=a.doc_required and b.doc_required,
        documented=a.documented or b.documented,
        in_example=a.in_example or b.in_example,
    )
    for name in [*a.properties, *(n for n in b.properties if n not in a.properties)]:
        left, right = a.properties.get(name), b.properties.get(name)
        if left is not None and right is not None:
            node.properties[name] = merge(left, right)
        else:
            only = left if left is not None else right
            assert only is not None
            node.properties[name] = records.evolve(only)
    both_objects = a.is_object and b.is_object
    node.required = a.required & b.required if both_objects else (a.required if a.is_object else b.required)
    if a.items is not None and b.items is not None:
        node.items = merge(a.items, b.items)
    else:
        node.items = a.items or b.items
    return node
