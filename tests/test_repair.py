"""repair_document: each repair, its diagnostic, and what it must leave alone."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.config import ApiConfig
from generator.pipeline.stages import prepare_spec
from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document


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
        },
    }


def test_path_repairs() -> None:
    original = paths_spec()
    pristine = copy.deepcopy(original)
    data, diagnostics = repair_document(original)
    assert original == pristine  # never mutates its input
    paths = data["paths"]
    assert list(paths) == ["/items/{id}", "/things/{a}/{b}"]
    item = paths["/items/{id}"]
    assert item["delete"]["parameters"][0]["required"] is True
    # GET copies the declaration DELETE already has (integer), with required forced.
    assert item["get"]["parameters"] == [
        {"name": "id", "in": "path", "schema": {"type": "integer"}, "required": True}
    ]
    # Nobody declared a and b: declared once on the path item, as strings.
    assert [p["name"] for p in paths["/things/{a}/{b}"]["parameters"]] == ["a", "b"]
    assert paths["/things/{a}/{b}"]["parameters"][0]["schema"] == {"type": "string"}
    codes = [(d.code, d.pointer) for d in diagnostics]
    assert codes == [
        ("repair.path-slash", "/paths/~1items~1{id}"),
        ("repair.path-parameter", "/paths/~1items~1{id}/get/parameters/0"),
        ("repair.path-parameter", "/paths/~1items~1{id}/delete/parameters/0/required"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/0"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/1"),
    ]
    assert validate_document(data) == []


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


# -- paths written twice, with and without the leading "/" ------------------------------------


def document(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def ok(status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok"}}


def path_param(name: str, kind: str = "integer", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}, **extra}


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


# -- path parameters declared under a name the template lacks -----------------------------------


def test_a_misnamed_path_parameter_is_renamed_to_the_templates_variable() -> None:
    data, diagnostics = repair_document(
        document(
            {
                "/fields/{custom_field}": {
                    "get": {"responses": ok()},
                    "delete": {
                        "parameters": [path_param("id", description="Resource ID")],
                        "responses": ok("204"),
                    },
                }
            }
        )
    )
    item = data["paths"]["/fields/{custom_field}"]
    renamed = path_param("custom_field", description="Resource ID")
    assert item["delete"]["parameters"] == [renamed]
    assert item["get"]["parameters"] == [renamed]  # copied from DELETE, as before
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.path-parameter-name", "/paths/~1fields~1{custom_field}/delete/parameters/0/name"),
        ("repair.path-parameter", "/paths/~1fields~1{custom_field}/get/parameters/0"),
    ]
    assert "'id'" in diagnostics[0].message and "'custom_field'" in diagnostics[0].message
    assert validate_document(data) == []


def test_a_misnamed_shared_parameter_is_renamed_as_a_copy() -> None:
    raw = document(
        {
            "/fields/{field}": {
                "delete": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "responses": ok("204"),
                }
            },
            "/things/{id}": {
                "get": {"parameters": [{"$ref": "#/components/parameters/Id"}], "responses": ok()}
            },
        },
        components={"parameters": {"Id": path_param("id")}},
    )
    data, _ = repair_document(raw)
    assert data["paths"]["/fields/{field}"]["delete"]["parameters"] == [path_param("field")]
    assert data["components"]["parameters"]["Id"] == path_param("id")
    assert data["paths"]["/things/{id}"] == raw["paths"]["/things/{id}"]
    assert validate_document(data) == []


@pytest.mark.parametrize(
    ("path", "method", "declared", "why"),
    [
        ("/a/{x}/{y}", "get", ["id"], "two undeclared variables"),
        ("/a/{x}", "get", ["id", "key"], "two parameters that match nothing"),
        ("/a/{x}", "patch", ["id"], "renaming and moving would both fit"),
    ],
)
def test_stray_path_parameters_without_one_meaning_are_left_alone(
    path: str, method: str, declared: list[str], why: str
) -> None:
    paths = {
        path: {method: {"parameters": [path_param(n) for n in declared], "responses": ok()}},
        "/a/{x}/{id}": {"get": {"responses": ok()}},  # where PATCH /a/{x} could move
    }
    data, diagnostics = repair_document(document(paths))
    codes = {d.code for d in diagnostics}
    assert not codes & {"repair.path-parameter-name", "repair.operation-moved"}, why
    operation = data["paths"][path][method]
    # The declarations are still there, for the validator to report.
    assert [p["name"] for p in operation["parameters"]] == declared, why
    assert "validate.path-parameter" in {p.code for p in validate_document(data)}, why


def collection(**extra_paths: Any) -> dict[str, Any]:
    """`PATCH /sources` declares `id`, which only `/sources/{id}` (GET, DELETE) has."""
    return {
        "/sources": {
            "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}],
            "get": {"responses": ok()},
            "patch": {
                "operationId": "SourcesUpdate",
                "parameters": [path_param("id")],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": ok(),
            },
        },
        "/sources/{id}": {
            "get": {"parameters": [path_param("id")], "responses": ok()},
            "delete": {"parameters": [path_param("id")], "responses": ok("204")},
        },
        **extra_paths,
    }


def test_an_operation_declaring_the_item_variable_moves_to_the_item_path() -> None:
    data, diagnostics = repair_document(document(collection()), "spec.json")
    assert list(data["paths"]["/sources"]) == ["parameters", "get"]
    moved = data["paths"]["/sources/{id}"]["patch"]
    assert moved["operationId"] == "SourcesUpdate"
    # What applied to it on /sources still does.
    assert [p["name"] for p in moved["parameters"]] == ["dry_run", "id"]
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.operation-moved", "/paths/~1sources~1{id}/patch")
    ]
    assert "from '/sources'" in diagnostics[0].message and "'id'" in diagnostics[0].message
    assert validate_document(data) == []


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (
            lambda paths: paths["/sources/{id}"].update(patch={"responses": ok()}),
            "the item path already has PATCH",
        ),
        (lambda paths: paths.pop("/sources/{id}"), "no item path"),
        (
            lambda paths: paths.update({"/sources/{source}": paths.pop("/sources/{id}")}),
            "the item path names its variable differently",
        ),
        (
            lambda paths: paths["/sources"]["patch"]["parameters"].append(path_param("key")),
            "two parameters that match nothing",
        ),
        (
            lambda paths: paths["/sources/{id}"].update(
                parameters=[{"name": "fields", "in": "query", "schema": {"type": "string"}}]
            ),
            "the item path's own query parameter would join the operation",
        ),
        (
            lambda paths: paths["/sources/{id}"].update(servers=[{"url": "https://other"}]),
            "the item path has other servers",
        ),
    ],
)
def test_an_operation_is_not_moved_without_one_obvious_place(change: Any, why: str) -> None:
    paths = collection()
    change(paths)
    data, diagnostics = repair_document(document(paths))
    assert "repair.operation-moved" not in {d.code for d in diagnostics}, why
    assert "patch" in data["paths"]["/sources"], why


def test_a_collection_operation_without_a_stray_parameter_stays() -> None:
    paths = collection()
    paths["/sources"]["patch"]["parameters"] = []
    data, diagnostics = repair_document(document(paths))
    assert "patch" in data["paths"]["/sources"] and diagnostics == []


# -- other repairs the Commanders Act history needed --------------------------------------------


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


def test_type_json_means_any_json_value() -> None:
    fixed, diagnostics = repaired_schema({"type": "json", "description": "Must be valid JSON"})
    assert fixed == {"description": "Must be valid JSON"}
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.type-name", "/components/schemas/S/type")
    ]


# -- defects of OpenAI's published 3.1 spec -----------------------------------------------------

DEFECTS_31 = Path(__file__).parent / "repair_fixtures" / "openapi31_defects.yaml"


def codes_and_pointers(diagnostics: list[Any]) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in diagnostics]


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
