"""sdkgen diff: a changelog between two specs, compared at the level of the generated SDK."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import ApiConfig
from generator.diff import Changelog, compare, format_json, format_markdown
from generator.pipeline import record_from_spec

CASES = Path(__file__).resolve().parent / "diff_fixtures"


def changelog(old: str, new: str) -> Changelog:
    before, _ = record_from_spec(CASES / old, ApiConfig())
    after, _ = record_from_spec(CASES / new, ApiConfig())
    return compare(before, after)


@pytest.fixture(scope="module")
def breaking() -> Changelog:
    return changelog("old.yaml", "new.yaml")


def details(log: Changelog, operation_id: str) -> dict[str, bool]:
    change = next(c for c in log.operations if c.operation_id == operation_id)
    return {d.text: d.breaking for d in change.details}


def test_added_and_removed_operations(breaking: Changelog) -> None:
    kinds = {c.operation_id: (c.kind, c.breaking) for c in breaking.operations}
    assert kinds["listItemTags"] == ("added", False)
    assert kinds["exportItems"] == ("removed", True)


def test_an_operation_keeping_its_id_under_a_new_path_is_moved_and_breaking(
    breaking: Changelog,
) -> None:
    moved = [c for c in breaking.operations if c.kind == "moved"]
    assert [(c.operation_id, c.old_path, c.path) for c in moved] == [
        ("getStats", "/old-stats", "/stats")
    ]
    assert moved[0].breaking
    assert "getStats" not in {c.operation_id for c in breaking.operations if c.kind != "moved"}


def test_parameter_changes_are_classified(breaking: Changelog) -> None:
    found = details(breaking, "listItems")
    assert found["query parameter `shop` added (required)"] is True
    assert found["query parameter `q` added"] is False
    assert found["query parameter `legacy` removed"] is True
    assert found['query parameter `status` enum values removed: "archived"'] is True


def test_type_changes_are_breaking(breaking: Changelog) -> None:
    assert details(breaking, "getItem")["path parameter `id` type `str` → `int`"] is True


def model_details(log: Changelog, name: str) -> dict[str, bool]:
    change = next(c for c in log.models_changed if c.name == name)
    return {d.text: d.breaking for d in change.details}


def test_a_model_the_sdk_sends_may_widen_but_not_narrow(breaking: Changelog) -> None:
    change = next(c for c in breaking.models_changed if c.name == "NewItem")
    assert (change.sent, change.returned) == (True, False)
    found = model_details(breaking, "NewItem")
    assert found["field `price` is now required"] is True
    assert found["field `note` removed"] is True


def test_a_model_the_sdk_returns_may_narrow_but_not_widen(breaking: Changelog) -> None:
    found = model_details(breaking, "Item")
    assert found["field `stock` added"] is False
    # A wider Literal in what the SDK returns breaks exhaustive matching in user code.
    assert found['field `kind` enum values added: "game"'] is True


def test_model_changes_are_reported_once_not_per_operation(breaking: Changelog) -> None:
    # getItem and listItems both return Item: its changes are the model's, not theirs.
    assert [c.name for c in breaking.models_changed].count("Item") == 1
    assert "field" not in " ".join(d.text for c in breaking.operations for d in c.details)


def test_semver_suggestion() -> None:
    assert changelog("old.yaml", "new.yaml").bump == "major"
    assert changelog("old.yaml", "additive.yaml").bump == "minor"
    assert changelog("old.yaml", "docs_only.yaml").bump == "patch"
    assert changelog("old.yaml", "old.yaml").bump == "none"


def test_additive_changes_are_not_breaking() -> None:
    log = changelog("old.yaml", "additive.yaml")
    assert log.breaking == 0
    assert details(log, "listItems") == {"query parameter `per_page` added": False}
    assert [c.operation_id for c in log.operations if c.kind == "added"] == ["getHealth"]


def test_markdown_output(breaking: Changelog) -> None:
    text = format_markdown(breaking)
    assert text.startswith("## Shop 1.0 → 2.0: suggested bump **major**")
    assert "### Breaking changes" in text and "### Other changes" in text
    assert "**moved** `client.stats.retrieve` [getStats]: `GET /old-stats` → `GET /stats`" in text


def test_json_output(breaking: Changelog) -> None:
    data = json.loads(format_json(breaking))
    assert data["summary"] == {
        "added": 1,
        "removed": 1,
        "moved": 1,
        "renamed": 0,
        "changed": 2,
        "breaking": breaking.breaking,
        # The moved operation's inline response model follows its new path: a rename.
        "models_added": 0,
        "models_removed": 1,
        "models_changed": 2,
        "models_renamed": 1,
        "resource_classes_renamed": 0,
        "aliases_removed": 0,
        "class_aliases_removed": 0,
        "bump": "major",
    }
    assert data["class_renames"] == [
        {
            "kind": "model",
            "old": "OldStatsResponse",
            "new": "StatsResponse",
            "where": "/paths/~1stats/get/responses/200/content/application~1json/schema",
            "aliased": False,
        }
    ]
    moved = next(op for op in data["operations"] if op["kind"] == "moved")
    assert moved["old_path"] == "/old-stats" and moved["path"] == "/stats"


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


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_the_command_line(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    if fmt == "json":
        assert json.loads(out)["summary"]["bump"] == "major"
    else:
        assert "suggested bump **major**" in out


def test_invalid_specs_are_tolerated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    text = (CASES / "old.yaml").read_text()
    broken.write_text(
        text.replace('"200":\n          description: ok', '"600":\n          description: ok', 1)
    )
    code = main(["diff", str(CASES / "old.yaml"), str(broken)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "validation error(s) left after repair (tolerated)" in captured.err


def test_a_record_of_the_flattened_format_compares_without_false_changes() -> None:
    # What sdkgen wrote beside an SDK before models became a table (format 2), for old.yaml.
    legacy = json.loads((CASES / "old.format2.json").read_text())
    same = compare(legacy, record_from_spec(CASES / "old.yaml", ApiConfig())[0])
    # No surface change; the digest tells the IR of another sdkgen version apart (a patch at most).
    assert same.empty and same.bump in ("none", "patch")
    log = compare(legacy, record_from_spec(CASES / "new.yaml", ApiConfig())[0])
    assert details(log, "getItem") == {"path parameter `id` type `str` → `int`": True}
    # Field changes need the model table, which that format did not keep.
    assert log.models_changed == ()


def dense_spec(models: int) -> dict[str, object]:
    """`models` object schemas, each with a field referring to every one of them: the number
    of paths through the model graph is exponential in the depth, its size is models²."""
    names = [f"Node{i}" for i in range(models)]
    schemas = {
        name: {
            "type": "object",
            "properties": {
                f"label{i}": {"type": "string"},
                **{
                    f"to{j}": {"$ref": f"#/components/schemas/{other}"}
                    for j, other in enumerate(names)
                },
            },
        }
        for i, name in enumerate(names)
    }
    get = {
        "operationId": "getNode",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node0"}}},
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Dense", "version": "1"},
        "paths": {"/node": {"get": get}},
        "components": {"schemas": schemas},
    }


def test_the_record_grows_with_the_models_not_with_the_paths_through_them(tmp_path: Path) -> None:
    spec = tmp_path / "dense.json"
    spec.write_text(json.dumps(dense_spec(12)))
    record, _ = record_from_spec(spec, ApiConfig())
    assert sum(len(model["wire"]) for model in record["models"].values()) == 12 * 13
    assert record["operations"]["getNode"]["response"] == {
        "response": {"type": "Node0", "required": True}
    }
    changed = json.loads(spec.read_text())
    del changed["components"]["schemas"]["Node11"]["properties"]["to3"]
    spec.write_text(json.dumps(changed))
    log = compare(record, record_from_spec(spec, ApiConfig())[0])
    assert [(c.name, c.returned, c.breaking) for c in log.models_changed] == [
        ("Node11", True, True)
    ]
    assert log.operations == ()
