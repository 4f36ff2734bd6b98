"""Fixtures for the runtime modules: an importable copy and a scripted HTTP server.

The runtime modules use package-relative imports, so they are copied into a
temporary package ``rtpkg``, put on ``sys.path`` when this conftest is loaded,
and the tests import them from there.  The HTTP server lives in
``runtime_server.py``; the ``server`` fixture always shuts it down.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.runtime.runtime_server import SOCKET_TIMEOUT, MockServer, Sleeps, serve

HERE = Path(__file__).resolve().parent
RUNTIME_DIR = HERE.parents[1] / "templates" / "runtime"
PACKAGE = "rtpkg"

_copy_root = Path(tempfile.mkdtemp(prefix="clientgen-runtime-"))
_package_dir = _copy_root / PACKAGE
_package_dir.mkdir()
for _source in RUNTIME_DIR.glob("*.py"):
    shutil.copyfile(_source, _package_dir / _source.name)
(_package_dir / "__init__.py").write_text('"""Copy of templates/runtime under test."""\n')
sys.path.insert(0, str(_copy_root))
atexit.register(shutil.rmtree, _copy_root, ignore_errors=True)  # also after --collect-only


@pytest.fixture
def server() -> Iterator[MockServer]:
    mock = MockServer()
    httpd = serve(mock)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield mock
    finally:
        mock.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=SOCKET_TIMEOUT)


@pytest.fixture
def closed_port_url() -> str:
    """A URL on which nothing listens, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def sleeps() -> Sleeps:
    """A sleep function for the clients that records the delays instead of waiting."""
    return Sleeps()
