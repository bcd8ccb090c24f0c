"""A body taken as keyword arguments: the overloads of its method (the fields; the whole body as
`body=`, deprecated), the implementation that takes both, and the runtime call building it."""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.render.arguments import keyword_body_value
from generator.render.operations import method_signature, operation_view

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
