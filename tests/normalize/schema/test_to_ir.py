"""generator.normalize.schema.to_ir: shapes printed as IR types, drafts as IR models and fields, and the
modules models are printed in."""

from __future__ import annotations

import pytest

from generator import ir
from generator.normalize.schema import Shape
from generator.normalize.schema.drafts import FieldDraft, ModelDraft
from generator.normalize.schema.report import Report
from generator.normalize.schema.to_ir import Placement, placements_of, to_models, typeref
from generator.typing_printer import print_type

from ...coverage_ir import api30, built, codes, field, model, normalized
from ...spelling import spelled

NAMES = {"k:pet": "Pet", "k:doc": "Document"}
PET = Shape("model", model="k:pet")


@pytest.mark.parametrize(
    ("shape", "annotation"),
    [
        (Shape("literal", literals=("a", 1, True)), "Literal['a', 1, True]"),
        (Shape("list", items=(PET,)), "list[Pet]"),
        (Shape("dict", items=(Shape("int"),)), "dict[str, int]"),
        (Shape("union", items=(PET, Shape("str")), nullable=True), "Pet | str | None"),
        (
            Shape("model", model="k:doc", items=(Shape("list", items=(PET,)),)),
            "Document[list[Pet]]",
        ),
        (Shape("any", type_var="DataT"), "DataT"),
        (Shape("date", nullable=True), "datetime.date | None"),
        (Shape("none"), "None"),
        (Shape("any", nullable=True), "Any"),
    ],
)
def test_each_shape_prints_as_python(shape: Shape, annotation: str) -> None:
    assert spelled(typeref(shape, NAMES)) == annotation


def test_a_type_lists_its_models_and_discriminator_by_name() -> None:
    union = Shape(
        "union",
        items=(PET, Shape("model", model="k:doc")),
        discriminator="kind",
        mapping=(("pet", "k:pet"),),
    )
    type_ref = typeref(Shape("list", items=(union,)), NAMES)
    assert print_type(type_ref.python).models == {"Document", "Pet"}
    inner = type_ref.items[0]
    assert (inner.discriminator, inner.discriminator_mapping) == ("kind", (("pet", "Pet"),))


def models_of(*drafts: ModelDraft, names: dict[str, str]) -> tuple[dict[str, ir.Model], Report]:
    report = Report("spec.yaml")
    return {m.name: m for m in to_models({d.key: d for d in drafts}, names, report)}, report


def test_fields_that_are_not_required_are_optional_and_some_defaults_are_always_sent() -> None:
    constant = Shape("literal", literals=("pet",))
    pet = ModelDraft(
        key="k:pet",
        kind="object",
        source="/pet",
        seq=1,
        fields=[
            FieldDraft("id", Shape("int"), True, None, ""),
            FieldDraft("nick", Shape("str"), False, None, ""),
            FieldDraft("kind", constant, False, "'pet'", ""),
            FieldDraft("level", Shape("int"), False, "2", ""),
            FieldDraft("size", Shape("int"), True, "3", ""),
            FieldDraft("secret", Shape("str"), True, None, "", write_only=True),
        ],
        required={"id", "size", "secret"},
        roles={"response"},
    )
    models, _ = models_of(pet, names={"k:pet": "Pet"})
    fields = {f.wire_name: f for f in models["Pet"].fields}
    assert {w: (spelled(f), f.required, f.default, f.always_sent) for w, f in fields.items()} == {
        "id": ("int", True, None, False),
        "nick": ("str | None", False, "None", False),
        "kind": ("Literal['pet'] | None", False, "'pet'", True),
        "level": ("int | None", False, "2", False),
        "size": ("int", True, "3", True),
        "secret": ("str | None", False, "None", False),  # writeOnly: never in a response
    }


def test_field_names_that_clash_are_renamed_with_a_warning() -> None:
    clash = ModelDraft(
        key="k:pet",
        kind="object",
        source="/pet",
        seq=1,
        fields=[FieldDraft(w, Shape("str"), False, None, "") for w in ("ID", "id", "class")],
    )
    models, report = models_of(clash, names={"k:pet": "Pet"})
    assert [(f.name, f.wire_name) for f in models["Pet"].fields] == [
        ("id", "ID"),
        ("id_", "id"),
        ("class_", "class"),
    ]
    assert [(d.code, d.pointer) for d in report.diagnostics] == [
        ("normalize.field-name-clash", "/pet")
    ]


def test_mutually_recursive_models_share_a_module_named_after_the_first() -> None:
    def object_(key: str, *refs: str) -> ModelDraft:
        fields = [FieldDraft(r, Shape("model", model=r), False, None, "") for r in refs]
        return ModelDraft(key=key, kind="object", source=key, seq=1, fields=fields)

    drafts = {
        d.key: d
        for d in (object_("p", "q"), object_("q", "p"), object_("t", "t"), object_("x", "p"))
    }
    names = {"p": "Person", "q": "Pet", "t": "Tree", "x": "Import"}
    assert placements_of(drafts, names) == {
        "p": Placement("person", True),
        "q": Placement("person", True),
        "t": Placement("tree", True),
        "x": Placement("import_", False),  # never a keyword
    }


# --- the coverage specs -----------------------------------------------------------------------


def test_recursion_and_mutual_recursion_are_marked() -> None:
    api = api30()
    assert model(api, "TreeNode").recursive
    assert spelled(field(api, "TreeNode", "children").type) == "list[TreeNode]"
    assert model(api, "Person").recursive and model(api, "Pet").recursive
    assert model(api, "Person").module == model(api, "Pet").module  # one module for the cycle


def test_reserved_field_names_are_renamed() -> None:
    api = api30()
    assert field(api, "Pet", "class").name == "class_"
    assert field(api, "Pet", "model_config").name == "model_config_"


def test_properties_differing_only_by_case_are_renamed_with_a_warning() -> None:
    api, notes = built("duplicates.yaml")
    assert [(f.name, f.wire_name) for f in model(api, "CResponse").fields] == [
        ("c", "c"),
        ("id", "ID"),
        ("id_", "id"),
        ("id__", "Id"),
    ]
    assert codes(notes).count("normalize.field-name-clash") == 2


def test_python_keywords_never_become_module_names() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "k", "version": "1"},
        "paths": {
            "/import": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Import"}
                                }
                            },
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {"Import": {"type": "object", "properties": {"a": {"type": "string"}}}}
        },
    }
    api, _ = normalized(spec)
    assert [r.module for r in api.resources] == ["import_"]
    assert [m.module for m in api.models] == ["import_"]
