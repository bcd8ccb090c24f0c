"""The SDK generated from tests/fixtures/jsonapi/spec.yaml, against a real HTTP server on 127.0.0.1.

This is the whole chain a user relies on: spec → generated package → real requests on the wire.
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
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.config import load_config
from generator.pipeline.generate import generate

from .conftest import FIXTURES

ITEM = {"type": "catalog/items", "id": 1, "attributes": {"name": "Lamp", "price": 9.5}}
# The vendor's own examples put null in non-nullable strings; the SDK must keep such values.
OFF_SPEC_ITEM = {"type": "catalog/items", "id": 2, "attributes": {"name": None, "colour": "red"}}


class Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _answer(self, status: int, payload: Any, content_type: str) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        self.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": parse_qs(url.query),
                "headers": dict(self.headers),
                "body": json.loads(raw) if raw else None,
            }
        )
        jsonapi = "application/vnd.api+json"
        if url.path == "/v1/42/catalog/items" and self.command == "GET":
            self._answer(200, {"data": [ITEM, OFF_SPEC_ITEM], "meta": {"total": 2}}, jsonapi)
        elif url.path == "/v1/42/catalog/items" and self.command == "POST":
            created = {**json.loads(raw)["data"], "id": 3}
            self._answer(200, {"data": created}, jsonapi)
        elif url.path == "/v1/42/catalog/items/404":
            errors = {"errors": [{"code": "NOT_FOUND", "detail": "no such item"}]}
            self._answer(404, errors, jsonapi)
        elif url.path == "/v1/42/catalog/items/1/stats":
            self._answer(
                200, {"views": 7, "last_viewed_at": "2025-07-02T10:00:00Z"}, "application/json"
            )
        elif url.path == "/v1/42/catalog/items/1" and self.command == "DELETE":
            self.send_response(204)
            self.end_headers()
        else:
            self._answer(500, b"<html>upstream exploded</html>", "text/html")

    do_GET = do_POST = do_PATCH = do_DELETE = _handle


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1/42"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("sdk") / "catalog"
    case = FIXTURES / "jsonapi"
    generate(case / "spec.yaml", out, load_config(case / "sdkgen.yaml"))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("catalog")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "catalog" or n.startswith("catalog.")]:
            del sys.modules[name]


@pytest.fixture(autouse=True)
def fresh_log() -> None:
    Recorder.requests.clear()


def test_list_sends_bracketed_and_form_query_parameters(catalog: ModuleType, server: str) -> None:
    with catalog.Catalog(token="secret-token", base_url=server) as client:
        page = client.catalog.items.list(page_number=2, filter_name="la", include=["owner", "tags"])
    sent = Recorder.requests[-1]
    assert sent["query"]["page[number]"] == ["2"]
    assert sent["query"]["filter[name]"] == ["la"]
    assert sent["query"]["include"] == ["owner,tags"]  # style form, explode false
    assert sent["headers"]["Authorization"] == "Bearer secret-token"
    assert [item.id for item in page.data] == [1, 2]
    assert page.data[0].attributes.name == "Lamp"
    assert page.meta.total == 2


def test_off_spec_values_and_unknown_fields_are_kept(catalog: ModuleType, server: str) -> None:
    with catalog.Catalog(token="t", base_url=server) as client:
        page = client.catalog.items.list()
    odd = page.data[1].attributes
    assert odd.name is None
    assert odd.model_extra == {"colour": "red"}


def test_create_sends_a_jsonapi_document(catalog: ModuleType, server: str) -> None:
    from catalog.types import CatalogItem, CatalogItemAttributes, Document

    body = Document[CatalogItem](
        data=CatalogItem(type="catalog/items", attributes=CatalogItemAttributes(name="Desk"))
    )
    with catalog.Catalog(token="t", base_url=server) as client:
        created = client.catalog.items.create(body=body)
    sent = Recorder.requests[-1]
    assert sent["headers"]["Content-Type"].startswith("application/vnd.api+json")
    assert sent["body"] == {"data": {"type": "catalog/items", "attributes": {"name": "Desk"}}}
    assert created.data.id == 3
    assert created.data.attributes.name == "Desk"


def test_path_parameters_header_parameters_and_dates(catalog: ModuleType, server: str) -> None:
    import datetime

    with catalog.Catalog(token="t", base_url=server) as client:
        stats = client.catalog.items.stats.retrieve(
            1, filter_begin_date=datetime.date(2025, 1, 31), x_request_id="req-1"
        )
    sent = Recorder.requests[-1]
    assert sent["path"] == "/v1/42/catalog/items/1/stats"
    assert sent["query"]["filter[begin_date]"] == ["2025-01-31"]
    assert sent["headers"]["X-Request-Id"] == "req-1"
    assert stats.views == 7
    assert stats.last_viewed_at == datetime.datetime(2025, 7, 2, 10, tzinfo=datetime.timezone.utc)


def test_not_found_raises_a_typed_error_with_parsed_errors(
    catalog: ModuleType, server: str
) -> None:
    with (
        catalog.Catalog(token="t", base_url=server, max_retries=0) as client,
        pytest.raises(catalog.NotFoundError) as raised,
    ):
        client.catalog.items.retrieve(404)
    assert raised.value.status_code == 404
    assert [error.code for error in raised.value.errors] == ["NOT_FOUND"]


def test_non_json_server_error_keeps_the_raw_body(catalog: ModuleType, server: str) -> None:
    with (
        catalog.Catalog(token="t", base_url=server, max_retries=0) as client,
        pytest.raises(catalog.InternalServerError) as raised,
    ):
        client.catalog.items.retrieve(999)
    assert "upstream exploded" in raised.value.body
    assert list(raised.value.errors) == []


def test_delete_returns_none(catalog: ModuleType, server: str) -> None:
    with catalog.Catalog(token="t", base_url=server) as client:
        assert client.catalog.items.delete(1) is None
    assert Recorder.requests[-1]["method"] == "DELETE"


def test_async_client_makes_the_same_calls(catalog: ModuleType, server: str) -> None:
    async def main() -> tuple[Any, Any]:
        async with catalog.AsyncCatalog(token="t", base_url=server) as client:
            page = await client.catalog.items.list(page_number=1)
            stats = await client.catalog.items.stats.retrieve(1)
            return page, stats

    page, stats = asyncio.run(main())
    assert [item.id for item in page.data] == [1, 2]
    assert stats.views == 7
    assert Recorder.requests[0]["query"]["page[number]"] == ["1"]
