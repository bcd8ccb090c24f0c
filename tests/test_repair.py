"""repair_document: each repair, its diagnostic, and what it must leave alone."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.repair import repair_document
from generator.validate import validate_document


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


def test_unknown_keywords_are_renamed_or_kept_as_extensions() -> None:
    schema = {
        "type": "string",
        "maxlength": 5,
        "descrtiption": "typo",
        "example2": "x",
        ".relationships": {},
    }
    fixed, diagnostics = repaired_schema(schema)
    assert fixed == {
        "type": "string",
        "maxLength": 5,
        "description": "typo",
        "x-sdkgen-example2": "x",
        "x-sdkgen-relationships": {},
    }
    assert [d.pointer.rsplit("/", 1)[1] for d in diagnostics] == [
        "maxLength",
        "description",
        "x-sdkgen-example2",
        "x-sdkgen-relationships",
    ]
    assert {d.code for d in diagnostics} == {"repair.unknown-keyword"}


def test_rename_never_overwrites_an_existing_keyword() -> None:
    fixed, _ = repaired_schema({"type": "string", "maxLength": 3, "maxlength": 5})
    assert fixed == {"type": "string", "maxLength": 3, "x-sdkgen-maxlength": 5}


def test_unknown_keywords_are_legal_in_31_schemas() -> None:
    fixed, diagnostics = repaired_schema({"type": "string", "example2": "x"}, "3.1.0")
    assert fixed == {"type": "string", "example2": "x"} and diagnostics == []


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


def test_property_without_properties_wrapper() -> None:
    schema = {"type": "object", "properties": {"links": {"a": {"type": "string"}}}}
    fixed, diagnostics = repaired_schema(schema)
    assert fixed["properties"]["links"] == {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }
    assert diagnostics[0].code == "repair.misplaced-properties"


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
            "/sources": {
                "patch": {
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/sources/{id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }


def test_path_repairs() -> None:
    original = paths_spec()
    pristine = copy.deepcopy(original)
    data, diagnostics = repair_document(original)
    assert original == pristine  # never mutates its input
    paths = data["paths"]
    assert list(paths) == ["/items/{id}", "/things/{a}/{b}", "/sources", "/sources/{id}"]
    item = paths["/items/{id}"]
    assert item["delete"]["parameters"][0]["required"] is True
    # GET copies the declaration DELETE already has (integer), with required forced.
    assert item["get"]["parameters"] == [
        {"name": "id", "in": "path", "schema": {"type": "integer"}, "required": True}
    ]
    # Nobody declared a and b: declared once on the path item, as strings.
    assert [p["name"] for p in paths["/things/{a}/{b}"]["parameters"]] == ["a", "b"]
    assert paths["/things/{a}/{b}"]["parameters"][0]["schema"] == {"type": "string"}
    # A path parameter the template lacks has two meanings (wrong path, stray parameter):
    # left for an overlay, and the validator reports it.
    assert paths["/sources"] == original["paths"]["/sources"]
    codes = [(d.code, d.pointer) for d in diagnostics]
    assert codes == [
        ("repair.path-slash", "/paths/~1items~1{id}"),
        ("repair.path-parameter", "/paths/~1items~1{id}/get/parameters/0"),
        ("repair.path-parameter", "/paths/~1items~1{id}/delete/parameters/0/required"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/0"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/1"),
    ]
    assert [p.code for p in validate_document(data)] == ["validate.path-parameter"]


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
