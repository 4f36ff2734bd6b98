"""The ``clientgen`` command: located one-line problems, exit statuses, no tracebacks."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import generator
import generator.cli
from generator.cli import main

from .helpers import write_text

REPO = Path(__file__).resolve().parents[2]

BROKEN = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '../outside.yaml#/X'
"""
POINTER = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"


def broken_spec(tmp_path: Path, boundary: str = "the spec's folder") -> tuple[Path, str]:
    write_text(tmp_path, "outside.yaml", "X: {type: string}\n")
    spec = write_text(tmp_path / "spec", "openapi.yaml", BROKEN)
    expected = f"{spec}:12: {POINTER}: $ref '../outside.yaml#/X' leaves {boundary} {spec.parent}\n"
    return spec, expected


def test_generate_on_a_broken_spec_prints_the_located_problem_and_exits_2(tmp_path: Path) -> None:
    spec, expected = broken_spec(tmp_path, "the current folder")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--output", str(tmp_path / "out")],
        cwd=spec.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == expected
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_main_on_a_broken_spec_prints_the_located_problem_and_returns_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, expected = broken_spec(tmp_path)
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", expected)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "api.yaml",
            "openapi: 3.1.0\ninfo: [\n",
            "{spec}:3: /: invalid YAML: did not find expected node content",
            id="invalid-yaml",
        ),
        pytest.param(
            "api.json",
            '{"openapi": "3.1.0",\n "info": }',
            "{spec}:2: /: invalid JSON: Expecting value",
            id="invalid-json",
        ),
        pytest.param(
            "api.yaml",
            "openapi: 3.1.0\npaths:\n  /a: {$ref: 'http://example.com/a.yaml'}\n",
            "{spec}:3: /paths/~1a/$ref: remote $ref 'http://example.com/a.yaml' is not supported",
            id="remote-ref",
        ),
        pytest.param(
            "api.yaml",
            "info: {title: T}\nopenapi: '2.0'\n",
            "{spec}:2: /openapi: unsupported OpenAPI version '2.0'",
            id="unsupported-version",
        ),
        pytest.param("missing.yaml", None, "{spec}:1: /: cannot read: No such file or directory", id="missing-file"),
    ],
)
def test_every_broken_spec_gives_one_located_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str | None, expected: str
) -> None:
    spec = write_text(tmp_path, name, text) if text is not None else tmp_path / name
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.err == expected.format(spec=spec) + "\n"
    assert captured.out == ""


def test_a_components_section_that_is_not_a_mapping_is_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_text(
        tmp_path, "api.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: oops\n"
    )
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith(f"{spec}:4: /components")


def test_generate_prints_located_warnings_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_text(
        tmp_path,
        "shop.yaml",
        """
        openapi: 3.1.0
        info: {title: Shop, version: '1'}
        servers: [{url: 'https://shop.example'}]
        paths: {}
        components:
          schemas:
            Nothing: {type: string, enum: []}
        """,
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"{spec}:7: /components/schemas/Nothing/enum: warning: empty enum: any value of the declared type\n"
    )
    assert captured.out.startswith(f"{out}: ")
    assert captured.out.startswith(f"{out}: 0 of 0 operations generated, 0 reported; 1 warnings; ")
    assert captured.out.endswith(" written, 0 removed, 0 conflicts, 0 unchanged\n")
    assert (out / "src" / "shop_client" / "py.typed").exists()


def test_generate_reports_and_counts_an_operation_it_cannot_generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write_text(
        tmp_path,
        "shop.yaml",
        """
        openapi: 3.0.3
        info: {title: Shop, version: '1'}
        paths:
          /orders:
            post:
              requestBody: {$ref: '#/components/requestBodies/Missing'}
              responses: {'204': {description: done}}
            get:
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}
        """,
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{spec}:12: /paths/~1orders/get/responses/200/content/application~1json/schema: warning: "
        "$ref '#/components/schemas/Missing' points at nothing: any value",
        f"{spec}:6: /paths/~1orders/post/requestBody: warning: "
        "POST /orders not generated: $ref '#/components/requestBodies/Missing' points at nothing",
    ]
    assert captured.out.startswith(f"{out}: 1 of 2 operations generated, 1 reported; 2 warnings; ")


