"""The generated SDK at work: imported, type-checked, and talking to a real local HTTP server."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import ir
from generator.format.formatting import format_sources
from generator.render import render_sdk
from generator.write.writer import write_tree
from tests import ir_samples

PYTHON = sys.executable
PACKAGE = "sdkgen_runtime_sample"  # unique, so it cannot clash with other tests' packages


@pytest.fixture(scope="module")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    api = dataclasses.replace(ir_samples.jsonapi_api(), package_name=PACKAGE)
    out = tmp_path_factory.mktemp("sdk") / "out"
    write_tree(format_sources(render_sdk(api)), out)
    return out


@pytest.fixture(scope="module")
def sdk(sdk_dir: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(sdk_dir))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(sdk_dir))


# --- a real server ----------------------------------------------------------------------------


@dataclasses.dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-encoded unless it is bytes
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    content_type: str = "application/vnd.api+json"


@dataclasses.dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class Server:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.seen.append(
                    Seen(
                        self.command,
                        parts.path,
                        parse_qs(parts.query, keep_blank_values=True),
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )
                replies = server.routes.get((self.command, parts.path)) or [Reply(404, {})]
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                data = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                if reply.status == 204:
                    data = b""
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v2/42"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def route(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[(method, "/v2/42" + path)] = list(replies)


@pytest.fixture()
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


SOURCE = {"id": "s1", "type": "source", "attributes": {"name": "web", "status": "active"}}


@pytest.fixture()
def client(sdk: ModuleType, server: Server) -> Iterator[Any]:
    with sdk.CommandersAct(token="tok", base_url=server.url) as c:
        yield c


# --- import, laziness, typing -----------------------------------------------------------------


def run_python(code: str, cwd: Path, **env: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_loads_no_resource_or_type_module(sdk_dir: Path) -> None:
    code = f"""
import sys, json
import {PACKAGE}
after_import = sorted(m for m in sys.modules if m.startswith("{PACKAGE}"))
client = {PACKAGE}.CommandersAct(token="t", base_url="http://127.0.0.1:9")
after_client = sorted(m for m in sys.modules if m.startswith("{PACKAGE}"))
client.sources
after_sources = sorted(m for m in sys.modules if m.startswith("{PACKAGE}"))
print(json.dumps([after_import, after_client, after_sources]))
"""
    after_import, after_client, after_sources = json.loads(run_python(code, sdk_dir))
    assert after_import == [PACKAGE, f"{PACKAGE}._version"]
    assert not [m for m in after_client if ".resources." in m or ".types." in m]
    assert f"{PACKAGE}.resources.sources" in after_sources
    assert f"{PACKAGE}.resources.library" not in after_sources
    assert f"{PACKAGE}.resources.sources_events" not in after_sources


def test_every_model_is_exported_from_types(sdk: ModuleType) -> None:
    types = importlib.import_module(f"{PACKAGE}.types")
    names = {m.name for m in ir_samples.jsonapi_models()}
    assert set(types.__all__) == names
    for model in ir_samples.jsonapi_models():
        value = getattr(types, model.name)
        if model.kind == "object":
            assert value.__name__ == model.name


def test_generated_package_passes_mypy_strict(sdk_dir: Path) -> None:
    start = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=sdk_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert time.perf_counter() - start < 120


VARIANTS = {
    "minimal": ir_samples.minimal_api(),
    "server_without_variables": dataclasses.replace(
        ir_samples.minimal_api(),
        package_name="novars_sdk",
        servers=(ir.Server("https://example.com/api", "", ()),),
    ),
    "single_model": ir_samples.single_model_api(),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_other_samples_pass_mypy_strict_and_import(name: str, tmp_path: Path) -> None:
    api = VARIANTS[name]
    write_tree(format_sources(render_sdk(api)), tmp_path)
    result = subprocess.run(
        [PYTHON, "-m", "mypy", "--strict", "--no-incremental", api.package_name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    run_python(f"import {api.package_name} as p; p.{api.client_class_name}", tmp_path)


def test_client_usage_type_checks(sdk_dir: Path, tmp_path: Path) -> None:
    """Code written against the SDK type-checks: positional path params, keyword options."""
    usage = tmp_path / "usage.py"
    usage.write_text(f"""
