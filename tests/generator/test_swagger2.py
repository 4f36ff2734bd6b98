"""Swagger 2.0 -> OpenAPI 3.0 conversion (``generator/swagger2.py``), and messages that still point at the 2.0 file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.config import ClientConfig
from generator.ir import Api
from generator.load import Spec, load
from generator.problems import Location, Problems
from generator.swagger2 import convert, is_swagger2

from .helpers import build_with, operation, write_text

PETS = """
swagger: "2.0"
info: {title: Pets, version: "1"}
host: pets.example
basePath: /v1/
schemes: [http, https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, name: X-Key, in: header}
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: 'https://a.example/auth'
    tokenUrl: 'https://a.example/token'
    scopes: {read: Read}
  app: {type: oauth2, flow: application, tokenUrl: 'https://a.example/token'}
security: [{key: []}]
parameters:
  limit: {name: limit, in: query, type: integer, format: int32, minimum: 1}
  pet: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
responses:
  NotFound: {description: not found, schema: {$ref: '#/definitions/Error'}}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: '#/parameters/limit'
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: ids, in: query, type: array, items: {type: integer}}
        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: X-Trace, in: header, type: string}
      responses:
        200:
          description: pets
          schema: {type: array, items: {$ref: '#/definitions/Pet'}}
          headers:
            X-Total: {type: integer, description: how many}
        404: {$ref: '#/responses/NotFound'}
    post:
      operationId: addPet
      parameters: [{$ref: '#/parameters/pet'}]
      responses:
        "201": {description: made, schema: {$ref: '#/definitions/Pet'}}
  /pets/{id}/photo:
    parameters:
      - {name: id, in: path, required: true, type: string}
    post:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      produces: [application/xml, application/json]
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: caption, in: formData, type: string}
      responses:
        "200": {description: ok, schema: {$ref: '#/definitions/Pet'}}
  /pets/{id}/rename:
    put:
      operationId: renamePet
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: name, in: formData, type: string, required: true}
      responses:
        "204": {description: renamed}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [id, kind]
    properties:
      id: {type: integer, format: int64}
      kind: {type: string}
      nickname: {type: string, x-nullable: true}
      owner: {$ref: '#/definitions/Owner'}
  Owner: {type: object, properties: {name: {type: string}}}
  Error: {type: object, properties: {message: {type: string}}}
