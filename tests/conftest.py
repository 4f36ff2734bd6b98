"""The test session's clientgen cache lives in the temporary folder, not in the user's cache."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("CLIENTGEN_CACHE_DIR", str(Path(tempfile.gettempdir()) / "clientgen-tests-cache"))
