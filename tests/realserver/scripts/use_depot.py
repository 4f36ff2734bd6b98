"""A user's script on the generated Depot client: checked by ``mypy --strict``, then run on the server.

``assert_type`` makes mypy check what each call returns; at run time it does nothing.  Run as
``python use_depot.py BASE_URL TOKEN``: it prints one JSON object of what it read.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import assert_type

from depot_client import AsyncDepotClient, DepotClient, NotFoundError, Unset
from depot_client.models import Area, Circle, Item, ItemPage, Kind, Problem, Report, Square


def read_sync(base_url: str, token: str) -> dict[str, object]:
    with DepotClient(base_url=base_url, api_key=token, max_retries=0) as client:
        page = client.items.list_items(limit=2)
        assert_type(page.items, list[Item])
        assert_type(page.next_cursor, str | None | Unset)
        names = [item.name for item in page]  # every page
        assert isinstance(page, ItemPage)
        hammer = client.items.get_item(1)
        assert_type(hammer, Item)
        width = hammer.dimensions.width if hammer.dimensions else None
        found = client.catalog.search(tag=["steel"], kind=[Kind.PART])
        assert_type(found, list[Item])
        stock = client.catalog.count_stock()
        assert_type(stock, dict[str, int])
        area = client.shapes.measure_shape(body=Square(kind="square", side=1.5))
        assert_type(area, Area)
        shape = area.shape
        assert_type(shape, Circle | Square)
        side = shape.side if isinstance(shape, Square) else None
        try:
            client.items.get_item(9999)
        except NotFoundError as error:
            problem = error.body
            code = problem.code if isinstance(problem, Problem) else None
        me = client.access.who_am_i()
        made = client.items.create_item(name="typed scratch", kind="part", tags=["scratch"], price=None)
        assert_type(made.price, float | None)
        client.items.delete_item(made.id)  # 204: returns None
        return {
            "names": names,
            "width": width,
            "found": [i.name for i in found],
            "stock": stock,
            "side": side,
            "code": code,
            "token": me.token,
        }


async def read_async(base_url: str) -> dict[str, object]:
    async with AsyncDepotClient(base_url=base_url, max_retries=0) as client:
        ids = [item.id async for item in client.items.list_items(limit=3)]
        shapes = await client.shapes.list_shapes()
        assert_type(shapes, list[Circle | Square])
        raw = await client.media.with_raw_response.report()
        report = raw.parse()
        assert_type(report, Report)
        health = await client.access.health()
        return {"ids": ids, "shapes": [s.kind for s in shapes], "health": health.status, "rows": len(report.rows)}


if __name__ == "__main__":
    url, token = sys.argv[1], sys.argv[2]
    print(json.dumps({"sync": read_sync(url, token), "async": asyncio.run(read_async(url))}))
