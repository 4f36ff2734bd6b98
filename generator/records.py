"""Records: the value classes of the generator's stages (spec, graph, IR, plans), made cheaply.

A record is a class with ``__slots__`` and a compiled ``__init__``; equality and hashing read the
fields through one :func:`operator.attrgetter` a class, ``repr`` is one function for every record.  attrs makes the
same classes, but importing it and making the fifty-odd classes a generation needs costs about 40 ms
(generating and compiling half a dozen methods a class, then rebuilding it with slots): a fifth of a
small spec's whole run.  A record costs a fraction of that.

- :func:`frozen`: immutable, equal by value and hashable (attrs' ``frozen``); ``eq=False`` keeps
  identity equality and hashing.
- :func:`mutable`: fields may be set; equal by value, not hashable (attrs' ``define``).
- :func:`field` ``(factory=...)``: a default made afresh for each instance.
- :func:`evolve`: a copy with some fields changed; :func:`fields`: a record class's field names.

Fields are the class's annotations, in order, after those of the record classes it derives from; a
class attribute of the same name is the field's default.  Type checkers read records as dataclasses
(PEP 681).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast, dataclass_transform, overload

__all__ = ["FrozenRecordError", "evolve", "field", "fields", "frozen", "mutable"]

_T = TypeVar("_T")
_C = TypeVar("_C", bound=type)


class FrozenRecordError(AttributeError):
    """A field of a frozen record was set or deleted."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


_NOTHING: Any = object()


def field(*, factory: Callable[[], _T]) -> _T:
    """A field whose default is ``factory()``, called for each instance made without it."""
    return cast(_T, _Factory(factory))  # typed as the default it stands for, as dataclasses.field is


def fields(cls: type) -> tuple[str, ...]:
    """The field names of a record class, in ``__init__``'s order (empty for any other class)."""
    names: tuple[str, ...] = getattr(cls, "__record_fields__", ())
    return names


def evolve(record: _T, **changes: Any) -> _T:
    """A new record of the same class with ``changes`` applied (an unknown name is a TypeError)."""
    cls = type(record)
    names = fields(cls)
    values = dict(zip(names, (getattr(record, name) for name in names), strict=True))
    values.update(changes)
    made: _T = cls(**values)
    return made


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: _C, /) -> _C: ...
@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(*, eq: bool = True) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: _C | None = None, /, *, eq: bool = True) -> _C | Callable[[_C], _C]:
    """Make ``cls`` an immutable record (see the module)."""
    if cls is None:
        return lambda later: _record(later, frozen=True, eq=eq)
    return _record(cls, frozen=True, eq=eq)


@dataclass_transform(field_specifiers=(field,))
def mutable(cls: _C, /) -> _C:
    """Make ``cls`` a record whose fields may be set (see the module)."""
    return _record(cls, frozen=False, eq=True)


# --- Making the class ----------------------------------------------------------------------------


def _own_fields(cls: type) -> list[str]:
    """The names ``cls`` itself annotates, less class variables."""
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063  # inspect costs 6 ms
    return [
        name
        for name, annotation in annotations.items()
        if not str(annotation).startswith(("ClassVar", "typing.ClassVar", "Final"))
    ]


def _record(cls: _C, *, frozen: bool, eq: bool) -> _C:
    inherited: tuple[str, ...] = ()
    defaults: dict[str, object] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited = (*inherited, *(name for name in fields(base) if name not in inherited))
        defaults.update(base.__dict__.get("__record_defaults__", {}))
    own = [name for name in _own_fields(cls) if name not in inherited]
    names = (*inherited, *own)
    defaults.update((name, cls.__dict__[name]) for name in own if name in cls.__dict__)
    namespace = {
        key: value
        for key, value in cls.__dict__.items()
        if key not in defaults and key not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = tuple(own)
    namespace["__record_fields__"] = names
    namespace["__record_defaults__"] = defaults
    namespace["__match_args__"] = names
    namespace["__repr__"] = _repr
    if eq:
        namespace.update(_equality(operator.attrgetter(*names) if names else _no_values, hashable=frozen))
    if frozen:
        namespace["__setattr__"] = _refuse_set
        namespace["__delattr__"] = _refuse_delete
    made: _C = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__init__ = _init(made, names, defaults, frozen=frozen)  # type: ignore[misc]
    return made


def _init(cls: type, names: tuple[str, ...], defaults: dict[str, object], *, frozen: bool) -> Any:
    """Compile ``__init__``: every field a parameter (positional or by name), set in order.

    The source is made of the class's own annotations (names written in clientgen's modules, never
    anything read from a spec) and of names bound in ``scope``."""
    scope: dict[str, object] = {"_rec_set": object.__setattr__, "_rec_nothing": _NOTHING}
    params, body = ["self"], []
    for index, name in enumerate(names):
        value = name
        if name in defaults:
            default = defaults[name]
            if isinstance(default, _Factory):
                scope[f"_rec_make{index}"] = default.make
                params.append(f"{name}=_rec_nothing")
                value = f"_rec_make{index}() if {name} is _rec_nothing else {name}"
            else:
                scope[f"_rec_default{index}"] = default
                params.append(f"{name}=_rec_default{index}")
        elif len(params) > 1 and "=" in params[-1]:
            raise TypeError(f"{cls.__qualname__}: field {name!r} without a default follows one with a default")
        else:
            params.append(name)
        body.append(f"    _rec_set(self, {name!r}, {value})" if frozen else f"    self.{name} = {value}")
    source = f"def __init__({', '.join(params)}) -> None:\n" + ("\n".join(body) or "    pass") + "\n"
    exec(compile(source, f"<record {cls.__module__}.{cls.__qualname__}>", "exec"), scope)  # noqa: S102
    init: Any = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _no_values(_record: object) -> tuple[()]:
    return ()


def _equality(values: Callable[[object], object], *, hashable: bool) -> dict[str, object]:
    """``__eq__`` (same class, same field values) and ``__hash__`` (None for a mutable record)."""

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: object) -> int:
        return hash((self.__class__, values(self)))

    return {"__eq__": __eq__, "__hash__": __hash__ if hashable else None}


def _repr(self: Any) -> str:
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_fields__)
    return f"{type(self).__qualname__}({parts})"


def _refuse_set(self: object, name: str, value: object) -> None:
    raise FrozenRecordError(f"{type(self).__qualname__}.{name} cannot be set: the record is frozen")


def _refuse_delete(self: object, name: str) -> None:
    raise FrozenRecordError(f"{type(self).__qualname__}.{name} cannot be deleted: the record is frozen")
