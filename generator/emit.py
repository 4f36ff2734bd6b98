"""The IR turned into text: every annotation, expression, docstring and Markdown cell the templates print.

The IR (:mod:`generator.ir`) holds what the spec means: Python names, wire names, types,
raw descriptions, structured values.  The functions here derive the source and prose from
it, each literal through ``repr()`` and each description through :func:`~generator.names.docstring`
or :func:`~generator.names.markdown_code`, so spec text never becomes code.  They are the
filters of the Jinja environment (:data:`FILTERS`, registered by :func:`generator.render.environment`):
``{{ op | path_call }}``, ``{{ p | annotation(shadowed) }}``.

``shadowed`` is the set of builtins a resource's method names hide in its class body
(:attr:`~generator.ir.Resource.shadowed_builtins`): annotations printed there say ``builtins.list``.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Callable
from typing import Any

from . import types as T
from .emit_models import (
    additional_annotation,
    additional_decode,
    additional_encode,
    field_decode,
    field_decode_dense,
    field_encode,
)
from .ir import (
    Api,
    EventStream,
    Field,
    ListType,
    LiteralType,
    Namespace,
    Operation,
    Pagination,
    Parameter,
    PrimitiveType,
    RequestBody,
    Resource,
    Response,
    TypeRef,
    UnionType,
)
from .names import docstring, markdown_code

__all__ = [
    "CALL_OPTIONS",
    "FILTERS",
    "annotation",
    "api_name",
    "arg_doc",
    "args_doc",
    "async_return_annotation",
    "body_args",
    "body_field_annotation",
    "body_prelude",
    "decoder",
    "example",
    "forward_args",
    "item_annotation",
    "method_doc",
    "next_args",
    "next_expr",
    "pagination_summary",
    "path_call",
    "qualify",
    "request_value",
    "resource_doc",
    "return_annotation",
    "return_md",
    "signature_md",
    "stream_annotation",
    "stream_cast",
    "stream_md",
    "stream_overloads",
    "streamed",
    "type_annotation",
    "type_decoder",
]

_NONE: frozenset[str] = frozenset()

_SHOWN = 3
"""How many resources a namespace's docstring names before it counts the rest."""

CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "max_response_size")
"""Keyword arguments every generated method takes after the operation's own."""


# --- annotations -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _builtin_names(shadowed: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")


def qualify(text: str, shadowed: frozenset[str] = _NONE) -> str:
    """``text`` with ``builtins.`` before each builtin in ``shadowed`` it names."""
    return _builtin_names(shadowed).sub(r"builtins.\1", text) if shadowed else text


