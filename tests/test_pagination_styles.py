"""Every paging style end to end, sync and async: the SDK of tests/fixtures/cursor (lists shaped
like OpenAI's and Stripe's, a page token, an offset, a next link in the body, a cursor the
config declares) iterates across the pages of a real HTTP server on 127.0.0.1, and each next
request re-sends the caller's parameters and credentials, changing only the paging one."""

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

TOKEN = "tok-pages"
MODELS = [f"m{n}" for n in range(1, 8)]  # seven models, ids m1..m7
NAMES = [f"e{n}" for n in range(1, 6)]


class Seen:
    """The requests the server got: (path, query, Authorization header)."""

    requests: ClassVar[list[tuple[str, dict[str, list[str]], str]]] = []


def _after(ids: list[str], after: str | None, limit: int) -> tuple[list[str], bool]:
    start = ids.index(after) + 1 if after else 0
    chunk = ids[start : start + limit]
    return chunk, start + limit < len(ids)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, document: object) -> None:
        body = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        Seen.requests.append((parts.path, query, self.headers.get("Authorization", "")))
        one = {key: values[0] for key, values in query.items()}
        limit = int(one.get("limit", "3"))
        route = parts.path.removeprefix("/v1")
        if route == "/models":  # OpenAI: `after` takes `last_id`
            chunk, more = _after(MODELS, one.get("after"), limit)
            models = [{"id": i, "object": "model"} for i in chunk]
            last = chunk[-1] if chunk else None
            self._send({"object": "list", "data": models, "last_id": last, "has_more": more})
        elif route == "/customers":  # Stripe: `starting_after` takes the last item's id
            chunk, more = _after(MODELS, one.get("starting_after"), limit)
            customers = [{"id": i, "email": one.get("email")} for i in chunk]
            self._send({"object": "list", "data": customers, "has_more": more, "url": route})
        elif route == "/events":  # page tokens
            start = int(one.get("pageToken", "0"))
            token = {"nextPageToken": str(start + 2)} if start + 2 < len(NAMES) else {}
            self._send({"events": [{"name": n} for n in NAMES[start : start + 2]], **token})
        elif route == "/invoices":  # offset and limit with a total
            start = int(one.get("offset", "0"))
            numbers = list(range(1, 6))[start : start + limit]
            self._send({"results": [{"number": n} for n in numbers], "total": 5})
        elif route == "/users":  # the next page's URL in the body, followed as given
            skip = int(one.get("$skip", "0"))
            users = [{"displayName": n} for n in NAMES[skip : skip + 2]]
            origin = self._origin(one.get("via"))
            following = f"{origin}/v1/users?$top=2&$skip={skip + 2}"
            self._send({"value": users, **({"@odata.nextLink": following} if skip < 4 else {})})
        elif route == "/audit_logs":  # the config's cursor under `meta`
            start = int(one.get("cursor", "0"))
            cursor = str(start + 2) if start + 2 < 5 else None
            entries = [{"action": f"a{n}"} for n in range(start, min(start + 2, 5))]
            self._send({"entries": entries, "meta": {"next_cursor": cursor}})
        else:
            self.send_error(404)

    def _origin(self, host: str | None = None) -> str:
        """This server's origin, under another host name when asked (`localhost`)."""
        address, port = self.server.server_address[:2]
        return f"http://{host or address!s}:{port}"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh() -> None:
    Seen.requests = []


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("pagination_styles") / "out"
    case = FIXTURES / "cursor"
    generate(case / "spec.yaml", out, load_config(case / "sdkgen.yaml"))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("cursorlists")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n.split(".")[0] == "cursorlists"]:
            del sys.modules[name]


def queries(path: str) -> list[dict[str, list[str]]]:
    return [query for seen, query, _ in Seen.requests if seen == path]


