"""Older JSON Schema drafts in 3.1 documents: boolean exclusive bounds, `$recursiveAnchor`."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    codes_and_pointers,
    repaired_schema,
    spec,
)


def test_boolean_exclusive_bounds_in_31_become_the_number_of_their_bound() -> None:
    schema = {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 2.5}
    schema |= {"exclusiveMaximum": True}
    fixed, diagnostics = repaired_schema(schema, "3.1.0")
    assert fixed == {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 2.5}
    assert codes_and_pointers(diagnostics) == [
        ("repair.exclusive-bound", "/components/schemas/S/exclusiveMinimum"),
        ("repair.exclusive-bound", "/components/schemas/S/exclusiveMaximum"),
    ]
    assert "'minimum: 0'" in diagnostics[0].message
    assert validate_document(spec(fixed, "3.1.0")) == []


def test_a_false_exclusive_bound_in_31_is_removed() -> None:
    # `false` only says the bound is inclusive, with or without the bound beside it.
    schema = {"type": "integer", "minimum": 1, "exclusiveMinimum": False, "exclusiveMaximum": False}
    fixed, diagnostics = repaired_schema(schema, "3.1.0")
    assert fixed == {"type": "integer", "minimum": 1}
    assert codes_and_pointers(diagnostics) == [
        ("repair.exclusive-bound", "/components/schemas/S/exclusiveMinimum"),
        ("repair.exclusive-bound", "/components/schemas/S/exclusiveMaximum"),
    ]
    assert validate_document(spec(fixed, "3.1.0")) == []


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "number", "exclusiveMinimum": True},  # no number to take
        {"type": "number", "minimum": "0", "exclusiveMinimum": True},
        {"type": "number", "maximum": True, "exclusiveMaximum": True},
    ],
)
def test_a_true_exclusive_bound_without_a_number_is_left_for_the_validator(
    schema: dict[str, Any],
) -> None:
    fixed, diagnostics = repaired_schema(copy.deepcopy(schema), "3.1.0")
    assert fixed == schema and diagnostics == []
    assert validate_document(spec(fixed, "3.1.0")) != []


def test_boolean_exclusive_bounds_are_right_in_30() -> None:
    schema = {"type": "number", "minimum": 0, "exclusiveMinimum": True, "exclusiveMaximum": False}
    fixed, diagnostics = repaired_schema(copy.deepcopy(schema), "3.0.3")
    assert fixed == schema and diagnostics == []


def test_recursive_anchor_in_31_is_kept_as_an_extension() -> None:
    schema = {
        "$recursiveAnchor": True,
        "type": "object",
        "additionalProperties": {"type": "string"},
    }
    fixed, diagnostics = repaired_schema(schema, "3.1.0")
    assert fixed == {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "x-sdkgen-recursiveAnchor": True,
    }
    assert codes_and_pointers(diagnostics) == [
        ("repair.draft-2019-keyword", "/components/schemas/S/x-sdkgen-recursiveAnchor")
    ]
    assert validate_document(spec(fixed, "3.1.0")) == []


def test_draft_2019_keywords_2020_12_accepts_are_left_alone() -> None:
    # 2020-12's meta-schema takes an anchor string and `$recursiveRef`'s URI reference.
    schema = {"$recursiveAnchor": "node", "properties": {"c": {"$recursiveRef": "#"}}}
    fixed, diagnostics = repaired_schema(copy.deepcopy(schema), "3.1.0")
    assert fixed == schema and diagnostics == []
    assert validate_document(spec(fixed, "3.1.0")) == []


def test_recursive_anchor_in_30_is_an_unknown_keyword_as_before() -> None:
    fixed, diagnostics = repaired_schema({"$recursiveAnchor": True, "type": "object"})
    assert fixed == {"type": "object", "x-sdkgen-recursiveAnchor": True}
    assert [d.code for d in diagnostics] == ["repair.unknown-keyword"]


def test_keywords_beside_a_ref_are_repaired_in_31_only() -> None:
    beside = {"$ref": "#/components/schemas/T", "$recursiveAnchor": True, "required": ["a", "a"]}
    for version, expected in (
        ("3.1.0", {"$ref": "#/components/schemas/T", "required": ["a"]}),
        ("3.0.3", beside),  # 3.0 ignores whatever is beside a `$ref`
    ):
        data = spec(copy.deepcopy(beside), version)
        data["components"]["schemas"]["T"] = {"type": "object"}
        fixed, _ = repair_document(data)
        schema = fixed["components"]["schemas"]["S"]
        assert {k: v for k, v in schema.items() if not k.startswith("x-")} == expected, version