"""


def converted(tmp_path: Path, text: str = PETS, name: str = "swagger.yaml") -> tuple[Spec, Problems]:
    spec = load(write_text(tmp_path, name, text))
    problems = Problems()
    return convert(spec, problems), problems


def build_swagger(tmp_path: Path, path: Path) -> tuple[Api, Problems]:
    """Stages 1-3 as ``clientgen generate`` runs them."""
    return build_with([path], ClientConfig.for_package("t_client", tmp_path / "out"))


def data_of(tmp_path: Path, text: str = PETS) -> Any:
    spec, _ = converted(tmp_path, text)
    return spec.root.data


def test_only_swagger_2_documents_are_converted(tmp_path: Path) -> None:
    spec = load(write_text(tmp_path, "openapi.yaml", "openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n"))
    assert convert(spec, Problems()) is spec
    assert is_swagger2({"swagger": "2.0"})
    assert not is_swagger2({"openapi": "3.0.0"})


def test_host_base_path_and_schemes_are_the_servers_https_first(tmp_path: Path) -> None:
    data = data_of(tmp_path)
    assert data["openapi"].startswith("3.0")
    assert "swagger" not in data
    assert data["servers"] == [{"url": "https://pets.example/v1"}, {"url": "http://pets.example/v1"}]


def test_without_a_host_the_server_is_the_base_path(tmp_path: Path) -> None:
    data = data_of(tmp_path, "swagger: '2.0'\ninfo: {title: T, version: '1'}\nbasePath: /api\npaths: {}\n")
    assert data["servers"] == [{"url": "/api"}]


def test_definitions_parameters_responses_move_to_components_with_refs_rewritten(tmp_path: Path) -> None:
    data = data_of(tmp_path)
    components = data["components"]
    assert set(components["schemas"]) == {"Pet", "Owner", "Error"}
    assert components["schemas"]["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert components["parameters"]["limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "format": "int32", "minimum": 1},
    }
    assert "pet" not in components["parameters"]  # a body parameter is a request body where it is used
    assert components["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "definitions" not in data and "securityDefinitions" not in data


def test_x_nullable_and_discriminator_become_3_0_keywords(tmp_path: Path) -> None:
    pet = data_of(tmp_path)["components"]["schemas"]["Pet"]
    assert pet["properties"]["nickname"] == {"type": "string", "nullable": True}
    assert pet["discriminator"] == {"propertyName": "kind"}


def test_parameters_get_schemas_and_collection_formats_become_style_and_explode(tmp_path: Path) -> None:
    params = {p["name"]: p for p in data_of(tmp_path)["paths"]["/pets"]["get"]["parameters"]}
    assert params["limit"]["schema"] == {"type": "integer", "format": "int32", "minimum": 1}  # the $ref, inlined
    assert params["tags"] == {
        "name": "tags",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }
    assert (params["ids"]["style"], params["ids"]["explode"]) == ("form", False)  # csv is the 2.0 default
    assert (params["ssv"]["style"], params["ssv"]["explode"]) == ("spaceDelimited", False)
    assert params["X-Trace"]["schema"] == {"type": "string"}


def test_a_body_parameter_is_the_request_body_per_consumes(tmp_path: Path) -> None:
    body = data_of(tmp_path)["paths"]["/pets"]["post"]["requestBody"]
    assert body == {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}


def test_form_data_with_a_file_is_a_multipart_body_with_a_binary_property(tmp_path: Path) -> None:
    item = data_of(tmp_path)["paths"]["/pets/{id}/photo"]
    assert item["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    body = item["post"]["requestBody"]
    schema = body["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert schema["required"] == ["file"]
    assert "parameters" not in item["post"]


def test_form_data_without_a_file_is_url_encoded(tmp_path: Path) -> None:
    put = data_of(tmp_path)["paths"]["/pets/{id}/rename"]["put"]
    assert list(put["requestBody"]["content"]) == ["application/x-www-form-urlencoded"]
    assert [p["name"] for p in put["parameters"]] == ["id"]


def test_responses_get_content_per_produces_and_headers_get_schemas(tmp_path: Path) -> None:
    paths = data_of(tmp_path)["paths"]
    ok = paths["/pets"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert ok["headers"]["X-Total"] == {"description": "how many", "schema": {"type": "integer"}}
    assert paths["/pets"]["get"]["responses"]["404"]["description"] == "not found"  # inlined
    assert list(paths["/pets/{id}/photo"]["post"]["responses"]["200"]["content"]) == [
        "application/xml",
        "application/json",
    ]
    assert "content" not in paths["/pets/{id}/rename"]["put"]["responses"]["204"]


def test_security_definitions_become_security_schemes_with_oauth2_flows(tmp_path: Path) -> None:
    schemes = data_of(tmp_path)["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}
    assert schemes["oauth"]["flows"] == {
        "authorizationCode": {
            "authorizationUrl": "https://a.example/auth",
            "tokenUrl": "https://a.example/token",
            "scopes": {"read": "Read"},
        }
    }
    assert schemes["app"]["flows"] == {"clientCredentials": {"tokenUrl": "https://a.example/token", "scopes": {}}}


def test_converted_pointers_are_located_in_the_swagger_file(tmp_path: Path) -> None:
    spec, _ = converted(tmp_path)
    text = (tmp_path / "swagger.yaml").read_text().splitlines()

    def line_of(pointer: str) -> tuple[str, str]:
        location = spec.locate(Location(spec.roots[0], pointer))
        assert location.line is not None
        return location.pointer, text[location.line - 1].strip()

    assert line_of("/components/schemas/Pet/properties/nickname") == (
        "/definitions/Pet/properties/nickname",
        "nickname: {type: string, x-nullable: true}",
    )
    assert line_of("/paths/~1pets/post/requestBody/content/application~1json/schema") == (
        "/paths/~1pets/post/parameters/0/schema",
        "parameters: [{$ref: '#/parameters/pet'}]",
    )
    pointer, line = line_of(
        "/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/file"
    )
    assert pointer == "/paths/~1pets~1{id}~1photo/post/parameters/0"
    assert line.startswith("- {name: file, in: formData")
    pointer, line = line_of("/paths/~1pets/get/responses/200/content/application~1json/schema/items")
    assert pointer == "/paths/~1pets/get/responses/200/schema/items"
    assert line.startswith("schema: {type: array")


def test_warnings_from_later_stages_point_at_the_swagger_file(tmp_path: Path) -> None:
    text = """
    swagger: "2.0"
    info: {title: T, version: "1"}
    paths:
      /things:
        get:
          responses:
            200:
              description: ok
              schema:
                type: object
                properties:
                  kind: {type: string, enum: []}
    """
    path = write_text(tmp_path, "swagger.yaml", text)
    _, problems = build_swagger(tmp_path, path)
    messages = [p.format() for p in problems.warnings]
    assert any(
        m.startswith(f"{path}:12: /paths/~1things/get/responses/200/schema/properties/kind/enum: warning: empty enum")
        for m in messages
    ), messages


def test_refs_to_parameters_and_responses_in_other_files_are_inlined_and_rebased(tmp_path: Path) -> None:
    write_text(
        tmp_path,
        "spec/parameters.yaml",
        """
        tags: {name: tags, in: query, type: array, items: {$ref: '#/Tag'}}
        Tag: {type: string}
        """,
    )
    write_text(tmp_path, "common/Error.yaml", "type: object\nproperties: {code: {type: integer, x-nullable: true}}\n")
    root = write_text(
        tmp_path,
        "spec/swagger.yaml",
        """
        swagger: "2.0"
        info: {title: T, version: "1"}
        paths:
          /pets:
            get:
              parameters: [{$ref: 'parameters.yaml#/tags'}]
              responses:
                default: {description: error, schema: {$ref: '../common/Error.yaml'}}
        """,
    )
    spec = convert(load(root, tmp_path), Problems())
    get = spec.root.data["paths"]["/pets"]["get"]
    assert get["parameters"][0]["schema"] == {"type": "array", "items": {"$ref": "parameters.yaml#/Tag"}}
    assert get["responses"]["default"]["content"]["application/json"]["schema"] == {"$ref": "../common/Error.yaml"}
    error = spec.documents[Path(os.path.normpath(tmp_path / "common/Error.yaml"))].data
    assert error["properties"]["code"] == {"type": "integer", "nullable": True}


def test_null_security_entries_warn_and_read_as_no_security(tmp_path: Path) -> None:
    spec, problems = converted(
        tmp_path, "swagger: '2.0'\ninfo: {title: T, version: '1'}\nsecurity: [null]\npaths: {}\n"
    )
    assert spec.root.data["security"] == [{}]
    assert [p.location.pointer for p in problems.warnings] == ["/security/0"]


def test_a_swagger_spec_builds_a_client(tmp_path: Path) -> None:
    api, problems = build_swagger(tmp_path, write_text(tmp_path, "swagger.yaml", PETS))
    assert not problems.errors
    upload = operation(api, "upload_photo")
    assert upload.body is not None and upload.body.kind == "multipart"
    assert [p.name for p in upload.body.flattened] == ["file", "caption"]
    listing = operation(api, "list_pets")
    assert {p.name: p.explode for p in listing.params} == {
        "limit": True,
        "tags": True,
        "ids": False,
        "ssv": False,
        "x_trace": False,
    }
    # the "application" flow is OAuth 2 client credentials: the client fetches its tokens
    assert [s.kind for s in api.security_schemes] == ["basic", "api_key", "bearer", "oauth2"]
    assert api.environments[0].url_repr == "'https://pets.example/v1'"


@pytest.mark.parametrize("flow", ["implicit", "password"])
def test_other_oauth2_flows(tmp_path: Path, flow: str) -> None:
    text = f"""
    swagger: "2.0"
    info: {{title: T, version: "1"}}
    securityDefinitions:
      o: {{type: oauth2, flow: {flow}, authorizationUrl: 'https://a/x', tokenUrl: 'https://a/t'}}
    paths: {{}}
    """
    flows = data_of(tmp_path, text)["components"]["securitySchemes"]["o"]["flows"]
    assert list(flows) == [flow]
