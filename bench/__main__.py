"""Benchmark clientgen against openapi-python-client and datamodel-code-generator; write docs/benchmarks.md.

    python -m bench [--rounds 3] [--repeats 5] [--quick] [--specs stripe,openai,...]
                    [--sections generation,check,import,decode,diff,profile] [--corpus ../shared/corpus]
                    [--work DIR] [--timeout 600] [--output docs/benchmarks.md]

Run it through ``nox -s bench`` (its own venv with the peers pinned).  Every
measurement is a fresh process, run one at a time; the tools take turns within
each round so that a noisy neighbour hurts them alike.  Reported: medians over
the rounds, and ratios to clientgen measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from . import payloads, profiles, report

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# name: (entry spec inside the corpus, our package name)
SPECS: dict[str, tuple[str, str]] = {
    "stripe": ("stripe/spec3.yaml", "stripe_client"),
    "openai": ("openai/openapi.yaml", "openai_client"),
    "square": ("square/api.json", "square_client"),
    "digitalocean": ("digitalocean/DigitalOcean-public.v2.yaml", "digitalocean_client"),
    "petstore": ("petstore/openapi.yaml", "petstore_client"),
}
IMPORT_SPECS = ("stripe", "openai")
DIFF_SPECS = ("stripe", "openai", "square")
"""The diff's specs: the two largest YAML specs of the corpus and its largest JSON one."""
GITHUB = ("@octokit/openapi", "23.0.2", "package/generated/api.github.com.json")
"""GitHub's REST API description, which the corpus lacks: the npm package that carries it (MIT), its
version and the file in it; fetched into the work folder with ``npm pack`` for the diff section."""
CHECK_SPEC = "stripe"
"""The spec of the fresh-clone ``regenerate --check`` (what CI runs): the largest of the corpus."""
AFTERNOON_SPEC = ROOT / "specs" / "afternoon" / "openapi.yaml"
DECODE_ITEMS = 10_000
SEED = 20260101

