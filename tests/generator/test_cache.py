"""The per-user cache (compiled templates, formatted modules): faster runs, same bytes, never a failed run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from generator.cache import CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE, FormattedModules, environment_key, template_cache
from generator.formatting import Formatter, ruff_program

from .helpers import RUNTIME, ZOO_SPEC, write_text

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
    assert [p.parent.name for p in made if p.suffix == ".pack"] == ["modules"]
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


def test_formatted_modules_are_kept_by_path_text_imports_package_and_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    ruff = ruff_program()
    first = FormattedModules.load("pkg", ruff)
    assert first.get("src/pkg/a.py", "x  =  1\n") is None
    first.add("src/pkg/a.py", "x = 1\n")
    first.save()
    again = FormattedModules.load("pkg", ruff)
    assert again.get("src/pkg/a.py", "x  =  1\n") == "x = 1\n"
    assert again.get("src/pkg/a.py", "x  =  2\n") is None
    assert again.get("src/pkg/b.py", "x  =  1\n") is None
    assert FormattedModules.load("other", ruff).get("src/pkg/a.py", "x  =  1\n") is None
    other = tmp_path / "ruff"
    other.write_bytes(Path(ruff).read_bytes()[:100])
    assert FormattedModules.load("pkg", str(other)).get("src/pkg/a.py", "x  =  1\n") is None


def test_a_pack_holds_the_entries_of_the_run_that_wrote_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    ruff = ruff_program()
    first = FormattedModules.load("pkg", ruff)
    for name in ("a", "b"):
        assert first.get(f"src/pkg/{name}.py", f"{name}  =  1\n") is None
        first.add(f"src/pkg/{name}.py", f"{name} = 1\n")
    first.save()
    (pack,) = (tmp_path / "cache" / "modules").glob("*.pack")
    written = pack.stat().st_mtime_ns
    same = FormattedModules.load("pkg", ruff)
    assert same.get("src/pkg/a.py", "a  =  1\n") == "a = 1\n"
    assert same.get("src/pkg/b.py", "b  =  1\n") == "b = 1\n"
    same.save()
    assert pack.stat().st_mtime_ns == written  # nothing new: not written again
    fewer = FormattedModules.load("pkg", ruff)
    assert fewer.get("src/pkg/a.py", "a  =  1\n") == "a = 1\n"
    fewer.save()  # b.py was not rendered this time: its entry goes
    assert FormattedModules.load("pkg", ruff).get("src/pkg/b.py", "b  =  1\n") is None


def test_a_regeneration_after_an_edit_formats_only_what_the_edit_changed(
    zoo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import main

    def generate(spec: Path, output: Path) -> dict[str, bytes]:
        assert main(["generate", str(spec), "--output", str(output)]) == 0
        return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}

    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    generate(zoo, tmp_path / "out")
    edit = ("description: An animal of the zoo.", "description: An animal of the zoo, edited.")
    text = zoo.read_text(encoding="utf-8")
    edited = write_text(tmp_path, "edited.yaml", text.replace(*edit, 1))
    assert edited.read_text(encoding="utf-8") != text
    sent: list[str] = []
    add = Formatter.add

    def counted(self: Formatter, path: str, module: str) -> None:
        sent.append(path)
        add(self, path, module)

    monkeypatch.setattr(Formatter, "add", counted)
    regenerated = generate(edited, tmp_path / "out")
    reached = list(sent)
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert regenerated == generate(edited, tmp_path / "uncached")
    rendered = [n for n in regenerated if not (n.count("/") == 2 and n.rpartition("/")[2] in RUNTIME)]
    python = [n for n in rendered if n.endswith(".py")]  # the runtime modules are copied as they are
    assert 0 < len(reached) < len(python) // 4, reached  # the modules the edit reached, not every module
    assert len(sent) - len(reached) == len(python)  # without the cache, ruff formats every rendered module


def test_only_the_latest_module_packs_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr("generator.cache.MODULE_PACKS", 3)
    ruff = ruff_program()
    for number in range(5):
        modules = FormattedModules.load(f"pkg{number}", ruff)
        assert modules.get("src/a.py", "x = 1\n") is None
        modules.add("src/a.py", "x = 1\n")
        modules.save()
        (newest,) = [p for p in (tmp_path / "cache" / "modules").glob("*.pack") if p == modules.pack]
        os.utime(newest, ns=(number * 10**9, number * 10**9))
    assert len(list((tmp_path / "cache" / "modules").glob("*.pack"))) == 3
    kept = [FormattedModules.load(f"pkg{n}", ruff).get("src/a.py", "x = 1\n") for n in range(5)]
    assert [k is not None for k in kept] == [False, False, True, True, True]
