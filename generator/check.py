"""Check: is a generated SDK in step with its inputs?

At generation time the pipeline writes a manifest into the output directory: a digest of every
input (spec bytes, overlays, config, templates, generator sources and version, the formatter,
the options) and the SHA-256 of every file it wrote. `check` first takes the fast path: when the
inputs hash to the recorded digest and the files on disk still hash to the recorded ones, the
SDK is up to date and nothing is rendered. Otherwise it regenerates in memory and compares file
by file. Hand-written `_custom/` directories are never compared, and neither are sdkgen's own
bookkeeping files (manifest, surface record, changelog), which follow from the generated code.

This module stays light (no pipeline import at load time) so the fast path is fast.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .config import ApiConfig

MANIFEST = ".sdkgen-manifest.json"
SURFACE = ".sdkgen-surface.json"
CHANGELOG = "CHANGELOG.md"
BOOKKEEPING = (MANIFEST, SURFACE, CHANGELOG)
PRESERVE = ("_custom",)
GENERATOR_DIR = Path(__file__).resolve().parent


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
    from .format import formatter_identity
    from .render import default_templates_dir, templates_digest

    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    add("spec", Path(spec_path).read_bytes())
    add("config", config.path.read_bytes() if config.path else b"")
    for index, overlay in enumerate(config.overlays):
        add(f"overlay{index}", overlay.read_bytes())
    add("templates", templates_digest(default_templates_dir()).encode())
    for source in sorted(GENERATOR_DIR.glob("*.py")):
        add(f"generator/{source.name}", source.read_bytes())
    add("version", __version__.encode())
    add("formatter", formatter_identity(config.formatter).encode())  # a switch regenerates
    add("options", json.dumps([package_name, allow_invalid]).encode())
    return digest.hexdigest()


def manifest_text(inputs: str | None, files: Mapping[str, str]) -> str:
    """The manifest for `files` (every file written except the manifest itself)."""
    payload = {
        "generator": f"sdkgen {__version__}",
        "inputs": inputs,
        "files": {path: sha256_bytes(text.encode()) for path, text in sorted(files.items())},
    }
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


def files_on_disk(output_dir: Path) -> list[str]:
    """Relative POSIX paths under `output_dir`, without `_custom/` and `__pycache__`."""
    found: list[str] = []
    if not output_dir.is_dir():
        return found
    for directory, dirnames, filenames in os.walk(output_dir):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        base = Path(directory).relative_to(output_dir)
        for name in filenames:
            if name.endswith(".pyc"):
                continue
            relative = (base / name).as_posix()
            if not is_preserved(relative):
                found.append(relative)
    return sorted(found)


@dataclass(frozen=True)
class StaleFile:
    path: str
    status: str  # "changed", "missing" (would be written), "extra" (would be removed)
    added_lines: int = 0
    removed_lines: int = 0
    diff: tuple[str, ...] = ()  # unified diff lines (changed and missing files)


@dataclass(frozen=True)
class CheckResult:
    output_dir: Path
    fast_path: bool  # answered from the manifest, without rendering
    stale: tuple[StaleFile, ...] = field(default=())
    reason: str = ""

    @property
    def up_to_date(self) -> bool:
        return not self.stale


def fast_check(output_dir: Path, inputs: str) -> bool:
    """True when the manifest records `inputs` and every recorded file is on disk unchanged."""
    manifest = read_manifest(output_dir)
    if manifest is None or manifest.get("inputs") != inputs:
        return False
    recorded = manifest.get("files")
    if not isinstance(recorded, dict):
        return False
    on_disk = [path for path in files_on_disk(output_dir) if path != MANIFEST]
    if sorted(recorded) != on_disk:
        return False
    return all(sha256_bytes((output_dir / path).read_bytes()) == recorded[path] for path in on_disk)


def compare_tree(expected: Mapping[str, str], output_dir: Path) -> tuple[StaleFile, ...]:
    """How `output_dir` differs from `expected` (bookkeeping and `_custom/` left out)."""
    wanted = {p: t for p, t in expected.items() if p not in BOOKKEEPING and not is_preserved(p)}
    present = [p for p in files_on_disk(output_dir) if p not in BOOKKEEPING]
    stale: list[StaleFile] = []
    for path in sorted(set(wanted) | set(present)):
        if path not in wanted:
            stale.append(StaleFile(path, "extra"))
            continue
        new_lines = wanted[path].splitlines(keepends=True)
        if path not in present:
            diff = difflib.unified_diff([], new_lines, "/dev/null", f"b/{path}")
            stale.append(StaleFile(path, "missing", len(new_lines), 0, tuple(diff)))
            continue
        try:
            old_text = (output_dir / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            old_text = ""
        if old_text == wanted[path]:
            continue
        diff_lines = tuple(
            difflib.unified_diff(
                old_text.splitlines(keepends=True), new_lines, f"a/{path}", f"b/{path}"
            )
        )
        added = sum(1 for x in diff_lines if x.startswith("+") and not x.startswith("+++"))
        removed = sum(1 for x in diff_lines if x.startswith("-") and not x.startswith("---"))
        stale.append(StaleFile(path, "changed", added, removed, diff_lines))
    return tuple(stale)


def check(
    spec_path: Path,
    output_dir: Path,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
    fast: bool = True,
) -> CheckResult:
    """Compare `output_dir` with what generating `spec_path` would write now."""
    output_dir = Path(output_dir)
    inputs = inputs_digest(
        spec_path, config, package_name=package_name, allow_invalid=allow_invalid
    )
    if fast and fast_check(output_dir, inputs):
        return CheckResult(output_dir, True, (), "inputs unchanged since the last generation")
    from .pipeline import build_sdk, output_files, prepare_spec

    prepared = prepare_spec(Path(spec_path), config)
    generation = build_sdk(prepared, config, package_name=package_name, allow_invalid=allow_invalid)
    expected = output_files(generation, output_dir, inputs=inputs)
    stale = compare_tree(expected, output_dir)
    if not output_dir.is_dir():
        reason = "the output directory does not exist"
    elif stale:
        reason = "regenerated in memory: the output differs"
    else:
        reason = "regenerated in memory: no difference"
    return CheckResult(output_dir, False, stale, reason)


def format_result(result: CheckResult, *, max_diff_lines: int | None = 200) -> str:
    """The report `sdkgen check` prints: one line when up to date, else a summary and diffs."""
    how = "fast path" if result.fast_path else "full check"
    if result.up_to_date:
        return f"{result.output_dir}: up to date ({how}: {result.reason})\n"
    counts = {status: 0 for status in ("changed", "missing", "extra")}
    for item in result.stale:
        counts[item.status] += 1
    lines = [
        (
            f"{result.output_dir}: STALE ({result.reason}): {len(result.stale)} file(s) differ "
            f"({counts['changed']} changed, {counts['missing']} missing, "
            f"{counts['extra']} no longer generated)"
        ),
    ]
    for item in result.stale:
        lines.append(
            f"  {item.status:8} {item.path}"
            + (f" (+{item.added_lines} -{item.removed_lines})" if item.status != "extra" else "")
        )
    diff_lines: list[str] = [line.rstrip("\n") for item in result.stale for line in item.diff]
    if diff_lines:
        lines.append("")
        shown: Sequence[str] = diff_lines
        if max_diff_lines is not None and len(diff_lines) > max_diff_lines:
            shown = diff_lines[:max_diff_lines]
        lines.extend(shown)
        if len(shown) < len(diff_lines):
            lines.append(f"... {len(diff_lines) - len(shown)} more diff line(s) (use --verbose)")
    lines.append("regenerate with `sdkgen generate` (or `make sdk`) and review the changes")
    return "\n".join(lines) + "\n"
