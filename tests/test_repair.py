"""repair_document: each repair, its diagnostic, and what it must leave alone."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import ApiConfig
from generator.pipeline import prepare_spec
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
    # A property's null default may mean "nullable": two meanings, left alone.
    assert (
        data["paths"]["/a"]["get"]["requestBody"]["content"]["application/json"]["schema"] == body
    )
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.null-default", "/paths/~1a/get/parameters/0/schema/default")
    ]


def test_type_json_means_any_json_value() -> None:
    fixed, diagnostics = repaired_schema({"type": "json", "description": "Must be valid JSON"})
    assert fixed == {"description": "Must be valid JSON"}
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.type-name", "/components/schemas/S/type")
    ]
