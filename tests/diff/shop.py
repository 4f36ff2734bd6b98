"""A small spec (one shop resource) and the diff of two edits of it, for the rule tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.config import ClientConfig
from generator.diff import Report, diff_specs, spec_from_text

Edit = Callable[[dict[str, Any]], object]

SHOP = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
servers:
  - url: https://api.shop.example
  - url: http://localhost:8000
security:
  - bearer: []
paths:
  /items/{item_id}:
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: get_item
      tags: [items]
      responses:
        "200":
          description: The item
          headers:
            X-Request-Id: {required: true, schema: {type: string}}
            X-Trace: {schema: {type: string}}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
        "404": {description: Not found}
    post:
      operationId: update_item
      tags: [items]
      parameters:
        - {name: dry_run, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ItemUpdate"}
      responses:
        "200":
          description: The item
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
  /items:
    get:
      operationId: list_items
      tags: [items]
      responses:
        "200":
          description: Items
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Item"}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
        color: {type: string}
    ItemUpdate:
      type: object
      required: [name]
      properties:
        name: {type: string}
        note: {type: string}
    Legacy:
      type: object
      properties:
        old: {type: string}
"""

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
CONFIG = ClientConfig.for_package("shop_client", Path("out"))


_PARSED: dict[str, Any] = yaml.safe_load(SHOP)


def shop() -> dict[str, Any]:
    """A fresh copy of the shop spec, to edit."""
    return copy.deepcopy(_PARSED)


def edited(edit: Edit | None) -> dict[str, Any]:
    data = shop()
    if edit is not None:
        edit(data)
    return data


def diff_data(base: dict[str, Any], revision: dict[str, Any]) -> Report:
    specs = [
        spec_from_text(Path(f"{side}/openapi.yaml"), yaml.dump(data, Dumper=_DUMPER, sort_keys=False))
        for side, data in (("base", base), ("revision", revision))
    ]
    return diff_specs(specs[0], specs[1], CONFIG)


def diff_edits(base: Edit | None, revision: Edit | None) -> Report:
    return diff_data(edited(base), edited(revision))
