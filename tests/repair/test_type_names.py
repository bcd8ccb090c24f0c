"""Type names: a `type` that is no JSON type but means one, unions and arrays spelt in the name."""

from __future__ import annotations

from typing import Any

import pytest

from .support import (
    repaired_schema,
)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (
            {"type": "Array", "items": {"type": "String"}},
            {"type": "array", "items": {"type": "string"}},
        ),
        ({"type": "dates"}, {"type": "string", "format": "date"}),
        ({"type": "dates", "format": "date-time"}, {"type": "string", "format": "date-time"}),
    ],
)
def test_type_names(schema: dict[str, Any], expected: dict[str, Any]) -> None:
    fixed, diagnostics = repaired_schema(schema)
    assert fixed == expected
    assert {d.code for d in diagnostics} == {"repair.type-name"}
    assert diagnostics[0].pointer == "/components/schemas/S/type"
    assert diagnostics[0].severity == "warning" and diagnostics[0].file == "spec.yaml"


def test_type_unions_in_30_become_anyof() -> None:
    fixed, diagnostics = repaired_schema({"type": "string|number", "description": "d"})
    assert fixed == {"description": "d", "anyOf": [{"type": "string"}, {"type": "number"}]}
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.type-union", "/components/schemas/S/anyOf")
    ]
    fixed, _ = repaired_schema({"type": "date|array"})
    assert fixed == {"anyOf": [{"type": "string", "format": "date"}, {"type": "array"}]}
    fixed, _ = repaired_schema({"type": "string,null"})
    assert fixed == {"nullable": True, "anyOf": [{"type": "string"}]}


def test_type_unions_in_31_become_type_lists_and_lists_are_left_alone() -> None:
    fixed, _ = repaired_schema({"type": "string,number"}, "3.1.0")
    assert fixed == {"type": ["string", "number"]}
    fixed, diagnostics = repaired_schema({"type": ["string", "null"]}, "3.1.0")
    assert fixed == {"type": ["string", "null"]} and diagnostics == []


def test_array_shorthand_moves_item_keywords_into_items() -> None:
    fixed, diagnostics = repaired_schema({"type": "string[]", "enum": ["a", "b"], "example": ["a"]})
    assert fixed == {
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b"]},
        "example": ["a"],
    }
    assert diagnostics[0].code == "repair.type-union"


def test_unknown_type_name_is_left_for_the_validator() -> None:
    fixed, diagnostics = repaired_schema({"type": "thing"})
    assert fixed == {"type": "thing"} and diagnostics == []


def test_type_json_means_any_json_value() -> None:
    fixed, diagnostics = repaired_schema({"type": "json", "description": "Must be valid JSON"})
    assert fixed == {"description": "Must be valid JSON"}
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.type-name", "/components/schemas/S/type")
    ]
