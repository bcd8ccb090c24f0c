"""generator.load.swagger2: a Swagger 2.0 document as the OpenAPI 3.0 document later stages see,
each mapping of the module's docstring on a small document, and odd input never raising."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic
from generator.load.loader import load_document
from generator.load.swagger2 import convert_swagger2, is_swagger2

OK = {"200": {"description": "ok"}}
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
CONVERTED = Diagnostic(
    "info", "load.swagger2", "Swagger 2.0 document converted to OpenAPI 3.0", "/swagger", "s.yaml"
)


def swagger(**fields: Any) -> dict[str, Any]:
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, **fields}


def with_operation(operation: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return swagger(paths={"/a": {"get": {"responses": OK, **operation}}}, **fields)


def convert(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The converted document and the notes after the conversion note, as (message, pointer)."""
    out, notes = convert_swagger2(data, "s.yaml")
    assert notes[0] == CONVERTED
    assert all(n.severity == "info" and n.code == "load.swagger2" for n in notes)
    assert all(n.file == "s.yaml" for n in notes)
    return out, [(n.message, n.pointer) for n in notes[1:]]


def operation_of(data: dict[str, Any]) -> dict[str, Any]:
    out, _ = convert(data)
    result: dict[str, Any] = out["paths"]["/a"]["get"]
    return result


# --- recognising and the frame of the result ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"swagger": "2.0"}, True),
        ({"swagger": 2.0}, True),  # YAML reads an unquoted 2.0 as a number
        ({"swagger": "1.2"}, False),
        ({"openapi": "3.0.3"}, False),
        ({}, False),
        (["swagger", "2.0"], False),
        (None, False),
    ],
)
def test_a_swagger_2_document_is_recognised_by_its_swagger_field(data: Any, expected: bool) -> None:
    assert is_swagger2(data) is expected


def test_the_result_is_an_openapi_303_document_with_one_note_saying_so() -> None:
    out, notes = convert_swagger2(swagger(), "s.yaml")
    assert out == {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert notes == [CONVERTED]


def test_the_input_document_is_not_modified() -> None:
    data = with_operation(
        {"parameters": [{"name": "b", "in": "body", "schema": {"$ref": "#/definitions/A"}}]},
        definitions={"A": {"type": "file", "x-nullable": True}},
        host="h",
        schemes=["http"],
    )
    before = copy.deepcopy(data)
    convert(data)
    assert data == before


def test_security_tags_external_docs_and_extensions_are_kept() -> None:
    fields = {
        "security": [{"key": []}],
        "tags": [{"name": "pets"}],
        "externalDocs": {"url": "https://docs"},
        "x-logo": {"url": "logo.png"},
    }
    out, _ = convert(swagger(**fields))
    assert {key: out[key] for key in fields} == fields


# --- servers ------------------------------------------------------------------------------------


def test_host_base_path_and_schemes_give_one_server_per_scheme() -> None:
    out, _ = convert(swagger(host="api.example.com", basePath="/v1", schemes=["http", "https"]))
    assert out["servers"] == [
        {"url": "http://api.example.com/v1"},
        {"url": "https://api.example.com/v1"},
    ]


def test_a_host_without_schemes_is_served_over_https() -> None:
    out, _ = convert(swagger(host="api.example.com"))
    assert out["servers"] == [{"url": "https://api.example.com"}]


def test_a_base_path_without_a_host_gives_a_relative_server_url() -> None:
    out, _ = convert(swagger(basePath="/v1", schemes=["http"]))
    assert out["servers"] == [{"url": "/v1"}]


def test_neither_host_nor_base_path_gives_no_servers() -> None:
    out, _ = convert(swagger(schemes=["http"]))
    assert "servers" not in out


def test_schemes_that_are_not_a_list_never_raise() -> None:
    out, _ = convert(swagger(host="h", schemes=5))
    assert out["servers"] == [{"url": "https://h"}]


def test_a_scheme_given_as_a_string_is_not_split_into_characters() -> None:
    out, _ = convert(swagger(host="h", schemes="https"))
    assert all("://" in s["url"] and len(s["url"].split("://")[0]) > 1 for s in out["servers"])


def test_a_scheme_given_as_a_string_is_read_as_that_one_scheme_with_a_note() -> None:
    out, notes = convert(swagger(host="h", schemes="http"))
    assert out["servers"] == [{"url": "http://h"}]
    assert [pointer for _, pointer in notes] == ["/schemes"]


@pytest.mark.parametrize("schemes", [5, {"http": 1}, "http https", ""])
def test_schemes_that_are_neither_a_list_nor_one_scheme_are_left_out_with_a_note(
    schemes: Any,
) -> None:
    out, notes = convert(swagger(host="h", schemes=schemes))
    assert out["servers"] == [{"url": "https://h"}]
    assert [pointer for _, pointer in notes] == ["/schemes"]


def test_entries_of_schemes_that_are_not_scheme_names_are_left_out_with_a_note() -> None:
    out, notes = convert(swagger(host="h", schemes=["http", 5, "", "ws"]))
    assert out["servers"] == [{"url": "http://h"}, {"url": "ws://h"}]
    assert [pointer for _, pointer in notes] == ["/schemes/1", "/schemes/2"]


# --- components and $refs -----------------------------------------------------------------------


def test_definitions_become_component_schemas_and_their_refs_follow() -> None:
    data = with_operation(
        {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}},
        definitions={
            "Pet": {"type": "object", "properties": {"tag": {"$ref": "#/definitions/Tag"}}},
            "Tag": {"type": "string"},
        },
    )
    out, _ = convert(data)
    assert out["components"]["schemas"] == {
        "Pet": {"type": "object", "properties": {"tag": {"$ref": "#/components/schemas/Tag"}}},
        "Tag": {"type": "string"},
    }
    content = out["paths"]["/a"]["get"]["responses"]["200"]["content"]
    assert content == {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}


