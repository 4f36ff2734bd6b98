"""Run one command and print its wall time and peak memory as JSON (one fresh process per measurement).

    python -m bench.measure TIMEOUT_SECONDS CWD -- COMMAND ...

Peak memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set of
any child waited for, and this process waits for exactly one command (and what it
spawned and waited for).  The wall time does not include this wrapper's own start.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    timeout, cwd, sep, *command = argv
    assert sep == "--", "usage: python -m bench.measure TIMEOUT CWD -- COMMAND ..."
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=float(timeout), check=False)
        rc: int | None = done.returncode
        tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-12:]
    except subprocess.TimeoutExpired:
        rc, tail = None, [f"timed out after {timeout} s"]
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"wall": wall, "peak_mb": peak_kb / 1024, "rc": rc, "tail": tail}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