import datetime
from {PACKAGE} import CommandersAct, AsyncCommandersAct, NotFoundError
from {PACKAGE}.types import SourceCreate, SourceCreateData, SourceAttributes, SourceDocument

client = CommandersAct(token="t", site_id="1")
doc: SourceDocument = client.sources.retrieve("id")
name: str = doc.data.attributes.name if doc.data.attributes else ""
listing = client.sources.list(include=["a"], page={{"number": 1}}, status="active")
wrapped_name: str = client.sources.envelope("id").data.id
client.sources.create(body=SourceCreate(data=SourceCreateData(attributes=SourceAttributes(name="n"))))
client.sources.create(body={{"data": {{}}}})
client.sources.events.list("s", datetime.date(2024, 1, 1), x_request_id="r")
raw = client.sources.with_raw_response.retrieve("id")
parsed: SourceDocument = raw.parse()
status: int = raw.status_code


async def main() -> None:
    async with AsyncCommandersAct(token="t", site_id="1") as aclient:
        adoc: SourceDocument = await aclient.sources.retrieve("id")
        araw = await aclient.sources.with_raw_response.retrieve("id")
        print(adoc, araw.parse())
""")
    env = {**os.environ, "MYPYPATH": str(sdk_dir)}
    result = subprocess.run(
        [PYTHON, "-m", "mypy", "--strict", "--no-incremental", str(usage)],
        cwd=sdk_dir,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- client options ---------------------------------------------------------------------------


def test_base_url_comes_from_the_server_template(sdk: ModuleType) -> None:
    client = sdk.CommandersAct(token="t", site_id="12 3/4")
    assert client.base_url == "https://api.commander1.com/v2/12%203%2F4"


def test_server_variable_and_token_fall_back_to_environment(
    sdk: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMANDERSACT_SITE_ID", "77")
    monkeypatch.setenv("COMMANDERSACT_TOKEN", "envtok")
    client = sdk.CommandersAct()
    assert client.base_url == "https://api.commander1.com/v2/77"
    assert client.token.get_secret_value() == "envtok"


def test_missing_server_variable_is_a_clear_error(
    sdk: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMMANDERSACT_SITE_ID", raising=False)
    monkeypatch.delenv("COMMANDERSACT_BASE_URL", raising=False)
    with pytest.raises(sdk.SDKError, match="site_id"):
        sdk.CommandersAct(token="t")


# --- requests and responses -------------------------------------------------------------------


def test_get_serialises_query_styles_and_parses_the_document(client: Any, server: Server) -> None:
    server.route("GET", "/sources", Reply(body={"data": [SOURCE], "links": {"next": None}}))
    result = client.sources.list(
        filter_begin_date=datetime.date(2024, 1, 2),
        include=["owner", "tags"],
        tags=["a", "b"],
        page={"number": 2, "size": 10},
        status="active",
    )
    (seen,) = server.seen
    assert seen.query == {
        "filter[begin_date]": ["2024-01-02"],
        "include": ["owner,tags"],
        "tags": ["a", "b"],
        "page[number]": ["2"],
        "page[size]": ["10"],
        "status": ["active"],
    }
    assert seen.headers["authorization"] == "Bearer tok"
    assert seen.headers["accept"] == "application/vnd.api+json"
    assert type(result).__name__ == "SourceListDocument"
    assert result.data[0].attributes.name == "web"
    assert result.links == {"next": None}


def test_omitted_query_parameters_are_not_sent(client: Any, server: Server) -> None:
    server.route("GET", "/sources", Reply(body={"data": []}))
    client.sources.list(extra_query={"debug": True})
    assert server.seen[0].query == {"debug": ["true"]}


def test_post_sends_a_json_api_body_with_wire_names(
    sdk: ModuleType, client: Any, server: Server
) -> None:
    types = importlib.import_module(f"{PACKAGE}.types")
    server.route("POST", "/sources", Reply(201, {"data": SOURCE}))
    body = types.SourceCreate(
        data=types.SourceCreateData(type="source", attributes=types.SourceAttributes(name="n"))
    )
    result = client.sources.create(body=body)
    (seen,) = server.seen
    assert seen.headers["content-type"] == "application/vnd.api+json"
    assert json.loads(seen.body) == {"data": {"type": "source", "attributes": {"name": "n"}}}
    assert result.data.id == "s1"


def test_body_models_send_set_fields_and_constants_only(client: Any, server: Server) -> None:
    types = importlib.import_module(f"{PACKAGE}.types")
    server.route("POST", "/sources", Reply(201, {"data": SOURCE}))
    attributes = types.SourceAttributes(name="n", created_at=datetime.datetime(2024, 1, 2, 3, 4))
    client.sources.create(
        body=types.SourceCreate(data=types.SourceCreateData(attributes=attributes))
    )
    sent = json.loads(server.seen[0].body)
    assert sent == {
        "data": {"type": "source", "attributes": {"name": "n", "created_at": "2024-01-02T03:04:00"}}
    }


def test_post_accepts_a_plain_dict_body(client: Any, server: Server) -> None:
    server.route("POST", "/sources", Reply(201, {"data": SOURCE}))
    client.sources.create(body={"data": {"type": "source", "attributes": {"name": "é"}}})
    assert json.loads(server.seen[0].body)["data"]["attributes"]["name"] == "é"


def test_path_parameters_are_quoted(client: Any, server: Server) -> None:
    server.route("GET", "/sources/a%2Fb%20c%3F", Reply(body={"data": SOURCE}))
    assert client.sources.retrieve("a/b c?").data.id == "s1"
    assert server.seen[0].path == "/v2/42/sources/a%2Fb%20c%3F"


def test_empty_path_parameter_is_refused(client: Any) -> None:
    with pytest.raises(ValueError, match="id"):
        client.sources.retrieve("")


def test_nested_resource_sends_header_and_date_path_params(client: Any, server: Server) -> None:
    server.route(
        "GET",
        "/sources/s%201/events/2024-05-06",
        Reply(body={"ok": 1}, content_type="application/json"),
    )
    assert client.sources.events.list("s 1", datetime.date(2024, 5, 6), x_request_id="r-1") == {
        "ok": 1
    }
    assert server.seen[0].headers["x-request-id"] == "r-1"


def test_delete_returns_none(client: Any, server: Server) -> None:
    server.route("DELETE", "/sources/s1", Reply(204))
    assert client.sources.delete("s1") is None


def test_404_raises_not_found_with_parsed_errors(
    sdk: ModuleType, client: Any, server: Server
) -> None:
    errors = {"errors": [{"code": "not_found", "detail": "No source s9", "meta": {"id": "s9"}}]}
    server.route("GET", "/sources/s9", Reply(404, errors, content_type="application/json"))
    with pytest.raises(sdk.NotFoundError) as caught:
        client.sources.retrieve("s9")
    exc = caught.value
    assert isinstance(exc, sdk.APIStatusError)
    assert exc.status_code == 404
    assert [(e.code, e.detail, e.meta) for e in exc.errors] == [
        ("not_found", "No source s9", {"id": "s9"})
    ]
    assert json.loads(exc.body) == errors
    assert exc.response.status_code == 404
    assert "not_found" in str(exc)


def test_non_json_500_raises_internal_server_error_with_raw_text(
    sdk: ModuleType, server: Server
) -> None:
    server.route("GET", "/sources/s1", Reply(500, b"<html>Oops</html>", content_type="text/html"))
    with (
        sdk.CommandersAct(token="t", base_url=server.url, max_retries=0) as client,
        pytest.raises(sdk.InternalServerError) as caught,
    ):
        client.sources.retrieve("s1")
    assert caught.value.body == "<html>Oops</html>"
    assert caught.value.errors == ()
    assert len(server.seen) == 1


def test_429_with_retry_after_is_retried(client: Any, server: Server) -> None:
    server.route(
        "GET",
        "/sources/s1",
        Reply(429, {"errors": []}, {"Retry-After": "0"}),
        Reply(200, {"data": SOURCE}),
    )
    started = time.perf_counter()
    assert client.sources.retrieve("s1").data.id == "s1"
    assert len(server.seen) == 2
    assert time.perf_counter() - started < 0.4  # Retry-After: 0 honoured, no backoff


def test_retries_stop_after_max_retries(sdk: ModuleType, server: Server) -> None:
    server.route("GET", "/sources/s1", Reply(503, {}, {"Retry-After": "0"}))
    with (
        sdk.CommandersAct(token="t", base_url=server.url, max_retries=3) as client,
        pytest.raises(sdk.InternalServerError),
    ):
        client.sources.retrieve("s1")
    assert len(server.seen) == 4


def test_post_is_not_retried_on_429(sdk: ModuleType, client: Any, server: Server) -> None:
    server.route(
        "POST", "/sources", Reply(429, {}, {"Retry-After": "0"}), Reply(201, {"data": SOURCE})
    )
    with pytest.raises(sdk.RateLimitError):
        client.sources.create(body={"data": {}})
    assert len(server.seen) == 1


def test_connection_error_is_retried_then_raised(sdk: ModuleType, server: Server) -> None:
    url = server.url
    server.httpd.shutdown()
    server.httpd.server_close()
    with sdk.CommandersAct(token="t", base_url=url, max_retries=1) as client:
        client._retry_delay = lambda attempt, headers: 0.0
        with pytest.raises(sdk.APIConnectionError):
            client.sources.create(body={})


def test_off_spec_null_parses_leniently_and_keeps_everything(client: Any, server: Server) -> None:
    odd = {
        "data": {
            "id": "s1",
            "type": "source",
            "attributes": {
                "name": None,
                "status": "brand-new",
                "tags": ["a", 3],
                "unknown": {"x": 1},
            },
            "class": "premium",
            "filter[begin_date]": "2024-02-03",
        },
        "jsonapi": {"version": "1.0"},
    }
    server.route("GET", "/sources/s1", Reply(body=odd))
    doc = client.sources.retrieve("s1")
    attributes = doc.data.attributes
    assert attributes.name is None
    assert attributes.status == "brand-new"
    assert attributes.tags == ["a", 3]
    assert attributes.model_extra == {"unknown": {"x": 1}}
    assert doc.data.class_ == "premium"
    assert doc.data.filter_begin_date == datetime.date(2024, 2, 3)
    assert doc.model_extra == {"jsonapi": {"version": "1.0"}}


def test_strict_client_raises_on_off_spec_responses(sdk: ModuleType, server: Server) -> None:
    server.route("GET", "/sources/s1", Reply(body={"data": {"id": None}}))
    with (
        sdk.CommandersAct(token="t", base_url=server.url, strict=True) as client,
        pytest.raises(sdk.APIResponseValidationError),
    ):
        client.sources.retrieve("s1")


def test_recursive_models_parse(client: Any, server: Server) -> None:
    tree = {"name": "root", "children": [{"name": "leaf", "children": []}]}
    server.route("GET", "/tree", Reply(body=tree))
    server.route(
        "GET",
        "/folders/7",
        Reply(body={"name": "f", "documents": [{"title": "d", "parent": {"name": "f"}}]}),
    )
    server.route(
        "GET",
        "/author",
        Reply(body={"name": "a", "books": [{"title": "b", "author": {"name": "a"}}]}),
    )
    assert client.library.tree().children[0].name == "leaf"
    assert client.library.folder(7).documents[0].parent.name == "f"
    assert client.library.author().books[0].author.name == "a"


def test_generic_models_parse_their_parameter(client: Any, server: Server) -> None:
    server.route("GET", "/sources/s1/envelope", Reply(body={"data": SOURCE, "meta": {"n": 1}}))
    envelope = client.sources.envelope("s1")
    assert type(envelope.data).__name__ == "Source"
    assert envelope.data.attributes.name == "web"
    server.route("GET", "/sources/s2/envelope", Reply(body={"data": {"id": None}}))
    assert client.sources.envelope("s2").data.id is None  # lenient inside the parameter too


def test_raw_response_access(client: Any, server: Server) -> None:
    server.route("GET", "/sources/s1", Reply(body={"data": SOURCE}, headers={"X-Trace": "abc"}))
    raw = client.sources.with_raw_response.retrieve("s1")
    assert raw.status_code == 200
    assert raw.headers["x-trace"] == "abc"
    assert raw.parse().data.id == "s1"
    assert client.sources.events is client.sources.events


def test_async_client_does_the_same(sdk: ModuleType, server: Server) -> None:
    server.route("GET", "/sources", Reply(body={"data": [SOURCE]}))
    server.route(
        "GET", "/sources/s1", Reply(429, {}, {"Retry-After": "0"}), Reply(body={"data": SOURCE})
    )
    server.route("GET", "/sources/s9", Reply(404, {"errors": [{"code": "nf", "detail": "gone"}]}))
    server.route("POST", "/sources", Reply(201, {"data": {**SOURCE, "attributes": {"name": None}}}))

    async def scenario() -> None:
        async with sdk.AsyncCommandersAct(token="tok", base_url=server.url) as client:
            listing = await client.sources.list(include=["a", "b"], page={"number": 1})
            assert listing.data[0].id == "s1"
            assert (await client.sources.retrieve("s1")).data.id == "s1"
            with pytest.raises(sdk.NotFoundError) as caught:
                await client.sources.retrieve("s9")
            assert caught.value.errors[0].code == "nf"
            created = await client.sources.create(body={"data": {"type": "source"}})
            assert created.data.attributes.name is None
            raw = await client.sources.with_raw_response.retrieve("s1")
            assert raw.parse().data.id == "s1"

    asyncio.run(scenario())
    assert server.seen[0].query == {"include": ["a,b"], "page[number]": ["1"]}
    assert [s.path for s in server.seen[1:3]] == ["/v2/42/sources/s1"] * 2
    assert server.seen[4].headers["content-type"] == "application/vnd.api+json"


def test_large_bodies_parse_with_the_cyclic_collector_paused_and_restored(sdk: ModuleType) -> None:
    import gc

    import pydantic

    models = importlib.import_module(f"{PACKAGE}._models")
    seen: list[bool] = []

    def note(value: str) -> str:
        seen.append(gc.isenabled())
        return value

    Name = Annotated[str, pydantic.AfterValidator(note)]
    large = json.dumps(["x" * 100] * 1000).encode()
    assert len(large) >= models.GC_PAUSE_MIN_BYTES
    small = json.dumps(["x"]).encode()

    assert gc.isenabled()
    assert models.parse_json(list[Name], large) == ["x" * 100] * 1000
    assert set(seen) == {False} and gc.isenabled()
    seen.clear()
    models.parse_json(list[Name], small)
    assert seen == [True]  # small bodies leave the collector alone

    with pytest.raises(pydantic.ValidationError):
        models.parse_json(list[int], large)
    assert gc.isenabled()

    gc.disable()
    try:
        models.parse_json(list[Name], large)
        assert not gc.isenabled()  # a collector the application turned off stays off
    finally:
        gc.enable()

    # Overlapping parses in threads: the collector comes back only when the last one ends.
    pause = models._CollectorPause()
    with pause:
        with pause:
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