def test_refs_are_rewritten_in_every_schema_keyword() -> None:
    ref = {"$ref": "#/definitions/A"}
    schema = {
        "allOf": [ref],
        "anyOf": [ref],
        "oneOf": [ref],
        "not": ref,
        "items": ref,
        "additionalProperties": ref,
        "properties": {"p": ref},
    }
    out, _ = convert(swagger(definitions={"A": {"type": "string"}, "B": schema}))
    new = {"$ref": "#/components/schemas/A"}
    assert out["components"]["schemas"]["B"] == {
        "allOf": [new],
        "anyOf": [new],
        "oneOf": [new],
        "not": new,
        "items": new,
        "additionalProperties": new,
        "properties": {"p": new},
    }


def test_refs_outside_the_swagger_sections_are_left_alone() -> None:
    schema = {"properties": {"a": {"$ref": "#/x-shared/A"}, "b": {"$ref": "#/definitions/B/items"}}}
    out, _ = convert(swagger(definitions={"S": schema}))
    assert out["components"]["schemas"]["S"]["properties"] == {
        "a": {"$ref": "#/x-shared/A"},
        "b": {"$ref": "#/components/schemas/B/items"},
    }


def test_values_that_look_like_refs_in_examples_defaults_and_enums_are_data() -> None:
    value = {"$ref": "#/definitions/A"}
    schema = {"type": "object", "example": value, "default": value, "enum": [value]}
    out, _ = convert(swagger(definitions={"S": schema}))
    assert out["components"]["schemas"]["S"] == schema


