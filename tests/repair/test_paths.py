"""Path keys: the leading "/" added; a path written with and without it merged, or refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import ApiConfig
from generator.pipeline.stages import prepare_spec
from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    document,
    ok,
    path_param,
)


def test_two_spellings_of_a_path_are_merged_in_the_first_ones_place() -> None:
    data, diagnostics = repair_document(
        document(
            {
                "/vars/{id}": {
                    "delete": {"parameters": [path_param("id")], "responses": ok("204")}
                },
                "/other": {"get": {"responses": ok()}},
                "vars/{id}": {"get": {"parameters": [path_param("id")], "responses": ok()}},
            }
        ),
        "spec.json",
    )
    assert list(data["paths"]) == ["/vars/{id}", "/other"]
    # Methods in OpenAPI's order, whichever spelling they came from.
    assert list(data["paths"]["/vars/{id}"]) == ["get", "delete"]
    assert [(d.severity, d.code, d.pointer) for d in diagnostics] == [
        ("warning", "repair.path-merge", "/paths/~1vars~1{id}")
    ]
    assert "'vars/{id}' and '/vars/{id}'" in diagnostics[0].message
    assert "GET from 'vars/{id}'" in diagnostics[0].message
    assert validate_document(data) == []


def test_merging_keeps_path_level_parameters_with_their_own_operations() -> None:
    shared = [path_param("id")]
    data, _ = repair_document(
        document(
            {
                "items/{id}": {
                    "parameters": [
                        *shared,
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                    ],
                    "get": {"responses": ok()},
                    "put": {
                        "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer"}}],
                        "responses": ok(),
                    },
                },
                "/items/{id}": {"parameters": shared, "delete": {"responses": ok("204")}},
                "a/{x}": {"parameters": [path_param("x")], "get": {"responses": ok()}},
                "/a/{x}": {"parameters": [path_param("x")], "post": {"responses": ok()}},
            }
        )
    )
    item = data["paths"]["/items/{id}"]
    assert "parameters" not in item  # the two spellings disagreed: each operation got its own
    names = {m: [(p["name"], p["schema"]["type"]) for p in item[m]["parameters"]] for m in item}
    assert names == {
        "get": [("id", "integer"), ("q", "string")],
        "put": [("id", "integer"), ("q", "integer")],  # the operation's own `q` wins
        "delete": [("id", "integer")],  # the query parameter never applied to DELETE
    }
    # Equal path-level parameters stay where they are.
    assert data["paths"]["/a/{x}"]["parameters"] == [path_param("x")]
    assert validate_document(data) == []


@pytest.mark.parametrize(
    ("unslashed", "conflict"),
    [
        ({"get": {"responses": ok()}}, "GET"),
        ({"post": {"responses": ok()}, "summary": "two"}, "'summary'"),
        ({"$ref": "#/components/pathItems/x"}, "'$ref'"),
    ],
)
def test_two_spellings_that_define_the_same_thing_are_an_error_naming_both(
    unslashed: dict[str, Any], conflict: str
) -> None:
    raw = document({"/vars": {"summary": "one", "get": {"responses": ok()}}, "vars": unslashed})
    data, diagnostics = repair_document(raw, "spec.json")
    assert data["paths"] == raw["paths"]  # both left as they are
    errors = [d for d in diagnostics if d.severity == "error"]
    assert [(d.code, d.pointer, d.file) for d in errors] == [
        ("repair.path-collision", "/paths/vars", "spec.json")
    ]
    assert "'vars' and '/vars'" in errors[0].message and conflict in errors[0].message


def test_a_refused_merge_fails_generation_with_the_repair_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            document({"/vars": {"get": {"responses": ok()}}, "vars": {"get": {"responses": ok()}}})
        )
    )
    prepared = prepare_spec(spec, ApiConfig())
    assert prepared.errors[0].code == "repair.path-collision"
    assert prepared.errors[0].location() == f"{spec}#/paths/vars"
    assert all(d.severity == "warning" for d in prepared.warnings)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", "p", "-q"]) == 1
    assert not out.exists()


def test_merging_pushes_path_level_parameters_into_additional_operations() -> None:
    """OpenAPI 3.2: an `additionalOperations` entry inherits the path item's parameters too."""
    purge = {"additionalOperations": {"PURGE": {"responses": ok("204")}}}
    data, _ = repair_document(
        {
            **document(
                {
                    "/vars/{id}": {"parameters": [path_param("id")], **purge},
                    "vars/{id}": {"get": {"parameters": [path_param("id")], "responses": ok()}},
                }
            ),
            "openapi": "3.2.0",
        },
        "spec.json",
    )
    item = data["paths"]["/vars/{id}"]
    assert "parameters" not in item
    assert item["additionalOperations"]["PURGE"]["parameters"] == [path_param("id")]
    assert validate_document(data) == []
