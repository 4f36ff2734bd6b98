"""The no-change fast path: a second run with nothing changed skips every stage; any change runs them all."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import manifest
from generator.cli import main
from generator.config import ClientConfig
from generator.manifest import MANIFEST
from generator.pipeline import generate

from .helpers import write_text

REPO = Path(__file__).resolve().parent.parent.parent

SPEC = """
openapi: 3.1.0
info: {title: Pets, version: '1'}
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'pet.yaml#/Pet'}}}}
        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Empty'}}}}
components:
  schemas:
    Empty: {type: string, enum: []}
"""
PET = """
Pet:
  type: object
  required: [id]
  properties:
    id: {type: string}
"""


@pytest.fixture(autouse=True)
def _fresh_digest() -> Iterator[None]:
    manifest.generator_digest.cache_clear()
    yield
    manifest.generator_digest.cache_clear()


def _no_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stage ran although nothing changed")

    # Where the pipeline looks each stage up when it runs one.
    for module, stage in (
        ("generator.load", "load"),
        ("generator.build", "build"),
        ("generator.render", "render"),
        ("generator.pipeline", "plan"),
        ("generator.specfiles", "synthesized"),
    ):
        monkeypatch.setattr(importlib.import_module(module), stage, refuse)


@pytest.fixture
def pets(tmp_path: Path) -> tuple[Path, ClientConfig]:
    spec = write_text(tmp_path, "pets.yaml", SPEC)
    write_text(tmp_path, "pet.yaml", PET)
    return spec, ClientConfig.for_package("pets_client", tmp_path / "out")


def test_a_second_run_skips_every_stage_and_reports_the_files_unchanged(
    pets: tuple[Path, ClientConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, config = pets
    first = generate([spec], config)
    assert not first.skipped
    assert first.warnings, "the spec is meant to warn"
    assert (config.output / MANIFEST).is_file()
    _no_stages(monkeypatch)
    for check in (False, True):
        second = generate([spec], config, check=check)
        assert second.skipped
        assert second.stale == ()
        assert second.result.unchanged == len(first.result.written)
        assert second.warnings == first.warnings
        assert (second.operations_in_spec, second.operations_generated) == (
            first.operations_in_spec,
            first.operations_generated,
        )


HEAVY = ("yaml", "yaml_rs", "jinja2", "attr", "attrs", "inspect", "generator.load", "generator.build")
"""What an unchanged run has no use for: the parsers, the templates, the IR's attrs (and the inspect it loads)."""