def test_shared_parameters_become_component_parameters_and_their_refs_follow() -> None:
    data = with_operation(
        {"parameters": [{"$ref": "#/parameters/limit"}]},
        parameters={"limit": {"name": "limit", "in": "query", "type": "integer"}},
    )
    out, notes = convert(data)
    assert out["components"]["parameters"] == {
        "limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    }
    assert out["paths"]["/a"]["get"]["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    assert notes == []


def test_a_shared_body_parameter_becomes_a_component_request_body() -> None:
    data = with_operation(
        {"parameters": [{"$ref": "#/parameters/a~1b"}]},
        parameters={"a/b": {"name": "pet", "in": "body", "schema": {"type": "object"}}},
    )
    out, _ = convert(data)
    assert out["components"]["requestBodies"] == {
        "a/b": {
            "content": {"application/json": {"schema": {"type": "object"}}},
            "x-body-name": "pet",
        }
    }
    assert "parameters" not in out["components"]
    operation = out["paths"]["/a"]["get"]
    assert operation["requestBody"] == {"$ref": "#/components/requestBodies/a~1b"}
    assert "parameters" not in operation


def test_a_shared_form_parameter_is_inlined_where_it_is_used_with_a_note() -> None:
    data = with_operation(
        {"parameters": [{"$ref": "#/parameters/name"}]},
        parameters={"name": {"name": "name", "in": "formData", "type": "string"}},
    )
    out, notes = convert(data)
    assert "components" not in out
    assert out["paths"]["/a"]["get"]["requestBody"] == {
        "content": {
            _FORM: {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}
        }
    }
    assert notes == [
        ("a shared formData parameter is inlined where it is used", "/parameters/name")
    ]


def test_shared_responses_become_component_responses_and_their_refs_follow() -> None:
    data = with_operation(
        {"responses": {"404": {"$ref": "#/responses/NotFound"}}},
        produces=["application/xml"],
        responses={"NotFound": {"description": "gone", "schema": {"type": "string"}}},
    )
    out, _ = convert(data)
    assert out["components"]["responses"] == {
        "NotFound": {
            "description": "gone",
            "content": {"application/xml": {"schema": {"type": "string"}}},
        }
    }
    assert out["paths"]["/a"]["get"]["responses"] == {
        "404": {"$ref": "#/components/responses/NotFound"}
    }


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (
            {"type": "basic", "description": "d"},
            {"type": "http", "scheme": "basic", "description": "d"},
        ),
        (
            {"type": "apiKey", "name": "X-Key", "in": "header"},
            {"type": "apiKey", "name": "X-Key", "in": "header"},
        ),
        (
            {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {}},
            {
                "type": "oauth2",
                "flows": {"implicit": {"scopes": {}, "authorizationUrl": "https://a"}},
            },
        ),
        (
            {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {"r": "x"}},
            {
                "type": "oauth2",
                "flows": {"password": {"scopes": {"r": "x"}, "tokenUrl": "https://t"}},
            },
        ),
        (
            {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
            {
                "type": "oauth2",
                "flows": {"clientCredentials": {"scopes": {}, "tokenUrl": "https://t"}},
            },
        ),
        (
            {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://a",
                "tokenUrl": "https://t",
                "scopes": {},
            },
            {
                "type": "oauth2",
                "flows": {
                    "authorizationCode": {
                        "scopes": {},
                        "authorizationUrl": "https://a",
                        "tokenUrl": "https://t",
                    }
                },
            },
        ),
    ],
)
def test_security_definitions_become_security_schemes(
    scheme: dict[str, Any], expected: dict[str, Any]
) -> None:
    out, _ = convert(swagger(securityDefinitions={"s": scheme}))
    assert out["components"]["securitySchemes"] == {"s": expected}


def test_components_the_loader_bundled_are_kept_and_their_schemas_converted() -> None:
    data = swagger(
        definitions={"A": {"type": "string"}},
        components={
            "schemas": {
                "A": {"type": "integer"},  # named like a definition: renamed, see below
                "Ext": {"type": "file", "items": {"$ref": "#/definitions/A"}},
            },
            "examples": {"E": {"value": 1}},
        },
    )
    out, _ = convert(data)
    assert out["components"]["schemas"] == {
        "A": {"type": "string"},
        "A_2": {"type": "integer"},
        "Ext": {"type": "string", "format": "binary", "items": {"$ref": "#/components/schemas/A"}},
    }
    assert out["components"]["examples"] == {"E": {"value": 1}}


def test_a_bundled_component_named_like_one_of_the_documents_own_is_renamed_and_refs_follow() -> (
    None
):
    # the loader names what it bundles after `components` only: `#/definitions/A` and a bundled
    # `#/components/schemas/A` are two schemas, and each ref must keep reaching its own
    data = with_operation(
        {
            "parameters": [
                {"$ref": "#/parameters/limit"},
                {"$ref": "#/components/parameters/limit"},
            ],
            "responses": {
                "200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}},
                "201": {"description": "ok", "schema": {"$ref": "#/components/schemas/A"}},
            },
        },
        definitions={"A": {"type": "string"}, "A_2": {"type": "boolean"}},
        parameters={"limit": {"name": "limit", "in": "query", "type": "string"}},
        components={
            "schemas": {"A": {"type": "integer", "items": {"$ref": "#/components/schemas/A"}}},
            "parameters": {"limit": {"name": "limit", "in": "header", "type": "integer"}},
        },
    )
    out, _ = convert(data)
    assert out["components"]["schemas"] == {
        "A": {"type": "string"},
        "A_2": {"type": "boolean"},
        "A_3": {"type": "integer", "items": {"$ref": "#/components/schemas/A_3"}},
    }
    assert out["components"]["parameters"] == {
        "limit": {"name": "limit", "in": "query", "schema": {"type": "string"}},
        "limit_2": {"name": "limit", "in": "header", "schema": {"type": "integer"}},
    }
    operation = out["paths"]["/a"]["get"]
    assert operation["parameters"] == [
        {"$ref": "#/components/parameters/limit"},
        {"$ref": "#/components/parameters/limit_2"},
    ]
    schemas = [
        operation["responses"][code]["content"]["application/json"]["schema"]
        for code in ("200", "201")
    ]
    assert schemas == [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A_3"}]


def test_two_bundled_parameter_refs_are_both_kept() -> None:
    data = with_operation(
        {
            "parameters": [
                {"$ref": "#/components/parameters/limit"},
                {"$ref": "#/components/parameters/offset"},
            ]
        },
        components={
            "parameters": {
                "limit": {"name": "limit", "in": "query", "type": "integer"},
                "offset": {"name": "offset", "in": "query", "type": "integer"},
            }
        },
    )
    assert operation_of(data)["parameters"] == [
        {"$ref": "#/components/parameters/limit"},
        {"$ref": "#/components/parameters/offset"},
    ]


def test_a_bundled_parameter_is_converted_like_a_shared_one() -> None:
    data = swagger(
        components={"parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}}}
    )
    out, _ = convert(data)
    assert out["components"]["parameters"]["limit"] == {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer"},
    }


def test_a_bundled_body_parameter_becomes_a_request_body_and_its_ref_the_request_body() -> None:
    body = {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}
    data = with_operation(
        {"parameters": [{"$ref": "#/components/parameters/pet"}]},
        components={"parameters": {"pet": body}},
    )
    out, _ = convert(data)
    assert out["components"] == {
        "requestBodies": {
            "pet": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                "x-body-name": "pet",
            }
        }
    }
    operation = out["paths"]["/a"]["get"]
    assert "parameters" not in operation
    assert operation["requestBody"] == {"$ref": "#/components/requestBodies/pet"}


def test_a_bundled_form_data_parameter_is_inlined_where_it_is_used() -> None:
    field = {"name": "f", "in": "formData", "type": "string"}
    data = with_operation(
        {"parameters": [{"$ref": "#/components/parameters/f"}]},
        components={"parameters": {"f": field}},
    )
    out, notes = convert(data)
    assert "components" not in out
    assert out["paths"]["/a"]["get"]["requestBody"] == {
        "content": {_FORM: {"schema": {"type": "object", "properties": {"f": {"type": "string"}}}}}
    }
    assert [pointer for _, pointer in notes] == ["/components/parameters/f"]


def test_a_bundled_response_and_header_are_converted_like_shared_ones() -> None:
    data = swagger(
        produces=["application/xml"],
        components={
            "responses": {"ok": {"description": "ok", "schema": {"type": "file"}}},
            "headers": {"H": {"type": "integer", "description": "h"}},
        },
    )
    out, _ = convert(data)
    assert out["components"] == {
        "responses": {
            "ok": {
                "description": "ok",
                "content": {"application/xml": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
        "headers": {"H": {"schema": {"type": "integer"}, "description": "h"}},
    }


def test_a_shared_parameter_that_refers_to_a_bundled_body_parameter_is_a_request_body() -> None:
    body = {"name": "pet", "in": "body", "schema": {"type": "object"}}
    data = with_operation(
        {"parameters": [{"$ref": "#/parameters/p"}]},
        parameters={"p": {"$ref": "#/components/parameters/pet"}},
        components={"parameters": {"pet": body}},
    )
    out, _ = convert(data)
    assert set(out["components"]["requestBodies"]) == {"p", "pet"}
    assert out["paths"]["/a"]["get"]["requestBody"] == {"$ref": "#/components/requestBodies/p"}


def test_external_parameter_refs_of_a_loaded_swagger_document_are_bundled_and_converted(
    tmp_path: Path,
) -> None:
    (tmp_path / "common.yaml").write_text(
        "limit: {name: limit, in: header, type: integer}\n"
        "offset: {name: offset, in: query, type: integer}\n"
        "pet: {name: pet, in: body, schema: {type: object}}\n"
    )
    (tmp_path / "root.yaml").write_text(
        'swagger: "2.0"\n'
        "info: {title: t, version: '1'}\n"
        "parameters:\n"
        "  limit: {name: limit, in: query, type: string}\n"
        "  offset: {$ref: 'common.yaml#/offset'}\n"
        "paths:\n"
        "  /a:\n"
        "    post:\n"
        "      parameters:\n"
        "        - $ref: '#/parameters/limit'\n"
        "        - $ref: '#/parameters/offset'\n"
        "        - $ref: 'common.yaml#/limit'\n"
        "        - $ref: 'common.yaml#/pet'\n"
        "      responses: {'200': {description: ok}}\n"
    )
    data = load_document(tmp_path / "root.yaml").data
    operation = data["paths"]["/a"]["post"]
    assert operation["parameters"] == [
        {"$ref": "#/components/parameters/limit"},
        {"$ref": "#/components/parameters/offset"},
        {"$ref": "#/components/parameters/limit_2"},
    ]
    assert operation["requestBody"] == {"$ref": "#/components/requestBodies/pet"}
    parameters = data["components"]["parameters"]
    assert parameters["limit"]["in"] == "query"
    assert parameters["limit_2"] == {"name": "limit", "in": "header", "schema": {"type": "integer"}}
    assert parameters["offset"] == {"$ref": "#/components/parameters/offset_2"}
    assert parameters["offset_2"] == {
        "name": "offset",
        "in": "query",
        "schema": {"type": "integer"},
    }


# --- request bodies -----------------------------------------------------------------------------


def test_a_body_parameter_becomes_the_request_body_with_one_media_type_per_consumes() -> None:
    body = {
        "name": "pet",
        "in": "body",
        "description": "the pet",
        "required": True,
        "schema": {"$ref": "#/definitions/Pet"},
    }
    data = with_operation(
        {"consumes": ["application/json", "application/xml"], "parameters": [body]},
        consumes=["text/plain"],  # the operation's own list wins
    )
    schema = {"schema": {"$ref": "#/components/schemas/Pet"}}
    assert operation_of(data)["requestBody"] == {
        "content": {"application/json": schema, "application/xml": schema},
        "description": "the pet",
        "required": True,
        "x-body-name": "pet",
    }


def test_a_body_parameter_takes_the_documents_consumes_when_the_operation_has_none() -> None:
    data = with_operation(
        {"parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}]},
        consumes=["text/plain"],
    )
    assert operation_of(data)["requestBody"]["content"] == {
        "text/plain": {"schema": {"type": "string"}}
    }


def test_a_body_consumed_only_as_a_form_is_sent_as_json() -> None:
    data = with_operation(
        {"consumes": [_FORM], "parameters": [{"name": "b", "in": "body", "schema": {}}]}
    )
    assert operation_of(data)["requestBody"]["content"] == {"application/json": {"schema": {}}}


def test_form_parameters_become_one_urlencoded_object_schema() -> None:
    form = [
        {"name": "name", "in": "formData", "type": "string", "required": True},
        {"name": "age", "in": "formData", "type": "integer", "minimum": 0, "description": "y"},
    ]
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "minimum": 0, "description": "y"},
        },
        "required": ["name"],
    }
    assert operation_of(with_operation({"parameters": form})) == {
        "responses": OK,
        "requestBody": {"content": {_FORM: {"schema": schema}}, "required": True},
    }


def test_a_file_form_parameter_makes_the_body_multipart_with_a_binary_string() -> None:
    form = [
        {"name": "note", "in": "formData", "type": "string"},
        {"name": "upload", "in": "formData", "type": "file"},
    ]
    body = operation_of(with_operation({"consumes": [_FORM], "parameters": form}))["requestBody"]
    assert body == {
        "content": {
            _MULTIPART: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string"},
                        "upload": {"type": "string", "format": "binary"},
                    },
                }
            }
        }
    }


