"""Which operations paginate, and how: decided from the spec's shape, or by the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import emit
from generator.build import build
from generator.config import ClientConfig, PaginationOverride, load_config, pagination_override
from generator.ir import Api, Operation
from generator.load import load
from generator.normalize import normalize
from generator.problems import Level, SpecError
from tests.generator.helpers import ZOO_SPEC, build_api, operation, write_text

ROOT = Path(__file__).resolve().parents[2]

PAGE_NUMBER_SPEC = """
openapi: 3.0.3
info: {title: Blog, version: "1"}
paths:
  /posts:
    get:
      operationId: listPosts
      tags: [posts]
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PostPage'}
  /comments:
    get:
      operationId: listComments
      tags: [posts]
      parameters:
        - {name: pageNumber, in: query, schema: {type: string}}
        - {name: per_page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  meta:
                    type: object
                    properties:
                      currentPage: {type: integer}
                      hasNextPage: {type: boolean}
  /tags:
    get:
      operationId: listTags
      tags: [posts]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: no page count, no has_more
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  total: {type: integer}
components:
  schemas:
    Post:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
    PostPage:
      type: object
      properties:
        statusCode: {type: integer}
        message: {type: string}
        total: {type: integer}
        page: {type: integer}
        limit: {type: integer}
        totalPages: {type: integer}
        data: {type: array, items: {$ref: '#/components/schemas/Post'}}
"""

CURSOR_SHAPES_SPEC = """
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths:
  /tokens:
    get:
      operationId: listTokens
      tags: [things]
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: integer}}
                  nextPageToken: {type: [string, 'null']}
  /echo:
    get:
      operationId: echoCursor
      tags: [things]
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: the response does not say where the next page is
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: integer}}
                  cursor: {type: string}
  /two-lists:
    get:
      operationId: twoLists
      tags: [things]
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: which list is the page?
          content:
            application/json:
              schema:
                type: object
                properties:
                  users: {type: array, items: {type: string}}
                  groups: {type: array, items: {type: string}}
                  next_cursor: {type: string}
  /clash:
    get:
      operationId: clash
      tags: [things]
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: a field the page class would hide
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string}
                  next_page: {type: string}
  /custom:
    get:
      operationId: listCustom
      tags: [things]
      parameters:
        - {name: from, in: query, schema: {type: string}}
      responses:
        '200':
          description: names no heuristic knows
          content:
            application/json:
              schema:
                type: object
                properties:
                  rows: {type: array, items: {type: string}}
                  continuation:
                    type: object
                    properties:
                      following: {type: string}
                      exhausted: {type: boolean}
