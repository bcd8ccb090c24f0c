"""The stages in order and what flows between them: load → repair → overlay → validate
(`prepare_spec`), normalize → release → render → format (`build_sdk`), then the files written
with the bookkeeping beside them (`output_files`, `write_sdk`). Each stage lives in its own
package; this module only wires them, so the commands (and tests, and benchmarks) can run the
whole pipeline or stop after any stage.

Beside the SDK, `output_files` adds the bookkeeping of the output directory: a manifest of the
inputs and files (for `sdkgen check`'s fast path), a record of the SDK's surface and of the
deprecated aliases kept (for the next generation's release), and `CHANGELOG.md`, which gets an
entry each time a regeneration changes the SDK's operations or models.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ir, progress
from ..config import ApiConfig, python_name_problem
from ..diagnostics import Diagnostic, SdkgenError, error
from ..format.formatting import format_sources
from ..release.plan import (
    PreviousOutput,
    Release,
    ReleasePolicy,
    aliases_text,
    describe_spec,
    plan_release,
    read_previous,
)
from ..validate import validator as validation
from ..write.manifest import (
    ALIASES,
    CHANGELOG,
    MANIFEST,
    SURFACE,
    manifest_files,
    manifest_text,
)
from ..write.writer import WriteReport, write_tree

# The stages (and their libraries) are imported where they run, not here: a replayed no-op
# regeneration needs none of them.


# What the progress line says while a stage runs (see progress.py).
STAGE_LABELS = {
    "fast-path": "comparing with the last run",
    "load": "loading",
    "repair": "repairing",
    "overlay": "applying overlays",
    "validate": "validating",
    "normalize": "normalizing",
    "render": "rendering",
    "format": "formatting",
    "write": "writing",
}


@dataclass
class StageTimings:
    """Wall time per stage in seconds, in the order the stages ran (for --verbose and benchmarks);
    the stage running is shown on the progress line."""

    seconds: dict[str, float] = field(default_factory=dict)
    last_started: str = ""  # the stage running, or the last one to run

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        self.last_started = stage
        try:
            with progress.current().task(STAGE_LABELS.get(stage, stage)):
                yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


@contextmanager
def recursion_guard(spec_path: Path, timings: StageTimings | None = None) -> Iterator[None]:
    """Turn a RecursionError from any stage into an error naming the spec. The loader refuses
    documents nested deeper than `limits.MAX_DEPTH` and `$ref` chains that loop, so this is a
    last resort for structures no limit foresaw (a stage, or a library, recursing per level)."""
    try:
        yield
    except RecursionError:
        stage = timings.last_started if timings is not None and timings.last_started else ""
        raise error(
            "spec.too-deep",
            "the document is nested or linked too deeply"
            + (f" for the {stage} stage" if stage else "")
            + " (Python's recursion limit was reached); flatten the deepest schemas or "
            "examples, or split them with $ref",
            file=str(spec_path),
        ) from None


@dataclass(frozen=True)
class PreparedSpec:
    """A spec after load, repair and overlays, with what validation says of it."""

    path: Path
    data: dict[str, Any]
    warnings: tuple[Diagnostic, ...]  # repairs made and overlay notes
    errors: tuple[Diagnostic, ...]  # validation errors left after repair and overlays

    def __post_init__(self) -> None:
        # A repair that refuses reports an error (two spellings of one path defining the same
        # method): it counts with the validation errors, ahead of them.
        refused = tuple(d for d in self.warnings if d.severity == "error")
        if refused:
            notes = tuple(d for d in self.warnings if d.severity != "error")
            object.__setattr__(self, "warnings", notes)
            object.__setattr__(self, "errors", (*refused, *self.errors))


@dataclass(frozen=True)
class Generation:
    api: ir.Api
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]
    # The version, deprecated aliases and changes of this generation, planned against the
    # output it replaces (`release.plan_release`); None: not planned yet (`output_files` plans).
    # Not part of the generation's identity (`==`): the same SDK follows different histories.
    release: Release | None = field(default=None, compare=False)


def prepare_spec(
    spec_path: Path, config: ApiConfig, timings: StageTimings | None = None
) -> PreparedSpec:
    """Load the spec, repair it, apply the config's overlays (in that order), and validate it."""
    timings = timings or StageTimings()
    with recursion_guard(spec_path, timings):
        data, warnings = load_repair_overlay(spec_path, config, timings)
        with timings.measure("validate"):
            errors = validation.validate_document(data, str(spec_path))
    return PreparedSpec(spec_path, data, warnings, tuple(errors))


