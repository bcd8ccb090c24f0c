"""Check: is a generated SDK in step with its inputs?

`check` first takes the fast path (`manifest.fast_check`): when the inputs hash to the digest the
last generation recorded and the files on disk still hash to the recorded ones, the SDK is up to
date and nothing is rendered. Otherwise it regenerates in memory and compares file by file. Only
what sdkgen writes is compared: files it did not write (a `LICENSE`, `tests/`, `_custom/`, tool
caches such as `.mypy_cache/`) are kept by regeneration and at most noted, and sdkgen's own
bookkeeping files (manifest, surface record, changelog) follow from the generated code. A file the
previous generation wrote (its manifest says which) that is no longer generated is stale:
regeneration removes it.

This module is a command: it uses the pipeline (imported only when the fast path cannot answer,
so the fast path stays fast); the pipeline never imports it.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ApiConfig

# The bookkeeping lives in `manifest` (shared with the pipeline); its names stay importable here.
from ..write.manifest import (
    BOOKKEEPING,
    CHANGELOG,
    GENERATOR_DIR,
    MANIFEST,
    PRESERVE,
    SURFACE,
    fast_check,
    files_on_disk,
    inputs_digest,
    is_preserved,
    manifest_files,
    manifest_text,
    read_manifest,
    sha256_bytes,
)

__all__ = [
    "BOOKKEEPING",
    "CHANGELOG",
    "GENERATOR_DIR",
    "MANIFEST",
    "PRESERVE",
    "SURFACE",
    "CheckResult",
    "StaleFile",
    "check",
    "compare_tree",
    "fast_check",
    "files_on_disk",
    "format_result",
    "inputs_digest",
    "is_preserved",
    "manifest_files",
    "manifest_text",
    "read_manifest",
    "sha256_bytes",
    "summarize_kept",
]


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts))]


def summarize_kept(paths: Sequence[str], generated: Collection[str]) -> tuple[str, ...]:
    """`paths` (files sdkgen did not write) as the folders holding them ("tests/") wherever a
    folder holds no generated file, else as themselves."""
    generated_dirs = {parent for path in generated for parent in _parents(path)}
    shown: set[str] = set()
    for path in paths:
        folder = next((p for p in _parents(path) if p not in generated_dirs), None)
        shown.add(folder + "/" if folder is not None else path)
    return tuple(sorted(shown))


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
    kept: tuple[str, ...] = ()  # what sdkgen did not write there (folders end with "/"): a note

    @property
    def up_to_date(self) -> bool:
        return not self.stale


def compare_tree(
    expected: Mapping[str, str], output_dir: Path
) -> tuple[tuple[StaleFile, ...], tuple[str, ...]]:
    """How `output_dir` differs from `expected` (bookkeeping and `_custom/` left out), and what
    lies there that sdkgen did not write (summarized by `summarize_kept`)."""
    wanted = {p: t for p, t in expected.items() if p not in BOOKKEEPING and not is_preserved(p)}
    recorded = manifest_files(output_dir) or frozenset()
    present = [p for p in files_on_disk(output_dir) if p not in BOOKKEEPING]
    generated_before = {p for p in present if p in recorded and not is_preserved(p)}
    not_ours = [p for p in present if p not in wanted and p not in generated_before]
    stale: list[StaleFile] = []
    for path in sorted(set(wanted) | generated_before):
        if path not in wanted:
            stale.append(StaleFile(path, "extra"))  # written before, no longer generated
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
    return tuple(stale), summarize_kept(not_ours, expected)


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
    from .stages import build_sdk, output_files, prepare_spec

    prepared = prepare_spec(Path(spec_path), config)
    generation = build_sdk(
        prepared,
        config,
        package_name=package_name,
        allow_invalid=allow_invalid,
        output_dir=output_dir,
    )
    expected = output_files(generation, output_dir, inputs=inputs)
    stale, kept = compare_tree(expected, output_dir)
    if not output_dir.is_dir():
        reason = "the output directory does not exist"
    elif stale:
        reason = "regenerated in memory: the output differs"
    else:
        reason = "regenerated in memory: no difference"
    return CheckResult(output_dir, False, stale, reason, kept)


def format_result(result: CheckResult, *, max_diff_lines: int | None = 200) -> str:
    """The report `sdkgen check` prints: one line when up to date, else a summary and diffs."""
    how = "fast path" if result.fast_path else "full check"
    note = (
        f"note: not written by sdkgen, kept and not compared: {', '.join(result.kept)}\n"
        if result.kept
        else ""
    )
    if result.up_to_date:
        return f"{result.output_dir}: up to date ({how}: {result.reason})\n{note}"
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
    return "\n".join(lines) + "\n" + note
