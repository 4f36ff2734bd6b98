"""Security, servers, forms and uploads through the Depot client.  Sync and async (see ``conftest``).

FastAPI puts no top-level ``security`` in the document when only some routes use ``HTTPBearer``:
those routes need the token, every other one needs nothing.  The ``where`` operation names a
server of its own, used unless the user gives the base URL.  Uploads go as ``bytes``, a binary
file object or a ``(filename, content, content_type)`` tuple; the server answers with what it
received, hashed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.realserver.app import TOKEN, Seen
from tests.realserver.conftest import Depot, Driver


def received(depot: Depot, call: Callable[[], Any]) -> tuple[Any, list[Seen]]:
    """What ``call()`` returns, and the requests the application received meanwhile."""
    seen = depot.app.state.store.seen
    before = len(seen)
    result = call()
    return result, seen[before:]


def test_a_public_operation_needs_no_credentials_and_gets_none(call: Driver, depot: Depot, models: ModuleType) -> None:
    health = call(lambda c: c.access.health())
    assert isinstance(health, models.Health)
    assert (health.status, health.authorization_seen) == ("ok", False)
    health, seen = received(depot, lambda: call.protected(lambda c: c.access.health()))
    assert health.authorization_seen is False  # the token goes only where the operation asks for it
    assert [(s.path, "authorization" in s.headers) for s in seen] == [("/health", False)]


def test_a_protected_operation_gets_the_bearer_token(call: Driver, models: ModuleType) -> None:
    me = call.protected(lambda c: c.access.who_am_i())
    assert isinstance(me, models.Me)
    assert me.token == TOKEN
    order = call.protected(lambda c: c.access.place_order(item_id=2, quantity=4))
    assert isinstance(order, models.Order)
    assert (order.item_id, order.quantity, order.total) == (2, 4, 1.0)
    order = call.protected(lambda c: c.access.place_order(item_id=4))
    assert (order.item_id, order.quantity, order.total) == (4, 1, None)  # the default quantity; no price
    with pytest.raises(call.package.NotFoundError) as raised:
        call.protected(lambda c: c.access.place_order(item_id=404))
    assert isinstance(raised.value.body, models.Problem)
    assert raised.value.body.item_id == 404


def test_a_protected_operation_without_a_token_fails_before_sending(call: Driver, depot: Depot) -> None:
    seen = depot.app.state.store.seen
    before = len(seen)
    for operation in (lambda c: c.access.who_am_i(), lambda c: c.access.place_order(item_id=1)):
        with pytest.raises(call.package.APIError) as raised:
            call(operation)
        assert str(raised.value) == (
            "this operation needs credentials: HTTPBearer (pass api_key= to the client or set DEPOT_API_KEY)"
        )
    assert seen[before:] == []


def test_a_wrong_token_is_refused_by_the_server(call: Driver) -> None:
    with pytest.raises(call.package.AuthenticationError) as raised:
        call(lambda c: c.access.who_am_i(), api_key="not-the-token")
    assert raised.value.status_code == 401


def test_the_token_may_come_from_the_environment(call: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEPOT_API_KEY", TOKEN)
    assert call.fresh(lambda c: c.access.who_am_i()).token == TOKEN  # read when the client is built


def test_an_operation_with_its_own_server_is_sent_there(call: Driver, depot: Depot, models: ModuleType) -> None:
    # No base URL: the spec's servers decide; the port is the variable of both the main and the edge server.
    where, seen = received(depot, lambda: call(lambda c: c.access.where(), base_url=None, port=str(depot.port)))
    assert isinstance(where, models.Where)
    assert where.served_by == "edge"
    assert [(s.method, s.path) for s in seen] == [("GET", "/edge/where")]
    health = call(lambda c: c.access.health(), base_url=None, port=str(depot.port))
    assert health.status == "ok"  # the other operations go to the main server


def test_a_base_url_the_user_gives_wins_over_the_operations_server(call: Driver, depot: Depot) -> None:
    where, seen = received(depot, lambda: call(lambda c: c.access.where()))
    assert where.served_by == "main"
    assert [(s.method, s.path) for s in seen] == [("GET", "/where")]


def test_an_urlencoded_form_is_sent_as_a_form(call: Driver, depot: Depot, models: ModuleType) -> None:
    session, seen = received(depot, lambda: call(lambda c: c.forms.log_in(username="ada", remember=True)))
    assert isinstance(session, models.Session)
    assert (session.username, session.remember) == ("ada", True)
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"
    session = call(lambda c: c.forms.log_in(username="grace"))
    assert (session.username, session.remember) == ("grace", False)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_one_file_uploads_as_bytes_a_file_object_or_a_tuple(
    call: Driver, depot: Depot, models: ModuleType, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 4
    stored = call(lambda c: c.files.upload_file(file=data, note="raw bytes"))
    assert isinstance(stored, models.Stored)
    assert (stored.size, stored.sha256, stored.note) == (1024, _sha(data), "raw bytes")
    assert stored.content_type == "application/octet-stream"
    disk = tmp_path / "photo.jpg"
    disk.write_bytes(data[:100])
    with disk.open("rb") as handle:
        stored = call(lambda c: c.files.upload_file(file=handle))
    assert (stored.filename, stored.size, stored.sha256, stored.note) == ("photo.jpg", 100, _sha(data[:100]), None)
    stored, seen = received(
        depot, lambda: call(lambda c: c.files.upload_file(file=("notes.txt", b"hello", "text/plain"), note="n"))
    )
    assert (stored.filename, stored.content_type, stored.sha256, stored.note) == (
        "notes.txt",
        "text/plain",
        _sha(b"hello"),
        "n",
    )
    assert seen[0].headers["content-type"].startswith("multipart/form-data; boundary=")


def test_a_list_of_files_uploads_as_one_part_each(call: Driver, models: ModuleType) -> None:
    parts = [b"first", io.BytesIO(b"second"), ("third.csv", b"a,b\n1,2\n", "text/csv")]
    stored = call(lambda c: c.files.upload_files(files=parts))
    assert all(isinstance(s, models.Stored) for s in stored)
    assert [(s.size, s.sha256) for s in stored] == [
        (5, _sha(b"first")),
        (6, _sha(b"second")),
        (8, _sha(b"a,b\n1,2\n")),
    ]
    assert (stored[2].filename, stored[2].content_type) == ("third.csv", "text/csv")
