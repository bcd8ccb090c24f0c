"""generator.normalize.schema.builder: the type of each kind of schema (scalars, formats, enums, arrays,
maps, references, aliases), and what it does with schemas it cannot type."""

from __future__ import annotations

from typing import Any

import pytest

from generator.normalize.schema import SchemaBuilder, Shape
from generator.normalize.schema.builder import MAX_DEPTH

from ...coverage_ir import api30, built, field
from ...spelling import spelled
from .support import Built, hint


def annotation(schema: Any, **components: Any) -> str:
    built_ = Built(components)
    built_.shape(schema, "Thing")
    _, (type_ref,) = built_.finish()
    return spelled(type_ref)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (True, "Any"),
        ({}, "Any"),
        ({"type": "string"}, "str"),
        ({"type": "string", "format": "uuid"}, "str"),
        ({"type": "string", "format": "date"}, "datetime.date"),
        ({"type": "string", "format": "date-time"}, "datetime.datetime"),
        ({"type": "string", "format": "binary"}, "bytes"),
        ({"type": "integer"}, "int"),
        ({"type": "number"}, "float"),
        ({"type": "boolean"}, "bool"),
        ({"type": "null"}, "None"),
        ({"type": "string", "nullable": True}, "str | None"),
        ({"type": ["integer", "null"]}, "int | None"),
        ({"type": ["integer", "string"]}, "int | str"),
        ({"enum": ["a", "b", "a"]}, "Literal['a', 'b']"),
        ({"enum": ["a", None]}, "Literal['a'] | None"),
        ({"const": 3}, "Literal[3]"),
        ({"enum": [None]}, "None"),
        ({"type": "array", "items": {"type": "integer"}}, "list[int]"),
        ({"type": "array"}, "list[Any]"),
        ({"items": {"type": "string"}}, "list[str]"),
        (
            {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
            "list[str | int]",
        ),
        ({"type": "object"}, "dict[str, Any]"),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, "dict[str, int]"),
        ({"anyOf": [{"type": "integer"}, {"type": "string"}]}, "int | str"),
    ],
)
def test_the_type_of_each_kind_of_schema(schema: Any, expected: str) -> None:
    assert annotation(schema) == expected


def test_an_object_with_properties_is_a_model_named_by_the_hint() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "integer"}}}
    assert annotation(schema) == "Thing"


def test_a_component_reference_names_the_model_after_the_component() -> None:
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    assert annotation({"$ref": "#/components/schemas/pets"}, pets=pet) == "Pet"
    assert annotation({"$ref": "#/components/schemas/Pet", "nullable": True}, Pet=pet) == (
        "Pet | None"
    )


def test_a_recursive_schema_that_is_not_an_object_becomes_a_named_alias() -> None:
    json_value = {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
        ]
    }
    built_ = Built({"JsonValue": json_value})
    built_.component("JsonValue")
    models, (type_ref,) = built_.finish()
    assert spelled(type_ref) == "JsonValue"
    alias = models["JsonValue"]
    assert (alias.kind, alias.recursive) == ("alias", True)
    assert alias.alias_of is not None and spelled(alias.alias_of) == "str | list[JsonValue]"


def test_a_reference_to_itself_without_a_type_is_any() -> None:
    # (the loader refuses such loops, load.ref-cycle; the schema stage still copes with them)
    built_ = Built({"A": {"$ref": "#/components/schemas/A"}})
    built_.component("A")
    models, (type_ref,) = built_.finish()
    assert spelled(type_ref) == "A"
    assert models["A"].alias_of is not None and spelled(models["A"].alias_of) == "Any"
    assert built_.skipped() == [
        ("/components/schemas/A", "reference cycle without a type; typed as Any")
    ]


def test_what_cannot_be_typed_is_any_and_skipped_with_its_pointer() -> None:
    built_ = Built()
    assert built_.shape(["not", "a", "schema"], pointer="/list") == Shape("any")
    assert built_.shape({"type": 7}, pointer="/seven") == Shape("any")
    assert built_.shape({"type": "decimal"}, pointer="/decimal") == Shape("any")
    assert built_.shape({"$ref": "#/missing"}, pointer="/dangling") == Shape("any")
    enum = built_.shape({"type": "number", "enum": [1.5, 2.5]}, pointer="/floats")
    assert enum == Shape("float")  # not a Literal: the enum is not enforced
    assert built_.skipped() == [
        ("/list", "schema is not an object (list); typed as Any"),
        ("/seven/type", "schema type 7 is not a string; typed as Any"),
        ("/decimal/type", "unknown schema type 'decimal'; typed as Any"),
        ("/dangling", "unresolvable reference '#/missing'; typed as Any"),
        ("/floats", "enum value 1.5 cannot be a Literal; enum not enforced"),
    ]
    assert set(built_.codes()) == {"normalize.skipped"}


def test_nesting_deeper_than_the_limit_is_any() -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(MAX_DEPTH + 5):
        schema = {"type": "array", "items": schema}
    builder = SchemaBuilder({}, file="spec.yaml")
    shape = builder.shape(schema, "/deep", hint("Deep"))
    depth = 0
    while shape.kind == "list":
        shape, depth = shape.items[0], depth + 1
    assert (shape.kind, depth) == ("any", MAX_DEPTH + 1)
    assert [s.reason for s in builder.skipped] == ["schema nested too deeply; typed as Any"]


# --- the coverage specs -----------------------------------------------------------------------


def test_openapi_31_type_arrays_null_const_defs_prefix_items() -> None:
    api = built("openapi31.yaml")[0]
    assert spelled(field(api, "Thing", "kind")) == "Literal['thing']"  # const
    assert spelled(field(api, "Thing", "label")) == "str | None"  # [string, "null"]
    assert spelled(field(api, "Thing", "count").type) == "int | str"  # [integer, string]
    assert spelled(field(api, "Thing", "nothing")) == "None"  # type: "null"
    assert spelled(field(api, "Thing", "pair").type) == "list[str | int]"  # prefixItems
    assert spelled(field(api, "Thing", "inner").type) == "Inner"  # a ref into $defs
    assert spelled(field(api, "Thing", "tags").type) == "list[str]"  # `examples` is noise


def test_any_of_scalars_is_a_typed_union() -> None:
    assert spelled(field(api30(), "Holder", "id_or_name")) == "int | str | None"


def test_additional_properties_typed_map() -> None:
    assert spelled(field(api30(), "Pet", "attributes").type) == "dict[str, int]"


def test_free_form_objects_are_dicts_of_any() -> None:
    api = api30()
    assert spelled(field(api, "Pet", "extra").type) == "dict[str, Any]"
    assert spelled(field(api, "Pet", "anything")) == "Any"


def test_enums_with_unsafe_values_stay_string_literals() -> None:
    kind = field(api30(), "Pet", "kind").type
    assert kind.kind == "literal"
    assert kind.literals == ("1a", "", "class", "with space", "ok")
    assert field(api30(), "Pet", "level").type.literals == (1, 2, 3)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("born", "datetime.date | None"),
        ("seen", "datetime.datetime | None"),
        ("photo", "str | None"),  # byte: base64 text
        ("homepage", "str | None"),  # uri
    ],
)
def test_string_formats(wire: str, expected: str) -> None:
    assert spelled(field(api30(), "Pet", wire)) == expected