def test_form_parameters_of_an_operation_consuming_multipart_are_multipart() -> None:
    form = [{"name": "note", "in": "formData"}]
    body = operation_of(with_operation({"consumes": [_MULTIPART], "parameters": form}))
    assert list(body["requestBody"]["content"]) == [_MULTIPART]
    assert body["requestBody"]["content"][_MULTIPART]["schema"]["properties"] == {
        "note": {"type": "string"}
    }


def test_form_parameters_consumed_both_ways_give_both_media_types() -> None:
    form = [{"name": "note", "in": "formData", "type": "string"}]
    data = with_operation({"consumes": [_MULTIPART, _FORM, "application/json"], "parameters": form})
    assert list(operation_of(data)["requestBody"]["content"]) == [_MULTIPART, _FORM]


# --- parameters ---------------------------------------------------------------------------------


def test_a_parameter_moves_its_type_and_validation_keywords_into_a_schema() -> None:
    param = {
        "name": "q",
        "in": "query",
        "description": "d",
        "required": False,
        "allowEmptyValue": True,
        "x-internal": 1,
        "type": "string",
        "format": "date",
        "default": "2020-01-01",
        "pattern": "^2",
        "enum": ["2020-01-01"],
        "maxLength": 10,
    }
    assert operation_of(with_operation({"parameters": [param]}))["parameters"] == [
        {
            "name": "q",
            "in": "query",
            "description": "d",
            "required": False,
            "allowEmptyValue": True,
            "x-internal": 1,
            "schema": {
                "type": "string",
                "format": "date",
                "default": "2020-01-01",
                "pattern": "^2",
                "enum": ["2020-01-01"],
                "maxLength": 10,
            },
        }
    ]


