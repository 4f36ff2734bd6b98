"""Warnings for the operations and arguments the API marks ``deprecated``.

A deprecated method, or a deprecated argument when it is given, warns with
:class:`DeprecationWarning` on each call.  The warning names the caller's own
line, the first frame outside this package, whether the method was called
directly, through ``with_raw_response`` or by a paginator fetching a next page;
so Python's default filters show it in a script (``__main__``) and under test
runners, and ``-W error::DeprecationWarning`` turns it into an exception there.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Final

__all__ = ["warn_deprecated"]

_PACKAGE: Final = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_deprecated(message: str) -> None:
    """Warn that something is deprecated, at the first caller outside this package."""
    level = 2  # the frame calling this function
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)
