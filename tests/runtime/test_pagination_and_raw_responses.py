"""Raw responses and auto-pagination of generated clients, against a real HTTP server on 127.0.0.1.

A small client is generated from the inline spec below into a temporary folder
(one cursor-paginated, one page-numbered and plain operations, two of which
return a union and an enum) and used sync and async; the committed Afternoon
client is exercised too.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from afternoon_client import AfternoonClient, AsyncAfternoonClient

from tests.runtime.runtime_server import MockServer, Reply
from tests.support.generated import generated_package

PACKAGE = "pager_client"
SPEC = """
openapi: 3.1.0
info: {title: Pager API, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
paths:
  /things:
    get:
      operationId: listThings
      tags: [things]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page of things
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingList'}
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: a thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '404':
          description: no such thing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /things/{id}/owner:
    get:
      operationId: getOwner
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: a person or a team
          content:
            application/json:
              schema:
                oneOf: [{$ref: '#/components/schemas/Person'}, {$ref: '#/components/schemas/Team'}]
  /things/{id}/state:
    get:
      operationId: getState
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the state
          content:
            application/json:
              schema: {type: string, enum: [new, old]}
  /posts:
    get:
      operationId: listPosts
      tags: [posts]
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: a page of posts
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PostPage'}
components:
  schemas:
    Error:
      type: object
      properties:
        message: {type: string}
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
    ThingList:
      type: object
      required: [data, pagination]
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        pagination:
          type: object
          properties:
            next_cursor: {type: [string, 'null']}
            has_more: {type: boolean}
    Post:
      type: object
      properties:
        id: {type: integer}
    Person:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Team:
      type: object
      required: [members]
      properties:
        members: {type: array, items: {$ref: '#/components/schemas/Person'}}
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


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with generated_package(tmp_path_factory.mktemp("pager"), PACKAGE, SPEC) as out:
        yield out


@pytest.fixture(scope="module")
def pager(generated: Path) -> ModuleType:
    return importlib.import_module(PACKAGE)


def _things(*ids: str, next_cursor: str | None, has_more: bool | None = None) -> Reply:
    pagination: dict[str, Any] = {"next_cursor": next_cursor}
    if has_more is not None:
        pagination["has_more"] = has_more
    return Reply(body={"data": [{"id": i} for i in ids], "pagination": pagination})


def _posts(page: int, total_pages: int, *ids: int) -> Reply:
    body = {
        "statusCode": 200,
        "message": "ok",
        "total": 5,
        "page": page,
        "limit": 2,
        "totalPages": total_pages,
        "data": [{"id": i} for i in ids],
    }
    return Reply(body=body)


def _queries(server: MockServer) -> list[dict[str, str]]:
    return [dict(parse_qsl(urlsplit(r.path).query)) for r in server.requests]


THREE_THING_PAGES = (
    _things("t1", "t2", next_cursor="c2", has_more=True),
    _things("t3", "t4", next_cursor="c3", has_more=True),
    _things("t5", next_cursor=None, has_more=False),
)
THREE_POST_PAGES = (_posts(1, 3, 1, 2), _posts(2, 3, 3, 4), _posts(3, 3, 5))


def _sync(pager: ModuleType, server: MockServer) -> Any:
    return pager.PagerClient(base_url=server.url, max_retries=0)


def _async(pager: ModuleType, server: MockServer) -> Any:
    return pager.AsyncPagerClient(base_url=server.url, max_retries=0)


# --- cursor pagination -------------------------------------------------------------------


def test_a_cursor_list_is_walked_lazily_sync(pager: ModuleType, server: MockServer) -> None:
    server.script(*THREE_THING_PAGES)
    with _sync(pager, server) as client:
        page = client.things.list_things(limit=2)
        assert server.count == 1, "the first call fetches one page"
        assert [t.id for t in page.data] == ["t1", "t2"]
        walked = iter(page)
        assert [next(walked).id, next(walked).id] == ["t1", "t2"]
        assert server.count == 1, "the next page is fetched only when the loop reaches it"
        assert [t.id for t in walked] == ["t3", "t4", "t5"]
    assert server.count == 3
    assert _queries(server) == [{"limit": "2"}, {"limit": "2", "cursor": "c2"}, {"limit": "2", "cursor": "c3"}]


def test_a_cursor_list_is_walked_async(pager: ModuleType, server: MockServer) -> None:
    server.script(*THREE_THING_PAGES)

    async def main() -> list[str]:
        async with _async(pager, server) as client:
            return [t.id async for t in client.things.list_things(limit=2, cursor="c1")]

    assert asyncio.run(main()) == ["t1", "t2", "t3", "t4", "t5"]
    assert _queries(server) == [
        {"limit": "2", "cursor": "c1"},
        {"limit": "2", "cursor": "c2"},
        {"limit": "2", "cursor": "c3"},
    ]


def test_an_async_page_is_awaited_and_stepped_through(pager: ModuleType, server: MockServer) -> None:
    first_page, second_page, last_page = THREE_THING_PAGES
    server.script(first_page, second_page, second_page, last_page)

    async def main() -> list[list[str]]:
        async with _async(pager, server) as client:
            first = await client.things.list_things()
            assert first.has_next_page()
            second = await first.get_next_page()
            assert [t.id for t in second.data] == ["t3", "t4"]
            return [[t.id for t in p.data] async for p in first.iter_pages()]

    assert asyncio.run(main()) == [["t1", "t2"], ["t3", "t4"], ["t5"]]
    assert server.count == 4  # first, get_next_page, then iter_pages fetched pages 2 and 3 again


# --- page-number pagination --------------------------------------------------------------


def test_a_page_number_list_is_walked_sync(pager: ModuleType, server: MockServer) -> None:
    server.script(*THREE_POST_PAGES)
    with _sync(pager, server) as client:
        assert [p.id for p in client.posts.list_posts(limit=2)] == [1, 2, 3, 4, 5]
    assert _queries(server) == [{"limit": "2"}, {"limit": "2", "page": "2"}, {"limit": "2", "page": "3"}]


def test_a_page_number_list_is_walked_async(pager: ModuleType, server: MockServer) -> None:
    server.script(*THREE_POST_PAGES)

    async def main() -> list[int]:
        async with _async(pager, server) as client:
            return [p.id async for p in client.posts.list_posts(limit=2)]

    assert asyncio.run(main()) == [1, 2, 3, 4, 5]
    assert _queries(server) == [{"limit": "2"}, {"limit": "2", "page": "2"}, {"limit": "2", "page": "3"}]


def test_one_page_keeps_its_fields_and_steps_on_its_own(pager: ModuleType, server: MockServer) -> None:
    server.script(THREE_POST_PAGES[1], THREE_POST_PAGES[2])
    with _sync(pager, server) as client:
        page = client.posts.list_posts(page=2, limit=2)
        assert isinstance(page, pager.models.PostPage)
        assert (page.status_code, page.message, page.total, page.page, page.total_pages) == (200, "ok", 5, 2, 3)
        assert page.to_dict()["totalPages"] == 3
        assert [p.id for p in page.data] == [3, 4]
        assert page.has_next_page()
        last = page.next_page()
        assert last is not None
        assert [p.id for p in last.data] == [5]
        assert not last.has_next_page()
        assert last.next_page() is None
        with pytest.raises(RuntimeError, match="no next page"):
            last.get_next_page()
        assert [[p.id for p in pg.data] for pg in last.iter_pages()] == [[5]]
    assert _queries(server) == [{"page": "2", "limit": "2"}, {"page": "3", "limit": "2"}]


def test_a_page_built_from_data_is_a_last_page(pager: ModuleType) -> None:
    from pager_client.pages import PostsListPostsPage

    page = PostsListPostsPage.from_dict({"page": 1, "totalPages": 9, "data": [{"id": 1}]})
    assert not page.has_next_page()
    assert [p.id for p in page] == [1]


# --- loop guards -------------------------------------------------------------------------


def test_a_cursor_sent_again_ends_the_walk(
    pager: ModuleType, server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(_things("t1", next_cursor="same"), _things("t2", next_cursor="same"))
    with _sync(pager, server) as client:
        assert [t.id for t in client.things.list_things()] == ["t1", "t2"]
    assert server.count == 2
    assert "sent 'same' again" in caplog.text


def test_a_page_count_that_never_ends_is_bounded(pager: ModuleType, server: MockServer) -> None:
    # The server ignores the page parameter: it always answers page 1 of 99.
    server.script(_posts(1, 99, 1, 2))
    with _sync(pager, server) as client:
        assert [p.id for p in client.posts.list_posts()] == [1, 2, 1, 2]
    assert server.count == 2


def test_max_pages_bounds_a_walk(pager: ModuleType, server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from pager_client.pages import AsyncThingsListThingsPage, ThingsListThingsPage

    replies = [_things(f"t{n}", next_cursor=f"c{n + 1}") for n in range(1, 10)]
    server.script(*replies)
    monkeypatch.setattr(ThingsListThingsPage, "max_pages", 3)
    monkeypatch.setattr(AsyncThingsListThingsPage, "max_pages", 2)
    with _sync(pager, server) as client:
        assert [t.id for t in client.things.list_things()] == ["t1", "t2", "t3"]
    assert server.count == 3
    server.script(*replies)

    async def main() -> list[str]:
        async with _async(pager, server) as client:
            return [t.id async for t in client.things.list_things()]

    assert asyncio.run(main()) == ["t1", "t2"]
    assert server.count == 5


def test_a_page_that_repeats_the_previous_one_ends_the_walk(pager: ModuleType, server: MockServer) -> None:
    body = {"data": [{"id": 1}], "totalPages": 50}  # no page number in the response to compare
    server.script(Reply(body=body))
    with _sync(pager, server) as client:
        assert [p.id for p in client.posts.list_posts()] == [1, 1]
    assert server.count == 2


# --- raw responses -----------------------------------------------------------------------

RAW_HEADERS = {"X-Request-Id": "req_123", "X-RateLimit-Remaining": "41"}


def test_raw_response_sync(pager: ModuleType, server: MockServer) -> None:
    server.script(Reply(body={"id": "t/1", "colour": "red"}, headers=RAW_HEADERS))
    with _sync(pager, server) as client:
        raw = client.things.with_raw_response.get_thing("t/1")
        assert raw.status_code == 200
        assert raw.headers["x-ratelimit-remaining"] == "41"
        assert raw.request_id == "req_123"
        assert (raw.method, raw.url.raw_path) == ("GET", b"/things/t%2F1")
        assert raw.http_request.headers["accept"] == "application/json"
        thing = raw.parse()
        assert isinstance(thing, pager.models.Thing)
        assert (thing.id, thing.additional_properties) == ("t/1", {"colour": "red"})
        assert raw.parse() is thing
        things = client.things
        assert things.with_raw_response is things.with_raw_response  # cached
    assert server.count == 1


def test_raw_response_async(pager: ModuleType, server: MockServer) -> None:
    server.script(Reply(body={"id": "t1"}, headers=RAW_HEADERS))

    async def main() -> Any:
        async with _async(pager, server) as client:
            return await client.things.with_raw_response.get_thing("t1")

    raw = asyncio.run(main())
    assert (raw.status_code, raw.request_id, raw.headers["x-ratelimit-remaining"]) == (200, "req_123", "41")
    assert raw.parse().id == "t1"


def test_raw_response_errors_raise_as_usual(pager: ModuleType, server: MockServer) -> None:
    server.script(Reply(status=404, body={"message": "gone"}, headers=RAW_HEADERS))
    with _sync(pager, server) as client, pytest.raises(pager.NotFoundError) as caught:
        client.things.with_raw_response.get_thing("t1")
    assert caught.value.request_id == "req_123"
    assert caught.value.body.message == "gone"


def test_a_raw_page_parses_into_a_page_that_walks(pager: ModuleType, server: MockServer) -> None:
    server.script(*THREE_THING_PAGES)
    with _sync(pager, server) as client:
        raw = client.things.with_raw_response.list_things(limit=2)
        assert raw.status_code == 200
        assert [t.id for t in raw.parse()] == ["t1", "t2", "t3", "t4", "t5"]
    assert server.count == 3


def test_a_union_and_an_enum_response_decode_plain_and_raw(pager: ModuleType, server: MockServer) -> None:
    server.script(
        Reply(body={"members": [{"name": "Ann"}]}),
        Reply(body={"members": []}),
        Reply(body=b'"old"', headers={"Content-Type": "application/json"}),
    )
    with _sync(pager, server) as client:
        team = client.things.get_owner("t1")
        assert isinstance(team, pager.models.Team)
        assert [p.name for p in team.members] == ["Ann"]
        assert isinstance(client.things.with_raw_response.get_owner("t1").parse(), pager.models.Team)

    async def main() -> Any:
        async with _async(pager, server) as client:
            return await client.things.get_state("t1")

    assert asyncio.run(main()) is pager.models.GetStateResponse.OLD


def test_the_generated_client_passes_mypy_strict(generated: Path) -> None:
    src = generated / "src"
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental", PACKAGE]
    env = {**os.environ, "MYPYPATH": str(src)}
    result = subprocess.run(command, cwd=src, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the committed Afternoon client ------------------------------------------------------

SUBSCRIPTION = {
    "customer_id": "cm5x9z8nv0000h85r7l9p2k1m",
    "plan_code": "pro_monthly",
    "status": "active",
    "billing_anchor_day": 1,
    "start_date": "2025-01-01T00:00:00Z",
    "next_renewal_date": None,
    "canceled_at": None,
    "created_at": "2025-01-01T00:00:00Z",
}


def _subscriptions(*ids: str, next_cursor: str | None, has_more: bool) -> Reply:
    body = {
        "success": True,
        "subscriptions": [{**SUBSCRIPTION, "id": i} for i in ids],
        "pagination": {"next_cursor": next_cursor, "has_more": has_more},
        "request_id": "req_" + ids[0],
    }
    return Reply(body=body, headers={"X-RateLimit-Remaining": "997"})


AFTERNOON_PAGES = (
    _subscriptions("s1", "s2", next_cursor="s2", has_more=True),
    _subscriptions("s3", "s4", next_cursor="s4", has_more=True),
    _subscriptions("s5", next_cursor=None, has_more=False),
)
AFTERNOON_QUERIES = [
    {"limit": "2", "customer_id": "cus_1"},
    {"limit": "2", "customer_id": "cus_1", "cursor": "s2"},
    {"limit": "2", "customer_id": "cus_1", "cursor": "s4"},
]


def test_afternoon_subscriptions_are_walked_sync(server: MockServer) -> None:
    server.script(*AFTERNOON_PAGES)
    with AfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
        page = client.subscriptions.list(limit="2", customer_id="cus_1")
        assert page.pagination.next_cursor == "s2"
        assert page.request_id == "req_s1"
        assert [s.id for s in page] == ["s1", "s2", "s3", "s4", "s5"]
    assert _queries(server) == AFTERNOON_QUERIES
    assert all(r.headers["authorization"] == "Bearer ak_test" for r in server.requests)


def test_afternoon_subscriptions_are_walked_async(server: MockServer) -> None:
    server.script(*AFTERNOON_PAGES)

    async def main() -> list[str]:
        async with AsyncAfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
            first = await client.subscriptions.list(limit="2", customer_id="cus_1")
            assert first.has_next_page()
            return [s.id async for s in first]

    assert asyncio.run(main()) == ["s1", "s2", "s3", "s4", "s5"]
    assert _queries(server) == AFTERNOON_QUERIES


def test_afternoon_raw_response(server: MockServer) -> None:
    body = {"success": True, "balances": [], "request_id": "req_body"}
    server.script(Reply(body=body, headers={"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "998"}))
    with AfternoonClient(api_key="ak_test", base_url=server.url, max_retries=0) as client:
        raw = client.customers.with_raw_response.list_balances("cus_1")
    assert raw.status_code == 200
    assert (raw.headers["X-RateLimit-Limit"], raw.headers["X-RateLimit-Remaining"]) == ("1000", "998")
    assert raw.request_id == "req_body"  # no x-request-id header: the body's request_id
    assert raw.url.path == "/v1/customers/cus_1/balances"
    assert raw.parse().balances == []
