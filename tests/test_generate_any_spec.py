"""`clientgen generate` on real specs from ../shared/corpus gives packages that import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

SPECS = [
    pytest.param("oai/v3.0/petstore.yaml", "petstore_client", "PetstoreClient", ["pets"], id="petstore-3.0"),
    pytest.param(
        "oai/v3.0/petstore-expanded.yaml", "expanded_client", "ExpandedClient", ["pets"], id="petstore-expanded"
    ),
    pytest.param("oai/v3.1/webhook-example.yaml", "webhook_client", "WebhookClient", [], id="webhooks-3.1"),
]


@pytest.mark.parametrize(("spec", "package", "client", "resources"), SPECS)
def test_generated_package_imports_in_a_fresh_interpreter(
    tmp_path: Path, spec: str, package: str, client: str, resources: list[str]
) -> None:
    source = CORPUS / spec
    if not source.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({source})")
    out = tmp_path / "out"
    generate = [sys.executable, "-m", "generator", "generate", str(source), "--output", str(out)]
    result = subprocess.run([*generate, "--package-name", package], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    probe = (
        f"import {package} as p\n"
        f"c = p.{client}(base_url='http://127.0.0.1:9')\n"
        f"print(sorted(n for n in {resources!r} if hasattr(c, n)))\n"
        f"import {package}.models as m\n"
        "for name in m.__all__: getattr(m, name)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out / "src", capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == repr(sorted(resources))


# Swagger 2.0 entries of the corpus (converted to 3.0 on load); `nox -s corpus` generates every one of them.
SWAGGER2 = [
    pytest.param("oai/v2.0/json/petstore-minimal.json", [], ["pets"], id="petstore-minimal-2.0"),
    pytest.param("oai/v2.0/json/uber.json", [], ["estimates", "products", "user"], id="uber-2.0"),
    pytest.param(
        "oai/v2.0/yaml/petstore-separate/spec/swagger.yaml",
        ["--refs-root", str(CORPUS / "oai/v2.0/yaml")],
        ["pets"],
        id="petstore-separate-2.0",
    ),
]


@pytest.mark.parametrize(("spec", "options", "resources"), SWAGGER2)
def test_swagger_2_corpus_specs_generate_packages_that_import(
    tmp_path: Path, spec: str, options: list[str], resources: list[str]
) -> None:
    source = CORPUS / spec
    if not source.is_file():
        pytest.skip(f"the shared corpus is not beside the repository ({source})")
    out = tmp_path / "out"
    generate = [sys.executable, "-m", "generator", "generate", str(source), "--output", str(out), *options]
    result = subprocess.run([*generate, "--package-name", "api_client"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    probe = (
        "import api_client as p, api_client.models as m, importlib, pkgutil\n"
        "for mod in pkgutil.walk_packages(p.__path__, 'api_client.'): importlib.import_module(mod.name)\n"
        "c = p.ApiClient(base_url='http://127.0.0.1:9')\n"
        f"print(sorted(n for n in {resources!r} if hasattr(c, n)))\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], cwd=out / "src", capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == repr(sorted(resources))


def test_the_petstore_separate_layout_generates_without_flags_from_a_git_work_tree(tmp_path: Path) -> None:
    """``spec/swagger.yaml`` refers to ``../common/Error.yaml``: inside one git work tree, no flag is needed."""
    source = CORPUS / "oai/v2.0/yaml/petstore-separate"
    if not source.is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({source})")
    repo = tmp_path / "repo"
    shutil.copytree(source, repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    generate = [sys.executable, "-m", "generator", "generate", str(repo / "spec" / "swagger.yaml"), "--output", "out"]
    result = subprocess.run(generate, cwd=elsewhere, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "src" / "swagger_petstore_client" / "models" / "error.py").is_file()


def test_the_petstore_separate_layout_generates_without_flags_from_its_folder(tmp_path: Path) -> None:
    """Outside any git work tree, ``$ref``\\s reach the current folder."""
    source = CORPUS / "oai/v2.0/yaml/petstore-separate"
    if not source.is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({source})")
    generate = [sys.executable, "-m", "generator", "generate", "spec/swagger.yaml", "--output", str(tmp_path / "out")]
    result = subprocess.run(generate, cwd=source, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
