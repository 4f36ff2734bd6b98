"""One call of the generated Afternoon client in a process of its own; prints what happened as JSON.

    python tests/safety/run_client.py URL MODE SETTINGS_JSON

``MODE`` is ``sync`` or ``async``.  ``SETTINGS_JSON`` holds ``client``, keyword
arguments for the client (``max_response_size``, ``timeout``, ...), and
optionally ``headroom_mib``: the call then runs with its address space limited
to what the process uses before the call plus that many MiB, so that a body
which decodes into too many objects meets a real :class:`MemoryError`.

The printed object has ``error`` (the class of the exception the call raised,
or ``null``), ``api_error`` (whether it derives from ``afternoon_client.APIError``),
``message``, ``elapsed`` (seconds the call took), ``baseline_mib`` (the peak
resident memory before the call: interpreter, httpx and the client), ``peak_mib``
(the peak after it) and ``maxrss_mib``.

The peaks are the ``VmHWM`` line of ``/proc/self/status``: the high-water mark of
this process's own memory.  ``getrusage(RUSAGE_SELF).ru_maxrss`` is printed as
well, but on Linux it starts out at the resident size of the process that
spawned this one (the kernel keeps the larger of the two across ``exec``), so
under pytest it shows the test runner's size whenever the call used less.  A
fresh process makes the peak that of this one call.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from typing import Any

import afternoon_client

CUSTOMER = "cm5x9z8nv0000h85r7l9p2k1m"
API_KEY = "ak_test_hostile_0123456789"


def _status_kib(field: str) -> int:
    """A line of ``/proc/self/status``, in KiB (``VmHWM``, ``VmSize``)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:"))


def _peak_mib() -> float:
    return _status_kib("VmHWM") / 1024


def _limit_address_space(headroom_mib: int) -> None:
    limit = (_status_kib("VmSize") + headroom_mib * 1024) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _call_sync(url: str, client_options: dict[str, Any], headroom: int | None) -> None:
    with afternoon_client.AfternoonClient(api_key=API_KEY, base_url=url, **client_options) as client:
        if headroom is not None:
            _limit_address_space(headroom)
        client.customers.list_balances(CUSTOMER)


async def _call_async(url: str, client_options: dict[str, Any], headroom: int | None) -> None:
    async with afternoon_client.AsyncAfternoonClient(api_key=API_KEY, base_url=url, **client_options) as client:
        if headroom is not None:
            _limit_address_space(headroom)
        await client.customers.list_balances(CUSTOMER)


def main(url: str, mode: str, settings_json: str) -> dict[str, Any]:
    settings = json.loads(settings_json)
    client_options, headroom = settings.get("client", {}), settings.get("headroom_mib")
    baseline = _peak_mib()
    error: BaseException | None = None
    started = time.monotonic()
    try:
        if mode == "sync":
            _call_sync(url, client_options, headroom)
        else:
            asyncio.run(_call_async(url, client_options, headroom))
    except BaseException as exc:  # reported, whatever it is: a bare built-in is what the tests look for
        error = exc
    return {
        "error": None if error is None else type(error).__name__,
        "api_error": isinstance(error, afternoon_client.APIError),
        "message": None if error is None else str(error)[:300],
        "elapsed": time.monotonic() - started,
        "baseline_mib": baseline,
        "peak_mib": _peak_mib(),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
