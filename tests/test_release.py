"""Regenerations over a previous output: version bumps, deprecated aliases and their lifetime,
the changelog, explicit versions, and determinism. Small specs written here, one change each."""

from __future__ import annotations

import importlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from generator.cli import main
from generator.config import ApiConfig, load_config
from generator.normalize import AliasWish, attach_aliases, normalize, without_aliases
from generator.pipeline.generate import generate

THING = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
BASE = {
    "getThing": ("GET", "/things/{id}"),
    "deleteThing": ("DELETE", "/things/{id}"),
    "getStats": ("GET", "/stats"),
    "getHealth": ("GET", "/health"),
}


def spec(routes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for operation_id, (method, route) in routes.items():
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
            for name in re.findall(r"\{(\w+)\}", route)
        ]
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
        paths.setdefault(route, {})[method.lower()] = {
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": {"Thing": THING}},
    }


class Project:
    """A spec file and a config in a temporary directory, generated into `out`."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.spec = root / "openapi.json"
        self.config_path = root / "sdkgen.yaml"
        self.out = root / "sdk"
        self.configure()

    def configure(self, **extra: Any) -> None:
        self.config_path.write_text(yaml.safe_dump({"package": "things", **extra}))

    def generate(self, routes: dict[str, tuple[str, str]], **options: Any) -> Any:
        self.spec.write_text(json.dumps(spec(routes), indent=2))
        generation, report, _ = generate(
            self.spec, self.out, load_config(self.config_path), **options
        )
        return generation, report

    def version(self) -> str:
        return str(json.loads((self.out / ".sdkgen-manifest.json").read_text())["sdk_version"])

    def aliases(self) -> dict[str, dict[str, Any]]:
        path = self.out / ".sdkgen-aliases.json"
        if not path.exists():
            return {}
        return {a["name"]: a for a in json.loads(path.read_text())["aliases"]}

    def changelog(self) -> str:
        return (self.out / "CHANGELOG.md").read_text()

    def headings(self) -> list[str]:
        return re.findall(r"^## (\S+)", self.changelog(), re.MULTILINE)


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


MOVED = {**BASE, "getStats": ("GET", "/reports/stats")}  # stats.retrieve → reports.stats.retrieve
WITHOUT_HEALTH = {k: v for k, v in MOVED.items() if k != "getHealth"}  # a breaking change
WITHOUT_DELETE = {k: v for k, v in WITHOUT_HEALTH.items() if k != "deleteThing"}  # another one


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


class Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        self.requests.append((self.command, self.path))
        body = b'{"id": 1, "name": "lamp"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_DELETE = _handle


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


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


# --- placing aliases ----------------------------------------------------------------------------


def test_aliases_are_refused_when_their_name_is_taken_or_their_operation_gone() -> None:
    api, _ = normalize(spec(BASE), config=ApiConfig(), package_name="things", source_name="x")
    wishes = [
        AliasWish("stats.old_retrieve", "getStats", "0.2.0"),  # placed
        AliasWish("stats.retrieve", "getStats", "0.2.0"),  # its own name
        AliasWish("things.delete", "getThing", "0.2.0"),  # taken by another method
        AliasWish("stats.retrieve.old", "getStats", "0.2.0"),  # through a method
        AliasWish("gone.retrieve", "getGone", "0.2.0"),  # no such operation
        AliasWish("archive.stats.retrieve", "getStats", "0.2.0"),  # a new resource path
    ]
    extended, refused = attach_aliases(api, wishes)
    assert [(wish.name, reason) for wish, reason in refused] == [
        ("gone.retrieve", "operation getGone is no longer in the spec"),
        ("stats.retrieve", "the method has this name again"),
        ("stats.retrieve.old", "stats.retrieve is now a method"),
        ("things.delete", "things.delete is now taken on its resource"),
    ]
    resources = {r.attribute: r for r in extended.resources}
    assert [a.name for a in resources["stats"].aliases] == ["stats.old_retrieve"]
    archive = resources["archive"]
    assert archive.alias_only and archive.class_name == "ArchiveResource"
    assert [a.target for a in archive.children[0].aliases] == ["stats.retrieve"]
    assert archive.children[0].class_name == "ArchiveStatsResource"
    assert without_aliases(extended) == api


def test_an_alias_is_refused_where_its_name_would_hide_one_the_class_body_uses() -> None:
    """`things.object` became `things.object_` (it hid `object` in the class body): the old
    name cannot come back as an alias, on the way to a method or as one."""
    routes = {**BASE, "getObject": ("GET", "/things/object")}
    api, _ = normalize(spec(routes), config=ApiConfig(), package_name="things", source_name="x")
    wishes = [
        AliasWish("things.object.retrieve", "getObject", "0.2.0"),
        AliasWish("stats.str", "getStats", "0.2.0"),
        AliasWish("stats.fetch", "getStats", "0.2.0"),  # placed
    ]
    extended, refused = attach_aliases(api, wishes)
    assert [(wish.name, reason) for wish, reason in refused] == [
        ("stats.str", "'str' would hide a name the class body uses"),
        ("things.object.retrieve", "'object' would hide a name the class body uses"),
    ]
    stats = next(r for r in extended.resources if r.attribute == "stats")
    assert [a.name for a in stats.aliases] == ["stats.fetch"]


def test_a_resource_made_for_aliases_never_takes_a_real_name() -> None:
    routes = {**BASE, "getArchive": ("GET", "/archive-stats")}  # class ArchiveStats exists
    api, _ = normalize(spec(routes), config=ApiConfig(), package_name="things", source_name="x")
    extended, refused = attach_aliases(api, [AliasWish("archive.stats.retrieve", "getStats", "1")])
    assert refused == []
    made = next(r for r in extended.resources if r.attribute == "archive").children[0]
    assert made.class_name == "ArchiveStatsDeprecatedResource" and made.module == "archive_stats_"
