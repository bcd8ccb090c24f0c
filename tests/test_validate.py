"""validate_document: located, classified, short diagnostics; and the real CA spec."""

from __future__ import annotations

import collections
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.overlay import apply_overlays
from generator.repair import repair_document
from generator.validate import detect_openapi_version, validate_document

ROOT = Path(__file__).parents[1]
CA_SPEC = Path(
    os.environ.get("SDKGEN_SPEC", ROOT.parent / "shared/specs/commandersact/openapi.json")
)


def spec(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}
    base.update(extra)
    return base


@pytest.mark.parametrize(
    ("data", "version"),
    [
        ({"openapi": "3.0.2"}, "3.0"),
        ({"openapi": "3.1.0"}, "3.1"),
        ({"swagger": "2.0"}, "2.0"),
        ({"swaggerVersion": "1.2"}, "1.2"),
        ({"openapi": "4.0.0"}, ""),
        ({}, ""),
    ],
)
def test_detect_openapi_version(data: dict[str, Any], version: str) -> None:
    assert detect_openapi_version(data) == version


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"swaggerVersion": "1.2"}, "Swagger 1.2"),
        ({"openapi": "4.0.0"}, "'4.0.0'"),
        ({"info": {}}, "missing 'openapi'"),
    ],
)
def test_unsupported_versions_give_one_error(data: dict[str, Any], words: str) -> None:
    problems = validate_document(data, "x.yaml")
    assert len(problems) == 1 and problems[0].code == "validate.version"
    assert words in problems[0].message and problems[0].file == "x.yaml"


def test_swagger_20_is_validated_as_the_openapi_30_it_converts_to() -> None:
    swagger = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert validate_document(swagger) == []
    problems = validate_document({**swagger, "paths": []})
    assert [p.code for p in problems] == ["validate.type"]


def test_valid_document_has_no_problems() -> None:
    assert validate_document(spec(paths={})) == []
    assert validate_document(spec(openapi="3.1.0", paths={})) == []


def test_unknown_keyword_is_dug_out_of_oneof() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string", "example2": "x"}}}
    data = spec(paths={}, components={"schemas": {"S": schema}})
    [problem] = validate_document(data)
    assert problem.code == "validate.unknown-keyword"
    assert problem.message == "unknown keyword 'example2'"
    assert problem.pointer == "/components/schemas/S/properties/a"


def test_invalid_type_name() -> None:
    data = spec(paths={}, components={"schemas": {"S": {"type": "String"}}})
    [problem] = validate_document(data)
    assert (problem.code, problem.pointer) == ("validate.type", "/components/schemas/S/type")
    assert problem.message == "invalid type name 'String'"


def test_undeclared_path_parameter_points_at_the_operation() -> None:
    paths = {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}
    [problem] = validate_document(spec(paths=paths))
    assert problem.code == "validate.path-parameter"
    assert problem.pointer == "/paths/~1a~1{id}/get"


def test_default_not_matching_schema_is_located() -> None:
    param = {"name": "q", "in": "query", "schema": {"type": "string", "default": 3}}
    paths = {"/a": {"get": {"parameters": [param], "responses": {"200": {"description": "ok"}}}}}
    [problem] = validate_document(spec(paths=paths))
    assert problem.code == "validate.example"
    assert problem.pointer == "/paths/~1a/get/parameters/0/schema/default"


def test_missing_required_field_and_messages_are_short() -> None:
    problems = validate_document({"openapi": "3.0.3", "paths": {}, "x-long": "y" * 1000})
    assert [p.code for p in problems] == ["validate.required"]
    assert "'info' is a required property" in problems[0].message
    long_desc = {
        "S": {"type": "object", "properties": {"a": {"type": 5, "description": "z" * 900}}}
    }
    for problem in validate_document(spec(paths={}, components={"schemas": long_desc})):
        assert len(problem.message) <= 200


ca = pytest.mark.skipif(not CA_SPEC.is_file(), reason=f"vendor spec not found at {CA_SPEC}")


@ca
def test_commandersact_spec_repairs_to_zero_errors() -> None:
    digest = hashlib.sha256(CA_SPEC.read_bytes()).hexdigest()
    raw = json.loads(CA_SPEC.read_text())
    before = validate_document(raw, str(CA_SPEC))
    assert len(before) > 200  # 238 with openapi-spec-validator 0.9
    assert all(p.pointer for p in before), "every problem must be located"

    repaired, repairs = repair_document(raw, str(CA_SPEC))
    counts = collections.Counter(d.code for d in repairs)
    assert counts["repair.unknown-keyword"] > 100 and counts["repair.type-name"] > 10
    assert len(validate_document(repaired)) <= 10  # what only the overlay can settle

    config = load_config(ROOT / "specs/commandersact/sdkgen.yaml")
    final, notes = apply_overlays(repaired, config.overlays)
    assert notes == []  # every overlay action still matches something
    assert validate_document(final, str(CA_SPEC)) == []
    assert hashlib.sha256(CA_SPEC.read_bytes()).hexdigest() == digest
    assert raw == json.loads(CA_SPEC.read_text())  # the stages did not mutate their input


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x80\x04 pickle?", b"5", b'"text"', b"[1]", b'[{"code": 1}]', b'[["error"]]'],
)
def test_a_damaged_validation_cache_entry_is_ignored(tmp_path, monkeypatch, damage) -> None:
    from generator import validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    document = spec(paths={"x": {}})
    found = validate.validate_document(document, "a.yaml")
    (entry,) = (tmp_path / "validate").rglob("*.json")
    entry.write_bytes(damage)
    assert validate.validate_document(document, "a.yaml") == found  # validated again
    assert validate._cache_read(entry) == found  # and the entry repaired
