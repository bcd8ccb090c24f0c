"""The bookkeeping sdkgen keeps beside a generated SDK, and the digest of its inputs.

At generation time the pipeline writes a manifest into the output directory: a digest of every
input (spec bytes, overlays, config, templates, generator sources and version, black's version,
the options) and the SHA-256 of every file it wrote. `fast_check` answers "is this output what
these inputs generate?" from it without rendering; `generate` uses it to replay a no-op run and
`sdkgen check` to answer without regenerating.

This module depends on no stage (the templates digest is imported where it is computed), so the
commands (`check`, `generate`, `update`) and the pipeline can all use it: the dependencies point
one way, commands → pipeline → bookkeeping and stages.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import ApiConfig
from ..load.limits import max_spec_bytes, read_limited

MANIFEST = ".sdkgen-manifest.json"
SURFACE = ".sdkgen-surface.json"
ALIASES = ".sdkgen-aliases.json"  # the deprecated aliases kept (see `release`)
CHANGELOG = "CHANGELOG.md"
BOOKKEEPING = (MANIFEST, SURFACE, ALIASES, CHANGELOG)
PRESERVE = ("_custom",)
GENERATOR_DIR = Path(__file__).resolve().parent.parent


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_digest(
    spec_path: Path,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
) -> str:
    """One SHA-256 over everything that decides the generated files."""
    from ..format.formatting import formatter_identity
    from ..render.environment import default_templates_dir, templates_digest

    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    # Read within the size limit: a huge file is refused before it is read into memory.
    add("spec", read_limited(Path(spec_path), max_spec_bytes()))
    add("config", config.path.read_bytes() if config.path else b"")
    for index, overlay in enumerate(config.overlays):
        add(f"overlay{index}", overlay.read_bytes())
    add("templates", templates_digest(default_templates_dir()).encode())
    for source in sorted(GENERATOR_DIR.rglob("*.py")):  # the stages' packages too
        add(f"generator/{source.relative_to(GENERATOR_DIR).as_posix()}", source.read_bytes())
    add("version", __version__.encode())
    add("formatter", formatter_identity(config.formatter).encode())  # a switch regenerates
    add("options", json.dumps([package_name, allow_invalid]).encode())
    return digest.hexdigest()


def manifest_text(
    inputs: str | None, files: Mapping[str, str], sdk_version: str | None = None
) -> str:
    """The manifest for `files` (every file written except the manifest itself); it also records
    the SDK's version, which the next generation bumps."""
    payload: dict[str, Any] = {
        "generator": f"sdkgen {__version__}",
        "inputs": inputs,
        "files": {path: sha256_bytes(text.encode()) for path, text in sorted(files.items())},
    }
    if sdk_version is not None:
        payload["sdk_version"] = sdk_version
    return json.dumps(payload, indent=1, sort_keys=True) + "\n"


def read_manifest(output_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_preserved(path: str) -> bool:
    from .writer import is_preserved as preserved

    return preserved(path, PRESERVE)


def manifest_files(output_dir: Path) -> frozenset[str] | None:
    """Every file the last generation wrote into `output_dir` (the manifest included), from its
    manifest; None when there is no readable manifest (then no file can be proven generated)."""
    manifest = read_manifest(output_dir)
    recorded = manifest.get("files") if manifest is not None else None
    if not isinstance(recorded, dict) or not all(isinstance(path, str) for path in recorded):
        return None
    return frozenset({*recorded, MANIFEST})


def files_on_disk(output_dir: Path) -> list[str]:
    """Relative POSIX paths of every file (and symlink) under `output_dir`."""
    found: list[str] = []
    if not output_dir.is_dir():
        return found
    for directory, dirnames, filenames in os.walk(output_dir):
        base = Path(directory).relative_to(output_dir)
        links = [name for name in dirnames if (Path(directory) / name).is_symlink()]
        found.extend((base / name).as_posix() for name in (*filenames, *links))
    return sorted(found)


def fast_check(output_dir: Path, inputs: str) -> bool:
    """True when the manifest records `inputs` and every recorded file is on disk unchanged.
    (The same inputs generate the same files, so nothing recorded is "no longer generated";
    files sdkgen did not write do not matter.)"""
    manifest = read_manifest(output_dir)
    if manifest is None or manifest.get("inputs") != inputs:
        return False
    recorded = manifest.get("files")
    if not isinstance(recorded, dict):
        return False
    for path, digest in recorded.items():
        try:
            if sha256_bytes((output_dir / path).read_bytes()) != digest:
                return False
        except (OSError, TypeError, ValueError):  # missing, a folder, a damaged entry
            return False
    return True
