"""Pagination, JSON:API includes and bodies, ndjson bulk uploads and token redaction, end to end.

The SDKs are generated from tests/fixtures/jsonapi/spec.yaml (`catalog`: bracketed
`page[number]`/`page[size]` parameters, a bulk endpoint) and from the Commanders Act spec
(`commandersact`: a deepObject `page` parameter); they talk to a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.config import load_config
from generator.pipeline.generate import generate
from generator.write.writer import write_tree

from .conftest import FIXTURES

TOKEN = "tok-5ecret-VALUE"
ITEMS = [
    {
        "type": "catalog/items",
        "id": n,
        "attributes": {"name": f"item {n}"},
        "relationships": {"owner": {"data": {"type": "admin/users", "id": 100 + n % 2}}},
    }
    for n in range(1, 6)
]
USERS = [
    {"type": "admin/users", "id": 100 + k, "attributes": {"email": f"u{k}@x.test"}} for k in (0, 1)
]


class State:
    """What the server saw (reset before each test)."""

    pages: ClassVar[list[dict[str, list[str]]]] = []
    bulk_lines: ClassVar[list[dict[str, Any]]] = []
    bulk_content_type: ClassVar[str] = ""
    bulk_chunked: ClassVar[bool] = False
    first_line_seen: ClassVar[threading.Event] = threading.Event()
    created: ClassVar[list[Any]] = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, document: object) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.api+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _lines(self) -> Iterator[bytes]:
        """The request body line by line, as it arrives (chunked or not)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            State.bulk_chunked = True
            buffer = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    break
                buffer += self.rfile.read(size)
                self.rfile.readline()
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    yield line
            if buffer.strip():
                yield buffer
        else:
            yield from self.rfile.read(int(self.headers.get("Content-Length") or 0)).splitlines()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        State.pages.append(query)
        if parts.path.endswith("/catalog/items"):
            self._catalog_page(query)
        elif parts.path.endswith("/ams/reports"):
            self._ams_page(query)
        elif parts.path.endswith("/catalog/items/404"):
            self._send(404, {"errors": [{"code": "not_found", "detail": "no such item"}]})
        else:
            self._send(404, {"errors": []})

    def _catalog_page(self, query: dict[str, list[str]]) -> None:
        """Five items, pages of `page[size]`; the page count comes from `meta.total`."""
        number = int(query.get("page[number]", ["1"])[0])
        size = int(query.get("page[size]", ["10"])[0])
        data = ITEMS[(number - 1) * size : number * size]
        self._send(200, {"data": data, "included": USERS, "meta": {"total": len(ITEMS)}})

    def _ams_page(self, query: dict[str, list[str]]) -> None:
        """Seven reports, pages of `page[size]`; the next page comes from `links.next`."""
        number = int(query.get("page[number]", ["1"])[0])
        size = int(query.get("page[size]", ["10"])[0])
        reports = [
            {"type": "ams/reports", "id": n, "attributes": {"label": f"r{n}"}} for n in range(1, 8)
        ]
        data = reports[(number - 1) * size : number * size]
        last = number * size >= len(reports)
        links = {"self": f"/ams/reports?page[number]={number}"}
        links["next"] = None if last else f"/ams/reports?page[number]={number + 1}"
        self._send(200, {"data": data, "links": links})

    def do_POST(self) -> None:
        if self.path.endswith("/catalog/items/bulk"):
            self._bulk()
            return
        length = int(self.headers.get("Content-Length") or 0)
        State.created.append(json.loads(self.rfile.read(length)))
        self._send(200, {"data": {**ITEMS[0], "id": 9}})

    def _bulk(self) -> None:
        """Accepts lines whose item has a name, rejects the others; 422 when none is accepted."""
        State.bulk_content_type = self.headers.get("Content-Type", "")
        accepted, errors = 0, []
        for number, line in enumerate(self._lines()):
            item = json.loads(line)
            State.bulk_lines.append(item)
            State.first_line_seen.set()
            if item.get("attributes", {}).get("name"):
                accepted += 1
            else:
                errors.append(
                    {"code": "invalid", "detail": "name is required", "meta": {"line": number}}
                )
        counts = {"accepted_object_count": accepted, "rejected_object_count": len(errors)}
        self._send(200 if accepted else 422, {"data": counts, "errors": errors})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1/42"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh_state() -> None:
    State.pages = []
    State.bulk_lines = []
    State.bulk_content_type = ""
    State.bulk_chunked = False
    State.first_line_seen = threading.Event()
    State.created = []


def _import(out: Path, package: str) -> Iterator[ModuleType]:
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("features") / "catalog"
    case = FIXTURES / "jsonapi"
    generate(case / "spec.yaml", out, load_config(case / "sdkgen.yaml"))
    yield from _import(out, "catalog")


