"""`sdkgen update` against a real HTTP server on 127.0.0.1 serving the vendor's page format (a
ReDoc HTML page with the document in `__redoc_state`): unchanged → exit 0 and nothing written;
changed → spec copy, lock, SDK, CHANGELOG and version updated, exit 3, a pull-request summary;
failure at any step → exit 1 or 2 and every file exactly as it was."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

from ..conftest import CA_CONFIG

PAGE = "/api_doc/"


def redoc_page(document: dict[str, Any]) -> bytes:
    """The vendor's documentation page: ReDoc with the spec embedded in `__redoc_state`."""
    state = {"menu": {"activeItemIdx": -1}, "spec": {"data": document}, "searchIndex": {}}
    return (
        "<!DOCTYPE html><html><head><title>Commanders Act API</title></head><body>"
        "<redoc></redoc>\n<script>\n"
        f"    const __redoc_state = {json.dumps(state)};\n"
        "    Redoc.hydrate(__redoc_state, document.getElementsByTagName('redoc')[0]);\n"
        "</script></body></html>"
    ).encode()


class Vendor:
    """Serves one page at PAGE; `publish` replaces it, `fail` makes it answer 404."""

    def __init__(self) -> None:
        self.page: bytes | None = None
        vendor = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != PAGE or vendor.page is None:
                    self.send_error(404, "not here")
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(vendor.page)))
                self.end_headers()
                self.wfile.write(vendor.page)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{PAGE}"

    def publish(self, document: dict[str, Any]) -> None:
        self.page = redoc_page(document)


@pytest.fixture(scope="module")
def vendor() -> Iterator[Vendor]:
    running = Vendor()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def next_version(document: dict[str, Any]) -> dict[str, Any]:
    """What the vendor might publish next: the web perimeters move under /tms/perimeters (same
    operationIds, as the 2025-07-02 release moved 22 operations), and a new operation appears."""
    changed = copy.deepcopy(document)
    paths = changed["paths"]
    paths["/tms/perimeters"] = paths.pop("/tms/web-perimeters")
    paths["/tms/perimeters/{id}"] = paths.pop("/tms/web-perimeters/{id}")
    paths["/tms/perimeters/{id}/history"] = {
        "get": copy.deepcopy(paths["/tms/perimeters/{id}"]["get"])
    }
    paths["/tms/perimeters/{id}/history"]["get"]["operationId"] = "TmsPerimetersHistory"
    return changed


