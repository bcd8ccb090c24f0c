"""Renamed models and resource classes: reported as renames in the changelog, their old names
kept for a while as deprecated aliases in `types` and `resources` (the policy of method
aliases), then dropped. Small specs of `support`, one change each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.release.compare import compare, match_class_renames

from .support import BASE, Project

WITHOUT_HEALTH = {k: v for k, v in BASE.items() if k != "getHealth"}  # a breaking change
OPERATIONS = {"format": 2, "operations": {}, "aliases": {}}


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def run_python(project: Project, code: str) -> subprocess.CompletedProcess[str]:
    """`code` run in a fresh interpreter that imports the generated package."""
    env = {**os.environ, "PYTHONPATH": str(project.out)}
    return subprocess.run(
        [sys.executable, "-W", "always::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def stored_record(project: Project) -> dict[str, object]:
    return dict(json.loads((project.out / ".sdkgen-surface.json").read_text()))


def store_record(project: Project, record: dict[str, object]) -> None:
    (project.out / ".sdkgen-surface.json").write_text(json.dumps(record))


def test_a_renamed_model_is_a_rename_and_its_old_name_warns(project: Project) -> None:
    project.generate(BASE)
    project.configure(names={"models": {"Thing": "Item"}})
    generation, _ = project.generate(BASE)
    changes = generation.release.changes
    assert changes.models_added == () and changes.models_removed == ()
    assert generation.release.bump == "minor" and project.version() == "0.1.1"
    assert (
        "- **renamed** model `Thing` is now `Item`; the old name stays in `types` as a "
        "deprecated alias"
    ) in project.changelog()
    assert "0 model(s) added, 0 removed, 1 renamed; 0 breaking." in project.changelog()
    result = run_python(
        project,
        "from things.types import Item\nfrom things.types import Thing\nprint(Thing is Item)",
    )
    assert result.stdout == "True\n"
    assert result.stderr.count("DeprecationWarning") == 1
    assert "things.types.Thing is deprecated: the model is Item since 0.1.1" in result.stderr
    assert "<string>:2: DeprecationWarning" in result.stderr  # the user's line, not ours
    assert "| `things.types.Thing` | `Item` | 0.1.1 |" in (project.out / "README.md").read_text()
    aliases = json.loads((project.out / ".sdkgen-aliases.json").read_text())["class_aliases"]
    assert aliases == [
        {"kind": "model", "name": "Thing", "target": "Item", "since": "0.1.1",
         "breaking_releases": 0}
    ]  # fmt: skip


def test_the_old_model_name_type_checks(project: Project) -> None:
    project.generate(BASE)
    project.configure(names={"models": {"Thing": "Item"}})
    project.generate(BASE)
    user = project.root / "user.py"
    user.write_text(
        "from things.types import Item, Thing\n\n"
        "def name(thing: Thing) -> str | None:\n    return thing.name\n\n"
        "item: Item = Thing(id=1)\n"
        "print(name(item))\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "things", str(user)],
        capture_output=True,
        text=True,
        cwd=project.out,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_alias_lives_until_the_next_major_release_with_keep_majors_0(
    project: Project,
) -> None:
    project.generate(BASE)
    project.configure(names={"models": {"Thing": "Item"}}, deprecated_aliases={"keep_majors": 0})
    project.generate(BASE)
    generation, _ = project.generate(BASE)  # nothing changed: the alias stays
    assert generation.release.bump == "none" and project.version() == "0.1.1"
    generation, _ = project.generate(WITHOUT_HEALTH)  # 0.2.0: a major release drops it
    assert project.version() == "0.2.0"
    assert generation.release.changes.class_aliases_removed == (("types.Thing", "Item"),)
    assert "- **removed** deprecated alias `types.Thing` (use `types.Item`)" in project.changelog()
    assert not (project.out / ".sdkgen-aliases.json").exists()
    result = run_python(project, "from things.types import Thing")
    assert result.returncode == 1 and "cannot import name 'Thing'" in result.stderr


def test_without_aliases_a_renamed_model_is_breaking(project: Project) -> None:
    project.configure(deprecated_aliases=False)
    project.generate(BASE)
    project.configure(names={"models": {"Thing": "Item"}}, deprecated_aliases=False)
    generation, _ = project.generate(BASE)
    assert generation.release.bump == "major" and project.version() == "0.2.0"
    assert "- **renamed** model `Thing` is now `Item` **(breaking)**" in project.changelog()


def test_a_renamed_resource_class_keeps_its_six_classes(project: Project) -> None:
    project.generate(BASE)
    # As an older sdkgen named it: the same path from the client, another class.
    record = stored_record(project)
    assert record["resources"] == {
        "health": "HealthResource",
        "stats": "StatsResource",
        "things": "ThingsResource",
    }
    store_record(project, {**record, "resources": {**record["resources"], "things": "Things"}})
    project.generate(BASE)
    assert (
        "- **renamed** resource class `Things` is now `ThingsResource` (`client.things`; its "
        "async, raw- and streaming-response classes alike); the old names stay in `resources` "
        "as deprecated aliases"
    ) in project.changelog()
    result = run_python(
        project,
        "from things.resources import Things, AsyncThingsWithStreamingResponse\n"
        "from things.resources.things import ThingsResource\n"
        "print(Things is ThingsResource, AsyncThingsWithStreamingResponse.__name__)",
    )
    assert result.stdout == "True AsyncThingsResourceWithStreamingResponse\n"
    assert result.stderr.count("DeprecationWarning") == 2
    assert "things.resources.Things is deprecated: the class is ThingsResource" in result.stderr
    readme = (project.out / "README.md").read_text()
    assert "| `things.resources.Things` | `ThingsResource` | 0.1.1 |" in readme


def test_a_record_of_format_1_is_upgraded_from_the_sdk_beside_it(project: Project) -> None:
    project.configure(names={"models": {"Thing": "Legacy"}})
    project.generate(BASE)
    record = stored_record(project)
    # What sdkgen stored before it recorded models' fields and resource classes.
    models = record["models"]
    assert isinstance(models, dict)
    old = {k: v for k, v in record.items() if k not in ("resources", "class_aliases")}
    store_record(project, {**old, "format": 1, "models": sorted(models)})
    project.configure()
    generation, _ = project.generate(BASE)
    renames = generation.release.changes.class_renames
    assert [(r.kind, r.old, r.new, r.aliased) for r in renames] == [
        ("model", "Legacy", "Thing", True)
    ]


def model(source: str, **fields: str) -> dict[str, object]:
    return {"source": source, "fields": fields}


def test_a_structure_several_models_share_tells_no_rename() -> None:
    old = {**OPERATIONS, "models": {"A": model("#/a", id="int"), "B": model("#/b", id="int")}}
    new = {**OPERATIONS, "models": {"C": model("#/c", id="int"), "D": model("#/d", id="str")}}
    assert match_class_renames(old, new) == []
    changes = compare(old, new)
    assert changes.models_removed == ("A", "B") and changes.models_added == ("C", "D")


def test_models_are_matched_by_pointer_then_by_structure_through_renamed_references() -> None:
    old = {
        **OPERATIONS,
        "models": {
            "Pet2": model("#/components/schemas/Pet", owner="Pet2Owner | None"),
            "Pet2Owner": model("#/x", name="str"),
        },
    }
    new = {
        **OPERATIONS,
        "models": {
            "Pet": model("#/components/schemas/Pet", owner="PetOwner | None"),
            "PetOwner": model("#/y", name="str"),
        },
    }
    renames = compare(old, new).class_renames
    assert [(r.old, r.new, r.aliased) for r in renames] == [
        ("Pet2", "Pet", False),
        ("Pet2Owner", "PetOwner", False),
    ]
    assert compare(old, new).bump == "major"
