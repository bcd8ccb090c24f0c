"""generator.normalize.bodies: request bodies per media type, form encodings, what JSON:API
bodies hold, and bulk twins."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.normalize.bodies import _encoding, detect_bulk, with_jsonapi_id

from ..coverage_ir import api30, field, normalized, operation
from ..spelling import spelled

TEXT = ir.TypeRef("str", ir.ScalarType("str"))


def post(request_body: Any, method: str = "post", path: str = "/pets") -> ir.Operation:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            path: {
                method: {"requestBody": request_body, "responses": {"204": {"description": "x"}}}
            }
        },
    }
    api, _ = normalized(spec)
    [op] = api.all_operations()
    return op


def test_media_types_come_json_first_with_the_body_description_and_required_flag() -> None:
    op = post(
        {
            "required": True,
            "description": "The pet.",
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "application/xml": {},
                "application/vnd.pet+json": {"schema": {"type": "object", "properties": {"a": {}}}},
                "application/json": {"schema": {"type": "object", "properties": {"a": {}}}},
            },
        }
    )
    assert [(b.media_type, spelled(b.type)) for b in op.request_bodies] == [
        ("application/json", "PetCreateRequest"),
        ("application/vnd.pet+json", "PetCreateRequest"),
        ("text/plain", "str"),  # the others in spec order
        ("application/xml", "bytes"),  # no schema: the bytes as they are
    ]
    assert all(b.required and b.description == "The pet." for b in op.request_bodies)


def test_a_body_without_content_is_left_out() -> None:
    op = post({"description": "nothing"})
    assert op.request_bodies == ()


def test_urlencoded_style_entries_are_serialised_by_style_the_others_by_content_type() -> None:
    media = {
        "encoding": {
            "tags": {"style": "spaceDelimited", "contentType": "ignored/when-styled"},
            "filter": {"explode": False},
            "meta": {"contentType": "application/json "},
            "plain": {},
            "junk": "x",
        }
    }
    assert _encoding("application/x-www-form-urlencoded; charset=utf-8", media) == (
        ir.PropertyEncoding("tags", style="spaceDelimited", explode=False),
        ir.PropertyEncoding("filter", style="form", explode=False),
        ir.PropertyEncoding("meta", content_type="application/json"),
    )
    # multipart parts are always serialised by content type
    assert _encoding("multipart/form-data", media) == (
        ir.PropertyEncoding("tags", content_type="ignored/when-styled"),
        ir.PropertyEncoding("meta", content_type="application/json"),
    )


def operation_with(
    method: str, path: str, body: ir.RequestBody, parameters: tuple[ir.Parameter, ...] = ()
) -> ir.Operation:
    return ir.Operation(
        operation_id="x",
        python_name="update",
        method=method,
        path=path,
        summary="",
        description="",
        deprecated=False,
        parameters=parameters,
        request_bodies=(body,),
        responses=(),
        success_type=None,
        success_media_type=None,
        security=(),
        tags=(),
    )


def path_parameter(wire: str) -> ir.Parameter:
    return ir.Parameter(wire.lower(), wire, "path", TEXT, "str", True, "simple", False, "")


def test_a_json_api_update_takes_data_id_from_the_last_path_parameter_when_it_is_an_id() -> None:
    item = ir.TypeRef("model", ir.ModelType("Pet"), model="Pet")
    body = ir.RequestBody("application/vnd.api+json", item, True, "", data_type=item)
    for path, wire, expected in [
        ("/pets/{id}", "id", "id"),
        ("/pets/{petId}", "petId", "petid"),
        ("/pets/{name}", "name", None),
        ("/pets/{id}/tags", "id", None),
    ]:
        operation = operation_with("PATCH", path, body, (path_parameter(wire),))
        assert with_jsonapi_id(body, operation).jsonapi_id_parameter == expected, path
    post_ = operation_with("POST", "/pets/{id}", body, (path_parameter("id"),))
    assert with_jsonapi_id(body, post_).jsonapi_id_parameter is None


def test_a_body_of_many_objects_has_a_bulk_twin() -> None:
    item = ir.TypeRef("model", ir.ModelType("Pet"), model="Pet")
    many = ir.TypeRef("list", ir.ListType(item.python), items=(item,))
    jsonapi = ir.RequestBody("application/vnd.api+json", item, True, "", data_type=many)
    ndjson = ir.RequestBody("application/x-ndjson", many, True, "")
    single = ir.RequestBody("application/json", item, True, "", data_type=item)
    assert detect_bulk(operation_with("POST", "/pets", jsonapi)) == ir.Bulk("update_bulk", item)
    assert detect_bulk(operation_with("PUT", "/pets", ndjson)) == ir.Bulk(
        "update_bulk", item, "application/x-ndjson"
    )
    assert detect_bulk(operation_with("POST", "/pets", single)) is None
    assert detect_bulk(operation_with("GET", "/pets", jsonapi)) is None


# --- the coverage specs -----------------------------------------------------------------------


def test_several_request_media_types_json_first() -> None:
    bodies = operation(api30(), "createPet").request_bodies
    assert [b.media_type for b in bodies] == [
        "application/json",
        "application/x-www-form-urlencoded",
    ]
    assert all(b.required for b in bodies)


def test_multipart_with_a_file() -> None:
    api = api30()
    [body] = operation(api, "uploadFile").request_bodies
    assert body.media_type == "multipart/form-data"
    assert field(api, spelled(body.type), "file").type.kind == "bytes"
    assert field(api, spelled(body.type), "file").required


def test_form_body_encoding_is_kept() -> None:
    [body] = operation(api30(), "uploadFile").request_bodies
    assert body.encoding == (
        ir.PropertyEncoding("layout", content_type="application/vnd.layout+json"),
    )


def test_binary_and_text_bodies() -> None:
    api = api30()
    raw = operation(api, "putRaw")
    assert raw.request_bodies[0].media_type == "application/octet-stream"
    assert raw.request_bodies[0].type.kind == "bytes"
    assert operation(api, "postNote").request_bodies[0].type.kind == "str"


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or []}


def _body(schema: dict[str, Any], media: str = "application/json", **extra: Any) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": schema}}, **extra}


def test_an_object_body_becomes_keywords_required_optional_and_always_sent() -> None:
    schema = _object(
        {
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["pet"], "default": "pet"},
            "note": {"type": "string", "nullable": True},
            "id": {"type": "integer", "readOnly": True},
        },
        ["name"],
    )
    [body] = post(_body(schema)).request_bodies
    assert [(k.name, k.wire_name, k.required, k.default) for k in body.keywords] == [
        ("name", "name", True, None),
        ("kind", "kind", False, "'pet'"),  # a constant: sent with its default
        ("note", "note", False, "NOT_GIVEN"),
    ]  # the read-only `id` is never sent, so no keyword
    assert body.keywords[2].type.nullable and body.body_argument_reason == ""


def test_form_and_multipart_object_bodies_become_keywords() -> None:
    for media in ("application/x-www-form-urlencoded", "multipart/form-data"):
        [body] = post(_body(_object({"file": {"type": "string"}}), media)).request_bodies
        assert [k.name for k in body.keywords] == ["file"], media


def test_bodies_that_stay_one_body_argument_say_why() -> None:
    cases = [
        (_body({"type": "array", "items": {"type": "string"}}), "a list body, not an object"),
        (_body({"type": "string"}, "text/plain"), "media type text/plain"),
        (_body({"type": "object", "additionalProperties": True}), "a dict body, not an object"),
        (_body(_object({"timeout": {"type": "integer"}})), "field timeout named like a"),
        (
            {"content": {"application/json": {"schema": _object({"a": {}}, ["a"])}}},
            "an optional body with required fields",
        ),
    ]
    for request_body, reason in cases:
        [body] = post(request_body).request_bodies
        assert body.keywords == () and body.body_argument_reason.startswith(reason), reason


def test_a_field_named_like_a_parameter_keeps_the_body_argument() -> None:
    spec_body = _body(_object({"pet_id": {"type": "integer"}}))
    path_parameter = {
        "name": "pet_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets/{pet_id}": {
                "parameters": [path_parameter],
                "put": {"requestBody": spec_body, "responses": {"204": {"description": "x"}}},
            }
        },
    }
    api, _ = normalized(spec)
    [op] = api.all_operations()
    assert op.request_bodies[0].keywords == ()
    assert "pet_id" in op.request_bodies[0].body_argument_reason


def test_the_media_example_gives_the_keywords_the_fields_give_none() -> None:
    schema = _object(
        {
            "name": {"type": "string"},
            "size": {"type": "integer", "example": 3},
            "note": {"type": "string"},
            "id": {"type": "integer", "readOnly": True},
        },
        ["name"],
    )
    example = {"name": "Rex", "size": 9, "id": 5, "unknown": True}
    [body] = post(_body(schema)).request_bodies
    assert body.example is None
    assert {k.name: k.example for k in body.keywords} == {"name": None, "size": "3", "note": None}
    media = {"application/json": {"schema": schema, "example": example}}
    [body] = post({"required": True, "content": media}).request_bodies
    assert body.example == '{"id": 5, "name": "Rex", "size": 9, "unknown": true}'
    assert {k.name: k.example for k in body.keywords} == {
        "name": '"Rex"',
        "size": "3",  # the field's own example first
        "note": None,  # the example leaves it out
    }


def test_a_media_example_by_ref_and_a_schema_example_count_too() -> None:
    schema = _object({"name": {"type": "string"}})
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets": {
                "post": {
                    "requestBody": _body(schema),
                    "responses": {"204": {"description": "x"}},
                },
                "put": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": schema,
                                "examples": {
                                    "elsewhere": {"externalValue": "https://x.test/pet.json"},
                                    "rex": {"$ref": "#/components/examples/Rex"},
                                },
                            }
                        }
                    },
                    "responses": {"204": {"description": "x"}},
                },
            }
        },
        "components": {"examples": {"Rex": {"value": {"name": "Rex"}}}},
    }
    schema["example"] = {"name": "Tom"}  # the schema's own example of the whole body
    api, _ = normalized(spec)
    by_method = {op.method: op.request_bodies[0] for op in api.all_operations()}
    assert by_method["POST"].keywords[0].example == '"Tom"'
    assert by_method["PUT"].keywords[0].example == '"Rex"'  # the media type's comes first


def _jsonapi_create(example: Any) -> ir.RequestBody:
    identifier = {
        "type": "object",
        "properties": {"type": {"type": "string", "enum": ["users"]}, "id": {"type": "integer"}},
    }
    data = {
        "type": "object",
        "required": ["type", "attributes"],
        "properties": {
            "type": {"type": "string", "enum": ["items"]},
            "attributes": _object({"name": {"type": "string"}, "price": {"type": "number"}}),
            "relationships": _object(
                {
                    "owner": _object({"data": identifier}),
                    "watchers": _object({"data": {"type": "array", "items": identifier}}),
                }
            ),
        },
    }
    media = {"schema": _object({"data": data}, ["data"]), "example": example}
    op = post({"required": True, "content": {"application/vnd.api+json": media}}, path="/items")
    return op.request_bodies[0]


def test_a_jsonapi_media_example_gives_its_attributes_and_related_ids() -> None:
    example = {
        "data": {
            "type": "items",
            "attributes": {"name": "Lamp", "price": 9.5},
            "relationships": {
                "owner": {"data": {"type": "users", "id": 4}},
                "watchers": {"data": [{"type": "users", "id": 1}, {"type": "users", "id": 2}]},
            },
        }
    }
    body = _jsonapi_create(example)
    assert body.jsonapi_type == "items"
    assert {k.name: k.example for k in body.keywords} == {
        "name": '"Lamp"',
        "price": "9.5",
        "owner_id": "4",
        "watchers_ids": "[1, 2]",
    }
    # an example that is not a JSON:API document (or without relationships) gives nothing
    assert all(k.example is None for k in _jsonapi_create({"name": "Lamp"}).keywords)
    no_links = _jsonapi_create({"data": {"attributes": {"name": "Lamp"}}})
    assert {k.name: k.example for k in no_links.keywords}["owner_id"] is None
