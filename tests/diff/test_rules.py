"""One base/revision pair per rule: each rule fires on the change it describes, with its level."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import RULES, Level
from generator.diff.generated import PACKAGE_RULES
from generator.diff.spec import REQUEST_SUBJECTS, RESPONSE_SUBJECTS

from .shop import Edit, diff_edits

Data = dict[str, Any]


def item(d: Data) -> Data:
    path: Data = d["paths"]["/items/{item_id}"]
    return path


def get(d: Data) -> Data:
    op: Data = item(d)["get"]
    return op


def post(d: Data) -> Data:
    op: Data = item(d)["post"]
    return op


def schema(d: Data, name: str) -> Data:
    found: Data = d["components"]["schemas"][name]
    return found


def ok(d: Data) -> Data:
    response: Data = get(d)["responses"]["200"]
    return response


def body(d: Data) -> Data:
    request: Data = post(d)["requestBody"]
    return request


def steps(*edits: Edit) -> Edit:
    def run(d: Data) -> None:
        for edit in edits:
            edit(d)

    return run


def add_param(param: Data) -> Edit:
    return lambda d: post(d)["parameters"].append(param)


def secure(*requirements: Data) -> Edit:
    return lambda d: post(d).__setitem__("security", list(requirements))


def rename_path_param(d: Data) -> None:
    path = d["paths"].pop("/items/{item_id}")
    path["parameters"][0]["name"] = "id"
    d["paths"]["/items/{id}"] = path


def rename_schema(d: Data) -> None:
    d["components"]["schemas"]["Article"] = d["components"]["schemas"].pop("Item")
    for op in (get(d), post(d)):
        op["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Article"}
    d["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["items"][
        "items"
    ] = {"$ref": "#/components/schemas/Article"}


Q = {"name": "q", "in": "query", "schema": {"type": "string"}}
Q_REQUIRED = {**Q, "required": True}
EXTRA = {"properties": {"x": {"type": "string"}}}
# itemId is `item_id` in Python until a property named item_id comes first and takes the name.
ITEM_ID, ITEMID = {"item_id": {"type": "integer"}}, {"itemId": {"type": "string"}}
FORM = {"schema": {"$ref": "#/components/schemas/ItemUpdate"}}

CASES: dict[str, tuple[Edit | None, Edit]] = {
    # paths and operations
    "api-path-removed": (None, lambda d: d["paths"].pop("/items")),
    "api-removed": (None, lambda d: item(d).pop("get")),
    "endpoint-added": (None, lambda d: item(d).__setitem__("delete", {"responses": {"204": {"description": "gone"}}})),
    "endpoint-deprecated": (None, lambda d: get(d).__setitem__("deprecated", True)),
    "endpoint-reactivated": (lambda d: get(d).__setitem__("deprecated", True), lambda d: None),
    # parameters
    "new-required-request-parameter": (None, add_param(Q_REQUIRED)),
    "new-optional-request-parameter": (None, add_param(Q)),
    "request-parameter-removed": (add_param(Q), lambda d: None),
    "request-parameter-became-required": (add_param(Q), add_param(Q_REQUIRED)),
    "request-parameter-became-optional": (add_param(Q_REQUIRED), add_param(Q)),
    "request-path-parameter-renamed": (None, rename_path_param),
    # request bodies
    "request-body-added-required": (lambda d: post(d).pop("requestBody"), lambda d: None),
    "request-body-added-optional": (
        lambda d: post(d).pop("requestBody"),
        lambda d: body(d).__setitem__("required", False),
    ),
    "request-body-removed": (None, lambda d: post(d).pop("requestBody")),
    "request-body-became-required": (lambda d: body(d).__setitem__("required", False), lambda d: None),
    "request-body-became-optional": (None, lambda d: body(d).__setitem__("required", False)),
    "request-body-media-type-removed": (
        lambda d: body(d)["content"].__setitem__("application/x-www-form-urlencoded", FORM),
        lambda d: None,
    ),
    "request-body-media-type-added": (
        None,
        lambda d: body(d)["content"].__setitem__("application/x-www-form-urlencoded", FORM),
    ),
    # request properties
    "new-required-request-property": (
        None,
        steps(
            lambda d: schema(d, "ItemUpdate")["properties"].__setitem__("size", {"type": "integer"}),
            lambda d: schema(d, "ItemUpdate")["required"].append("size"),
        ),
    ),
    "new-optional-request-property": (
        None,
        lambda d: schema(d, "ItemUpdate")["properties"].__setitem__("size", {"type": "integer"}),
    ),
    "request-property-removed": (None, lambda d: schema(d, "ItemUpdate")["properties"].pop("note")),
    "request-property-became-required": (None, lambda d: schema(d, "ItemUpdate")["required"].append("note")),
    "request-property-became-optional": (None, lambda d: schema(d, "ItemUpdate").__setitem__("required", [])),
    # responses
    "response-success-status-removed": (
        lambda d: get(d)["responses"].__setitem__("202", {"description": "Accepted"}),
        lambda d: None,
    ),
    "response-success-status-added": (
        None,
        lambda d: get(d)["responses"].__setitem__("202", {"description": "Accepted"}),
    ),
    "response-non-success-status-removed": (None, lambda d: get(d)["responses"].pop("404")),
    "response-non-success-status-added": (
        None,
        lambda d: get(d)["responses"].__setitem__("409", {"description": "Conflict"}),
    ),
    "response-media-type-removed": (
        lambda d: ok(d)["content"].__setitem__("text/plain", {"schema": {"type": "string"}}),
        lambda d: None,
    ),
    "response-media-type-added": (
        None,
        lambda d: ok(d)["content"].__setitem__("text/plain", {"schema": {"type": "string"}}),
    ),
    "required-response-header-removed": (None, lambda d: ok(d)["headers"].pop("X-Request-Id")),
    "optional-response-header-removed": (None, lambda d: ok(d)["headers"].pop("X-Trace")),
    # response properties
    "response-required-property-removed": (None, lambda d: schema(d, "Item")["properties"].pop("name")),
    "response-optional-property-removed": (None, lambda d: schema(d, "Item")["properties"].pop("color")),
    "response-required-property-added": (
        None,
        steps(
            lambda d: schema(d, "Item")["properties"].__setitem__("size", {"type": "integer"}),
            lambda d: schema(d, "Item")["required"].append("size"),
        ),
    ),
    "response-optional-property-added": (
        None,
        lambda d: schema(d, "Item")["properties"].__setitem__("size", {"type": "integer"}),
    ),
    "response-property-became-optional": (None, lambda d: schema(d, "Item").__setitem__("required", ["id"])),
    "response-property-became-required": (None, lambda d: schema(d, "Item")["required"].append("color")),
    # security
    "api-security-added": (secure({}), lambda d: None),
    "api-security-removed": (None, secure({})),
    "api-security-alternative-removed": (secure({"bearer": []}, {"key": []}), secure({"bearer": []})),
    "api-security-alternative-added": (secure({"bearer": []}), secure({"bearer": []}, {"key": []})),
    "api-security-scope-added": (secure({"bearer": ["read"]}), secure({"bearer": ["read", "write"]})),
    "api-security-scope-removed": (secure({"bearer": ["read", "write"]}), secure({"bearer": ["read"]})),
    "security-scheme-changed": (
        None,
        lambda d: d["components"]["securitySchemes"]["bearer"].__setitem__("scheme", "basic"),
    ),
    # servers
    "server-removed": (None, lambda d: d["servers"].pop(1)),
    "server-added": (None, lambda d: d["servers"].append({"url": "https://eu.shop.example"})),
    "server-url-changed": (None, lambda d: d["servers"][1].__setitem__("url", "http://127.0.0.1:9000")),
    # the Python surface
    "client-method-renamed": (None, lambda d: get(d).__setitem__("operationId", "fetch_item")),
    "client-method-moved": (None, lambda d: get(d).__setitem__("tags", ["catalog"])),
    "client-argument-renamed": (None, rename_path_param),
    "client-body-style-changed": (
        None,
        lambda d: schema(d, "ItemUpdate")["properties"].__setitem__("item_id", {"type": "string"}),
    ),
    "client-class-renamed": (None, rename_schema),
    "client-class-removed": (None, lambda d: d["components"]["schemas"].pop("Legacy")),
    "client-class-added": (None, lambda d: d["components"]["schemas"].__setitem__("Extra", EXTRA)),
    "client-attribute-renamed": (
        lambda d: schema(d, "Item")["properties"].__setitem__("itemId", {"type": "string"}),
        lambda d: schema(d, "Item").__setitem__("properties", {**ITEM_ID, **schema(d, "Item")["properties"], **ITEMID}),
    ),
    "client-default-base-url-changed": (None, lambda d: d["servers"][0].__setitem__("url", "https://v2.shop.example")),
    "client-environment-removed": (None, lambda d: d["servers"].pop(1)),
    "client-environment-added": (None, lambda d: d["servers"].append({"url": "https://api.sandbox.shop.example"})),
    "client-credential-changed": (
        None,
        lambda d: d["components"]["securitySchemes"]["bearer"].__setitem__("scheme", "basic"),
    ),
}

# Schema rules: one pair of schemas per rule suffix, placed where each subject lives.
REQUEST_PAIRS: dict[str, tuple[Data, Data]] = {
    "type-changed": ({"type": "string"}, {"type": "integer"}),
    "type-generalized": ({"type": "integer"}, {"type": "number"}),
    "became-nullable": ({"type": "string"}, {"type": ["string", "null"]}),
    "became-not-nullable": ({"type": "string", "nullable": True}, {"type": "string"}),
    "enum-value-added": ({"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", "b"]}),
    "enum-value-removed": ({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a"]}),
    "became-enum": ({"type": "string"}, {"type": "string", "enum": ["a"]}),
    "variant-added": ({"oneOf": [{"type": "string"}]}, {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
    "variant-removed": ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, {"oneOf": [{"type": "string"}]}),
    "pattern-added": ({"type": "string"}, {"type": "string", "pattern": "^a"}),
    "pattern-changed": ({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}),
    "pattern-removed": ({"type": "string", "pattern": "^a"}, {"type": "string"}),
    "default-value-changed": ({"type": "string", "default": "a"}, {"type": "string", "default": "b"}),
    "became-open": ({"type": "string", "enum": ["a"]}, {"type": "string"}),
    "format-added": ({"type": "string"}, {"type": "string", "format": "email"}),
    "format-changed": ({"type": "string", "format": "email"}, {"type": "string", "format": "uri"}),
    "format-removed": ({"type": "string", "format": "email"}, {"type": "string"}),
}
for keyword, stem, kind in (
    ("maximum", "max", "integer"),
    ("minimum", "min", "integer"),
    ("maxLength", "max-length", "string"),
    ("minLength", "min-length", "string"),
    ("maxItems", "max-items", "array"),
    ("minItems", "min-items", "array"),
):
    plain: Data = {"type": kind, **({"items": {"type": "string"}} if kind == "array" else {})}
    REQUEST_PAIRS[f"{stem}-increased"] = ({**plain, keyword: 5}, {**plain, keyword: 10})
    REQUEST_PAIRS[f"{stem}-decreased"] = ({**plain, keyword: 10}, {**plain, keyword: 5})
    REQUEST_PAIRS[f"{stem}-set"] = (plain, {**plain, keyword: 5})
    REQUEST_PAIRS[f"{stem}-unset"] = ({**plain, keyword: 5}, plain)

CONSTRAINT_SUFFIXES = [s for s in REQUEST_PAIRS if s.split("-")[0] in {"max", "min"}]
RESPONSE_PAIRS: dict[str, tuple[Data, Data]] = {
    "type-changed": ({"type": "integer"}, {"type": "string"}),
    "type-narrowed": ({"type": "number"}, {"type": "integer"}),
    "became-nullable": ({"type": "string"}, {"anyOf": [{"type": "string"}, {"type": "null"}]}),
    "became-not-nullable": ({"type": ["string", "null"]}, {"type": "string"}),
    "enum-value-added": REQUEST_PAIRS["enum-value-added"],
    "enum-value-removed": REQUEST_PAIRS["enum-value-removed"],
    "variant-added": REQUEST_PAIRS["variant-added"],
    "variant-removed": REQUEST_PAIRS["variant-removed"],
    **{
        suffix: REQUEST_PAIRS[suffix]
        for suffix in ("became-enum", "became-open", "pattern-added", "pattern-changed", "pattern-removed")
    },
    **{suffix: REQUEST_PAIRS[suffix] for suffix in ("format-added", "format-changed", "format-removed")},
    **{suffix: REQUEST_PAIRS[suffix] for suffix in CONSTRAINT_SUFFIXES},
}


def place(subject: str, value: Data) -> Edit:
    """Put the schema where ``subject`` names: a query parameter, a body, a property."""

    def run(d: Data) -> None:
        if subject == "request-parameter":
            post(d)["parameters"].append({"name": "q", "in": "query", "schema": value})
        elif subject == "request-body":
            body(d)["content"]["application/json"]["schema"] = value
        elif subject == "request-property":
            schema(d, "ItemUpdate")["properties"]["p"] = value
        elif subject == "response-body":
            ok(d)["content"]["application/json"]["schema"] = value
        else:
            schema(d, "Item")["properties"]["p"] = value

    return run


for subject in REQUEST_SUBJECTS:
    for suffix, (old, new) in REQUEST_PAIRS.items():
        CASES[f"{subject}-{suffix}"] = (place(subject, old), place(subject, new))
for subject in RESPONSE_SUBJECTS:
    for suffix, (old, new) in RESPONSE_PAIRS.items():
        CASES[f"{subject}-{suffix}"] = (place(subject, old), place(subject, new))


# Wire-compatible changes that rename or remove something in the generated package.
ALSO_BREAKS_THE_CLIENT = {"request-path-parameter-renamed", "server-removed"} | {
    f"{subject}-became-open"
    for subject in (*REQUEST_SUBJECTS, *RESPONSE_SUBJECTS)  # the enum class is gone
}


def test_every_rule_has_a_case() -> None:
    assert sorted(set(RULES) - PACKAGE_RULES) == sorted(CASES)  # the others: test_generated.py


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(rule_id: str) -> None:
    base, revision = CASES[rule_id]
    report = diff_edits(base, revision)
    found = [c for c in report.changes if c.id == rule_id]
    assert found, f"{rule_id} not reported; got {[c.id for c in report.changes]}"
    assert {c.level for c in found} == {RULES[rule_id].level}
    if RULES[rule_id].level is Level.BREAKING:
        assert report.semver == "major"
    elif rule_id not in ALSO_BREAKS_THE_CLIENT:
        assert not report.breaking, [c for c in report.changes if c.level is Level.BREAKING]
        assert report.semver == RULES[rule_id].bump or RULES[rule_id].bump == "patch"
    for change in found:
        assert change.message and change.pointer.startswith("/")


def test_unchanged_spec_has_no_changes() -> None:
    report = diff_edits(None, None)
    assert report.changes == ()
    assert report.to_json() == {"breaking": False, "semver": "none", "changes": []}
