"""generator.normalize.resources: the resource tree of the client and its unique names."""

from __future__ import annotations

from typing import Any

from generator import ir

from ..coverage_ir import codes, normalized

NONE = {"204": {"description": "none"}}


def api_of(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None
) -> tuple[ir.Api, list[str]]:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }
    api, notes = normalized(spec)
    return api, codes(notes)


def tree(resources: tuple[ir.Resource, ...]) -> list[Any]:
    return [
        (
            r.attribute,
            r.class_name,
            r.module,
            [o.python_name for o in r.operations],
            tree(r.children),
        )
        for r in resources
    ]


def test_static_segments_make_the_tree_sorted_by_attribute() -> None:
    api, _ = api_of(
        {
            "/zoo/animals": {"get": {"responses": NONE}},
            "/zoo/{id}/keepers/{k}": {"delete": {"responses": NONE}},
            "/aquarium": {"post": {"responses": NONE}},
        }
    )
    assert tree(api.resources) == [
        ("aquarium", "AquariumResource", "aquarium", ["create"], []),
        (
            "zoo",
            "ZooResource",
            "zoo",
            [],
            [
                ("animals", "ZooAnimalsResource", "zoo_animals", ["retrieve"], []),
                ("keepers", "ZooKeepersResource", "zoo_keepers", ["delete"], []),
            ],
        ),
    ]


def test_names_the_client_uses_itself_are_not_taken_by_resources() -> None:
    api, _ = api_of({"/close/with_raw_response": {"get": {"responses": NONE}}})
    [close] = api.resources
    assert close.attribute == "close_"
    assert close.children[0].attribute == "with_raw_response_"


def test_a_method_named_like_a_child_resource_is_numbered_with_a_warning() -> None:
    api, notes = api_of(
        {
            "/pets": {"get": {"operationId": "x", "responses": NONE}},
            "/pets/retrieve": {"get": {"responses": NONE}},
        }
    )
    [pets] = api.resources
    assert [o.python_name for o in pets.operations] == ["retrieve_2"]
    assert [c.attribute for c in pets.children] == ["retrieve"]
    assert "normalize.operation-name-clash" in notes


def test_every_resource_class_ends_in_resource_whether_or_not_a_model_has_its_name() -> None:
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
        }
    }
    api, _ = api_of(
        {"/pet": {"get": {"responses": ok}}, "/owner": {"get": {"responses": ok}}}, {"Pet": pet}
    )
    assert [r.class_name for r in api.resources] == ["OwnerResource", "PetResource"]
    assert [r.async_class_name for r in api.resources] == [
        "AsyncOwnerResource",
        "AsyncPetResource",
    ]
    assert [m.name for m in api.models] == ["Pet"]


def test_a_resource_that_would_hide_a_name_of_the_class_body_gets_an_underscore() -> None:
    api, notes = api_of(
        {
            "/pets/object": {"get": {"responses": NONE}},
            "/pets/type": {"get": {"responses": NONE}},
            "/bytes/{id}/toys": {"get": {"responses": NONE}},  # no operation of its own
        }
    )
    assert tree(api.resources) == [
        (
            "bytes_",
            "BytesResource",
            "bytes",
            [],
            [("toys", "BytesToysResource", "bytes_toys", ["retrieve"], [])],
        ),
        (
            "pets",
            "PetsResource",
            "pets",
            [],
            [
                ("object_", "PetsObjectResource", "pets_object", ["retrieve"], []),
                ("type", "PetsTypeResource", "pets_type", ["retrieve"], []),  # `Type[...]`
            ],
        ),
    ]
    assert notes.count("normalize.resource-name-clash") == 2


def test_the_rename_warning_names_the_first_path_under_the_resource() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/float/{id}": {"get": {"responses": NONE}},
            "/float": {"get": {"responses": NONE}},
        },
    }
    _, notes = normalized(spec)
    assert [(n.pointer, n.message) for n in notes if n.code == "normalize.resource-name-clash"] == [
        (
            "/paths/~1float~1{id}",
            "client.float would hide the builtin 'float' in the class body; it is client.float_",
        )
    ]
