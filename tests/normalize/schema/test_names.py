"""generator.normalize.schema.names: each model takes its best free name; collisions are resolved the
same way on every run, with a warning."""

from __future__ import annotations

from generator.normalize.schema.drafts import (
    P_COMPONENT,
    P_CONTEXT,
    P_JSONAPI_PART,
    P_PROPERTY,
    P_RESOURCE,
    Candidate,
    ModelDraft,
)
from generator.normalize.schema.names import MAX_NAME, ModelNamer, fit, qualified_name, say_once
from generator.normalize.schema.report import Report

from ...coverage_ir import built
from ...spelling import spelled


def draft(key: str, seq: int, *candidates: Candidate) -> ModelDraft:
    return ModelDraft(
        key=key, kind="object", source=f"/{key}", seq=seq, candidates=list(candidates)
    )


def name(
    *drafts: ModelDraft,
    merged: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> tuple[dict[str, str], Report]:
    report = Report("spec.yaml")
    namer = ModelNamer({d.key: d for d in drafts}, merged or {}, report)
    return namer.name_all(overrides or {}), report


def test_fit_makes_class_names_of_at_most_forty_characters() -> None:
    assert fit("tms/web-triggers") == "TmsWebTriggers"
    long = fit("A" + "VeryLongWord" * 6, "2")
    assert len(long) <= MAX_NAME and long.endswith("VeryLongWord2")
    assert len(fit("A" + "VeryLongWord" * 6)) <= MAX_NAME


def test_the_best_priority_wins_then_the_first_seen() -> None:
    names, _ = name(
        draft(
            "a",
            1,
            Candidate(P_CONTEXT, 1, "PetResponse", None),
            Candidate(P_RESOURCE, 2, "Pet", None),
        ),
        draft(
            "b", 3, Candidate(P_COMPONENT, 3, "Pet", None), Candidate(P_CONTEXT, 3, "Animal", None)
        ),
    )
    assert names == {"a": "Pet", "b": "Animal"}


def test_a_name_taken_by_all_candidates_is_numbered_with_a_warning() -> None:
    names, report = name(
        draft("a", 1, Candidate(P_CONTEXT, 1, "Pet", None)),
        draft("b", 2, Candidate(P_CONTEXT, 2, "Pet", None)),
        draft("c", 3, Candidate(P_CONTEXT, 3, "Pet", None)),
    )
    assert names == {"a": "Pet", "b": "Pet2", "c": "Pet3"}
    taken = "model name 'Pet' is taken by /a and no name from its context is free"
    assert [(d.code, d.pointer, d.message) for d in report.diagnostics] == [
        ("normalize.model-name", "/b", f"{taken}; using 'Pet2' for /b"),
        ("normalize.model-name", "/c", f"{taken}; using 'Pet3' for /c"),
    ]


def test_a_taken_name_is_qualified_by_the_context_of_its_use_before_any_number() -> None:
    # two structurally different resources of one JSON:API type, used under /sources and
    # /destinations: the first keeps the type's name, the second says where it is used
    names, report = name(
        draft(
            "sources",
            1,
            Candidate(P_RESOURCE, 1, "PlatformIntegration", None),
            Candidate(P_CONTEXT, 1, "Source", None),
        ),
        draft("source", 2, Candidate(P_RESOURCE, 2, "Source", None)),
        draft("destination", 2, Candidate(P_RESOURCE, 2, "Destination", None)),
        draft(
            "destinations",
            3,
            Candidate(P_RESOURCE, 3, "PlatformIntegration", None),
            Candidate(P_CONTEXT, 3, "PlatformIntegration", None),
            Candidate(P_CONTEXT, 3, "Destination", None),
        ),
    )
    assert names == {
        "sources": "PlatformIntegration",
        "source": "Source",
        "destination": "Destination",
        "destinations": "DestinationPlatformIntegration",
    }
    assert report.diagnostics == []


def test_a_qualified_name_says_a_shared_segment_once_and_fits_forty_characters() -> None:
    assert say_once("HealthAlert", "AlertNotification") == "HealthAlertNotification"
    assert qualified_name("HealthAlert", "HealthAlert") is None
    assert qualified_name("HealthAlertCreateData", "HealthAlert") is None
    names, _ = name(
        draft("alert", 1, Candidate(P_RESOURCE, 1, "HealthAlert", None)),
        draft("field", 1, Candidate(P_RESOURCE, 1, "PrivacyCookieScannerSettingCustomField", None)),
        draft(
            "mistyped",
            2,
            Candidate(P_RESOURCE, 2, "HealthAlert", None),
            Candidate(P_CONTEXT, 2, "PrivacyCookieScannerSettingCustomField", None),
        ),
    )
    assert names["mistyped"] == "ScannerSettingCustomFieldHealthAlert"


def test_a_relative_name_says_a_repeated_segment_once() -> None:
    names, _ = name(
        draft("parent", 1, Candidate(P_CONTEXT, 1, "ReportRowValue", None)),
        draft("child", 2, Candidate(P_PROPERTY, 2, None, "parent", "ValueItem")),
    )
    assert names == {"parent": "ReportRowValue", "child": "ReportRowValueItem"}


def test_a_property_repeating_its_parents_last_word_is_its_nested_part() -> None:
    names, report = name(
        draft("report", 1, Candidate(P_COMPONENT, 1, "AmsReportData", None)),
        draft("data", 2, Candidate(P_PROPERTY, 2, None, "report", "Data")),
        draft("cell", 3, Candidate(P_PROPERTY, 3, None, "data", "RowItemValue")),
        draft("value", 4, Candidate(P_PROPERTY, 4, None, "cell", "Value")),
        draft("attributes", 5, Candidate(P_JSONAPI_PART, 5, "CatalogAttributes", None)),
        draft("inner", 6, Candidate(P_PROPERTY, 6, None, "attributes", "Attributes")),
    )
    assert names == {
        "report": "AmsReportData",
        "data": "AmsReportNestedData",
        "cell": "AmsReportNestedDataRowItemValue",
        "value": "AmsReportNestedDataRowItemNestedValue",
        "attributes": "CatalogAttributes",
        "inner": "CatalogNestedAttributes",
    }
    assert report.diagnostics == []


def test_a_relative_name_follows_its_parent_without_its_part_suffix() -> None:
    names, _ = name(
        draft("child", 1, Candidate(P_PROPERTY, 1, None, "parent", "Owner")),
        draft("parent", 2, Candidate(P_JSONAPI_PART, 2, "PetAttributes", None)),
    )
    assert names == {"child": "PetOwner", "parent": "PetAttributes"}


def test_a_relative_name_follows_the_survivor_of_a_merged_parent() -> None:
    names, _ = name(
        draft("child", 1, Candidate(P_PROPERTY, 1, None, "gone", "Tag")),
        draft("kept", 2, Candidate(P_CONTEXT, 2, "Pet", None)),
        merged={"gone": "kept"},
    )
    assert names == {"child": "PetTag", "kept": "Pet", "gone": "Pet"}


def test_an_exclusive_candidate_is_used_only_by_a_model_that_is_alone_with_it() -> None:
    def param(key: str, seq: int, operation: str) -> ModelDraft:
        return draft(
            key,
            seq,
            Candidate(P_CONTEXT, seq, "FilterParam", None, exclusive=True),
            Candidate(P_CONTEXT, seq, f"{operation}FilterParam", None),
        )

    alone, _ = name(param("a", 1, "Pets"))
    assert alone == {"a": "FilterParam"}
    several, _ = name(param("a", 1, "Pets"), param("b", 2, "Dogs"))
    assert several == {"a": "PetsFilterParam", "b": "DogsFilterParam"}


def test_overrides_force_names_by_name_or_pointer_and_unused_ones_are_reported() -> None:
    names, report = name(
        draft("a", 1, Candidate(P_CONTEXT, 1, "Pet", None)),
        draft("b", 2, Candidate(P_CONTEXT, 2, "Dog", None)),
        overrides={"Pet": "Animal", "/b": "Hound", "Nothing": "X"},
    )
    assert names == {"a": "Animal", "b": "Hound"}
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("normalize.unused-model-name", "model_names entry 'Nothing' matches no model")
    ]


