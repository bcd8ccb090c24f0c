"""generator.normalize.schema.jsonapi: JSON:API documents, resources, identifiers and relationships, and
the built-in models they share."""

from __future__ import annotations

from typing import Any

import pytest

from generator.normalize.schema import NameHint, SchemaBuilder, Shape
from generator.normalize.schema.jsonapi import (
    ERROR_MEMBERS,
    K_DOCUMENT,
    K_ERROR,
    K_ERROR_DOCUMENT,
    K_IDENTIFIER,
    K_TO_MANY,
    K_TO_ONE,
    builtin_model,
    jsonapi_type_of,
    resource_name,
    uses_jsonapi,
)

from ...spelling import spelled
from .support import Built, document, fields, hint


def resource(jtype: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "id"],
        "properties": {
            "type": {"type": "string", "enum": [jtype]},
            "id": {"type": "string"},
            **properties,
        },
    }


def identifier(jtype: str | None = None) -> dict[str, Any]:
    type_schema: dict[str, Any] = {"type": "string"}
    if jtype:
        type_schema["enum"] = [jtype]
    return {"type": "object", "properties": {"type": type_schema, "id": {"type": "string"}}}


ARTICLE = resource(
    "blog/articles",
    attributes={"type": "object", "properties": {"title": {"type": "string"}}},
    relationships={
        "type": "object",
        "properties": {
            "author": {
                "type": "object",
                "required": ["data"],
                "properties": {"data": identifier("people")},
            },
            "tags": {
                "type": "object",
                "properties": {"data": {"type": "array", "items": identifier("tags")}},
            },
        },
    },
)


def document_of(data: Any, **members: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"data": data, **members}}


def document_shape(
    schema: Any, *, jsonapi: bool = True, **components: Any
) -> tuple[Shape | None, SchemaBuilder]:
    builder = SchemaBuilder(document(components), file="spec.yaml")
    return builder.document_shape(schema, "/doc", hint("Article"), jsonapi=jsonapi), builder


def test_the_type_of_a_resource_and_its_class_name() -> None:
    assert jsonapi_type_of(ARTICLE) == "blog/articles"
    assert jsonapi_type_of({"properties": {"type": {"const": "people"}}}) == "people"
    assert jsonapi_type_of(identifier()) is None  # any string: not one resource type
    assert jsonapi_type_of({"properties": {"type": {"enum": ["a", "b"]}}}) is None
    assert resource_name("tms/web-datalayer-variables") == "TmsWebDatalayerVariable"


def test_a_document_is_the_generic_document_of_its_primary_data() -> None:
    shape, builder = document_shape(document_of(ARTICLE, meta={"type": "object"}))
    assert shape is not None and (shape.model, len(shape.items)) == (K_DOCUMENT, 1)
    models, typeref = builder.finish({})
    assert spelled(typeref(shape)) == "Document[BlogArticle]"
    names = {m.name for m in models}
    assert {"Document", "BlogArticle", "BlogArticleAttributes", "BlogArticleRelationships"} <= names


def test_a_collection_document_is_a_document_of_a_list() -> None:
    shape, builder = document_shape(document_of({"type": "array", "items": ARTICLE}))
    _, typeref = builder.finish({})
    assert shape is not None and spelled(typeref(shape)) == "Document[list[BlogArticle]]"


@pytest.mark.parametrize(
    "schema",
    [
        document_of(ARTICLE, meta={"type": "object", "properties": {"total": {"type": "integer"}}}),
        document_of(ARTICLE, extra={"type": "string"}),  # not a document member
        {"type": "object", "properties": {"items": ARTICLE}},  # no `data`
        {"allOf": [document_of(ARTICLE)]},
        {"type": "array", "items": ARTICLE},
    ],
)
def test_envelopes_that_are_not_plain_documents_keep_their_own_model(schema: Any) -> None:
    shape, _ = document_shape(schema)
    assert shape is None


