"""Swagger 2.0 documents become OpenAPI 3.0 right after load.

The conversion follows the 3.0 specification's own mapping:

- ``host``, ``basePath`` and ``schemes`` are the ``servers``;
- ``definitions``, ``parameters``, ``responses`` and ``securityDefinitions`` move
  under ``components`` (``schemas``, ``parameters``, ``responses``,
  ``securitySchemes``) and every ``$ref`` to them is rewritten;
- a ``body`` parameter is the ``requestBody``, with one media type per
  ``consumes`` entry (``application/json`` when none is given); ``formData``
  parameters are the properties of an ``application/x-www-form-urlencoded`` or
  ``multipart/form-data`` body, ``type: file`` a binary string;
- a non-body parameter's ``type``/``format``/``items``/... are its ``schema``;
  ``collectionFormat`` is ``style``/``explode``;
- a response's ``schema`` is its content, once per ``produces`` entry;
- ``x-nullable: true`` is ``nullable: true``; a ``discriminator`` property name
  is ``{propertyName: ...}``;
- oauth2 ``flow``s (implicit, password, application, accessCode) are ``flows``.

Parameters and responses given by ``$ref`` are inlined where they are used (a
body parameter cannot stay a parameter), with the ``$ref``s inside them rebased
onto the entry file.

Messages keep pointing at the Swagger file: the converted spec carries
*aliases* (a pointer prefix in the converted document -> the pointer it came
from), which :meth:`generator.load.Spec.locate` applies before it looks up the
line.  ``/paths/~1pets/post/requestBody/content/application~1json/schema`` is
reported as ``/paths/~1pets/post/parameters/0/schema``, on that line.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

from . import records
from .load import Document, Spec
from .normalize import HTTP_METHODS
from .problems import Location, Problems, SpecError, join_pointer

__all__ = ["convert", "is_swagger2"]

OPENAPI_VERSION = "3.0.3"
SWAGGER2_METHODS = tuple(method for method in HTTP_METHODS if method != "trace")
"""The operations of a Swagger 2.0 path item: OpenAPI 3's, but for ``trace``."""
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

# Keys a Swagger 2.0 non-body parameter (or header, or items object) shares with a JSON schema.
_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
)
_PARAMETER_KEYS = ("name", "in", "description", "required", "deprecated", "allowEmptyValue")
_COMPONENT_REFS = {
    "/definitions/": "/components/schemas/",
    "/parameters/": "/components/parameters/",
    "/responses/": "/components/responses/",
}
# Data, not schemas: never rewritten (except as names in a map of names, like ``properties``).
_OPAQUE = frozenset({"example", "examples", "x-example", "x-examples", "enum", "default", "const"})
_NAMED = frozenset({"properties", "patternProperties", "definitions", "parameters", "responses", "paths", "headers"})
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials"}
_FLOWS["accessCode"] = "authorizationCode"


def is_swagger2(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("swagger", "")).startswith("2")


def convert(spec: Spec, problems: Problems) -> Spec:
    """The spec with every Swagger 2.0 entry document converted to OpenAPI 3.0.

    Problems are reported with unlocated pointers into the *converted*
    document; the caller locates them with the returned spec.
    """
    converted = [root for root in spec.roots if is_swagger2(spec.documents[root].data)]
    if not converted:
        return spec
    documents = dict(spec.documents)
    aliases: list[tuple[Path, str, str]] = []
    for root in converted:
        converter = _Converter(spec, root, frozenset(converted), problems)
        document = spec.documents[root]
        documents[root] = Document(root, converter.document(document.data), document.text)
        aliases.extend((root, new, old) for new, old in converter.aliases)
    # Files reached through $ref hold Swagger 2.0 schemas too: fixed in place, so their pointers still hold.
    for path, document in spec.documents.items():
        if path not in converted:
            data = _fix_schemas(_rewrite_refs(document.data, path, frozenset(converted)))
            documents[path] = Document(path, data, document.text)
    return records.evolve(spec, documents=documents, aliases=(*spec.aliases, *aliases))


def _opaque(key: str, named: bool) -> bool:
    return not named and key in _OPAQUE


