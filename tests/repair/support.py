"""Small documents and helpers for the tests of generator/repair."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.repair.repairs import repair_document


def spec(schema: dict[str, Any], version: str = "3.0.3") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}},
    }


def repaired_schema(schema: dict[str, Any], version: str = "3.0.3") -> tuple[Any, list[Any]]:
    data, diagnostics = repair_document(spec(schema, version), "spec.yaml")
    return data["components"]["schemas"]["S"], diagnostics


def paths_spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "items/{id}": {
                "get": {"responses": {"200": {"description": "ok"}}},
                "delete": {
                    "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
                    "responses": {"204": {"description": "ok"}},
                },
            },
            "/things/{a}/{b}": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }


def document(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def ok(status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok"}}


def path_param(name: str, kind: str = "integer", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}, **extra}


def codes_and_pointers(diagnostics: list[Any]) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in diagnostics]


DEFECTS_31 = Path(__file__).parent.parent / "repair_fixtures" / "openapi31_defects.yaml"
