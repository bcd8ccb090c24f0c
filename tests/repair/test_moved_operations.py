"""The Commanders Act PATCHes that repair moves to their item path, on the wire.

PATCH on `/sources`, `/destinations`, `/tms/web-containers` and `/tms/serverside-containers`
declares a path parameter `id` that only `<path>/{id}` has (where GET and DELETE of the same
resource live): repair moves the operation there, so `update(id, body=...)` sends
`PATCH <path>/{id}`. Checked against a real HTTP server on 127.0.0.1, sync and async.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any, ClassVar

import pytest

from generator.write.writer import write_tree

TOKEN = "secret-token"
# (attribute chain on the client, item path, JSON:API type of the body)
MOVED = [
    (("sources",), "/sources/{id}", "platform/integrations"),
    (("destinations",), "/destinations/{id}", "integrations"),
    (("tms", "web_containers"), "/tms/web-containers/{id}", "tms/web-containers"),
    (("tms", "serverside_containers"), "/tms/serverside-containers/{id}", "tms/containers"),
]


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, Any]]] = []

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        Recorder.seen.append((self.command, self.path, body))
        answer = json.dumps({"data": {"type": "x", "id": 7, "attributes": {}}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.api+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _record


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v2/42"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def ca(ca_generation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("moved") / "out"
    write_tree(ca_generation.files, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("commandersact")
    finally:
        sys.path.remove(str(out))
        for name in [
            n for n in sys.modules if n == "commandersact" or n.startswith("commandersact.")
        ]:
            del sys.modules[name]


def resource(client: Any, chain: tuple[str, ...]) -> Any:
    for attribute in chain:
        client = getattr(client, attribute)
    return client


def test_update_sends_patch_to_the_item_path(ca: ModuleType, server: str) -> None:
    Recorder.seen = []
    with ca.CommandersAct(token=TOKEN, base_url=server) as client:
        for chain, _, kind in MOVED:
            body = {"data": {"type": kind, "attributes": {"label": "renamed"}}}
            resource(client, chain).update(7, body=body)
    assert Recorder.seen == [
        (
            "PATCH",
            "/v2/42" + path.replace("{id}", "7"),
            {"data": {"type": kind, "attributes": {"label": "renamed"}}},
        )
        for _, path, kind in MOVED
    ]


def test_async_update_sends_patch_to_the_item_path(ca: ModuleType, server: str) -> None:
    Recorder.seen = []

    async def main() -> None:
        async with ca.AsyncCommandersAct(token=TOKEN, base_url=server) as client:
            for chain, _, kind in MOVED:
                body = {"data": {"type": kind, "attributes": {"label": "renamed"}}}
                await resource(client, chain).update(7, body=body)

    asyncio.run(main())
    assert [(method, path) for method, path, _ in Recorder.seen] == [
        ("PATCH", "/v2/42" + path.replace("{id}", "7")) for _, path, _ in MOVED
    ]


def test_update_requires_the_id(ca: ModuleType, server: str) -> None:
    with ca.CommandersAct(token=TOKEN, base_url=server) as client, pytest.raises(TypeError):
        client.sources.update(body={"data": {"type": "platform/integrations"}})
