"""ruff driven in batches while rendering: the same bytes whatever the batches; nothing left behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator.formatting import Formatter
from generator.problems import SpecError
from generator.render import render

from .helpers import RUNTIME, ZOO_SPEC, build_api, format_python, write_text


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ruff's scratch folders made here (not in ``/dev/shm``), so a test can see none is left."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def unformatted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    spec = write_text(tmp_path_factory.mktemp("spec"), "openapi.yaml", ZOO_SPEC)
    return render(build_api(spec)[0], format_code=False)


def _models(files: dict[str, str]) -> set[str]:
    return {p for p in files if "/models/" in p and p.endswith(".py") and not p.endswith("__init__.py")}


@pytest.mark.parametrize("batch", [1, 2, 3, 10_000])
def test_batches_give_the_bytes_of_one_call(unformatted: dict[str, str], batch: int, scratch: Path) -> None:
    models = _models(unformatted)
    assert len(models) > 3
    with Formatter(batch=batch) as formatter:
        for path, text in unformatted.items():
            if path.endswith(".py"):
                formatter.add(path, text)
        modules = sum(p.endswith(".py") for p in unformatted)
        assert len(formatter.running) == modules // batch  # started in the background as they came
        batched = formatter.formatted()
    whole = format_python(unformatted)
    assert {p: whole[p] for p in batched} == batched
    assert set(batched) == {p for p in unformatted if p.endswith(".py")}
    assert batched != {p: unformatted[p] for p in batched}  # ruff did change them
    assert list(scratch.iterdir()) == []


def test_render_formats_what_format_python_formats(unformatted: dict[str, str], tmp_path: Path) -> None:
    spec = write_text(tmp_path, "openapi.yaml", ZOO_SPEC)
    assert render(build_api(spec)[0]) == format_python(unformatted)


def test_the_runtime_modules_are_laid_out_as_ruff_would(unformatted: dict[str, str]) -> None:
    """render copies them without ruff: each must be what ruff makes of it (imports fixed, then formatted);
    ``templates/runtime/ruff.toml`` keeps them so when the project is formatted."""
    runtime = {p: t for p, t in unformatted.items() if p.rpartition("/")[2] in RUNTIME}
    assert len(runtime) == len(RUNTIME) > 20
    assert format_python(runtime) == runtime


def test_a_module_that_does_not_parse_is_a_spec_error_and_leaves_nothing(scratch: Path) -> None:
    with pytest.raises(SpecError, match="generated code does not parse"), Formatter(batch=1) as formatter:
        formatter.add("pkg/good.py", "x = 1\n")
        formatter.add("pkg/bad.py", "def (:\n")
        formatter.add("pkg/last.py", "import os\n")
        formatter.formatted()
    assert list(scratch.iterdir()) == []


def test_leaving_early_stops_ruff_and_removes_its_folders(scratch: Path) -> None:
    modules = {f"pkg/m{n}.py": f"VALUE_{n} = {n}\n" for n in range(4)}
    with pytest.raises(KeyboardInterrupt), Formatter(batch=2) as formatter:
        for path, text in modules.items():
            formatter.add(path, text)
        running = list(formatter.running)
        assert len(running) == 2
        assert all(Path(batch.scratch.name).is_dir() for batch in running)
        raise KeyboardInterrupt
    assert not any(batch.running for batch in running)
    assert list(scratch.iterdir()) == []
