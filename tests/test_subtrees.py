"""subtrees: equal subtrees of a document checked once by the JSON Schema pass, with exactly
the diagnostics of the library's own whole-document run."""

from __future__ import annotations

import copy
from typing import Any

from generator.validate import validator as validate
from generator.validate.subtrees import ContentNumbers, memoizable


def _spec(version: str, paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths}


# An inlined response schema with problems: type names that do not exist (one inside a oneOf),
# an unknown keyword, a default that does not match its type.
BROKEN_SCHEMA = {
    "type": "object",
    "maxlength": 3,
    "properties": {
        "a": {"type": "String"},
        "b": {"type": "integer", "default": "x"},
        "c": {"oneOf": [{"type": "string"}, {"type": "Array"}]},
    },
}


def _operation(operation_id: str) -> dict[str, Any]:
    content = {"application/json": {"schema": copy.deepcopy(BROKEN_SCHEMA)}}
    return {
        "get": {
            "operationId": operation_id,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


def test_equal_content_gets_equal_numbers_and_other_content_others() -> None:
    data = {
        "a": {"x": [1, {"y": True}]},
        "b": {"x": [1, {"y": True}]},
        "order": {"y": 1, "x": 2},
        "other_order": {"x": 2, "y": 1},
        "types": [{"v": 1}, {"v": 1.0}, {"v": True}, {"v": "1"}, {"v": 0.0}, {"v": -0.0}],
    }
    numbers = ContentNumbers(data)
    assert numbers.of(data["a"]) == numbers.of(data["b"]) is not None
    assert numbers.of(data["a"]["x"]) == numbers.of(data["b"]["x"])
    assert numbers.of(data["order"]) != numbers.of(data["other_order"])
    kinds = {numbers.of(item) for item in data["types"]}
    assert len(kinds) == len(data["types"])
    assert numbers.of({"a": 1}) is None  # not part of the document


def test_repeated_subtrees_are_answered_from_the_first_with_the_same_problems() -> None:
    data = _spec("3.0.3", {f"/p{index}": _operation(f"op{index}") for index in range(4)})
    result = validate.validate_pass("schema", data, "x.json", False)
    assert result.stats.subtrees_reused >= 3  # the three later copies of the path item
    whole = validate.validate_whole_document(data, "x.json")
    assert validate._validate(data, "x.json", False) == whole
    # Every copy reports the same problems (at least the type name inside the oneOf), each at
    # its own place.
    reported = []
    for index in range(4):
        place = f"/paths/~1p{index}/get/responses/200/content/application~1json/schema"
        reported.append(
            {p.pointer[len(place) :] for p in whole if p.pointer.startswith(place + "/")}
        )
    assert "/properties/c/oneOf/1/type" in reported[0]
    assert all(found == reported[0] for found in reported)


def test_a_copy_inside_another_content_is_reported_at_each_place(tmp_path, monkeypatch) -> None:
    """The same broken schema deep in two different operations (a response and a request
    body): the memo answers the second, the pointers are the second's."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    data = _spec("3.0.3", {"/a": _operation("a")})
    body = {"content": {"application/json": {"schema": copy.deepcopy(BROKEN_SCHEMA)}}}
    data["paths"]["/b"] = {"post": {**_operation("b")["get"], "requestBody": body}}
    whole = validate.validate_whole_document(data, "x.json")
    assert validate._validate(data, "x.json", True) == whole
    assert validate._validate(data, "x.json", False) == whole
    assert any("/requestBody/" in problem.pointer for problem in whole)


def test_dialects_with_dynamic_references_are_not_memoized() -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    assert memoizable(OpenAPIV30SpecValidator({}).schema_validator.__class__)
    assert not memoizable(OpenAPIV31SpecValidator({}).schema_validator.__class__)
    data = _spec("3.1.0", {f"/p{index}": _operation(f"op{index}") for index in range(2)})
    result = validate.validate_pass("schema", data, "x.json", False)
    assert result.stats.subtrees_reused == 0
    assert validate._validate(data, "x.json", False) == validate.validate_whole_document(
        data, "x.json"
    )