def load_repair_overlay(
    spec_path: Path, config: ApiConfig, timings: StageTimings
) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    """The stages before validation: the document to validate, and the repairs and overlay
    notes made on the way."""
    from ..load.loader import load_document
    from ..repair.overlay import apply_overlays
    from ..repair.repairs import repair_document

    with timings.measure("load"):
        document = load_document(spec_path)
    with timings.measure("repair"):
        repaired, repairs = repair_document(document.data, str(spec_path))
    with timings.measure("overlay"):
        # `repaired` is a copy of the loaded document that nothing else holds: changed in place.
        overlaid, overlay_notes = apply_overlays(repaired, config.overlays, copy=False)
    return overlaid, (*repairs, *overlay_notes)


def build_sdk(
    prepared: PreparedSpec,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
    timings: StageTimings | None = None,
    output_dir: Path | None = None,
    version: str | None = None,
) -> Generation:
    """Normalize a prepared spec and render the formatted SDK files in memory (nothing written).

    `output_dir` is the previous output this generation follows (its version, aliases and
    surface decide the new ones, see `release`); `version` is `--version`."""
    if prepared.errors and not allow_invalid:
        raise SdkgenError(prepared.errors, exit_code=1)
    timings = timings or StageTimings()
    with recursion_guard(prepared.path, timings):
        return build_generation(
            prepared.path,
            prepared.data,
            config,
            package_name,
            timings,
            previous=read_previous(output_dir),
            policy=ReleasePolicy.from_config(config, version),
        )


def build_generation(
    spec_path: Path,
    data: dict[str, Any],
    config: ApiConfig,
    package_name: str | None,
    timings: StageTimings,
    executor: Executor | None = None,
    checkpoint: Callable[[], object] | None = None,
    *,
    previous: PreviousOutput,
    policy: ReleasePolicy,
) -> Generation:
    """The stages after validation on a spec document (`build_sdk` without its gate). Formatting
    runs in `executor` when given, and `checkpoint` once the formatting is handed out (see
    `format_sources`): a validation running meanwhile can stop the generation there."""
    from ..normalize import normalize
    from ..render.runtime import runtime_paths
    from ..render.sdk import render_sdk

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
    problem = python_name_problem(package, "package")
    if problem is not None:
        raise error("usage.package", f"package name {problem}", exit_code=2)
    with timings.measure("normalize"):
        base, notes = normalize(
            data,
            config=config,
            package_name=package,
            source_name=spec_path.name,
            client_class_name=config.client_class_name,
        )
    with timings.measure("release"):
        api, release = plan_release(base, previous, policy, source=describe_spec(spec_path))
    with timings.measure("render"):
        rendered = render_sdk(api)
    with timings.measure("format"):
        # The runtime modules are stored formatted (render.runtime_files): copied, not formatted.
        copied = runtime_paths(api.package_name)
        to_format = {path: text for path, text in rendered.items() if path not in copied}
        formatted = format_sources(
            to_format,
            formatter=config.formatter,
            executor=executor,
            checkpoint=checkpoint,
            on_formatted=progress.current().counter(STAGE_LABELS["format"], "files"),
        )
        files = {path: formatted.get(path, text) for path, text in rendered.items()}
    return Generation(api, files, (*notes, *release.notes), release)


def write_sdk(
    generation: Generation, output_dir: Path, *, inputs: str | None = None
) -> WriteReport:
    """Write the generated files and the bookkeeping beside them (see `output_files`)."""
    files = output_files(generation, output_dir, inputs=inputs)
    return write_tree(files, output_dir, previous=manifest_files(Path(output_dir)))


def output_files(
    generation: Generation, output_dir: Path, *, inputs: str | None = None
) -> dict[str, str]:
    """The SDK's files plus the bookkeeping: the surface record, the deprecated aliases kept,
    `CHANGELOG.md` (the previous one, with an entry added when this generation changes the
    surface or the version) and the manifest (with the SDK's version).

    A generation planned for another previous output than `output_dir`'s (or not planned) is
    planned again for it first, and rendered again when that changes its aliases or version.
    Deterministic: the same generation over the same previous output gives the same bytes."""
    from ..release.changelog import changelog_text

    generation = rebase(generation, Path(output_dir))
    assert generation.release is not None  # rebase plans it
    release = generation.release
    files = dict(generation.files)
    files[SURFACE] = release.surface
    kept = aliases_text(release, generation.api)
    if kept is not None:
        files[ALIASES] = kept
    files[CHANGELOG] = changelog_text(generation.api, release, Path(output_dir))
    files[MANIFEST] = manifest_text(inputs, files, release.version)
    return files


def rebase(generation: Generation, output_dir: Path) -> Generation:
    """`generation` planned for the previous output in `output_dir` (itself when it was)."""
    from ..normalize import without_aliases
    from ..render.sdk import render_sdk

    previous = read_previous(output_dir)
    release = generation.release
    if release is not None and release.based_on == previous.digest:
        return generation
    policy = release.policy if release is not None else ReleasePolicy()
    source = release.source if release is not None else None
    api, release = plan_release(without_aliases(generation.api), previous, policy, source=source)
    files = generation.files if api == generation.api else format_sources(render_sdk(api))
    return Generation(api, files, generation.warnings, release)