def test_a_parameter_without_a_type_is_a_string() -> None:
    [param] = operation_of(with_operation({"parameters": [{"name": "q", "in": "query"}]}))[
        "parameters"
    ]
    assert param == {"name": "q", "in": "query", "schema": {"type": "string"}}


def test_a_path_parameter_is_always_required() -> None:
    param = {"name": "id", "in": "path", "type": "integer", "required": False}
    data = swagger(paths={"/a/{id}": {"get": {"parameters": [param], "responses": OK}}})
    out, _ = convert(data)
    assert out["paths"]["/a/{id}"]["get"]["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    ]


@pytest.mark.parametrize(
    ("collection_format", "style", "explode"),
    [
        ("csv", "form", False),
        ("ssv", "spaceDelimited", False),
        ("pipes", "pipeDelimited", False),
        ("multi", "form", True),
        ("tsv", "form", False),
        (None, "form", False),  # Swagger's default is csv
    ],
)
def test_collection_format_becomes_style_and_explode(
    collection_format: str | None, style: str, explode: bool
) -> None:
    param = {"name": "q", "in": "query", "type": "array", "items": {"type": "string"}}
    if collection_format is not None:
        param["collectionFormat"] = collection_format
    [out] = operation_of(with_operation({"parameters": [param]}))["parameters"]
    assert out == {
        "name": "q",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": style,
        "explode": explode,
    }


@pytest.mark.parametrize("location", ["header", "path"])
def test_an_array_in_a_path_or_header_has_the_simple_style(location: str) -> None:
    param = {"name": "x", "in": location, "type": "array", "collectionFormat": "pipes"}
    data = swagger(paths={"/a/{x}": {"get": {"parameters": [param], "responses": OK}}})
    out, _ = convert(data)
    [converted] = out["paths"]["/a/{x}"]["get"]["parameters"]
    assert (converted["style"], converted["explode"]) == ("simple", False)


def test_a_tab_separated_collection_is_noted_as_comma_separated() -> None:
    param = {"name": "q", "in": "query", "type": "array", "collectionFormat": "tsv"}
    _, notes = convert(with_operation({"parameters": [param]}))
    assert notes == [
        (
            "collectionFormat 'tsv' has no OpenAPI 3 style; comma-separated",
            "/paths/~1a/get/parameters/0",
        )
    ]


def test_a_scalar_parameter_has_no_style() -> None:
    param = {"name": "q", "in": "query", "type": "integer", "collectionFormat": "pipes"}
    [out] = operation_of(with_operation({"parameters": [param]}))["parameters"]
    assert out == {"name": "q", "in": "query", "schema": {"type": "integer"}}


def test_a_nested_collection_format_does_not_stay_in_the_schema() -> None:
    param = {
        "name": "q",
        "in": "query",
        "type": "array",
        "items": {"type": "array", "collectionFormat": "pipes", "items": {"type": "string"}},
    }
    out, notes = convert(with_operation({"parameters": [param]}))
    [parameter] = out["paths"]["/a"]["get"]["parameters"]
    assert parameter["schema"]["items"] == {"type": "array", "items": {"type": "string"}}
    assert [pointer for _, pointer in notes] == [
        "/paths/~1a/get/parameters/0/items/collectionFormat"
    ]


def test_path_level_parameters_stay_on_the_path_and_reach_each_operation() -> None:
    shared = {"name": "id", "in": "path", "type": "string"}
    data = swagger(paths={"/a/{id}": {"parameters": [shared], "get": {"responses": OK}}})
    out, _ = convert(data)
    expected = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    assert out["paths"]["/a/{id}"]["parameters"] == [expected]
    assert out["paths"]["/a/{id}"]["get"]["parameters"] == [expected]


def test_an_operation_parameter_overrides_the_path_parameter_of_the_same_name_and_place() -> None:
    data = swagger(
        paths={
            "/a": {
                "parameters": [
                    {"name": "q", "in": "query", "type": "string"},
                    {"name": "q", "in": "header", "type": "string"},
                ],
                "get": {"parameters": [{"name": "q", "in": "query", "type": "integer"}]},
            }
        }
    )
    out, _ = convert(data)
    assert out["paths"]["/a"]["get"]["parameters"] == [
        {"name": "q", "in": "query", "schema": {"type": "integer"}},
        {"name": "q", "in": "header", "schema": {"type": "string"}},
    ]


def test_body_and_form_parameters_of_a_path_go_to_its_operations_bodies() -> None:
    data = swagger(
        paths={
            "/a": {
                "parameters": [{"name": "b", "in": "body", "schema": {"type": "string"}}],
                "post": {"responses": OK},
            },
            "/f": {
                "parameters": [{"name": "f", "in": "formData", "type": "string"}],
                "post": {"responses": OK},
            },
        }
    )
    out, _ = convert(data)
    assert out["paths"]["/a"] == {
        "post": {
            "responses": OK,
            "requestBody": {
                "content": {"application/json": {"schema": {"type": "string"}}},
                "x-body-name": "b",
            },
        }
    }
    assert out["paths"]["/f"]["post"]["requestBody"]["content"] == {
        _FORM: {"schema": {"type": "object", "properties": {"f": {"type": "string"}}}}
    }
    assert "parameters" not in out["paths"]["/f"]


# --- responses ----------------------------------------------------------------------------------


def test_a_response_schema_becomes_content_per_produces_with_its_examples() -> None:
    response = {
        "description": "ok",
        "schema": {"type": "string"},
        "examples": {"text/plain": "hi", "application/other": "unused"},
        "x-extra": True,
    }
    data = with_operation(
        {"produces": ["application/json", "text/plain"], "responses": {200: response}},
        produces=["application/xml"],  # the operation's own list wins
    )
    assert operation_of(data)["responses"] == {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}, "example": "hi"},
            },
            "x-extra": True,
        }
    }


