"""Identifier helpers: every output is a valid, non-keyword, deterministic Python name."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import (
    class_name,
    field_name,
    parameter_name,
    python_identifier,
    singular_class_name,
    snake_case,
    unique_names,
)

HOSTILE = [
    "",
    "class",
    "1st",
    "123",
    "content-type",
    "a.b.c",
    "with space",
    "filter[begin_date]",
    "page[number]",
    "filter[sup_filters][location][]",
    "'",
    '"""',
    "'''",
    "back\\slash",
    "new\nline",
    "__import__('os')",
    "Ünïcödé straße",
    "日本語",
    "None",
    "True",
    "def",
    "_private",
    "x" * 300,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_identifiers_are_always_valid(text: str) -> None:
    for make in (python_identifier, field_name, parameter_name, class_name):
        name = make(text)
        assert name.isidentifier() and name.isascii(), (make.__name__, text, name)
        assert not keyword.iskeyword(name)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("filter[begin_date]", "filter_begin_date"),
        ("page[number]", "page_number"),
        ("filter[sup_filters][location][]", "filter_sup_filters_location"),
        ("siteId", "site_id"),
        ("class", "class_"),
        ("X-Request-ID", "x_request_id"),
        ("__import__('os')", "import_os"),
        ("", "field"),
        ("42", "field_42"),
        ("café", "cafe"),
        ("type", "type"),  # soft keywords stay usable as names
    ],
)
def test_field_names(wire: str, expected: str) -> None:
    assert field_name(wire) == expected


def test_field_names_avoid_pydantic_attributes() -> None:
    assert field_name("model_config") == "model_config_"
    assert field_name("json") == "json_"
    assert field_name("schema") == "schema_"
    assert field_name("validate") == "validate_"


def test_parameter_names_avoid_method_arguments() -> None:
    assert parameter_name("self") == "self_"
    assert parameter_name("timeout") == "timeout_"
    assert parameter_name("extra_headers") == "extra_headers_"
    assert parameter_name("") == "param"
    assert parameter_name("9lives") == "param_9_lives"


def test_class_names_avoid_keywords_and_typing_names() -> None:
    assert class_name("tms/web-triggers") == "TmsWebTriggers"
    assert class_name("none") == "NoneModel"
    assert class_name("list") == "ListModel"
    assert class_name("any") == "AnyModel"
    assert class_name("literal") == "LiteralModel"
    assert class_name("2fa") == "Model2Fa"
    assert class_name("") == "Model"


def test_duplicates_get_an_underscore_in_order() -> None:
    assert unique_names(["a", "a", "b", "a"]) == ["a", "a_", "b", "a__"]


def test_singular_class_names() -> None:
    assert singular_class_name("TmsWebTriggers") == "TmsWebTrigger"
    assert singular_class_name("TmsWebTriggersUpdate") == "TmsWebTriggerUpdate"
    assert singular_class_name("PrivacyCategories") == "PrivacyCategory"
    assert singular_class_name("Cookies") == "Cookie"
    assert singular_class_name("AmsReportData") == "AmsReportData"
    assert singular_class_name("Address") == "Address"
    assert singular_class_name("DmsSegmentsStats") == "DmsSegmentsStats"


def test_snake_case_splits_camel_and_acronyms() -> None:
    assert snake_case("HTTPServerError") == "http_server_error"
    assert snake_case("TmsWebTriggers") == "tms_web_triggers"
