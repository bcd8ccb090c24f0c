"""sdkgen download against a real HTTP server on 127.0.0.1: formats, failures, the lock file.

Every failure must leave the previous spec and lock file byte-for-byte as they were.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator.cli import main

from ..conftest import CA_CONFIG, FIXTURES, ca_spec_path

SMALL_SPEC = FIXTURES / "jsonapi" / "spec.yaml"
Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404, "not here")
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path: str, body: bytes, content_type: str = "application/json") -> str:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route
        return self.url(path)


@pytest.fixture()
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


OLD_SPEC = b'{"openapi": "3.0.3", "info": {"title": "old", "version": "0"}, "paths": {}}\n'
OLD_LOCK = b'{"sha256": "old"}\n'


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A config whose spec path already holds a previous download and its lock file."""
    config = tmp_path / "sdkgen.yaml"
    overlay = CA_CONFIG.parent / "overlays" / "fixes.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "spec": {"source": "http://127.0.0.1:9/unused", "path": "openapi.json"},
                "package": "commandersact",
                "overlays": [str(overlay)],
            }
        )
    )
    (tmp_path / "openapi.json").write_bytes(OLD_SPEC)
    (tmp_path / "openapi.lock.json").write_bytes(OLD_LOCK)
    return config


def download(config: Path, source: str, *extra: str) -> int:
    return main(["download", "--config", str(config), "--source", source, *extra])


def assert_untouched(config: Path) -> None:
    assert (config.parent / "openapi.json").read_bytes() == OLD_SPEC
    assert (config.parent / "openapi.lock.json").read_bytes() == OLD_LOCK
    assert sorted(p.name for p in config.parent.iterdir()) == [
        "openapi.json",
        "openapi.lock.json",
        "sdkgen.yaml",
    ]


def small_spec_document() -> dict[str, object]:
    loaded = yaml.safe_load(SMALL_SPEC.read_text())
    assert isinstance(loaded, dict)
    return loaded


def installed(config: Path) -> tuple[dict[str, object], dict[str, object]]:
    spec = json.loads((config.parent / "openapi.json").read_text())
    lock = json.loads((config.parent / "openapi.lock.json").read_text())
    return spec, lock


def test_json_download_installs_the_spec_and_writes_the_lock(server: Server, project: Path) -> None:
    document = small_spec_document()
    url = server.serve("/spec.json", json.dumps(document).encode())
    assert download(project, url) == 0
    spec, lock = installed(project)
    assert spec == document
    data = (project.parent / "openapi.json").read_bytes()
    import hashlib

    assert lock["sha256"] == hashlib.sha256(data).hexdigest()
    assert lock["size"] == len(data)
    assert lock["source"] == url
    assert {"paths", "operations", "schemas", "downloaded_at"} <= set(lock)
    assert lock["paths"] == len(document["paths"])  # type: ignore[arg-type]


def test_yaml_download(server: Server, project: Path) -> None:
    url = server.serve("/spec.yaml", SMALL_SPEC.read_bytes(), "application/yaml")
    assert download(project, url) == 0
    assert installed(project)[0] == small_spec_document()


def test_redoc_page_download(server: Server, project: Path) -> None:
    shared = ca_spec_path()
    if not shared.is_file():
        pytest.skip(f"no CA spec at {shared}")
    document = json.loads(shared.read_text())
    state = {"menu": {"activeItemIdx": -1}, "spec": {"data": document}, "searchIndex": {}}
    page = (
        "<!DOCTYPE html><html><head><title>API</title></head><body><redoc></redoc>\n"
        f"<script>\n    const __redoc_state = {json.dumps(state)};\n"
        "    var container = document.getElementsByTagName('redoc')[0];\n</script></body></html>"
    )
    url = server.serve("/api_doc/", page.encode(), "text/html")
    assert download(project, url) == 0
    spec, lock = installed(project)
    assert spec == document
    assert (lock["paths"], lock["operations"], lock["schemas"]) == (75, 133, 61)


def test_http_404_names_the_url(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url("/missing.json")
    assert download(project, url) == 2
    assert f"{url} answered HTTP 404" in capsys.readouterr().err
    assert_untouched(project)


def test_timeout(server: Server, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(2)
        handler.send_response(200)
        handler.end_headers()

    server.routes["/slow.json"] = slow
    started = time.monotonic()
    assert download(project, server.url("/slow.json"), "--timeout", "0.3") == 2
    assert time.monotonic() - started < 1.5
    err = capsys.readouterr().err
    assert server.url("/slow.json") in err and "0.3s" in err
    assert_untouched(project)


def test_truncated_body(server: Server, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = json.dumps(small_spec_document()).encode()

    def truncated(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body) + 1000))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    server.routes["/cut.json"] = truncated
    assert download(project, server.url("/cut.json")) == 2
    err = capsys.readouterr().err
    assert f"after {len(body)} of {len(body) + 1000} bytes" in err
    assert_untouched(project)


def test_html_page_without_a_spec(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.serve("/page.html", b"<html><body>Maintenance</body></html>", "text/html")
    assert download(project, url) == 1
    assert "without an embedded __redoc_state" in capsys.readouterr().err
    assert_untouched(project)


def test_redoc_page_without_spec_data(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = b'<script>const __redoc_state = {"menu": {}, "spec": {}};</script>'
    url = server.serve("/empty-redoc.html", page, "text/html")
    assert download(project, url) == 1
    assert "no spec.data object" in capsys.readouterr().err
    assert_untouched(project)


def test_invalid_spec_is_not_installed(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = small_spec_document()
    path_item = next(iter(document["paths"].values()))  # type: ignore[attr-defined]
    operation = next(iter(path_item.values()))
    operation["responses"]["600"] = {"description": "not an HTTP status"}
    url = server.serve("/invalid.json", json.dumps(document).encode())
    assert download(project, url) == 1
    err = capsys.readouterr().err
    assert url in err and "was not replaced" in err
    assert_untouched(project)


def test_unreachable_host_and_missing_local_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert download(project, "http://127.0.0.1:9/spec.json", "--timeout", "2") == 2
    assert "cannot fetch http://127.0.0.1:9/spec.json" in capsys.readouterr().err
    missing = tmp_path / "nope.json"
    assert download(project, str(missing)) == 2
    assert f"cannot read {missing}" in capsys.readouterr().err
    assert_untouched(project)


def test_local_path_source(project: Path, tmp_path: Path) -> None:
    assert download(project, str(SMALL_SPEC)) == 0
    assert installed(project)[0] == small_spec_document()
