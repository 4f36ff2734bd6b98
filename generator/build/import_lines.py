"""The import lines of generated modules, from what their code needs (:class:`generator.types.Need`).

Each list is exact and sorted, as ruff would leave it, so rendering needs no import pass.
The lines are sorted and merged by :func:`generator.imports.import_block` or here.
"""

from __future__ import annotations

from .. import types as T
from ..emit import qualify
from ..imports import import_block
from ..ir import ListType, Operation, Parameter, Resource, Response

__all__ = ["global_statements", "model_imports", "pages_imports", "resource_imports", "runtime_imports"]

_Statement = tuple[str, list[str]]
"""An import statement as :func:`generator.imports.import_block` takes it: ``(source, names)``."""


def _statement(need: T.Need, models: str) -> _Statement:
    """The statement importing ``need`` into a module that finds the model modules at ``models``
    (``.`` from a model module, ``..models.`` from a resource module, ``.models.`` at the top)."""
    if need.kind == "stdlib":
        return need.name, []
    if need.kind == "typing":
        return "typing", [need.name]
    if need.kind == "runtime":
        return ".._models", [need.name]
    scope, dot, _ = need.name.partition(".")
    if dot:  # a class of an operation's namespace is spelled ``scope.Name``: the namespace is imported
        return (models if not models.strip(".") else models[:-1]), [scope]
    return models + need.module, [need.name]


def _up(statement: _Statement, up: str) -> _Statement:
    """``statement`` from a module ``up`` more packages down: relative sources start with more dots."""
    source, names = statement
    return (up + source if source.startswith(".") else source), names


