"""generator.normalize.parameters: parameters merged, ordered, named, typed and styled."""

from __future__ import annotations

from typing import Any

import pytest

from ..coverage_ir import api30, built, codes, normalized, operation, param
from ..spelling import spelled


def parameters_of(
    parameters: list[Any],
    path: str = "/items/{id}",
    path_level: list[Any] | None = None,
    **components: Any,
) -> tuple[list[tuple[str, str, str, str]], list[str], list[tuple[str, str]]]:
    """(name, wire name, location, annotation) of each parameter, the diagnostic codes and the
    skipped parts."""
    item: dict[str, Any] = {
        "get": {"parameters": parameters, "responses": {"204": {"description": "x"}}}
    }
    if path_level is not None:
        item["parameters"] = path_level
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {path: item},
        "components": {"parameters": components},
    }
    api, notes = normalized(spec)
    [op] = api.all_operations()
    found = [(p.name, p.wire_name, p.location, spelled(p)) for p in op.parameters]
    return found, codes(notes), [(s.pointer, s.reason) for s in api.skipped]


def test_path_parameters_first_in_path_order_then_query_header_cookie() -> None:
    found, _, _ = parameters_of(
        [
            {"name": "c", "in": "cookie", "schema": {"type": "string"}},
            {"name": "h", "in": "header", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "schema": {"type": "integer"}},
            {"name": "b", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "a", "in": "path", "required": True, "schema": {"type": "string"}},
        ],
        path="/x/{a}/y/{b}",
    )
    assert found == [
        ("a", "a", "path", "str"),
        ("b", "b", "path", "int"),
        ("q", "q", "query", "int | None"),
        ("h", "h", "header", "str | None"),
        ("c", "c", "cookie", "str | None"),
    ]


def test_an_operation_parameter_overrides_the_path_items_and_refs_are_followed() -> None:
    found, _, _ = parameters_of(
        [
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"$ref": "#/components/parameters/Id"},
        ],
        path_level=[{"name": "limit", "in": "query", "schema": {"type": "string"}}],
        Id={"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
    )
    assert found == [("id", "id", "path", "int"), ("limit", "limit", "query", "int | None")]


def test_an_undeclared_path_parameter_is_a_string_with_a_warning() -> None:
    found, notes, _ = parameters_of([])
    assert found == [("id", "id", "path", "str")]
    assert "normalize.missing-path-parameter" in notes


def test_what_cannot_be_a_parameter_is_left_out() -> None:
    found, notes, skipped = parameters_of(
        [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "gone", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "x", "in": "body"},
            {"name": "Accept", "in": "header", "schema": {"type": "string"}},
            {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
        ]
    )
    assert found == [("id", "id", "path", "str")]
    assert [reason for _, reason in skipped] == [
        "parameter without a valid name/in; left out",
        "path parameter 'gone' is not in the path; left out",
    ]
    assert notes.count("normalize.ignored-header") == 2


def test_a_parameter_described_by_content_has_its_media_type() -> None:
    spec_param = {
        "name": "where",
        "in": "query",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {}}}}},
    }
    found, _, _ = parameters_of([spec_param], path="/items")
    assert found == [("where", "where", "query", "WhereParam | WhereParamDict | None")]


@pytest.mark.parametrize(
    ("default", "expected"),
    [(20, "20"), ("asc", "'asc'"), (True, "True"), ([1], None)],
)
def test_scalar_defaults_are_the_servers_others_dropped(default: Any, expected: str | None) -> None:
    """A schema default of an optional parameter is what the server assumes: the signature's
    default is None (nothing sent), and the scalar default is kept for the docstring."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items": {
                "get": {
                    "parameters": [{"name": "p", "in": "query", "schema": {"default": default}}],
                    "responses": {"204": {"description": "x"}},
                }
            }
        },
    }
    api, _ = normalized(spec)
    [op] = api.all_operations()
    assert op.parameters[0].default == "None"
    assert op.parameters[0].server_default == expected


# --- the coverage specs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "location", "style", "explode", "annotation"),
    [
        ("tags", "query", "form", True, "list[str] | None"),
        ("ids", "query", "form", False, "list[int] | None"),
        ("filter", "query", "deepObject", True, "FilterParam | FilterParamDict | None"),
        ("pipes", "query", "pipeDelimited", False, "list[str] | None"),
        ("spaces", "query", "spaceDelimited", False, "list[str] | None"),
        ("X-Trace-Id", "header", "simple", False, "str | None"),
        ("session", "cookie", "form", True, "str | None"),
    ],
)
def test_parameter_locations_styles_and_explode(
    wire: str, location: str, style: str, explode: bool, annotation: str
) -> None:
    p = param(operation(api30(), "listPets"), wire)
    assert (p.location, p.style, p.explode, spelled(p)) == (location, style, explode, annotation)


def test_label_and_matrix_path_styles_are_kept() -> None:
    op = operation(api30(), "styledPath")
    assert [(p.name, p.style, p.explode, spelled(p.type)) for p in op.parameters] == [
        ("label", "label", False, "list[str]"),
        ("matrix", "matrix", True, "dict[str, str]"),
    ]


def test_reserved_parameter_names_are_renamed_and_keep_their_wire_names() -> None:
    op = operation(api30(), "listPets")
    assert (param(op, "class").name, param(op, "timeout").name) == ("class_", "timeout_")
    assert param(op, "timeout").server_default == "30"


def test_path_level_parameters_are_inherited() -> None:
    assert param(operation(api30(), "deletePet"), "petId").location == "path"


def test_uuid_path_parameters_are_strings() -> None:
    assert spelled(param(operation(api30(), "getPet"), "petId", "path")) == "str"


def test_parameters_with_the_same_name_in_several_locations_are_renamed_with_a_warning() -> None:
    api, notes = built("duplicates.yaml")
    op = next(op for op in api.all_operations() if op.path == "/a")
    assert [(p.name, p.wire_name, p.location) for p in op.parameters] == [
        ("id", "id", "query"),
        ("id_", "id", "header"),
        ("id__", "Id", "cookie"),  # differs only by case
    ]
    clashes = [n for n in notes if n.code == "normalize.parameter-name-clash"]
    assert len(clashes) == 2
    op30 = operation(api30(), "getPet")  # path `petId` and query `petId`
    assert [p.name for p in op30.parameters] == ["pet_id", "pet_id_"]
