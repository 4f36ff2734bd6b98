"""Stage 3, build: the IR of small inline specs (names, annotations, required flags, bodies, security)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import emit
from generator.build import build
from generator.config import ClientConfig
from generator.ir import Api, EnumMember, ModelType, NullableType, PrimitiveType, UnionType
from generator.load import load
from generator.problems import Level, SpecError

from .helpers import ZOO_SPEC, build_api, model, operation, resource, write_text


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Api, list[str], Path]:
    path = write_text(tmp_path_factory.mktemp("zoo"), "openapi.yaml", ZOO_SPEC)
    api, problems = build_api(path)
    return api, [p.format() for p in problems.items if p.level is not Level.INFO], path


def line_of(path: Path, needle: str, after: str = "") -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def fields(api: Api, name: str) -> list[tuple[str, str, bool, str]]:
    return [(f.name, f.wire_name_repr, f.required, emit.annotation(f)) for f in model(api, name).fields]


# --- models ------------------------------------------------------------------------------------


def test_models_and_enums_are_named_once_in_spec_order(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    assert [(m.name, m.module) for m in api.models] == [
        ("Error", "error"),
        ("Node", "node"),
        ("Base", "base"),
        ("Cat", "cat"),
        ("Dog", "dog"),
        ("Animal", "animal"),
        ("NewAnimal", "new_animal"),
        ("files_upload_params.Body", "files_upload_params.body"),
        ("auth_login_params.Body", "auth_login_params.body"),
    ]
    assert [(e.name, e.module, e.base) for e in api.enums] == [("Color", "color", "str")]


def test_object_fields_are_escaped_required_first_and_typed(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    assert fields(api, "Animal") == [
        ("id", "'id'", True, "str"),
        ("class_", "'class'", True, "str"),
        ("tags", "'tags'", True, "list[str]"),
        ("from_", "'from'", False, "str | None | Unset"),
        ("data", "'data'", False, "str | Unset"),
        ("nickname", "'nickname'", False, "str | None | Unset"),
        ("born", "'born'", False, "datetime.datetime | None | Unset"),
        ("color", "'color'", False, "Color | str | Unset"),
        ("scores", "'scores'", False, "dict[str, float] | Unset"),
        ("pet", "'pet'", False, "Cat | Dog | Unset"),
        ("tree", "'tree'", False, "Node | Unset"),
        ("friends", "'friends'", False, "list[Animal] | Unset"),
        ("either", "'either'", False, "str | int | Unset"),
    ]
    assert model(api, "Animal").doc == "An animal of the zoo."


def test_field_decode_and_encode_expressions(zoo: tuple[Api, list[str], Path]) -> None:
    animal = {f.name: f for f in model(zoo[0], "Animal").fields}
    # Each declared property is popped from ``_d``, a copy of the data: what stays is additional.
    assert emit.field_decode(animal["class_"]) == "_d.pop('class')"
    assert emit.field_encode(animal["class_"]) == "self.class_"
    # Optional and not nullable: a null the server sends anyway reads as absent.
    assert emit.field_decode(animal["data"]) == "UNSET if (_v := _d.pop('data', None)) is None else _v"
    assert emit.field_decode(animal["born"]) == (
        "UNSET if (_v := _d.pop('born', UNSET)) is UNSET else None if _v is None else parse_datetime(_v)"
    )
    assert emit.field_decode(animal["color"]) == (
        "UNSET if (_v := _d.pop('color', None)) is None "
        "else _Color_members.get(_v, _v) if type(_v) is str else parse_enum(Color, _v)"
    )
    # On the path for data with every declared property: read, not popped; null as above.
    assert emit.field_decode_dense(animal["class_"]) == "data['class']"
    assert emit.field_decode_dense(animal["data"]) == "UNSET if (_v := data['data']) is None else _v"
    assert emit.field_decode_dense(animal["born"]) == ("None if (_v := data['born']) is None else parse_datetime(_v)")
    assert emit.field_decode_dense(animal["tree"]) == "UNSET if (_v := data['tree']) is None else _Node_from_dict(_v)"
    assert emit.field_encode(animal["color"]) == "enum_value(self.color)"
    assert emit.field_encode(animal["friends"]) == "[_i0.to_dict() for _i0 in self.friends]"


def test_nullable_in_both_spellings(zoo: tuple[Api, list[str], Path]) -> None:
    animal = {f.name: f for f in model(zoo[0], "Animal").fields}
    assert animal["from_"].type == NullableType(PrimitiveType("str"))  # 3.0: nullable: true
    assert animal["nickname"].type == NullableType(PrimitiveType("str"))  # 3.1: type: [string, 'null']
    assert animal["born"].type == NullableType(PrimitiveType("datetime"))


def test_allof_composes_the_fields_of_every_part(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    assert fields(api, "Cat") == [
        ("id", "'id'", True, "str"),
        ("kind", "'kind'", True, "str"),
        ("created_at", "'created_at'", False, "datetime.datetime | Unset"),
        ("meows", "'meows'", False, "bool | Unset"),
    ]
    assert [f.name for f in model(api, "Dog").fields] == ["id", "kind", "created_at", "barks"]


def test_a_recursive_schema_refers_to_itself(zoo: tuple[Api, list[str], Path]) -> None:
    node = model(zoo[0], "Node")
    assert [(f.name, emit.annotation(f)) for f in node.fields] == [
        ("name", "str | Unset"),
        ("children", "list[Node] | Unset"),
    ]
    assert (node.type_checking_imports, node.lazy_imports, node.lazy_globals) == ((), (), ())
    animal = model(zoo[0], "Animal")
    # Indented for their blocks (``if TYPE_CHECKING:``, ``def _resolve():``), sorted as ruff sorts them.
    others = tuple(
        f"    from .{m} import {c}" for m, c in [("cat", "Cat"), ("color", "Color"), ("dog", "Dog"), ("node", "Node")]
    )
    assert animal.type_checking_imports == others
    assert animal.lazy_imports == others  # on the first from_dict: loading a model loads no other
    assert animal.lazy_globals == ("global _resolved, Cat, Color, Dog, Node, _Color_members, _Node_from_dict",)
    # What _resolve() binds for from_dict: Color's members by value, the from_dict of the model ``tree`` holds.
    assert animal.bindings == (
        ("_Color_members", "dict[Any, Any]", "Color._value2member_map_"),
        ("_Node_from_dict", "Callable[[Mapping[str, Any]], Node]", "Node.from_dict"),
    )
    assert not [line for line in animal.imports if line.startswith("from .") and not line.startswith("from ..")]


def test_oneof_with_a_discriminator_maps_wire_values_to_models(zoo: tuple[Api, list[str], Path]) -> None:
    pet = {f.name: f for f in model(zoo[0], "Animal").fields}["pet"].type
    assert isinstance(pet, UnionType)
    assert pet.variants == (ModelType("Cat", "cat"), ModelType("Dog", "dog"))
    assert pet.discriminator is not None
    assert pet.discriminator.property_repr == "'kind'"
    assert pet.discriminator.mapping == (("'cat'", ModelType("Cat", "cat")), ("'dog'", ModelType("Dog", "dog")))


def test_enum_members_are_constants_with_repr_values(zoo: tuple[Api, list[str], Path]) -> None:
    (color,) = zoo[0].enums
    assert color.members == (
        EnumMember("RED", "'red'"),
        EnumMember("GREEN", "'green'"),
        EnumMember("GMT_PLUS_0", "'GMT+0'"),
        EnumMember("GMT_0", "'GMT-0'"),
    )


def test_an_empty_enum_is_a_located_warning(zoo: tuple[Api, list[str], Path]) -> None:
    _, problems, path = zoo
    line = line_of(path, "enum: []", after="Empty:")
    assert problems == [
        f"{path}:{line}: /components/schemas/Empty/enum: warning: empty enum: any value of the declared type"
    ]


# --- operations --------------------------------------------------------------------------------


def test_resources_group_operations_by_first_tag(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    assert [(r.name, r.module, r.class_name, r.async_class_name) for r in api.resources] == [
        ("animals", "animals", "Animals", "AsyncAnimals"),
        ("auth", "auth", "Auth", "AsyncAuth"),
        ("files", "files", "Files", "AsyncFiles"),
    ]
    assert [op.name for op in resource(api, "animals").operations] == ["get_animal", "create_animal", "add_pet"]


def test_path_query_header_and_cookie_parameters(zoo: tuple[Api, list[str], Path]) -> None:
    op = operation(zoo[0], "get_animal")
    assert [(p.name, p.location, emit.annotation(p), p.required) for p in op.path_params] == [
        ("animal_id", "path", "str", True)
    ]
    assert [(p.name, p.wire_name, p.location, emit.annotation(p), p.required, p.style) for p in op.params] == [
        ("x_trace", "X-Trace", "header", "str", True, "simple"),
        ("include", "include", "query", "list[str] | Unset", False, "form"),
        ("session", "session", "cookie", "str | Unset", False, "form"),
        ("class_", "class", "query", "str | Unset", False, "form"),
    ]
    assert (op.has_query, op.has_headers, op.has_cookies) == (True, True, True)
    assert emit.path_call(op) == "path_template('/animals/{animal_id}', animal_id=animal_id)"
    assert (op.method, op.path) == ("GET", "/animals/{animal_id}")
    assert emit.annotation(op.success) == emit.return_annotation(op) == "Animal"
    assert emit.decoder(op.success) == "Animal.from_dict"
    assert [(e.status, emit.decoder(e)) for e in op.errors] == [("404", "Error.from_dict")]
    assert op.security is None


def test_a_json_body_is_flattened_into_keyword_arguments(zoo: tuple[Api, list[str], Path]) -> None:
    op = operation(zoo[0], "create_animal")
    assert op.body is not None
    assert (op.body.kind, op.body.flatten, op.body.body_param) == ("json", True, "")
    assert [(p.name, p.wire_name, emit.body_field_annotation(p), p.required) for p in op.body.flattened] == [
        ("name", "name", "str", True),
        ("idempotency_key", "idempotency_key", "str | Unset", False),
    ]
    assert emit.body_args(op) == ("json=_body",)
    assert op.idempotency_field == "idempotency_key"
    assert op.security == (("apiKeyHeader",), ("apiKeyQuery",))


def test_a_union_body_is_one_argument(zoo: tuple[Api, list[str], Path]) -> None:
    op = operation(zoo[0], "add_pet")
    assert op.body is not None
    assert (op.body.flatten, op.body.body_param, emit.annotation(op.body)) == (False, "body", "Cat | Dog | Unset")
    assert emit.body_args(op) == ("json=body",)
    assert emit.decoder(op.success).startswith("lambda _x0: parse_discriminated(_x0, 'kind', ")


def test_form_and_multipart_bodies(zoo: tuple[Api, list[str], Path]) -> None:
    login, upload = operation(zoo[0], "login"), operation(zoo[0], "upload")
    assert login.body is not None
    assert upload.body is not None
    assert (login.body.kind, login.body.content_type, login.body.flatten) == (
        "form",
        "application/x-www-form-urlencoded",
        True,
    )
    assert [(p.name, emit.body_field_annotation(p)) for p in login.body.flattened] == [
        ("username", "str | Unset"),
        ("password", "str | Unset"),
    ]
    assert emit.body_args(login) == ("form=_body or None",)  # not required: sent when a field is given
    assert (emit.annotation(login.success), emit.decoder(login.success)) == ("dict[str, int]", "map_of(expect_int)")
    assert (upload.body.kind, upload.body.flatten) == ("multipart", True)
    assert [(p.name, emit.body_field_annotation(p), p.required) for p in upload.body.flattened] == [
        ("file", "FileTypes", True),
        ("note", "str | Unset", False),
    ]
    assert emit.body_prelude(upload) == ("_fields, _files = multipart_fields(_body)",)
    assert emit.body_args(upload) == ("data=_fields or None", "files=_files or None")  # not required
    assert (upload.success.kind, emit.annotation(upload.success)) == ("text", "str")


def test_security_schemes_and_their_credentials(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    schemes = [
        (s.name, s.kind, s.location, s.param_name_repr, [(c.arg, c.env_var_repr) for c in s.credentials])
        for s in api.security_schemes
    ]
    assert schemes == [
        ("bearer", "bearer", "header", "'Authorization'", [("api_key", "'ZOO_API_KEY'")]),
        (
            "basic",
            "basic",
            "header",
            "'Authorization'",
            [("basic_username", "'ZOO_BASIC_USERNAME'"), ("basic_password", "'ZOO_BASIC_PASSWORD'")],
        ),
        ("apiKeyHeader", "api_key", "header", "'X-API-Key'", [("api_key_header", "'ZOO_API_KEY_HEADER'")]),
        ("apiKeyQuery", "api_key", "query", "'api_key'", [("api_key_query", "'ZOO_API_KEY_QUERY'")]),
    ]
    assert api.default_security_repr == "(('bearer',),)"
    assert operation(api, "upload").security == (("basic",),)


def test_api_level_names_and_environments(zoo: tuple[Api, list[str], Path]) -> None:
    api, _, _ = zoo
    assert (api.package, api.distribution, api.client_class, api.async_client_class) == (
        "zoo_client",
        "zoo-client",
        "ZooClient",
        "AsyncZooClient",
    )
    assert api.title == "Zoo API"
    assert [(e.name, e.url_repr) for e in api.environments] == [
        ("production", "'https://api.zoo.example/v1'"),
        ("server_1", "'http://localhost:8000'"),
    ]
    assert (api.base_url_env, api.log_env) == ("ZOO_BASE_URL", "ZOO_LOG")


# --- smaller specs -----------------------------------------------------------------------------


def build_one(tmp_path: Path, text: str) -> tuple[Api, list[str]]:
    api, problems = build_api(write_text(tmp_path, "openapi.yaml", text))
    return api, [p.format() for p in problems.items if p.level is not Level.INFO]


def test_openapi_3_0_nullable_decodes_a_required_null(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Event:
              type: object
              required: [at, note]
              properties:
                at: {type: string, format: date-time, nullable: true}
                note: {type: string, nullable: true}
                level: {type: string, enum: [low, high, null]}
        """,
    )
    event = {f.name: f for f in model(api, "Event").fields}
    assert emit.annotation(event["at"]) == "datetime.datetime | None"
    assert emit.field_decode(event["at"]) == "None if (_v := _d.pop('at')) is None else parse_datetime(_v)"
    assert emit.field_decode(event["note"]) == "_d.pop('note')"
    assert emit.annotation(event["level"]) == "EventLevel | str | None | Unset"


