"""Tasks: `nox -s tests` (the default run), and the sessions below by name."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import nox

nox.options.sessions = ["tests", "check", "lint", "typing"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYTHON = "3.11"


def _clients() -> dict[str, dict[str, str]]:
    config = tomllib.loads((ROOT / "clientgen.toml").read_text(encoding="utf-8"))
    return dict(config["clients"])


def _install_clients(session: nox.Session) -> None:
    for client in _clients().values():
        session.install("-e", str(ROOT / client["output"]))


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (generator units, generated clients against recordings)."""
    session.install("-e", ".[test]")
    _install_clients(session)
    session.run("pytest", *session.posargs)


MAYAR_CASSETTES = ("specs/mayar/openapi.yaml", "tests/cassettes/mayar/operations")


@nox.session(python=PYTHON)
def regenerate(session: nox.Session) -> None:
    """Regenerate every client listed in clientgen.toml, and its normalized spec; then the Mayar
    operations' cassettes, written from the examples of its synthesized spec."""
    session.install("-e", ".")
    session.run("clientgen", "regenerate", *session.posargs)
    session.run("python", "tools/example_cassettes.py", *MAYAR_CASSETTES)


@nox.session(python=PYTHON)
def check(session: nox.Session) -> None:
    """Fail when generated/ or a normalized spec is out of date (drift check)."""
    session.install("-e", ".")
    said = session.run("clientgen", "regenerate", "--check", silent=True) or ""
    print(said, end="")
    if "out of date" in said:  # the files match, but a fresh clone's check would take the full path
        session.error("a committed .clientgen-manifest.json is out of date: run `clientgen regenerate` and commit it")
    session.run("python", "tools/example_cassettes.py", *MAYAR_CASSETTES, "--check")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff lint and format check over the project's own code."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """mypy --strict on generator/ and on each generated package."""
    session.install("-e", ".[test]")
    session.run("mypy", "generator")
    for client in _clients().values():
        src = ROOT / client["output"] / "src"
        session.run(
            "mypy", "--strict", "--python-version", "3.11", str(src / client["package"]), env={"MYPYPATH": str(src)}
        )


@nox.session(python=PYTHON, default=False)
def build(session: nox.Session) -> None:
    """Build a wheel per generated client, install each into a fresh venv and use it."""
    session.install("build", "pyyaml", "attrs")
    dist = Path(session.create_tmp()) / "dist"
    for name, client in _clients().items():
        session.run("python", "-m", "build", "--wheel", "--outdir", str(dist / name), str(ROOT / client["output"]))
    session.run("python", "-m", "tests.smoke.install_wheels", str(dist), *_clients())


def _in_git(ref: str, path: str) -> bool:
    """Whether ``path`` exists at ``ref`` (a shallow clone may have no HEAD~1)."""
    command = ["git", "cat-file", "-e", f"{ref}:{path}"]
    found = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)  # git from PATH
    return found.returncode == 0


@nox.session(python=PYTHON, default=False)
def release(session: nox.Session) -> None:
    """Release flow: drift check, each spec diffed against HEAD~1, wheels built, installed fresh, smoke-tested."""
    session.install("-e", ".", "attrs")  # attrs: the smoke test's replay reads the generated models
    said = session.run("clientgen", "regenerate", "--check", silent=True) or ""
    print(said, end="")
    if "out of date" in said:  # the files match, but a fresh clone's check would take the full path
        session.error("a committed .clientgen-manifest.json is out of date: run `clientgen regenerate` and commit it")
    session.run("python", "tools/example_cassettes.py", *MAYAR_CASSETTES, "--check")
    for name, client in _clients().items():
        if _in_git("HEAD~1", client["normalized"]):
            session.run("clientgen", "diff", "--git", "HEAD~1", name, "--format", "markdown", "--check-version")
        else:
            session.log(f"{name}: HEAD~1 has no {client['normalized']} (first commit or shallow clone): no diff")
    dist = Path(session.create_tmp()) / "dist"
    for name, client in _clients().items():
        wheel_dir = str(dist / name)
        project = str(ROOT / client["output"])
        session.run("python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheel_dir, project)
    session.run("python", "-m", "tests.smoke.install_wheels", str(dist), *_clients())


@nox.session(python=PYTHON, default=False)
def corpus(session: nox.Session) -> None:
    """Generate every entry spec of ../shared/corpus, import each client, mypy --strict it: docs/corpus.md."""
    session.install("-e", ".[test]")
    session.run("python", "tools/corpus.py", *session.posargs)


# The peers the benchmark measures clientgen against, pinned so that runs compare.
BENCH_PEERS = (
    "openapi-python-client==0.29.1",
    "datamodel-code-generator==0.89.0",
    "pydantic[email]==2.14.4",  # the models of specs with format: email need email-validator
    "httpx>=0.27",
    "python-dateutil",  # openapi-python-client's generated clients need it
    "msgspec==0.23.0",  # the generated clients' optional JSON step (their `fast` extra)
)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmark generation, import and decode against the peers: docs/benchmarks.md (`-- --quick` to try it)."""
    session.install("-e", ".", *BENCH_PEERS)
    session.run("python", "-m", "bench", *session.posargs)
