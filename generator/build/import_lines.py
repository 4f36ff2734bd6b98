"""The import lines of generated modules, from what their code needs (:class:`generator.types.Need`).

Each list is exact and sorted, as ruff would leave it, so rendering needs no import pass.
The lines are sorted and merged by :func:`generator.imports.import_block` or here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import types as T
from ..imports import import_block
from ..ir import Operation, Resource, Response

__all__ = ["global_statements", "model_imports", "pages_imports", "resource_imports", "runtime_imports"]


def model_imports(
    needs: frozenset[T.Need], decode_needs: frozenset[T.Need], own: str, optional_fields: bool
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The lines of the module's import block, of the block only type checkers need and of the
    block ``_resolve()`` runs, and the names that one binds; each block sorted and exact, as
    ``ruff check --select I,F401`` would leave it (so render needs no such pass over models).

    Other models are never imported when a model module loads: the annotations are
    strings, and ``from_dict`` imports what it calls on its first run.  Importing the
    models at the top (or the bottom) of each module imported the whole graph of
    references at once, and a long enough chain of models past the recursion limit.
    """
    statements: list[tuple[str, list[str]]] = [
        ("__future__", ["annotations"]),
        ("collections.abc", ["Mapping"]),
        ("typing", ["Any"]),
        ("attrs", []),
    ]
    for kind, what in needs:
        if kind == "stdlib":
            statements.append((what, []))
        elif kind == "typing":
            statements.append(("typing", [what]))
        elif kind == "runtime":
            statements.append((".._models", [what]))
    checking = [(f".{module}", [name]) for name, module in _named_types(needs) if name != own]
    if optional_fields:  # ``= UNSET`` defaults, ``| Unset`` annotations
        statements.append((".._types", ["UNSET", "Unset"]))
    if checking:
        statements.append(("typing", ["TYPE_CHECKING"]))
    lazy = [(f".{module}", [name]) for name, module in _named_types(decode_needs) if name != own]
    return (
        tuple(import_block(statements).split("\n")),
        tuple(import_block(checking, "    ").split("\n")) if checking else (),
        tuple(import_block(lazy, "    ").split("\n")) if lazy else (),
        tuple(sorted({names[0] for _, names in lazy})),
    )


def _named_types(needs: Iterable[T.Need]) -> list[tuple[str, str]]:
    """(name, module) of the models and enums among ``needs``."""
    found: list[tuple[str, str]] = []
    for kind, what in needs:
        if kind in ("model", "enum"):
            name, module = what.split(":")
            found.append((name, module))
    return found


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
        lines.update(
            f"from ..models.{module} import {name}" for name, module in _named_types(T.decoder(response.type).needs)
        )
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
            else:
                needs.add(("runtime", "to_none"))
    imports: set[str] = set()
    checking: set[str] = set()
    for op in operations:
        if op.pagination is not None:
            needs |= T.annotation(op.pagination.item_type).needs
            checking.add(f"from ..pages import {op.pagination.async_page_class}, {op.pagination.page_class}")
    runtime: set[str] = set()
    for kind, what in needs:
        if kind == "stdlib":
            imports.add(f"import {what}")
        elif kind == "typing":
            imports.add(f"from typing import {what}")
        elif kind == "runtime":
            runtime.add(what)
        elif kind in ("model", "enum"):
            name, module = what.split(":")
            checking.add(f"from ..models.{module} import {name}")
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
            for kind, what in T.annotation(op.pagination.item_type).needs:
                if kind == "stdlib":
                    imports.add(f"import {what}")
                elif kind == "typing":
                    imports.add(f"from typing import {what}")
                elif kind in ("model", "enum"):
                    name, module = what.split(":")
                    imports.add(f"from .models.{module} import {name}")
    return tuple(sorted(imports))