def test_inline_objects_and_enums_are_named_after_where_they_appear(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Customer:
              type: object
              properties:
                billing_address: {type: object, properties: {city: {type: string}}}
                status: {type: string, enum: [active, closed]}
                fooBar: {type: string}
                foo_bar: {type: string}
        """,
    )
    assert [m.name for m in api.models] == ["Customer", "CustomerBillingAddress"]
    assert [e.name for e in api.enums] == ["CustomerStatus"]
    assert [f.name for f in model(api, "Customer").fields] == ["billing_address", "status", "foo_bar", "foo_bar_2"]


def test_awkward_parameter_names(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /items/{item-id}/{class}:
            get:
              operationId: get
              parameters:
                - {name: item-id, in: path, required: true, schema: {type: string}}
                - {name: class, in: path, required: true, schema: {type: integer}}
                - {name: X-Trace, in: header, schema: {type: string}}
                - {name: x_trace, in: query, schema: {type: string}}
                - {name: timeout, in: query, schema: {type: number}}
              responses: {'200': {description: ok}}
        """,
    )
    op = operation(api, "get")
    assert [p.name for p in op.path_params] == ["item_id", "class_"]
    expected = "path_template('/items/{item-id}/{class}', **{'item-id': item_id}, **{'class': class_})"
    assert emit.path_call(op) == expected
    assert [p.name for p in op.params] == ["x_trace", "x_trace_2", "timeout_"]