@pytest.fixture(scope="module")
def ca(ca_generation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("features_ca") / "out"
    write_tree(ca_generation.files, out)
    yield from _import(out, "commandersact")


def client_of(catalog: ModuleType, server: str, **options: Any) -> Any:
    return catalog.Catalog(token=TOKEN, base_url=server, **options)


# --- pagination -------------------------------------------------------------------------------


def test_iterating_a_page_yields_every_item_of_every_page(catalog: ModuleType, server: str) -> None:
    with client_of(catalog, server) as client:
        page = client.catalog.items.list(page_size=2)
        assert [item.id for item in page.data] == [1, 2]
        assert page.meta.total == 5
        assert page.has_next_page()
        assert [item.id for item in page] == [1, 2, 3, 4, 5]
    assert [q.get("page[number]") for q in State.pages] == [None, ["2"], ["3"]]
    assert all(q["page[size]"] == ["2"] for q in State.pages)


def test_pages_can_be_walked_one_by_one(catalog: ModuleType, server: str) -> None:
    with client_of(catalog, server) as client:
        page = client.catalog.items.list(page_size=2, page_number=1)
        numbers = [page.number]
        while page.has_next_page():
            page = page.next_page()
            numbers.append(page.number)
        assert numbers == [1, 2, 3]
        assert [item.id for item in page.data] == [5]
        with pytest.raises(catalog.SDKError):
            page.next_page()


def test_async_for_yields_every_item_of_every_page(catalog: ModuleType, server: str) -> None:
    async def main() -> list[int]:
        async with catalog.AsyncCatalog(token=TOKEN, base_url=server) as client:
            page = await client.catalog.items.list(page_size=2)
            return [item.id async for item in page]

    assert asyncio.run(main()) == [1, 2, 3, 4, 5]
    assert len(State.pages) == 3


def test_deep_object_pages_follow_links_next(ca: ModuleType, server: str) -> None:
    with ca.CommandersAct(token=TOKEN, base_url=server) as client:
        page = client.ams.reports.list(page={"size": 3}, sort="label")
        assert [report.id for report in page] == [1, 2, 3, 4, 5, 6, 7]
    assert [q.get("page[number]") for q in State.pages] == [None, ["2"], ["3"]]
    assert all(q["page[size]"] == ["3"] and q["sort"] == ["label"] for q in State.pages)

    async def main() -> list[int]:
        async with ca.AsyncCommandersAct(token=TOKEN, base_url=server) as client:
            page = await client.ams.reports.list(page={"size": 3})
            return [report.id async for report in page]

    assert asyncio.run(main()) == [1, 2, 3, 4, 5, 6, 7]


# --- JSON:API ---------------------------------------------------------------------------------


def test_relationships_resolve_against_included(catalog: ModuleType, server: str) -> None:
    with client_of(catalog, server) as client:
        page = client.catalog.items.list(include=["owner"])
    document = page.document
    first, second = page.data[0], page.data[1]
    assert document.resolve(first.relationships.owner) == USERS[1]
    assert page.resolve(second.relationships.owner) == USERS[0]
    assert document.resolve_many(first.relationships.owner) == [USERS[1]]
    assert document.find_included("admin/users", "100") == USERS[0]
    assert document.resolve({"data": {"type": "admin/users", "id": 999}}) is None
    assert len(State.pages) == 1  # no request was made to resolve


def test_resolve_parses_into_a_model_when_asked(catalog: ModuleType, server: str) -> None:
    from catalog import BaseModel

    class User(BaseModel):
        type: str
        id: int

    with client_of(catalog, server) as client:
        page = client.catalog.items.list()
    user = page.document.resolve(page.data[0].relationships.owner, User)
    assert isinstance(user, User) and user.id == 101


def test_a_resource_model_body_is_wrapped_in_a_document(catalog: ModuleType, server: str) -> None:
    from catalog.types import CatalogItem, CatalogItemAttributes

    with client_of(catalog, server) as client:
        item = CatalogItem(type="catalog/items", attributes=CatalogItemAttributes(name="Desk"))
        created = client.catalog.items.create(body=item)
        client.catalog.items.create(body={"data": {"type": "catalog/items"}})
    assert created.data.id == 9
    assert State.created[0] == {"data": {"type": "catalog/items", "attributes": {"name": "Desk"}}}
    assert State.created[1] == {"data": {"type": "catalog/items"}}  # a dict is sent as given


def test_an_attributes_model_body_gets_the_resource_type(catalog: ModuleType, server: str) -> None:
    from catalog.types import CatalogItemAttributes

    with client_of(catalog, server) as client:
        client.catalog.items.create(body=CatalogItemAttributes(name="Lamp"))
    assert State.created == [{"data": {"type": "catalog/items", "attributes": {"name": "Lamp"}}}]


# --- bulk -------------------------------------------------------------------------------------


def _items(produced: list[int], count: int) -> Iterator[dict[str, Any]]:
    for number in range(count):
        if number == count - 1:
            # Before the last item, the server must already hold the first line: the body is
            # streamed while the generator runs, not built in memory first.
            produced.append(-1 if State.first_line_seen.wait(5) else -2)
        produced.append(number)
        name = "" if number % 3 == 2 else f"bulk {number}"
        yield {"type": "catalog/items", "attributes": {"name": name}}


def test_bulk_streams_ndjson_lazily_and_reports_partial_success(
    catalog: ModuleType, server: str
) -> None:
    produced: list[int] = []
    with client_of(catalog, server) as client:
        result = client.catalog.items.bulk.create_bulk(_items(produced, 6))
    assert -1 in produced, "the last item was produced before the server saw the first line"
    assert State.bulk_content_type == "application/x-ndjson"
    assert State.bulk_chunked
    assert [line["attributes"]["name"] for line in State.bulk_lines][:2] == ["bulk 0", "bulk 1"]
    assert len(State.bulk_lines) == 6
    assert isinstance(result, catalog.BulkResult)
    assert (result.accepted_object_count, result.rejected_object_count) == (4, 2)
    assert result.sent_object_count == 6
    assert [error.meta for error in result.errors] == [{"line": 2}, {"line": 5}]
    assert result.errors[0].code == "invalid"


def test_bulk_accepts_models_and_raises_only_when_nothing_was_accepted(
    catalog: ModuleType, server: str
) -> None:
    from catalog.types import CatalogItem, CatalogItemAttributes

    with client_of(catalog, server) as client:
        result = client.catalog.items.bulk.create_bulk(
            [CatalogItem(type="catalog/items", attributes=CatalogItemAttributes(name="a"))]
        )
        assert result.accepted_object_count == 1
        with pytest.raises(catalog.UnprocessableEntityError) as caught:
            client.catalog.items.bulk.create_bulk([{"type": "catalog/items", "attributes": {}}])
    assert caught.value.errors[0].detail == "name is required"


def test_async_bulk_streams_an_async_generator(catalog: ModuleType, server: str) -> None:
    async def items() -> AsyncIterator[dict[str, Any]]:
        for number in range(4):
            await asyncio.sleep(0)
            yield {"type": "catalog/items", "attributes": {"name": f"n{number}" if number else ""}}

    async def main() -> Any:
        async with catalog.AsyncCatalog(token=TOKEN, base_url=server) as client:
            return await client.catalog.items.bulk.create_bulk(items())

    result = asyncio.run(main())
    assert (result.accepted_object_count, result.rejected_object_count) == (3, 1)
    assert len(State.bulk_lines) == 4


# --- secrets ----------------------------------------------------------------------------------


def test_the_token_never_shows_in_logs_reprs_or_exceptions(
    catalog: ModuleType, server: str, caplog: pytest.LogCaptureFixture
) -> None:
    texts: list[str] = []
    caplog.set_level(logging.DEBUG, logger="catalog")
    with client_of(catalog, server, max_retries=1) as client:
        texts += [repr(client), str(client.token), repr(client.token), repr(vars(client))]
        client.catalog.items.list()
        for call in (
            lambda: client.catalog.items.retrieve(404),
            lambda: catalog.Catalog(
                token=TOKEN, base_url="http://127.0.0.1:9/v1", max_retries=1
            ).catalog.items.retrieve(1),
        ):
            try:
                call()
            except catalog.APIError as exc:
                texts += [str(exc), repr(exc), repr(exc.request), repr(exc.request.headers)]
                texts.append("".join(traceback.format_exception(exc)))
            else:
                pytest.fail("expected an error")
    records = [record.getMessage() for record in caplog.records]
    assert any("Request GET" in message for message in records)
    assert any("'authorization': '****'" in message.lower() for message in records)
    assert any("Retrying" in message for message in records)
    for text in texts + records:
        assert TOKEN not in text


# --- typing -----------------------------------------------------------------------------------

USAGE = """
from __future__ import annotations

import asyncio
from collections.abc import Iterator

from catalog import AsyncCatalog, BaseModel, BulkResult, Catalog, RateLimit, SyncPage
from catalog.types import CatalogItem, CatalogItemAttributes


class User(BaseModel):
    id: int


def items() -> Iterator[CatalogItem]:
    yield CatalogItem(type="catalog/items", attributes=CatalogItemAttributes(name="a"))


def main() -> None:
    client = Catalog(token="t", tokens={"BearerAuth": "u"}, rate_limit=RateLimit(requests=5))
    page: SyncPage[CatalogItem] = client.catalog.items.list(page_size=2)
    names: list[int | None] = [item.id for item in page]
    more: SyncPage[CatalogItem] = page.next_page() if page.has_next_page() else page
    owner = more.document.resolve(more.data[0].relationships, User)
    user: User | None = owner
    result: BulkResult = client.catalog.items.bulk.create_bulk(items())
    count: int | None = result.accepted_object_count
    quick = client.with_options(max_retries=0, retry_non_idempotent=True)
    created = quick.catalog.items.create(body=next(items()))
    print(names, user, count, created.data.id)


async def amain() -> None:
    async with AsyncCatalog(rate_limit=None) as client:
        page = await client.catalog.items.list()
        ids: list[int | None] = [item.id async for item in page]
        print(ids)


asyncio.run(amain())
"""


def test_the_new_surface_type_checks_strictly(catalog: ModuleType, tmp_path: Path) -> None:
    root = Path(catalog.__file__).parent.parent
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tmp_path / "usage.py")],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(root)},
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
