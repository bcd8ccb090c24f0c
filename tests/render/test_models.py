"""The model modules' views: the names a module lists and exports, and each class's bases."""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.render.models import ModelModule, model_modules
from tests import ir_samples

DOCUMENT = ir.Model(
    "Document",
    "shared",
    "object",
    runtime_base="JSONAPIDocument",
    type_parameters=("DataT", "MetaT"),
)
RELATIONSHIP = ir.Model("Owner", "shared", "object", runtime_base="JSONAPIRelationship")
PLAIN = ir.Model("Plain", "shared", "object")
NAME = ir.Model("Name", "shared", "alias", alias_of=ir_samples.STR)


def module_of(*models: ir.Model) -> ModelModule:
    api = dataclasses.replace(ir_samples.minimal_api(), models=models)
    (module,) = model_modules(api)
    return module


def test_a_module_lists_its_objects_then_its_aliases() -> None:
    module = module_of(NAME, PLAIN, DOCUMENT)
    assert module.names == "Document, Plain, Name"
    assert module.exported == "'Document', 'Plain', 'Name'"


def test_each_class_names_its_runtime_base_and_type_parameters() -> None:
    module = module_of(RELATIONSHIP, DOCUMENT, PLAIN)
    assert module.bases == {
        "Document": "JSONAPIDocument, Generic[DataT, MetaT]",
        "Owner": "JSONAPIRelationship",
        "Plain": "BaseModel",
    }
    assert module.runtime_bases == ("JSONAPIDocument", "JSONAPIRelationship")
    assert module.uses_base_model
    only_runtime = module_of(RELATIONSHIP, DOCUMENT)
    assert not only_runtime.uses_base_model