PARSE = """
import json, sys, yaml
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        json.load(handle) if path.endswith(".json") else yaml.load(handle, Loader=yaml.CSafeLoader)
"""


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.corpus = Path(args.corpus).resolve()
        self.work = Path(args.work).resolve()
        self.gen = self.work / "gen"
        self.env = dict(os.environ)
        self.env["PATH"] = f"{BIN}{os.pathsep}{self.env.get('PATH', '')}"  # the peers run ruff from PATH
        self.env["PYTHONPATH"] = str(ROOT)
        self.env["CLIENTGEN_CACHE_DIR"] = str(self.work / "cache")  # the run's own: see forget_formatted()
        self.results: dict[str, Any] = {
            "generation": {},
            "check": {},
            "import": {},
            "decode": {},
            "diff": {},
            "profile": {},
        }
        self.opc_crashed: set[str] = set()
        self.dcg_dir: set[str] = set()

    # -- running ----------------------------------------------------------------------

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def measure(self, command: list[str], cwd: Path | None = None) -> dict[str, Any]:
        """Wall time and peak RSS of ``command`` in a fresh wrapper process.

        Dirty pages are flushed first: a run that writes thousands of files right after the
        previous output was deleted otherwise waits for that writeback (0.3-5 s for the same
        4,800 files here), whichever tool it is.
        """
        if hasattr(os, "sync"):
            os.sync()
        wrapper = [sys.executable, "-m", "bench.measure", str(self.args.timeout), str(cwd or self.work), "--", *command]
        done = subprocess.run(wrapper, env=self.env, capture_output=True, text=True, check=True, cwd=ROOT)
        return dict(json.loads(done.stdout))

    def probe(self, args: list[str], paths: list[Path]) -> dict[str, Any]:
        """A :mod:`bench.probe` measurement in a fresh interpreter, with ``paths`` importable."""
        env = dict(self.env)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *map(str, paths)])
        try:
            done = subprocess.run(
                [sys.executable, "-m", "bench.probe", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=self.args.timeout,
                check=False,
                cwd=self.work,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {self.args.timeout} s"}
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            return {"error": lines[-1] if lines else f"exit {done.returncode}"}
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    def record(self, section: str, key: tuple[str, ...], value: dict[str, Any]) -> None:
        self.results[section].setdefault("/".join(key), []).append(value)

    def forget_formatted(self) -> None:
        """Empty the cache of formatted modules, so that the next generation is a first one (the compiled
        templates stay, as they do for any run but a new clientgen's first)."""
        shutil.rmtree(self.work / "cache" / "modules", ignore_errors=True)

    # -- commands -----------------------------------------------------------------------

    def spec_files(self, name: str) -> list[Path]:
        entry = self.corpus / SPECS[name][0]
        if name == "digitalocean":  # a multi-file spec: every file it may reach
            return sorted(p for p in entry.parent.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
        return [entry]

    def clientgen(self, spec: Path, package: str, out: Path) -> list[str]:
        return [str(BIN / "clientgen"), "generate", str(spec), "--output", str(out), "--package-name", package]

    def opc(self, spec: Path, package: str, out: Path, literal: bool) -> list[str]:
        config = self.work / f"opc-{package}{'-literal' if literal else ''}.yaml"
        lines = [f"project_name_override: {package}", f"package_name_override: {package}"]
        config.write_text("\n".join([*lines, *(["literal_enums: true"] if literal else [])]) + "\n", encoding="utf-8")
        return [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out),
            "--meta",
            "setup",
            "--config",
            str(config),
            "--overwrite",
        ]

    def dcg(self, spec: Path, out: Path) -> list[str]:
        return [
            str(BIN / "datamodel-codegen"),
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--target-python-version",
            "3.11",
            "--disable-warnings",
        ]

    def run_dcg(self, name: str, spec: Path, package: str) -> dict[str, Any]:
        """datamodel-code-generator writes one module, or a package when the schemas ask for one."""
        folder = self.gen / name / "dcg"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if name not in self.dcg_dir:
            result = self.measure(self.dcg(spec, folder / f"{package}.py"))
            if result["rc"] == 0 or "output directory" not in " ".join(result["tail"]):
                return result
            self.dcg_dir.add(name)
        return self.measure(self.dcg(spec, folder / package))

    # -- sections -----------------------------------------------------------------------

    def generation(self) -> None:
        for round_ in range(1, self.args.rounds + 1):
            for name in self.args.specs:
                spec = self.corpus / SPECS[name][0]
                package = SPECS[name][1]
                self.log(f"generation round {round_}/{self.args.rounds}: {name}")
                files = [str(p) for p in self.spec_files(name)]
                self.record("generation", (name, "parse"), self.measure([sys.executable, "-c", PARSE, *files]))
                ours = self.gen / name / "clientgen"
                shutil.rmtree(ours, ignore_errors=True)
                self.forget_formatted()
                self.record("generation", (name, "clientgen"), self.measure(self.clientgen(spec, package, ours)))
                again = self.measure(self.clientgen(spec, package, ours))
                self.record("generation", (name, "clientgen-unchanged"), again)
                edited = self.edited_spec(name)
                if edited is not None:
                    after_edit = self.measure(self.clientgen(edited, package, ours))
                    self.record("generation", (name, "clientgen-edited"), after_edit)
                opc_package = f"opc_{name}"
                out = self.gen / name / "opc"
                shutil.rmtree(out, ignore_errors=True)
                result = self.measure(self.opc(spec, opc_package, out, literal=False))
                self.record("generation", (name, "opc"), result)
                if result["rc"] != 0:
                    self.opc_crashed.add(name)
                if name in self.opc_crashed:
                    out = self.gen / name / "opc-literal"
                    shutil.rmtree(out, ignore_errors=True)
                    literal = self.measure(self.opc(spec, opc_package, out, literal=True))
                    self.record("generation", (name, "opc-literal"), literal)
                self.record("generation", (name, "dcg"), self.run_dcg(name, spec, f"dcg_{name}"))

    def edited_spec(self, name: str) -> Path | None:
        """The spec with one property's type changed (:func:`_edited`), beside the work folder's other files;
        None for a spec of several files (its references are relative to its folder)."""
        if len(self.spec_files(name)) > 1:
            return None
        try:
            return self.edited(name, self.corpus / SPECS[name][0])
        except ValueError:  # no string-typed component property to change
            return None

    def edited(self, name: str, spec: Path) -> Path:
        """:func:`_edited` of ``spec``, written into the work folder."""
        edited = self.work / f"{name}-edited{spec.suffix}"
        edited.write_text(_edited(spec.read_text(encoding="utf-8"), spec.suffix), encoding="utf-8")
        return edited

    def diff(self) -> None:
        """``clientgen diff`` of each of DIFF_SPECS against itself and against a one-property edit of it,
        beside the floor of parsing both files."""
        specs = {name: self.corpus / SPECS[name][0] for name in DIFF_SPECS}
        github = self.github_spec()
        if github is not None:
            specs["github"] = github
        for name, spec in specs.items():
            edited = self.edited(name, spec)
            for round_ in range(1, self.args.rounds + 1):
                self.log(f"diff round {round_}/{self.args.rounds}: {name}")
                floor = self.measure([sys.executable, "-c", PARSE, str(spec), str(edited)])
                self.record("diff", (name, "parse"), floor)
                for case, revision in (("itself", spec), ("edited", edited)):
                    command = [str(BIN / "clientgen"), "diff", str(spec), str(revision), "--format", "json"]
                    self.record("diff", (name, case), self.measure(command))

    def github_spec(self) -> Path | None:
        """GitHub's description from its npm package (see :data:`GITHUB`), or None when npm cannot fetch it."""
        package, version, member = GITHUB
        target = self.work / "github" / Path(member).name
        if target.is_file():
            return target
        npm = shutil.which("npm")
        if npm is None:
            self.log("diff: no npm on PATH, so GitHub's spec is not measured")
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        command = [npm, "pack", f"{package}@{version}", "--silent"]
        done = subprocess.run(command, cwd=target.parent, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            self.log(f"diff: npm pack {package}@{version} failed, GitHub's spec is not measured: {done.stderr[-200:]}")
            return None
        with tarfile.open(target.parent / done.stdout.strip().splitlines()[-1]) as archive:
            source = archive.extractfile(member)
            if source is None:
                return None
            target.write_bytes(source.read())
        return target

    def check(self) -> None:
        """``clientgen regenerate --check`` in a fresh ``git clone`` of a repository holding a generated client
        and this project's ``.gitignore`` (so the clone has what a clone of this project would have, and nothing
        a previous run left on disk: what CI sees), beside the parse floor, in each round."""
        name = CHECK_SPEC
        spec = self.corpus / SPECS[name][0]
        origin = self.work / "check-origin"
        shutil.rmtree(origin, ignore_errors=True)
        origin.mkdir(parents=True)
        shutil.copyfile(spec, origin / spec.name)
        shutil.copyfile(ROOT / ".gitignore", origin / ".gitignore")  # what this project leaves out of git
        entry = [f"[clients.{name}]", f'sources = ["{spec.name}"]', f'output = "generated/{name}"']
        config = "\n".join([*entry, f'package = "{SPECS[name][1]}"', ""])
        (origin / "clientgen.toml").write_text(config, encoding="utf-8")
        self.log(f"check: a repository holding the generated {name} client")
        git = shutil.which("git") or "git"
        steps = (
            [git, "init", "--quiet"],
            [str(BIN / "clientgen"), "regenerate"],
            [git, "add", "--all"],
            [git, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "--quiet", "-m", "client"],
        )
        for command in steps:
            done = subprocess.run(command, cwd=origin, env=self.env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                self.log(f"check: {' '.join(command[:2])} failed: {done.stderr.strip()[-300:]}")
                return
        for round_ in range(1, self.args.rounds + 1):
            self.log(f"check round {round_}/{self.args.rounds}: regenerate --check in a fresh clone")
            clone = self.work / "check-clone"
            shutil.rmtree(clone, ignore_errors=True)
            subprocess.run([git, "clone", "--quiet", str(origin), str(clone)], capture_output=True, check=True)
            self.record("check", (name, "parse"), self.measure([sys.executable, "-c", PARSE, str(clone / spec.name)]))
            command = [str(BIN / "clientgen"), "regenerate", "--check"]
            self.record("check", (name, "fresh-clone"), self.measure(command, cwd=clone))
            self.measure([str(BIN / "clientgen"), "regenerate"], cwd=clone)  # leaves what a local run leaves
            self.record("check", (name, "after-regenerate"), self.measure(command, cwd=clone))

    def ensure_clients(self, name: str, spec: Path, package: str, *, dcg: bool = False) -> dict[str, Path]:
        """The generated clients (and models) of ``spec``: made now unless the generation section made them."""
        ours = self.gen / name / "clientgen"
        if not (ours / "src" / package).is_dir():
            self.log(f"generating {name} with clientgen")
            result = self.measure(self.clientgen(spec, package, ours))
            if result["rc"] != 0:
                self.log(f"clientgen failed on {name}: {' '.join(result['tail'])}")
        opc_package = f"opc_{name}"
        if (self.gen / name / "opc-literal" / opc_package).is_dir() and not (self.gen / name / "opc").is_dir():
            self.opc_crashed.add(name)  # an earlier run with this --work found the plain run crashing
        opc = self.gen / name / ("opc-literal" if name in self.opc_crashed else "opc")
        if not (opc / opc_package).is_dir():
            self.log(f"generating {name} with openapi-python-client")
            result = self.measure(self.opc(spec, opc_package, opc, literal=False))
            if result["rc"] != 0:
                self.opc_crashed.add(name)
                opc = self.gen / name / "opc-literal"
                self.measure(self.opc(spec, opc_package, opc, literal=True))
        paths = {"clientgen": ours / "src", "opc": opc}
        if dcg:
            if not (self.gen / name / "dcg").is_dir():
                self.log(f"generating {name} models with datamodel-code-generator")
                self.run_dcg(name, spec, f"dcg_{name}")
            paths["dcg"] = self.gen / name / "dcg"
        return paths

    def imports(self) -> None:
        clients = {}
        for name in IMPORT_SPECS:
            if name in self.args.specs or not self.args.specs_given:
                clients[name] = self.ensure_clients(name, self.corpus / SPECS[name][0], SPECS[name][1])
        for paths in clients.values():  # as pip does on install: the imports read bytecode, not source
            for path in (paths["clientgen"], paths["opc"]):
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(path)], capture_output=True, check=False)
        for round_ in range(1, self.args.repeats + 1):
            self.log(f"import round {round_}/{self.args.repeats}")
            self.record("import", ("httpx",), self.probe(["import-httpx"], []))
            for name, paths in clients.items():
                ours = self.probe(["import", "clientgen", SPECS[name][1], name], [paths["clientgen"]])
                self.record("import", (name, "clientgen"), ours)
                theirs = self.probe(["import", "opc", f"opc_{name}", name], [paths["opc"]])
                self.record("import", (name, "opc"), theirs)

    def decode_cases(self) -> list[dict[str, Any]]:
        import yaml

        cases = []
        payload_dir = self.work / "payloads"
        payload_dir.mkdir(parents=True, exist_ok=True)
        afternoon = self.ensure_clients("afternoon", AFTERNOON_SPEC, "afternoon_client", dcg=True)
        stripe_spec = self.corpus / SPECS["stripe"][0]
        stripe = self.ensure_clients("stripe", stripe_spec, "stripe_client", dcg=True)
        for label, spec, schema, envelope, paths, package, target, field, realistic in (
            ("Afternoon list_balances", AFTERNOON_SPEC, "WalletBalance", "afternoon", afternoon, "afternoon",
             "CustomerBalancesResponse", "", False),
            ("Stripe charges (nested)", stripe_spec, "charge", "stripe", stripe, "stripe", "Charge", "data", False),
            ("Stripe charges, one payment method each", stripe_spec, "charge", "stripe", stripe, "stripe", "Charge",
             "data", True),
        ):  # fmt: skip
            kind = "-realistic" if realistic else ""
            path = payload_dir / f"{package}-{schema}-{DECODE_ITEMS}{kind}.json"
            if not path.is_file():
                self.log(f"synthesizing {path.name}")
                with spec.open("rb") as handle:
                    document = yaml.load(handle, Loader=yaml.CSafeLoader)
                text = payloads.list_payload(document, schema, DECODE_ITEMS, SEED, envelope, realistic=realistic)
                path.write_text(text, encoding="utf-8")
            suffix = f":{field}" if field else ""
            ours = "afternoon_client" if package == "afternoon" else "stripe_client"
            dcg_module = f"dcg_{package}"
            cases.append(
                {
                    "label": label,
                    "payload": path,
                    "decoders": {
                        "clientgen": ([paths["clientgen"]], f"{ours}.models:{target}{suffix}"),
                        "clientgen-client": ([paths["clientgen"]], f"{ours}.models:{target}{suffix}"),
                        "clientgen-client-stdlib": ([paths["clientgen"]], f"{ours}.models:{target}{suffix}"),
                        "clientgen-client-own-pause": ([paths["clientgen"]], f"{ours}.models:{target}{suffix}"),
                        "opc": ([paths["opc"]], f"opc_{package}.models:{target}{suffix}"),
                        "pydantic": ([paths["dcg"]], f"{dcg_module}:{target}{suffix}"),
                        "pydantic-json": ([paths["dcg"]], f"{dcg_module}:{target}{suffix}"),
                    },
                }
            )
        return cases

    def decode(self) -> None:
        cases = self.decode_cases()
        self.results["decode_payloads"] = {
            c["label"]: {"file": c["payload"].name, "bytes": c["payload"].stat().st_size} for c in cases
        }
        for round_ in range(1, self.args.rounds + 1):
            for case in cases:
                self.log(f"decode round {round_}/{self.args.rounds}: {case['label']}")
                for collector in ("off", "on"):
                    for decoder, (paths, target) in case["decoders"].items():
                        if decoder == "clientgen-client-own-pause" and collector == "off":
                            continue  # with the collector off its pause changes nothing
                        args = ["decode", decoder, str(case["payload"]), target, str(self.args.repeats), collector]
                        self.record("decode", (case["label"], decoder, collector), self.probe(args, paths))
        # where the time goes in our decode: one profiled run of the realistic case
        stripe = cases[-1]
        paths, target = stripe["decoders"]["clientgen"]
        output = self.work / "decode.prof"
        self.probe(["profile-decode", "clientgen", str(stripe["payload"]), target, str(output)], paths)
        if output.is_file():
            self.results["profile"]["decode"] = profiles.profile_tables(output, top=12)

    def profile(self) -> None:
        name = "stripe"
        spec, package = self.corpus / SPECS[name][0], SPECS[name][1]
        out = self.gen / name / "profiled"
        shutil.rmtree(out, ignore_errors=True)
        stats = self.work / "generate.prof"
        for round_ in range(1, self.args.rounds + 1):
            self.log(f"stage timings round {round_}/{self.args.rounds}")
            for case in ("fresh", "unchanged"):
                if case == "fresh":
                    shutil.rmtree(out, ignore_errors=True)
                    self.forget_formatted()
                if hasattr(os, "sync"):
                    os.sync()  # as in measure(): the deletion's writeback is not the write stage's
                done = subprocess.run(
                    [sys.executable, "-m", "bench.stages", str(spec), str(out), package],
                    env=self.env,
                    capture_output=True,
                    text=True,
                    timeout=self.args.timeout,
                    check=False,
                    cwd=ROOT,
                )
                lines = done.stdout.strip().splitlines()
                if done.returncode == 0 and lines:
                    self.record("profile", ("stages", case), json.loads(lines[-1]))
                else:
                    self.log(f"stage timings failed: {done.stderr.strip()[-300:]}")
        shutil.rmtree(out, ignore_errors=True)
        self.log("profiling clientgen generate on stripe")
        command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "generator", "generate", str(spec)]
        result = self.measure([*command, "--output", str(out), "--package-name", package], cwd=ROOT)
        if stats.is_file():
            self.results["profile"]["generate"] = {"run": result, **profiles.profile_tables(stats, top=15)}

    def machine(self) -> dict[str, Any]:
        versions = {}
        dists = (
            "clientgen",
            "openapi-python-client",
            "datamodel-code-generator",
            "pydantic",
            "httpx",
            "attrs",
            "msgspec",
        )
        for dist in dists:
            try:
                versions[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                versions[dist] = "not installed"
        import yaml

        versions["pyyaml"] = f"{yaml.__version__} (C loader: {'yes' if yaml.__with_libyaml__ else 'no'})"
        return {
            "cpus": os.cpu_count(),
            "machine": f"{platform.system()} {platform.machine()}",
            "python": platform.python_version(),
            "versions": versions,
            "rounds": self.args.rounds,
            "repeats": self.args.repeats,
            "quick": self.args.quick,
            "command": "nox -s bench" + (" -- " + " ".join(sys.argv[1:]) if sys.argv[1:] else ""),
            "date": time.strftime("%Y-%m-%d"),
            "commit": _commit(),
        }


def _edited(text: str, suffix: str) -> str:
    """The spec with its first string-typed component property made an integer: a light, breaking edit."""
    plain = '"type": "string"' if suffix == ".json" else "type: string"
    at = text.index(plain, text.index('"properties"' if suffix == ".json" else "properties:", text.index("components")))
    return text[:at] + plain.replace("string", "integer") + text[at + len(plain) :]


def _commit() -> str:
    """The commit measured, and whether generator/ or templates/ differ from it."""
    try:
        git = shutil.which("git") or "git"
        head = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [git, "status", "--porcelain", "--", "generator", "templates"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes to generator/ or templates/" if dirty else "")


def _write(results: dict[str, Any], args: argparse.Namespace) -> None:
    """The report, and the README's bench block when the run is not a quick one."""
    Path(args.output).write_text(report.render(results), encoding="utf-8")
    if args.readme and not results["machine"]["quick"]:
        readme = Path(args.readme)
        text = report.with_readme_block(readme.read_text(encoding="utf-8"), report.readme_block(results))
        readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of generation and decode runs (default 3)")
    parser.add_argument("--repeats", type=int, default=5, help="fresh interpreters per import case (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 round, 3 repeats: to try it out")
    parser.add_argument("--specs", help=f"comma-separated, of {', '.join(SPECS)} (default: all)")
    parser.add_argument("--sections", default="generation,check,import,decode,diff,profile")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--work", help="folder for generated clients and payloads (default: a temporary one)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before one run counts as hung")
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--from-json", help="measure nothing: write the report from the raw results of a run")
    parser.add_argument(
        "--readme",
        default=str(ROOT / "README.md"),
        help="the README whose bench block quotes the run (not written in quick mode); '' for none",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        results = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        _write(results, args)
        return 0
    if args.quick:
        args.rounds, args.repeats = 1, 3
    args.specs_given = bool(args.specs)
    args.specs = args.specs.split(",") if args.specs else list(SPECS)
    unknown = [s for s in args.specs if s not in SPECS]
    if unknown:
        parser.error(f"unknown spec {', '.join(unknown)}")
    for tool in ("clientgen", "openapi-python-client", "datamodel-codegen"):
        if not (BIN / tool).exists():
            parser.error(f"{tool} is not installed beside {sys.executable}: run `nox -s bench`")
    temporary = None
    if not args.work:
        temporary = tempfile.TemporaryDirectory(prefix="clientgen-bench-")
        args.work = temporary.name
    Path(args.work).mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    # clientgen runs from this checkout: its bytecode is written first, as pip writes it on install
    # (and as the peers' installed modules have it), so no run pays for compiling clientgen's source.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], capture_output=True, check=False
    )
    sections = args.sections.split(",")
    started = time.perf_counter()
    for section in ("generation", "check", "import", "decode", "diff", "profile"):
        if section in sections:
            getattr(bench, {"import": "imports"}.get(section, section))()
    bench.results["machine"] = bench.machine()
    bench.results["machine"]["minutes"] = (time.perf_counter() - started) / 60
    bench.results["opc_crashed"] = sorted(bench.opc_crashed)
    if args.json:
        Path(args.json).write_text(json.dumps(bench.results, indent=1, default=str), encoding="utf-8")
    _write(bench.results, args)
    bench.log(f"wrote {args.output}")
    if temporary is not None:
        temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
