"""Memory stays flat: a 1 GiB download written to a file, and an endless event stream read for 30 s.

Each client runs in its own process (the server stays in the test's), which reports its memory:
the peak resident size for the download, the resident size (``/proc/self/statm``) sampled after a
warm-up and at the end for the stream.  The peak is ``VmHWM`` of ``/proc/self/status``, the high-water
mark of the process's own memory: Linux carries ``ru_maxrss`` over ``exec`` from the forking
process, here pytest, which holds far more than the client ever does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GIB = 1024**3
PEAK_LIMIT = 100 * 10**6
"""The most a process downloading 1 GiB may hold at its peak, in bytes."""
GROWTH_LIMIT = 4 * 2**20
"""The most the resident size may grow over 30 s of an endless stream, in bytes."""

_DOWNLOAD = """
import json, os, sys
from feeds_client import FeedsClient

def high_water_mark() -> int:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

url, target = sys.argv[1], sys.argv[2]
with FeedsClient(base_url=url, timeout=60) as client:
    before = high_water_mark()
    with client.files.with_streaming_response.download(1024**3) as response:
        response.write_to_file(target)
    peak = high_water_mark()
print(json.dumps({"before": before, "peak": peak, "size": os.path.getsize(target)}))
"""

_ENDLESS = """
import json, os, sys, time
from feeds_client import FeedsClient

def resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

url, seconds = sys.argv[1], float(sys.argv[2])
count, start, first = 0, time.monotonic(), None
with FeedsClient(base_url=url, timeout=10) as client, client.feeds.listen() as stream:
    for event in stream:
        count += 1
        if first is None and time.monotonic() - start > 2:
            first = (resident(), count)
        if time.monotonic() - start > seconds:
            break
print(json.dumps({"start": first[0], "end": resident(), "events": count, "warmup_events": first[1]}))
"""


def _run(script: str, src: Path, *args: str, timeout: float) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, int] = json.loads(done.stdout)
    return result


def test_a_1_gib_download_through_write_to_file_peaks_under_100_mb(
    feeds_src: Path, base_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "one.gib"
    try:
        measured = _run(_DOWNLOAD, feeds_src, base_url, str(target), timeout=240)
    finally:
        target.unlink(missing_ok=True)
    print(f"1 GiB download: peak RSS {measured['peak'] / 2**20:.1f} MiB (before {measured['before'] / 2**20:.1f})")
    assert measured["size"] == GIB
    assert measured["peak"] < PEAK_LIMIT


def test_an_endless_event_stream_read_for_30_seconds_keeps_memory_flat(feeds_src: Path, base_url: str) -> None:
    measured = _run(_ENDLESS, feeds_src, base_url, "30", timeout=90)
    growth = measured["end"] - measured["start"]
    print(f"endless stream: {measured['events']} events, RSS {measured['start']} -> {measured['end']} bytes")
    assert measured["events"] > 5 * measured["warmup_events"]  # most events came after the first sample
    assert growth < GROWTH_LIMIT
