"""The download stage: fetch the vendor's spec and describe it in a lock file.

Sources are an http(s) URL or a local path; the document is plain JSON/YAML or an HTML page
with the spec embedded the way ReDoc embeds it (`const __redoc_state = {..."spec": {"data": ...}}`),
which is how Commanders Act publishes theirs. Installing it is `pipeline.download`'s job.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..config import ApiConfig
from ..diagnostics import error
from ..vocabulary import path_item_operations

REDOC_MARKER = "__redoc_state"
PROGRESS_THRESHOLD = 1 << 20


def fetch_bytes(source: str, *, timeout: float = 30.0, progress: bool = False) -> bytes:
    """Read `source` (URL or path) completely; errors name the source.

    `timeout` bounds every network wait (connecting, and each read); a body shorter than its
    Content-Length is an error. With `progress`, a line on stderr follows downloads over 1 MiB.
    """
    if "://" not in source:
        try:
            return Path(source).read_bytes()
        except OSError as failure:
            raise error(
                "download.io",
                f"cannot read {source}: {failure.strerror or failure}",
                file=source,
                exit_code=2,
            ) from None
    chunks: list[bytes] = []
    received = expected = 0
    shown = False
    try:
        request = urllib.request.Request(source, headers={"User-Agent": f"sdkgen/{__version__}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                received += len(chunk)
                if progress and max(expected, received) > PROGRESS_THRESHOLD:
                    done = f"{received * 100 // expected}%" if expected else ""
                    print(
                        f"\rdownloading {source}: {received >> 10} KiB {done}",
                        end="",
                        file=sys.stderr,
                    )
                    shown = True
    except urllib.error.HTTPError as failure:
        raise error(
            "download.http",
            f"{source} answered HTTP {failure.code} {failure.reason}",
            file=source,
            exit_code=2,
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as failure:
        reason = getattr(failure, "reason", None) or failure
        if isinstance(reason, TimeoutError) or isinstance(failure, TimeoutError):
            reason = f"no answer within {timeout:g}s (--timeout)"
        raise error(
            "download.network", f"cannot fetch {source}: {reason}", file=source, exit_code=2
        ) from None
    finally:
        if shown:
            print(file=sys.stderr)
    body = b"".join(chunks)
    if expected and len(body) < expected:
        raise error(
            "download.truncated",
            f"{source}: the connection closed after {len(body)} of {expected} bytes",
            file=source,
            exit_code=2,
        )
    return body


def extract_document(body: bytes, source: str, spec_format: str = "auto") -> dict[str, Any]:
    """Turn downloaded bytes into the OpenAPI document they carry."""
    text = body.decode("utf-8", errors="replace")
    if spec_format == "redoc-html" or (spec_format == "auto" and REDOC_MARKER in text):
        return extract_redoc_state(text, source)
    if text.lstrip()[:1] == "<":
        raise error(
            "download.no-spec",
            f"{source} is an HTML/XML page without an embedded {REDOC_MARKER} spec",
            file=source,
        )
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
        len(path_item_operations(item)) for item in paths.values() if isinstance(item, dict)
    )
    schemas = ((document.get("components") or {}).get("schemas")) or {}
    return {"paths": len(paths), "operations": operations, "schemas": len(schemas)}


@dataclass(frozen=True)
class Fetched:
    """A spec fetched and extracted, not yet checked or installed."""

    source: str
    body: bytes  # as fetched (an HTML page, JSON or YAML)
    document: dict[str, Any]
    payload: bytes  # the document as the local copy stores it (indented JSON)

    def lock(self, now: datetime | None = None) -> dict[str, Any]:
        """The lock file's content for this spec, downloaded `now`."""
        stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        return {
            "source": self.source,
            "sha256": hashlib.sha256(self.payload).hexdigest(),
            "size": len(self.payload),
            "source_size": len(self.body),
            "downloaded_at": stamp,
            "openapi": self.document.get("openapi") or self.document.get("swagger"),
            "version": (self.document.get("info") or {}).get("version"),
            **count_document(self.document),
        }


def lock_path_for(spec_path: Path) -> Path:
    return spec_path.with_suffix(".lock.json")


def lock_text(lock: dict[str, Any]) -> str:
    return json.dumps(lock, indent=2, sort_keys=True) + "\n"


def fetch_spec(
    config: ApiConfig,
    *,
    source: str | None = None,
    timeout: float = 30.0,
    progress: bool = False,
) -> Fetched:
    """Fetch the spec named by the config (or `source`) and extract its document."""
    spec_format = "auto" if source else config.spec_format
    source = source or config.spec_source
    if not source or config.spec_path is None:
        raise error(
            "download.usage",
            "the config names no spec source (spec.source, or --source) or no spec.path",
            file=str(config.path or ""),
            exit_code=2,
        )
    body = fetch_bytes(source, timeout=timeout, progress=progress)
    document = extract_document(body, source, spec_format)
    payload = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    return Fetched(source, body, document, payload)
