"""``clientgen diff --generated``: a package generated earlier against what the current generator makes.

The earlier package is the shop client generated now and then edited the way an older generator
named things (a class, an attribute, an enum at the top level instead of in the operation's
``*_params`` package), or generated from a spec whose names differ (``operationId``, tags, a path
parameter), so that each kind of move is seen from the code alone.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build
from generator.cli import main
from generator.diff import spec_from_text
from generator.diff.generated import PACKAGE_RULES, diff_generated, diff_packages
from generator.diff.model import Change, Level, Report
from generator.diff.package import PackageFiles, folder_files, read_surface
from generator.diff.render import markdown
from generator.render import render

from .shop import CONFIG, shop

Data = dict[str, Any]
Files = dict[str, str]
SORT = {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}


def _spec_text(data: Data) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def _files(data: Data) -> Files:
    """The shop package's Python files as this generator makes them (paths inside the package)."""
    spec = spec_from_text(Path("shop/openapi.yaml"), _spec_text(data))
    problems = spec.problems()
    api = build(spec, CONFIG, problems)
    prefix = "src/shop_client/"
    return {p.removeprefix(prefix): t for p, t in render(api).items() if p.startswith(prefix) and p.endswith(".py")}


def _with_sort() -> Data:
    data = shop()
    data["paths"]["/items"]["get"]["parameters"] = [SORT]
    return data


def _against_now(old: Files, data: Data) -> Report:
    """The earlier package ``old`` against what the current generator makes from ``data``."""
    earlier = PackageFiles("shop_client", old, Path("old"))
    return diff_generated(earlier, spec_from_text(Path("shop/openapi.yaml"), _spec_text(data)), CONFIG)


def _between(old: Data, new: Data) -> list[Change]:
    before, after = (PackageFiles("shop_client", _files(d), Path(side)) for side, d in (("old", old), ("new", new)))
    return diff_packages(read_surface(before), read_surface(after))


def _renamed_class(files: Files, new: str, old: str) -> Files:
    """``files`` as a generator that named the class ``new`` as ``old`` would have written them."""
    return {path: re.sub(rf"\b{new}\b", old, text) for path, text in files.items()}


def _top_level(files: Files, operation: str, old: str) -> Files:
    """The ``sort`` enum of ``operation`` as generators before the operations' ``*_params`` packages wrote it:
    a top-level class named ``old``."""
    scope, module = f"{operation}_params", re.sub(r"(?<!^)([A-Z])", r"_\1", old).lower()
    moved = {p: t for p, t in files.items() if not p.startswith(f"models/{scope}/")}
    moved[f"models/{module}.py"] = files[f"models/{scope}/sort.py"].replace("class Sort(", f"class {old}(")
    moved["models/__init__.py"] = files["models/__init__.py"].replace(
        "_MODULES: dict[str, str] = {\n", f'_MODULES: dict[str, str] = {{\n    "{old}": "{module}",\n'
    )
    moved["resources/items.py"] = files["resources/items.py"].replace(f"{scope}.Sort", old)
    return moved


def _top_level_sort(files: Files) -> Files:
    return _top_level(files, "list_items", "ListItemsSort")


def test_identical_generation_reports_nothing() -> None:
    report = _against_now(_files(_with_sort()), _with_sort())
    assert report.changes == () and report.semver == "none"
    assert markdown(report) == "No changes to the API.\n"


def test_renamed_class_is_reported_with_its_import() -> None:
    report = _against_now(_renamed_class(_files(shop()), "Item", "ShopItem"), shop())
    assert [(c.id, c.message, c.migration) for c in report.changes] == [
        (
            "client-class-renamed",
            "the class item.ShopItem is now item.Item",
            "`from shop_client.models import ShopItem` -> `from shop_client.models import Item`",
        )
    ]
    assert report.breaking and report.semver == "major"


def test_enum_moved_into_the_operations_params_package() -> None:
    report = _against_now(_top_level_sort(_files(_with_sort())), _with_sort())
    assert [(c.id, c.message, c.migration, c.pointer) for c in report.changes] == [
        (
            "client-class-renamed",
            "the class list_items_sort.ListItemsSort is now list_items_params.sort.Sort",
            "`from shop_client.models import ListItemsSort` -> `from shop_client.models.list_items_params import Sort`",
            "models/list_items_params/sort.py",
        )
    ]


def test_two_enums_of_one_shape_are_told_apart_by_where_they_are_used() -> None:
    data = _with_sort()
    data["paths"]["/items/{item_id}"]["get"]["parameters"] = [SORT]
    now = _files(data)
    old = _top_level(_top_level_sort(now), "get_item", "GetItemOrder")
    report = _against_now(old, data)
    assert sorted(c.migration for c in report.changes) == [
        "`from shop_client.models import GetItemOrder` -> `from shop_client.models.get_item_params import Sort`",
        "`from shop_client.models import ListItemsSort` -> `from shop_client.models.list_items_params import Sort`",
    ]