def test_a_response_without_schema_has_no_content() -> None:
    data = with_operation({"responses": {"204": {}}})
    assert operation_of(data)["responses"] == {"204": {"description": ""}}


def test_response_headers_get_a_schema() -> None:
    headers = {
        "X-Rate": {"type": "integer", "format": "int32", "description": "left"},
        "X-Plain": {"description": "no type"},
    }
    data = with_operation({"responses": {"200": {"description": "ok", "headers": headers}}})
    assert operation_of(data)["responses"]["200"]["headers"] == {
        "X-Rate": {"schema": {"type": "integer", "format": "int32"}, "description": "left"},
        "X-Plain": {"schema": {"type": "string"}, "description": "no type"},
    }


def test_an_operation_without_responses_gets_a_default_one_with_a_note() -> None:
    data = swagger(paths={"/a": {"get": {"operationId": "a"}}})
    out, notes = convert(data)
    assert out["paths"]["/a"]["get"] == {
        "operationId": "a",
        "responses": {"default": {"description": "Unspecified response"}},
    }
    assert notes == [
        ("operation without responses: a default response is assumed", "/paths/~1a/get")
    ]


# --- schemas ------------------------------------------------------------------------------------


def test_a_file_schema_becomes_a_binary_string() -> None:
    out, _ = convert(swagger(definitions={"F": {"type": "file", "description": "d"}}))
    assert out["components"]["schemas"]["F"] == {
        "type": "string",
        "format": "binary",
        "description": "d",
    }


