"""generator.normalize.schema.canonical: what makes two schemas the same model."""

from __future__ import annotations

from typing import Any

import pytest

from generator.normalize.schema.canonical import CanonicalForms, is_nullable, is_object_model
from generator.normalize.schema.refs import References
from generator.normalize.schema.report import Report


def canonical(document: dict[str, Any] | None = None) -> CanonicalForms:
    return CanonicalForms(References(document or {}, Report("spec.yaml")))


PET = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
}


@pytest.mark.parametrize(
    "variant",
    [
        {**PET, "description": "A pet.", "title": "Pet", "example": {"name": "Rex"}},
        {**PET, "x-internal": True, "externalDocs": {"url": "https://x"}},
        {**PET, "properties": {"age": {"type": "integer"}, "name": {"type": "string"}}},
        {
            **PET,
            "properties": {
                "name": {"type": "string", "maxLength": 3},
                "age": PET["properties"]["age"],
            },
        },
        {**PET, "required": ["age"]},  # required-ness is merged, not part of identity
        {**PET, "properties": {**PET["properties"], "age": {"type": "integer", "readOnly": True}}},
    ],
)
def test_documentation_validation_and_order_are_noise(variant: dict[str, Any]) -> None:
    forms = canonical()
    assert forms.digest(variant) == forms.digest(PET)


@pytest.mark.parametrize(
    "variant",
    [
        {**PET, "properties": {**PET["properties"], "extra": {"type": "string"}}},
        {**PET, "properties": {**PET["properties"], "age": {"type": "number"}}},
        {**PET, "properties": {**PET["properties"], "age": {"type": "integer", "nullable": True}}},
        {**PET, "properties": {**PET["properties"], "age": {"type": "integer", "enum": [1, 2]}}},
        {**PET, "additionalProperties": {"type": "string"}},
    ],
)
def test_what_changes_the_python_type_changes_the_form(variant: dict[str, Any]) -> None:
    forms = canonical()
    assert forms.digest(variant) != forms.digest(PET)


def test_only_formats_that_change_the_type_count() -> None:
    forms = canonical()
    # digests are memoized by object identity: every schema here stays alive
    text = {"type": "string"}
    neutral = [{"type": "string", "format": f} for f in ("uuid", "email", "uri")]
    typed = [{"type": "string", "format": f} for f in ("date", "date-time", "binary")]
    assert {forms.digest(s) for s in neutral} == {forms.digest(text)}
    assert len({forms.digest(s) for s in typed} | {forms.digest(text)}) == 4


def test_references_to_equal_targets_are_equal_unless_the_target_is_cyclic() -> None:
    tree = {"properties": {"children": {"items": {"$ref": "#/components/schemas/Tree"}}}}
    schemas = {"Pet": PET, "PetCopy": dict(PET), "Tree": tree, "TreeCopy": dict(tree)}
    forms = canonical({"components": {"schemas": schemas}})
    pet, pet_copy = {"$ref": "#/components/schemas/Pet"}, {"$ref": "#/components/schemas/PetCopy"}
    assert forms.digest(pet) == forms.digest(pet_copy)
    # a cyclic target is identified by its pointer: a same-looking copy stays its own model
    tree_ref, copy_ref = {"$ref": "#/components/schemas/Tree"}, {
        "$ref": "#/components/schemas/TreeCopy"
    }
    assert forms.digest(tree_ref) != forms.digest(copy_ref)
    dangling, other = {"$ref": "#/nowhere"}, {"$ref": "#/elsewhere"}
    assert forms.digest(dangling) != forms.digest(other)


def test_object_models_are_objects_with_properties() -> None:
    assert is_object_model(PET)
    assert is_object_model({"properties": {"a": {}}})  # no type: an object
    assert is_object_model({"type": ["object", "null"], "properties": {"a": {}}})
    assert not is_object_model({"type": "object"})  # free-form: a dict
    assert not is_object_model({"type": "object", "properties": {}})
    assert not is_object_model({"type": "array", "properties": {"a": {}}})


def test_nullable_in_every_spelling() -> None:
    assert is_nullable({"type": "string", "nullable": True})
    assert is_nullable({"type": ["string", "null"]})
    assert is_nullable({"enum": ["a", None]})
    assert not is_nullable({"type": "string", "nullable": "yes"})
    assert not is_nullable({"type": "string"})