def test_an_openai_shaped_list_sends_last_id_as_after(lists: ModuleType, server: str) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        page = client.models.list(limit=3, order="asc")
        assert [m.id for m in page.items] == ["m1", "m2", "m3"]
        assert page.has_more is True and page.last_id == "m3"  # the response's own fields
        assert [m.id for m in page] == MODELS
    assert queries("/v1/models") == [
        {"limit": ["3"], "order": ["asc"]},
        {"limit": ["3"], "order": ["asc"], "after": ["m3"]},
        {"limit": ["3"], "order": ["asc"], "after": ["m6"]},
    ]
    assert {auth for _, _, auth in Seen.requests} == {f"Bearer {TOKEN}"}


def test_a_stripe_shaped_list_sends_the_last_items_id(lists: ModuleType, server: str) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        pages = list(client.customers.list(limit=4, email="a@x.test").iter_pages())
    assert [[c.id for c in p.items] for p in pages] == [MODELS[:4], MODELS[4:]]
    assert [q.get("starting_after") for q in queries("/v1/customers")] == [None, ["m4"]]
    assert all(q["email"] == ["a@x.test"] for q in queries("/v1/customers"))


def test_a_page_token_an_offset_a_next_link_and_a_declared_cursor(
    lists: ModuleType, server: str
) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        assert [e.name for e in client.events.list(page_size=2)] == NAMES
        assert [i.number for i in client.invoices.list(limit=2)] == [1, 2, 3, 4, 5]
        assert [u.display_name for u in client.users.list(top=2)] == NAMES
        assert [e.action for e in client.audit_logs.list()] == [f"a{n}" for n in range(5)]
    assert [q.get("pageToken") for q in queries("/v1/events")] == [None, ["2"], ["4"]]
    assert [q.get("offset") for q in queries("/v1/invoices")] == [None, ["2"], ["4"]]
    assert [q.get("$skip") for q in queries("/v1/users")] == [None, ["2"], ["4"]]
    assert [q.get("cursor") for q in queries("/v1/audit_logs")] == [None, ["2"], ["4"]]
    assert {auth for _, _, auth in Seen.requests} == {f"Bearer {TOKEN}"}


def test_async_pages_iterate_every_style(lists: ModuleType, server: str) -> None:
    async def main() -> dict[str, list[Any]]:
        async with lists.AsyncLists(token=TOKEN, base_url=server) as client:
            models = await client.models.list(limit=3)
            users = await client.users.list(top=2)
            invoices = await client.invoices.list(limit=2)
            return {
                "models": [m.id async for m in models],
                "users": [u.display_name async for u in users],
                "invoices": [i.number async for i in invoices],
            }

    assert asyncio.run(main()) == {
        "models": MODELS,
        "users": NAMES,
        "invoices": [1, 2, 3, 4, 5],
    }
    assert [q.get("after") for q in queries("/v1/models")] == [None, ["m3"], ["m6"]]


def test_pages_are_fetched_only_when_needed(lists: ModuleType, server: str) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        iterator = iter(client.models.list(limit=3))
        assert [next(iterator).id for _ in range(3)] == ["m1", "m2", "m3"]
        assert len(queries("/v1/models")) == 1
        assert next(iterator).id == "m4"
        assert len(queries("/v1/models")) == 2


def test_the_raw_response_of_a_paging_method_is_the_first_response(
    lists: ModuleType, server: str
) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        raw = client.models.with_raw_response.list(limit=3)
        assert raw.http_response.status_code == 200
        assert [m.id for m in raw.parse().data] == ["m1", "m2", "m3"]
    assert len(queries("/v1/models")) == 1


def test_a_next_link_to_another_origin_is_followed_without_credentials(
    lists: ModuleType, server: str
) -> None:
    with lists.Lists(token=TOKEN, base_url=server) as client:
        users = client.users.list(top=2, extra_query={"via": "localhost"})
        assert [u.display_name for u in users] == NAMES
    sent = [(query.get("$skip"), auth) for path, query, auth in Seen.requests]
    # page 2 lives on `localhost` (the first answer said so): no credentials; page 3's link
    # (given by page 2, which was not asked `via`) is on the API's origin again
    assert sent == [(None, f"Bearer {TOKEN}"), (["2"], ""), (["4"], f"Bearer {TOKEN}")]
