"""Measurements that run inside a fresh interpreter; each prints one JSON object.

    python -m bench.probe import-httpx
    python -m bench.probe import TOOL PACKAGE SPEC       (TOOL: clientgen | opc)
    python -m bench.probe decode DECODER PAYLOAD MODULE:NAME[:FIELD] REPEATS on|off
        (DECODER: json.loads | clientgen | clientgen-client | clientgen-client-stdlib
         | clientgen-client-own-pause | opc | pydantic | pydantic-json)

The clients' folders come in on ``PYTHONPATH``.  Times are ``perf_counter`` seconds
taken in this process, so the interpreter's own start is not counted.
"""

from __future__ import annotations

import functools
import gc
import importlib
import json
import pkgutil
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

# The first call of one resource per spec: our client's class, its credentials, the resource and
# method with its arguments; openapi-python-client's endpoint module and arguments; the response
# the mock sends.
FIRST_CALLS: dict[str, dict[str, Any]] = {
    "stripe": {
        "clientgen": ("StripeClient", {"bearer_auth": "sk_bench"}, "customers", "get_customers", {"body": {}}),
        "opc": ("api.default.get_customers", {}),
        "response": {"object": "list", "data": [], "has_more": False, "url": "/v1/customers"},
    },
    "openai": {
        "clientgen": ("OpenaiClient", {"api_key": "sk_bench"}, "models", "list_models", {}),
        "opc": ("api.models.list_models", {}),
        "response": {"object": "list", "data": []},
    },
}


def _transport(body: object) -> Any:
    import httpx

    payload = json.dumps(body).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=payload, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def import_httpx() -> dict[str, float]:
    start = time.perf_counter()
    import httpx  # noqa: F401

    return {"httpx": time.perf_counter() - start}


def import_client(tool: str, package: str, spec: str) -> dict[str, Any]:
    times = import_httpx()
    start = time.perf_counter()
    module = importlib.import_module(package)
    times["import"] = time.perf_counter() - start
    call = FIRST_CALLS[spec]
    start = time.perf_counter()
    import httpx

    if tool == "clientgen":
        class_name, credentials, resource, method, kwargs = call["clientgen"]
        http = httpx.Client(transport=_transport(call["response"]))
        client = getattr(module, class_name)(**credentials, base_url="http://api.bench.invalid", http_client=http)
        result = getattr(getattr(client, resource), method)(**kwargs)
    else:
        endpoint, kwargs = call["opc"]
        api = importlib.import_module(f"{package}.{endpoint}")
        transport = _transport(call["response"])
        client = module.AuthenticatedClient(
            base_url="http://api.bench.invalid",
            token="sk_bench",  # noqa: S106 - a mock server's key
            httpx_args={"transport": transport},
        )
        result = api.sync(client=client, **kwargs)
    times["first_call"] = time.perf_counter() - start
    times["result"] = type(result).__name__  # type: ignore[assignment]
    times["modules"] = sum(1 for name in sys.modules if name == package or name.startswith(package + "."))
    return times


def _find_class(module_name: str, class_name: str) -> Any:
    module = importlib.import_module(module_name)
    if hasattr(module, class_name):
        return getattr(module, class_name)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), module_name + "."):
        found = getattr(importlib.import_module(info.name), class_name, None)
        if isinstance(found, type):
            return found
    raise LookupError(f"no class {class_name} in {module_name}")


def _decoder(kind: str, target: str) -> tuple[Callable[[str], Any], str]:
    """A function from the payload's text to models, and what it builds."""
    if kind == "json.loads":
        return json.loads, "dict"
    module_name, class_name, field = [*target.split(":"), ""][:3]
    cls = _find_class(module_name, class_name)
    if kind in ("clientgen", "opc"):
        from_dict = cls.from_dict
        if field:
            return (lambda text: [from_dict(item) for item in json.loads(text)[field]]), class_name
        return (lambda text: from_dict(json.loads(text))), class_name
    if kind.startswith("clientgen-client"):
        package = module_name.split(".")[0]
        if kind == "clientgen-client-stdlib":  # the JSON step by the standard library even if msgspec is here
            _use_msgspec(package, False)
        if kind != "clientgen-client-own-pause":  # like for like: the collector as the probe sets it
            _keep_collector(package)
        return _through_client(package, cls.from_dict, field), class_name
    if kind == "pydantic":
        validate = cls.model_validate
        if field:
            return (lambda text: [validate(item) for item in json.loads(text)[field]]), class_name
        return (lambda text: validate(json.loads(text))), class_name
    if kind == "pydantic-json":  # pydantic parses the JSON itself: given the list (or object) alone
        from pydantic import TypeAdapter

        adapter: Any = TypeAdapter(list[cls]) if field else TypeAdapter(cls)  # type: ignore[valid-type]
        return adapter.validate_json, class_name
    raise ValueError(kind)