def model_imports(
    needs: frozenset[T.Need], decode_needs: frozenset[T.Need], own: str, optional_fields: bool, bound_models: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The lines of the module's import block, of the block only type checkers need and of the
    block ``_resolve()`` runs, and the names that one imports (``bound_models``: the module binds
    other models' ``from_dict`` to globals, annotated with ``Callable``); each block sorted and exact, as
    ``ruff check --select I,F401`` would leave it (so render needs no such pass over models).

    Other models are never imported when a model module loads: the annotations are
    strings, and ``from_dict`` imports what it calls on its first run.  Importing the
    models at the top (or the bottom) of each module imported the whole graph of
    references at once, and a long enough chain of models past the recursion limit.
    """
    statements: list[_Statement] = [
        ("__future__", ["annotations"]),
        ("collections.abc", ["Callable", "Mapping"] if bound_models else ["Mapping"]),  # annotations of bound globals
        ("typing", ["Any"]),
        ("attrs", []),
    ]
    # A class of an operation's namespace lives one package further down, and names itself ``scope.Name``.
    models, up = ("..", ".") if "." in own else (".", "")
    statements += [_up(_statement(need, models), up) for need in needs if not need.named and need.kind != "members"]
    checking = [_statement(need, models) for need in needs if need.named and (need.name != own or up)]
    if optional_fields:  # ``= UNSET`` defaults, ``| Unset`` annotations
        statements.append((up + ".._types", ["UNSET", "Unset"]))
    if checking:
        statements.append(("typing", ["TYPE_CHECKING"]))
    lazy = [_statement(need, models) for need in decode_needs if need.named and (need.name != own or up)]
    return (
        tuple(import_block(statements).split("\n")),
        tuple(import_block(checking, "    ").split("\n")) if checking else (),
        tuple(import_block(lazy, "    ").split("\n")) if lazy else (),
        tuple(sorted({names[0] for _, names in lazy})),
    )


def global_statements(names: list[str], width: int = 92) -> tuple[str, ...]:
    """``global a, b, ...`` statements declaring ``names``, each at most ``width`` long when the names allow."""
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + len(name) + 2 <= width:
            lines[-1] += f", {name}"
        else:
            lines.append(f"global {name}")
    return tuple(lines)


def runtime_imports(*responses: Response) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The model imports a method runs before decoding ``responses`` (models load lazily), as
    ``(source, names)`` statements: the template's block adds the page class a paginated method imports."""
    statements: set[tuple[str, tuple[str, ...]]] = set()
    for response in responses:
        if response.type is None:
            continue
        for need in T.decoder(response.type).needs:
            if need.named:
                source, names = _statement(need, "..models.")
                statements.add((source, tuple(names)))
    return tuple(sorted(statements))


def resource_imports(operations: list[Operation], shadowed: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines of a resource module's import block, and of its block only type checkers need;
    each exact and sorted as ``ruff check --select I,F401`` would leave it (``shadowed``: the builtins
    its method names hide, which its annotations name as ``builtins.``).

    The models a method decodes are imported inside it (see ``Operation.runtime_imports``), so
    importing a resource does not import every model; those its signatures name, for type checkers.
    """
    annotated: list[T.Code] = []  # the signatures' annotations
    decoded: set[T.Need] = set()  # names the casts use
    for op in operations:
        annotated += [T.annotation(p.type) for p in (*op.path_params, *op.params)]
        if op.body is not None:
            flat = op.body.flatten
            annotated += [_field_annotation(p) for p in op.body.flattened] if flat else [T.annotation(op.body.type)]
        if op.pagination is not None:  # the method returns the page class, which decodes the response
            annotated.append(T.annotation(op.pagination.item_type))
        elif op.success.type is not None:
            annotated.append(T.annotation(op.success.type))
            decoded |= T.decoder(op.success.type).needs
        elif op.success.kind != "stream":  # a stream of raw events decodes nothing
            decoded.add(T.Need("runtime", "to_none"))
        for error in op.errors:
            decoded |= T.decoder(error.type).needs if error.type is not None else {T.Need("runtime", "to_none")}
        if op.stream is not None and op.stream.item_type is not None:
            annotated.append(T.annotation(op.stream.item_type))
            decoded |= T.decoder(op.stream.item_type).needs
    statements = _resource_runtime(operations)
    if shadowed and any(qualify(code.expr, shadowed) != code.expr for code in annotated):
        statements.append(("builtins", []))
    needs = {need for code in annotated for need in code.needs}
    checking = [
        ("..pages", [op.pagination.async_page_class, op.pagination.page_class])
        for op in operations
        if op.pagination is not None
    ]
    checking += [_statement(need, "..models.") for need in needs if need.named]
    runtime = [need for need in needs | decoded if not need.named and need.kind != "members"]
    statements += [_statement(need, "..models.") for need in runtime]
    if checking:
        statements.append(("typing", ["TYPE_CHECKING"]))
    return (
        tuple(import_block(statements).split("\n")),
        tuple(import_block(checking, "    ").split("\n")) if checking else (),
    )


def _field_annotation(p: Parameter) -> T.Code:
    """A body field's annotation as the signature writes it: a file field takes ``FileTypes`` (see
    :func:`generator.emit.body_field_annotation`)."""
    if T.is_file(p.type):
        return T.Code("list[FileTypes]" if isinstance(p.type, ListType) else "FileTypes", frozenset())
    return T.annotation(p.type)


def _resource_runtime(operations: list[Operation]) -> list[_Statement]:
    """The runtime names a resource module's code uses, by what its operations do (the template's
    conditions and the names :mod:`generator.emit` writes: ``path_call``, ``body_args``, ...)."""
    bodies = [op.body for op in operations if op.body is not None]
    streams = [op.stream for op in operations if op.stream is not None]
    types = ["UNSET", "BodyFields", "Headers", "Query", "TimeoutTypes", "Unset"]
    if any(T.is_file(p.type) for body in bodies if body.flatten for p in body.flattened):
        types.append("FileTypes")
    utils = ["path_template"]
    if any(op.has_query for op in operations):
        utils.append("encode_query")
    if any(op.has_headers or op.has_cookies for op in operations):
        utils.append("encode_header")
    if any(body.kind == "multipart" for body in bodies):
        utils.append("multipart_fields")
    statements: list[_Statement] = [
        ("__future__", ["annotations"]),
        ("functools", []),
        (".._async_client", ["AsyncAPIResource"]),
        (".._base_client", ["RequestOptions"]),
        (".._response", ["async_to_raw_response_wrapper", "to_raw_response_wrapper"]),
        (".._streamed_response", ["async_to_streamed_response_wrapper", "to_streamed_response_wrapper"]),
        (".._sync_client", ["SyncAPIResource"]),
        (".._types", types),
        (".._utils", utils),
    ]
    if any(body.kind in ("form", "multipart") and not body.flatten for body in bodies):
        statements.append((".._models", ["as_fields"]))
    if any(op.pagination is not None for op in operations):
        statements.append((".._pagination", ["AsyncPaginator"]))
    if any(op.deprecations for op in operations):
        statements.append((".._deprecation", ["warn_deprecated"]))
    if any(stream.switch for stream in streams):
        statements.append(("typing", ["Literal", "overload"]))
    for stream in streams:
        raw = stream.item_type is None
        names = ["ServerSentEvent", "event_stream", "async_event_stream"] if raw else ["stream_of", "async_stream_of"]
        statements.append((".._stream", ["Stream", "AsyncStream", *names]))
    return statements


def pages_imports(resources: list[Resource]) -> tuple[str, ...]:
    """The import block of ``pages.py``: the models its classes extend and their item types (both
    used at run time), and the runtime's page functions its kinds of pagination call."""
    statements: list[_Statement] = [("__future__", ["annotations"]), ("collections.abc", ["Sequence"])]
    for resource in resources:
        for op in resource.operations:
            if op.pagination is None:
                continue
            model = op.pagination.model
            step = "next_cursor" if op.pagination.kind == "cursor" else "next_page_number"
            statements.append(("._pagination", ["AsyncPage", "SyncPage", "items_of", step]))
            statements.append((f".models.{model.module}", [model.name]))
            needs = T.annotation(op.pagination.item_type).needs
            statements += [_statement(need, ".models.") for need in needs if need.kind != "runtime"]
    return tuple(import_block(statements).split("\n"))