def test_renamed_attribute_keeps_its_json_name() -> None:
    files = _files(shop())
    old = dict(files, **{"models/item.py": re.sub(r"\bcolor\b", "colour", files["models/item.py"])})
    old["models/item.py"] = old["models/item.py"].replace('"colour"', '"color"')  # the JSON name stays
    report = _against_now(old, shop())
    assert [(c.id, c.message, c.migration) for c in report.changes] == [
        ("client-attribute-renamed", "Item.colour was renamed to Item.color", "`Item.colour` -> `Item.color`")
    ]


def _renamed_method(d: Data) -> None:
    d["paths"]["/items/{item_id}"]["get"]["operationId"] = "fetch_item"


def _moved_method(d: Data) -> None:
    d["paths"]["/items"]["get"]["tags"] = ["catalog"]


def _renamed_path_parameter(d: Data) -> None:
    d["paths"]["/items/{id}"] = d["paths"].pop("/items/{item_id}")
    d["paths"]["/items/{id}"]["parameters"][0]["name"] = "id"


def _x_clientgen_name(d: Data) -> None:
    d["paths"]["/items/{item_id}"]["post"]["x-clientgen-name"] = "replace_item"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            _renamed_method,
            ("client-method-renamed", "`client.items.get_item(item_id)` -> `client.items.fetch_item(item_id)`"),
            id="method-renamed",
        ),
        pytest.param(
            _x_clientgen_name,
            ("client-method-renamed", "`client.items.update_item(item_id)` -> `client.items.replace_item(item_id)`"),
            id="x-clientgen-name",
        ),
        pytest.param(
            _moved_method,
            ("client-method-moved", "`client.items.list_items()` -> `client.catalog.list_items()`"),
            id="method-moved",
        ),
        pytest.param(
            _renamed_path_parameter,
            ("client-argument-renamed", "`client.items.get_item(item_id=...)` -> `client.items.get_item(id=...)`"),
            id="argument-renamed",
        ),
    ],
)
def test_methods_and_arguments_are_found_by_http_method_path_and_wire_place(
    edit: Callable[[Data], None], expected: tuple[str, str]
) -> None:
    changes = _between(shop(), _edited(edit))
    assert expected in [(c.id, c.migration) for c in changes]
    assert all(c.level is Level.BREAKING for c in changes)


def _edited(edit: Callable[[Data], object]) -> Data:
    data = shop()
    edit(data)
    return data


def _add_query(required: bool) -> Callable[[Data], None]:
    def run(d: Data) -> None:
        d["paths"]["/items"]["get"]["parameters"] = [{**SORT, "required": required}]

    return run


def _drop_list(d: Data) -> None:
    del d["paths"]["/items"]


@pytest.mark.parametrize(
    ("old", "new", "rule_id", "migration"),
    [
        pytest.param(None, _drop_list, "client-method-removed",
                     "`client.items.list_items(...)` -> no replacement", id="method-removed"),
        pytest.param(_drop_list, None, "client-method-added", "", id="method-added"),
        pytest.param(_add_query(False), None, "client-argument-removed",
                     "`client.items.list_items(sort=...)` -> `client.items.list_items()`", id="argument-removed"),
        pytest.param(None, _add_query(False), "client-argument-added", "", id="argument-added"),
        pytest.param(None, _add_query(True), "client-argument-added-required",
                     "`client.items.list_items()` -> `client.items.list_items(sort=...)`", id="argument-required"),
        pytest.param(_add_query(False), _add_query(True), "client-argument-added-required",
                     "`client.items.list_items()` -> `client.items.list_items(sort=...)`", id="became-required"),
    ],
)  # fmt: skip
def test_each_package_rule_fires(
    old: Callable[[Data], None] | None, new: Callable[[Data], None] | None, rule_id: str, migration: str
) -> None:
    changes = _between(_edited(old or (lambda d: None)), _edited(new or (lambda d: None)))
    assert (rule_id, migration) in [(c.id, c.migration) for c in changes]


def test_every_package_rule_has_a_case() -> None:
    cases = {"client-method-removed", "client-method-added", "client-argument-removed", "client-argument-added",
             "client-argument-added-required"}  # fmt: skip
    assert cases == PACKAGE_RULES


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "shop.yaml").write_text(_spec_text(_with_sort()), encoding="utf-8")
    config = root / "clientgen.toml"
    config.write_text(
        '[clients.shop]\nsources = ["specs/shop.yaml"]\nnormalized = "specs/openapi.yaml"\n'
        'output = "generated/shop"\npackage = "shop_client"\n',
        encoding="utf-8",
    )
    return root, config


