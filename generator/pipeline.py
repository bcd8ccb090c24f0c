"""Wires the stages together: load → repair → overlay → validate → normalize → render → format → write.

Each stage lives in its own module; this one only decides the order and what flows between them,
so the CLI (and tests, and benchmarks) can run the whole pipeline or stop after any stage.

Beside the SDK, `write_sdk` keeps three files of bookkeeping in the output directory (see
`output_files`): a manifest of the inputs and files (for `sdkgen check`'s fast path), a record of
the SDK's surface (for the next changelog entry), and `CHANGELOG.md`, which gets an entry each
time a regeneration changes the SDK's operations or models.

No-op regeneration: `generate` keeps a record of each successful run (the prepared spec, the IR,
the warnings and the order of the files), as JSON, in the cache (`$SDKGEN_CACHE_DIR/runs`, see
`format.cache_root`), keyed by the inputs digest of the manifest, the spec path and the config.
When the output directory's manifest records the same inputs, its files are intact and nothing
else lies there that writing would remove, the run is replayed from that record: same return
values, same (untouched) output, no stage run again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from . import ir, progress
from . import validate as validation
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
from .format import cache_root, format_sources, parallel_allowed, warm_up, worker_pool
from .writer import MARKER, WriteReport, existing_files, is_preserved, write_tree

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

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            with progress.current().task(STAGE_LABELS.get(stage, stage)):
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
    data, warnings = _load_repair_overlay(spec_path, config, timings)
    with timings.measure("validate"):
        errors = validation.validate_document(data, str(spec_path))
    return PreparedSpec(spec_path, data, warnings, tuple(errors))


def _load_repair_overlay(
    spec_path: Path, config: ApiConfig, timings: StageTimings
) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
    from .loader import load_document
    from .overlay import apply_overlays
    from .repair import repair_document

    with timings.measure("load"):
        document = load_document(spec_path)
    with timings.measure("repair"):
        repaired, repairs = repair_document(document.data, str(spec_path))
    with timings.measure("overlay"):
        overlaid, overlay_notes = apply_overlays(repaired, config.overlays)
    return overlaid, (*repairs, *overlay_notes)


def build_sdk(
    prepared: PreparedSpec,
    config: ApiConfig,
    *,
    package_name: str | None = None,
    allow_invalid: bool = False,
    timings: StageTimings | None = None,
) -> Generation:
    """Normalize a prepared spec and render the formatted SDK files in memory (nothing written)."""
    if prepared.errors and not allow_invalid:
        raise SdkgenError(prepared.errors, exit_code=1)
    return _build(prepared.path, prepared.data, config, package_name, timings or StageTimings())


def _build(
    spec_path: Path,
    data: dict[str, Any],
    config: ApiConfig,
    package_name: str | None,
    timings: StageTimings,
    executor: Executor | None = None,
    checkpoint: Callable[[], object] | None = None,
) -> Generation:
    from .normalize import normalize
    from .render import render_sdk

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
            data,
            config=config,
            package_name=package,
            source_name=spec_path.name,
            client_class_name=config.client_class_name,
        )
    with timings.measure("render"):
        rendered = render_sdk(api)
    with timings.measure("format"):
        files = format_sources(
            rendered,
            formatter=config.formatter,
            executor=executor,
            checkpoint=checkpoint,
            on_formatted=progress.current().counter(STAGE_LABELS["format"], "files"),
        )
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
    prepared, generation = _prepare_and_build(
        Path(spec_path), config, package_name, allow_invalid, timings, on_prepared
    )
    spec_sha256 = hashlib.sha256(Path(spec_path).read_bytes()).hexdigest()
    with timings.measure("write"):
        report = write_sdk(generation, output_dir, inputs=inputs, spec_sha256=spec_sha256)
        _save_record(record_path, prepared, generation)
    return generation, report, prepared


def _prepare_and_build(
    spec_path: Path,
    config: ApiConfig,
    package_name: str | None,
    allow_invalid: bool,
    timings: StageTimings,
    on_prepared: Callable[[PreparedSpec], None] | None,
) -> tuple[PreparedSpec, Generation]:
    """`prepare_spec` then `build_sdk`, with validation (about 1 s for the CA spec, when not
    cached) running in worker processes (its two passes at once) beside normalize, render and
    format instead of before them. Its result still gates everything after: invalid (without --allow-invalid) raises the
    validation errors, whatever the other stages did meanwhile, and nothing is written."""
    overlaid, warnings = _load_repair_overlay(spec_path, config, timings)
    file = str(spec_path)
    with timings.measure("validate"):
        looked_up = validation.lookup(overlaid, file)
    if looked_up.found is not None or looked_up.document is None or not parallel_allowed():
        with timings.measure("validate"):
            errors = validation.validate_document(overlaid, file, looked_up)
        prepared = PreparedSpec(spec_path, overlaid, warnings, tuple(errors))
        if on_prepared is not None:
            on_prepared(prepared)
        generation = build_sdk(
            prepared,
            config,
            package_name=package_name,
            allow_invalid=allow_invalid,
            timings=timings,
        )
        return prepared, generation

    # The pool's workers run the two passes of validation (and import black) while this process
    # normalizes and renders; formatting then uses them. (2 CPUs, CA and GitHub: see README.)
    pool = worker_pool()
    label = STAGE_LABELS["validate"]
    try:
        progress.reset_counter()
        pending = validation.submit(pool, looked_up, file)
        if config.formatter == "black":
            pool.submit(warm_up)
        total = validation.work_units(overlaid, looked_up.cache is not None)
        progress.current().start(label, total, "parts", poll=progress.read_counter)
        done: list[PreparedSpec] = []

        def validated() -> PreparedSpec:
            if not done:
                with timings.measure("validate"):
                    errors = pending.result()
                progress.current().finish(label)
                validation.remember(looked_up, errors)
                done.append(PreparedSpec(spec_path, overlaid, warnings, tuple(errors)))
                if on_prepared is not None:
                    on_prepared(done[0])
            if done[0].errors and not allow_invalid:
                raise SdkgenError(done[0].errors, exit_code=1)
            return done[0]

        try:
            generation = _build(spec_path, overlaid, config, package_name, timings, pool, validated)
        except Exception:
            validated()  # an invalid spec explains the failure: report that instead
            raise
        return validated(), generation
    finally:
        progress.current().finish(label)
        pool.shutdown(cancel_futures=True)  # waits for the tasks running, at most one each


RECORD_FORMAT_VERSION = 2  # 2: JSON (1 was a pickle, which the cache must never load)
RECORDS_KEPT = 8  # run records kept in the cache (least recently used ones are removed)


def _run_record_path(inputs: str, spec_path: Path, config: ApiConfig) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    # The spec path and the config's paths appear in diagnostics: part of the key, like inputs.
    key = f"{RECORD_FORMAT_VERSION}\0{inputs}\0{spec_path}\0{config!r}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return root / "runs" / f"{digest}.json"


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
        prepared, api, warnings, order = _record_decode(record_path.read_text(encoding="utf-8"))
        files = {path: (output_dir / path).read_bytes().decode("utf-8") for path in order}
        os.utime(record_path)  # recently used: kept by the pruning in _save_record
    except Exception:  # noqa: BLE001 - a damaged record: generate, and save a sound one again
        record_path.unlink(missing_ok=True)
        return None
    return Generation(api, files, warnings), WriteReport((), tuple(expected), ()), prepared


def _save_record(record_path: Path | None, prepared: PreparedSpec, generation: Generation) -> None:
    if record_path is None or record_path.is_file():
        return  # the same inputs give the same record
    try:
        text = _record_encode(prepared, generation)
        if text is None:
            return
        record_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=record_path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
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
    except Exception:  # noqa: BLE001 - unwritable cache, a value JSON cannot hold: saves time only
        return


# The run record is two lines of JSON. The second is the spec document as it is (kept only when
# it reads back equal: a YAML spec may hold what JSON cannot tell apart, such as integer keys).
# The first holds the IR and the diagnostics, frozen dataclasses made of tuples and scalars:
# a dataclass is {"$": class name, "v": [field values in order]}, and only the classes of
# RECORD_CLASSES are ever constructed; a tuple is a list (the IR holds no lists).
RECORD_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (*vars(ir).values(), Diagnostic)
    if isinstance(cls, type) and is_dataclass(cls)
}


_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in RECORD_CLASSES.values()}


def _dataclass(value: Any) -> Any:
    # json's `default`: called for what JSON has no type for (json writes tuples as lists).
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        raise TypeError(f"not recorded: {type(value).__name__}")
    return {"$": type(value).__name__, "v": [getattr(value, name) for name in names]}


def _tuples(value: Any) -> Any:
    if type(value) is list:
        return tuple(_tuples(item) for item in value)
    return value


def _object(value: dict[str, Any]) -> Any:
    # json's object_hook: called bottom-up as each object is parsed (the fastest way to rebuild).
    if "$" not in value:
        return value  # the record's own head
    return RECORD_CLASSES[value["$"]](*(_tuples(item) for item in value["v"]))


def _record_encode(prepared: PreparedSpec, generation: Generation) -> str | None:
    """The record's text, or None when it would not read back as this run's results."""
    tagged = (prepared.warnings, prepared.errors, generation.api, generation.warnings)
    head = {
        "format": RECORD_FORMAT_VERSION,
        "spec": str(prepared.path),
        "order": list(generation.files),
        "tagged": tagged,
    }
    text = (
        json.dumps(head, ensure_ascii=False, separators=(",", ":"), default=_dataclass)
        + "\n"
        + json.dumps(prepared.data, ensure_ascii=False, separators=(",", ":"))
        + "\n"
    )
    # Read it back: what JSON cannot tell apart (a list from a tuple in the IR, an integer key
    # in a YAML spec) must not replay as something else.
    if _record_decode(text) != (prepared, generation.api, generation.warnings, head["order"]):
        return None
    return text


def _record_decode(text: str) -> tuple[PreparedSpec, ir.Api, tuple[Diagnostic, ...], list[str]]:
    """Raises (ValueError, KeyError, TypeError...) on anything but what `_record_encode` wrote."""
    head_text, data_text = text.split("\n", 1)
    head, data = json.loads(head_text, object_hook=_object), json.loads(data_text)
    if head["format"] != RECORD_FORMAT_VERSION or not isinstance(data, dict):
        raise ValueError("not a run record")
    warnings, errors, api, notes = _tuples(head["tagged"])
    order = head["order"]
    if not (isinstance(api, ir.Api) and all(isinstance(path, str) for path in order)):
        raise ValueError("not a run record")
    return PreparedSpec(Path(head["spec"]), data, warnings, errors), api, notes, order


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
    from .diff import surface_record

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
    from .diff import RECORD_FORMAT, compare, format_markdown

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