def _rewrite_refs(node: Any, here: Path, converted: frozenset[Path], named: bool = False) -> Any:
    """``#/definitions/X`` -> ``#/components/schemas/X`` where the target file was converted."""
    if isinstance(node, dict):
        out = {
            k: (v if _opaque(k, named) else _rewrite_refs(v, here, converted, not named and k in _NAMED))
            for k, v in node.items()
        }
        ref = node.get("$ref")
        if isinstance(ref, str) and not named:
            out["$ref"] = _component_ref(ref, here, converted)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, here, converted) for item in node]
    return node


def _component_ref(ref: str, here: Path, converted: frozenset[Path]) -> str:
    file_part, _, fragment = ref.partition("#")
    target = here if not file_part else Path(os.path.normpath(here.parent / file_part))
    if target not in converted:
        return ref
    for old, new in _COMPONENT_REFS.items():
        if fragment.startswith(old):
            return f"{file_part}#{new}{fragment[len(old) :]}"
    return ref


def _fix_schemas(node: Any, named: bool = False) -> Any:
    """``x-nullable`` -> ``nullable``, ``type: file`` -> a binary string, a discriminator name -> an object."""
    if isinstance(node, list):
        return [_fix_schemas(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    if named:
        return {key: _fix_schemas(value) for key, value in node.items()}
    for key, value in node.items():
        if key in _OPAQUE:
            out[key] = value
        elif key == "x-nullable":
            out["nullable"] = value
        elif key == "type" and value == "file":
            out["type"] = "string"
            out["format"] = "binary"
        elif key == "discriminator" and isinstance(value, str):
            out[key] = {"propertyName": value}
        elif key in _NAMED:
            out[key] = _fix_schemas(value, named=isinstance(value, dict))
        else:
            out[key] = _fix_schemas(value)
    return out


def _rebase(node: Any, source: Path, root: Path, named: bool = False) -> Any:
    """``$ref``s of a node moved from ``source`` into ``root``, made relative to ``root``."""
    if source == root:
        return node
    if isinstance(node, dict):
        out = {
            k: (v if _opaque(k, named) else _rebase(v, source, root, not named and k in _NAMED))
            for k, v in node.items()
        }
        ref = node.get("$ref")
        if isinstance(ref, str) and not named:
            file_part, _, fragment = ref.partition("#")
            target = Path(os.path.normpath(source.parent / file_part)) if file_part else source
            if target == root:
                out["$ref"] = "#" + fragment
            else:
                relative = posixpath.relpath(target.as_posix(), root.parent.as_posix())
                out["$ref"] = relative + ("#" + fragment if fragment or "#" in ref else "")
        return out
    if isinstance(node, list):
        return [_rebase(item, source, root) for item in node]
    return node


def _media_types(value: Any, inherited: list[str]) -> list[str]:
    if isinstance(value, list):
        return list(dict.fromkeys(str(v) for v in value if isinstance(v, str) and v))
    return inherited


class _Converter:
    def __init__(self, spec: Spec, root: Path, converted: frozenset[Path], problems: Problems) -> None:
        self.spec = spec
        self.root = root
        self.converted = converted
        self.problems = problems
        self.aliases: list[tuple[str, str]] = []
        self.consumes: list[str] = []
        self.produces: list[str] = []

    def alias(self, new: str, old: str) -> None:
        if new != old:
            self.aliases.append((new, old))

    def warn(self, pointer: str, message: str) -> None:
        self.problems.warn(Location(self.root, pointer), message)

    def moved(self, node: Any, source: Path | None = None) -> Any:
        """A node of ``source`` (the entry file by default) with its ``$ref``s valid in the converted entry file."""
        source = source or self.root
        return _rebase(_rewrite_refs(node, source, self.converted), source, self.root)

    def fix(self, node: Any, source: Path | None = None) -> Any:
        """:meth:`moved`, and its Swagger 2.0 schema keywords made 3.0 ones."""
        return _fix_schemas(self.moved(node, source))

    def document(self, data: dict[str, Any]) -> dict[str, Any]:
        self.consumes = _media_types(data.get("consumes"), [])
        self.produces = _media_types(data.get("produces"), [])
        out: dict[str, Any] = {"openapi": OPENAPI_VERSION}
        self.alias("/openapi", "/swagger")
        for key, value in data.items():
            if key in ("info", "tags", "externalDocs") or key.startswith("x-"):
                out[key] = value
            elif key == "security":
                out[key] = self.security(value, "/security")
        servers = self.servers(data)
        if servers:
            out["servers"] = servers
        out["paths"] = self.paths(data.get("paths"))
        components = self.components(data)
        if components:
            out["components"] = components
        return out

    def security(self, value: Any, pointer: str) -> Any:
        if not isinstance(value, list):
            return value
        kept: list[Any] = []
        for index, requirement in enumerate(value):
            if requirement is None:
                self.warn(join_pointer(pointer, index), "null security requirement: read as no security ({})")
                kept.append({})
            else:
                kept.append(requirement)
        return kept

    def servers(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        host = data.get("host")
        base_path = data.get("basePath")
        base = base_path.rstrip("/") if isinstance(base_path, str) else ""
        if base and not base.startswith("/"):
            base = "/" + base
        if not isinstance(host, str) or not host:
            if "host" in data:
                self.warn("/host", "host must be a non-empty string: the client needs a base_url")
            return [{"url": base or "/"}]
        schemes = [s for s in data.get("schemes") or [] if s in ("https", "http")] or ["https"]
        schemes.sort(key=lambda s: s != "https")
        self.alias("/servers", "/host")
        return [{"url": f"{scheme}://{host.rstrip('/')}{base}"} for scheme in schemes]

    def components(self, data: dict[str, Any]) -> dict[str, Any]:
        components: dict[str, Any] = {}
        definitions = data.get("definitions")
        if isinstance(definitions, dict) and definitions:
            components["schemas"] = {name: self.fix(schema) for name, schema in definitions.items()}
            self.alias("/components/schemas", "/definitions")
        parameters = data.get("parameters")
        if isinstance(parameters, dict):
            converted = {}
            for name, param in parameters.items():
                pointer = join_pointer("/parameters", name)
                if isinstance(param, dict) and param.get("in") not in ("body", "formData"):
                    converted[name] = self.parameter(
                        self.moved(param), join_pointer("/components/parameters", name), pointer
                    )
            if converted:
                components["parameters"] = converted
        responses = data.get("responses")
        if isinstance(responses, dict) and responses:
            components["responses"] = {
                name: self.response(
                    self.fix(response), join_pointer("/components/responses", name), self.produces, fixed=True
                )
                for name, response in responses.items()
            }
            self.alias("/components/responses", "/responses")
        schemes = data.get("securityDefinitions")
        if isinstance(schemes, dict) and schemes:
            components["securitySchemes"] = {
                name: self.security_scheme(scheme, join_pointer("/securityDefinitions", name))
                for name, scheme in schemes.items()
            }
            self.alias("/components/securitySchemes", "/securityDefinitions")
        return components

    def security_scheme(self, scheme: Any, pointer: str) -> Any:
        if not isinstance(scheme, dict):
            return scheme
        kind = scheme.get("type")
        extras = {k: v for k, v in scheme.items() if k == "description" or k.startswith("x-")}
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **extras}
        if kind == "apiKey":
            return {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in"), **extras}
        if kind == "oauth2":
            flow = _FLOWS.get(str(scheme.get("flow")))
            if flow is None:
                self.warn(
                    join_pointer(pointer, "flow"), f"unknown oauth2 flow {scheme.get('flow')!r}: read as implicit"
                )
                flow = "implicit"
            details: dict[str, Any] = {}
            if flow in ("implicit", "authorizationCode"):
                details["authorizationUrl"] = scheme.get("authorizationUrl", "")
            if flow != "implicit":
                details["tokenUrl"] = scheme.get("tokenUrl", "")
            scopes = scheme.get("scopes")
            details["scopes"] = scopes if isinstance(scopes, dict) else {}
            return {"type": "oauth2", "flows": {flow: details}, **extras}
        return scheme

    def deref(self, node: Any, pointer: str) -> tuple[Any, Path]:
        """Follow ``$ref``s (to parameters, responses) to their value and the file it is in."""
        try:
            location, node = self.spec.follow(Location(self.root, pointer), node)
        except SpecError:
            self.warn(join_pointer(pointer, "$ref"), f"$ref {node['$ref']!r} points at nothing: skipped")
            return None, self.root
        return node, location.file

    def paths(self, paths: Any) -> Any:
        if not isinstance(paths, dict):
            return paths
        out: dict[str, Any] = {}
        for path, item in paths.items():
            where = join_pointer("/paths", str(path))
            if not isinstance(item, dict):
                out[path] = item
                continue
            new_item: dict[str, Any] = {}
            shared: list[tuple[dict[str, Any], str]] = []
            for key, value in item.items():
                if key == "parameters":
                    shared = self.raw_parameters(value, join_pointer(where, key))
                elif key not in SWAGGER2_METHODS:
                    new_item[key] = value
            plain = [(p, at) for p, at in shared if p.get("in") not in ("body", "formData")]
            if plain:
                new_item["parameters"] = [
                    self.parameter(p, join_pointer(where, "parameters", index), at)
                    for index, (p, at) in enumerate(plain)
                ]
            for method in SWAGGER2_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    new_item[method] = self.operation(operation, join_pointer(where, method), shared)
                elif method in item:
                    new_item[method] = operation
            out[str(path)] = new_item
        return out

    def raw_parameters(self, value: Any, pointer: str) -> list[tuple[dict[str, Any], str]]:
        """The parameters of a list, refs inlined: (parameter, pointer of its original)."""
        if not isinstance(value, list):
            self.warn(pointer, "parameters must be a list: ignored")
            return []
        found = []
        for index, raw in enumerate(value):
            at = join_pointer(pointer, index)
            param, source = self.deref(raw, at)
            if not isinstance(param, dict):
                continue
            found.append((self.moved(param, source), at))
        return found

    def operation(self, operation: dict[str, Any], where: str, shared: list[tuple[dict[str, Any], str]]) -> Any:
        consumes = _media_types(operation.get("consumes"), self.consumes)
        produces = _media_types(operation.get("produces"), self.produces)
        own = []
        if "parameters" in operation:
            own = self.raw_parameters(operation["parameters"], join_pointer(where, "parameters"))
        names = {(p.get("in"), p.get("name")) for p, _ in own}
        params = [*own, *((p, at) for p, at in shared if (p.get("in"), p.get("name")) not in names)]
        out: dict[str, Any] = {}
        for key, value in operation.items():
            if key in ("parameters", "responses", "consumes", "produces", "schemes"):
                continue
            out[key] = self.security(value, join_pointer(where, key)) if key == "security" else value
        plain = [(p, at) for p, at in own if p.get("in") not in ("body", "formData")]
        if plain:
            out["parameters"] = [
                self.parameter(p, join_pointer(where, "parameters", index), at) for index, (p, at) in enumerate(plain)
            ]
        body = [(p, at) for p, at in params if p.get("in") == "body"]
        form = [(p, at) for p, at in params if p.get("in") == "formData"]
        if body:
            out["requestBody"] = self.body(body[0][0], join_pointer(where, "requestBody"), body[0][1], consumes)
            if len(body) > 1:
                self.warn(body[1][1], "more than one body parameter: only the first is sent")
            if form:
                self.warn(form[0][1], "formData parameters beside a body parameter: ignored")
        elif form:
            out["requestBody"] = self.form(form, join_pointer(where, "requestBody"), consumes)
        out["responses"] = self.responses(operation.get("responses"), join_pointer(where, "responses"), produces)
        return out

    def parameter(self, param: dict[str, Any], new: str, old: str) -> dict[str, Any]:
        self.alias(new, old)
        out = {k: param[k] for k in _PARAMETER_KEYS if k in param}
        out.update({k: v for k, v in param.items() if k.startswith("x-") and k != "x-nullable"})
        if isinstance(param.get("schema"), dict):  # already 3.x-shaped (a sloppy mix): kept
            out["schema"] = _fix_schemas(param["schema"])
        else:
            out["schema"] = self.schema_of(param)
        self.alias(join_pointer(new, "schema"), old)
        if param.get("type") == "array":
            location = param.get("in")
            fmt = param.get("collectionFormat", "csv")
            if fmt == "multi" and location in ("query", "formData"):
                out["style"], out["explode"] = "form", True
            elif fmt == "ssv" and location == "query":
                out["style"], out["explode"] = "spaceDelimited", False
            elif fmt == "pipes" and location == "query":
                out["style"], out["explode"] = "pipeDelimited", False
            else:
                if fmt not in ("csv", "multi"):
                    self.warn(
                        join_pointer(new, "collectionFormat"), f"collectionFormat {fmt!r} is not supported: sent as csv"
                    )
                out["style"] = "form" if location == "query" else "simple"
                out["explode"] = False
        return out

    def schema_of(self, param: dict[str, Any]) -> dict[str, Any]:
        schema = {k: param[k] for k in _SCHEMA_KEYS if k in param}
        if isinstance(schema.get("items"), dict):
            items = schema["items"]
            schema["items"] = self.schema_of(items) if "$ref" not in items else items
        return dict(_fix_schemas(schema))

    def body(self, param: dict[str, Any], new: str, old: str, consumes: list[str]) -> dict[str, Any]:
        schema = param.get("schema")
        if not isinstance(schema, dict):
            self.warn(old, "body parameter without a schema: any JSON value")
            schema = {}
        schema = _fix_schemas(schema)
        types = [t for t in consumes if t not in (FORM, MULTIPART)] or [JSON]
        out: dict[str, Any] = {"content": {t: {"schema": schema} for t in types}}
        if isinstance(param.get("description"), str):
            out["description"] = param["description"]
        if param.get("required") is True:
            out["required"] = True
        self.alias(new, old)
        for t in types:
            self.alias(join_pointer(new, "content", t, "schema"), join_pointer(old, "schema"))
        return out

    def form(self, params: list[tuple[dict[str, Any], str]], new: str, consumes: list[str]) -> dict[str, Any]:
        has_file = any(p.get("type") == "file" for p, _ in params)
        if MULTIPART in consumes and (has_file or FORM not in consumes):
            media = MULTIPART
        elif FORM in consumes and not has_file:
            media = FORM
        else:
            media = MULTIPART if has_file else FORM
        properties: dict[str, Any] = {}
        required: list[str] = []
        schema_pointer = join_pointer(new, "content", media, "schema")
        for param, at in params:
            name = str(param.get("name"))
            properties[name] = self.schema_of(param)
            if isinstance(param.get("description"), str):
                properties[name]["description"] = param["description"]
            if param.get("required") is True:
                required.append(name)
            self.alias(join_pointer(schema_pointer, "properties", name), at)
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        self.alias(new, params[0][1])
        return {"required": bool(required), "content": {media: {"schema": schema}}}

    def responses(self, responses: Any, where: str, produces: list[str]) -> Any:
        if not isinstance(responses, dict):
            return responses
        out = {}
        for status, raw in responses.items():
            at = join_pointer(where, str(status))
            response, source = self.deref(raw, at)
            if response is None:
                continue
            out[str(status)] = self.response(self.fix(response, source), at, produces, fixed=True)
        return out

    def response(self, response: Any, where: str, produces: list[str], *, fixed: bool = False) -> Any:
        if not isinstance(response, dict):
            return response
        if "$ref" in response:
            return {"$ref": _component_ref(str(response["$ref"]), self.root, self.converted)}
        out: dict[str, Any] = {"description": response.get("description", "")}
        schema = response.get("schema")
        if isinstance(schema, dict):
            schema = schema if fixed else self.fix(schema)
            types = produces or [JSON]
            raw_examples = response.get("examples")
            examples: dict[str, Any] = raw_examples if isinstance(raw_examples, dict) else {}
            content: dict[str, Any] = {}
            for t in types:
                content[t] = {"schema": schema}
                if t in examples:
                    content[t]["example"] = examples[t]
                self.alias(join_pointer(where, "content", t), where)
                self.alias(join_pointer(where, "content", t, "schema"), join_pointer(where, "schema"))
            out["content"] = content
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {
                name: {
                    **({"description": h["description"]} if isinstance(h.get("description"), str) else {}),
                    "schema": self.schema_of(h),
                }
                if isinstance(h, dict)
                else h
                for name, h in headers.items()
            }
        out.update({k: v for k, v in response.items() if k.startswith("x-")})
        return out
