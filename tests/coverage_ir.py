"""The IR `normalize` builds for the small specs of tests/coverage_fixtures/ (openapi30.yaml:
OpenAPI 3.0 schemas, parameters, bodies, responses, servers, security; openapi31.yaml the 3.1
additions; swagger20.yaml the Swagger 2.0 conversion; duplicates.yaml the name clashes), and
lookups into it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from generator import ir
from generator.config import ApiConfig
from generator.diagnostics import Diagnostic
from generator.normalize import normalize
from generator.pipeline.stages import prepare_spec

COVERAGE = Path(__file__).parent / "coverage_fixtures"


@cache
def built(name: str) -> tuple[ir.Api, tuple[Diagnostic, ...]]:
    """The IR of a coverage spec (validation errors allowed: duplicates.yaml has some)."""
    prepared = prepare_spec(COVERAGE / name, ApiConfig())
    api, notes = normalize(prepared.data, config=ApiConfig(), package_name="cov", source_name=name)
    return api, tuple(notes)


def api30() -> ir.Api:
    return built("openapi30.yaml")[0]


def normalized(spec: dict[str, Any]) -> tuple[ir.Api, list[Diagnostic]]:
    """The IR of a spec given as a dict (no load, repair or validation)."""
    return normalize(spec, config=ApiConfig(), package_name="t", source_name="spec.yaml")


def operation(api: ir.Api, operation_id: str) -> ir.Operation:
    return next(op for op in api.all_operations() if op.operation_id == operation_id)


def model(api: ir.Api, name: str) -> ir.Model:
    return next(m for m in api.models if m.name == name)


def field(api: ir.Api, model_name: str, wire: str) -> ir.Field:
    return next(f for f in model(api, model_name).fields if f.wire_name == wire)


def param(op: ir.Operation, wire: str, location: str | None = None) -> ir.Parameter:
    return next(p for p in op.parameters if p.wire_name == wire and location in (None, p.location))


def codes(notes: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[str]:
    return [n.code for n in notes]
