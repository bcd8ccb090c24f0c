"""Wires the stages together: load → repair → overlay → validate → normalize → render → format → write.

Each stage lives in its own module; this one only decides the order and what flows between them,
so the CLI (and tests, and benchmarks) can run the whole pipeline or stop after any stage.

Beside the SDK, `write_sdk` keeps three files of bookkeeping in the output directory (see
`output_files`): a manifest of the inputs and files (for `sdkgen check`'s fast path), a record of
the SDK's surface (for the next changelog entry), and `CHANGELOG.md`, which gets an entry each
time a regeneration changes the SDK's operations or models.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ir
from .check import CHANGELOG, MANIFEST, SURFACE, inputs_digest, manifest_text
from .config import ApiConfig
from .diagnostics import Diagnostic, SdkgenError
from .diff import RECORD_FORMAT, compare, format_markdown, surface_record
from .format import format_sources
from .loader import load_document
from .normalize import normalize
from .overlay import apply_overlays
from .render import render_sdk
from .repair import repair_document
from .validate import validate_document
from .writer import WriteReport, write_tree


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
    """The whole pipeline. Nothing is written unless every stage before `write` succeeded."""
    timings = timings or StageTimings()
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
    inputs = inputs_digest(
        spec_path, config, package_name=package_name, allow_invalid=allow_invalid
    )
    spec_sha256 = hashlib.sha256(Path(spec_path).read_bytes()).hexdigest()
    with timings.measure("write"):
        report = write_sdk(generation, output_dir, inputs=inputs, spec_sha256=spec_sha256)
    return generation, report, prepared


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
