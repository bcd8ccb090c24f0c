"""The walk: repairs reach every schema location, webhooks and component path items, in a
fixed order; the OpenAI 3.1 defects fixture repaired one warning each."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from generator.cli import main
from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    DEFECTS_31,
    codes_and_pointers,
    ok,
    paths_spec,
)


def test_repairs_reach_every_schema_location() -> None:
    bad = {"type": "String"}
    data = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "parameters": [{"name": "p", "in": "query", "schema": dict(bad)}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": dict(bad)}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X": {"schema": dict(bad)}},
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "allOf": [dict(bad)],
                                        "anyOf": [dict(bad)],
                                        "oneOf": [dict(bad)],
                                        "not": dict(bad),
                                        "additionalProperties": dict(bad),
                                        "items": dict(bad),
                                    }
                                }
                            },
                        }
                    },
                },
            }
        },
        "components": {
            "parameters": {"P": {"name": "q", "in": "query", "schema": dict(bad)}},
            "headers": {"H": {"schema": dict(bad)}},
            "requestBodies": {"B": {"content": {"a/b": {"schema": dict(bad)}}}},
            "responses": {"R": {"description": "r", "content": {"a/b": {"schema": dict(bad)}}}},
        },
    }
    _, diagnostics = repair_document(data)
    assert len(diagnostics) == 13
    assert {d.code for d in diagnostics} == {"repair.type-name"}


def test_deterministic() -> None:
    first = repair_document(paths_spec())
    second = repair_document(paths_spec())
    assert first == second


def test_repairs_reach_webhooks_and_component_path_items() -> None:
    item = {
        "post": {
            "requestBody": {
                "content": {
                    "application/json": {"schema": {"type": "object", "required": ["a", "a"]}}
                }
            },
            "responses": ok(),
        }
    }
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "webhooks": {"created": copy.deepcopy(item)},
        "components": {"pathItems": {"Shared": copy.deepcopy(item)}},
    }
    fixed, diagnostics = repair_document(data)
    pointer = "/post/requestBody/content/application~1json/schema/required"
    assert codes_and_pointers(diagnostics) == [
        ("repair.duplicate-required", "/webhooks/created" + pointer),
        ("repair.duplicate-required", "/components/pathItems/Shared" + pointer),
    ]
    assert validate_document(fixed) == []


def test_the_31_defects_fixture_is_repaired_one_warning_each() -> None:
    raw = yaml.safe_load(DEFECTS_31.read_text())
    assert validate_document(raw) != []
    fixed, diagnostics = repair_document(raw, str(DEFECTS_31))
    schemas = "/components/schemas/"
    request = schemas + "CompletionRequest"
    assert codes_and_pointers(diagnostics) == [
        ("repair.duplicate-required", request + "/required"),
        ("repair.exclusive-bound", request + "/properties/temperature/exclusiveMinimum"),
        ("repair.exclusive-bound", request + "/properties/temperature/exclusiveMaximum"),
        ("repair.exclusive-bound", request + "/properties/max_tokens/exclusiveMaximum"),
        ("repair.duplicate-required", schemas + "Choice/required"),
        ("repair.draft-2019-keyword", schemas + "Metadata/x-sdkgen-recursiveAnchor"),
        # Null defaults last: decided once the rest is repaired.
        ("repair.null-default", request + "/properties/suffix/default"),
        ("repair.null-default", schemas + "Metadata/additionalProperties/default"),
    ]
    assert all(d.severity == "warning" and d.file == str(DEFECTS_31) for d in diagnostics)
    properties = fixed["components"]["schemas"]["CompletionRequest"]["properties"]
    assert properties["temperature"] == {"type": "number", "exclusiveMinimum": 0, "maximum": 2}
    assert properties["max_tokens"] == {"type": "integer", "exclusiveMaximum": 4096}
    assert properties["user"]["default"] is None  # admits null: kept
    assert validate_document(fixed) == []


def test_the_31_defects_fixture_generates_without_allow_invalid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(DEFECTS_31), "--output", str(out), "--package", "defects"]) == 0
    model = (out / "defects" / "types" / "completion_request.py").read_text()
    assert "suffix: str | None = None" in model
