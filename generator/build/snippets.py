"""Pieces of a generated method's source, decided here so the templates only paste them.

How the method builds its path, passes its body, documents its arguments, forwards them
from the raw-response and async twins, and how ``api.md`` shows its signature.
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence

from ..ir import Parameter, RequestBody
from ..names import markdown_code
from .media import media_type

__all__ = ["args_doc", "body_code", "forward_args", "path_call", "signature_md"]

_CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "max_response_size")
"""Keyword arguments every generated method takes after the operation's own."""

_PLAIN_JSON = frozenset({"application/json", "*/*"})
"""Media types of a JSON body sent as ``application/json``, the runtime's default."""


def path_call(path: str, path_params: Sequence[Parameter]) -> str:
    """``path_template('/pets/{id}', id=id)``: the call building the request path from the arguments."""
    path_args = ", ".join(
        f"{p.wire_name}={p.name}"
        if p.wire_name.isidentifier() and not keyword.iskeyword(p.wire_name)
        else f"**{{{p.wire_name_repr}: {p.name}}}"
        for p in path_params
    )
    return f"path_template({path!r}{', ' if path_args else ''}{path_args})"


def body_code(body: RequestBody | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Statements run before ``request()``, and the keyword arguments passing the body.

    A body the spec does not require is sent only when given: the argument is not ``UNSET``
    or, flattened, one of its fields was given.
    """
    if body is None:
        return (), ()
    value = "_body" if body.flatten else body.body_param
    optional = not body.required
    absent = "not _body" if body.flatten else f"isinstance({value}, Unset)"
    fields = value if body.flatten else f"as_fields({value})"
    if body.kind == "json":
        sent = f"{value} or UNSET" if body.flatten and optional else value
        typed = () if media_type(body.content_type) in _PLAIN_JSON else (f"content_type={body.content_type_repr}",)
        return (), (f"json={sent}", *typed)
    if body.kind == "form":
        if optional:
            return (), ("form=_body or None" if body.flatten else f"form=None if {absent} else {fields}",)
        return (), (f"form={fields}",)
    if body.kind == "multipart":
        given = f"{{}} if {absent} else {fields}" if optional and not body.flatten else fields
        passed = ("data=_fields or None", "files=_files or None") if optional else ("data=_fields", "files=_files")
        if body.part_types:
            given += ", part_types={" + ", ".join(f"{wire!r}: {media!r}" for wire, media in body.part_types) + "}"
        return (f"_fields, _files = multipart_fields({given})",), passed
    content = f"{value}.encode('utf-8')" if body.kind == "text" else value
    if optional:
        content = f"None if {absent} else {content}"
    return (), (f"content={content}", f"content_type={body.content_type_repr}")


def args_doc(
    path_params: Sequence[Parameter], params: Sequence[Parameter], body: RequestBody | None
) -> tuple[str, ...]:
    """The lines of the docstring's ``Args:``, one an argument, in signature order."""
    lines = []
    for p in (*path_params, *params):
        lines.append(f"{p.name}: {_one_line(p.doc)}" if p.doc else f"{p.name}: ({p.location} parameter)")
    for p in body.flattened if body else ():
        lines.append(f"{p.name}: {_one_line(p.doc)}" if p.doc else f"{p.name}: (request body field)")
    if body is not None and not body.flatten:
        lines.append(f"{body.body_param}: {_one_line(body.doc)}")
    return tuple(lines)


def forward_args(
    path_params: Sequence[Parameter], params: Sequence[Parameter], body: RequestBody | None
) -> tuple[str, ...]:
    """The arguments a wrapper passes on to the method: path parameters by position, the rest by name."""
    forward = [p.name for p in path_params]
    forward += [f"{p.name}={p.name}" for p in (*params, *(body.flattened if body else ()))]
    if body is not None and not body.flatten:
        forward.append(f"{body.body_param}={body.body_param}")
    forward += [f"{name}={name}" for name in _CALL_OPTIONS]
    return tuple(forward)


def signature_md(path_params: Sequence[Parameter], params: Sequence[Parameter], body: RequestBody | None) -> str:
    """The call as ``api.md`` shows it: path parameters, then the required keyword arguments."""
    return markdown_code(
        ", ".join(
            [
                *(p.name for p in path_params),
                *(f"{p.name}=..." for p in params if p.required),
                *(f"{p.name}=..." for p in (body.flattened if body else ()) if p.required),
            ]
        )
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
