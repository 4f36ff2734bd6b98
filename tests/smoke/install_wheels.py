"""Install each built wheel into its own fresh venv and run its smoke script.

Usage: python -m tests.smoke.install_wheels DIST_DIR NAME [NAME ...]
where DIST_DIR/NAME/ holds the wheel of client NAME.  The smoke scripts talk to
replay servers on 127.0.0.1 started here from the recorded cassettes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.support.replay import replay  # noqa: E402

# Client name -> cassettes whose servers the smoke script gets, in order.
SMOKE_CASSETTES = {
    "afternoon": ["afternoon/list_balances_200", "afternoon/list_balances_404"],
    "mayar": ["mayar/balance_credit_product", "mayar/add_credit_429"],
}


def run_smoke(wheel: Path, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"smoke-{name}-") as tmp:
        env_dir = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        python = env_dir / "bin" / "python"
        subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True)
        with ExitStack() as stack:
            # The second server of each pair replays one exchange; the sync and async calls need two.
            servers = []
            for cassette in SMOKE_CASSETTES.get(name, []):  # a client without cassettes serves itself
                server = stack.enter_context(replay(cassette))
                server.interactions = server.interactions * 4
                server.used = [False] * len(server.interactions)
                servers.append(server)
            subprocess.run([python, str(HERE / f"smoke_{name}.py"), *(s.url for s in servers)], check=True, cwd=tmp)
            for cassette, server in zip(SMOKE_CASSETTES.get(name, []), servers, strict=True):
                if server.unmatched:
                    raise AssertionError(f"{name} smoke: requests with no recording in {cassette}: {server.unmatched}")


def main(argv: list[str]) -> int:
    dist, names = Path(argv[0]), argv[1:]
    for name in names:
        wheels = sorted((dist / name).glob("*.whl"))
        if len(wheels) != 1:
            print(f"{name}: expected one wheel in {dist / name}, found {len(wheels)}", file=sys.stderr)
            return 1
        run_smoke(wheels[0], name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
