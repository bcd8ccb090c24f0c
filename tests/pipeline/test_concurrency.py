"""Validation in worker processes beside normalize, render and format: the serial result, an
invalid spec still stops everything (nothing written), and the pool started before loading only
when the validation is not cached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import load_config
from generator.diagnostics import SdkgenError
from generator.format import formatting as fmt
from generator.pipeline import concurrency
from generator.pipeline.generate import generate
from generator.validate import validator as validate
from tests.conftest import FIXTURES
from tests.pipeline.helpers import generate_jsonapi
from tests.write.test_writer import snapshot


def _concurrent(monkeypatch) -> list[object]:
    """Make `generate` validate in the worker pool even for a small spec; returns the pools."""
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    monkeypatch.setattr(fmt, "available_cpus", lambda: 2)
    monkeypatch.delenv(fmt.PARALLEL_ENV, raising=False)
    pools: list[object] = []

    def pool():
        pools.append(fmt.worker_pool())
        return pools[-1]

    monkeypatch.setattr(concurrency, "worker_pool", pool)
    return pools


def _broken_jsonapi(tmp_path: Path) -> Path:
    text = (FIXTURES / "jsonapi" / "spec.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "spec.yaml"
    broken.write_text(text.replace("  title: Catalog API\n", "  title: [Catalog API]\n", 1))
    return broken


def test_concurrent_validation_gives_the_serial_result(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    monkeypatch.setenv("SDKGEN_FORMAT_PARALLEL", "0")
    serial, _, serial_prepared, _ = generate_jsonapi(tmp_path / "serial")
    pools = _concurrent(monkeypatch)
    again, _, prepared, timings = generate_jsonapi(tmp_path / "concurrent")
    assert len(pools) == 1 and "validate" in timings.seconds
    assert (again, prepared) == (serial, serial_prepared)
    assert snapshot(tmp_path / "concurrent").keys() == snapshot(tmp_path / "serial").keys()


def test_an_invalid_spec_validated_concurrently_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    pools = _concurrent(monkeypatch)
    spec = _broken_jsonapi(tmp_path)
    config = load_config(FIXTURES / "jsonapi" / "sdkgen.yaml")
    seen: list = []
    out = tmp_path / "sdk"
    with pytest.raises(SdkgenError) as caught:
        generate(spec, out, config, on_prepared=seen.append)
    assert caught.value.exit_code == 1
    assert {d.code for d in caught.value.diagnostics} == {"validate.type"}
    assert len(pools) == 1 and len(seen) == 1 and seen[0].errors == caught.value.diagnostics
    assert not out.exists()

    _, report, prepared = generate(spec, out, config, allow_invalid=True)
    assert prepared.errors == caught.value.diagnostics and report.written


def test_the_pool_starts_before_loading_until_the_validation_is_cached(
    tmp_path: Path, monkeypatch
) -> None:
    """A first generation starts the validation workers before the spec is loaded (they
    import the validator meanwhile); once the validation of these inputs is cached, a
    generation into a fresh directory starts none for it."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    pools = _concurrent(monkeypatch)
    loaded_with_pools: list[int] = []
    load = concurrency.load_repair_overlay

    def counting_load(*args: object):
        loaded_with_pools.append(len(pools))
        return load(*args)

    monkeypatch.setattr(concurrency, "load_repair_overlay", counting_load)
    generate_jsonapi(tmp_path / "first")
    assert loaded_with_pools == [1] and len(pools) == 1  # started early, used for validation
    inputs = json.loads((tmp_path / "first" / ".sdkgen-manifest.json").read_text())["inputs"]
    assert validate.known(inputs)
    generate_jsonapi(tmp_path / "second")
    assert loaded_with_pools == [1, 1] and len(pools) == 1  # cached: no workers at all


@pytest.mark.parametrize("valid", [True, False])
def test_a_stage_failing_meanwhile_gives_way_to_the_validation_errors(
    tmp_path: Path, monkeypatch, valid: bool
) -> None:
    """A later stage failing on an invalid spec is explained by its validation errors: those are
    raised (the failure itself when the spec is valid); the pool is shut down either way."""
    import generator.render.sdk

    def failing_render(*args: object, **kwargs: object) -> None:
        raise RuntimeError("render failed")

    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    monkeypatch.setattr(generator.render.sdk, "render_sdk", failing_render)
    pools = _concurrent(monkeypatch)
    spec = FIXTURES / "jsonapi" / "spec.yaml" if valid else _broken_jsonapi(tmp_path)
    config = load_config(FIXTURES / "jsonapi" / "sdkgen.yaml")
    with pytest.raises(RuntimeError if valid else SdkgenError) as caught:
        generate(spec, tmp_path / "sdk", config)
    if isinstance(caught.value, SdkgenError):
        assert {d.code for d in caught.value.diagnostics} == {"validate.type"}
    (pool,) = pools
    with pytest.raises(RuntimeError, match="shutdown"):
        pool.submit(print)
    assert not (tmp_path / "sdk").exists()
