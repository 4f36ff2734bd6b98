"""The per-user cache (compiled templates, formatted runtime modules): faster runs, same bytes, never a failed run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from generator.cache import (
    CACHE_DIR_VARIABLE,
    NO_CACHE_VARIABLE,
    environment_key,
    formatted_runtime,
    keep_formatted_runtime,
    template_cache,
)
from generator.formatting import format_python, ruff_program

from .helpers import ZOO_SPEC, write_text

ROOT = Path(__file__).resolve().parents[2]


def _generate(spec: Path, output: Path, **env: str) -> dict[str, bytes]:
    """Run ``clientgen generate`` in a fresh interpreter with ``env``; every file it wrote, by path."""
    environ = {k: v for k, v in os.environ.items() if k not in (CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE)}
    command = [sys.executable, "-m", "generator.cli", "generate", str(spec), "--output", str(output)]
    done = subprocess.run(command, cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_text(tmp_path_factory.mktemp("spec"), "openapi.yaml", ZOO_SPEC)


@pytest.fixture(scope="module")
def uncached(zoo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _generate(zoo, tmp_path_factory.mktemp("out") / "client", **{NO_CACHE_VARIABLE: "1"})


def test_cold_and_warm_runs_write_what_a_run_without_the_cache_writes(
    zoo: Path, uncached: dict[str, bytes], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = _generate(zoo, tmp_path / "cold", **{CACHE_DIR_VARIABLE: str(cache)})
    made = _entries(cache)
    assert any(p.name.startswith("__jinja2_") for p in made)
    assert [p.parent.name for p in made if p.suffix == ".json"] == ["runtime"]
    stamps = {p: p.stat().st_mtime_ns for p in made}
    warm = _generate(zoo, tmp_path / "warm", **{CACHE_DIR_VARIABLE: str(cache)})
    assert cold == uncached
    assert warm == uncached
    assert {p: p.stat().st_mtime_ns for p in _entries(cache)} == stamps  # read, not made again


def test_damaged_entries_are_made_again(zoo: Path, uncached: dict[str, bytes], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _generate(zoo, tmp_path / "first", **{CACHE_DIR_VARIABLE: str(cache)})
    damaged = {}
    for number, entry in enumerate(_entries(cache)):
        good = entry.read_bytes()
        entry.write_bytes(good[: len(good) // 2] if number % 2 else b"\x00not an entry")
        damaged[entry] = entry.read_bytes()
    assert _generate(zoo, tmp_path / "again", **{CACHE_DIR_VARIABLE: str(cache)}) == uncached
    assert all(entry.read_bytes() != text for entry, text in damaged.items())


def test_a_cache_folder_that_cannot_be_made_does_not_fail_the_run(
    zoo: Path, uncached: dict[str, bytes], tmp_path: Path
) -> None:
    blocked = write_text(tmp_path, "a-file", "not a folder\n")
    assert _generate(zoo, tmp_path / "out", **{CACHE_DIR_VARIABLE: str(blocked / "cache")}) == uncached


def test_the_cache_is_off_when_asked_or_when_others_may_write_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = jinja2.Environment(autoescape=False)  # not rendered
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    assert template_cache(env) is not None
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert template_cache(env) is None
    monkeypatch.delenv(NO_CACHE_VARIABLE)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    (shared / "templates").mkdir(mode=0o777)
    (shared / "templates").chmod(0o777)
    (shared / "templates" / environment_key(env)).mkdir(mode=0o777)
    (shared / "templates" / environment_key(env)).chmod(0o777)
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(shared))
    assert template_cache(env) is None


def test_the_template_key_follows_what_compiled_code_depends_on() -> None:
    def key(**settings: object) -> str:
        env = jinja2.Environment(autoescape=False, **settings)  # type: ignore[arg-type]
        env.filters["shout"] = str.upper
        return environment_key(env)

    assert key() == key()
    assert key(trim_blocks=True) != key()
    assert key(keep_trailing_newline=True) != key()
    env = jinja2.Environment(autoescape=False)  # not rendered
    env.filters["shout"] = jinja2.pass_context(lambda context, value: value)
    assert environment_key(env) != key()


def test_formatted_runtime_modules_are_kept_by_text_path_and_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    modules = {"src/pkg/_a.py": "x  =  1\n", "src/pkg/_b.py": "y = 2\n"}
    ruff = ruff_program()
    assert formatted_runtime(modules, ruff) is None
    keep_formatted_runtime(modules, {"src/pkg/_a.py": "x = 1\n", "src/pkg/_b.py": "y = 2\n"}, ruff)
    assert formatted_runtime(modules, ruff) == {"src/pkg/_a.py": "x = 1\n", "src/pkg/_b.py": "y = 2\n"}
    assert formatted_runtime({**modules, "src/pkg/_a.py": "x  =  3\n"}, ruff) is None
    assert formatted_runtime({"src/other/_a.py": "x  =  1\n", "src/other/_b.py": "y = 2\n"}, ruff) is None
    other = tmp_path / "ruff"
    other.write_bytes(Path(ruff).read_bytes()[:100])
    assert formatted_runtime(modules, str(other)) is None


def test_verbatim_modules_are_not_sent_toruff_program() -> None:
    untidy = "import sys\nimport os\nx  =  [1,2]\n"
    files = {"pkg/kept.py": untidy, "pkg/tidied.py": untidy}
    out = format_python(files, verbatim={"pkg/kept.py"})
    assert out["pkg/kept.py"] == untidy
    assert out["pkg/tidied.py"] == "x = [1, 2]\n"


def test_only_the_latest_runtime_entries_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr("generator.cache.RUNTIME_ENTRIES", 3)
    ruff = ruff_program()
    kept = []
    for number in range(5):
        modules = {f"src/pkg{number}/_a.py": "x = 1\n"}
        keep_formatted_runtime(modules, modules, ruff)
        kept.append(modules)
        entries = list((tmp_path / "cache" / "runtime").glob("*.json"))
        os.utime(max(entries, key=lambda p: p.stat().st_mtime_ns), ns=(number * 10**9, number * 10**9))
    assert len(list((tmp_path / "cache" / "runtime").glob("*.json"))) == 3
    assert [formatted_runtime(m, ruff) is not None for m in kept] == [False, False, True, True, True]
