"""Path parameters the template lacks: renamed to its only undeclared variable, or the
operation moved to the path that adds them; anything else left alone."""

from __future__ import annotations

from typing import Any

import pytest

from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    document,
    ok,
    path_param,
)


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


def _oas32(paths: dict[str, Any]) -> dict[str, Any]:
    return {**document(paths), "openapi": "3.2.0"}


def test_an_additional_operation_with_a_misnamed_parameter_is_renamed() -> None:
    paths = {
        "/caches/{cache_key}": {
            "get": {"responses": ok()},
            "additionalOperations": {
                "PURGE": {"parameters": [path_param("id")], "responses": ok("204")}
            },
        }
    }
    data, diagnostics = repair_document(_oas32(paths))
    purge = data["paths"]["/caches/{cache_key}"]["additionalOperations"]["PURGE"]
    assert purge["parameters"] == [path_param("cache_key")]
    rename = diagnostics[0]
    assert (rename.code, rename.pointer) == (
        "repair.path-parameter-name",
        "/paths/~1caches~1{cache_key}/additionalOperations/PURGE/parameters/0/name",
    )
    assert "of PURGE" in rename.message


def test_an_additional_operation_declaring_the_item_variable_moves_to_the_item_path() -> None:
    paths = {
        "/caches": {
            "get": {"responses": ok()},
            "additionalOperations": {
                "PURGE": {"parameters": [path_param("id")], "responses": ok("204")}
            },
        },
        "/caches/{id}": {"get": {"parameters": [path_param("id")], "responses": ok()}},
    }
    data, diagnostics = repair_document(_oas32(paths))
    assert "additionalOperations" not in data["paths"]["/caches"]  # left empty: removed
    moved = data["paths"]["/caches/{id}"]["additionalOperations"]["PURGE"]
    assert moved["parameters"] == [path_param("id")]
    assert [(d.code, d.pointer) for d in diagnostics] == [
        ("repair.operation-moved", "/paths/~1caches~1{id}/additionalOperations/PURGE")
    ]
    assert diagnostics[0].message.startswith("PURGE moved from '/caches'")
    assert validate_document(data) == []
