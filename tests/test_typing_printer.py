"""generator.typing_printer: IR types spelled as annotations, with the imports and models they
need, and import lines in isort's order."""

from __future__ import annotations

import pytest

from generator import ir
from generator.render import SignatureParameter, print_parameter
from generator.typing_printer import (
    Import,
    annotation,
    import_lines,
    print_type,
    union_members,
    union_of,
)

STR = ir.ScalarType("str")
INT = ir.ScalarType("int")
PET = ir.ModelType("Pet")


@pytest.mark.parametrize(
    ("value", "text", "imports"),
    [
        (STR, "str", set()),
        (ir.NONE, "None", set()),
        (ir.AnyType(), "Any", {Import("typing", "Any")}),
        (ir.ScalarType("date"), "datetime.date", {Import("datetime")}),
        (ir.ScalarType("datetime"), "datetime.datetime", {Import("datetime")}),
        (
            ir.LiteralType(("a", 'b"c', "it's", 1, True, None)),
            "Literal['a', 'b\"c', \"it's\", 1, True, None]",
            {Import("typing", "Literal")},
        ),
        (ir.ListType(PET), "list[Pet]", set()),
        (ir.DictType(ir.AnyType()), "dict[str, Any]", {Import("typing", "Any")}),
        (ir.optional(ir.ListType(INT)), "list[int] | None", set()),
        (
            ir.ModelType("Document", (ir.ListType(PET),)),
            "Document[list[Pet]]",
            set(),
        ),
        (ir.TypeVariable("DataT"), "DataT", set()),
        (
            ir.LibraryType("Iterator", "collections.abc", (ir.ScalarType("bytes"),)),
            "Iterator[bytes]",
            {Import("collections.abc", "Iterator")},
        ),
        (ir.LibraryType("SyncPage", "", (PET,)), "SyncPage[Pet]", set()),  # the SDK runtime
    ],
)
def test_each_type_is_spelled_with_the_imports_it_needs(
    value: ir.PyType, text: str, imports: set[Import]
) -> None:
    printed = print_type(value)
    assert (printed.text, set(printed.imports)) == (text, imports)


def test_the_models_a_type_names_are_listed_through_every_nesting() -> None:
    value = ir.UnionType(
        (
            ir.ModelType("Document", (ir.ListType(PET),)),
            ir.DictType(ir.ModelType("Owner")),
            ir.LibraryType("SyncPage", "", (ir.ModelType("Tag"),)),
        )
    )
    assert print_type(value).models == {"Document", "Pet", "Owner", "Tag"}
    assert print_type(ir.LiteralType(("Pet",))).models == frozenset()  # a string, not a class


def test_a_nested_union_prints_flat_and_optional_appends_none_last() -> None:
    nested = ir.UnionType((PET, ir.UnionType((STR, ir.NONE)), INT))
    assert annotation(nested) == "Pet | str | None | int"
    assert union_members(nested) == (PET, STR, ir.NONE, INT)
    assert annotation(ir.optional(nested)) == "Pet | str | None | int | None"
    assert annotation(ir.optional(ir.ListType(PET))) == "list[Pet] | None"


def test_union_of_keeps_each_member_once_in_first_seen_order() -> None:
    merged = union_of([ir.optional(PET), ir.UnionType((STR, PET)), ir.DictType(ir.AnyType())])
    assert annotation(merged) == "Pet | None | str | dict[str, Any]"
    assert union_of([PET, PET]) == PET  # one member is not a union


def test_builtins_a_class_body_hides_are_spelled_through_typing() -> None:
    value = ir.UnionType((ir.ListType(ir.DictType(STR)), ir.ScalarType("date"), ir.NONE))
    printed = print_type(value, frozenset({"list", "dict"}))
    assert printed.text == "List[Dict[str, str]] | datetime.date | None"
    assert printed.imports == {
        Import("typing", "List"),
        Import("typing", "Dict"),
        Import("datetime"),
    }
    assert annotation(ir.ListType(STR), frozenset({"dict"})) == "list[str]"  # only what is hidden
    assert annotation(ir.LiteralType(("list",)), frozenset({"list"})) == "Literal['list']"


def test_import_lines_follow_isort_order_and_merge_names_of_one_module() -> None:
    imports = [
        Import("typing", "cast"),
        Import("warnings"),
        Import("typing", "Any"),
        Import("collections.abc", "Mapping"),
        Import("typing", "TYPE_CHECKING"),
        Import("builtins"),
        Import("typing", "Any"),
    ]
    assert import_lines(imports) == (
        "import builtins",
        "import warnings",
        "from collections.abc import Mapping",
        "from typing import TYPE_CHECKING, Any, cast",
    )
    assert import_lines(iter(imports)) == import_lines(imports)  # a one-pass iterable too


def test_a_long_union_parameter_is_parenthesised_as_black_does() -> None:
    short = SignatureParameter("page", ir.optional(INT), "None")
    assert print_parameter(short) == "page: int | None = None"
    members = tuple(ir.ModelType(f"AVeryLongModelName{n}") for n in range(5))
    long = SignatureParameter("body", ir.optional(ir.UnionType(members)), "None")
    text = " | ".join(m.name for m in members) + " | None"
    assert print_parameter(long) == f"body: ({text}) = None"
    long_list = SignatureParameter("body", ir.ListType(ir.UnionType(members)))
    assert print_parameter(long_list).startswith("body: list[")  # black splits the brackets
