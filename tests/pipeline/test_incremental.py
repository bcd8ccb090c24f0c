"""A regeneration after an edit, with the cache the runs before filled, gives the bytes of a run
without any cache over the same history, and writes only the files whose bytes changed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import ApiConfig
from generator.pipeline.generate import generate
from generator.pipeline.stages import StageTimings
from tests.conftest import FIXTURES

Edit = Callable[[dict[str, Any]], None]


def _summary(spec: dict[str, Any]) -> None:
    spec["paths"]["/pets"]["get"]["summary"] = "List every pet of the shop"


def _new_parameter(spec: dict[str, Any]) -> None:
    depth = {"in": "query", "name": "depth", "schema": {"type": "integer"}}
    spec["paths"]["/trees/{tree-id}"]["get"]["parameters"].append(depth)


def _model_field(spec: dict[str, Any]) -> None:
    # Circle is a member of Shape and a part of NamedShape: several modules change.
    circle = spec["components"]["schemas"]["Circle"]
    circle["properties"]["radius"] = {"type": "integer"}
    circle["properties"]["center"] = {"type": "string", "description": "x,y"}


def _removed_operation(spec: dict[str, Any]) -> None:
    del spec["paths"]["/teams"]


EDITS: tuple[tuple[str, Edit], ...] = (
    ("summary", _summary),
    ("new parameter", _new_parameter),
    ("model field", _model_field),
    ("removed operation", _removed_operation),
)


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(
    spec: dict[str, Any], folder: Path, out: Path, cache: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[str, ...], StageTimings]:
    """Generate `spec` (written as `folder/spec.yaml`, the same name every time: the generated
    files name their source) into `out` with the cache `cache`; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "spec.yaml"
    source.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", cache)
    timings = StageTimings()
    config = ApiConfig(package_name="shapes", formatter="ruff")
    _, report, _ = generate(source, out, config, timings=timings)
    return report.written, timings


def test_edits_regenerated_with_the_cache_give_the_bytes_of_runs_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = yaml.safe_load((FIXTURES / "shapes" / "spec.yaml").read_text(encoding="utf-8"))
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    cache = str(tmp_path / "cache")
    run(spec, tmp_path / "warm-spec", warm, cache, monkeypatch)
    run(spec, tmp_path / "cold-spec", cold, "off", monkeypatch)
    assert tree(warm) == tree(cold)
    for name, edit in EDITS:
        spec = copy.deepcopy(spec)
        edit(spec)
        before = tree(warm)
        written, _ = run(spec, tmp_path / "warm-spec", warm, cache, monkeypatch)
        run(spec, tmp_path / "cold-spec", cold, "off", monkeypatch)
        after = tree(warm)
        assert after == tree(cold), name
        changed = {path for path, data in after.items() if before.get(path) != data}
        assert set(written) == changed, name  # nothing rewritten that kept its bytes
        assert len(changed) < len(after) / 2, name  # an edit, not a new SDK
        # The same spec again: replayed from the run's record, nothing written.
        written, timings = run(spec, tmp_path / "warm-spec", warm, cache, monkeypatch)
        assert written == () and list(timings.seconds) == ["fast-path"], name
        assert tree(warm) == after, name
