"""generator.release.plan: what a generation releases over a previous output. Its rules
directly on small IRs (the two kinds of alias under one policy, the alias record, the version
check), then regenerations as a user runs them: version bumps, deprecated aliases and their
lifetime, the changelog, explicit versions, and determinism. Small specs, one change each."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.cli import main
from generator.config import ApiConfig, load_config
from generator.diagnostics import SdkgenError
from generator.normalize import normalize
from generator.release.plan import (
    CLASS_ALIASES,
    METHOD_ALIASES,
    UNRECORDED_VERSION,
    AliasRecord,
    ClassAliasRecord,
    PreviousOutput,
    ReleasePolicy,
    aliases_text,
    plan_release,
    read_previous,
)
from generator.release.record import surface_record

from .support import BASE, Project, Recorder, recording_server, spec

MOVED = {**BASE, "getStats": ("GET", "/reports/stats")}  # stats.retrieve → reports.stats.retrieve
WITHOUT_HEALTH = {k: v for k, v in MOVED.items() if k != "getHealth"}  # a breaking change
WITHOUT_DELETE = {k: v for k, v in WITHOUT_HEALTH.items() if k != "deleteThing"}  # another one


def api_of(routes: dict[str, tuple[str, str]], **config: Any) -> ir.Api:
    """The IR of a small spec, as normalize builds it (no alias, no version)."""
    api, _ = normalize(
        spec(routes), config=ApiConfig(**config), package_name="things", source_name="x"
    )
    return api


def previous_of(api: ir.Api, version: str = "0.1.0", **aliases: Any) -> PreviousOutput:
    return PreviousOutput(record=surface_record(api), version=version, **aliases)


# --- the plan, on IRs ---------------------------------------------------------------------------


def test_without_a_previous_record_the_release_is_a_first_one() -> None:
    api, release = plan_release(api_of(BASE), PreviousOutput(), ReleasePolicy())
    assert release.first and release.changed
    assert (release.version, release.bump, release.aliases) == ("0.1.0", "none", ())
    assert api.sdk_version == "0.1.0"
    assert json.loads(release.surface)["operations"].keys() == {
        "getThing",
        "deleteThing",
        "getStats",
        "getHealth",
    }


def test_a_moved_operation_plans_a_dated_alias_and_a_minor_bump() -> None:
    previous = previous_of(api_of(BASE))
    api, release = plan_release(api_of(MOVED), previous, ReleasePolicy())
    assert (release.version, release.bump) == ("0.1.1", "minor")
    assert release.aliases == (AliasRecord("stats.retrieve", "getStats", "0.1.1"),)
    assert release.new_aliases == release.aliases and release.notes == ()
    stats = next(r for r in api.resources if r.attribute == "stats")
    assert [(a.name, a.target, a.since) for a in stats.aliases] == [
        ("stats.retrieve", "reports.stats.retrieve", "0.1.1")
    ]
    # The same plan over its own output changes nothing: a fixed point.
    again = PreviousOutput(json.loads(release.surface), release.aliases, release.version)
    _, replanned = plan_release(api_of(MOVED), again, ReleasePolicy())
    assert (replanned.version, replanned.bump, replanned.changed) == ("0.1.1", "none", False)
    assert replanned.aliases == release.aliases


def test_the_records_are_compared_again_only_when_dating_the_aliases_changed_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.release import plan as plan_module

    calls: list[dict[str, Any]] = []
    real_compare = plan_module.compare

    def counted(old: dict[str, Any], new: dict[str, Any]) -> Any:
        calls.append(new)
        return real_compare(old, new)

    monkeypatch.setattr(plan_module, "compare", counted)
    without_aliases = {k: v for k, v in BASE.items() if k != "getHealth"}
    _, release = plan_release(api_of(without_aliases), previous_of(api_of(BASE)), ReleasePolicy())
    assert len(calls) == 1 and release.bump == "major"  # no alias: nothing to date
    calls.clear()
    _, release = plan_release(api_of(MOVED), previous_of(api_of(BASE)), ReleasePolicy())
    assert len(calls) == 2  # the new alias dated with the version found
    assert release.changes == real_compare(previous_of(api_of(BASE)).record or {}, calls[-1])


def test_an_explicit_version_lower_than_the_previous_one_is_refused() -> None:
    previous = previous_of(api_of(BASE), "1.2.0")
    with pytest.raises(SdkgenError, match="--version 1.1.9 is lower than the SDK's version 1.2.0"):
        plan_release(api_of(BASE), previous, ReleasePolicy(explicit_version="1.1.9"))
    _, release = plan_release(api_of(BASE), previous, ReleasePolicy(explicit_version="1.2.0"))
    assert release.version == "1.2.0"


def test_method_and_class_aliases_follow_a_rename_and_the_config_removes_them_alike() -> None:
    """One policy for both kinds: a kept alias follows its target renamed again, a new rename
    adds an undated alias, and `deprecated_aliases.remove` names either kind by its key."""
    old = surface_record(api_of(BASE, model_names={"Thing": "Item"}))
    # getStats is getStats2 now (same route), its method stats.fetch2; Item is Article.
    routes = {**{k: v for k, v in BASE.items() if k != "getStats"}, "getStats2": ("GET", "/stats")}
    new = surface_record(
        api_of(
            routes,
            model_names={"Thing": "Article"},
            operation_names={"getStats2": "stats.fetch2"},
        )
    )
    kept_method = AliasRecord("stats.fetch", "getStats", "0.1.0")
    kept_class = ClassAliasRecord("model", "Thing", "Item", "0.1.0")
    policy = ReleasePolicy()
    assert METHOD_ALIASES.wishes([kept_method], old, new, policy) == [
        AliasRecord("stats.fetch", "getStats2", "0.1.0"),
        AliasRecord("stats.retrieve", "getStats2", ""),
    ]
    assert CLASS_ALIASES.wishes([kept_class], old, new, policy) == [
        ClassAliasRecord("model", "Item", "Article", ""),
        ClassAliasRecord("model", "Thing", "Article", "0.1.0"),
    ]
    removing = ReleasePolicy(remove=("stats.fetch", "types.Item"))
    assert METHOD_ALIASES.wishes([kept_method], old, new, removing) == [
        AliasRecord("stats.retrieve", "getStats2", "")
    ]
    assert CLASS_ALIASES.wishes([kept_class], old, new, removing) == [
        ClassAliasRecord("model", "Thing", "Article", "0.1.0")
    ]
    disabled = ReleasePolicy(aliases_enabled=False)
    assert METHOD_ALIASES.wishes([kept_method], old, new, disabled) == []
    assert CLASS_ALIASES.wishes([kept_class], old, new, disabled) == []


def test_an_alias_that_cannot_be_placed_is_dropped_with_a_note() -> None:
    api = api_of(BASE)
    records = [
        AliasRecord("stats.retrieve", "getStats", "0.1.0"),  # its own name again: no note
        AliasRecord("things.delete", "getThing", "0.1.0"),  # taken
        AliasRecord("stats.old", "getStats", "0.1.0"),  # placed
    ]
    placed_api, kept, notes = METHOD_ALIASES.placed(api, records)
    assert kept == [records[2]]
    assert [n.message for n in notes] == [
        "the deprecated alias things.delete is not kept: things.delete is now taken on its resource"
    ]
    classes = [
        ClassAliasRecord("model", "Old", "Thing", "0.1.0"),  # placed
        ClassAliasRecord("model", "Gone", "Nothing", "0.1.0"),
    ]
    _, kept_classes, class_notes = CLASS_ALIASES.placed(placed_api, classes)
    assert kept_classes == [classes[0]]
    assert [n.message for n in class_notes] == [
        "the deprecated alias types.Gone is not kept: Nothing is no longer in the SDK"
    ]


def test_the_alias_record_reads_back_what_was_written_and_skips_the_rest(tmp_path: Path) -> None:
    previous = previous_of(api_of(BASE, model_names={"Thing": "Item"}))
    api, release = plan_release(api_of(MOVED), previous, ReleasePolicy())
    text = aliases_text(release, api)
    assert text is not None
    assert METHOD_ALIASES.parse(text) == release.aliases
    assert CLASS_ALIASES.parse(text) == release.class_aliases
    assert [a.key for a in release.class_aliases] == ["types.Item"]
    data = json.loads(text)
    data["aliases"] += [{"name": "x.y"}, "not an object"]
    data["class_aliases"].append({"kind": "function", "name": "F", "target": "G", "since": "1"})
    assert METHOD_ALIASES.parse(json.dumps(data)) == release.aliases
    assert CLASS_ALIASES.parse(json.dumps(data)) == release.class_aliases
    assert METHOD_ALIASES.parse("{not json") == () == CLASS_ALIASES.parse("")
    (tmp_path / ".sdkgen-surface.json").write_text(release.surface)
    (tmp_path / ".sdkgen-aliases.json").write_text(text)
    read = read_previous(tmp_path)  # no manifest: the version sdkgen wrote before recording it
    assert (read.aliases, read.class_aliases) == (release.aliases, release.class_aliases)
    assert read.record == json.loads(release.surface) and read.version == UNRECORDED_VERSION


# --- regenerations ------------------------------------------------------------------------------


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def test_a_first_generation_is_0_1_0(project: Project) -> None:
    project.generate(BASE)
    assert project.version() == "0.1.0"
    assert 'version = "0.1.0"' in (project.out / "pyproject.toml").read_text()
    assert project.headings() == ["0.1.0"]
    assert "First generation, from openapi.json (sha256 " in project.changelog()


def test_no_surface_change_leaves_the_version_and_writes_nothing(project: Project) -> None:
    project.generate(BASE)
    _, report = project.generate(BASE)
    assert report.written == () and project.version() == "0.1.0"
    project.spec.write_text(json.dumps(spec(BASE)))  # same document, other bytes
    _, report = project.generate(BASE)
    assert project.version() == "0.1.0" and project.headings() == ["0.1.0"]
    assert set(report.written) <= {".sdkgen-manifest.json"}


def test_a_move_keeps_the_old_name_and_is_not_breaking(project: Project) -> None:
    project.generate(BASE)
    generation, _ = project.generate(MOVED)
    # Only additions for a user of the SDK: a minor bump, the patch number before 1.0.0.
    assert generation.release.bump == "minor"
    assert project.version() == "0.1.1"
    assert project.aliases() == {
        "stats.retrieve": {
            "name": "stats.retrieve",
            "calls": "reports.stats.retrieve",
            "operation_id": "getStats",
            "since": "0.1.1",
            "breaking_releases": 0,
        }
    }
    text = project.changelog()
    assert project.headings() == ["0.1.1", "0.1.0"]
    assert "Version 0.1.0 → 0.1.1: suggested bump **minor**" in text
    assert (
        "SDK method `stats.retrieve` is now `reports.stats.retrieve`; the old name stays as a "
        "deprecated alias"
    ) in text
    assert "### Breaking changes" not in text.split("\n## 0.1.0")[0]


def test_an_operation_moving_back_breaks_nothing_either(project: Project) -> None:
    project.generate(BASE)
    project.generate(MOVED)
    generation, _ = project.generate(BASE)  # back at /stats: stats.retrieve is real again
    assert generation.release.bump == "minor" and project.version() == "0.1.2"
    assert generation.release.changes.aliases_removed == ()
    assert {name: a["calls"] for name, a in project.aliases().items()} == {
        "reports.stats.retrieve": "stats.retrieve"
    }


def test_without_aliases_a_move_is_breaking(project: Project) -> None:
    project.configure(deprecated_aliases=False)
    project.generate(BASE)
    generation, _ = project.generate(MOVED)
    assert generation.release.bump == "major" and project.version() == "0.2.0"
    assert project.aliases() == {}
    assert not (project.out / ".sdkgen-aliases.json").exists()


def test_aliases_live_for_keep_majors_major_releases(project: Project) -> None:
    project.generate(BASE)
    project.generate(MOVED)  # 0.1.1: the alias appears
    project.generate(WITHOUT_HEALTH)  # 0.2.0: first major release since: kept (keep_majors 1)
    assert project.version() == "0.2.0"
    assert project.aliases()["stats.retrieve"]["breaking_releases"] == 1
    generation, _ = project.generate(WITHOUT_DELETE)  # 0.3.0: the second one drops it
    assert project.version() == "0.3.0"
    assert project.aliases() == {}
    assert generation.release.changes.aliases_removed == (
        ("stats.retrieve", "reports.stats.retrieve"),
    )
    assert (
        "- **removed** deprecated alias `client.stats.retrieve` (use "
        "`client.reports.stats.retrieve`)"
    ) in project.changelog()
    assert not (project.out / "things" / "resources" / "stats.py").exists()


def test_keep_majors_0_drops_aliases_at_the_next_major_release(project: Project) -> None:
    project.configure(deprecated_aliases={"keep_majors": 0})
    project.generate(BASE)
    project.generate(MOVED)
    assert "stats.retrieve" in project.aliases()
    project.generate(WITHOUT_HEALTH)
    assert project.version() == "0.2.0" and project.aliases() == {}


def test_the_config_removes_an_alias_in_a_major_release(project: Project) -> None:
    project.generate(BASE)
    project.generate(MOVED)
    project.configure(deprecated_aliases={"remove": ["stats.retrieve"]})
    generation, _ = project.generate(MOVED)
    assert generation.release.bump == "major" and project.version() == "0.2.0"
    assert project.aliases() == {}


def test_a_renamed_method_keeps_its_old_name_on_the_same_resource(project: Project) -> None:
    project.generate(BASE)
    project.configure(names={"operations": {"getThing": "things.fetch"}})
    project.generate(BASE)
    assert project.aliases()["things.retrieve"]["calls"] == "things.fetch"
    module = (project.out / "things" / "resources" / "things.py").read_text()
    assert module.count("return self.fetch(") == 1  # sync alias
    assert module.count("return await self.fetch(") == 1  # async alias


def test_explicit_versions(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.generate(BASE)
    project.generate(BASE, version="1.0.0")
    assert project.version() == "1.0.0"
    assert project.headings() == ["1.0.0", "0.1.0"]
    assert "Version 0.1.0 → 1.0.0, set explicitly." in project.changelog()
    project.generate(MOVED)  # bumps continue from there
    assert project.version() == "1.1.0"
    args = ["generate", str(project.spec), "--config", str(project.config_path)]
    code = main([*args, "-o", str(project.out), "--version", "0.9.0"])
    assert code == 2
    assert "--version 0.9.0 is lower than the SDK's version 1.1.0" in capsys.readouterr().err
    assert project.version() == "1.1.0"
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "-o", str(project.out), "--version", "1.2"])
    assert exit_info.value.code == 2
    assert "'1.2' is not a semantic version" in capsys.readouterr().err


def test_the_config_version_is_a_floor(project: Project) -> None:
    project.configure(version="2.0.0")
    project.generate(BASE)
    assert project.version() == "2.0.0"
    project.generate(MOVED)
    assert project.version() == "2.1.0"


def test_a_bad_config_version_is_refused(project: Project, capsys: Any) -> None:
    project.configure(version="2.0")
    code = main(["validate", str(project.spec), "--config", str(project.config_path)])
    assert code == 1
    assert "'2.0' is not a semantic version X.Y.Z (version)" in capsys.readouterr().err


def test_the_same_history_gives_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        project = Project(tmp_path / name)
        for routes in (BASE, MOVED, WITHOUT_HEALTH):
            project.generate(routes)
        outputs.append(
            {
                p.relative_to(project.out).as_posix(): p.read_bytes()
                for p in sorted(project.out.rglob("*"))
                if p.is_file()
            }
        )
    assert outputs[0] == outputs[1]


def test_a_generation_planned_for_another_output_is_planned_again(project: Project) -> None:
    from generator.pipeline.stages import build_sdk, output_files, prepare_spec

    project.generate(BASE)
    project.spec.write_text(json.dumps(spec(MOVED)))
    config = load_config(project.config_path)
    generation = build_sdk(prepare_spec(project.spec, config), config)  # planned for no output
    assert generation.release.first
    files = output_files(generation, project.out)
    assert "stats.retrieve" in files[".sdkgen-aliases.json"]
    assert 'version = "0.1.1"' in files["pyproject.toml"]


# --- the alias methods, on the wire -------------------------------------------------------------


@pytest.fixture()
def server() -> Iterator[str]:
    with recording_server() as url:
        yield url


def test_alias_methods_warn_and_call_the_new_path(project: Project, server: str) -> None:
    import asyncio

    project.generate(BASE)
    project.configure(names={"operations": {"getThing": "things.fetch"}})
    project.generate(MOVED)
    sys.path.insert(0, str(project.out))
    try:
        things = importlib.import_module("things")
        client = things.Things(base_url=server, max_retries=0)
        Recorder.requests.clear()
        with pytest.warns(DeprecationWarning, match=r"use client\.reports\.stats\.retrieve\(\)"):
            assert client.stats.retrieve().name == "lamp"
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.fetch\(\)"):
            client.things.retrieve(3)
        with pytest.warns(DeprecationWarning):
            raw = client.stats.with_raw_response.retrieve()
        assert raw.status_code == 200

        async def run() -> None:
            async with things.AsyncThings(base_url=server, max_retries=0) as aclient:
                with pytest.warns(DeprecationWarning, match="deprecated since version 0.1.1"):
                    await aclient.stats.retrieve()

        asyncio.run(run())
        assert Recorder.requests == [
            ("GET", "/v1/reports/stats"),
            ("GET", "/v1/things/3"),
            ("GET", "/v1/reports/stats"),
            ("GET", "/v1/reports/stats"),
        ]
    finally:
        sys.path.remove(str(project.out))
        for name in [n for n in sys.modules if n == "things" or n.startswith("things.")]:
            del sys.modules[name]
