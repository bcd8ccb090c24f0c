"""Wires the stages together: load → repair → overlay → validate → normalize → render → format → write.

Each stage lives in its own module; this one only decides the order and what flows between them,
so the CLI (and tests, and benchmarks) can run the whole pipeline or stop after any stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import ir
from .config import ApiConfig
from .diagnostics import Diagnostic, SdkgenError
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
    with timings.measure("write"):
        report = write_tree(generation.files, output_dir)
    return generation, report, prepared
