"""generator.normalize.schema.compositions: `allOf` merged into one object, `oneOf`/`anyOf` unions and
their discriminators."""

from __future__ import annotations

from generator.normalize.schema import Shape

from ...coverage_ir import api30, field, model
from ...spelling import spelled
from .support import Built, ref

CIRCLE = {
    "type": "object",
    "required": ["kind"],
    "properties": {"kind": {"type": "string"}, "radius": {"type": "number"}},
}
SQUARE = {
    "type": "object",
    "required": ["kind"],
    "properties": {"kind": {"type": "string"}, "side": {"type": "number"}},
}


def test_all_of_merges_properties_required_and_extra_of_every_member() -> None:
    base = {
        "type": "object",
        "required": ["id"],
        "description": "From the base.",
        "properties": {"id": {"type": "string"}},
    }
    schema = {
        "allOf": [
            ref("Base"),
            {"type": "object", "required": ["size"], "properties": {"size": {"type": "integer"}}},
        ],
        "additionalProperties": {"type": "string"},
    }
    built = Built({"Base": base})
    built.shape(schema, "Sized")
    models, (type_ref,) = built.finish()
    sized = models[spelled(type_ref)]
    assert [(f.wire_name, f.required) for f in sized.fields] == [("id", True), ("size", True)]
    assert sized.description == "From the base."
    assert sized.extra is not None and spelled(sized.extra) == "str"


def test_a_single_member_all_of_is_the_member_itself() -> None:
    built = Built({"Circle": CIRCLE})
    built.shape({"allOf": [ref("Circle")], "description": "The shape.", "nullable": True})
    _, (type_ref,) = built.finish()
    assert spelled(type_ref) == "Circle | None"


def test_one_of_inside_all_of_is_not_merged_and_says_so() -> None:
    built = Built({"Circle": CIRCLE, "Square": SQUARE})
    built.shape(
        {"allOf": [{"oneOf": [ref("Circle"), ref("Square")]}, {"properties": {"a": {}}}]},
        "Odd",
        pointer="/odd",
    )
    assert ("/odd/allOf/0", "oneOf/anyOf inside allOf is not merged; members ignored") in (
        built.skipped()
    )


def test_a_union_is_flattened_without_repeats_and_null_makes_it_nullable() -> None:
    built = Built()
    shape = built.shape(
        {
            "oneOf": [
                {"type": "string"},
                {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                {"type": "null"},
            ]
        }
    )
    assert shape == Shape("union", items=(Shape("str"), Shape("int")), nullable=True)


def test_any_in_a_union_makes_the_union_any() -> None:
    built = Built()
    assert built.shape({"anyOf": [{"type": "string"}, {}]}) == Shape("any")
    assert built.shape({"anyOf": [{"type": "string"}]}) == Shape("str")


def test_inline_members_are_named_as_numbered_variants() -> None:
    member = {"type": "object", "properties": {"a": {"type": "string"}}}
    other = {"type": "object", "properties": {"b": {"type": "integer"}}}
    built = Built()
    built.shape({"oneOf": [member, other]}, "Choice")
    _, (type_ref,) = built.finish()
    assert spelled(type_ref) == "ChoiceVariant1 | ChoiceVariant2"


def test_a_discriminator_maps_values_to_members_explicitly_or_by_component_name() -> None:
    explicit = {
        "oneOf": [ref("Circle"), ref("Square")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"round": "#/components/schemas/Circle", "square": "Square"},
        },
    }
    implicit = {"oneOf": [ref("Circle"), ref("Square")], "discriminator": {"propertyName": "kind"}}
    built = Built({"Circle": CIRCLE, "Square": SQUARE})
    built.shape(explicit)
    built.shape(implicit)
    _, (mapped, named) = built.finish()
    assert (mapped.discriminator, mapped.discriminator_mapping) == (
        "kind",
        (("round", "Circle"), ("square", "Square")),
    )
    assert named.discriminator_mapping == (("Circle", "Circle"), ("Square", "Square"))


def test_a_discriminator_that_cannot_apply_is_ignored_with_a_note() -> None:
    built = Built({"Circle": CIRCLE, "Square": SQUARE})
    scalars = built.shape(
        {
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            "discriminator": {"propertyName": "k"},
        },
        pointer="/scalars",
    )
    nameless = built.shape(
        {"oneOf": [ref("Circle"), ref("Square")], "discriminator": {}}, pointer="/nameless"
    )
    stranger = built.shape(
        {
            "oneOf": [ref("Circle")],
            "anyOf": [],
            "discriminator": {"propertyName": "kind", "mapping": {"x": "Square"}},
        },
        pointer="/stranger",
    )
    assert scalars.discriminator is None and nameless.discriminator is None
    assert stranger.discriminator is None  # one member: not a union
    assert built.skipped() == [
        ("/scalars/discriminator", "discriminator on a union that is not of models; ignored"),
        ("/nameless/discriminator", "discriminator without a propertyName; ignored"),
        ("/stranger/discriminator", "discriminator on a union that is not of models; ignored"),
    ]


def test_a_mapping_to_a_schema_that_is_not_a_member_is_ignored() -> None:
    built = Built({"Circle": CIRCLE, "Square": SQUARE, "Other": {"properties": {"z": {}}}})
    built.shape(
        {
            "oneOf": [ref("Circle"), ref("Square")],
            "discriminator": {"propertyName": "kind", "mapping": {"z": "Other"}},
        },
        pointer="/u",
    )
    _, (type_ref,) = built.finish()
    assert type_ref.discriminator_mapping == (("Circle", "Circle"), ("Square", "Square"))
    assert ("/u/discriminator", "discriminator mapping 'z' is not a member; ignored") in (
        built.skipped()
    )


# --- the coverage specs -----------------------------------------------------------------------


def test_all_of_merges_the_members_into_one_model() -> None:
    named = model(api30(), "Named")
    assert [(f.wire_name, f.required) for f in named.fields] == [("id", True), ("name", True)]


def test_one_of_with_a_mapped_discriminator_is_a_discriminated_union() -> None:
    shape = field(api30(), "Holder", "shape").type
    assert spelled(field(api30(), "Holder", "shape")) == "Circle | Square | None"
    assert spelled(shape) == "Circle | Square"
    assert shape.discriminator == "kind"
    assert shape.discriminator_mapping == (("circle", "Circle"), ("square", "Square"))


def test_discriminator_without_mapping_uses_the_schema_names() -> None:
    implicit = field(api30(), "Holder", "implicit").type
    assert implicit.discriminator == "kind"
    assert implicit.discriminator_mapping == (("Circle", "Circle"), ("Square", "Square"))
