"""`sdkgen generate`: the whole pipeline into an output directory (`generate`), or all of it
but the write (`plan_generation`, which `update` writes with the spec copy). A run whose inputs
and output did not change since the last one is replayed from its record (see `run_records`);
otherwise the stages run, validation beside the later ones (see `concurrency`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from ..config import ApiConfig
from ..release.plan import ReleasePolicy, read_previous
from ..write.manifest import inputs_digest, manifest_files
from ..write.writer import WriteReport, write_tree
from .concurrency import prepare_and_build
from .run_records import replay, save_run_record
from .stages import Generation, PreparedSpec, StageTimings, output_files, recursion_guard

if TYPE_CHECKING:
    from typing_extensions import Unpack


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
    into `output_dir`, the run is replayed from its record (see `run_records`)."""
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
            replayed = replay(spec_path, config, output_dir, inputs, previous, policy)
    if replayed is not None:
        generation, report, prepared = replayed
        if on_prepared is not None:
            on_prepared(prepared)
        return prepared, generation, {}, report
    with recursion_guard(spec_path, timings):
        prepared, generation = prepare_and_build(
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