def test_a_body_whose_fields_would_be_renamed_is_not_flattened(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /things/{id}:
            put:
              operationId: put
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, properties: {id: {type: string}, from: {type: string}}}
              responses: {'204': {description: done}}
        """,
    )
    op = operation(api, "put")
    assert op.body is not None
    assert (op.body.flatten, op.body.body_param, emit.annotation(op.body)) == (False, "body", "things_put_params.Body")
    assert emit.body_args(op) == ("json=body",)
    assert (op.success.kind, emit.return_annotation(op)) == ("none", "None")


@pytest.mark.parametrize(
    ("version", "line"),
    [
        pytest.param("openapi: '2.0'", 2, id="openapi-2"),
        pytest.param("swagger: '2.0'", 1, id="swagger-has-no-openapi-key"),
    ],
)
def test_an_unsupported_version_is_a_located_error(tmp_path: Path, version: str, line: int) -> None:
    path = write_text(tmp_path, "openapi.yaml", f"info: {{title: T, version: '1'}}\n{version}\npaths: {{}}\n")
    spec = load(path)
    problems = spec.problems()
    with pytest.raises(SpecError) as caught:
        build(spec, ClientConfig.for_package("t_client", tmp_path / "out"), problems)
    assert [p.format() for p in caught.value.problems] == [
        f"{path}:{line}: /openapi: unsupported OpenAPI version '2.0'"
    ]


def test_an_unsupported_security_scheme_is_a_warning(tmp_path: Path) -> None:
    api, problems = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          securitySchemes:
            mtls: {type: mutualTLS}
        """,
    )
    assert api.security_schemes == ()
    assert problems == [
        f"{tmp_path / 'openapi.yaml'}:6: /components/securitySchemes/mtls: "
        "warning: security scheme type 'mutualTLS' (-) is not supported: ignored"
    ]


