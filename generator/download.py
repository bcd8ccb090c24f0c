"""The download stage: fetch the vendor's spec, check it, and replace the local copy atomically.

Sources are an http(s) URL or a local path; the document is plain JSON/YAML or an HTML page
with the spec embedded the way ReDoc embeds it (`const __redoc_state = {..."spec": {"data": ...}}`),
which is how Commanders Act publishes theirs. The new document must load and validate (after
repair and overlays) before it replaces the old one; on any failure the old copy is untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from .config import ApiConfig
from .diagnostics import SdkgenError, error

REDOC_MARKER = "__redoc_state"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Downloaded:
    path: Path
    lock_path: Path
    sha256: str
    size: int
    lock: dict[str, Any]


def fetch_bytes(source: str, *, timeout: float = 30.0, progress: bool = False) -> bytes:
    """Read `source` (URL or path) completely; errors name the source."""
    if "://" not in source:
        try:
            return Path(source).read_bytes()
        except OSError as failure:
            raise error(
                "download.io", f"cannot read {source}: {failure.strerror}", file=source, exit_code=2
            )
    try:
        with urllib.request.urlopen(
            source, timeout=timeout
        ) as response:  # noqa: S310 (URL from config)
            expected = int(response.headers.get("Content-Length") or 0)
            chunks: list[bytes] = []
            received = 0
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                received += len(chunk)
                if progress and expected > 1 << 20:
                    print(
                        f"\rdownloading {source}: {received * 100 // expected}%",
                        end="",
                        file=sys.stderr,
                    )
            if progress and expected > 1 << 20:
                print(file=sys.stderr)
    except urllib.error.HTTPError as failure:
        raise error(
            "download.http", f"{source} answered HTTP {failure.code}", file=source, exit_code=2
        )
    except (urllib.error.URLError, TimeoutError, OSError) as failure:
        reason = getattr(failure, "reason", failure)
        raise error(
            "download.network", f"cannot fetch {source}: {reason}", file=source, exit_code=2
        )
    body = b"".join(chunks)
    if expected and len(body) < expected:
        raise error(
            "download.truncated",
            f"{source}: received {len(body)} of {expected} bytes",
            file=source,
            exit_code=2,
        )
    return body


def extract_document(body: bytes, source: str, spec_format: str = "auto") -> dict[str, Any]:
    """Turn downloaded bytes into the OpenAPI document they carry."""
    text = body.decode("utf-8", errors="replace")
    if spec_format == "redoc-html" or (spec_format == "auto" and REDOC_MARKER in text):
        return extract_redoc_state(text, source)
    try:
        document = (
            json.loads(text)
            if spec_format == "json" or text.lstrip().startswith("{")
            else yaml.safe_load(text)
        )
    except (json.JSONDecodeError, yaml.YAMLError) as failure:
        raise error("download.parse-error", f"not a JSON or YAML document: {failure}", file=source)
    if not isinstance(document, dict):
        raise error("download.not-a-spec", "the document is not an OpenAPI object", file=source)
    return document


def extract_redoc_state(html: str, source: str) -> dict[str, Any]:
    """Take `spec.data` out of the `__redoc_state` object a ReDoc page embeds."""
    marker = html.find(REDOC_MARKER)
    if marker < 0:
        raise error("download.no-spec", f"the page has no {REDOC_MARKER} object", file=source)
    start = html.find("{", marker)
    try:
        state, _ = json.JSONDecoder().raw_decode(html, start)
    except (json.JSONDecodeError, ValueError) as failure:
        raise error(
            "download.parse-error", f"{REDOC_MARKER} is not valid JSON: {failure}", file=source
        )
    spec = state.get("spec", {}).get("data") if isinstance(state, dict) else None
    if not isinstance(spec, dict):
        raise error("download.no-spec", f"{REDOC_MARKER} has no spec.data object", file=source)
    return spec


def count_document(document: dict[str, Any]) -> dict[str, int]:
    paths = document.get("paths") or {}
    operations = sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for key in item
        if key in HTTP_METHODS
    )
    schemas = ((document.get("components") or {}).get("schemas")) or {}
    return {"paths": len(paths), "operations": operations, "schemas": len(schemas)}


def download(config: ApiConfig, *, source: str | None = None, timeout: float = 30.0) -> Downloaded:
    """Fetch, check and install the spec named by the config; write its lock file beside it."""
    from .pipeline import prepare_spec  # late: the pipeline imports every stage

    source = source or config.spec_source
    if not source or config.spec_path is None:
        raise error("download.usage", "the config names no spec source and path", exit_code=2)
    target = config.spec_path
    body = fetch_bytes(source, timeout=timeout, progress=sys.stderr.isatty())
    document = extract_document(body, source, config.spec_format)
    payload = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".download-", suffix=".json", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        prepared = prepare_spec(temp, replace(config, spec_path=temp))
        if prepared.errors:
            raise SdkgenError(prepared.errors)
        lock = {
            "source": source,
            "sha256": hashlib.sha256(payload).hexdigest(),
            "size": len(payload),
            "downloaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "openapi": document.get("openapi") or document.get("swagger"),
            "version": (document.get("info") or {}).get("version"),
            **count_document(document),
        }
        lock_path = target.with_suffix(".lock.json")
        lock_temp = lock_path.with_name(f".{lock_path.name}.tmp")
        lock_temp.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")
        os.replace(temp, target)
        os.replace(lock_temp, lock_path)
    finally:
        temp.unlink(missing_ok=True)
    return Downloaded(target, lock_path, lock["sha256"], len(payload), lock)
