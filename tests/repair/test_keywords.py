"""Keywords: misspelt ones renamed, unknown ones kept as extensions, a lost `properties` wrapper restored."""

from __future__ import annotations

from .support import (
    repaired_schema,
)


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


def test_property_without_properties_wrapper() -> None:
    schema = {"type": "object", "properties": {"links": {"a": {"type": "string"}}}}
    fixed, diagnostics = repaired_schema(schema)
    assert fixed["properties"]["links"] == {
        "type": "object",
        "properties": {"a": {"type": "string"}},
    }
    assert diagnostics[0].code == "repair.misplaced-properties"


def test_openapi_32_fields_are_known_and_its_schemas_are_2020_12() -> None:
    """`$self`, `additionalOperations`, a response's `summary`, `itemSchema`, a media type's
    `$ref`, `components.mediaTypes` stay as they are; the 3.1 repairs of schemas apply."""
    from generator.load.loader import load_document
    from generator.repair.repairs import repair_document
    from tests.conftest import FIXTURES

    data = load_document(FIXTURES / "oas32" / "spec.yaml").data
    fixed, diagnostics = repair_document(data)
    assert diagnostics == [] and fixed == data
    fixed, _ = repaired_schema({"type": "string", "x-ok": 1, "vendorThing": 2}, "3.2.0")
    assert fixed == {"type": "string", "x-ok": 1, "vendorThing": 2}  # annotations, as in 3.1
    purge = {"responses": {"204": {"summary": "ok"}}}
    item = {"additionalOperations": {"PURGE": purge}}
    fixed, diagnostics = repair_document(
        {"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a/{id}": item}}
    )
    assert [d.code for d in diagnostics] == ["repair.path-parameter"]
    assert fixed["paths"]["/a/{id}"]["parameters"][0]["name"] == "id"