def test_a_resource_class_never_takes_the_name_of_a_model(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /pet:
            get:
              operationId: get
              tags: [pet]
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
        components:
          schemas:
            Pet: {type: object, properties: {name: {type: string}}}
        """,
    )
    (pets,) = api.resources
    assert "    from ..models.pet import Pet" in pets.type_checking_imports
    assert pets.class_name not in {m.name for m in api.models}


def test_a_resource_imports_the_helper_its_no_content_operations_cast_with(tmp_path: Path) -> None:
    api, _ = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /things/{id}:
            delete:
              operationId: delete
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {'204': {description: deleted}}
        """,
    )
    (things,) = api.resources
    success = operation(api, "delete").success
    assert (success.kind, success.type, emit.annotation(success)) == ("none", None, "None")
    imported = {name for line in things.imports for name in line.split(" import ")[-1].split(", ")}
    assert emit.decoder(success) in imported


def test_a_path_parameter_not_marked_required_and_defaults_its_schema_refuses_are_warnings(tmp_path: Path) -> None:
    _, problems = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /things/{id}:
            get:
              parameters:
                - {name: id, in: path, schema: {type: string}}
                - {name: ref, in: query, schema: {type: string, format: uuid, default: notauuid}}
                - {name: n, in: query, schema: {type: string, default: 3}}
                - {name: ok, in: query, schema: {type: string, format: uuid, default: 0b0c6d2e5f0a4c3e9a6b1d2e3f4a5b6c}}
              responses: {'204': {description: done}}
        """,
    )
    spec = tmp_path / "openapi.yaml"
    assert problems == [
        f"{spec}:7: /paths/~1things~1{{id}}/get/parameters/0: "
        "warning: path parameter 'id' is not marked required: it always is",
        f"{spec}:8: /paths/~1things~1{{id}}/get/parameters/1/schema/default: "
        "warning: default 'notauuid' is not a uuid: ignored",
        f"{spec}:9: /paths/~1things~1{{id}}/get/parameters/2/schema/default: "
        "warning: default 3 is not of type string: ignored",
    ]


def test_accept_and_content_type_header_parameters_are_ignored_with_a_warning(tmp_path: Path) -> None:
    """OpenAPI: such a parameter "SHALL be ignored"; FastAPI emits one for ``accept: str = Header()``."""
    api, problems = build_one(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /report:
            get:
              operationId: report
              parameters:
                - {name: accept, in: header, schema: {type: string}}
                - {name: Content-Type, in: header, required: true, schema: {type: string}}
                - {name: X-Trace, in: header, schema: {type: string}}
              responses: {'204': {description: done}}
        """,
    )
    assert [(p.name, p.wire_name) for p in operation(api, "report").params] == [("x_trace", "X-Trace")]
    spec = tmp_path / "openapi.yaml"
    assert problems == [
        f"{spec}:{line}: /paths/~1report/get/parameters/{index}: "
        f"warning: header parameter {name!r} is ignored: the operation's media types decide it"
        for index, line, name in ((0, 8, "accept"), (1, 9, "Content-Type"))
    ]


def test_the_ir_and_the_runtime_name_the_same_response_kinds() -> None:
    """The runtime is copied into each package and cannot import the generator: the two lists must agree."""
    import typing

    from afternoon_client import _decoding

    from generator import ir

    assert typing.get_args(ir.ResponseKind) == typing.get_args(_decoding.ResponseKind)


def test_the_generator_and_the_runtime_name_the_same_auth_kinds() -> None:
    """Each kind of security scheme is one entry in the generator's table and one in the runtime's."""
    import typing

    from afternoon_client import _auth

    from generator import ir
    from generator.build.security import SCHEME_KINDS

    names = [kind.name for kind in SCHEME_KINDS]
    assert sorted(names) == sorted(_auth.AUTH_KINDS)
    assert sorted(names) == sorted(typing.get_args(typing.get_type_hints(ir.SecurityScheme)["kind"]))
