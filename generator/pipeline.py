"""Wires the stages together: load → repair → overlay → validate → normalize → render → format → write.

Each stage lives in its own module; this one only decides the order and what flows between them,
so the CLI (and tests, and benchmarks) can run the whole pipeline or stop after any stage.

Beside the SDK, `write_sdk` keeps three files of bookkeeping in the output directory (see
`output_files`): a manifest of the inputs and files (for `sdkgen check`'s fast path), a record of
the SDK's surface (for the next changelog entry), and `CHANGELOG.md`, which gets an entry each
time a regeneration changes the SDK's operations or models.

No-op regeneration: `generate` keeps a record of each successful run (the prepared spec, the IR,
the warnings and the order of the files) in the cache (`$SDKGEN_CACHE_DIR/runs`, see
`format.cache_root`), keyed by the inputs digest of the manifest, the spec path and the config.
When the output directory's manifest records the same inputs, its files are intact and nothing
else lies there that writing would remove, the run is replayed from that record: same return
values, same (untouched) output, no stage run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ir
from .check import (
    CHANGELOG,
    MANIFEST,
    PRESERVE,
    SURFACE,
    fast_check,
    inputs_digest,
    manifest_text,
    read_manifest,
)
from .config import ApiConfig
from .diagnostics import Diagnostic, SdkgenError
from .diff import RECORD_FORMAT, compare, format_markdown, surface_record
from .format import cache_root, format_sources
from .loader import load_document
from .normalize import normalize
from .overlay import apply_overlays
from .render import render_sdk
from .repair import repair_document
from .validate import validate_document
from .writer import MARKER, WriteReport, existing_files, is_preserved, write_tree


@dataclass
class StageTimings:
    """Wall time per stage in seconds, in the order the stages ran (for --verbose and benchmarks)."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class PreparedSpec:
    """A spec after load, repair and overlays, with what validation says of it."""

    path: Path
    data: dict[str, Any]
    warnings: tuple[Diagnostic, ...]  # repairs made and overlay notes
    errors: tuple[Diagnostic, ...]  # validation errors left after repair and overlays


@dataclass(frozen=True)
class Generation:
    api: ir.Api
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]


def prepare_spec(
    spec_path: Path, config: ApiConfig, timings: StageTimings | None = None
) -> PreparedSpec:
    """Load the spec, repair it, apply the config's overlays (in that order), and validate it."""
    timings = timings or StageTimings()
    with timings.measure("load"):
        document = load_document(spec_path)
    file = str(spec_path)
    with timings.measure("repair"):
        repaired, repairs = repair_document(document.data, file)
    with timings.measure("overlay"):
        overlaid, overlay_notes = apply_overlays(repaired, config.overlays)
    with timings.measure("validate"):
        errors = validate_document(overlaid, file)
    return PreparedSpec(spec_path, overlaid, (*repairs, *overlay_notes), tuple(errors))


def build_sdk(
    prepared: PreparedSpec,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
    timings: StageTimings | None = None,
) -> Generation:
    """Normalize a prepared spec and render the formatted SDK files in memory (nothing written)."""
    timings = timings or StageTimings()
    if prepared.errors and not allow_invalid:
        raise SdkgenError(prepared.errors, exit_code=1)
    package = package_name or config.package_name
    if not package:
        raise SdkgenError(
            [
                Diagnostic(
                    "error",
                    "usage.package",
                    "no package name: pass --package or set it in the config",
                )
            ],
            exit_code=2,
        )
    with timings.measure("normalize"):
        api, notes = normalize(
            prepared.data,
            config=config,
            package_name=package,
            source_name=prepared.path.name,
            client_class_name=config.client_class_name,
        )
    with timings.measure("render"):
        rendered = render_sdk(api)
    with timings.measure("format"):
        files = format_sources(rendered)
    return Generation(api, files, tuple(notes))


def generate(
    spec_path: Path,
    output_dir: Path,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
    timings: StageTimings | None = None,
    on_prepared: Callable[[PreparedSpec], None] | None = None,
) -> tuple[Generation, WriteReport, PreparedSpec]:
    """The whole pipeline. Nothing is written unless every stage before `write` succeeded.

    When nothing changed since the last generation into `output_dir`, the run is replayed from
    its record (see the module's docstring) instead."""
    timings = timings or StageTimings()
    with timings.measure("fast-path"):
        inputs = inputs_digest(
            spec_path, config, package_name=package_name, allow_invalid=allow_invalid
        )
        record_path = _run_record_path(inputs, spec_path, config)
        replayed = _replay(record_path, Path(output_dir), inputs)
    if replayed is not None:
        if on_prepared is not None:
            on_prepared(replayed[2])
        return replayed
    prepared = prepare_spec(spec_path, config, timings)
    if on_prepared is not None:
        on_prepared(prepared)
    generation = build_sdk(
        prepared,
        config,
        package_name=package_name,
        allow_invalid=allow_invalid,
        timings=timings,
    )
    spec_sha256 = hashlib.sha256(Path(spec_path).read_bytes()).hexdigest()
    with timings.measure("write"):
        report = write_sdk(generation, output_dir, inputs=inputs, spec_sha256=spec_sha256)
        _save_record(record_path, prepared, generation)
    return generation, report, prepared


