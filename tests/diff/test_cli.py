"""``clientgen diff`` and ``clientgen regenerate --bump`` from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diff.semver import bump_version, set_config_version

from .shop import SHOP, diff_data, shop


def _write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    revision = shop()
    del revision["paths"]["/items"]
    revision["components"]["schemas"]["Item"]["properties"]["size"] = {"type": "integer"}
    return _write(tmp_path / "base.yaml", shop()), _write(tmp_path / "revision.yaml", revision)


def test_json_output(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(pair[0]), str(pair[1]), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["breaking"] is True and out["semver"] == "major"
    assert set(out["changes"][0]) == {"id", "level", "operation", "pointer", "message", "migration"}
    assert next(c for c in out["changes"] if c["operation"]) == {
        "id": "api-path-removed",
        "level": "breaking",
        "operation": "GET /items",
        "pointer": "/paths/~1items/get",
        "message": "removed the path /items",
        "migration": "`client.items.list_items(...)` -> no replacement: the operation is gone",
    }


def test_fail_on_breaking(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(pair[0]), str(pair[1]), "--fail-on", "breaking"]) == 1
    assert main(["diff", str(pair[0]), str(pair[0]), "--fail-on", "breaking"]) == 0
    assert "0 changes" in capsys.readouterr().out


def test_text_and_markdown(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(pair[0]), str(pair[1])]) == 0
    text = capsys.readouterr().out
    assert "breaking: GET /items: removed the path /items [api-path-removed] /paths/~1items/get" in text
    assert text.rstrip().endswith("suggested version bump: major")
    assert main(["diff", str(pair[0]), str(pair[1]), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "## Breaking changes" in markdown and "## Other changes" in markdown
    # One bullet for a change that concerns several operations.
    assert "- `GET /items/{item_id}`, `POST /items/{item_id}`: added the optional response property" in markdown


def test_broken_spec_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path / "good.yaml", shop())
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths:\n  /a: [\n", encoding="utf-8")
    assert main(["diff", str(good), str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:4: /: invalid YAML")
    bad_ref = shop()
    bad_ref["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Nope"
    }
    # A dangling schema $ref is read leniently (any value), with a located warning, as generation reads it.
    assert main(["diff", str(good), str(_write(tmp_path / "ref.yaml", bad_ref))]) == 0
    assert "Nope" in capsys.readouterr().err


def test_inline_schema_moved_to_a_ref() -> None:
    revision = shop()
    media = revision["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"]
    revision["components"]["schemas"]["ItemList"] = media["schema"]
    media["schema"] = {"$ref": "#/components/schemas/ItemList"}
    changes = diff_data(shop(), revision).changes
    assert [(c.id, c.pointer) for c in changes] == [("client-class-renamed", "/components/schemas/ItemList")]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "specs" / "shop").mkdir(parents=True)
    (root / "specs" / "shop" / "source.yaml").write_text(SHOP, encoding="utf-8")
    (root / "clientgen.toml").write_text(
        "# The clients.\n\n[clients.shop]\n"
        'sources = ["specs/shop/source.yaml"]\n'
        'normalized = "specs/shop/openapi.yaml"\n'
        'output = "generated/shop"\n'
        'package = "shop_client"  # the import name\n'
        "\n[clients.shop.environments]\n"
        'production = "https://api.shop.example"\n',
        encoding="utf-8",
    )
    return root


def test_git_ref(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    config = str(root / "clientgen.toml")
    spec = root / "specs" / "shop" / "openapi.yaml"
    shutil.copy(root / "specs" / "shop" / "source.yaml", spec)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "spec")
    spec.write_text(SHOP.replace("operationId: get_item", "operationId: fetch_item"), encoding="utf-8")
    assert main(["diff", "--git", "HEAD", "shop", "--config", config, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["changes"]] == ["client-method-renamed"]
    assert main(["diff", "--git", "HEAD~1", "shop", "--config", config]) == 2
    assert capsys.readouterr().err.startswith("HEAD~1:./specs/shop/openapi.yaml:1: /: not readable from git")


def test_regenerate_bump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    config = root / "clientgen.toml"
    source = root / "specs" / "shop" / "source.yaml"
    assert main(["regenerate", "--config", str(config)]) == 0
    source.write_text(
        SHOP.replace("        color: {type: string}", "        color: {type: string}\n        size: {type: integer}")
    )
    assert main(["regenerate", "--bump", "--config", str(config)]) == 0
    assert "shop: minor bump, 0.1.0 -> 0.2.0" in capsys.readouterr().out
    text = config.read_text(encoding="utf-8")
    assert 'package = "shop_client"  # the import name\nversion = "0.2.0"\n' in text and text.startswith(
        "# The clients."
    )
    assert 'version = "0.2.0"' in (root / "generated" / "shop" / "pyproject.toml").read_text(encoding="utf-8")
    changelog = (root / "generated" / "shop" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog\n\n## 0.2.0 (")
    assert "added the optional response property `size`" in changelog
    # Nothing changed since: no bump; the tree is current.
    assert main(["regenerate", "--bump", "--config", str(config)]) == 0
    assert "no API changes; version stays 0.2.0" in capsys.readouterr().out
    assert main(["regenerate", "--check", "--config", str(config)]) == 0
    source.write_text(SHOP.replace("operationId: get_item", "operationId: fetch_item"))
    assert main(["regenerate", "--bump", "--config", str(config)]) == 0
    assert 'version = "1.0.0"' in config.read_text(encoding="utf-8")
    changelog = (root / "generated" / "shop" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## 1.0.0") < changelog.index("## 0.2.0")
    assert main(["regenerate", "--bump", "--check", "--config", str(config)]) == 2


def test_bump_version_and_config_edit(tmp_path: Path) -> None:
    assert [bump_version("1.4.2", b) for b in ("major", "minor", "patch", "none")] == [
        "2.0.0",
        "1.5.0",
        "1.4.3",
        "1.4.2",
    ]
    config = tmp_path / "clientgen.toml"
    config.write_text('[clients.a]\npackage = "a"\nversion = "1.0.0"  # old\n\n[clients.b]\npackage = "b"\n')
    set_config_version(config, "b", "0.2.0")
    set_config_version(config, "a", "1.1.0")
    assert (
        config.read_text()
        == '[clients.a]\npackage = "a"\nversion = "1.1.0"\n\n[clients.b]\npackage = "b"\nversion = "0.2.0"\n'
    )


def _swagger(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1"},
        "host": "pets.example",
        "basePath": "/v1",
        "schemes": ["https"],
        "paths": paths,
        "definitions": {"Pet": {"type": "object", "properties": {"id": {"type": "string"}}}},
    }


def test_swagger_2_specs_are_diffed_like_the_generated_client_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    get = {
        "operationId": "getPet",
        "produces": ["application/json"],
        "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}},
    }
    listing = {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}
    base = _write(tmp_path / "base.yaml", _swagger({"/pets/{id}": {"get": get}, "/pets": {"get": listing}}))
    revision = _write(tmp_path / "revision.yaml", _swagger({"/pets/{id}": {"get": get}}))
    assert main(["diff", str(base), str(base), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
    assert main(["diff", str(base), str(revision), "--format", "json", "--fail-on", "breaking"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert "api-path-removed" in {c["id"] for c in out["changes"]}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_regenerate_bump_changes_nothing_when_it_cannot_finish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    config = root / "clientgen.toml"
    assert main(["regenerate", "--config", str(config)]) == 0
    (root / "specs" / "shop" / "source.yaml").write_text(SHOP.replace("get_item", "fetch_item"), encoding="utf-8")
    normalized = root / "specs" / "shop" / "openapi.yaml"
    normalized.write_text(normalized.read_text(encoding="utf-8") + "  /broken: [\n", encoding="utf-8")
    before = _snapshot(root)
    capsys.readouterr()
    assert main(["regenerate", "--bump", "--config", str(config)]) == 2
    assert "invalid YAML" in capsys.readouterr().err
    assert _snapshot(root) == before, "the earlier spec could not be read: nothing regenerated, bumped or logged"


def test_check_version_names_the_bump_the_changes_need(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    config = root / "clientgen.toml"
    commit = ("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am")
    assert main(["regenerate", "--config", str(config)]) == 0
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, *commit, "first")
    source = root / "specs" / "shop" / "source.yaml"
    source.write_text(SHOP.replace("operationId: get_item", "operationId: fetch_item"), encoding="utf-8")
    assert main(["regenerate", "--config", str(config)]) == 0  # the spec changed, the version did not
    _git(root, *commit, "rename without a bump")
    capsys.readouterr()
    args = ["diff", "--git", "HEAD~1", "shop", "--config", str(config), "--check-version"]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == (
        "shop: the changes since HEAD~1 need a major bump (0.1.0 -> 1.0.0); clientgen.toml has 0.1.0 (no bump). "
        "Run `clientgen regenerate shop --bump`."
    )
    _git(root, "reset", "-q", "--hard", "HEAD~1")
    source.write_text(SHOP.replace("operationId: get_item", "operationId: fetch_item"), encoding="utf-8")
    assert main(["regenerate", "--bump", "--config", str(config)]) == 0
    _git(root, *commit, "rename with its bump")
    assert main(args) == 0
    assert 'version = "1.0.0"' in config.read_text(encoding="utf-8")


def _shared_schema_pair(tmp_path: Path, operations: int) -> tuple[Path, Path]:
    """``operations`` GET operations answering the same ``Thing``; the revision makes its ``size`` an integer."""

    def spec(size: str) -> dict[str, Any]:
        answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
        paths = {
            f"/things{n}": {
                "get": {"operationId": f"get_things{n}", "responses": {"200": {"description": "ok", **answer}}}
            }
            for n in range(operations)
        }
        thing = {"type": "object", "properties": {"size": {"type": size}}}
        return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths,
                "components": {"schemas": {"Thing": thing}}}  # fmt: skip

    return _write(tmp_path / "base.yaml", spec("string")), _write(tmp_path / "revision.yaml", spec("integer"))


def test_a_change_to_a_shared_schema_is_one_line_listing_the_operations_it_reaches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, revision = _shared_schema_pair(tmp_path, 5)
    assert main(["diff", str(base), str(revision)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "breaking: the response property `size` (200 response) changed type from string to integer"
        " [response-property-type-changed] /components/schemas/Thing/properties/size"
    )
    assert lines[1] == "  in 5 operations (5 places): GET /things0, GET /things1, GET /things2 and 2 more"
    assert lines[2] == "(--format json lists every change and operation)"
    assert lines[3].startswith("5 changes (1 distinct: a change to a shared schema reaches every operation using it)")
    assert main(["diff", str(base), str(revision), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [c["operation"] for c in changes] == [f"GET /things{n}" for n in range(5)]
    assert main(["diff", str(base), str(revision), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert (
        "- the response property `size` (200 response) changed type from string to integer"
        " (`response-property-type-changed`), in 5 operations: `GET /things0`, `GET /things1`," in markdown
    )


def test_the_warnings_of_both_specs_at_one_place_are_printed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = shop()
    data["components"]["schemas"]["Item"]["properties"]["lost"] = {"$ref": "#/components/schemas/Missing"}
    base = _write(tmp_path / "a" / "spec.yaml", data)
    data["components"]["schemas"]["Item"]["properties"]["size"] = {"type": "integer"}
    revision = _write(tmp_path / "b" / "spec.yaml", data)
    assert main(["diff", str(base), str(revision)]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if "Missing" in line]
    assert len(err) == 1 and err[0].startswith(str(revision))