def test_generate_fails_when_no_operation_can_be_generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write_text(
        tmp_path,
        "shop.yaml",
        """
        openapi: 3.0.3
        info: {title: Shop, version: '1'}
        paths:
          /orders:
            post:
              requestBody: {$ref: '#/components/requestBodies/Missing'}
              responses: {'204': {description: done}}
        """,
    )
    assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:6: /paths/~1orders/post/requestBody: "
        "POST /orders not generated: $ref '#/components/requestBodies/Missing' points at nothing\n"
    )


# --- regenerate --------------------------------------------------------------------------------


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository's configuration and specs, in a temporary folder that is also the working directory."""
    shutil.copy(REPO / "clientgen.toml", tmp_path / "clientgen.toml")
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_regenerate_check_reports_a_deleted_file_and_passes_after_regenerating(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(repo_copy / "clientgen.toml")
    assert main(["regenerate", "--config", config]) == 0
    assert main(["regenerate", "--check", "--config", config]) == 0
    capsys.readouterr()

    deleted = repo_copy / "generated" / "afternoon" / "src" / "afternoon_client" / "models" / "customer.py"
    deleted.unlink()
    assert main(["regenerate", "--check", "--config", config]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("afternoon: 1 stale, ")
    assert captured.err.splitlines()[-2:] == [
        "stale: generated/afternoon/src/afternoon_client/models/customer.py",
        "generated files are out of date: run the same command without --check",
    ]
    assert not deleted.exists()

    assert main(["regenerate", "--config", config]) == 0
    assert deleted.exists()
    assert main(["regenerate", "--check", "--config", config]) == 0


def test_regenerate_check_reports_an_edited_normalized_spec(
    repo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(repo_copy / "clientgen.toml")
    assert main(["regenerate", "--config", config]) == 0
    normalized = repo_copy / "specs" / "afternoon" / "openapi.yaml"
    normalized.write_text(normalized.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["regenerate", "--check", "--config", config]) == 1
    assert "stale: specs/afternoon/openapi.yaml" in capsys.readouterr().err.splitlines()


def test_regenerate_an_unknown_client_is_a_located_error(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = repo_copy / "clientgen.toml"
    assert main(["regenerate", "nope", "--config", str(config)]) == 2
    assert capsys.readouterr().err == f"{config}:1: /clients: no client named nope\n"


def test_regenerate_with_a_missing_config_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "clientgen.toml"
    assert main(["regenerate", "--config", str(config)]) == 2
    assert capsys.readouterr().err == f"{config}:1: /: cannot read the configuration: No such file or directory\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_a_command_pauses_the_garbage_collector_and_leaves_it_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    seen: list[bool] = []
    original = generator.cli.generate

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(generator.cli, "generate", watching)
    spec = write_text(tmp_path, "tiny.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["generate", str(spec), "--output", str(tmp_path / "out")]) == 0
        assert seen == [False]
        assert gc.isenabled() is enabled
        assert main(["generate", str(tmp_path / "missing.yaml"), "--output", str(tmp_path / "out")]) == 2
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_generate_in_the_spec_folder_names_the_package_after_the_title(tmp_path: Path) -> None:
    write_text(
        tmp_path,
        "openapi.json",
        '{"openapi": "3.1.0", "info": {"title": "Acme Billing API", "version": "1"}, "paths": {}}',
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "openapi.json", "--output", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    client = (tmp_path / "out" / "src" / "acme_billing_client" / "_client.py").read_text(encoding="utf-8")
    assert "class AcmeBillingClient(" in client
    assert "ACME_BILLING_BASE_URL" in client
    assert not list(tmp_path.glob("out/src/module*"))


def test_version_prints_the_version() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"clientgen {generator.__version__}\n")
