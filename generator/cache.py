"""The cache directory and how entries get into it.

Formatted files, validation results and run records live under `$SDKGEN_CACHE_DIR` (default
`~/.cache/sdkgen`; `off` disables the cache). Every entry is written whole or not at all (a
temporary file renamed over it), so a reader never sees half an entry; a cache that cannot be
written is skipped: it only ever saves time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "SDKGEN_CACHE_DIR"
CACHE_OFF = ("off", "0", "none")


def cache_root() -> Path | None:
    """$SDKGEN_CACHE_DIR (None when it says "off"), else ~/.cache/sdkgen."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None and configured.strip().lower() in CACHE_OFF:
        return None
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "sdkgen"


def write_entry(path: Path, data: bytes, *more: bytes) -> bool:
    """Write `data` (followed by `more`, which spares the caller joining large pieces) to
    `path` atomically (its folders made as needed); False when the disk refused (read-only,
    full): the caller goes on without the entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                for chunk in more:
                    stream.write(chunk)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True