def test_outside_the_json_api_media_type_only_resource_data_makes_a_document() -> None:
    plain = document_of({"type": "object", "properties": {"x": {"type": "string"}}})
    assert document_shape(plain, jsonapi=False)[0] is None
    assert document_shape(plain, jsonapi=True)[0] is not None
    assert document_shape(document_of(ARTICLE), jsonapi=False)[0] is not None


def test_error_documents_share_the_error_models_in_json_api_bodies_only() -> None:
    errors = {
        "type": "object",
        "properties": {
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
                },
            }
        },
    }
    assert document_shape(errors, jsonapi=False)[0] is None
    shape, builder = document_shape(errors)
    assert shape == Shape("model", model=K_ERROR_DOCUMENT)
    models, _ = builder.finish({})
    by_name = {m.name: m for m in models}
    assert [f.wire_name for f in by_name["Error"].fields] == list(ERROR_MEMBERS)
    assert spelled(fields(by_name["ErrorDocument"])["errors"].type) == "list[Error]"


def test_identifiers_and_relationships_use_the_shared_models() -> None:
    built = Built()
    built.shape(ARTICLE, "Article")
    models, _ = built.finish()
    relationships = fields(models["BlogArticleRelationships"])
    assert spelled(relationships["author"].type) == "ToOneRelationship"
    assert spelled(relationships["tags"].type) == "ToManyRelationship"
    assert spelled(fields(models["ToOneRelationship"])["data"].type) == "ResourceIdentifier | None"
    assert spelled(fields(models["ToManyRelationship"])["data"].type) == "list[ResourceIdentifier]"
    assert not {"Author", "AuthorData", "Tag", "TagsData"} & set(models)


def test_an_untyped_identifier_counts_only_in_a_json_api_api() -> None:
    jsonapi_paths = {
        "/a": {"get": {"responses": {"200": {"content": {"application/vnd.api+json": {}}}}}}
    }
    owner = {"type": "object", "properties": {"owner": identifier()}}
    plain = SchemaBuilder(document(), file="spec.yaml")
    shared = SchemaBuilder(document(paths=jsonapi_paths), file="spec.yaml")
    assert uses_jsonapi(document(paths=jsonapi_paths)) and not uses_jsonapi(document())
    for builder, expected in ((plain, "ThingOwner | None"), (shared, "ResourceIdentifier | None")):
        builder.shape(owner, "/t", NameHint().add(4, "Thing"))
        models, _ = builder.finish({})
        assert spelled(fields({m.name: m for m in models}["Thing"])["owner"]) == expected


def test_relationships_of_two_resource_types_are_one_model_only_when_identical() -> None:
    parent = {"type": "object", "properties": {"data": identifier("folders")}}
    relationships = {"type": "object", "properties": {"parent": parent}}
    more = {"type": "object", "properties": {"parent": parent, "owner": parent}}
    built = Built()
    built.shape(resource("folders", relationships=relationships), "Folder")
    built.shape(resource("files", relationships=relationships), "File")  # twins
    built.shape(resource("links", relationships=more), "Link")
    models, _ = built.finish()
    assert spelled(fields(models["File"])["relationships"].type) == "FolderRelationships"
    assert spelled(fields(models["Link"])["relationships"].type) == "LinkRelationships"
    assert "FileRelationships" not in models


def test_the_built_in_models() -> None:
    document_ = builtin_model(K_DOCUMENT)
    assert (document_.name, document_.type_parameters) == ("Document", ("DataT",))
    assert [f.wire_name for f in document_.fields] == [
        "data",
        "included",
        "meta",
        "links",
        "jsonapi",
    ]
    assert [f.wire_name for f in builtin_model(K_IDENTIFIER).fields] == ["type", "id", "meta"]
    to_one, to_many = builtin_model(K_TO_ONE), builtin_model(K_TO_MANY)
    assert to_one.fields[0].shape.nullable and to_many.fields[0].shape.kind == "list"
    assert builtin_model(K_ERROR).name == "Error"
    with pytest.raises(KeyError):
        builtin_model("jsonapi:Nothing")