def _use_msgspec(package: str, enabled: bool) -> None:
    """Turn the generated client's msgspec JSON step off or on (a client from before it has none)."""
    try:
        module = importlib.import_module(f"{package}._json")
    except ImportError:
        return
    module.use_msgspec(enabled)


class _CollectorLeftAlone:
    """Stands in for ``gc`` in the client's ``_response``: ``isenabled()`` says no, so ``parse()`` leaves
    the collector as it is instead of pausing it (a like-for-like comparison with ``json.loads``)."""

    @staticmethod
    def isenabled() -> bool:
        return False


def _keep_collector(package: str) -> None:
    try:
        module = importlib.import_module(f"{package}._response")
    except ImportError:
        return
    if hasattr(module, "gc"):
        setattr(module, "gc", _CollectorLeftAlone())  # noqa: B010  # a module this probe only imports


def json_step(package: str) -> str:
    """What parses the JSON of a response in this process: ``msgspec`` or ``json``."""
    try:
        module = importlib.import_module(f"{package}._json")
    except ImportError:
        return "json"
    module.loads(b"{}")  # the first call looks msgspec up
    return "msgspec" if module._decode is not None else "json"


def _through_client(package: str, from_dict: Callable[[Any], Any], field: str) -> Callable[[str], Any]:
    """What a generated method does with a 200 response: ``APIResponse.parse()`` over the body's bytes.

    That is the JSON decoding and the cast (here the same from_dict as the ``clientgen`` row); the
    generated runtime pauses the garbage collector around both, which only the ``-own-pause`` decoder keeps.
    """
    import httpx

    api_response = importlib.import_module(f"{package}._base_client").APIResponse
    cast = (lambda body: [from_dict(item) for item in body[field]]) if field else from_dict
    body = functools.lru_cache(maxsize=1)(str.encode)  # a response body is bytes: the same text is encoded once

    def parse(text: str) -> Any:
        response = httpx.Response(200, content=body(text), headers={"content-type": "application/json"})
        return api_response(response, cast=cast).parse()

    return parse


def _timed(function: Callable[[str], Any], text: str, collector: bool) -> tuple[float, Any]:
    """One call, after a full collection, with the collector on or off for it (restored after)."""
    gc.collect()
    if collector:
        gc.enable()
    else:
        gc.disable()
    try:
        start = time.perf_counter()
        result = function(text)
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def decode(kind: str, payload: str, target: str, repeats: int, collector: bool) -> dict[str, Any]:
    """``repeats`` pairs of runs: the decoder and ``json.loads`` of the same text, one after the other
    (which goes first alternates), both with the collector in the same state. Ratios are per pair."""
    with open(payload, encoding="utf-8") as handle:
        text = handle.read()
    function, built = _decoder(kind, target)
    field = [*target.split(":"), "", ""][2]
    floor_text = text
    if kind == "pydantic-json" and field:
        text = json.dumps(json.loads(text)[field], separators=(",", ":"))
    function(text)  # the first decode imports what it meets: not what is measured
    times: list[float] = []
    floors: list[float] = []
    result = None
    for index in range(repeats):
        for which in ("floor", "decoder") if index % 2 else ("decoder", "floor"):
            result = None
            if which == "floor":
                floors.append(_timed(json.loads, floor_text, collector)[0])
            else:
                seconds, result = _timed(function, text, collector)
                times.append(seconds)
    count = len(result) if isinstance(result, list) else 1
    ratios = [t / f for t, f in zip(times, floors, strict=True)]
    out = {
        "median": statistics.median(times),
        "min": min(times),
        "floor_median": statistics.median(floors),
        "floor_min": min(floors),
        "ratios": ratios,
        "built": built,
        "items": count,
    }
    if kind.startswith("clientgen-client"):
        out["json_step"] = json_step(target.split(".")[0])
    return out


def profile_decode(kind: str, payload: str, target: str, output: str) -> dict[str, Any]:
    """One decode under cProfile, with the collector off, the stats written to ``output``."""
    import cProfile

    with open(payload, encoding="utf-8") as handle:
        text = handle.read()
    function, _ = _decoder(kind, target)
    function(text)  # the first decode imports the models it meets: not what is profiled
    profiler = cProfile.Profile()
    gc.collect()
    gc.disable()  # the collections would land on whichever function allocates when they fall due
    try:
        profiler.runcall(function, text)
    finally:
        gc.enable()
    profiler.dump_stats(output)
    return {"profile": output}


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "import-httpx":
        out: dict[str, Any] = import_httpx()
    elif command == "import":
        out = import_client(*args)
    elif command == "decode":
        out = decode(args[0], args[1], args[2], int(args[3]), args[4] == "on")
    elif command == "profile-decode":
        out = profile_decode(*args)
    else:
        raise SystemExit(f"unknown probe {command}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