class Project:
    def __init__(self, root: Path, vendor: Vendor, *, write_config: bool = True) -> None:
        self.root = root
        self.config = root / "specs" / "sdkgen.yaml"
        self.spec = self.config.parent / "openapi.json"
        self.lock = self.config.parent / "openapi.lock.json"
        self.out = root / "generated" / "commandersact"
        self.summary = root / "summary.md"
        if not write_config:
            return
        self.config.parent.mkdir(parents=True)
        overlays = [str(CA_CONFIG.parent / "overlays" / "fixes.yaml")]
        self.config.write_text(
            yaml.safe_dump(
                {
                    "spec": {"source": vendor.url, "format": "redoc-html", "path": "openapi.json"},
                    "package": "commandersact",
                    "client": "CommandersAct",
                    "overlays": overlays,
                }
            )
        )

    def update(self, *extra: str) -> int:
        return main(
            [
                "update",
                "--config",
                str(self.config),
                "--output",
                str(self.out),
                "--summary",
                str(self.summary),
                *extra,
            ]
        )

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        """Every file under the project, with its bytes and modification time."""
        return {
            path.relative_to(self.root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(self.root.rglob("*"))
            if path.is_file()
        }

    def version(self) -> str:
        return str(json.loads((self.out / ".sdkgen-manifest.json").read_text())["sdk_version"])


@pytest.fixture(scope="module")
def current(ca_spec: Path) -> dict[str, Any]:
    loaded = json.loads(ca_spec.read_text())
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def first_update(
    tmp_path_factory: pytest.TempPathFactory, vendor: Vendor, current: dict[str, Any]
) -> Path:
    """A project whose SDK was made by a first `sdkgen update` from the vendor's current page."""
    vendor.publish(current)
    made = Project(tmp_path_factory.mktemp("first") / "project", vendor)
    assert made.update() == 3  # the first run installs everything
    made.summary.unlink()
    return made.root


@pytest.fixture()
def project(first_update: Path, tmp_path: Path, vendor: Vendor, current: dict[str, Any]) -> Project:
    """A copy of the first update's project (files and modification times)."""
    vendor.publish(current)
    shutil.copytree(first_update, tmp_path / "project")
    return Project(tmp_path / "project", vendor, write_config=False)


def test_the_first_update_installs_the_spec_the_lock_and_the_sdk(
    project: Project, current: dict[str, Any]
) -> None:
    assert json.loads(project.spec.read_text()) == current
    lock = json.loads(project.lock.read_text())
    assert lock["sha256"] == hashlib.sha256(project.spec.read_bytes()).hexdigest()
    assert (lock["paths"], lock["operations"]) == (75, 133)
    assert project.version() == "0.1.0"
    changelog = (project.out / "CHANGELOG.md").read_text()
    assert re.search(
        r"^## 0\.1\.0 — CommandersAct API 2\.0\.0 \(spec of \d{4}-\d\d-\d\d\)$",
        changelog,
        re.MULTILINE,
    )


def test_unchanged_exits_0_and_writes_nothing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = project.snapshot()
    capsys.readouterr()
    assert project.update() == 0
    assert project.snapshot() == before  # not a byte, not an mtime; no summary file either
    assert "commandersact 0.1.0: up to date" in capsys.readouterr().out


def test_changed_updates_spec_lock_sdk_changelog_and_version(
    project: Project, vendor: Vendor, current: dict[str, Any]
) -> None:
    published = next_version(current)
    vendor.publish(published)
    old_lock = json.loads(project.lock.read_text())
    assert project.update() == 3

    assert json.loads(project.spec.read_text()) == published
    lock = json.loads(project.lock.read_text())
    assert (
        lock["sha256"]
        == hashlib.sha256(project.spec.read_bytes()).hexdigest()
        != old_lock["sha256"]
    )
    assert lock["operations"] == 134
    # A move that keeps the old names and an added operation: a minor bump, 0.1.0 → 0.1.1.
    assert project.version() == "0.1.1"
    assert 'version = "0.1.1"' in (project.out / "pyproject.toml").read_text()
    assert '__version__ = "0.1.1"' in (project.out / "commandersact/_version.py").read_text()
    changelog = (project.out / "CHANGELOG.md").read_text()
    assert re.findall(r"^## (\S+)", changelog, re.MULTILINE) == ["0.1.1", "0.1.0"]
    assert "Version 0.1.0 → 0.1.1: suggested bump **minor**" in changelog
    aliases = json.loads((project.out / ".sdkgen-aliases.json").read_text())["aliases"]
    assert {a["name"]: a["calls"] for a in aliases} == {
        "tms.web_perimeters.create": "tms.perimeters.create",
        "tms.web_perimeters.delete": "tms.perimeters.delete",
        "tms.web_perimeters.list": "tms.perimeters.list",
        "tms.web_perimeters.retrieve": "tms.perimeters.retrieve",
        "tms.web_perimeters.update": "tms.perimeters.update",
    }
    module = (project.out / "commandersact/resources/tms_web_perimeters.py").read_text()
    assert "DeprecationWarning" in module and "TmsPerimetersResource(self._client).list(" in module

    summary = project.summary.read_text()
    assert summary.startswith("# Update of the commandersact SDK: 0.1.0 → 0.1.1\n")
    assert f"The spec at {vendor.url} changed" in summary
    assert "### 0.1.1 — CommandersAct API 2.0.0 (spec of " in summary
    assert "| `client.tms.web_perimeters.list()` | `client.tms.perimeters.list()` |" in summary
    assert "**added** `GET /tms/perimeters/{id}/history`" in summary

    before = project.snapshot()  # and the next run finds nothing to do
    assert project.update() == 0
    assert project.snapshot() == before


def test_the_page_unavailable_changes_nothing(
    project: Project, vendor: Vendor, capsys: pytest.CaptureFixture[str]
) -> None:
    before = project.snapshot()
    vendor.page = None
    assert project.update() == 2
    assert f"{vendor.url} answered HTTP 404" in capsys.readouterr().err
    assert project.snapshot() == before


def test_a_page_without_a_spec_changes_nothing(
    project: Project, vendor: Vendor, capsys: pytest.CaptureFixture[str]
) -> None:
    before = project.snapshot()
    vendor.page = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
    assert project.update() == 1
    assert "__redoc_state" in capsys.readouterr().err
    assert project.snapshot() == before


def test_an_invalid_spec_changes_nothing(
    project: Project, vendor: Vendor, current: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    before = project.snapshot()
    broken = next_version(current)
    broken["paths"]["/tms/perimeters"]["get"]["responses"] = {"two hundred": {"description": "x"}}
    vendor.publish(broken)
    assert project.update() == 1
    err = capsys.readouterr().err
    assert "/paths/~1tms~1perimeters/get/responses" in err
    assert "update stopped:" in err and "were left as they were" in err
    assert project.snapshot() == before


def test_a_failure_while_writing_the_sdk_puts_the_spec_back(
    project: Project, vendor: Vendor, current: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    before = project.snapshot()
    vendor.publish(next_version(current))
    # A file the user put in the output directory's place: sdkgen refuses to replace it.
    marker = project.out / ".sdkgen"
    marker_bytes = marker.read_bytes()
    marker.unlink()
    assert project.update() == 2
    assert "does not look like a directory sdkgen generated" in capsys.readouterr().err
    marker.write_bytes(marker_bytes)
    after = project.snapshot()
    assert after.keys() == before.keys()
    assert {path: data for path, (data, _) in after.items()} == {
        path: data for path, (data, _) in before.items()
    }
    for path in ("specs/openapi.json", "specs/openapi.lock.json"):
        assert after[path][1] == before[path][1], path  # put back, not rewritten


def test_an_error_in_the_middle_of_writing_puts_everything_back(
    project: Project,
    vendor: Vendor,
    current: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import generator.pipeline.update

    before = project.snapshot()
    vendor.publish(next_version(current))
    real_write_tree = generator.pipeline.update.write_tree

    def failing_write_tree(files: dict[str, str], output_dir: Path, **options: Any) -> Any:
        # The spec copy and the lock are in place at this point: the failure must undo them.
        assert json.loads(project.spec.read_text())["paths"].get("/tms/perimeters")
        broken = dict(files)
        broken["../escape.py"] = "x = 1\n"  # refused by the writer before anything is swapped
        return real_write_tree(broken, output_dir, **options)

    monkeypatch.setattr(generator.pipeline.update, "write_tree", failing_write_tree)
    assert project.update() == 1
    assert project.snapshot() == before
    assert not list(project.config.parent.glob(".*"))  # no backup or temporary file left


def test_a_bad_version_is_a_usage_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        project.update("--version", "one")
    assert exit_info.value.code == 2


def test_the_example_workflow_runs_update_and_reads_its_exit_codes() -> None:
    """The README's CI example (it cannot run here): well-formed, scheduled, and acting on the
    exit codes `sdkgen update` documents."""
    from generator.pipeline.update import EXIT_CHANGED, EXIT_UNCHANGED

    example = Path(__file__).resolve().parents[2] / "examples" / "github" / "sdk-update.yml"
    workflow = yaml.safe_load(example.read_text())
    assert workflow[True]["schedule"]  # YAML 1.1 reads the key `on` as True
    steps = workflow["jobs"]["update"]["steps"]
    update = next(step for step in steps if step.get("id") == "update")
    assert 'sdkgen update --config "$CONFIG" --output "$OUTPUT" --summary' in update["run"]
    assert f'{EXIT_UNCHANGED}) echo "changed=false"' in update["run"]
    assert f'{EXIT_CHANGED}) echo "changed=true"' in update["run"]
    assert any("gh pr create" in step.get("run", "") for step in steps)
