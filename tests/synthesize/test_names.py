"""Tags, namespaces and names of synthesized operations, from the navigation and the page titles.

Small sites in Mintlify's navigation shapes (``docs.json``: tabs, versions, groups, pages;
the older ``mint.json``: a list of groups, tabs named by URL prefix, groups with a
``version``), then the real Mayar documentation when it is there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from generator.synthesize import synthesize
from tests.generator.helpers import build_api

from .helpers import REPO, curl_page, finding, findings_of, op, synth

Data = dict[str, Any]

MAYAR_DOCS = REPO.parent / "shared" / "mayar-docs"


def _page(title: str, path: str, method: str = "GET") -> str:
    flag = "--request POST " if method == "POST" else ""
    return curl_page(title, f"curl {flag}'https://api.example.com{path}'")


PAGES = {
    "guides/start.mdx": "---\ntitle: Start\n---\n\nWelcome.\n",
    "api/invoice/create.mdx": _page("Create Invoice", "/v1/invoice/create", "POST"),
    "api/invoice/detail.mdx": _page("Get Detail", "/v1/invoice/{id}"),
    "api/payment/detail.mdx": _page("Get Detail", "/v1/payment/{id}"),
    "api-v2/invoice/create.mdx": _page("Create Invoice", "/v2/invoices", "POST"),
    "api-v2/invoice/list.mdx": _page("List Invoices", "/v2/invoices"),
}

DOCS_JSON: Data = {
    "name": "Example",
    "navigation": {
        "tabs": [
            {"tab": "Guides", "groups": [{"group": "Getting started", "pages": ["guides/start"]}]},
            {
                "tab": "API V1 Reference",
                "groups": [
                    {"group": "Invoice", "pages": ["api/invoice/create", "api/invoice/detail"]},
                    {"group": "Payment", "pages": ["api/payment/detail"]},
                ],
            },
            {
                "tab": "API V2 Reference",
                "groups": [{"group": "Invoice", "pages": ["api-v2/invoice/create", "api-v2/invoice/list"]}],
            },
        ]
    },
}


def _names(document: Data) -> dict[str, tuple[str, str, list[str], list[str]]]:
    """By method and path: operationId, method name, namespace, tags."""
    return {
        f"{method.upper()} {path}": (
            o["operationId"],
            o.get("x-clientgen-name", o["operationId"]),
            o.get("x-clientgen-group", []),
            o.get("tags", []),
        )
        for path, item in document["paths"].items()
        for method, o in item.items()
    }


def test_tabs_give_namespaces_groups_give_tags_and_titles_give_names(tmp_path: Path) -> None:
    synthesis = synth(tmp_path, PAGES, docs_json=DOCS_JSON)
    assert _names(synthesis.document) == {
        "POST /v1/invoice/create": ("create_invoice", "create_invoice", [], ["Invoice"]),
        "GET /v1/invoice/{id}": ("get_detail_invoice", "get_detail", [], ["Invoice"]),
        "GET /v1/payment/{id}": ("get_detail_payment", "get_detail", [], ["Payment"]),
        "POST /v2/invoices": ("v2_create_invoice", "create_invoice", ["v2"], ["Invoice"]),
        "GET /v2/invoices": ("v2_list_invoices", "list_invoices", ["v2"], ["Invoice"]),
    }
    assert synthesis.document["tags"] == [{"name": "Invoice"}, {"name": "Payment"}]
    same = finding(synthesis, "same-title", "api/payment/detail.mdx")
    assert same.message == (
        "'Get Detail' is also the title of api/invoice/detail.mdx in the same namespace: named get_detail_payment"
    )
    assert same.line == 1  # the frontmatter, which holds the title
    assert findings_of(synthesis, "same-title", "api-v2/invoice/create.mdx") == []


def test_the_client_built_from_it_has_v1_on_the_client_and_v2_in_a_namespace(tmp_path: Path) -> None:
    synthesis = synth(tmp_path / "docs", PAGES, docs_json=DOCS_JSON)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(synthesis.document, sort_keys=False), encoding="utf-8")
    api, problems = build_api(spec, "example_client")
    assert problems.warnings == []
    assert sorted(f"client.{r.accessor}.{o.name}" for r in api.resources for o in r.operations) == [
        "client.invoice.create_invoice",
        "client.invoice.get_detail",
        "client.payment.get_detail",
        "client.v2.invoice.create_invoice",
        "client.v2.invoice.list_invoices",
    ]


def test_a_version_in_docs_json_is_a_namespace(tmp_path: Path) -> None:
    docs_json = {
        "navigation": {
            "versions": [
                {"version": "v1", "groups": [{"group": "Invoice", "pages": ["api/invoice/create"]}]},
                {"version": "Version 2.1", "groups": [{"group": "Invoice", "pages": ["api-v2/invoice/create"]}]},
            ]
        }
    }
    pages = {k: v for k, v in PAGES.items() if k.endswith("invoice/create.mdx")}
    assert _names(synth(tmp_path, pages, docs_json=docs_json).document) == {
        "POST /v1/invoice/create": ("create_invoice", "create_invoice", [], ["Invoice"]),
        "POST /v2/invoices": ("v2_1_create_invoice", "create_invoice", ["v2_1"], ["Invoice"]),
    }


@pytest.mark.parametrize(
    "mint",
    [
        {  # tabs named by the URL prefix of their pages
            "name": "Example",
            "tabs": [{"name": "API v2", "url": "api-v2"}],
            "navigation": [
                {"group": "Invoice", "pages": ["api/invoice/create", "api/invoice/detail"]},
                {"group": "Payment", "pages": ["api/payment/detail"]},
                {"group": "Invoices", "pages": ["api-v2/invoice/create", "api-v2/invoice/list"]},
            ],
        },
        {  # groups of a version
            "name": "Example",
            "versions": ["v1", "v2"],
            "navigation": [
                {"group": "Invoice", "version": "v1", "pages": ["api/invoice/create", "api/invoice/detail"]},
                {"group": "Payment", "version": "v1", "pages": ["api/payment/detail"]},
                {"group": "Invoices", "version": "v2", "pages": ["api-v2/invoice/create", "api-v2/invoice/list"]},
            ],
        },
    ],
    ids=["tabs", "versions"],
)
def test_mint_json_navigation(tmp_path: Path, mint: Data) -> None:
    (tmp_path / "mint.json").write_text(json.dumps(mint), encoding="utf-8")
    synthesis = synth(tmp_path, PAGES)
    names = _names(synthesis.document)
    assert names["POST /v2/invoices"] == ("v2_create_invoice", "create_invoice", ["v2"], ["Invoices"])
    assert names["GET /v1/payment/{id}"] == ("get_detail_payment", "get_detail", [], ["Payment"])
    assert names["POST /v1/invoice/create"] == ("create_invoice", "create_invoice", [], ["Invoice"])


def test_without_navigation_the_lowest_path_version_is_the_clients(tmp_path: Path) -> None:
    pages = {
        "a-v2/create.mdx": _page("Create Invoice", "/v2/invoices", "POST"),
        "b/create.mdx": _page("Create Invoice", "/v1/invoice/create", "POST"),
        "b/list.mdx": _page("List", "/list"),
    }
    synthesis = synth(tmp_path, pages)
    assert _names(synthesis.document) == {
        "POST /v2/invoices": ("v2_create_invoice", "create_invoice", ["v2"], ["a-v2"]),
        "POST /v1/invoice/create": ("create_invoice", "create_invoice", [], ["b"]),
        "GET /list": ("list", "list", [], ["b"]),
    }
    assert findings_of(synthesis, "not-in-navigation") == []


def test_same_titles_in_one_group_are_told_apart_by_their_paths_then_their_methods(tmp_path: Path) -> None:
    pages = {
        "x/a.mdx": _page("Get Item", "/v1/items/{id}"),
        "x/b.mdx": _page("Get Item", "/v1/items/{id}/archived"),
        "x/c.mdx": _page("Update", "/v1/things"),
        "x/d.mdx": _page("Update", "/v1/things", "POST"),
    }
    names = _names(synth(tmp_path, pages).document)
    assert {k: v[:2] for k, v in names.items()} == {
        "GET /items/{id}": ("get_item", "get_item"),
        "GET /items/{id}/archived": ("get_item_archived", "get_item_archived"),
        "GET /things": ("update_get", "update_get"),
        "POST /things": ("update_post", "update_post"),
    }


def test_a_page_missing_from_the_navigation_is_tagged_by_its_folder_and_reported(tmp_path: Path) -> None:
    pages = {**PAGES, "api/member/detail.mdx": _page("Member Detail", "/v1/member/{id}")}
    synthesis = synth(tmp_path, pages, docs_json=DOCS_JSON)
    assert op(synthesis, "get", "/v1/member/{id}")["tags"] == ["member"]
    found = finding(synthesis, "not-in-navigation", "api/member/detail.mdx")
    assert found.message == "the page is not in the navigation: its group is its folder ('member')"


# --- the real Mayar documentation -----------------------------------------------------------


@pytest.fixture(scope="module")
def mayar() -> tuple[Data, Data]:
    if not (MAYAR_DOCS / "docs.json").is_file():
        pytest.skip(f"{MAYAR_DOCS} is not there")
    navigation = json.loads((MAYAR_DOCS / "docs.json").read_text(encoding="utf-8"))
    return synthesize(MAYAR_DOCS).document, navigation


def _outermost_groups(navigation: Data) -> dict[str, tuple[str, str]]:
    """Each page of an API tab: (its tab, its outermost group)."""
    found: dict[str, tuple[str, str]] = {}

    def walk(entry: Any, tab: str, group: str) -> None:
        if isinstance(entry, str):
            found[entry] = (tab, group)
        elif isinstance(entry, dict):
            for page in entry.get("pages", []):
                walk(page, tab, group or entry.get("group", ""))

    for tab in navigation["navigation"]["tabs"]:
        for group in tab.get("groups", []):
            walk(group, tab["tab"], "")
    return found


def test_mayar_tags_namespaces_and_names(mayar: tuple[Data, Data]) -> None:
    document, navigation = mayar
    groups = _outermost_groups(navigation)
    operations = [o for item in document["paths"].values() for o in item.values()]
    assert len(operations) > 100
    for operation in operations:
        first = str(PurePosixPath(operation["x-clientgen-pages"][0]).with_suffix(""))
        tab, group = groups.get(first, ("", PurePosixPath(first).parent.name))
        assert operation["tags"] == [group], first
        namespace = ["v2"] if "V2" in tab else []
        assert operation.get("x-clientgen-group", []) == namespace, first
        for name in (operation["operationId"], operation.get("x-clientgen-name", "")):
            assert not re.search(r"_\d+$", name), (first, name)
    ids = [o["operationId"] for o in operations]
    assert len(ids) == len(set(ids))
    in_v2 = {o.get("x-clientgen-name", o["operationId"]) for o in operations if o.get("x-clientgen-group")}
    assert {"create_invoice", "get_customer", "create_customer"} <= in_v2