def test_an_unchanged_run_loads_no_parser_templates_or_attrs(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    assert main(["generate", str(spec), "--output", str(config.output)]) == 0
    probe = (
        "import json, sys\n"
        "from generator.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"print(json.dumps([code, [m for m in {HEAVY!r} if m in sys.modules]]))\n"
    )
    command = [sys.executable, "-c", probe, "generate", str(spec), "--output", str(config.output)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    assert "unchanged" in done.stdout
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


def test_the_manifest_is_deterministic_and_names_files_relative_to_the_output(
    pets: tuple[Path, ClientConfig], tmp_path: Path
) -> None:
    spec, config = pets
    generate([spec], config)
    text = (config.output / MANIFEST).read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert '"../pet.yaml"' in text, "a $ref'd file is an input"
    (config.output / MANIFEST).unlink()
    assert not generate([spec], config).skipped
    assert (config.output / MANIFEST).read_text(encoding="utf-8") == text


def test_force_runs_every_stage(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    assert not generate([spec], config, force=True).skipped
    assert generate([spec], config).skipped


@pytest.mark.parametrize("name", ["pets.yaml", "pet.yaml"])
def test_a_changed_input_file_runs_the_pipeline(pets: tuple[Path, ClientConfig], name: str) -> None:
    spec, config = pets
    generate([spec], config)
    changed = spec.parent / name
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("{type: string}", "{type: integer}"), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    outcome = generate([spec], config, check=True)
    assert not outcome.skipped
    assert outcome.stale


def test_a_changed_configuration_runs_the_pipeline(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    assert generate([spec], ClientConfig.for_package("pets_client", config.output)).skipped, "the same values"
    changed = config._replace(client_class="PetShop")
    outcome = generate([spec], changed, check=True)
    assert not outcome.skipped
    assert outcome.stale


def test_a_deleted_generated_file_runs_the_pipeline(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    model = config.output / "src/pets_client/models/pet.py"
    model.unlink()
    outcome = generate([spec], config, check=True)
    assert not outcome.skipped
    assert outcome.stale == (model,)
    generate([spec], config)
    assert generate([spec], config, check=True).skipped


def test_an_edited_generated_file_runs_the_pipeline_and_is_a_conflict(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    model = config.output / "src/pets_client/models/pet.py"
    edited = model.read_text(encoding="utf-8") + "# mine\n"
    model.write_text(edited, encoding="utf-8")
    for check in (True, False):
        outcome = generate([spec], config, check=check)
        assert not outcome.skipped, "a conflict is reported on every run"
        assert outcome.stale == ()
        assert [c.path for c in outcome.result.conflicts] == [model]
    assert model.read_text(encoding="utf-8") == edited


def test_a_copy_of_a_generated_file_is_not_clientgens(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    stray = config.output / "src/pets_client/models/gone.py"
    shutil.copy(config.output / "src/pets_client/models/pet.py", stray)
    assert generate([spec], config, check=True).skipped, "files not on the record are someone else's"
    assert not generate([spec], config, force=True).stale
    assert stray.is_file()


def test_hand_written_files_beside_the_generated_ones_do_not_matter(pets: tuple[Path, ClientConfig]) -> None:
    spec, config = pets
    generate([spec], config)
    write_text(config.output, "NOTES.md", "mine\n")
    write_text(config.output, "src/pets_client/lib/extra.py", "# Generated by clientgen, but protected\n")
    assert generate([spec], config).skipped


def test_a_changed_normalized_spec_runs_the_pipeline(pets: tuple[Path, ClientConfig], tmp_path: Path) -> None:
    spec, config = pets
    normalized = tmp_path / "normalized.yaml"
    generate([spec], config, normalized=normalized)
    assert generate([spec], config, normalized=normalized).skipped
    assert not generate([spec], config, normalized=tmp_path / "elsewhere.yaml", check=True).skipped
    normalized.write_text(normalized.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    outcome = generate([spec], config, normalized=normalized, check=True)
    assert not outcome.skipped
    assert outcome.normalized_stale


@pytest.mark.parametrize("part", ["generator", "templates"])
def test_a_changed_generator_or_template_runs_the_pipeline(
    pets: tuple[Path, ClientConfig], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    copies = []
    for name, folder, pattern in manifest.sources():
        copy = tmp_path / "src" / name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
        copies.append((name, copy, pattern))
    monkeypatch.setattr(manifest, "sources", lambda: tuple(copies))
    spec, config = pets
    generate([spec], config)
    manifest.generator_digest.cache_clear()
    assert generate([spec], config).skipped
    edited = (
        tmp_path / "src" / ("generator/build/api.py" if part == "generator" else "templates/package/model.py.jinja")
    )
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    manifest.generator_digest.cache_clear()
    assert not generate([spec], config, check=True).skipped


def test_a_tool_s_hidden_cache_beside_the_templates_is_not_part_of_the_generator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ruff leaves ``.ruff_cache`` beside ``templates/runtime/ruff.toml`` when the project is linted:
    a fresh clone has none, and its committed manifests must still match."""
    copies = []
    for name, folder, pattern in manifest.sources():
        copy = tmp_path / "src" / name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        copies.append((name, copy, pattern))
    monkeypatch.setattr(manifest, "sources", lambda: tuple(copies))
    manifest.generator_digest.cache_clear()
    clean = manifest.generator_digest()
    cache = tmp_path / "src" / "templates" / "runtime" / ".ruff_cache" / "0.17.6"
    cache.mkdir(parents=True)
    (cache / "entry").write_bytes(b"cached")
    (tmp_path / "src" / "templates" / ".DS_Store").write_bytes(b"finder")
    manifest.generator_digest.cache_clear()
    assert manifest.generator_digest() == clean
    (tmp_path / "src" / "templates" / "runtime" / "_extra.py").write_text("x = 1\n", encoding="utf-8")
    manifest.generator_digest.cache_clear()
    assert manifest.generator_digest() != clean
    manifest.generator_digest.cache_clear()


# --- clientgen regenerate --check on the repository's clients ------------------------------------


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "clientgen.toml", tmp_path / "clientgen.toml")
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    assert main(["regenerate"]) == 0
    return tmp_path


@pytest.mark.parametrize(
    "path",
    [
        "specs/afternoon/fragments/customers-create.yaml",
        "specs/afternoon/openapi.yaml",
        "specs/mayar/openapi.yaml",
        "specs/mayar/synthesis-report.json",
        "specs/mayar/docs/api-reference/introduction.mdx",
        "generated/afternoon/README.md",
        "generated/mayar/src/mayar_client/_client.py",
    ],
)
def test_regenerate_check_notices_every_kind_of_change(
    repo_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    assert main(["regenerate", "--check"]) == 0
    assert capsys.readouterr().out.count("nothing changed since the last run") == 2
    target = repo_copy / path
    before = target.read_bytes()
    if "fragments" in path:
        target.write_bytes(before.replace(b"Creates a customer", b"Makes a customer"))
    else:
        target.write_bytes(before.replace(b"\n", b"\n\n", 1) if target.suffix != ".json" else before + b" ")
    if path.startswith("specs/mayar/docs/"):
        # A page's layout: the synthesized spec may not change, but the synthesis ran again.
        main(["regenerate", "--check"])
        assert capsys.readouterr().out.count("nothing changed since the last run") == 1
        return
    assert main(["regenerate", "--check"]) == 1
    if path.startswith("generated/"):  # an edited generated file is a conflict: reported, left alone, --force
        assert f"conflict: {path}: edited since clientgen wrote it" in capsys.readouterr().err
        assert main(["regenerate"]) == 1
        assert target.read_bytes() != before
        assert main(["regenerate", "--force"]) == 0
        assert target.read_bytes() == before
    else:
        assert "out of date" in capsys.readouterr().err
        assert main(["regenerate"]) == 0
    _no_stages(monkeypatch)
    assert main(["regenerate", "--check"]) == 0


def test_regenerate_check_notices_a_deleted_generated_file(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo_copy / "generated/afternoon/api.md").unlink()
    assert main(["regenerate", "--check"]) == 1
    assert "stale: generated/afternoon/api.md" in capsys.readouterr().err


def test_regenerate_force_runs_every_stage(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["regenerate", "--force"]) == 0
    assert "nothing changed" not in capsys.readouterr().out
