"""Find a spec operation's method on a generated client, and its arguments in a recorded request.

Everything is derived from the spec, the way the generator names things, so the tests that use
this keep working when operations are added, renamed or regrouped:

- the method is ``client[.<group>].<resource>.<method>`` (:func:`tools.spec_surface.client_path`);
- the arguments are the path parameters, query parameters and top-level JSON body fields of a
  recorded request, each passed under the Python name of its spec name, query values typed by
  their schema.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.names import snake_name
from tools.spec_surface import client_path, operation_id, operations, resolve

__all__ = ["SpecOperation", "arguments", "by_endpoint", "method_of", "spec_operations"]


@dataclass(frozen=True)
class SpecOperation:
    operation_id: str
    method: str
    """Lower case, as the spec writes it."""
    path: str
    operation: Mapping[str, Any]
    parameters: tuple[Mapping[str, Any], ...]


def spec_operations(spec: Mapping[str, Any]) -> Iterator[SpecOperation]:
    for method, path, operation, item in operations(spec):
        declared = [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
        parameters = tuple(resolve(spec, p) for p in declared)
        yield SpecOperation(operation_id(method, path, operation), method, path, operation, parameters)


def by_endpoint(spec: Mapping[str, Any], method: str, path: str) -> SpecOperation:
    """The operation of ``METHOD path``; placeholders match whatever their names are."""
    wanted = (method.lower(), _shape(path))
    found = [o for o in spec_operations(spec) if (o.method, _shape(o.path)) == wanted]
    assert len(found) == 1, f"{len(found)} operations of {method} {path} in the spec"
    return found[0]


def _shape(path: str) -> str:
    return re.sub(r"\{[^{}/]*\}", "{}", path)


def method_of(client: Any, spec: Mapping[str, Any], op: SpecOperation) -> Callable[..., Any]:
    """The client's method of ``op`` (a name the generator escaped ends with ``_``)."""
    target = client
    walked = ["client"]
    for name in client_path(spec, op.method, op.path, op.operation):
        found = next((n for n in (name, name + "_") if hasattr(target, n)), None)
        assert found is not None, f"{op.operation_id}: no {'.'.join([*walked, name])}"
        walked.append(found)
        target = getattr(target, found)
    assert callable(target)
    return target  # type: ignore[no-any-return]


def arguments(
    method: Callable[..., Any], op: SpecOperation, base_path: str, request: Mapping[str, Any]
) -> dict[str, Any]:
    """The keyword arguments that make ``method`` send the recorded ``request``."""
    accepted = inspect.signature(method).parameters
    uri = urlsplit(str(request["uri"]))
    found: dict[str, Any] = {}
    path = uri.path.removeprefix(base_path)
    names = re.findall(r"\{([^{}/]*)\}", op.path)
    pattern = re.escape(op.path)
    for index, name in enumerate(names):
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<p{index}>[^/]+)", 1)
    matched = re.fullmatch(pattern, path)
    assert matched, f"{op.operation_id}: the recorded path {path!r} is not {op.path!r}"
    for index, name in enumerate(names):
        found[_python(accepted, op, name)] = unquote(matched[f"p{index}"])
    schemas = {p.get("name"): p.get("schema") or {} for p in op.parameters if p.get("in") == "query"}
    pairs: dict[str, list[str]] = {}
    for name, value in parse_qsl(uri.query, keep_blank_values=True):
        pairs.setdefault(name, []).append(value)
    for name, values in pairs.items():
        schema = schemas.get(name, {})
        typed = [_typed(v, schema.get("items", {}) if schema.get("type") == "array" else schema) for v in values]
        found[_python(accepted, op, name)] = typed if schema.get("type") == "array" else typed[0]
    body = request.get("body")
    if isinstance(body, dict):
        body = body.get("string")
    if body:
        fields = json.loads(body)
        found.update(_body_arguments(accepted, op, fields))
    return found


def _body_arguments(accepted: Mapping[str, inspect.Parameter], op: SpecOperation, fields: Any) -> dict[str, Any]:
    """The body as ``body`` when the method takes one (a body it does not flatten), else its fields."""
    if "body" in accepted and not (isinstance(fields, dict) and "body" in fields):
        return {"body": fields}
    assert isinstance(fields, dict), f"{op.operation_id}: a JSON body that is not an object, and no body argument"
    return {_python(accepted, op, name): value for name, value in fields.items()}


def _python(accepted: Mapping[str, inspect.Parameter], op: SpecOperation, name: str) -> str:
    for candidate in (snake_name(name), snake_name(name) + "_"):
        if candidate in accepted:
            return candidate
    raise AssertionError(f"{op.operation_id}: the method takes no argument for {name!r} ({list(accepted)})")


def _typed(text: str, schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    if kind == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text