def type_annotation(t: TypeRef | None, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of a value of ``t`` (``None`` for no value)."""
    return "None" if t is None else qualify(T.annotation(t).expr, shadowed)


def annotation(node: Field | Parameter | RequestBody | Response, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of an argument or a field (``| Unset`` when it may be left out), or of a response's value."""
    if isinstance(node, Response):
        return type_annotation(node.type, shadowed)
    return type_annotation(node.type, shadowed) + ("" if node.required else " | Unset")


def body_field_annotation(p: Parameter, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of a body field offered as an argument: a file field takes any file (``FileTypes``)."""
    if T.is_file(p.type):
        ann = "list[FileTypes]" if isinstance(p.type, ListType) else "FileTypes"
        return qualify(ann, shadowed) + ("" if p.required else " | Unset")
    return annotation(p, shadowed)


def item_annotation(pagination: Pagination, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of one item of a page."""
    return type_annotation(pagination.item_type, shadowed)


def return_annotation(op: Operation, shadowed: frozenset[str] = _NONE) -> str:
    """What the sync method returns: the success type, the page class, or the stream (either, with a switch)."""
    if op.pagination:
        return op.pagination.page_class
    return _with_stream(op, False, shadowed)


def async_return_annotation(op: Operation, shadowed: frozenset[str] = _NONE) -> str:
    """What the async method returns (an awaitable ``AsyncPaginator`` when it pages)."""
    if op.pagination is None:
        return _with_stream(op, True, shadowed)
    return f"AsyncPaginator[{op.pagination.async_page_class}, {item_annotation(op.pagination, shadowed)}]"


def _with_stream(op: Operation, is_async: bool, shadowed: frozenset[str]) -> str:
    if op.stream is None:
        return annotation(op.success, shadowed)
    streamed = stream_annotation(op.stream, is_async, shadowed)
    return f"{annotation(op.success, shadowed)} | {streamed}" if op.stream.switch else streamed


def stream_annotation(stream: EventStream, is_async: bool = False, shadowed: frozenset[str] = _NONE) -> str:
    """``Stream[Item]`` (``AsyncStream[Item]``): what a method returns when it streams."""
    item = "ServerSentEvent" if stream.item_type is None else type_annotation(stream.item_type, shadowed)
    return f"{'AsyncStream' if is_async else 'Stream'}[{item}]"


def streamed(api: Api) -> list[tuple[Resource, Operation]]:
    """Every operation that returns an event stream (always, or when its switch asks), in resource order."""
    return [(r, op) for r in api.resources for op in r.operations if op.stream is not None]


def stream_md(stream: EventStream) -> str:
    """``Stream[Item]`` for a README list (generated names only, so nothing to escape): a union of many
    item types is cut to its first and a count."""
    shown = stream_annotation(stream)
    if isinstance(stream.item_type, UnionType) and len(shown) > _LONG_MD:
        first = type_annotation(stream.item_type.variants[0])
        return f"Stream[{first} | ... ({len(stream.item_type.variants)} types)]"
    return shown


_LONG_MD = 100  # the longest type the README shows whole


def stream_overloads(op: Operation, is_async: bool, shadowed: frozenset[str] = _NONE) -> list[tuple[str, str]]:
    """The ``@overload`` signatures of a method whose switch asks for the stream: the switch argument's
    annotation (and default) in each, and what each returns."""
    assert op.stream is not None
    streamed, plain = stream_annotation(op.stream, is_async, shadowed), annotation(op.success, shadowed)
    none = " | None" if op.stream.switch_nullable else ""
    return [
        ("Literal[True]", streamed),
        (f"Literal[False]{none} | Unset = UNSET", plain),
        (f"bool{none}", f"{plain} | {streamed}"),
    ]


def stream_cast(op: Operation, is_async: bool) -> str:
    """The ``cast`` of a request answered with the stream: it reads the response as it arrives."""
    stream = op.stream
    assert stream is not None
    prefix = "async_" if is_async else ""
    if stream.item_type is None:
        return f"{prefix}event_stream()"
    return f"{prefix}stream_of({stream.format!r}, {T.decoder(stream.item_type).expr})"


def type_decoder(t: TypeRef) -> str:
    """A callable expression turning a decoded JSON value into a value of ``t``."""
    return T.decoder(t).expr


def decoder(response: Response) -> str:
    """A callable expression turning the decoded body of ``response`` into its value."""
    return "to_none" if response.type is None else T.decoder(response.type).expr


# --- a method's source -------------------------------------------------------------------------


def method_doc(op: Operation) -> str:
    """The method's docstring body: the summary, then a different description (else the verb and path)."""
    parts = [op.summary, op.description if op.description != op.summary else ""]
    return docstring("\n\n".join(p for p in parts if p) or f"{op.method} {op.path}", "        ")


def path_call(op: Operation) -> str:
    """``path_template('/pets/{id}', id=id)``: the call building the request path from the arguments."""
    path_args = ", ".join(
        f"{p.wire_name}={p.name}"
        if p.wire_name.isidentifier() and not keyword.iskeyword(p.wire_name)
        else f"**{{{p.wire_name_repr}: {p.name}}}"
        for p in op.path_params
    )
    return f"path_template({op.path!r}{', ' if path_args else ''}{path_args})"


def _body_value(body: RequestBody) -> str:
    return "_body" if body.flatten else body.body_param


_PLAIN_JSON = frozenset({"application/json", "*/*"})
"""Media types of a JSON body sent as ``application/json``, the runtime's default."""


def _given_fields(body: RequestBody) -> str:
    """The body's fields as a mapping: ``_body`` (flattened), else the model's; ``{}`` for an absent optional body."""
    value = _body_value(body)
    if body.flatten:
        return value
    if not body.required:
        return f"{{}} if isinstance({value}, Unset) else as_fields({value})"
    return f"as_fields({value})"


def body_prelude(op: Operation) -> tuple[str, ...]:
    """Statements run before ``request()``: a multipart body splits its fields from its files
    (each part typed as the spec's ``encoding`` says)."""
    body = op.body
    if body is None or body.kind != "multipart":
        return ()
    given = _given_fields(body)
    if body.part_types:
        given += ", part_types={" + ", ".join(f"{wire!r}: {media!r}" for wire, media in body.part_types) + "}"
    return (f"_fields, _files = multipart_fields({given})",)


def body_args(op: Operation) -> tuple[str, ...]:
    """The keyword arguments passing the body to ``request()``.

    A body the spec does not require is sent only when given: the argument is not ``UNSET``
    or, flattened, one of its fields was given.
    """
    body = op.body
    if body is None:
        return ()
    value = _body_value(body)
    optional = not body.required
    absent = "not _body" if body.flatten else f"isinstance({value}, Unset)"
    if body.kind == "json":
        sent = f"{value} or UNSET" if body.flatten and optional else value
        plain = body.content_type.split(";")[0].strip().lower() in _PLAIN_JSON
        return (f"json={sent}", *(() if plain else (f"content_type={body.content_type!r}",)))
    if body.kind == "form":
        if optional:
            return ("form=_body or None" if body.flatten else f"form=None if {absent} else as_fields({value})",)
        return (f"form={_given_fields(body)}",)
    if body.kind == "multipart":
        return ("data=_fields or None", "files=_files or None") if optional else ("data=_fields", "files=_files")
    content = f"{value}.encode('utf-8')" if body.kind == "text" else value
    if optional:
        content = f"None if {absent} else {content}"
    return (f"content={content}", f"content_type={body.content_type!r}")


def args_doc(op: Operation) -> tuple[str, ...]:
    """The lines of the docstring's ``Args:``, one an argument the spec documents, in signature order.

    An argument with neither a description nor a note gets no line: nothing rather than a placeholder.
    """
    body = op.body
    arguments = (*op.path_params, *op.params, *(body.flattened if body else ()))
    lines = [f"{p.name}: {doc}" for p in arguments if (doc := arg_doc(p))]
    if body is not None and not body.flatten:
        doc = _one_line(_described(body.description or "The request body.", body.notes))
        lines.append(f"{body.body_param}: {doc}")
    return tuple(lines)


def arg_doc(p: Parameter) -> str:
    """An argument's doc on one line: its description, then the notes; empty when it has neither."""
    return _one_line(_described(p.description, p.notes))


def _described(description: str, notes: str, indent: str = "") -> str:
    """The escaped description, then the notes (a period between, when the description ends without one)."""
    text = docstring(description, indent)
    if text and notes and not text.endswith(_SENTENCE_ENDS):
        text += "."
    return " ".join(part for part in (text, notes) if part)


_SENTENCE_ENDS = (".", "!", "?", ":", ";")


def field_doc(f: Field) -> str:
    """A field's docstring: its description, then the notes (read-only, default, example...)."""
    return _described(f.description, f.notes, "    ")


def argument_default(p: Parameter) -> str:
    """`` = UNSET`` for an argument that may be left out, the one value of a required ``const``, else nothing."""
    if not p.required:
        return " = UNSET"
    return f" = {p.type.value!r}" if isinstance(p.type, LiteralType) else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def forward_args(op: Operation) -> tuple[str, ...]:
    """The arguments passing every parameter on unchanged: path parameters by position, the rest by name."""
    body = op.body
    forward = [p.name for p in op.path_params]
    forward += [f"{p.name}={p.name}" for p in (*op.params, *(body.flattened if body else ()))]
    if body is not None and not body.flatten:
        forward.append(f"{body.body_param}={body.body_param}")
    forward += [f"{name}={name}" for name in CALL_OPTIONS]
    return tuple(forward)


# --- pagination --------------------------------------------------------------------------------


def request_value(pagination: Pagination) -> str:
    """The expression over ``_v`` (the cursor or page number the runtime computed) passed to the method."""
    return "str(_v)" if pagination.number_as_text else "_v"


def next_args(op: Operation) -> tuple[str, ...]:
    """The arguments repeating the call for the next page: the request parameter given the computed value."""
    assert op.pagination is not None
    param = op.pagination.request_param
    value = request_value(op.pagination)
    return tuple(f"{param}={value}" if arg == f"{param}={param}" else arg for arg in forward_args(op))


def next_expr(pagination: Pagination) -> str:
    """Body of the page class's ``_next_value``: an expression over ``self``."""
    if pagination.kind == "cursor":
        return f"next_cursor(self, {pagination.cursor_path!r}, has_more={pagination.has_more_path!r})"
    return (
        f"next_page_number(self, self._page_state.requested, count=len(self._page_items()), "
        f"first={pagination.first_page!r}, current={pagination.current_page_path!r}, "
        f"total_pages={pagination.total_pages_path!r}, has_more={pagination.has_more_path!r})"
    )


def pagination_summary(pagination: Pagination) -> str:
    """One line for the README: ``cursor: `cursor` from `pagination.next_cursor```."""
    request, source = markdown_code(pagination.request_wire_name), markdown_code(pagination.next_wire_name)
    if pagination.kind == "cursor":
        return f"cursor: `{request}` from `{source}`"
    return f"page number: `{request}` up to `{source}`"


# --- api.md and the README ---------------------------------------------------------------------


def signature_md(op: Operation) -> str:
    """The call as ``api.md`` shows it: path parameters, then the required keyword arguments."""
    flattened = op.body.flattened if op.body else ()
    return markdown_code(
        ", ".join(
            [
                *(p.name for p in op.path_params),
                *(f"{p.name}=..." for p in op.params if p.required),
                *(f"{p.name}=..." for p in flattened if p.required),
            ]
        )
    )


def return_md(op: Operation) -> str:
    """What the method returns, for ``api.md``: the type (or stream), or the page class and its items."""
    if op.pagination is None:
        return markdown_code(return_annotation(op))
    return markdown_code(f"{op.pagination.page_class} (pages of {item_annotation(op.pagination)})")


def resource_doc(resource: Resource | Namespace) -> str:
    """The docstring of a resource's (or a namespace's) classes and of the property holding it."""
    if isinstance(resource, Namespace):
        held = [r.name for r in resource.resources] + [n.name for n in resource.namespaces]
        shown = ", ".join(held[:_SHOWN]) + (f" and {len(held) - _SHOWN} more" if len(held) > _SHOWN else "")
        return docstring(f"The namespace {'/'.join(resource.group)!r} (x-clientgen-group): {shown}.")
    return docstring(f"Operations tagged {resource.group!r}.")


def api_name(title: str) -> str:
    """``Afternoon Events API`` stays as it is; ``Petstore`` becomes ``Petstore API``."""
    return title if re.search(r"\bAPI\b", title, re.IGNORECASE) else f"{title} API"


def example(api: Api) -> str:
    """A call the README shows: the first GET whose only required arguments are string path parameters."""
    for resource in api.resources:
        for op in resource.operations:
            strings = all(p.type == PrimitiveType("str") for p in op.path_params)
            if op.method == "GET" and strings and not any(p.required for p in op.params):
                args = ", ".join(repr("...") for _ in op.path_params)
                return f"{resource.accessor}.{op.name}({args})"
    return ""


FILTERS: dict[str, Callable[..., Any]] = {
    "annotation": annotation,
    "argument_default": argument_default,
    "field_doc": field_doc,
    "api_name": api_name,
    "args_doc": args_doc,
    "async_return_annotation": async_return_annotation,
    "body_args": body_args,
    "body_prelude": body_prelude,
    "decoder": decoder,
    "additional_annotation": additional_annotation,
    "additional_decode": additional_decode,
    "additional_encode": additional_encode,
    "docstring": docstring,
    "example": example,
    "resource_doc": resource_doc,
    "body_field_annotation": body_field_annotation,
    "field_decode": field_decode,
    "field_decode_dense": field_decode_dense,
    "field_encode": field_encode,
    "item_annotation": item_annotation,
    "markdown_code": markdown_code,
    "method_doc": method_doc,
    "next_args": next_args,
    "next_expr": next_expr,
    "pagination_summary": pagination_summary,
    "path_call": path_call,
    "return_annotation": return_annotation,
    "return_md": return_md,
    "signature_md": signature_md,
    "streamed": streamed,
    "stream_annotation": stream_annotation,
    "stream_cast": stream_cast,
    "stream_md": stream_md,
    "stream_overloads": stream_overloads,
    "type_annotation": type_annotation,
    "type_decoder": type_decoder,
}
"""The filters :func:`generator.render.environment` registers, by name."""