def test_x_nullable_becomes_nullable() -> None:
    schema = {
        "type": "object",
        "properties": {
            "yes": {"type": "string", "x-nullable": True},
            "no": {"type": "string", "x-nullable": False},
        },
    }
    out, _ = convert(swagger(definitions={"S": schema}))
    assert out["components"]["schemas"]["S"]["properties"] == {
        "yes": {"type": "string", "nullable": True},
        "no": {"type": "string"},
    }


def test_a_string_discriminator_becomes_a_property_name() -> None:
    schema = {"type": "object", "discriminator": "kind", "required": ["kind"]}
    out, _ = convert(swagger(definitions={"Pet": schema}))
    assert out["components"]["schemas"]["Pet"] == {
        "type": "object",
        "discriminator": {"propertyName": "kind"},
        "required": ["kind"],
    }


def test_schemas_are_converted_wherever_they_appear() -> None:
    nullable_file = {"type": "file", "x-nullable": True}
    data = with_operation(
        {
            "parameters": [{"name": "b", "in": "body", "schema": {"items": nullable_file}}],
            "responses": {"200": {"description": "ok", "schema": {"allOf": [nullable_file]}}},
        }
    )
    converted = {"type": "string", "format": "binary", "nullable": True}
    operation = operation_of(data)
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {"items": converted}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "allOf": [converted]
    }


