"""Golden-file snapshots: each tests/fixtures/<case>/ spec renders exactly to its expected/ tree.

The runtime modules every SDK gets as they are (generator/runtime/) are left out of expected/:
`tests/runtime/test_copied.py` checks the copies once. Update the snapshots with
`make snapshots` (SDKGEN_UPDATE_SNAPSHOTS=1) and review the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from generator.config import ApiConfig, load_config
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.render import runtime_paths

from .conftest import FIXTURES

UPDATE = os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def spec_of(case: Path) -> Path:
    return next(path for path in sorted(case.iterdir()) if path.stem == "spec")


def render_case(case: Path) -> dict[str, str]:
    """The files generated for a case, without the runtime modules."""
    config_path = case / "sdkgen.yaml"
    config = load_config(config_path) if config_path.exists() else ApiConfig()
    prepared = prepare_spec(spec_of(case), config)
    package = config.package_name or case.name
    generation = build_sdk(prepared, config, package_name=package)
    runtime = runtime_paths(generation.api.package_name)
    return {path: text for path, text in generation.files.items() if path not in runtime}


@pytest.mark.parametrize("case", CASES)
def test_rendered_output_matches_the_snapshot(case: str) -> None:
    case_dir = FIXTURES / case
    files = render_case(case_dir)
    expected_dir = case_dir / "expected"
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for relative, text in files.items():
            target = expected_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    expected = {
        str(path.relative_to(expected_dir)): path.read_text()
        for path in sorted(expected_dir.rglob("*"))
        if path.is_file()
    }
    assert sorted(files) == sorted(expected), "files differ; run `make snapshots` and review"
    for relative in sorted(files):
        if files[relative] != expected[relative]:
            diff = difflib.unified_diff(
                expected[relative].splitlines(),
                files[relative].splitlines(),
                f"expected/{relative}",
                f"rendered/{relative}",
                lineterm="",
            )
            pytest.fail("\n".join(list(diff)[:80]))


@pytest.mark.parametrize("case", CASES)
def test_snapshot_specs_validate_after_repair(case: str) -> None:
    assert prepare_spec(spec_of(FIXTURES / case), ApiConfig()).errors == ()
