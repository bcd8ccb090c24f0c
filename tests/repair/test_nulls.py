"""`default: null`: removed where null is no value, kept where the schema admits or hints at null."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    codes_and_pointers,
    document,
    ok,
    spec,
)


def test_a_null_default_on_a_parameter_is_removed() -> None:
    query = {"name": "q", "in": "query", "schema": {"type": "string", "default": None}}
    nullable = {
        "name": "n",
        "in": "query",
        "schema": {"type": "string", "nullable": True, "default": None},
    }
    header = {"name": "X-H", "in": "header", "schema": {"type": "string", "default": "a"}}
    body = {"type": "object", "properties": {"p": {"type": "string", "default": None}}}
    data, diagnostics = repair_document(
        document(
            {
                "/a": {
                    "get": {
                        "parameters": [query, nullable, header],
                        "requestBody": {"content": {"application/json": {"schema": body}}},
                        "responses": ok(),
                    }
                }
            }
        )
    )
    params = data["paths"]["/a"]["get"]["parameters"]
    assert params[0]["schema"] == {"type": "string"}
    assert params[1:] == [nullable, header]  # null allowed, or a real default: kept
    # A property's too, when nothing in it hints at null (see the 3.1 cases below).
    body_schema = data["paths"]["/a"]["get"]["requestBody"]["content"]["application/json"]
    assert body_schema["schema"]["properties"]["p"] == {"type": "string"}
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.null-default", "/paths/~1a/get/parameters/0/schema/default"),
        (
            "repair.null-default",
            "/paths/~1a/get/requestBody/content/application~1json/schema/properties/p/default",
        ),
    ]


@pytest.mark.parametrize(
    ("schema", "version"),
    [
        ({"type": "string"}, "3.1.0"),
        ({"type": "string"}, "3.0.3"),
        ({"type": ["string", "integer"]}, "3.1.0"),
        ({"enum": ["a", "b"]}, "3.1.0"),
        ({"const": "a"}, "3.1.0"),
        ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, "3.1.0"),
        ({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/T"}]}, "3.1.0"),
        ({"allOf": [{"$ref": "#/components/schemas/T"}]}, "3.0.3"),
        ({"type": "object", "properties": {"a": {"type": ["string", "null"]}}}, "3.1.0"),
    ],
)
def test_a_null_default_the_schema_rejects_is_removed(schema: dict[str, Any], version: str) -> None:
    data = spec({**schema, "default": None}, version)
    data["components"]["schemas"]["T"] = {"type": "integer"}
    before = validate_document(data)
    assert "/components/schemas/S/default" in {p.pointer for p in before}
    fixed, diagnostics = repair_document(data, "spec.yaml")
    assert fixed["components"]["schemas"]["S"] == schema
    assert [(d.severity, d.code, d.pointer, d.file) for d in diagnostics] == [
        ("warning", "repair.null-default", "/components/schemas/S/default", "spec.yaml")
    ]
    assert validate_document(fixed) == []


@pytest.mark.parametrize(
    ("schema", "version"),
    [
        ({"type": ["string", "null"]}, "3.1.0"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "3.1.0"),
        ({"description": "any value"}, "3.1.0"),
        ({"$ref": "#/components/schemas/T"}, "3.1.0"),
        ({"type": "string", "nullable": True}, "3.0.3"),
        # OpenAI's old `stop`: the null comes from a member.
        ({"oneOf": [{"type": "string", "nullable": True}, {"type": "array"}]}, "3.0.3"),
        ({"allOf": [{"$ref": "#/components/schemas/N"}]}, "3.0.3"),
    ],
)
def test_a_null_default_the_schema_admits_is_kept(schema: dict[str, Any], version: str) -> None:
    data = spec({**schema, "default": None}, version)
    data["components"]["schemas"]["T"] = {"type": "integer"}
    data["components"]["schemas"]["N"] = {"type": "string", "nullable": True}
    assert validate_document(data) == []
    fixed, diagnostics = repair_document(data)
    assert fixed == data and diagnostics == []


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True},  # a 3.0 keyword in 3.1: reads as "nullable"
        {"type": "string", "enum": ["a", None]},
        {"type": "string", "anyOf": [{"type": "string"}, {"type": "null"}]},
        {"allOf": [{"$ref": "#/components/schemas/Missing"}], "type": "string"},
    ],
)
def test_a_null_default_beside_a_hint_of_null_is_left_for_the_validator(
    schema: dict[str, Any],
) -> None:
    """Null is refused, but the schema says null somewhere: dropping the default or making
    the schema nullable would both fit, so neither is done."""
    data = spec({**schema, "default": None}, "3.1.0")
    fixed, diagnostics = repair_document(data)
    assert fixed["components"]["schemas"]["S"] == {**schema, "default": None}
    assert "repair.null-default" not in {d.code for d in diagnostics}


def test_a_null_default_reads_its_ref_targets_repaired() -> None:
    # T is read after S: repaired first, its type admits null, so S's default may be right.
    data = spec({"allOf": [{"$ref": "#/components/schemas/T"}], "default": None}, "3.1.0")
    data["components"]["schemas"]["T"] = {"type": "string|null"}
    fixed, diagnostics = repair_document(data)
    assert fixed["components"]["schemas"]["S"]["default"] is None
    assert codes_and_pointers(diagnostics) == [("repair.type-union", "/components/schemas/T/type")]
    assert validate_document(fixed) == []


def test_a_null_default_on_a_cycle_of_refs_is_decided() -> None:
    data = spec({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}]}, "3.1.0")
    data["components"]["schemas"]["S"]["default"] = None
    data["components"]["schemas"]["T"] = {
        "anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "integer"}],
        "default": None,
    }
    fixed, diagnostics = repair_document(copy.deepcopy(data))
    # A cycle is not followed round: whether null passes is not told, so both are left.
    assert fixed == data and diagnostics == []
