"""What the release tests share: the small specs of one resource and its operations, written
into a project folder and generated the way a user does (`Project`), and the specs of
`diff_fixtures/` compared as records."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import yaml

from generator.config import ApiConfig, load_config
from generator.pipeline.diff import record_from_spec
from generator.pipeline.generate import generate
from generator.release.compare import SurfaceChanges, compare

CASES = Path(__file__).resolve().parent / "diff_fixtures"

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


def changes(old: str, new: str) -> SurfaceChanges:
    """The comparison of the records of two specs of `diff_fixtures/`."""
    before, _ = record_from_spec(CASES / old, ApiConfig())
    after, _ = record_from_spec(CASES / new, ApiConfig())
    return compare(before, after)


def details(log: SurfaceChanges, operation_id: str) -> dict[str, bool]:
    change = next(c for c in log.operations if c.operation_id == operation_id)
    return {d.text: d.breaking for d in change.details}


def model_details(log: SurfaceChanges, name: str) -> dict[str, bool]:
    change = next(c for c in log.models_changed if c.name == name)
    return {d.text: d.breaking for d in change.details}


class Recorder(BaseHTTPRequestHandler):
    """A local API for the alias tests: records each request line, answers one thing."""

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

    do_GET = do_POST = do_DELETE = _handle


@contextmanager
def recording_server() -> Iterator[str]:
    """The base URL of a `Recorder` on 127.0.0.1, for as long as the block runs."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
