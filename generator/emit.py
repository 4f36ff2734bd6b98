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
from .ir import Api, ListType, Operation, Pagination, Parameter, PrimitiveType, RequestBody, Resource, Response, TypeRef
from .names import docstring, markdown_code

__all__ = [
    "FILTERS",
    "annotation",
    "api_name",
    "args_doc",
    "body_args",
    "body_prelude",
    "example",
    "forward_args",
    "method_doc",
    "next_args",
    "next_expr",
    "path_call",
    "resource_doc",
    "return_annotation",
    "signature_md",
]

_NONE: frozenset[str] = frozenset()

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


def annotation(node: Parameter | RequestBody | Response, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of an argument (``| Unset`` when it may be left out) or of a response's value."""
    if isinstance(node, Response):
        return type_annotation(node.type, shadowed)
    return type_annotation(node.type, shadowed) + ("" if node.required else " | Unset")


def field_annotation(p: Parameter, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of a body field offered as an argument: a file field takes any file (``FileTypes``)."""
    if T.is_file(p.type):
        ann = "list[FileTypes]" if isinstance(p.type, ListType) else "FileTypes"
        return qualify(ann, shadowed) + ("" if p.required else " | Unset")
    return annotation(p, shadowed)


def item_annotation(pagination: Pagination, shadowed: frozenset[str] = _NONE) -> str:
    """The annotation of one item of a page."""
    return type_annotation(pagination.item_type, shadowed)


def return_annotation(op: Operation, shadowed: frozenset[str] = _NONE) -> str:
    """What the sync method returns: the success type, or the page class."""
    return op.pagination.page_class if op.pagination else annotation(op.success, shadowed)


def async_return_annotation(op: Operation, shadowed: frozenset[str] = _NONE) -> str:
    """What the async method returns (an awaitable ``AsyncPaginator`` when it pages)."""
    if op.pagination is None:
        return annotation(op.success, shadowed)
    return f"AsyncPaginator[{op.pagination.async_page_class}, {item_annotation(op.pagination, shadowed)}]"


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


def body_prelude(op: Operation) -> tuple[str, ...]:
    """Statements run before ``request()``: a multipart body splits its fields from its files."""
    body = op.body
    if body is None or body.kind != "multipart":
        return ()
    fields = _body_value(body) if body.flatten else f"as_fields({_body_value(body)})"
    return (f"_fields, _files = multipart_fields({fields})",)


def body_args(op: Operation) -> tuple[str, ...]:
    """The keyword arguments passing the body to ``request()``."""
    body = op.body
    if body is None:
        return ()
    value = _body_value(body)
    fields = value if body.flatten else f"as_fields({value})"
    if body.kind == "json":
        return (f"json={value}",)
    if body.kind == "form":
        return (f"form={fields}",)
    if body.kind == "multipart":
        return ("data=_fields", "files=_files")
    if body.kind == "text":
        return (f"content={value}.encode('utf-8')", f"content_type={body.content_type!r}")
    return (f"content={value}", f"content_type={body.content_type!r}")


def args_doc(op: Operation) -> tuple[str, ...]:
    """The lines of the docstring's ``Args:``, one an argument, in signature order."""
    lines = []
    for p in (*op.path_params, *op.params):
        lines.append(_arg_line(p.name, p.description, f"({p.location} parameter)"))
    body = op.body
    for p in body.flattened if body else ():
        lines.append(_arg_line(p.name, p.description, "(request body field)"))
    if body is not None and not body.flatten:
        lines.append(f"{body.body_param}: {_one_line(docstring(body.description or 'The request body.'))}")
    return tuple(lines)


def _arg_line(name: str, description: str, otherwise: str) -> str:
    doc = docstring(description)
    return f"{name}: {_one_line(doc)}" if doc else f"{name}: {otherwise}"


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
    """What the method returns, for ``api.md``: the type, or the page class and its items."""
    if op.pagination is None:
        return markdown_code(annotation(op.success))
    return markdown_code(f"{op.pagination.page_class} (pages of {item_annotation(op.pagination)})")


def resource_doc(resource: Resource) -> str:
    """The docstring of a resource's classes and of the client's property."""
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
                return f"{resource.name}.{op.name}({args})"
    return ""


FILTERS: dict[str, Callable[..., Any]] = {
    "annotation": annotation,
    "api_name": api_name,
    "args_doc": args_doc,
    "async_return_annotation": async_return_annotation,
    "body_args": body_args,
    "body_prelude": body_prelude,
    "decoder": decoder,
    "docstring": docstring,
    "example": example,
    "resource_doc": resource_doc,
    "field_annotation": field_annotation,
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
}
"""The filters :func:`generator.render.environment` registers, by name."""
