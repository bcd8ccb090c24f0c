"""generator.normalize.responses: responses, their headers and media types, the success type,
and JSON:API pagination."""

from __future__ import annotations

from typing import Any

from ..coverage_ir import api30, normalized, operation
from ..spelling import spelled


def get(responses: dict[str, Any]) -> Any:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"get": {"responses": responses}}},
    }
    api, _ = normalized(spec)
    [op] = api.all_operations()
    return op


def json_of(schema: Any) -> dict[str, Any]:
    return {"description": "d", "content": {"application/json": {"schema": schema}}}


def test_the_success_type_is_the_first_2xx_with_a_body_in_status_order() -> None:
    op = get(
        {
            "default": json_of({"type": "object", "properties": {"error": {}}}),
            "2XX": json_of({"type": "integer"}),
            "204": {"description": "none"},
            "202": json_of({"type": "string"}),
        }
    )
    assert [r.status for r in op.responses] == ["default", "2XX", "204", "202"]  # spec order
    assert spelled(op.success_type) == "str"
    assert op.success_media_type == "application/json"


def test_without_a_2xx_body_the_method_returns_nothing() -> None:
    op = get({"200": {"description": "ok"}, "404": json_of({"type": "string"})})
    assert (op.success_type, op.success_media_type) == (None, None)


def test_error_bodies_are_named_error_response_when_that_name_is_free() -> None:
    op = get(
        {
            "200": json_of({"type": "string"}),
            "4XX": json_of({"type": "object", "properties": {"m": {}}}),
        }
    )
    assert spelled(next(r for r in op.responses if r.status == "4XX").type) == "ErrorResponse"


def test_headers_are_typed_named_and_content_type_is_ignored() -> None:
    response = {
        "description": "d",
        "headers": {
            "Content-Type": {"schema": {"type": "string"}},
            "X-Count": {
                "required": True,
                "schema": {"type": "integer"},
                "description": "How many.",
            },
            "x-count": {"schema": {"type": "string"}},
            "X-Raw": {},
        },
    }
    [ok] = get({"200": response}).responses
    assert [
        (h.name, h.python_name, spelled(h.type), h.required, h.description) for h in ok.headers
    ] == [
        ("X-Count", "x_count", "int", True, "How many."),
        ("x-count", "x_count_", "str", False, ""),
        ("X-Raw", "x_raw", "str", False, ""),
    ]


def test_every_media_type_of_a_response_is_typed_json_first() -> None:
    schema = {"type": "array", "items": {"type": "string"}}
    response = {
        "description": "d",
        "content": {
            "text/csv": {"schema": schema},
            "application/json": {"schema": schema},
            "application/xml": {"schema": {"type": "string"}},
        },
    }
    [ok] = get({"200": response}).responses
    assert [(media, t and spelled(t)) for media, t in ok.contents] == [
        ("application/json", "list[str]"),
        ("text/csv", "list[str]"),  # then in spec order
        ("application/xml", "str"),
    ]


# --- the coverage specs -----------------------------------------------------------------------


def test_binary_download_and_text() -> None:
    api = api30()
    raw = operation(api, "putRaw")
    assert (raw.success_media_type, raw.success_type and raw.success_type.kind) == (
        "application/octet-stream",
        "bytes",
    )
    note = operation(api, "postNote")
    assert note.success_type is not None and note.success_type.kind == "str"


def test_vendor_json_media_types_are_json() -> None:
    op = operation(api30(), "getPet")
    assert (op.success_media_type, op.success_type and spelled(op.success_type)) == (
        "application/vnd.pet+json",
        "Pet",
    )


def test_empty_default_and_range_responses() -> None:
    api = api30()
    delete = operation(api, "deletePet")
    assert [(r.status, r.type) for r in delete.responses] == [("204", None)]
    assert delete.success_type is None
    listing = operation(api, "listPets")
    default = next(r for r in listing.responses if r.status == "default")
    assert (default.media_type, default.type and spelled(default.type)) == (
        "application/problem+json",
        "Problem",
    )
    shapes = operation(api, "makeShape")
    assert [r.status for r in shapes.responses] == ["200", "4XX"]


def test_response_headers_and_every_response_media_type() -> None:
    ok = operation(api30(), "listPets").responses[0]
    assert [(h.name, h.python_name, spelled(h.type), h.required) for h in ok.headers] == [
        ("X-Rate-Limit", "x_rate_limit", "int", True),
        ("X-Next", "x_next", "str", False),
    ]
    assert [(m, t and spelled(t)) for m, t in ok.contents] == [
        ("application/json", "list[Pet]"),
        ("application/xml", "list[Pet]"),
    ]
