"""generator.release.compare: what changed between two surface records, and how it breaks.
The specs of `diff_fixtures/` (old.yaml → new.yaml: every kind of change once), and a record
of the flattened format 2 (`old.format2.json`)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.config import ApiConfig
from generator.pipeline.diff import record_from_spec
from generator.release.compare import SurfaceChanges, compare

from .support import CASES, changes, details, model_details


def test_added_and_removed_operations(breaking: SurfaceChanges) -> None:
    kinds = {c.operation_id: (c.kind, c.breaking) for c in breaking.operations}
    assert kinds["listItemTags"] == ("added", False)
    assert kinds["exportItems"] == ("removed", True)


def test_an_operation_keeping_its_id_under_a_new_path_is_moved_and_breaking(
    breaking: SurfaceChanges,
) -> None:
    moved = [c for c in breaking.operations if c.kind == "moved"]
    assert [(c.operation_id, c.old_path, c.path) for c in moved] == [
        ("getStats", "/old-stats", "/stats")
    ]
    assert moved[0].breaking
    assert "getStats" not in {c.operation_id for c in breaking.operations if c.kind != "moved"}


def test_parameter_changes_are_classified(breaking: SurfaceChanges) -> None:
    found = details(breaking, "listItems")
    assert found["query parameter `shop` added (required)"] is True
    assert found["query parameter `q` added"] is False
    assert found["query parameter `legacy` removed"] is True
    assert found['query parameter `status` enum values removed: "archived"'] is True


def test_type_changes_are_breaking(breaking: SurfaceChanges) -> None:
    assert details(breaking, "getItem")["path parameter `id` type `str` → `int`"] is True


def test_a_model_the_sdk_sends_may_widen_but_not_narrow(breaking: SurfaceChanges) -> None:
    change = next(c for c in breaking.models_changed if c.name == "NewItem")
    assert (change.sent, change.returned) == (True, False)
    found = model_details(breaking, "NewItem")
    assert found["field `price` is now required"] is True
    assert found["field `note` removed"] is True


def test_a_model_the_sdk_returns_may_narrow_but_not_widen(breaking: SurfaceChanges) -> None:
    found = model_details(breaking, "Item")
    assert found["field `stock` added"] is False
    # A wider Literal in what the SDK returns breaks exhaustive matching in user code.
    assert found['field `kind` enum values added: "game"'] is True


def test_model_changes_are_reported_once_not_per_operation(breaking: SurfaceChanges) -> None:
    # getItem and listItems both return Item: its changes are the model's, not theirs.
    assert [c.name for c in breaking.models_changed].count("Item") == 1
    assert "field" not in " ".join(d.text for c in breaking.operations for d in c.details)


def test_semver_suggestion() -> None:
    assert changes("old.yaml", "new.yaml").bump == "major"
    assert changes("old.yaml", "additive.yaml").bump == "minor"
    assert changes("old.yaml", "docs_only.yaml").bump == "patch"
    assert changes("old.yaml", "old.yaml").bump == "none"


def test_additive_changes_are_not_breaking() -> None:
    log = changes("old.yaml", "additive.yaml")
    assert log.breaking == 0
    assert details(log, "listItems") == {"query parameter `per_page` added": False}
    assert [c.operation_id for c in log.operations if c.kind == "added"] == ["getHealth"]


def test_renamed_operation_id_on_the_same_route(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(
        (CASES / "old.yaml").read_text().replace("operationId: exportItems", "operationId: export")
    )
    log = compare(
        record_from_spec(CASES / "old.yaml", ApiConfig())[0],
        record_from_spec(renamed, ApiConfig())[0],
    )
    assert [(c.kind, c.old_operation_id, c.operation_id) for c in log.operations] == [
        ("renamed", "exportItems", "export")
    ]


def test_a_record_of_the_flattened_format_compares_without_false_changes() -> None:
    # What sdkgen wrote beside an SDK before models became a table (format 2), for old.yaml.
    legacy = json.loads((CASES / "old.format2.json").read_text())
    same = compare(legacy, record_from_spec(CASES / "old.yaml", ApiConfig())[0])
    # No change of the spec's surface; the digest tells the IR of another sdkgen version apart.
    # What this sdkgen changed itself: object bodies are keywords now (`body=` still taken).
    keywords = "the body's fields are keyword arguments; `body=` still works (deprecated, it warns)"
    assert same.operations and all(
        c.kind == "changed" and {d.text: d.breaking for d in c.details} == {keywords: False}
        for c in same.operations
    )
    assert not same.breaking and same.bump == "minor"
    log = compare(legacy, record_from_spec(CASES / "new.yaml", ApiConfig())[0])
    assert details(log, "getItem") == {"path parameter `id` type `str` → `int`": True}
    # Field changes need the model table, which that format did not keep.
    assert log.models_changed == ()


def test_a_body_taken_as_keywords_is_a_change_and_going_back_breaks() -> None:
    record = record_from_spec(CASES / "old.yaml", ApiConfig())[0]
    with_keywords = [
        op_id
        for op_id, op in record["operations"].items()
        if (op["request"].get("body") or {}).get("keywords")
    ]
    assert with_keywords
    before = json.loads(json.dumps(record))
    for op_id in with_keywords:
        del before["operations"][op_id]["request"]["body"]["keywords"]
    forward = compare(before, record)
    assert {c.operation_id for c in forward.operations} == set(with_keywords)
    assert not forward.breaking
    back = compare(record, before)
    assert details(back, with_keywords[0]) == {
        "the body is one `body=` argument again (its keywords removed)": True
    }
