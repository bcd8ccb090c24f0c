"""Generating the jsonapi fixture the way the command does, for the pipeline's tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import load_config
from generator.pipeline.generate import generate
from generator.pipeline.stages import Generation, PreparedSpec, StageTimings
from generator.write.writer import WriteReport
from tests.conftest import FIXTURES

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from generator.pipeline.generate import RunOptions


def generate_jsonapi(
    out: Path, **options: Unpack[RunOptions]
) -> tuple[Generation, WriteReport, PreparedSpec, StageTimings]:
    """`generate` of the jsonapi fixture into `out`: the generation, the write report, the
    prepared spec (checked to be the one shown to `on_prepared`) and the stage timings."""
    case = FIXTURES / "jsonapi"
    timings = StageTimings()
    prepared_seen: list[PreparedSpec] = []
    generation, report, prepared = generate(
        case / "spec.yaml",
        out,
        load_config(case / "sdkgen.yaml"),
        timings=timings,
        on_prepared=prepared_seen.append,
        **options,
    )
    assert prepared_seen == [prepared]
    return generation, report, prepared, timings
