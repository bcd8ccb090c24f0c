"""`required` lists: empty ones removed, misplaced ones moved, repeated names kept once."""

from __future__ import annotations

import pytest

from generator.validate.validator import validate_document

from .support import (
    codes_and_pointers,
    repaired_schema,
    spec,
)


def test_required_repairs() -> None:
    schema = {
        "type": "object",
        "required": [],
        "properties": {
            "a": {"type": "string"},
            "required": ["a"],
            "attributes": {
                "type": "object",
                "properties": {"x": {"type": "integer"}, "required": ["x", "y"]},
            },
            "inner": {"type": "object", "properties": {"x": {"type": "integer"}}},
            "inner2": {
                "type": "object",
                "properties": {
                    "required": ["x"],
                    "o": {"type": "object", "properties": {"x": {"type": "string"}}},
                },
            },
        },
    }
    fixed, diagnostics = repaired_schema(schema)
    assert fixed["required"] == ["a"]
    assert "required" not in fixed["properties"]
    # Names no schema declares are left where they are (no single meaning).
    assert fixed["properties"]["attributes"]["properties"]["required"] == ["x", "y"]
    # Names a single child declares go to that child.
    assert fixed["properties"]["inner2"]["properties"]["o"]["required"] == ["x"]
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.empty-required", "/components/schemas/S/required"),
        ("repair.misplaced-required", "/components/schemas/S/required"),
        (
            "repair.misplaced-required",
            "/components/schemas/S/properties/inner2/properties/o/required",
        ),
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_names_repeated_in_required_are_kept_once(version: str) -> None:
    properties = {"a": {"type": "string"}, "b": {"type": "string"}}
    schema = {"type": "object", "required": ["a", "b", "a", "a"], "properties": properties}
    fixed, diagnostics = repaired_schema(schema, version)
    assert fixed["required"] == ["a", "b"]
    assert codes_and_pointers(diagnostics) == [
        ("repair.duplicate-required", "/components/schemas/S/required")
    ]
    assert "'a'" in diagnostics[0].message and "'b'" not in diagnostics[0].message
    assert validate_document(spec(fixed, version)) == []
