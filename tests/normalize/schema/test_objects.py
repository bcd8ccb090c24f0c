"""generator.normalize.schema.objects: object schemas as models, one per structural key, with their
fields; request variants without readOnly properties; defaults."""

from __future__ import annotations

from generator.normalize.schema.objects import scalar_default

from ...coverage_ir import api30, field, model, operation
from ...spelling import spelled
from .support import Built, fields, ref

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "description": "Its name."},
        "password": {"type": "string", "writeOnly": True},
    },
}


def test_copies_with_one_structure_are_one_model_required_only_where_every_copy_is() -> None:
    first = {"type": "object", "required": ["a", "b"], "properties": {"a": {}, "b": {}}}
    second = {"type": "object", "required": ["a"], "properties": {"b": {}, "a": {}}}
    built = Built()
    built.shape(first, "First")
    built.shape(second, "Second")
    models, (one, other) = built.finish()
    assert spelled(one) == spelled(other) == "First"
    assert [(f.wire_name, f.required) for f in models["First"].fields] == [
        ("a", True),
        ("b", False),
    ]


def test_fields_keep_the_order_and_descriptions_of_the_first_copy() -> None:
    built = Built({"Pet": PET})
    built.component("Pet")
    models, _ = built.finish()
    pet = models["Pet"]
    assert [f.wire_name for f in pet.fields] == ["id", "name", "password"]
    assert fields(pet)["name"].description == "Its name."
    assert fields(pet)["id"].read_only and fields(pet)["password"].write_only


def test_a_request_gets_a_variant_without_read_only_properties() -> None:
    owner = {"type": "object", "properties": {"pet": ref("Pet")}}
    built = Built({"Pet": PET, "Owner": owner})
    built.component("Owner", role="request")
    built.component("Owner")
    models, (request, response) = built.finish()
    assert (spelled(request), spelled(response)) == ("OwnerRequest", "Owner")
    assert spelled(fields(models["OwnerRequest"])["pet"].type) == "PetRequest"
    assert list(fields(models["PetRequest"])) == ["name", "password"]
    assert fields(models["PetRequest"])["password"].required is False
    assert list(fields(models["Pet"])) == ["id", "name", "password"]


def test_a_write_only_property_is_optional_where_the_model_is_a_response() -> None:
    built = Built({"Pet": {**PET, "required": ["name", "password"]}})
    built.component("Pet", role="request")
    built.component("Pet")
    models, _ = built.finish()
    assert fields(models["PetRequest"])["password"].required
    assert not fields(models["Pet"])["password"].required


def test_a_default_must_fit_the_type() -> None:
    schema = {
        "type": "object",
        "properties": {
            "level": {"type": "integer", "default": 2},
            "ratio": {"type": "number", "default": 1},
            "mode": {"enum": ["a", "b"], "default": "c"},
            "name": {"type": "string", "default": 3},
        },
    }
    built = Built()
    built.shape(schema, "Settings", pointer="/s")
    models, _ = built.finish()
    assert {w: f.default for w, f in fields(models["Settings"]).items()} == {
        "level": "2",
        "ratio": "1",
        "mode": "None",
        "name": "None",
    }
    assert built.skipped() == [
        ("/s/properties/mode/default", "default 'c' does not fit the type; dropped"),
        ("/s/properties/name/default", "default 3 does not fit the type; dropped"),
    ]


def test_a_property_that_is_not_a_schema_is_left_out() -> None:
    built = Built()
    built.shape({"type": "object", "properties": {"ok": {}, "bad": 3}}, "Thing", pointer="/t")
    models, _ = built.finish()
    assert list(fields(models["Thing"])) == ["ok"]
    assert built.skipped() == [("/t/properties/bad", "property 'bad' is not a schema; left out")]


def test_nested_objects_are_named_after_their_parent_and_property() -> None:
    schema = {
        "type": "object",
        "properties": {
            "home_address": {"type": "object", "properties": {"city": {"type": "string"}}},
            "tags": {"type": "object", "additionalProperties": {"properties": {"x": {}}}},
        },
    }
    built = Built()
    built.shape(schema, "Customer")
    models, _ = built.finish()
    assert spelled(fields(models["Customer"])["home_address"].type) == "CustomerHomeAddress"
    assert spelled(fields(models["Customer"])["tags"].type) == "dict[str, CustomerTagsValue]"


def test_scalar_defaults_are_python_source() -> None:
    assert [scalar_default(v) for v in ("it's", 3, 2.5, True, None)] == [
        '"it\'s"',
        "3",
        "2.5",
        "True",
        "None",
    ]
    assert scalar_default(float("nan")) is None and scalar_default([1]) is None


# --- the coverage specs -----------------------------------------------------------------------


def test_read_only_properties_get_a_request_model_without_them() -> None:
    api = api30()
    assert [spelled(b.type) for b in operation(api, "createPet").request_bodies] == [
        "PetRequest",
        "PetRequest",
    ]
    assert "id" not in {f.wire_name for f in model(api, "PetRequest").fields}
    assert field(api, "Pet", "id").read_only and field(api, "Pet", "id").required
    # a model that only contains one through a property needs its own request variant too
    assert spelled(field(api, "PetRequest", "owner").type) == "PersonRequest"
    assert spelled(field(api, "PersonRequest", "pets").type) == "list[PetRequest]"


def test_write_only_properties_are_optional_in_responses() -> None:
    api = api30()
    assert field(api, "PetRequest", "password").required
    assert not field(api, "Pet", "password").required
    assert field(api, "Pet", "password").write_only


def test_models_without_read_only_properties_are_shared() -> None:
    api = api30()
    assert [spelled(b.type) for b in operation(api, "makeShape").request_bodies] == [
        "Circle | Square"
    ]
    assert not any(m.name in ("CircleRequest", "SquareRequest") for m in api.models)


def test_additional_properties_beside_properties_are_extra_fields() -> None:
    problem = model(api30(), "Problem")  # properties *and* additionalProperties
    assert problem.extra is not None and spelled(problem.extra) == "str"


def test_nullable_and_defaults() -> None:
    api = api30()
    assert spelled(field(api, "Pet", "seen")) == "datetime.datetime | None"
    assert field(api, "Pet", "seen").nullable
    assert field(api, "Pet", "level").default == "2"
    assert field(api, "Pet", "kind").default == "'ok'"
