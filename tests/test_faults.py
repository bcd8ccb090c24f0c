"""The generated SDK against a misbehaving server: a real HTTP server on 127.0.0.1.

Each request carries an `X-Scenario` header telling the server how to misbehave and an
`X-Call-Id` header naming the call, so the server can count attempts per call (retries) and prove
that no call was lost or sent twice. The SDK is the one generated from
tests/fixtures/jsonapi/spec.yaml (`catalog`).
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import importlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest

from generator.config import load_config
from generator.pipeline.generate import generate

from .conftest import FIXTURES

ITEM = {"data": {"type": "catalog/items", "id": 1, "attributes": {"name": "Lamp"}}}
LIMIT_RPS = 30  # the documented limits the server enforces in the "limited" scenario
LIMIT_CONCURRENCY = 30
WINDOW = 1.0


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of 30 concurrent connections must not overflow the backlog

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.attempts: collections.Counter[str] = collections.Counter()  # call id -> requests
        self.statuses: collections.Counter[int] = collections.Counter()
        self.arrivals: collections.deque[float] = collections.deque()
        self.active = 0
        self.max_active = 0
        self.max_window = 0

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that gave up (timeouts, resets) break pipes on purpose

    def reset(self) -> None:
        with self.lock:
            self.attempts.clear()
            self.statuses.clear()
            self.arrivals.clear()
            self.active = self.max_active = self.max_window = 0


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        with self.server.lock:
            self.server.statuses[status] += 1
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, document: object, **headers: str) -> None:
        self._reply(status, json.dumps(document).encode(), "application/vnd.api+json", **headers)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        scenario = self.headers.get("X-Scenario", "ok")
        call = self.headers.get("X-Call-Id", "")
        with self.server.lock:
            self.server.attempts[call] += 1
            attempt = self.server.attempts[call]
        if scenario == "limited":
            self._limited()
        elif scenario == "429-seconds" and attempt == 1:
            self._json(429, {"errors": [{"code": "rate_limited"}]}, Retry_After="1")
        elif scenario == "429-date" and attempt == 1:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)  # 1 to 2 s away
            self._json(429, {"errors": [{"code": "rate_limited"}]}, Retry_After=when)
        elif scenario.startswith("status-"):
            status = int(scenario.removeprefix("status-"))
            self._json(status, {"errors": [{"code": "boom", "detail": f"status {status}"}]})
        elif scenario == "reset":
            self.close_connection = True
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.connection.close()  # no answer at all: a connection reset
        elif scenario == "slow":
            time.sleep(1.0)
            self._json(200, ITEM)
        elif scenario == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.api+json")
            self.send_header("Content-Length", "500")
            self.end_headers()
            self.wfile.write(b'{"data": {"type": "catal')
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif scenario == "html-200":
            self._reply(200, b"<html>maintenance</html>", "text/html")
        elif scenario == "html-502":
            self._reply(502, b"<html>Bad gateway</html>", "text/html")
        elif scenario == "off-shape-400":
            self._json(400, {"message": "not the documented shape"})
        else:
            self._json(200, ITEM)

    def _limited(self) -> None:
        """30 requests per second (sliding window) and 30 concurrent requests, else 429."""
        server = self.server
        now = time.monotonic()
        with server.lock:
            while server.arrivals and now - server.arrivals[0] >= WINDOW:
                server.arrivals.popleft()
            server.arrivals.append(now)
            server.active += 1
            server.max_active = max(server.max_active, server.active)
            server.max_window = max(server.max_window, len(server.arrivals))
            over = len(server.arrivals) > LIMIT_RPS or server.active > LIMIT_CONCURRENCY
        try:
            time.sleep(0.02)  # some work, so requests overlap
        finally:
            with server.lock:
                server.active -= 1
        if over:
            self._json(429, {"errors": [{"code": "too_many_requests"}]})
        else:
            self._json(200, ITEM)

    do_GET = do_POST = do_PATCH = do_DELETE = _handle


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    httpd = FaultServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def fresh(server: FaultServer) -> None:
    server.reset()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("faults") / "catalog"
    case = FIXTURES / "jsonapi"
    generate(case / "spec.yaml", out, load_config(case / "sdkgen.yaml"))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("catalog")
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == "catalog" or n.startswith("catalog.")]:
            del sys.modules[name]


def url_of(server: FaultServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1/42"


def headers(scenario: str, call: str = "c1") -> dict[str, str]:
    return {"X-Scenario": scenario, "X-Call-Id": call}


def make_client(catalog: ModuleType, server: FaultServer, **options: Any) -> Any:
    options.setdefault("timeout", 3.0)
    return catalog.Catalog(token="t", base_url=url_of(server), **options)


def say(config: pytest.Config, text: str) -> None:
    capture = config.pluginmanager.get_plugin("capturemanager")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if capture is None or reporter is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(text)


# --- retries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["429-seconds", "429-date"])
def test_429_waits_for_retry_after_then_succeeds(
    catalog: ModuleType, server: FaultServer, scenario: str
) -> None:
    with make_client(catalog, server) as client:
        started = time.monotonic()
        doc = client.catalog.items.retrieve(1, extra_headers=headers(scenario))
        waited = time.monotonic() - started
    assert doc.data.attributes.name == "Lamp"
    assert server.attempts["c1"] == 2
    assert server.statuses[429] == 1
    assert 0.9 <= waited < 3.0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_max_retries_times_then_raises(
    catalog: ModuleType, server: FaultServer, status: int
) -> None:
    with make_client(catalog, server, max_retries=2) as client:
        client._retry_delay = lambda attempt, headers: 0.01
        with pytest.raises(catalog.InternalServerError) as caught:
            client.catalog.items.retrieve(1, extra_headers=headers(f"status-{status}"))
    assert server.attempts["c1"] == 3
    assert caught.value.status_code == status
    assert caught.value.errors[0].code == "boom"
    assert caught.value.errors[0].detail == f"status {status}"
    assert json.loads(caught.value.body)["errors"][0]["code"] == "boom"
    assert caught.value.headers["content-type"] == "application/vnd.api+json"


def test_post_is_not_retried_on_5xx_unless_the_caller_opts_in(
    catalog: ModuleType, server: FaultServer
) -> None:
    body = {"data": {"type": "catalog/items", "attributes": {"name": "Desk"}}}
    with make_client(catalog, server, max_retries=2) as client:
        client._retry_delay = lambda attempt, headers: 0.01
        with pytest.raises(catalog.InternalServerError):
            client.catalog.items.create(body=body, extra_headers=headers("status-503", "post"))
        opted_in = client.with_options(retry_non_idempotent=True)
        opted_in._retry_delay = lambda attempt, headers: 0.01
        with pytest.raises(catalog.InternalServerError):
            opted_in.catalog.items.create(body=body, extra_headers=headers("status-503", "opt"))
    assert server.attempts["post"] == 1
    assert server.attempts["opt"] == 3


def test_retries_stop_at_the_deadline(catalog: ModuleType, server: FaultServer) -> None:
    with make_client(catalog, server, max_retries=100, retry_deadline=1.0) as client:
        client._retry_delay = lambda attempt, headers: 0.3
        started = time.monotonic()
        with pytest.raises(catalog.InternalServerError):
            client.catalog.items.retrieve(1, extra_headers=headers("status-503"))
        elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert 2 <= server.attempts["c1"] <= 4


def test_per_call_options_come_from_with_options(catalog: ModuleType, server: FaultServer) -> None:
    with make_client(catalog, server, max_retries=2) as client:
        with pytest.raises(catalog.InternalServerError):
            client.with_options(max_retries=0).catalog.items.retrieve(
                1, extra_headers=headers("status-500")
            )
        assert client.max_retries == 2  # the original is unchanged
    assert server.attempts["c1"] == 1


# --- broken connections and bodies ------------------------------------------------------------


def test_connection_reset_raises_connection_error_after_retries(
    catalog: ModuleType, server: FaultServer
) -> None:
    with make_client(catalog, server, max_retries=1) as client:
        client._retry_delay = lambda attempt, headers: 0.01
        with pytest.raises(catalog.APIConnectionError) as caught:
            client.catalog.items.retrieve(1, extra_headers=headers("reset"))
        with pytest.raises(catalog.APIConnectionError):
            client.catalog.items.create(body={"data": {}}, extra_headers=headers("reset", "post"))
    assert not isinstance(caught.value, catalog.APITimeoutError)
    assert server.attempts["c1"] == 2  # GET: retried once
    assert server.attempts["post"] == 1  # POST: the request may have arrived; not retried


def test_slow_response_past_the_timeout_raises_timeout_error(
    catalog: ModuleType, server: FaultServer
) -> None:
    with make_client(catalog, server, max_retries=1, timeout=0.2) as client:
        client._retry_delay = lambda attempt, headers: 0.01
        started = time.monotonic()
        with pytest.raises(catalog.APITimeoutError):
            client.catalog.items.retrieve(1, extra_headers=headers("slow"))
    assert time.monotonic() - started < 1.5
    assert server.attempts["c1"] == 2


def test_truncated_body_is_a_connection_error(catalog: ModuleType, server: FaultServer) -> None:
    with (
        make_client(catalog, server, max_retries=0) as client,
        pytest.raises(catalog.APIConnectionError),
    ):
        client.catalog.items.retrieve(1, extra_headers=headers("truncated"))


def test_non_json_success_under_a_model_type_is_rejected_with_its_text(
    catalog: ModuleType, server: FaultServer
) -> None:
    """Lenient parsing keeps values of JSON as they came; text that is not JSON is no model, so
    the method raises rather than return a str under its model annotation."""
    for strict, connection in ((False, "c1"), (True, "c2")):
        with (
            make_client(catalog, server, strict=strict) as client,
            pytest.raises(catalog.APIResponseValidationError) as rejected,
        ):
            client.catalog.items.retrieve(1, extra_headers=headers("html-200", connection))
        assert rejected.value.body == "<html>maintenance</html>"


def test_non_json_and_off_shape_errors_keep_the_raw_text(
    catalog: ModuleType, server: FaultServer
) -> None:
    with make_client(catalog, server, max_retries=0) as client:
        with pytest.raises(catalog.InternalServerError) as html:
            client.catalog.items.retrieve(1, extra_headers=headers("html-502"))
        with pytest.raises(catalog.BadRequestError) as odd:
            client.catalog.items.retrieve(1, extra_headers=headers("off-shape-400", "c2"))
    assert html.value.status_code == 502
    assert html.value.body == "<html>Bad gateway</html>"
    assert html.value.errors == ()
    assert odd.value.errors == ()
    assert json.loads(odd.value.body) == {"message": "not the documented shape"}


def test_async_client_retries_and_maps_errors_the_same_way(
    catalog: ModuleType, server: FaultServer
) -> None:
    async def main() -> None:
        async with catalog.AsyncCatalog(
            token="t", base_url=url_of(server), max_retries=2, timeout=0.2
        ) as client:
            client._retry_delay = lambda attempt, headers: 0.01
            with pytest.raises(catalog.InternalServerError):
                await client.catalog.items.retrieve(1, extra_headers=headers("status-503", "a"))
            with pytest.raises(catalog.APITimeoutError):
                await client.catalog.items.retrieve(1, extra_headers=headers("slow", "b"))
            with pytest.raises(catalog.APIConnectionError):
                await client.catalog.items.retrieve(1, extra_headers=headers("reset", "c"))
            doc = await client.catalog.items.retrieve(1, extra_headers=headers("429-seconds", "d"))
            assert doc.data.id == 1

    asyncio.run(main())
    assert server.attempts["a"] == 3
    assert server.attempts["b"] == 3
    assert server.attempts["c"] == 3
    assert server.attempts["d"] == 2


# --- rate limiting: a burst of 300 calls --------------------------------------------------------

BURST = 300


def _burst_sync(client: Any, catalog: ModuleType) -> collections.Counter[str]:
    outcomes: collections.Counter[str] = collections.Counter()

    def one(number: int) -> str:
        try:
            client.catalog.items.retrieve(1, extra_headers=headers("limited", f"s{number}"))
        except catalog.RateLimitError:
            return "429"
        return "ok"

    with ThreadPoolExecutor(max_workers=64) as pool:
        outcomes.update(pool.map(one, range(BURST)))
    return outcomes


def _burst_async(client: Any, catalog: ModuleType) -> collections.Counter[str]:
    async def one(number: int) -> str:
        try:
            await client.catalog.items.retrieve(1, extra_headers=headers("limited", f"a{number}"))
        except catalog.RateLimitError:
            return "429"
        return "ok"

    async def main() -> list[str]:
        async with client:
            return list(await asyncio.gather(*(one(n) for n in range(BURST))))

    return collections.Counter(asyncio.run(main()))


def _assert_each_call_sent_once(server: FaultServer, prefix: str) -> None:
    assert sorted(server.attempts) == sorted(f"{prefix}{n}" for n in range(BURST))
    assert set(server.attempts.values()) == {1}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_burst_of_300_calls_meets_the_limits_with_zero_429s(
    catalog: ModuleType, server: FaultServer, mode: str, pytestconfig: pytest.Config
) -> None:
    started = time.monotonic()
    if mode == "sync":
        with make_client(catalog, server, max_retries=0) as client:
            outcomes = _burst_sync(client, catalog)
    else:
        client = catalog.AsyncCatalog(token="t", base_url=url_of(server), max_retries=0)
        outcomes = _burst_async(client, catalog)
    elapsed = time.monotonic() - started
    say(
        pytestconfig,
        f"[limits] {mode} limited: {BURST} calls in {elapsed:.1f}s, 429s={server.statuses[429]}, "
        f"max requests in a {WINDOW:.0f}s window={server.max_window}, "
        f"max concurrent={server.max_active}",
    )
    assert outcomes == {"ok": BURST}
    assert server.statuses[429] == 0
    assert server.max_window <= LIMIT_RPS
    assert server.max_active <= LIMIT_CONCURRENCY
    _assert_each_call_sent_once(server, "s" if mode == "sync" else "a")
    assert elapsed < 20


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_burst_without_limiting_trips_the_server(
    catalog: ModuleType, server: FaultServer, mode: str, pytestconfig: pytest.Config
) -> None:
    """The control: the same burst with `rate_limit=None` gets 429s, so the test above can fail."""
    if mode == "sync":
        with make_client(catalog, server, max_retries=0, rate_limit=None) as client:
            outcomes = _burst_sync(client, catalog)
    else:
        client = catalog.AsyncCatalog(
            token="t", base_url=url_of(server), max_retries=0, rate_limit=None
        )
        outcomes = _burst_async(client, catalog)
    say(
        pytestconfig,
        f"[limits] {mode} unlimited: 429s={server.statuses[429]}, "
        f"max requests in a window={server.max_window}, max concurrent={server.max_active}",
    )
    assert outcomes["429"] > 0
    assert server.statuses[429] == outcomes["429"]
    _assert_each_call_sent_once(server, "s" if mode == "sync" else "a")
