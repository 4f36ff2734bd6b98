"""Small inline specs and the stage calls the generator tests share."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from generator.assets import templates_dir
from generator.build import build
from generator.config import ClientConfig
from generator.formatting import Formatter
from generator.front import prepare
from generator.ir import Api, Model, Operation, Resource
from generator.problems import Problems

__all__ = [
    "PETS",
    "RUNTIME",
    "ZOO_SPEC",
    "build_api",
    "build_with",
    "format_python",
    "model",
    "operation",
    "resource",
    "write_text",
]

RUNTIME = frozenset(path.name for path in (templates_dir() / "runtime").glob("*.py"))
"""The runtime modules' file names: copied into each package as they are, never sent to ruff."""


# A small spec: one operation, one model with an enum and a date-time, a server.
PETS = """
openapi: 3.1.0
info: {title: Pets, version: '1'}
servers: [{url: 'https://pets.example/v1'}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        class: {type: string}
        data: {type: string}
        status: {type: string, enum: [available, sold]}
        born: {type: string, format: date-time}
"""


def write_text(folder: Path, name: str, text: str) -> Path:
    """Write dedented ``text`` to ``folder/name`` (creating folders) and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def build_api(paths: Path | list[Path], package: str = "zoo_client") -> tuple[Api, Problems]:
    """Stages 1-3 as the pipeline runs them; problems keep the original files' line numbers."""
    listed = paths if isinstance(paths, list) else [paths]
    return build_with(listed, ClientConfig.for_package(package, listed[0].parent / "out"))


def build_with(paths: list[Path], config: ClientConfig) -> tuple[Api, Problems]:
    """Stages 1-3 through the front door (Swagger 2.0 converted too), for one client configuration."""
    prepared = prepare(paths, config.environments)
    problems = prepared.spec.problems()
    problems.extend(prepared.problems)
    return build(prepared.spec, config, problems), problems


def model(api: Api, name: str) -> Model:
    return next(m for m in api.models if m.name == name)


def resource(api: Api, name: str) -> Resource:
    return next(r for r in api.resources if r.name == name)


def operation(api: Api, name: str) -> Operation:
    return next(op for r in api.resources for op in r.operations if op.name == name)


# One spec that exercises every kind of schema, body, parameter and security scheme.
ZOO_SPEC = """
openapi: 3.1.0
info:
  title: Zoo API
  version: "2.0"
  description: A zoo.
servers:
  - url: https://api.zoo.example/v1
  - url: http://localhost:8000
security:
  - bearer: []
paths:
  /animals/{animal_id}:
    parameters:
      - name: animal_id
        in: path
        required: true
        schema: {type: string}
    get:
      operationId: getAnimal
      tags: [animals]
      parameters:
        - name: include
          in: query
          schema: {type: array, items: {type: string}}
        - name: X-Trace
          in: header
          required: true
          schema: {type: string}
        - name: session
          in: cookie
          schema: {type: string}
        - name: class
          in: query
          schema: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Animal'}
        '404':
          description: missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /animals:
    post:
      operationId: create-animal
      tags: [animals]
      security:
        - apiKeyHeader: []
        - apiKeyQuery: []
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewAnimal'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Animal'}
  /pets:
    post:
      operationId: addPet
      tags: [animals]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /uploads:
    post:
      operationId: upload
      tags: [files]
      security:
        - basic: []
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                note: {type: string}
      responses:
        '200':
          description: ok
          content:
            text/plain:
              schema: {type: string}
  /login:
    post:
      operationId: login
      tags: [auth]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                username: {type: string}
                password: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {type: integer}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    apiKeyHeader: {type: apiKey, in: header, name: X-API-Key}
    apiKeyQuery: {type: apiKey, in: query, name: api_key}
  schemas:
    Error:
      type: object
      required: [message]
      properties:
        message: {type: string}
    Color:
      type: string
      enum: [red, green, GMT+0, GMT-0]
    Empty:
      type: string
      enum: []
    Node:
      type: object
      properties:
        name: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
        created_at: {type: string, format: date-time}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [kind]
          properties:
            kind: {type: string}
            meows: {type: boolean}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [kind]
          properties:
            kind: {type: string}
            barks: {type: integer}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Cat'
          dog: '#/components/schemas/Dog'
    Animal:
      type: object
      description: An animal of the zoo.
      required: [id, class, tags]
      properties:
        id: {type: string}
        class: {type: string}
        from: {type: string, nullable: true}
        data: {type: string}
        nickname: {type: [string, 'null']}
        born: {type: [string, 'null'], format: date-time}
        color: {$ref: '#/components/schemas/Color'}
        tags: {type: array, items: {type: string}}
        scores: {type: object, additionalProperties: {type: number}}
        pet: {$ref: '#/components/schemas/Pet'}
        tree: {$ref: '#/components/schemas/Node'}
        friends: {type: array, items: {$ref: '#/components/schemas/Animal'}}
        either: {anyOf: [{type: string}, {type: integer}]}
    NewAnimal:
      type: object
      required: [name]
      properties:
        name: {type: string}
        idempotency_key: {type: string}
"""


def format_python(files: Mapping[str, str]) -> dict[str, str]:
    """``files`` with every ``.py`` module formatted by ruff in one batch: the reference render's batches
    are held to."""
    with Formatter() as formatter:
        for path, text in files.items():
            if path.endswith(".py"):
                formatter.add(path, text)
        formatted = formatter.formatted()
    return {path: formatted.get(path, text) for path, text in files.items()}