# --- odd input ----------------------------------------------------------------------------------


def test_a_path_item_ref_is_kept_with_a_note() -> None:
    out, notes = convert(swagger(paths={"/a": {"$ref": "#/definitions/X"}}))
    assert out["paths"] == {"/a": {"$ref": "#/components/schemas/X"}}
    assert notes == [("a path item $ref is kept as is", "/paths/~1a")]


@pytest.mark.parametrize(
    ("fields", "paths"),
    [
        ({"paths": ["not", "a", "mapping"]}, ["not", "a", "mapping"]),
        ({"paths": {"/a": None}}, {"/a": None}),
        ({"paths": {"/a": {"get": "text"}}}, {"/a": {"get": "text"}}),
        (
            {"paths": {"/a": {"get": {"parameters": "x", "responses": OK}}}},
            {"/a": {"get": {"responses": OK}}},
        ),
        (
            {"paths": {"/a": {"get": {"parameters": [None, 3], "responses": OK}}}},
            {"/a": {"get": {"responses": OK}}},
        ),
        (
            {"paths": {"/a": {"get": {"responses": {"200": "text"}}}}},
            {"/a": {"get": {"responses": {"200": "text"}}}},
        ),
        (
            {"paths": {"/a": {"get": {"responses": {"200": {"headers": {"H": 1}}}}}}},
            {"/a": {"get": {"responses": {"200": {"description": "", "headers": {"H": 1}}}}}},
        ),
        ({"consumes": "text/plain", "produces": 5, "paths": {}}, {}),
        ({"definitions": {"S": [1, {"type": "file"}]}, "paths": {}}, {}),
        ({"securityDefinitions": {"s": "text", "t": {"type": "odd"}}, "paths": {}}, {}),
    ],
)
def test_odd_input_never_raises(fields: dict[str, Any], paths: Any) -> None:
    data = swagger(**fields)
    out, _ = convert(data)
    assert out["openapi"] == "3.0.3"
    assert out["paths"] == paths


def test_odd_definitions_and_security_schemes_are_kept_as_given() -> None:
    out, _ = convert(
        swagger(
            definitions={"S": [1, {"type": "file"}]},
            securityDefinitions={"s": "text", "t": {"type": "odd"}},
        )
    )
    assert out["components"] == {
        "schemas": {"S": [1, {"type": "string", "format": "binary"}]},
        "securitySchemes": {"s": "text", "t": {"type": "odd"}},
    }


def test_sections_that_are_not_mappings_are_left_out_with_a_note() -> None:
    data = swagger(definitions=[1], parameters="x", responses=2, securityDefinitions=[])
    out, notes = convert(data)
    assert "components" not in out
    assert sorted(pointer for _, pointer in notes) == [
        "/definitions",
        "/parameters",
        "/responses",
        "/securityDefinitions",
    ]


def test_a_parameter_that_is_not_a_mapping_is_left_out_with_a_note() -> None:
    _, notes = convert(with_operation({"parameters": ["q"]}))
    assert [pointer for _, pointer in notes] == ["/paths/~1a/get/parameters/0"]


def test_a_path_level_parameter_that_is_not_a_mapping_is_left_out_with_one_note() -> None:
    ok = {"name": "q", "in": "query", "type": "string"}
    item = {"parameters": [7, ok], "get": {"responses": OK}, "put": {"responses": OK}}
    out, notes = convert(swagger(paths={"/a": item}))
    expected = [{"name": "q", "in": "query", "schema": {"type": "string"}}]
    assert out["paths"]["/a"]["parameters"] == expected
    assert out["paths"]["/a"]["get"]["parameters"] == expected
    assert [pointer for _, pointer in notes] == ["/paths/~1a/parameters/0"]


def test_parameters_that_are_not_a_list_are_left_out_with_a_note() -> None:
    out, notes = convert(with_operation({"parameters": {"name": "q"}}))
    assert "parameters" not in out["paths"]["/a"]["get"]
    assert [pointer for _, pointer in notes] == ["/paths/~1a/get/parameters"]
