"""Operations to methods: parameters, the request body, responses, and what the method's text needs."""

from __future__ import annotations

import re
from typing import Any, cast

from ..config import ClientConfig
from ..ir import (
    AnyType,
    Deprecation,
    EventStream,
    Operation,
    Parameter,
    ParameterLocation,
    PrimitiveType,
    RequestBody,
    Response,
)
from ..limits import integer_digits
from ..load import Spec
from ..names import Namer, class_name, snake_name
from ..problems import Location, Problems
from .bodies import request_body
from .docs import description, facts
from .import_lines import runtime_imports
from .keywords import example_doc, first_example
from .media import accept_header, body_kind, pick_content, report_unused
from .schemas import Schemas
from .scopes import scope_module
from .security import required_scopes, requirements
from .servers import operation_server
from .streams import event_stream, item_responses, without_streams
from .unions import sentinel_doc

__all__ = ["Operations"]

_PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")
_MEDIA_TYPE_HEADERS = frozenset({"accept", "content-type"})
"""Header parameters OpenAPI says to ignore: the operation's media types decide these headers.
(A required ``Authorization`` header, also to be ignored, is made the bearer scheme by normalize.)"""

_Declared = tuple[dict[str, Any], Location]
"""A parameter as the spec declares it, and where."""


class Operations:
    """Turns operations into methods, their types through ``schemas``."""

    def __init__(self, spec: Spec, schemas: Schemas, problems: Problems, config: ClientConfig) -> None:
        self.spec = spec
        self.schemas = schemas
        self.problems = problems
        self.config = config

    def deref(self, node: Any, location: Location) -> tuple[Any, Location]:
        """Follow ``$ref`` chains of anything but schemas; returns the node and where it lives."""
        location, node = self.spec.follow(location, node)
        return node, location

    def build(
        self,
        path: str,
        method: str,
        operation: dict[str, Any],
        item: dict[str, Any],
        location: Location,
        name: str,
        resource: str = "",
    ) -> Operation:
        """The method ``name`` of ``operation`` (at ``method`` of the path ``item``), of the resource ``resource``.

        The types written inline in its parameters and body live in the operation's namespace (see
        :mod:`.scopes`), named by their path there (``Shipping``, else ``BodyShipping``); its responses' stay top-level.
        """
        hint = class_name(name)
        namer = Namer.for_params()
        with self.schemas.scopes.entered(scope_module(resource, name), location):
            path_params, params = self._parameters(path, item, operation, location, namer, hint + "/")
            body = self._body(operation, location, namer, hint + "/")
        success, errors = self._responses(operation, location, hint)
        stream, success = self._stream(operation, location, success, body, hint)
        flattened = body.flattened if body is not None else ()
        return Operation(
            name=name,
            method=method.upper(),
            path=path,
            summary=_text(operation.get("summary")),
            description=_text(operation.get("description")),
            deprecated=operation.get("deprecated") is True,
            path_params=tuple(path_params),
            params=tuple(params),
            body=body,
            success=success,
            errors=errors,
            security=requirements(operation.get("security")),
            idempotency_field=self._idempotency_field(body, params),
            pagination=None,
            location=location,
            runtime_imports=runtime_imports(success, *errors, *item_responses(stream)),
            server=operation_server(operation, item, location, self.problems),
            deprecations=_deprecations(name, method, path, operation, (*path_params, *params, *flattened)),
            stream=stream,
            scopes=required_scopes(operation.get("security"), self.spec.root.data),
        )

    # -- parameters ----------------------------------------------------------------------------

    def _parameters(
        self, path: str, item: dict[str, Any], operation: dict[str, Any], location: Location, namer: Namer, hint: str
    ) -> tuple[list[Parameter], list[Parameter]]:
        """The path parameters in the order the path names them, then the others, required first."""
        declared = self._declared(item, operation, location)
        path_names = re.findall(r"{([^}/]+)}", path)
        by_name = {(p["in"], p["name"]): (p, where) for p, where in declared}
        path_params: list[Parameter] = []
        for wire in path_names:
            found = by_name.get(("path", wire))
            if found is None:
                self.problems.warn(location, f"path parameter {wire!r} is not declared: taken as a string")
                found = ({"name": wire, "in": "path", "required": True, "schema": {"type": "string"}}, location)
            elif found[0].get("required") is not True:
                self.problems.warn(found[1], f"path parameter {wire!r} is not marked required: it always is")
            path_params.append(self._parameter(found[0], found[1], namer, hint, required=True))
        other: list[Parameter] = []
        for param, where in declared:
            if param["in"] == "path":
                if param["name"] not in path_names:
                    self.problems.warn(where, f"path parameter {param['name']!r} does not appear in {path!r}: ignored")
                continue
            other.append(self._parameter(param, where, namer, hint, required=param.get("required") is True))
        other.sort(key=lambda p: not p.required)
        return path_params, other

    def _declared(self, item: dict[str, Any], operation: dict[str, Any], location: Location) -> list[_Declared]:
        """The parameters of the path item and of the operation, the operation's replacing same-named ones."""
        merged: dict[tuple[str, str], _Declared] = {}
        sources = (
            (item.get("parameters"), Location(location.file, location.pointer.rsplit("/", 1)[0]).child("parameters")),
            (operation.get("parameters"), location.child("parameters")),
        )
        for params, where in sources:
            if params is None:
                continue
            if not isinstance(params, list):
                self.problems.warn(where, "parameters must be a list: ignored")
                continue
            for index, raw in enumerate(params):
                param, param_location = self.deref(raw, where.child(index))
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    self.problems.warn(where.child(index), "parameter without a name: skipped")
                    continue
                if param.get("in") not in _PARAMETER_LOCATIONS:
                    self.problems.warn(
                        param_location.child("in"), f"parameter location {param.get('in')!r} is unknown: skipped"
                    )
                    continue
                if param["in"] == "header" and param["name"].lower() in _MEDIA_TYPE_HEADERS:
                    self.problems.warn(
                        param_location,
                        f"header parameter {param['name']!r} is ignored: the operation's media types decide it",
                    )
                    continue
                merged[(param["in"], param["name"])] = (param, param_location)
        return list(merged.values())

    def _parameter(
        self, param: dict[str, Any], where: Location, namer: Namer, hint: str, *, required: bool
    ) -> Parameter:
        wire = param["name"]
        schema = param.get("schema")
        if isinstance(schema, dict) and "default" in schema:
            _check_default(schema, where.child("schema", "default"), self.problems)
        if schema is None and isinstance(param.get("content"), dict):
            picked = pick_content(param["content"])
            schema = picked[1].get("schema", {}) if picked else {}
        node = self.schemas.graph.at(where.child("schema"), schema if schema is not None else {})
        param_type = self.schemas.type_of(node, hint + class_name(wire, "Param"))
        location = cast(ParameterLocation, param["in"])
        style = param.get("style")
        if not isinstance(style, str):
            style = "simple" if location in ("path", "header") else "form"
        explode = param.get("explode")
        if not isinstance(explode, bool):
            explode = style == "form"
        deprecated = param.get("deprecated") is True
        example = example_doc(first_example(self.spec, param, where, node))
        notes = ("Deprecated." if deprecated else "", facts(node), example, sentinel_doc(param_type))
        name = namer.take(snake_name(wire, "param"))
        return Parameter(
            name=name,
            wire_name=wire,
            location=location,
            type=param_type,
            required=required,
            style=style,
            explode=explode,
            description=_text(param.get("description")).strip() or description(node),
            notes=" ".join(n for n in notes if n),
            location_info=where,
            integer_default=_integer_default(schema),
            deprecated=deprecated,
        )

    def _idempotency_field(self, body: RequestBody | None, params: list[Parameter]) -> str | None:
        """The argument carrying the idempotency key: a configured header, else a configured body field."""
        idempotency = None
        if body is not None and body.flatten:
            for p in body.flattened:
                if p.wire_name in self.config.idempotency_fields:
                    idempotency = p.name
        for p in params:
            if p.location == "header" and p.wire_name.lower() in {h.lower() for h in self.config.idempotency_headers}:
                idempotency = p.name
        return idempotency

    # -- body and responses --------------------------------------------------------------------

    def _body(self, operation: dict[str, Any], location: Location, namer: Namer, hint: str) -> RequestBody | None:
        raw = operation.get("requestBody")
        if raw is None:
            return None
        body, where = self.deref(raw, location.child("requestBody"))
        return request_body(body, where, self.schemas, self.problems, namer, hint)

    def _responses(
        self, operation: dict[str, Any], location: Location, hint: str
    ) -> tuple[Response, tuple[Response, ...]]:
        """The first success response (None when there is none), and the error responses."""
        responses = operation.get("responses")
        where = location.child("responses")
        if not isinstance(responses, dict) or not responses:
            self.problems.warn(where, "operation has no responses: returns None")
            responses = {}
        success: Response | None = None
        errors: list[Response] = []
        for status_raw, raw in responses.items():
            status = str(status_raw).upper() if str(status_raw).lower() != "default" else "default"
            response, response_location = self.deref(raw, where.child(str(status_raw)))
            if not isinstance(response, dict):
                self.problems.warn(response_location, "response must be an object: ignored")
                continue
            is_success = status.startswith("2")
            if is_success and success is not None:
                continue
            if not is_success and not (status[:1] in "345" or status == "default"):
                self.problems.warn(response_location, f"status {status_raw!r} is not a status code: ignored")
                continue
            built = self._response(
                status, response, response_location, hint + ("Response" if is_success else f"Error{status}")
            )
            if is_success:
                success = built
            elif status[:1] != "3":
                errors.append(built)
        if success is None:
            success = Response("200", None, "none")
        return success, tuple(errors)

    def _stream(
        self, operation: dict[str, Any], location: Location, success: Response, body: RequestBody | None, hint: str
    ) -> tuple[EventStream | None, Response]:
        """The event stream of the success response, if any, and the success response the method returns."""
        responses = operation.get("responses")
        if not isinstance(responses, dict):
            return None, success
        keys = [k for k in responses if str(k).upper() == success.status]
        if not keys:
            return None, success
        response, where = self.deref(responses[keys[0]], location.child("responses", str(keys[0])))
        stream, success, unused = event_stream(response, success, body, where, self.schemas, hint)
        if unused:
            self.problems.info(where.child("content"), unused, "media-type")
        return stream, success

    def _response(self, status: str, response: dict[str, Any], location: Location, hint: str) -> Response:
        success = status.startswith("2")
        content = response.get("content")
        if success and isinstance(content, dict) and without_streams(content):
            content = without_streams(content)  # an event stream is typed apart (see .streams)
        picked = pick_content(content)
        if picked is None:
            return Response(status, None, "none")
        content_type, media = picked
        content = cast(dict[str, Any], content)  # pick_content found a media type in it
        schema_node = self.schemas.graph.at(location.child("content", content_type, "schema"), media.get("schema", {}))
        where_media = location.child("content", content_type)
        example = example_doc(first_example(self.spec, media, where_media, schema_node), "Example response")
        what = "response" if success else "error response"
        report_unused(content, content_type, location.child("content"), self.problems, what)
        accept = accept_header(content, content_type) if success else ""
        kind = body_kind(content_type)
        if kind == "text":
            return Response(status, PrimitiveType("str"), "text", accept, example)
        if kind != "json":
            return Response(status, PrimitiveType("bytes"), "bytes", accept, example)
        if media.get("schema") is None:
            return Response(status, AnyType(), "json", accept, example)
        return Response(status, self.schemas.type_of(schema_node, hint), "json", accept, example)


