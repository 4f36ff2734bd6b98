"""The import lines of generated modules, from what their code needs (:class:`generator.types.Need`).

Each list is exact and sorted, as ruff would leave it, so rendering needs no import pass.
The lines are sorted and merged by :func:`generator.imports.import_block` or here.
"""

from __future__ import annotations

from .. import types as T
from ..imports import import_block
from ..ir import Operation, Resource, Response

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


def _line(statement: _Statement) -> str:
    source, names = statement
    return f"from {source} import {', '.join(names)}" if names else f"import {source}"


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


def runtime_imports(*responses: Response) -> tuple[str, ...]:
    """The model imports a method runs before decoding ``responses`` (models load lazily)."""
    lines: set[str] = set()
    for response in responses:
        if response.type is None:
            continue
        lines.update(_line(_statement(need, "..models.")) for need in T.decoder(response.type).needs if need.named)
    return tuple(sorted(lines))


def resource_imports(operations: list[Operation]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Module-level imports, and the model imports needed only by type checkers.

    Models are imported inside each method (see ``Operation.runtime_imports``),
    so importing a resource does not import every model.
    """
    needs: set[T.Need] = set()
    for op in operations:
        for p in (*op.path_params, *op.params, *(op.body.flattened if op.body else ())):
            needs |= T.annotation(p.type).needs
        if op.body is not None and not op.body.flatten:
            needs |= T.annotation(op.body.type).needs
        for response in (op.success, *op.errors):
            if response.type is not None:
                needs |= T.annotation(response.type).needs | T.decoder(response.type).needs
            elif response.kind != "stream":  # a stream of raw events decodes nothing
                needs.add(T.Need("runtime", "to_none"))
        if op.stream is not None and op.stream.item_type is not None:
            needs |= T.annotation(op.stream.item_type).needs | T.decoder(op.stream.item_type).needs
    imports: set[str] = set()
    checking: set[str] = set()
    for op in operations:
        if op.pagination is not None:
            needs |= T.annotation(op.pagination.item_type).needs
            checking.add(f"from ..pages import {op.pagination.async_page_class}, {op.pagination.page_class}")
    runtime: set[str] = set()
    for need in needs:
        if need.kind == "runtime":  # one statement, below
            runtime.add(need.name)
        else:
            (checking if need.named else imports).add(_line(_statement(need, "..models.")))
    if runtime:
        imports.add(f"from .._models import {', '.join(sorted(runtime))}")
    return tuple(sorted(imports)), tuple(sorted(checking))


def pages_imports(resources: list[Resource]) -> tuple[str, ...]:
    """Imports of ``pages.py``: the models its classes extend and their item types (both used at run time)."""
    imports: set[str] = set()
    for resource in resources:
        for op in resource.operations:
            if op.pagination is None:
                continue
            model = op.pagination.model
            imports.add(f"from .models.{model.module} import {model.name}")
            needs = T.annotation(op.pagination.item_type).needs
            imports.update(_line(_statement(need, ".models.")) for need in needs if need.kind != "runtime")
    return tuple(sorted(imports))
