"""Deprecation warnings attributed to the caller's own line, not to one of the SDK's frames."""

from __future__ import annotations

import sys
import warnings
from types import FrameType

__all__ = ["warn_deprecated"]

# The SDK's package ("commandersact" for "commandersact._deprecation"): its frames are skipped.
_PACKAGE = __name__.rpartition(".")[0]


def warn_deprecated(message: str) -> None:
    """Warn `message` as a DeprecationWarning at the first frame outside the SDK: the user's
    call, also when it came through `with_raw_response` or through another deprecated name.

    Where a warning is attributed decides whether anyone sees it: Python shows a
    DeprecationWarning by default only when `__main__` triggers it, and warning filters match
    the module it is attributed to. A fixed `stacklevel` would name the SDK's wrapper there."""
    frame = sys._getframe(1)  # the SDK's function that warns: `stacklevel=2`
    level = 2
    while frame.f_back is not None and _in_sdk(frame):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def _in_sdk(frame: FrameType) -> bool:
    module = str(frame.f_globals.get("__name__", ""))
    return bool(_PACKAGE) and (module == _PACKAGE or module.startswith(_PACKAGE + "."))
