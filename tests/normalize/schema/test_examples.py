"""The spec's examples in the IR: schema `example`, OpenAPI `examples` maps, JSON Schema
`examples` arrays and parameter examples, kept as JSON text."""

from __future__ import annotations

import datetime
import json
from typing import Any

from generator.normalize.schema.examples import example_of

from ...coverage_ir import normalized


def spec(openapi: str = "3.0.3") -> dict[str, Any]:
    item: dict[str, Any] = {
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "example": 7,
                "schema": {"type": "integer"},
            },
            {
                "name": "q",
                "in": "query",
                "schema": {"type": "string"},
                "examples": {"first": {"value": "shoes"}, "second": {"value": "hats"}},
            },
            {"name": "sort", "in": "query", "example": "-name", "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "example": 20}},
            {"name": "plain", "in": "query", "schema": {"type": "string"}},
            {
                "name": "filter",
                "in": "query",
                "content": {"application/json": {"schema": {"type": "object"}, "example": {}}},
            },
        ],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}
        },
        "responses": {"204": {"description": "ok"}},
    }
    properties = {
        "name": {"type": "string", "example": "Blue shoes"},
        "tags": {"type": "array", "items": {"type": "string"}, "examples": [["a", "b"], ["c"]]},
        "size": {"type": "integer"},
    }
    return {
        "openapi": openapi,
        "info": {"title": "t", "version": "1"},
        "paths": {"/items/{id}": {"post": item}},
        "components": {"schemas": {"Item": {"type": "object", "properties": properties}}},
    }


def test_fields_and_parameters_carry_the_specs_examples() -> None:
    api, _ = normalized(spec("3.1.0"))
    [op] = api.all_operations()
    examples = {p.name: p.example for p in op.parameters}
    assert examples == {
        "id": "7",  # parameter `example`
        "q": '"shoes"',  # the first of the `examples` map
        "sort": '"-name"',
        "limit": "20",  # the schema's example
        "plain": None,
        "filter": "{}",  # the media type's example of a `content` parameter
    }
    [item] = [m for m in api.models if m.name == "Item"]
    fields = {f.name: f.example for f in item.fields}
    assert fields == {"name": '"Blue shoes"', "tags": '["a", "b"]', "size": None}


def test_example_of_prefers_example_then_examples_and_reads_yaml_dates() -> None:
    assert example_of({"example": None}) == "null"
    assert example_of({}, {"examples": [1, 2]}) == "1"
    assert example_of({"examples": {"x": {"externalValue": "a.json"}}}) is None
    assert example_of({"example": datetime.date(2025, 1, 31)}) == '"2025-01-31"'
    assert json.loads(example_of({"example": {"b": 1, "a": [True]}}) or "") == {
        "a": [True],
        "b": 1,
    }
    assert example_of({"example": object()}) is None


def test_example_objects_given_by_ref_are_resolved() -> None:
    document = spec()
    components = document["components"]
    components["examples"] = {
        "Shoes": {"summary": "a search", "value": "shoes"},
        "Again": {"$ref": "#/components/examples/Shoes"},  # a chain of refs
        "Seven": {"value": 7},
        "Elsewhere": {"externalValue": "https://x.test/size.json"},
    }
    [query, sort, limit, *_] = document["paths"]["/items/{id}"]["post"]["parameters"][1:]
    query["examples"] = {"shoes": {"$ref": "#/components/examples/Again"}}
    del sort["example"]
    sort["examples"] = {"gone": {"$ref": "#/components/examples/Missing"}}
    limit["schema"] = {"type": "integer"}
    limit["examples"] = {
        "far": {"$ref": "#/components/examples/Elsewhere"},  # only an externalValue: skipped
        "seven": {"$ref": "#/components/examples/Seven"},
    }
    properties = components["schemas"]["Item"]["properties"]
    properties["size"]["examples"] = {"m": {"$ref": "#/components/examples/Seven"}}
    api, _ = normalized(document)
    [op] = api.all_operations()
    examples = {p.name: p.example for p in op.parameters}
    assert (examples["q"], examples["sort"], examples["limit"]) == ('"shoes"', None, "7")
    [item] = [m for m in api.models if m.name == "Item"]
    assert {f.name: f.example for f in item.fields}["size"] == "7"


def test_example_of_leaves_a_ref_unresolved_without_the_references() -> None:
    ref = {"examples": {"a": {"$ref": "#/components/examples/A"}}}
    assert example_of(ref) is None
