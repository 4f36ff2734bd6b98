"""Keep Hypothesis's caches out of the repository: these tests write nothing outside temporary folders."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "clientgen-tests-hypothesis")