RECORD_FORMAT_VERSION = 1
RECORDS_KEPT = 8  # run records kept in the cache (least recently used ones are removed)


def _run_record_path(inputs: str, spec_path: Path, config: ApiConfig) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    # The spec path and the config's paths appear in diagnostics: part of the key, like inputs.
    key = f"{RECORD_FORMAT_VERSION}\0{inputs}\0{spec_path}\0{config!r}"
    return root / "runs" / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"


def _replay(
    record_path: Path | None, output_dir: Path, inputs: str
) -> tuple[Generation, WriteReport, PreparedSpec] | None:
    """What `generate` would return, from the run record, when writing would change nothing."""
    if record_path is None or not record_path.is_file() or not fast_check(output_dir, inputs):
        return None
    manifest = read_manifest(output_dir) or {}
    # write_tree leaves the output alone only when it holds exactly the files it would write
    # (plus preserved directories): not, say, a __pycache__ directory, which it removes.
    expected = sorted({*manifest.get("files", {}), MANIFEST, MARKER})
    present = [path for path in existing_files(output_dir) if not is_preserved(path, PRESERVE)]
    if present != expected or any((output_dir / path).is_symlink() for path in present):
        return None
    try:
        with open(record_path, "rb") as stream:
            prepared, api, warnings, order = pickle.load(stream)
        files = {path: (output_dir / path).read_bytes().decode("utf-8") for path in order}
        os.utime(record_path)  # recently used: kept by the pruning in _save_record
    except Exception:  # noqa: BLE001 - a stale or damaged record: just generate
        return None
    return Generation(api, files, warnings), WriteReport((), tuple(expected), ()), prepared


def _save_record(record_path: Path | None, prepared: PreparedSpec, generation: Generation) -> None:
    if record_path is None or record_path.is_file():
        return  # the same inputs give the same record
    payload = (prepared, generation.api, generation.warnings, list(generation.files))
    try:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=record_path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, record_path)
        except BaseException:
            os.unlink(temporary)
            raise
        records = sorted(
            (entry for entry in record_path.parent.iterdir() if not entry.name.startswith(".")),
            key=lambda entry: entry.stat().st_mtime,
        )
        for old in records[:-RECORDS_KEPT]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - unwritable cache, unpicklable value: it only saves time
        return


def write_sdk(
    generation: Generation,
    output_dir: Path,
    *,
    inputs: str | None = None,
    spec_sha256: str | None = None,
) -> WriteReport:
    """Write the generated files and the bookkeeping beside them (see `output_files`)."""
    files = output_files(generation, output_dir, inputs=inputs, spec_sha256=spec_sha256)
    return write_tree(files, output_dir)


def output_files(
    generation: Generation,
    output_dir: Path,
    *,
    inputs: str | None = None,
    spec_sha256: str | None = None,
) -> dict[str, str]:
    """The SDK's files plus the bookkeeping: the surface record, `CHANGELOG.md` (the previous
    one, with an entry added when the surface recorded in `output_dir` differs) and the manifest.
    Deterministic: the same generation over the same previous output gives the same bytes."""
    files = dict(generation.files)
    record = surface_record(generation.api)
    files[SURFACE] = json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"
    files[CHANGELOG] = changelog_text(generation.api, record, Path(output_dir), spec_sha256)
    files[MANIFEST] = manifest_text(inputs, files)
    return files


CHANGELOG_HEADER = """\
# Changelog

Changes of this SDK's operations and models, newest first. sdkgen adds an entry each time a
regeneration changes them, with the semantic-version bump it suggests.
"""


def changelog_text(
    api: ir.Api, record: dict[str, Any], output_dir: Path, spec_sha256: str | None
) -> str:
    """`CHANGELOG.md` after this generation."""
    try:
        previous_text: str | None = (output_dir / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        previous_text = None
    try:
        previous = json.loads((output_dir / SURFACE).read_text(encoding="utf-8"))
        if not isinstance(previous, dict) or previous.get("format") != RECORD_FORMAT:
            previous = None
    except (OSError, ValueError):
        previous = None
    source = api.source_name + (f" (sha256 {spec_sha256[:12]})" if spec_sha256 else "")
    if previous is None:
        if previous_text is not None:
            return previous_text
        operations = len(record["operations"])
        return (
            f"{CHANGELOG_HEADER}\n## {api.title} {api.version}: first generation\n\n"
            f"Generated from {source}: {operations} operations, {len(api.models)} models.\n"
        )
    changes = compare(previous, record)
    if changes.bump == "none":
        return previous_text if previous_text is not None else CHANGELOG_HEADER
    entry = format_markdown(changes, source=source)
    text = previous_text if previous_text is not None else CHANGELOG_HEADER
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[: at + 1] + entry + "\n" + text[at + 1 :]
