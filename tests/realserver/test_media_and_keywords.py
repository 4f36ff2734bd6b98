"""Bodies, media types and schema keywords through the Depot client.  Sync and async (see ``conftest``).

An optional body, a body of the media type ``application/vnd.api+json``, a response offered as
JSON and as CSV, an account schema with a read-only ``id`` and a write-only ``password``, and
settings with a ``Literal`` constant and defaults.
"""

from __future__ import annotations

import inspect
import re
from types import ModuleType

import attrs

from tests.realserver.app import Seen
from tests.realserver.conftest import Depot, Driver


def last_request(depot: Depot, path: str) -> Seen:
    return next(seen for seen in reversed(depot.app.state.store.seen) if seen.path == path)


def resource_class(client_package: ModuleType, name: str) -> type:
    """The class of the sync client's resource ``name``."""
    with client_package.DepotClient(base_url="http://127.0.0.1:9") as client:
        return type(getattr(client, name))


def test_an_optional_body_given_is_sent(call: Driver, models: ModuleType) -> None:
    received = call(lambda c: c.media.send_feedback(text="sturdy", stars=4))
    assert isinstance(received, models.Received)
    assert (received.had_body, received.text, received.stars) == (True, "sturdy", 4)
    received = call(lambda c: c.media.send_feedback(text="fine"))
    assert (received.had_body, received.text, received.stars) == (True, "fine", 5)  # the server's default


def test_an_optional_body_keeps_the_fields_it_requires(client_package: ModuleType) -> None:
    # The body is offered as keyword arguments, sent only when one is given; a field the body
    # requires stays required, so a call without it is refused by the type checker, not the server.
    send = resource_class(client_package, "media").send_feedback
    assert inspect.signature(send).parameters["text"].default is inspect.Parameter.empty
    assert inspect.signature(send).parameters["stars"].default is client_package.UNSET


def test_a_plus_json_body_is_sent_as_json(call: Driver, models: ModuleType) -> None:
    seen = call(lambda c: c.media.store_document(title="Manual", pages=12))
    assert isinstance(seen, models.DocumentSeen)
    assert (seen.title, seen.pages) == ("Manual", 12)


def test_a_plus_json_body_is_sent_with_its_own_media_type(call: Driver, depot: Depot) -> None:
    seen = call(lambda c: c.media.store_document(title="Manual", pages=12))
    assert seen.content_type == "application/vnd.api+json"
    assert last_request(depot, "/documents").headers["content-type"] == "application/vnd.api+json"


def test_a_response_in_two_media_types_is_typed_as_json(call: Driver, models: ModuleType) -> None:
    report = call(lambda c: c.media.report())
    assert isinstance(report, models.Report)
    assert report.rows == [["name", "kind"], ["hammer", "tool"], ["bolt", "part"]]


def test_the_other_media_type_is_reachable_through_the_raw_response(call: Driver) -> None:
    raw = call(lambda c: c.media.with_raw_response.report(extra_headers={"Accept": "text/csv"}))
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("text/csv")
    assert raw.text == "name,kind\nhammer,tool\nbolt,part\n"


def test_accept_lists_the_media_types_the_operation_declares(call: Driver, depot: Depot) -> None:
    report = call(lambda c: c.media.report())
    accept = [part.split(";")[0].strip() for part in last_request(depot, "/report").headers["accept"].split(",")]
    assert accept[0] == "application/json"  # the typed one first: the server answers JSON
    assert "text/csv" in accept
    assert report.accept == last_request(depot, "/report").headers["accept"]


def test_an_account_comes_back_with_the_id_the_server_gave_it(call: Driver, models: ModuleType) -> None:
    account = call(lambda c: c.accounts.create_account(username=f"ada-{call.mode}", password="s3cret"))
    assert isinstance(account, models.Account)
    assert account.username == f"ada-{call.mode}"
    assert re.fullmatch(r"acc_\d+", account.id)


def test_read_only_fields_are_not_arguments_and_write_only_fields_not_in_responses(
    client_package: ModuleType, call: Driver
) -> None:
    create = resource_class(client_package, "accounts").create_account
    assert "id" not in inspect.signature(create).parameters
    assert "password" in inspect.signature(create).parameters
    account = call(lambda c: c.accounts.create_account(username=f"grace-{call.mode}", password="s3cret"))
    # One model serves both directions: the write-only field is never required when decoding, and a
    # response leaves it out.
    assert isinstance(account.password, client_package.Unset) and account.id.startswith("acc_")


def test_settings_arrive_with_the_servers_values_and_defaults(call: Driver, models: ModuleType) -> None:
    settings = call(lambda c: c.settings.read_settings())
    assert isinstance(settings, models.Settings)
    assert (settings.api_version, settings.theme, settings.page_size, settings.beta) == (
        "2024-06",
        models.Theme.LIGHT,
        20,
        False,
    )
    settings = call(lambda c: c.settings.read_settings(page_size=30, theme=models.Theme.DARK))
    assert (settings.theme, settings.page_size, settings.beta) == (models.Theme.DARK, 30, True)


def test_a_const_field_is_a_literal(models: ModuleType) -> None:
    annotation = attrs.fields_dict(models.Settings)["api_version"].type
    assert "Literal['2024-06']" in str(annotation)


def test_defaults_are_in_the_docstring_and_the_signature_sends_nothing_unasked(client_package: ModuleType) -> None:
    read_settings = resource_class(client_package, "settings").read_settings
    doc = inspect.getdoc(read_settings) or ""
    assert re.search(r"page_size:[^\n]*[Dd]efault[^\n]*\b20\b", doc), doc
    assert re.search(r"theme:[^\n]*[Dd]efault[^\n]*\blight\b", doc), doc
    # Sending the default from the signature would change the request; the spec cannot say the
    # server reads it as it reads nothing.
    assert inspect.signature(read_settings).parameters["page_size"].default is client_package.UNSET
