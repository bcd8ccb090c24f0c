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
When the output directory's manifest records the same inputs and the files it lists are intact
(whatever else lies there is the user's, and writing would keep it), the run is replayed from
that record: same return values, same (untouched) output, no stage run again.
"""

from __future__ import annotations

import gzip
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
from typing import TYPE_CHECKING, Any, TypedDict

from .. import ir, progress
from ..cache import cache_root, write_entry
from ..config import ApiConfig, python_name_problem
from ..diagnostics import Diagnostic, SdkgenError, error
from ..format.formatting import format_sources, parallel_allowed, warm_up, worker_count, worker_pool
from ..release.compare import SurfaceChanges
from ..release.plan import (
    PreviousOutput,
    Release,
    ReleasePolicy,
    aliases_text,
    describe_spec,
    output_digest,
    plan_release,
    read_previous,
    unchanged_release,
)
from ..validate import validator as validation
from ..write.manifest import (
    ALIASES,
    CHANGELOG,
    MANIFEST,
    SURFACE,
    fast_check,
    inputs_digest,
    manifest_files,
    manifest_text,
    read_manifest,
)
from ..write.writer import WriteReport, write_tree

if TYPE_CHECKING:
    from typing_extensions import Unpack

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
        data, warnings = _load_repair_overlay(spec_path, config, timings)
        with timings.measure("validate"):
            errors = validation.validate_document(data, str(spec_path))
    return PreparedSpec(spec_path, data, warnings, tuple(errors))


def _load_repair_overlay(
    spec_path: Path, config: ApiConfig, timings: StageTimings
) -> tuple[dict[str, Any], tuple[Diagnostic, ...]]:
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


def record_from_spec(spec_path: Path, config: ApiConfig) -> tuple[dict[str, Any], int]:
    """Load → repair → overlay → normalize `spec_path`; its surface record (`release.record`)
    and the count of validation errors left after repair (tolerated: a diff only needs the
    operations). `.gz` is accepted."""
    from ..release.record import surface_record

    api, errors = api_from_spec(spec_path, config)
    return surface_record(api), errors


def diff_specs(
    old_spec: Path, new_spec: Path, config: ApiConfig
) -> tuple[SurfaceChanges, int, int]:
    """The changes from `old_spec` to `new_spec` as a user of the SDK sees them: the SDK of
    `new_spec` generated over the one of `old_spec` keeps the old names of moved operations as
    deprecated aliases (unless the config disables them), so such moves break nobody. Also the
    counts of validation errors left in each (tolerated)."""
    old, old_errors = record_from_spec(old_spec, config)
    new, new_errors = api_from_spec(new_spec, config)
    _, release = plan_release(new, PreviousOutput(record=old), ReleasePolicy.from_config(config))
    assert release.changes is not None  # there is a previous record
    return release.changes, old_errors, new_errors


def api_from_spec(spec_path: Path, config: ApiConfig) -> tuple[ir.Api, int]:
    """Load → repair → overlay → normalize `spec_path` (`.gz` accepted); the IR and the count of
    validation errors left after repair (tolerated)."""
    from ..normalize import normalize

    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as scratch:
        path = Path(spec_path)
        if path.suffix == ".gz":
            plain = Path(scratch) / path.stem
            try:
                plain.write_bytes(gzip.decompress(path.read_bytes()))
            except (OSError, EOFError) as failure:
                raise error(
                    "diff.io", f"cannot read {path}: {failure}", file=str(path), exit_code=2
                ) from None
            path = plain
        prepared = prepare_spec(path, config)
    api, _ = normalize(
        prepared.data,
        config=config,
        package_name=config.package_name or "sdk",
        source_name=Path(spec_path).name,
        client_class_name=config.client_class_name,
    )
    return api, len(prepared.errors)


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
        return _build(
            prepared.path,
            prepared.data,
            config,
            package_name,
            timings,
            previous=read_previous(output_dir),
            policy=ReleasePolicy.from_config(config, version),
        )


def _build(
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


class RunOptions(TypedDict, total=False):
    """What `generate` and `plan_generation` take besides the spec, output folder and config."""

    package_name: str | None  # --package (else the config's)
    allow_invalid: bool  # --allow-invalid: generate what can be despite validation errors
    timings: StageTimings | None  # filled with each stage's time
    on_prepared: Callable[[PreparedSpec], None] | None  # shown the validation's result first
    version: str | None  # --version: the SDK's version (else the bump the diff suggests)


def generate(
    spec_path: Path, output_dir: Path, config: ApiConfig, **options: Unpack[RunOptions]
) -> tuple[Generation, WriteReport, PreparedSpec]:
    """The whole pipeline. Nothing is written unless every stage before `write` succeeded.

    `version` (`--version`) sets the SDK's version; otherwise the previous output's version gets
    the bump the diff suggests (see `release`). When nothing changed since the last generation
    into `output_dir`, the run is replayed from its record (see the module's docstring)."""
    timings = options["timings"] = options.get("timings") or StageTimings()
    prepared, generation, files, replayed = plan_generation(
        spec_path, output_dir, config, **options
    )
    if replayed is not None:
        return generation, replayed, prepared
    with timings.measure("write"):
        report = write_tree(files, output_dir, previous=manifest_files(Path(output_dir)))
        save_run_record(spec_path, config, files, prepared, generation)
    return generation, report, prepared


def plan_generation(
    spec_path: Path, output_dir: Path, config: ApiConfig, **options: Unpack[RunOptions]
) -> tuple[PreparedSpec, Generation, dict[str, str], WriteReport | None]:
    """Everything `generate` does but writing: the prepared spec, the generation over
    `output_dir`, the files to write (bookkeeping included), and, when the run was replayed
    (nothing would change), the report of the write that is then not needed."""
    package_name = options.get("package_name")
    allow_invalid = options.get("allow_invalid", False)
    on_prepared = options.get("on_prepared")
    version = options.get("version")
    timings = options.get("timings") or StageTimings()
    output_dir = Path(output_dir)
    policy = ReleasePolicy.from_config(config, version)
    with timings.measure("fast-path"):
        inputs = inputs_digest(
            spec_path, config, package_name=package_name, allow_invalid=allow_invalid
        )
        previous = read_previous(output_dir)
        replayed = None
        if version is None or version == previous.version:
            record_path = _run_record_path(inputs, spec_path, config, previous.digest)
            replayed = _replay(record_path, output_dir, inputs, previous, policy)
    if replayed is not None:
        generation, report, prepared = replayed
        if on_prepared is not None:
            on_prepared(prepared)
        return prepared, generation, {}, report
    with recursion_guard(spec_path, timings):
        prepared, generation = _prepare_and_build(
            Path(spec_path),
            config,
            package_name,
            allow_invalid,
            timings,
            on_prepared,
            previous=previous,
            policy=policy,
            inputs=inputs,
        )
    with timings.measure("write"):
        files = output_files(generation, output_dir, inputs=inputs)
    return prepared, generation, files, None


def save_run_record(
    spec_path: Path,
    config: ApiConfig,
    files: dict[str, str],
    prepared: PreparedSpec,
    generation: Generation,
) -> None:
    """Remember a run whose `files` were written, so that the next one can replay it."""
    manifest = json.loads(files[MANIFEST])
    state = output_digest(files.get(SURFACE, ""), files.get(ALIASES, ""), manifest["sdk_version"])
    record_path = _run_record_path(manifest.get("inputs") or "", spec_path, config, state)
    _save_record(record_path, prepared, generation)


def _prepare_and_build(
    spec_path: Path,
    config: ApiConfig,
    package_name: str | None,
    allow_invalid: bool,
    timings: StageTimings,
    on_prepared: Callable[[PreparedSpec], None] | None,
    *,
    previous: PreviousOutput,
    policy: ReleasePolicy,
    inputs: str | None = None,
) -> tuple[PreparedSpec, Generation]:
    """`prepare_spec` then `build_sdk`, with validation (about 1 s for the CA spec, when not
    cached) running in worker processes (its two passes at once) beside normalize, render and
    format instead of before them. Its result still gates everything after: invalid (without
    --allow-invalid) raises the validation errors, whatever the other stages did meanwhile,
    and nothing is written.

    When the validation of these `inputs` (the manifest's digest) is not known from an earlier
    run, the pool starts before the spec is loaded: its workers import the validator (and
    black) while this process loads, repairs and applies the overlays."""
    pool = None
    if _spec_bytes(spec_path) >= validation.CACHE_MIN_BYTES and not validation.known(inputs):
        pool = worker_pool() if parallel_allowed() else None
    if pool is not None:
        # The first task forks every worker; each idle one takes one of these.
        for _ in range(worker_count()):
            pool.submit(validation.warm_up)
    label = STAGE_LABELS["validate"]
    try:
        overlaid, warnings = _load_repair_overlay(spec_path, config, timings)
        file = str(spec_path)
        with timings.measure("validate"):
            looked_up = validation.lookup(overlaid, file)
        result: Callable[[], list[Diagnostic]]
        concurrent = not (
            looked_up.found is not None or looked_up.document is None or not parallel_allowed()
        )
        if not concurrent:
            with timings.measure("validate"):
                errors = validation.validate_document(overlaid, file, looked_up)
            if looked_up.found is not None:
                validation.note_known(inputs)
            result = lambda: errors
        else:
            # The pool's workers run the two passes of validation (and import black) while
            # this process normalizes and renders; formatting then uses them (see README).
            if pool is None:
                pool = worker_pool()
            progress.reset_counter()
            pending = validation.submit(pool, looked_up, file)
            if config.formatter == "black":
                pool.submit(warm_up)
            total = validation.work_units(overlaid, looked_up.cache is not None)
            progress.current().start(label, total, "parts", poll=progress.read_counter)
            result = pending.result
        done: list[PreparedSpec] = []

        def validated() -> PreparedSpec:
            if not done:
                with timings.measure("validate"):
                    found = result()
                progress.current().finish(label)
                if concurrent:
                    validation.remember(looked_up, found, inputs)
                done.append(PreparedSpec(spec_path, overlaid, warnings, tuple(found)))
                if on_prepared is not None:
                    on_prepared(done[0])
            if done[0].errors and not allow_invalid:
                raise SdkgenError(done[0].errors, exit_code=1)
            return done[0]

        if not concurrent:
            validated()  # an invalid spec stops here, before normalize
        try:
            generation = _build(
                spec_path,
                overlaid,
                config,
                package_name,
                timings,
                pool,  # when started early for a validation that was cached after all: formats
                validated,
                previous=previous,
                policy=policy,
            )
        except Exception:
            validated()  # an invalid spec explains the failure: report that instead
            raise
        return validated(), generation
    finally:
        progress.current().finish(label)
        if pool is not None:
            pool.shutdown(cancel_futures=True)  # waits for the tasks running, at most one each


def _spec_bytes(spec_path: Path) -> int:
    """The spec file's size: what the validation of a large document costs (a small one is
    validated in this process, see `validate.CACHE_MIN_BYTES`)."""
    try:
        return spec_path.stat().st_size
    except OSError:
        return 0


RECORD_FORMAT_VERSION = 2  # 2: JSON (1 was a pickle, which the cache must never load)
RECORDS_KEPT = 8  # run records kept in the cache (least recently used ones are removed)


def _run_record_path(
    inputs: str, spec_path: Path, config: ApiConfig, output_state: str
) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    # The spec path and the config's paths appear in diagnostics: part of the key, like inputs.
    # So is the state of the output the run left (version, aliases, surface): the same inputs
    # over another history give another SDK.
    key = f"{RECORD_FORMAT_VERSION}\0{inputs}\0{spec_path}\0{config!r}\0{output_state}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return root / "runs" / f"{digest}.json"


def _replay(
    record_path: Path | None,
    output_dir: Path,
    inputs: str,
    previous: PreviousOutput,
    policy: ReleasePolicy,
) -> tuple[Generation, WriteReport, PreparedSpec] | None:
    """What `generate` would return, from the run record, when writing would change nothing."""
    if record_path is None or not record_path.is_file() or not fast_check(output_dir, inputs):
        return None
    manifest = read_manifest(output_dir) or {}
    # write_tree leaves the output alone when every file it would write is there, a regular
    # file with the same bytes (fast_check read them; a symlink it would replace).
    expected = sorted({*manifest.get("files", {}), MANIFEST})
    if any((output_dir / path).is_symlink() for path in expected):
        return None
    try:
        prepared, api, warnings, order = _record_decode(record_path.read_text(encoding="utf-8"))
        files = {path: (output_dir / path).read_bytes().decode("utf-8") for path in order}
        os.utime(record_path)  # recently used: kept by the pruning in _save_record
    except Exception:  # noqa: BLE001 - a damaged record: generate, and save a sound one again
        record_path.unlink(missing_ok=True)
        return None
    release = unchanged_release(previous, policy, describe_spec(prepared.path))
    generation = Generation(api, files, warnings, release)
    return generation, WriteReport((), tuple(expected), ()), prepared


def _save_record(record_path: Path | None, prepared: PreparedSpec, generation: Generation) -> None:
    if record_path is None or record_path.is_file():
        return  # the same inputs give the same record
    try:
        text = _record_encode(prepared, generation)
        if text is None:
            return
        if not write_entry(record_path, text.encode("utf-8")):
            return
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