def _text(value: object) -> str:
    """A description or summary as written; empty when the spec gives something else."""
    return value if isinstance(value, str) else ""


def _deprecations(
    name: str, method: str, path: str, operation: dict[str, Any], arguments: tuple[Parameter, ...]
) -> tuple[Deprecation, ...]:
    """The warnings a call of the method gives: the operation's, then each deprecated argument's when given."""
    found = []
    if operation.get("deprecated") is True:
        found.append(Deprecation(f"{name}() is deprecated ({method.upper()} {path})"))
    for p in arguments:
        if p.deprecated:
            found.append(
                Deprecation(f"the argument {p.name!r} of {name}() is deprecated", "" if p.required else p.name)
            )
    return tuple(found)


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")


def _check_default(schema: dict[str, Any], where: Location, problems: Problems) -> None:
    """A parameter's ``default`` that its own schema refuses is reported (the client never sends it)."""
    default, declared = schema["default"], schema.get("type")
    wanted = _JSON_TYPES.get(declared) if isinstance(declared, str) else None
    if default is None or wanted is None:
        return
    if not isinstance(default, wanted) or (isinstance(default, bool) and declared in ("integer", "number")):
        problems.warn(where, f"default {_shown(default)} is not of type {declared}: ignored")
    elif schema.get("format") == "uuid" and isinstance(default, str) and not _UUID.fullmatch(default):
        problems.warn(where, f"default {_shown(default)} is not a uuid: ignored")


def _shown(value: object, width: int = 60) -> str:
    """``value`` for a message: its repr, cut to ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 3]}..."


def _integer_default(schema: Any) -> int | None:
    """``default``, else ``minimum``, of a parameter schema when it is an integer (or integer text)."""
    if not isinstance(schema, dict):
        return None
    for key in ("default", "minimum"):
        value = schema.get(key)
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= integer_digits():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None
