"""apply_overlays: Overlay 1.0 update/remove actions, warnings and malformed overlays."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import SdkgenError
from generator.repair.overlay import apply_overlays

FIXTURES = Path(__file__).parents[1] / "frontend_fixtures"
ROOT = Path(__file__).parents[2]
CA_SPEC = Path(
    os.environ.get("SDKGEN_SPEC", ROOT.parent / "shared/specs/commandersact/openapi.json")
)


def petstore() -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / "petstore.json").read_text())
    return data


def test_update_remove_and_filter_targets() -> None:
    original = petstore()
    before = json.dumps(original, sort_keys=True)
    result, warnings = apply_overlays(original, [FIXTURES / "overlay.yaml"])
    assert json.dumps(original, sort_keys=True) == before  # input untouched
    assert result["info"] == {
        "title": "Pets",
        "version": "1.0",
        "description": "patched",
        "x-extra": {"a": 1},
    }
    pet = result["components"]["schemas"]["Pet"]
    assert pet["required"] == ["name", "tags"]  # arrays are appended
    assert pet["properties"]["name"] == {"type": "string", "maxLength": 10}  # deep merge
    params = result["paths"]["/pets"]["get"]["parameters"]
    assert [p["name"] for p in params] == ["limit"]
    assert list(result["paths"]["/pets/{id}"]) == ["get"]
    assert [(w.code, w.pointer) for w in warnings] == [("overlay.no-match", "/actions/4")]
    assert warnings[0].file == str(FIXTURES / "overlay.yaml")


def test_without_a_copy_the_document_itself_is_changed_the_same_way() -> None:
    copied, _ = apply_overlays(petstore(), [FIXTURES / "overlay.yaml"])
    original = petstore()
    in_place, warnings = apply_overlays(original, [FIXTURES / "overlay.yaml"], copy=False)
    assert in_place is original and in_place == copied
    assert [w.pointer for w in warnings] == ["/actions/4"]
    assert "vendor fixed it" in warnings[0].message


def test_actions_apply_in_order(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    first.write_text(
        "overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions:\n"
        "  - target: $.info\n    update: {title: one}\n"
        "  - target: $.info.title\n    remove: true\n"
    )
    second = tmp_path / "second.yaml"
    second.write_text(
        "overlay: 1.0.1\ninfo: {title: b, version: '1'}\nactions:\n"
        "  - target: $.info\n    update: {title: two}\n"
    )
    result, _ = apply_overlays(petstore(), [first, second])
    assert result["info"]["title"] == "two"


def test_remove_several_list_items() -> None:
    data = {"tags": [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}]}
    overlay = Path(__file__).parents[1] / "frontend_fixtures" / "remove_even.yaml"
    result, _ = apply_overlays(data, [overlay])
    assert result["tags"] == [{"n": 1}, {"n": 3}]


def test_update_appends_to_an_array_target(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(
        "overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions:\n"
        "  - target: $.tags\n    update: [{name: Snacks}]\n"
    )
    result, _ = apply_overlays({"tags": [{"name": "Pets"}]}, [path])
    assert result["tags"] == [{"name": "Pets"}, {"name": "Snacks"}]


BODY = "overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions:\n"


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ("openapi: 3.0.0\n", "", "not an Overlay"),
        ("overlay: 2.0.0\ninfo: {title: a, version: '1'}\nactions: []\n", "/overlay", "1.0.x"),
        ("overlay: 1.0.0\nactions: [{target: $, remove: true}]\n", "/info", "title"),
        ("overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions: []\n", "/actions", "non-empty"),
        (BODY + "  - target: info\n    remove: true\n", "/actions/0/target", "JSONPath"),
        (BODY + "  - target: $.paths[?(\n    remove: true\n", "/actions/0/target", "invalid"),
        (BODY + "  - target: $.info\n", "/actions/0", "exactly one"),
        (
            BODY + "  - target: $.info\n    remove: true\n    update: {}\n",
            "/actions/0",
            "exactly one",
        ),
        (BODY + "  - target: $.info.title\n    update: {a: 1}\n", "/actions/0/update", "str"),
        (BODY + "  - target: $.info\n    update: 3\n", "/actions/0/update", "int"),
    ],
)
def test_malformed_overlays_are_errors(tmp_path: Path, text: str, pointer: str, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SdkgenError) as caught:
        apply_overlays(petstore(), [path])
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.file, problem.pointer) == ("overlay.invalid", str(path), pointer)
    assert words in problem.message


DESCENDANT_TARGETS = [
    "$..properties",
    "$..properties['start_date','cron','name']",
    "$..properties.parameters",
    "$.paths..properties.id.type",
    "$.paths['/sources','/sources/{id}']..properties.parameters",
    "$.components.schemas['Sources','Destinations']..properties.parameters",
    "$..[?(@.type == 'string')]",  # not led by names: jsonpath-ng's own walk
    "$..items",
    "$..required[0]",
]


@pytest.mark.skipif(not CA_SPEC.is_file(), reason=f"vendor spec not found at {CA_SPEC}")
@pytest.mark.parametrize("target", DESCENDANT_TARGETS)
def test_descendant_targets_match_what_jsonpath_ng_matches(target: str) -> None:
    """`..` walked by overlay._Descendants: the same matches, in the same order, with the same
    parents and paths as jsonpath-ng's own walk on the CA spec."""
    from jsonpath_ng.ext.parser import parse

    from generator.repair.overlay import _faster

    data = json.loads(CA_SPEC.read_text())
    expected = parse(target).find(data)
    found = _faster(parse(target)).find(data)
    assert expected  # every target matches something in the CA spec

    def described(match: Any) -> list[Any]:
        chain = []
        while match is not None:
            chain.append((id(match.value), str(match.path)))
            match = match.context
        return chain

    assert [described(m) for m in found] == [described(m) for m in expected]
