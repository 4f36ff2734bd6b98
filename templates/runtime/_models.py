"""Decoding helpers used by the generated models' ``from_dict`` methods.

They are tolerant of the future: an enum value the server adds later comes back
as the plain value instead of failing, and unknown fields are kept by the models
themselves.  Union helpers try the declared variants in order and raise
``ValueError`` naming the value when none fits.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar, cast

from ._utils import to_jsonable

__all__ = [
    "as_fields",
    "enum_value",
    "expect_bool",
    "expect_float",
    "expect_int",
    "expect_str",
    "identity",
    "list_of",
    "map_of",
    "new_object",
    "nullable",
    "parse_bytes",
    "parse_date",
    "parse_datetime",
    "parse_discriminated",
    "parse_enum",
    "parse_union",
    "parse_uuid",
    "to_jsonable",
    "to_none",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


def identity(value: T) -> T:
    return value


new_object: Final = cast("Callable[[type[Any]], Any]", object.__new__)
"""``object.__new__``: an instance without ``__init__``, for ``from_dict``, which sets every field itself.
Called through this name it costs less than ``cls.__new__(cls)``, which looks ``__new__`` up each time."""


def to_none(value: object) -> None:
    """The result of an operation that returns no content."""
    return None


_MEMBERS: dict[type[enum.Enum], dict[Any, enum.Enum]] = {}
"""Each enum's ``_value2member_map_``: on Python 3.11 every attribute read on an enum class
takes a slow path (``EnumType`` defines ``__getattr__``), and a dict lookup does not."""


def parse_enum(cls: type[E], value: Any) -> Any:
    """The member for ``value``, or ``value`` itself when the enum does not know it yet."""
    try:
        members = _MEMBERS[cls]
    except KeyError:
        members = _MEMBERS[cls] = cls._value2member_map_
    try:
        return members.get(value, value)
    except TypeError:  # unhashable: not a valid member either way
        return value


def enum_value(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def parse_datetime(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    return datetime.datetime.fromisoformat(text)


def parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date string, got {type(value).__name__}")
    return datetime.date.fromisoformat(value)


def parse_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a UUID string, got {type(value).__name__}")
    return uuid.UUID(value)


def parse_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"expected a string, got {type(value).__name__}")


def expect_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def expect_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def expect_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__}")


def expect_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def list_of(decode: Callable[[Any], T]) -> Callable[[Any], list[T]]:
    def decode_list(value: Any) -> list[T]:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return [decode(item) for item in value]

    return decode_list


def map_of(decode: Callable[[Any], T]) -> Callable[[Any], dict[str, T]]:
    def decode_map(value: Any) -> dict[str, T]:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return {key: decode(item) for key, item in value.items()}

    return decode_map


def nullable(decode: Callable[[Any], T]) -> Callable[[Any], T | None]:
    def decode_nullable(value: Any) -> T | None:
        return None if value is None else decode(value)

    return decode_nullable


def as_fields(value: object) -> Mapping[str, object]:
    """A form or multipart body given as one object (a model or a mapping) as its fields."""
    plain = to_jsonable(value) if hasattr(value, "to_dict") else value
    if not isinstance(plain, Mapping):
        raise TypeError(f"a form body must be an object, not {type(value).__name__}")
    return plain


def parse_union(value: Any, decoders: Sequence[Callable[[Any], Any]]) -> Any:
    """The first variant, in declaration order, that decodes ``value``."""
    problems = []
    for decode in decoders:
        try:
            return decode(value)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(f"{getattr(decode, '__qualname__', decode)}: {exc!r}")
    raise ValueError(f"no variant of the union accepts the value ({'; '.join(problems)})")


def parse_discriminated(
    value: Any,
    prop: str,
    mapping: Mapping[object, Callable[[Any], Any]],
    decoders: Sequence[Callable[[Any], Any]],
) -> Any:
    """Decode through the discriminator; an unknown tag falls back to trying each variant."""
    if isinstance(value, Mapping):
        decode = mapping.get(value.get(prop))
        if decode is not None:
            return decode(value)
    return parse_union(value, decoders)