def test_an_override_to_a_taken_name_is_refused() -> None:
    names, report = name(
        draft("a", 1, Candidate(P_CONTEXT, 1, "Pet", None)),
        draft("b", 2, Candidate(P_CONTEXT, 2, "Dog", None)),
        overrides={"Pet": "Same", "Dog": "Same"},
    )
    assert names == {"a": "Same", "b": "Dog"}
    assert "model name override 'Same' is already used" in [d.message for d in report.diagnostics]


def test_component_names_equal_after_sanitizing_warn() -> None:
    names, report = name(
        draft("a", 1, Candidate(P_COMPONENT, 1, "my_model", None)),
        draft(
            "b", 2, Candidate(P_COMPONENT, 2, "MyModel", None), Candidate(P_CONTEXT, 2, "B", None)
        ),
    )
    assert names == {"a": "MyModel", "b": "B"}
    assert [(d.pointer, d.message) for d in report.diagnostics] == [
        ("/b", "component name 'MyModel' is taken by another schema; named 'B'")
    ]


def test_model_names_equal_after_sanitizing_are_resolved_with_a_warning() -> None:
    api, notes = built("duplicates.yaml")
    ops = {op.path: op for op in api.all_operations()}
    names = [spelled(ops[p].success_type) for p in ("/a", "/b", "/c")]  # type: ignore[union-attr]
    assert names == ["MyModel", "BResponse", "CResponse"]  # document order keeps "MyModel"
    taken = [n for n in notes if n.code == "normalize.model-name"]
    assert [n.pointer for n in taken] == [
        "/components/schemas/my_model",
        "/components/schemas/MyModel",
    ]
