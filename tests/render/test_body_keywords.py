"""A body taken as keyword arguments: the overloads of its method (the fields; the whole body as
`body=`, deprecated), the implementation that takes both, and the runtime call building it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator import ir
from generator.render.arguments import keyword_body_value
from generator.render.operations import method_signature, operation_view

from ..conftest import FIXTURES

TEXT = ir.TypeRef("str", ir.ScalarType("str"))
INT = ir.TypeRef("int", ir.ScalarType("int"))
MODEL = ir.TypeRef("model", ir.ModelType("Item"), model="Item")


def _operation(*keywords: ir.BodyKeyword, jsonapi: bool = False) -> ir.Operation:
    body = ir.RequestBody("application/json", MODEL, True, "", keywords=keywords)
    if jsonapi:
        body = replace(body, jsonapi_type="items", jsonapi_id_parameter="id")
    path = ir.Parameter("id", "id", "path", INT, ir.ScalarType("int"), True, "simple", False, "")
    return ir.Operation(
        "updateItem", "update", "PATCH", "/items/{id}", "", "", False, (path,), (body,), (),
        None, None, (), (),
    )  # fmt: skip


NAME = ir.BodyKeyword("name", "name", TEXT, TEXT.python, True, None, "")
NOTE = ir.BodyKeyword("note", "the-note", TEXT, TEXT.python, False, "NOT_GIVEN", "")
KIND = ir.BodyKeyword("kind", "kind", TEXT, TEXT.python, False, "'item'", "")


def test_the_overloads_take_the_fields_or_the_whole_body_and_the_implementation_both() -> None:
    signature = method_signature(_operation(NAME, NOTE, KIND))
    fields, whole = signature.overloads
    assert [(p.name, p.default) for p in fields[:3]] == [
        ("name", None),  # required in the new surface
        ("note", "NOT_GIVEN"),
        ("kind", "'item'"),
    ]
    assert [p.name for p in whole][:1] == ["body"] and whole[0].default is None
    # the implementation: every field may be left out (a call may pass `body=` alone)
    assert [(p.name, p.default) for p in signature.keyword[:4]] == [
        ("name", "NOT_GIVEN"),
        ("note", "NOT_GIVEN"),
        ("kind", "NOT_GIVEN"),
        ("body", "NOT_GIVEN"),
    ]
    assert "body" not in [p.name for p in signature.bulk_keyword]


def test_the_call_builds_the_body_from_the_keywords_by_wire_name() -> None:
    assert keyword_body_value(_operation(NAME, NOTE, KIND)) == (
        "_keyword_body(",
        "    'update',",
        "    body,",
        "    {",
        "        'name': name,",
        "        'the-note': note,",
        "        'kind': kind,",
        "    },",
        "    required=('name',),",
        "    defaults={",
        "        'kind': 'item',",
        "    },",
        ")",
    )


def test_a_jsonapi_body_names_its_type_and_the_id_of_its_path() -> None:
    lines = keyword_body_value(_operation(NOTE, jsonapi=True))
    assert lines[-3:] == ("    jsonapi_type='items',", "    resource_id=id,", ")")
    view = operation_view(_operation(NOTE, jsonapi=True))
    assert view.body_value == lines and len(view.overloads) == 2


def test_a_body_without_keywords_is_passed_as_it_is() -> None:
    view = operation_view(_operation())
    assert view.body_value == ("body",) and view.overloads == ()


@pytest.mark.slow
def test_keywords_take_models_or_plain_dicts_and_mypy_checks_their_keys(tmp_path: Path) -> None:
    """The swagger2 fixture's `pets.create` takes `name` (required) and `tags` (a list of
    `Tag`, or of `TagParam` dicts); the old whole `body=` still type-checks (its overload)."""
    from generator.config import ApiConfig
    from generator.pipeline.stages import build_sdk, prepare_spec

    from .test_readme_snippets import generated_tree, mypy_errors

    spec = FIXTURES / "swagger2" / "spec.yaml"
    generation = build_sdk(prepare_spec(spec, ApiConfig()), ApiConfig(), package_name="pets_sdk")
    sdk = generated_tree(generation.files, tmp_path / "sdk")
    head = "from pets_sdk import SwaggerPetstore\nfrom pets_sdk.types import Pet, Tag\n\n"
    head += "client = SwaggerPetstore()\n"
    good = head + (
        'client.pets.create(name="Rex", tags=[{"name": "a"}, Tag(name="b")])\n'
        'client.pets.create(body=Pet(name="Rex"))\n'
    )
    wrong_key = head + 'client.pets.create(name="Rex", tags=[{"nmae": "a"}])\n'
    missing = head + "client.pets.create(tags=[])\n"
    errors = mypy_errors(sdk, [good, wrong_key, missing], tmp_path)
    failing = sorted(error.split(":")[0].rsplit("_", 1)[-1] for error in errors)
    assert failing == ["01.py", "02.py"], errors  # the wrong key; `name` left out