"""


def _paginated(api: Api) -> dict[str, Operation]:
    return {f"{r.name}.{op.name}": op for r in api.resources for op in r.operations if op.pagination is not None}


def _build(tmp_path: Path, text: str, **pagination: object) -> tuple[Api, list[str]]:
    spec_path = write_text(tmp_path, "openapi.yaml", text)
    spec = load(spec_path)
    problems = spec.problems()
    normalized = normalize(spec, problems, {})
    config = ClientConfig.for_package("shapes_client", tmp_path / "out")._replace(
        pagination={key: pagination_override(value) for key, value in pagination.items()},
    )
    api = build(normalized, config, problems)
    return api, [f"{p.level.value}: {p.message}" for p in problems.items if p.level is not Level.INFO]


def test_afternoon_pages_only_the_subscription_list_by_cursor() -> None:
    config = load_config(ROOT / "clientgen.toml")["afternoon"]
    assert config.normalized is not None
    spec = load(config.normalized)
    api = build(spec, config, spec.problems())
    paginated = _paginated(api)
    assert list(paginated) == ["subscriptions.list"]
    pg = paginated["subscriptions.list"].pagination
    assert pg is not None
    assert (pg.kind, pg.origin, pg.request_param, pg.items_field) == ("cursor", "spec", "cursor", "subscriptions")
    assert pg.cursor_path == ("pagination", "next_cursor")
    assert pg.has_more_path == ("pagination", "has_more")
    assert pg.total_pages_path == pg.current_page_path == ()
    assert (pg.page_class, pg.async_page_class) == ("SubscriptionsListPage", "AsyncSubscriptionsListPage")
    assert pg.model.name == "SubscriptionListResponse"
    assert emit.item_annotation(pg) == "Subscription"
    assert (pg.value_annotation, emit.request_value(pg)) == ("str", "_v")
    op = paginated["subscriptions.list"]
    assert "cursor=_v" in emit.next_args(op) and "limit=limit" in emit.next_args(op)
    assert emit.next_expr(pg) == "next_cursor(self, ('pagination', 'next_cursor'), has_more=('pagination', 'has_more'))"
    assert emit.pagination_summary(pg) == "cursor: `cursor` from `pagination.next_cursor`"
    assert emit.return_annotation(op) == "SubscriptionsListPage"
    assert emit.async_return_annotation(op) == "AsyncPaginator[AsyncSubscriptionsListPage, Subscription]"
    assert operation(api, "list_balances").pagination is None


def test_a_page_number_response_with_a_page_count(tmp_path: Path) -> None:
    api, problems = _build(tmp_path, PAGE_NUMBER_SPEC)
    assert problems == []
    paginated = _paginated(api)
    assert sorted(paginated) == ["posts.list_comments", "posts.list_posts"]
    posts = paginated["posts.list_posts"].pagination
    assert posts is not None
    assert (posts.kind, posts.request_param, posts.items_field, emit.item_annotation(posts)) == (
        "page",
        "page",
        "data",
        "Post",
    )
    assert posts.total_pages_path == ("total_pages",)
    assert posts.current_page_path == ("page",)
    assert posts.has_more_path == ()
    assert (posts.first_page, posts.value_annotation, emit.request_value(posts)) == (1, "int", "_v")
    assert emit.pagination_summary(posts) == "page number: `page` up to `totalPages`"
    assert posts.page_class == "PostsListPostsPage"


def test_a_string_page_parameter_and_a_nested_has_more(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, PAGE_NUMBER_SPEC)
    comments = operation(api, "list_comments").pagination
    assert comments is not None
    assert (comments.kind, comments.request_param, comments.items_field) == ("page", "page_number", "results")
    assert comments.has_more_path == ("meta", "has_next_page")
    assert comments.current_page_path == ("meta", "current_page")
    assert comments.total_pages_path == ()
    assert emit.request_value(comments) == "str(_v)"
    assert "page_number=str(_v)" in emit.next_args(operation(api, "list_comments"))


def test_a_page_parameter_without_a_page_count_or_has_more_does_not_paginate(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, PAGE_NUMBER_SPEC)
    assert operation(api, "list_tags").pagination is None


def test_cursor_shapes(tmp_path: Path) -> None:
    api, problems = _build(tmp_path, CURSOR_SHAPES_SPEC)
    paginated = _paginated(api)
    assert sorted(paginated) == ["things.list_tokens"]
    tokens = paginated["things.list_tokens"].pagination
    assert tokens is not None
    assert (tokens.kind, tokens.request_param, tokens.items_field) == ("cursor", "page_token", "items")
    assert tokens.cursor_path == ("next_page_token",)
    assert tokens.has_more_path == ()
    # The echoed cursor is not a next cursor; two arrays are ambiguous; a clash is reported.
    assert operation(api, "echo_cursor").pagination is None
    assert operation(api, "two_lists").pagination is None
    assert operation(api, "clash").pagination is None
    assert any("things.clash looks paginated" in p and "next_page" in p for p in problems)


def test_specs_without_pagination(tmp_path: Path) -> None:
    api, _ = build_api(write_text(tmp_path, "zoo.yaml", ZOO_SPEC))
    assert _paginated(api) == {}
    assert api.paginated == ()


def test_the_config_names_fields_the_heuristics_miss(tmp_path: Path) -> None:
    custom = {"style": "cursor", "param": "from", "items": "rows", "cursor": "continuation.following"}
    api, problems = _build(
        tmp_path, CURSOR_SHAPES_SPEC, **{"things.list_custom": {**custom, "has_more": "continuation.exhausted"}}
    )
    assert not [p for p in problems if "list_custom" in p]
    pg = operation(api, "list_custom").pagination
    assert pg is not None
    assert (pg.kind, pg.origin, pg.request_param, pg.items_field) == ("cursor", "config", "from_", "rows")
    assert pg.cursor_path == ("continuation", "following")
    assert pg.has_more_path == ("continuation", "exhausted")


def test_the_config_picks_the_items_among_two_lists(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, CURSOR_SHAPES_SPEC, **{"things.two_lists": {"style": "cursor", "items": "groups"}})
    pg = operation(api, "two_lists").pagination
    assert pg is not None
    assert (pg.items_field, pg.cursor_path) == ("groups", ("next_cursor",))


def test_the_config_turns_pagination_off(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, PAGE_NUMBER_SPEC, **{"posts.list_posts": False})
    assert operation(api, "list_posts").pagination is None
    assert operation(api, "list_comments").pagination is not None


def test_the_config_sets_the_first_page(tmp_path: Path) -> None:
    api, _ = _build(tmp_path, PAGE_NUMBER_SPEC, **{"posts.list_posts": {"style": "page", "first_page": 0}})
    pg = operation(api, "list_posts").pagination
    assert pg is not None
    assert (pg.first_page, pg.origin) == (0, "config")
    assert "first=0" in emit.next_expr(pg)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        pytest.param({"style": "cursor", "cursor": "nope"}, "no str property 'nope'", id="unknown-field"),
        pytest.param({"style": "cursor", "param": "after"}, "no query parameter 'after'", id="unknown-param"),
        pytest.param("page", "no page query parameter", id="wrong-style"),
    ],
)
def test_a_config_entry_that_does_not_fit_is_an_error(tmp_path: Path, entry: object, message: str) -> None:
    _, problems = _build(tmp_path, CURSOR_SHAPES_SPEC, **{"things.list_tokens": entry})
    assert any(p.startswith("error: cannot paginate things.list_tokens") and message in p for p in problems), problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(False, PaginationOverride("none"), id="false"),
        pytest.param("cursor", PaginationOverride("cursor"), id="style"),
        pytest.param(
            {"style": "page", "param": "p", "first_page": 0},
            PaginationOverride("page", param="p", first_page=0),
            id="table",
        ),
    ],
)
def test_pagination_entries(value: object, expected: PaginationOverride) -> None:
    assert pagination_override(value) == expected


@pytest.mark.parametrize(
    "value",
    [True, "offset", {"style": "cursor", "colour": "x"}, {"style": "page", "first_page": "0"}, {"param": "x"}, 3],
)
def test_invalid_pagination_entries(value: object) -> None:
    with pytest.raises(ValueError, match="pagination"):
        pagination_override(value)


def test_load_config_reads_the_pagination_table(tmp_path: Path) -> None:
    toml = write_text(
        tmp_path,
        "clientgen.toml",
        """
        [clients.shop]
        package = "shop_client"
        output = "out"

        [clients.shop.pagination]
        "orders.list" = { style = "page", total_pages = "meta.pages" }
        "orders.search" = false
        """,
    )
    config = load_config(toml)["shop"]
    assert config.pagination == {
        "orders.list": PaginationOverride("page", total_pages="meta.pages"),
        "orders.search": PaginationOverride("none"),
    }
    assert config.config_file == toml
    bad = write_text(tmp_path, "bad.toml", '[clients.shop]\npackage = "p"\noutput = "o"\npagination = { "a.b" = 1 }\n')
    with pytest.raises(SpecError) as caught:
        load_config(bad)
    assert "/clients/shop/pagination/a.b" in str(caught.value.problems[0])