def _as_older_generator(package: Path) -> None:
    """Rewrite the package on disk as a generator from before the ``*_params`` packages wrote it."""
    files = dict(folder_files(package.parent.parent).texts)
    for path in [p for p in package.rglob("*.py") if "list_items_params" in p.parts]:
        path.unlink()
    for name, content in _top_level_sort(files).items():
        (package / name).write_text(content, encoding="utf-8")


def test_command_line_and_regenerate_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, config = _project(tmp_path)
    assert main(["regenerate", "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["diff", "--generated", "shop", "--config", str(config)]) == 0
    assert capsys.readouterr().out == "0 changes: 0 breaking, 0 warnings, 0 info; suggested version bump: none\n"
    package = root / "generated" / "shop" / "src" / "shop_client"
    _as_older_generator(package)
    copy = tmp_path / "old"
    copy.mkdir()
    for path in package.rglob("*.py"):
        target = copy / "src" / "shop_client" / path.relative_to(package)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert main(["diff", "--generated", "shop", "--config", str(config), "--fail-on", "breaking"]) == 1
    out = capsys.readouterr().out
    assert "breaking: the class list_items_sort.ListItemsSort is now list_items_params.sort.Sort" in out
    assert (
        "  migrate: `from shop_client.models import ListItemsSort` -> `from shop_client.models.list_items_params" in out
    )
    assert main(["diff", "--generated", "shop", str(copy), "--config", str(config), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["semver"] == "major" and [c["id"] for c in found["changes"]] == ["client-class-renamed"]
    git = ("git", "-c", "user.name=t", "-c", "user.email=t@example.com")
    for command in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "older")):
        subprocess.run([*git, *command], cwd=root, check=True, capture_output=True)
    assert main(["regenerate", "--force", "--config", str(config)]) == 0
    assert (
        "shop: warning: regenerating made 1 breaking change to the package's Python surface (classes, methods or "
        "arguments renamed, moved or removed): `clientgen diff --generated shop HEAD` lists them"
    ) in capsys.readouterr().err
    assert main(["regenerate", "--force", "--config", str(config)]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["diff", "--generated", "shop", "HEAD", "--config", str(config), "--format", "markdown"]) == 0
    assert "- the class list_items_sort.ListItemsSort is now list_items_params.sort.Sort" in capsys.readouterr().out
    assert main(["diff", "--generated", "shop", "HEAD~1", "--config", str(config)]) == 2
    assert "HEAD~1:generated/shop:1: /: not readable from git" in capsys.readouterr().err


def test_command_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, config = _project(tmp_path)
    assert main(["diff", "--generated", "shop", "--config", str(config)]) == 2
    assert "no normalized spec to generate from: run `clientgen regenerate shop` first" in capsys.readouterr().err
    assert main(["diff", "--generated", "nope", "--config", str(config)]) == 2
    assert "no client named nope" in capsys.readouterr().err
    assert main(["regenerate", "--config", str(config)]) == 0
    assert main(["diff", "--generated", "shop", str(tmp_path), "--config", str(config)]) == 2
    assert "not a generated package" in capsys.readouterr().err
    assert main(["diff", "--generated", "shop", "a", "b", "--config", str(config)]) == 2
    assert "--generated takes CLIENT and at most one FROM" in capsys.readouterr().err
    model = config.parent / "generated" / "shop" / "src" / "shop_client" / "models" / "item.py"
    model.write_text("class Item(:\n", encoding="utf-8")
    assert main(["diff", "--generated", "shop", "--config", str(config)]) == 2
    assert capsys.readouterr().err == f"{model}:1: /: not Python: invalid syntax\n"
    assert main(["regenerate", "--force", "--config", str(config)]) == 0
    assert f"shop: the package's names were not compared: {model}:1: /: not Python" in capsys.readouterr().err


def test_regenerate_bump_counts_what_the_generator_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, config = _project(tmp_path)
    assert main(["regenerate", "--config", str(config)]) == 0
    _as_older_generator(root / "generated" / "shop" / "src" / "shop_client")
    capsys.readouterr()
    assert main(["regenerate", "--bump", "--force", "--config", str(config)]) == 0
    assert "shop: major bump, 0.1.0 -> 1.0.0" in capsys.readouterr().out
    changelog = (root / "generated" / "shop" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- the class list_items_sort.ListItemsSort is now list_items_params.sort.Sort (`client-class-renamed`)" in (
        changelog
    )
    assert main(["regenerate", "--bump", "--config", str(config)]) == 0
    assert "shop: no API changes; version stays 1.0.0" in capsys.readouterr().out
