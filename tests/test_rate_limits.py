"""Nothing of one API in another's SDK: a client throttles itself only to the limits its own API
states (the config's `rate_limit`, else the spec's `x-rate-limit`), and its README speaks of
limits only then.

The petstore SDK (tests/fixtures/swagger2, which states no limit) sends 60 requests to a real
server on 127.0.0.1 without its limiter ever being asked for a place, and still honours a 429's
`Retry-After`; the catalog SDK (tests/fixtures/jsonapi, whose spec states 30/30 as Commanders
Act's config does) keeps its limiter. Behaviour is asserted, never time: the limiter is
instrumented, and the retry's sleep is recorded instead of slept.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir

from .conftest import FIXTURES
from .test_coverage import generated

REQUESTS = 60


class PetServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PetHandler)
        self.lock = threading.Lock()
        self.seen: list[str] = []
        self.replies: list[tuple[int, dict[str, str]]] = []  # (status, headers), then 200s

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v2"


class PetHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PetServer

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.seen.append(self.path)
            status, headers = self.server.replies.pop(0) if self.server.replies else (200, {})
        body = json.dumps([{"id": 1, "name": "Rex"}] if status == 200 else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server() -> Iterator[PetServer]:
    httpd = PetServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def petstore(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, FIXTURES / "swagger2" / "spec.yaml", "sdkgen_rl_pets")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, FIXTURES / "jsonapi" / "spec.yaml", "sdkgen_rl_catalog")


class Instrumented:
    """Counts what the SDK's limiters are asked: places (`acquire`) and refusals (a refused
    place is what makes a limiter wait)."""

    def __init__(self, sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
        limits = importlib.import_module(sdk.__name__ + "._rate_limit")
        self.acquired = 0
        self.refused = 0
        reserve = limits._Window.reserve

        def counted_reserve(window: Any) -> Any:
            slot, wait = reserve(window)
            if slot is None:
                self.refused += 1
            return slot, wait

        monkeypatch.setattr(limits._Window, "reserve", counted_reserve)
        for limiter in (limits.SyncLimiter, limits.AsyncLimiter):
            monkeypatch.setattr(limiter, "acquire", self._counted(limiter.acquire))

    def _counted(self, acquire: Any) -> Any:
        if asyncio.iscoroutinefunction(acquire):

            async def counted_async(limiter: Any) -> Any:
                self.acquired += 1
                return await acquire(limiter)

            return counted_async

        def counted(limiter: Any) -> Any:
            self.acquired += 1
            return acquire(limiter)

        return counted


# --- an API that states no limit --------------------------------------------------------------


def test_a_petstore_client_has_no_limiter(petstore: ModuleType) -> None:
    for client_class in (petstore.SwaggerPetstore, petstore.AsyncSwaggerPetstore):
        client = client_class(token="t", base_url="http://127.0.0.1:9")
        assert client.rate_limit is None and client._limiter is None
    assert not hasattr(importlib.import_module("sdkgen_rl_pets._client"), "DEFAULT_RATE_LIMIT")


def test_a_petstore_sdk_sends_60_requests_without_waiting(
    petstore: ModuleType, server: PetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = Instrumented(petstore, monkeypatch)
    with petstore.SwaggerPetstore(token="t", base_url=server.url) as client:
        pets = [client.pets.list() for _ in range(REQUESTS)]
    assert len(server.seen) == REQUESTS and all(p[0].name == "Rex" for p in pets)
    assert (counts.acquired, counts.refused) == (0, 0)


def test_an_async_petstore_sdk_sends_60_concurrent_requests_without_waiting(
    petstore: ModuleType, server: PetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = Instrumented(petstore, monkeypatch)

    async def main() -> list[Any]:
        async with petstore.AsyncSwaggerPetstore(token="t", base_url=server.url) as client:
            return list(await asyncio.gather(*(client.pets.list() for _ in range(REQUESTS))))

    assert len(asyncio.run(main())) == REQUESTS
    assert len(server.seen) == REQUESTS
    assert (counts.acquired, counts.refused) == (0, 0)


def test_a_petstore_sdk_still_honours_429_and_retry_after(
    petstore: ModuleType, server: PetServer
) -> None:
    server.replies = [(429, {"Retry-After": "7"})]
    slept: list[float] = []
    with petstore.SwaggerPetstore(token="t", base_url=server.url) as client:
        client._sleep = slept.append  # the retry's wait, recorded instead of slept
        [pet] = client.pets.list()
    assert pet.name == "Rex"
    assert len(server.seen) == 2
    assert slept == [7.0]  # what the server asked, not a backoff


def test_an_async_petstore_sdk_still_honours_429_and_retry_after(
    petstore: ModuleType, server: PetServer
) -> None:
    server.replies = [(429, {"Retry-After": "3"}), (429, {"Retry-After": "0"})]
    slept: list[float] = []

    async def record(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> Any:
        async with petstore.AsyncSwaggerPetstore(token="t", base_url=server.url) as client:
            client._sleep = record
            return await client.pets.list()

    assert asyncio.run(main())[0].name == "Rex"
    assert len(server.seen) == 3
    assert slept == [3.0, 0.0]


def test_a_limit_passed_by_the_user_still_limits(
    petstore: ModuleType, server: PetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = Instrumented(petstore, monkeypatch)
    limit = petstore.RateLimit(requests=1000, per=1.0, max_concurrency=4)
    with petstore.SwaggerPetstore(token="t", base_url=server.url, rate_limit=limit) as client:
        for _ in range(5):
            client.pets.list()
        assert client.with_options(max_retries=0)._limiter is client._limiter
    assert counts.acquired == 5


def test_a_petstore_readme_states_no_rate_limit() -> None:
    readme = (FIXTURES / "swagger2" / "expected" / "README.md").read_text(encoding="utf-8")
    client = (FIXTURES / "swagger2" / "expected" / "swagger2" / "_client.py").read_text()
    for text in (readme, client):
        assert "requests per second" not in text and "concurrent" not in text
    assert "## Rate limits" not in readme and "rate limit" not in readme.lower()
    assert "rate_limit: RateLimit | None = None," in client


# --- an API that states its limits -------------------------------------------------------------

STATED = "The API accepts 30 requests per second and 30 concurrent requests."


def test_an_api_stating_its_limits_keeps_its_limiter(
    catalog: ModuleType, server: PetServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = Instrumented(catalog, monkeypatch)
    stated = catalog.RateLimit(requests=30, per=1.0, max_concurrency=30)
    for client_class in (catalog.Catalog, catalog.AsyncCatalog):
        client = client_class(token="t", base_url=server.url)
        assert client.rate_limit == stated and client._limiter is not None
        assert client_class(token="t", rate_limit=None)._limiter is None
    with catalog.Catalog(token="t", base_url=server.url) as client:
        client.catalog.items.with_raw_response.retrieve(1)  # any answer will do: one request
    assert counts.acquired == 1 and len(server.seen) == 1


def test_the_catalog_readme_states_its_limits() -> None:
    readme = (FIXTURES / "jsonapi" / "expected" / "README.md").read_text(encoding="utf-8")
    assert "## Rate limits" in readme
    assert " ".join(readme.split("## Rate limits")[1].split()).startswith(STATED)


def test_the_commandersact_sdk_keeps_the_vendors_30_by_30(ca_generation: Any) -> None:
    assert ca_generation.api.rate_limit == ir.RateLimit(30, 1.0, 30)
    files = ca_generation.files
    assert (
        "DEFAULT_RATE_LIMIT = RateLimit(requests=30, per=1.0, max_concurrency=30)"
        in files["commandersact/_client.py"]
    )
    assert "rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT," in files["commandersact/_client.py"]
    readme = files["README.md"]
    assert " ".join(readme.split("## Rate limits")[1].split()).startswith(STATED)


def test_the_runtime_limits_nothing_of_its_own() -> None:
    runtime = Path(__file__).parents[1] / "generator" / "runtime"
    assert "DEFAULT_RATE_LIMIT" not in "".join(p.read_text() for p in runtime.glob("*.py"))
