"""`sdkgen download`: fetch the vendor's spec, check it, and replace the local copy atomically.

The new document must load and validate (after repair and overlays) before it replaces the old
one; on any failure the old copy and its lock file are untouched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import ApiConfig
from ..diagnostics import Diagnostic, SdkgenError
from ..download.fetch import fetch_spec, lock_path_for, lock_text
from .stages import prepare_spec


@dataclass(frozen=True)
class Downloaded:
    path: Path
    lock_path: Path
    sha256: str
    size: int
    lock: dict[str, Any]


def download(
    config: ApiConfig,
    *,
    source: str | None = None,
    timeout: float = 30.0,
    progress: bool = False,
) -> Downloaded:
    """Fetch, check and install the spec named by the config; write its lock file beside it.

    `source` overrides the config's (offline use, CI); its format is then detected from the
    content. Nothing at the spec path or the lock path changes unless every step succeeded.
    """
    fetched = fetch_spec(config, source=source, timeout=timeout, progress=progress)
    source, payload = fetched.source, fetched.payload
    assert config.spec_path is not None  # fetch_spec checked it
    target = config.spec_path
    lock_path = lock_path_for(target)
    lock_temp = lock_path.with_name(f".{lock_path.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".download-", suffix=".json", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        prepared = prepare_spec(temp, replace(config, spec_path=temp))
        if prepared.errors:
            raise SdkgenError(
                [
                    Diagnostic(d.severity, d.code, d.message, d.pointer, source)
                    for d in prepared.errors
                ]
                + [
                    Diagnostic(
                        "error",
                        "download.invalid",
                        f"{len(prepared.errors)} validation error(s) left after repair and "
                        f"overlays; {target} was not replaced",
                        file=source,
                    )
                ]
            )
        lock = fetched.lock()
        lock_temp.write_text(lock_text(lock))
        os.replace(temp, target)
        os.replace(lock_temp, lock_path)
    finally:
        temp.unlink(missing_ok=True)
        lock_temp.unlink(missing_ok=True)
    return Downloaded(target, lock_path, lock["sha256"], len(payload), lock)
