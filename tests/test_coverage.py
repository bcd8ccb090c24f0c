"""OpenAPI constructs, one behaviour each, for the small specs of tests/coverage_fixtures/: the
versions (3.0, 3.1, Swagger 2.0 converted on load), and the generated SDK calling a real HTTP
server on 127.0.0.1 for the constructs the runtime supports.

The IR checks of the same specs live beside the code they check: tests/schema/ (types, models,
names) and tests/normalize/ (operations, parameters, bodies, responses, servers, security);
`tests.coverage_ir` builds the IR they share.
"""

from __future__ import annotations

import asyncio
import base64
import email.parser
import email.policy
import email.utils
import importlib
import io
import json
import logging
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from generator.config import ApiConfig, load_config
from generator.load.loader import load_document
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.write.writer import write_tree

from .coverage_ir import COVERAGE, built, codes, field, operation, param
from .spelling import spelled

HERE = COVERAGE


# --- versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["openapi30.yaml", "openapi31.yaml", "swagger20.yaml"])
def test_coverage_specs_validate_without_errors(name: str) -> None:
    assert prepare_spec(HERE / name, ApiConfig()).errors == ()


def test_swagger_20_is_converted_to_openapi_30_on_load() -> None:
    loaded = load_document(HERE / "swagger20.yaml")
    data = loaded.data
    assert data["openapi"] == "3.0.3" and "swagger" not in data
    assert [s["url"] for s in data["servers"]] == [
        "https://petstore.example.com/v2",
        "http://petstore.example.com/v2",
    ]
    assert set(data["components"]["schemas"]) == {"Pet", "Tag", "Error"}
    assert data["components"]["requestBodies"]["petBody"]["required"] is True
    assert "load.swagger2" in codes(loaded.notes)
    text = json.dumps(data)
    assert "#/definitions/" not in text and '"#/parameters/' not in text


def test_swagger_20_bodies_parameters_and_responses() -> None:
    api = built("swagger20.yaml")[0]
    create = operation(api, "createPet")
    assert [(b.media_type, spelled(b.type)) for b in create.request_bodies] == [
        ("application/json", "Pet")
    ]
    assert {r.status: spelled(r.type) if r.type else None for r in create.responses} == {
        "201": "Pet",
        "404": "Error",  # a shared response, its ref rewritten
    }
    upload = operation(api, "uploadPhoto")
    [body] = upload.request_bodies
    assert body.media_type == "multipart/form-data"  # formData with a file
    assert spelled(field(api, spelled(body.type), "file")) == "bytes"
    login = operation(api, "login")
    assert login.request_bodies[0].media_type == "application/x-www-form-urlencoded"
    assert login.success_media_type == "text/plain" and login.success_type is not None
    listing = operation(api, "listPets")
    assert param(listing, "limit").server_default == "10"  # a shared parameter
    assert (param(listing, "tags").style, param(listing, "tags").explode) == ("form", True)
    assert (param(listing, "ids").style, param(listing, "ids").explode) == ("pipeDelimited", False)
    assert [h.name for h in listing.responses[0].headers] == ["X-Total"]
    assert field(api, "Pet", "nickname").nullable  # x-nullable
    assert field(api, "Pet", "photo").type.kind == "bytes"  # type: file


def test_swagger_20_security_definitions() -> None:
    api = built("swagger20.yaml")[0]
    schemes = {s.key: s for s in api.security_schemes}
    assert (schemes["api_key"].type, schemes["api_key"].location) == ("apiKey", "header")
    assert (schemes["basic"].type, schemes["basic"].scheme) == ("http", "basic")
    [flow] = schemes["oauth"].flows
    assert (flow.kind, flow.token_url) == ("clientCredentials", "https://auth.example.com/token")
    assert api.default_security == (("api_key",),)


# --- the generated SDK against a real server --------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """Answers from `replies` ((method, path) -> (status, content type, body bytes, headers))."""

    replies: ClassVar[dict[tuple[str, str], tuple[int, str, bytes, dict[str, str]]]] = {}
    seen: ClassVar[list[dict[str, Any]]] = []
    delays: ClassVar[dict[str, float]] = {}  # path -> seconds to wait before answering

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            chunk = self.rfile.read(size)
            self.rfile.readline()  # the CRLF after the chunk
            if size == 0:
                return b"".join(chunks)
            chunks.append(chunk)

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        body = self._read_body()
        Recorder.seen.append(
            {
                "request_line": self.requestline,  # as received: method, raw target, version
                "header_lines": list(self.headers.raw_items()),  # (name, value) as received
                "method": self.command,
                "path": unquote(parts.path),
                "raw_path": parts.path,
                "raw_query": parts.query,
                "query": parse_qs(parts.query, keep_blank_values=True),
                "headers": dict(self.headers.items()),
                "body": body,
            }
        )
        time.sleep(Recorder.delays.get(parts.path, 0.0))
        status, content_type, payload, headers = Recorder.replies.get(
            (self.command, parts.path),
            Recorder.replies.get(  # (method, "*"): the reply to any other path
                (self.command, "*"), (404, "application/json", b'{"message": "no route"}', {})
            ),
        )
        self.send_response(status)
        if payload or status != 204:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle
    do_QUERY = do_PURGE = _handle  # OpenAPI 3.2: `query`, and an `additionalOperations` method


def reply(
    method: str,
    path: str,
    body: Any,
    status: int = 200,
    content_type: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    if isinstance(body, bytes):
        payload = body
        content_type = content_type or "application/octet-stream"
    elif isinstance(body, str) and content_type.startswith("text/"):
        payload = body.encode()
    else:
        payload = json.dumps(body).encode()
        content_type = content_type or "application/json"
    Recorder.replies[(method, path)] = (status, content_type, payload, headers or {})


def sent_to(path: str) -> list[dict[str, Any]]:
    return [seen for seen in Recorder.seen if seen["path"] == path]


def multipart_parts(sent: dict[str, Any]) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, payload) of each part of a multipart/form-data request."""
    head = f"Content-Type: {sent['headers']['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + sent["body"])
    parts = []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        name = email.utils.collapse_rfc2231_value(
            part.get_param("name", header="content-disposition")
        )
        filename = part.get_filename()
        content_type = dict(part.raw_items()).get("Content-Type")  # as sent, not re-quoted
        parts.append((str(name), filename, content_type, part.get_payload(decode=True) or b""))
        assert "form-data" in disposition
    return parts


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def generated(
    tmp_path_factory: pytest.TempPathFactory,
    spec: str | Path,
    package: str,
    config: ApiConfig | None = None,
) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp(package)
    config = config or ApiConfig()
    prepared = prepare_spec(HERE / spec, config)
    write_tree(build_sdk(prepared, config, package_name=package).files, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def cov30(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, "openapi30.yaml", "sdkgen_cov30")


@pytest.fixture(scope="module")
def cov31(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, "openapi31.yaml", "sdkgen_cov31")


@pytest.fixture(scope="module")
def petstore(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, "swagger20.yaml", "sdkgen_petstore2")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, server: str) -> Iterator[ModuleType]:
    """live.yaml, its servers and token URL pointing at the test server."""
    spec = tmp_path_factory.mktemp("live_spec") / "live.yaml"
    spec.write_text((HERE / "live.yaml").read_text().replace("SERVER", server))
    yield from generated(tmp_path_factory, spec, "sdkgen_live")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The JSON:API snapshot fixture (tests/fixtures/jsonapi)."""
    case = Path(__file__).parent / "fixtures" / "jsonapi"
    config = load_config(case / "sdkgen.yaml")
    yield from generated(tmp_path_factory, case / "spec.yaml", "sdkgen_cov_catalog", config)


@pytest.fixture(autouse=True)
def fresh_log() -> None:
    Recorder.seen.clear()
    Recorder.replies.clear()
    Recorder.delays.clear()


PET = {
    "id": "6c8c3c9e-6d8e-4c3a-9a53-6f8f1a2b3c4d",
    "name": "Rex",
    "born": "2020-02-29",
    "seen": None,
    "kind": "with space",
    "attributes": {"legs": 4},
}


def test_server_url_from_variable_defaults(cov30: ModuleType) -> None:
    client = cov30.Coverage(token="t")
    assert client.base_url == "https://eu.example.com/v1"


def test_query_styles_headers_cookies_and_reserved_names_on_the_wire(
    cov30: ModuleType, server: str
) -> None:
    reply("GET", "/pets", [PET])
    with cov30.Coverage(token="tok", base_url=server) as client:
        pets = client.pets.list(
            tags=["a", "b"],
            ids=[1, 2],
            filter={"kind": "dog", "age": 3},
            pipes=["x", "y"],
            spaces=["p", "q"],
            class_="gold",
            timeout_=5,
            x_trace_id="trace-1",
            session="s1",
        )
    sent = Recorder.seen[-1]
    assert sent["query"]["tags"] == ["a", "b"]  # form, explode
    assert sent["query"]["ids"] == ["1,2"]  # form, no explode
    assert sent["query"]["filter[kind]"] == ["dog"] and sent["query"]["filter[age]"] == ["3"]
    assert sent["query"]["pipes"] == ["x|y"]
    assert sent["query"]["spaces"] == ["p q"]
    assert sent["query"]["class"] == ["gold"] and sent["query"]["timeout"] == ["5"]
    assert "limit" not in sent["query"]  # the spec's default is the server's: not sent
    assert sent["headers"]["X-Trace-Id"] == "trace-1"
    assert "session=s1" in sent["headers"]["Cookie"]
    assert sent["headers"]["Authorization"] == "Bearer tok"
    [pet] = pets
    assert pet.born.isoformat() == "2020-02-29" and pet.seen is None
    assert pet.kind == "with space" and pet.attributes == {"legs": 4}


def test_request_model_without_read_only_fields_is_sent_as_json(
    cov30: ModuleType, server: str
) -> None:
    from sdkgen_cov30.types import PetRequest

    reply("POST", "/pets", PET, status=201)
    with cov30.Coverage(token="t", base_url=server) as client:
        created = client.pets.create(body=PetRequest(name="Rex", password="secret"))
    sent = Recorder.seen[-1]
    assert sent["headers"]["Content-Type"].startswith("application/json")
    document = json.loads(sent["body"])
    assert document["name"] == "Rex" and document["password"] == "secret"
    assert "id" not in document
    assert created.id == PET["id"] and created.password is None


def test_binary_upload_and_download(cov30: ModuleType, server: str) -> None:
    payload = bytes(range(256))
    reply("PUT", "/files", payload[::-1])
    with cov30.Coverage(token="t", base_url=server) as client:
        echoed = client.files.update(body=payload)
    sent = Recorder.seen[-1]
    assert sent["body"] == payload
    assert sent["headers"]["Content-Type"] == "application/octet-stream"
    assert echoed == payload[::-1]


def test_text_plain_request_and_response(cov30: ModuleType, server: str) -> None:
    reply("POST", "/notes", "noted: ünïcode", content_type="text/plain; charset=utf-8")
    with cov30.Coverage(token="t", base_url=server) as client:
        answer = client.notes.create(body="hello")
    assert Recorder.seen[-1]["body"] == b"hello"
    assert Recorder.seen[-1]["headers"]["Content-Type"].startswith("text/plain")
    assert answer == "noted: ünïcode"


def test_one_of_response_parses_into_the_matching_member(cov30: ModuleType, server: str) -> None:
    from sdkgen_cov30.types import Circle, Square

    reply("POST", "/shapes", {"kind": "square", "side": 2.5})
    with cov30.Coverage(token="t", base_url=server) as client:
        shape = client.shapes.create(body=Circle(kind="circle", radius=1.0))
    assert isinstance(shape, Square) and shape.side == 2.5
    assert json.loads(Recorder.seen[-1]["body"]) == {"kind": "circle", "radius": 1.0}


def test_recursive_models_parse(cov30: ModuleType, server: str) -> None:
    tree = {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    reply("GET", "/holders/7", {"tree": tree, "named": {"id": 1, "name": "n"}, "id_or_name": 4})
    with cov30.Coverage(token="t", base_url=server) as client:
        holder = client.holders.retrieve(7)
    assert holder.tree.children[0].children[0].value == 3
    assert holder.named.name == "n" and holder.id_or_name == 4


def test_empty_response_returns_none_and_default_error_raises(
    cov30: ModuleType, server: str
) -> None:
    reply("DELETE", "/pets/abc", b"", status=204)
    with cov30.Coverage(token="t", base_url=server) as client:
        assert client.pets.delete("abc") is None
        with pytest.raises(cov30.APIStatusError) as caught:
            client.pets.retrieve("missing")
    assert caught.value.status_code == 404


def test_openapi_31_constructs_parse(cov31: ModuleType, server: str) -> None:
    reply(
        "GET",
        "/things",
        {"kind": "thing", "label": None, "count": "many", "pair": ["a", 1], "inner": {"n": 2}},
    )
    client = cov31.Coverage31(base_url=server)
    thing = client.things.retrieve()
    assert thing.kind == "thing" and thing.label is None and thing.count == "many"
    assert thing.pair == ["a", 1] and thing.inner.n == 2


def test_swagger_20_form_body_text_response_and_api_key(petstore: ModuleType, server: str) -> None:
    from sdkgen_petstore2.types import LoginCreateRequest

    reply("POST", "/login", "token-123", content_type="text/plain")
    with petstore.SwaggerPetstore(token="key-1", base_url=server) as client:
        token = client.login.create(body=LoginCreateRequest(user="ann", password="p&w"))
    sent = Recorder.seen[-1]
    assert sent["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert parse_qs(sent["body"].decode()) == {"user": ["ann"], "password": ["p&w"]}
    assert sent["headers"]["api_key"] == "key-1"
    assert token == "token-123"


def test_swagger_20_json_body_and_collection_formats(petstore: ModuleType, server: str) -> None:
    reply("GET", "/pets", [{"name": "a", "tags": [{"name": "t"}]}])
    reply("PUT", "/pets/5", {"name": "b"})
    with petstore.SwaggerPetstore(token="k", base_url=server) as client:
        pets = client.pets.list(tags=["x", "y"], ids=[1, 2])
        updated = client.pets.update(5, body={"name": "b"})
    listing, update = Recorder.seen[-2:]
    assert listing["query"] == {"tags": ["x", "y"], "ids": ["1|2"]}  # no default `limit`
    assert json.loads(update["body"]) == {"name": "b"}
    assert pets[0].tags[0].name == "t" and updated.name == "b"


def test_lone_surrogates_in_a_spec_file_become_replacement_characters(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"openapi": "3.0.3", "info": {"title": "a\\ud800b", "version": "1"}}')
    assert load_document(spec).data["info"]["title"] == "a\ufffdb"


# --- request bodies: multipart, media types, streams -------------------------------------------


def test_multipart_body_sends_files_fields_lists_and_json_objects(
    cov30: ModuleType, server: str
) -> None:
    reply("POST", "/files", b"", status=204)
    with cov30.Coverage(token="t", base_url=server) as client:
        client.files.create(
            body={
                "file": ("photo.png", io.BytesIO(b"\x89PNG\x00"), "image/png"),
                "note": "ünï",
                "tags": ["a", "b"],
                "meta": {"source": "camera"},
                "layout": {"columns": 2},
            }
        )
    sent = Recorder.seen[-1]
    assert sent["headers"]["Content-Type"].startswith("multipart/form-data; boundary=")
    text = "text/plain; charset=utf-8"  # OpenAPI's default for primitives
    assert multipart_parts(sent) == [
        ("file", "photo.png", "image/png", b"\x89PNG\x00"),  # the caller's content type
        ("note", None, text, "ünï".encode()),
        ("tags", None, text, b"a"),
        ("tags", None, text, b"b"),
        ("meta", None, "application/json", b'{"source":"camera"}'),  # JSON by default
        ("layout", None, "application/vnd.layout+json", b'{"columns":2}'),  # per `encoding`
    ]


def test_multipart_body_from_the_request_model_sends_bytes_as_a_file(
    cov30: ModuleType, server: str
) -> None:
    from sdkgen_cov30.types import FileCreateRequest

    reply("POST", "/files", b"", status=204)
    with cov30.Coverage(token="t", base_url=server) as client:
        client.files.create(body=FileCreateRequest(file=b"raw bytes", note="n"))
    [file_part, note_part] = multipart_parts(Recorder.seen[-1])
    assert file_part == ("file", "upload", "application/octet-stream", b"raw bytes")
    assert note_part == ("note", None, "text/plain; charset=utf-8", b"n")


def test_the_caller_picks_one_of_the_documented_request_media_types(
    cov30: ModuleType, server: str
) -> None:
    from sdkgen_cov30.types import PersonRequest, PetRequest

    reply("POST", "/pets", PET, status=201)
    body = PetRequest(name="Rex", password="pw", owner=PersonRequest(name="Ann"))
    with cov30.Coverage(token="t", base_url=server) as client:
        client.pets.create(body=body, content_type="application/x-www-form-urlencoded")
        client.pets.create(body=body)
    form, default = Recorder.seen[-2:]
    assert form["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(form["body"].decode()) == {  # the defaults of `kind` and `level` unsent
        "name": ["Rex"],
        "password": ["pw"],
        "owner": ['{"name":"Ann"}'],  # no `encoding` entry: an object as JSON text
    }
    assert default["headers"]["Content-Type"] == "application/json"
    assert json.loads(default["body"])["owner"] == {"name": "Ann"}
    assert "Literal['application/json', 'application/x-www-form-urlencoded']" in str(
        client.pets.create.__annotations__["content_type"]
    )


@pytest.mark.parametrize(
    ("label", "matrix", "explode_path"),
    [
        (["a", "b/c"], {"x": "1", "y": "2 3"}, "/labels/.a,b%2Fc/;x=1;y=2%203"),
        (["solo"], {}, "/labels/.solo/"),
    ],
)
def test_label_and_matrix_path_parameters_on_the_wire(
    cov30: ModuleType, server: str, label: list[str], matrix: dict[str, str], explode_path: str
) -> None:
    reply("GET", explode_path, b"", status=204)
    with cov30.Coverage(token="t", base_url=server) as client:
        assert client.labels.retrieve(label, matrix) is None
    assert Recorder.seen[-1]["raw_path"] == explode_path


def test_path_styles_serialise_per_rfc_6570(cov30: ModuleType) -> None:
    from sdkgen_cov30._base_client import PathParam, expand_path

    def one(value: object, style: str, explode: bool) -> str:
        return expand_path("{v}", {"v": PathParam(value, style=style, explode=explode)})

    assert one("x", "label", False) == ".x"
    assert one(["a", "b"], "label", True) == ".a.b"
    assert one({"k": "v", "n": 1}, "label", False) == ".k,v,n,1"
    assert one({"k": "v", "n": 1}, "label", True) == ".k=v.n=1"
    assert one("x", "matrix", False) == ";v=x"
    assert one("", "matrix", False) == ";v"
    assert one(["a", ""], "matrix", True) == ";v=a;v"
    assert one(["a", "b"], "matrix", False) == ";v=a,b"
    assert one(["a", "b"], "matrix", True) == ";v=a;v=b"
    assert one({"k": "v"}, "matrix", False) == ";v=k,v"
    assert one({"k": "v", "n": 1}, "matrix", True) == ";k=v;n=1"
    assert one({"k": "v", "n": 1}, "simple", True) == "k=v,n=1"
    assert expand_path("{v}", {"v": ["a", "b"]}) == "a,b"


def test_documented_response_headers_are_listed_and_readable(
    cov30: ModuleType, server: str
) -> None:
    reply("GET", "/pets", [PET], headers={"X-Rate-Limit": "41", "X-Next": "/pets?page=2"})
    with cov30.Coverage(token="t", base_url=server) as client:
        response = client.pets.with_raw_response.list()
    assert int(response.headers["X-Rate-Limit"]) == 41
    assert response.headers["x-next"] == "/pets?page=2"
    assert response.parse()[0].name == "Rex"
    doc = client.pets.list.__doc__ or ""
    assert "X-Rate-Limit (int, always sent): calls left" in doc and "X-Next (str)" in doc


def test_binary_download_streams_and_upload_streams_from_a_file_object(
    cov30: ModuleType, server: str
) -> None:
    payload = bytes(range(256)) * 4096  # 1 MiB
    reply("PUT", "/files", payload)
    with cov30.Coverage(token="t", base_url=server) as client:
        with client.files.with_streaming_response.update(body=io.BytesIO(payload)) as response:
            assert isinstance(response, cov30.StreamedAPIResponse)
            assert response.status_code == 200
            assert not response.http_response.is_stream_consumed  # nothing read yet
            chunks = list(response.iter_bytes(65536))
        assert response.http_response.is_closed
    assert len(chunks) == 16 and b"".join(chunks) == payload
    sent = Recorder.seen[-1]
    assert sent["body"] == payload and sent["headers"]["Content-Type"] == "application/octet-stream"
    assert (
        sent["headers"].get("Transfer-Encoding") == "chunked" or "Content-Length" in sent["headers"]
    )


def test_a_model_with_a_read_field_is_a_json_body_not_a_file(cov30: ModuleType) -> None:
    from sdkgen_cov30._bodies import encode_body
    from sdkgen_cov30._models import BaseModel

    class Notification(BaseModel):
        read: bool

    assert encode_body(Notification(read=True), "application/json").content == b'{"read": true}'


def test_binary_upload_streams_an_iterator_of_chunks(cov30: ModuleType, server: str) -> None:
    reply("PUT", "/files", b"ok")
    produced: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(3):
            produced.append(number)
            yield f"part{number};".encode()

    with cov30.Coverage(token="t", base_url=server) as client:
        assert client.files.update(body=chunks()) == b"ok"
    sent = Recorder.seen[-1]
    assert sent["headers"]["Transfer-Encoding"] == "chunked"
    assert sent["body"] == b"part0;part1;part2;" and produced == [0, 1, 2]


def test_async_streaming_download_and_file_upload(cov30: ModuleType, server: str) -> None:
    payload = b"0123456789" * 20000
    reply("PUT", "/files", payload)

    async def main() -> bytes:
        async with cov30.AsyncCoverage(token="t", base_url=server) as client:
            streaming = client.files.with_streaming_response
            async with streaming.update(body=io.BytesIO(payload)) as response:
                return b"".join([chunk async for chunk in response.aiter_bytes()])

    assert asyncio.run(main()) == payload
    assert Recorder.seen[-1]["body"] == payload


def test_streaming_an_error_response_raises_with_its_body(cov30: ModuleType, server: str) -> None:
    reply("PUT", "/files", {"message": "quota"}, status=413)
    client = cov30.Coverage(token="t", base_url=server, max_retries=0)
    with pytest.raises(cov30.APIStatusError) as caught:
        client.files.with_streaming_response.update(body=b"x")
    assert caught.value.status_code == 413 and "quota" in caught.value.body


# --- servers and security against the server ---------------------------------------------------


def test_operations_and_paths_with_their_own_servers_are_sent_there(
    live: ModuleType, server: str
) -> None:
    for method, path in [
        ("GET", "/main/items"),
        ("GET", "/reporting/reports"),
        ("POST", "/writing/reports"),
    ]:
        reply(method, path, {"at": path})
    with live.Live(token="t") as client:
        assert client.items.retrieve() == {"at": "/main/items"}
        assert client.reports.retrieve() == {"at": "/reporting/reports"}  # the path's server
        assert client.reports.create() == {
            "at": "/writing/reports"
        }  # the operation's, variables filled


def test_a_base_url_chosen_by_the_user_takes_every_call(
    live: ModuleType, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply("GET", "/proxy/reports", {"at": "proxy"})
    with live.Live(token="t", base_url=server + "/proxy") as client:
        assert client.reports.retrieve() == {"at": "proxy"}
    monkeypatch.setenv("SDKGEN_LIVE_BASE_URL", server + "/proxy")
    with live.Live(token="t") as client:
        assert client.reports.retrieve() == {"at": "proxy"}
    monkeypatch.delenv("SDKGEN_LIVE_BASE_URL")
    reply("GET", "/other/reports", {"at": "other"})
    with live.Live(token="t") as client:
        assert client.with_options(base_url=server + "/other").reports.retrieve() == {"at": "other"}


def _auth_of(sent: dict[str, Any]) -> tuple[str | None, str | None, str | None, list[str] | None]:
    headers = sent["headers"]
    return (
        headers.get("Authorization"),
        headers.get("X-API-Key"),
        headers.get("Cookie"),
        sent["query"].get("api_key"),
    )


def test_security_requirements_and_within_or_across(live: ModuleType, server: str) -> None:
    reply("GET", "/main/items", {})
    both = {"keyHeader": "h-key", "keyQuery": "q-key"}
    with live.Live(tokens=both) as client:  # bearer has no credentials: the AND alternative
        client.items.retrieve()
    assert _auth_of(Recorder.seen[-1]) == (None, "h-key", None, ["q-key"])
    with live.Live(tokens={"keyHeader": "h-key"}) as client:  # no alternative complete: none sent
        client.items.retrieve()
    assert _auth_of(Recorder.seen[-1]) == (None, None, None, None)
    with live.Live(tokens={**both, "bearerAuth": "b"}) as client:  # the first complete one wins
        client.items.retrieve()
    assert _auth_of(Recorder.seen[-1]) == ("Bearer b", None, None, None)


def test_basic_auth_and_api_key_cookie_alternatives(live: ModuleType, server: str) -> None:
    reply("GET", "/main/holders/1", {})
    with live.Live(username="ann", password="p:ss") as client:
        client.holders.retrieve(1)
    expected = "Basic " + base64.b64encode(b"ann:p:ss").decode()
    assert _auth_of(Recorder.seen[-1]) == (expected, None, None, None)
    with live.Live(tokens={"keyCookie": "c-key"}) as client:
        client.holders.retrieve(1)
    assert _auth_of(Recorder.seen[-1]) == (None, None, "sid=c-key", None)


def test_anonymous_alternatives_and_operations_without_security(
    live: ModuleType, server: str
) -> None:
    reply("GET", "/main/public", {})
    reply("GET", "/main/open", {})
    with live.Live() as client:
        client.public.retrieve()
    assert _auth_of(Recorder.seen[-1]) == (None, None, None, None)  # `{}`: anonymous is fine
    with live.Live(token="t") as client:
        client.public.retrieve()
        assert _auth_of(Recorder.seen[-1])[0] == "Bearer t"  # credentials when there are some
        client.open.retrieve()
        assert _auth_of(Recorder.seen[-1]) == (None, None, None, None)  # `security: []`


def test_oauth2_client_credentials_token_is_fetched_cached_and_renewed(
    live: ModuleType, server: str
) -> None:
    reply("GET", "/main/holders/1", {})
    reply(
        "POST", "/oauth/token", {"access_token": "at-1", "token_type": "bearer", "expires_in": 3600}
    )
    with live.Live(client_id="my client", client_secret="s3cr&t") as client:
        client.holders.retrieve(1)
        client.holders.retrieve(1)
        [token_request] = sent_to("/oauth/token")  # cached for the second call
        calls = sent_to("/main/holders/1")
        assert [c["headers"]["Authorization"] for c in calls] == ["Bearer at-1", "Bearer at-1"]
        expected = base64.b64encode(b"my+client:s3cr%26t").decode()  # form-encoded, RFC 6749
        assert token_request["headers"]["Authorization"] == "Basic " + expected
        assert parse_qs(token_request["body"].decode()) == {"grant_type": ["client_credentials"]}
        # a token about to expire (within the safety margin) is renewed before the next call
        reply("POST", "/oauth/token", {"access_token": "at-2", "expires_in": 5})
        client.holders.retrieve(1)  # still at-1 (cached for an hour)
        client._access_tokens.forget(client._token_url("oauth"))  # as after a 401
        client.holders.retrieve(1)
        client.holders.retrieve(1)
    tokens = [c["headers"]["Authorization"] for c in sent_to("/main/holders/1")]
    assert tokens == ["Bearer at-1"] * 3 + ["Bearer at-2"] * 2
    assert len(sent_to("/oauth/token")) == 3  # at-2 expires within the margin: fetched twice


def test_a_401_makes_the_next_call_fetch_a_new_oauth2_token(live: ModuleType, server: str) -> None:
    reply("POST", "/oauth/token", {"access_token": "at-1", "expires_in": 3600})
    reply("GET", "/main/holders/1", {"message": "revoked"}, status=401)
    with live.Live(client_id="c", client_secret="s", max_retries=0) as client:
        with pytest.raises(live.AuthenticationError):
            client.holders.retrieve(1)
        reply("POST", "/oauth/token", {"access_token": "at-2", "expires_in": 3600})
        reply("GET", "/main/holders/1", {})
        client.holders.retrieve(1)
    assert sent_to("/main/holders/1")[-1]["headers"]["Authorization"] == "Bearer at-2"


def test_calls_made_at_once_share_one_oauth2_token_fetch(live: ModuleType, server: str) -> None:
    reply("POST", "/oauth/token", {"access_token": "at-1", "expires_in": 3600})
    reply("GET", "/main/holders/1", {})
    Recorder.delays["/oauth/token"] = 0.3  # every call starts before the first token arrives
    with live.Live(client_id="c", client_secret="s") as client:
        threads = [threading.Thread(target=client.holders.retrieve, args=(1,)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    async def main() -> None:
        async with live.AsyncLive(client_id="c", client_secret="s") as client:
            await asyncio.gather(*(client.holders.retrieve(1) for _ in range(6)))

    asyncio.run(main())
    assert len(sent_to("/main/holders/1")) == 12
    assert len(sent_to("/oauth/token")) == 2  # one per client


def test_async_client_fetches_the_oauth2_token_too(live: ModuleType, server: str) -> None:
    reply("POST", "/oauth/token", {"access_token": "at-async", "expires_in": 3600})
    reply("GET", "/main/holders/1", {"ok": True})

    async def main() -> Any:
        async with live.AsyncLive(client_id="c", client_secret="s") as client:
            return await client.holders.retrieve(1)

    assert asyncio.run(main()) == {"ok": True}
    assert sent_to("/main/holders/1")[-1]["headers"]["Authorization"] == "Bearer at-async"


def test_credentials_fall_back_to_per_scheme_environment_variables(
    live: ModuleType, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply("GET", "/main/items", {})
    reply("GET", "/main/holders/1", {})
    monkeypatch.setenv("SDKGEN_LIVE_BEARER_AUTH", "from-env")
    with live.Live() as client:
        client.items.retrieve()
    assert _auth_of(Recorder.seen[-1])[0] == "Bearer from-env"
    with live.Live(tokens={"bearerAuth": "explicit"}) as client:  # an argument wins
        client.items.retrieve()
    assert _auth_of(Recorder.seen[-1])[0] == "Bearer explicit"
    monkeypatch.setenv("SDKGEN_LIVE_USERNAME", "env-user")
    monkeypatch.setenv("SDKGEN_LIVE_PASSWORD", "env-pass")
    with live.Live() as client:
        client.holders.retrieve(1)
    assert (
        _auth_of(Recorder.seen[-1])[0] == "Basic " + base64.b64encode(b"env-user:env-pass").decode()
    )


def test_the_generated_readme_documents_the_credential_environment_variables(
    tmp_path: Path, server: str
) -> None:
    spec = tmp_path / "live.yaml"
    spec.write_text((HERE / "live.yaml").read_text().replace("SERVER", server))
    readme = build_sdk(
        prepare_spec(spec, ApiConfig()), ApiConfig(), package_name="sdkgen_live"
    ).files["README.md"]
    for name in (
        "BEARER_AUTH",
        "KEY_HEADER",
        "KEY_QUERY",
        "KEY_COOKIE",
        "OAUTH",
        "USERNAME",
        "CLIENT_SECRET",
    ):
        assert f"`SDKGEN_LIVE_{name}`" in readme


def test_a_query_api_key_never_shows_in_exceptions_reprs_or_debug_logs(
    live: ModuleType, server: str, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "query-secret-1234"
    reply("GET", "/main/items", {"message": "nope"}, status=404)
    tokens = {"keyHeader": "header-secret-1234", "keyQuery": secret}
    caplog.set_level(logging.DEBUG, logger="sdkgen_live")
    client = live.Live(tokens=tokens, max_retries=0)
    with pytest.raises(live.NotFoundError) as caught:
        client.items.retrieve()
    assert Recorder.seen[-1]["query"]["api_key"] == [secret]  # it was sent
    error = caught.value
    shown = [str(error), repr(error), repr(error.request), str(error.request.url)]
    shown += [repr(error.response.request), str(error.response.url), caplog.text]
    shown += [str(dict(error.request.headers))]
    assert all(secret not in text and "header-secret" not in text for text in shown)
    assert "api_key=****" in str(error) and "api_key=****" in caplog.text
    unreachable = live.Live(tokens=tokens, base_url="http://127.0.0.1:9", max_retries=0)
    with pytest.raises(live.APIConnectionError) as refused:
        unreachable.items.retrieve()
    assert secret not in repr(refused.value.request) and secret not in str(refused.value)


# --- JSON:API ----------------------------------------------------------------------------------


def test_a_jsonapi_update_fills_data_id_from_the_path(catalog: ModuleType, server: str) -> None:
    from sdkgen_cov_catalog.types import CatalogItem, CatalogItemAttributes

    item = {"type": "catalog/items", "id": 5, "attributes": {"name": "Desk"}}
    reply("PATCH", "/catalog/items/5", {"data": item}, content_type="application/vnd.api+json")
    with catalog.Catalog(token="t", base_url=server) as client:
        client.catalog.items.update(5, body=CatalogItemAttributes(name="Desk"))
        client.catalog.items.update(
            5, body=CatalogItem(type="catalog/items", attributes=CatalogItemAttributes(name="Desk"))
        )
        client.catalog.items.update(5, body=CatalogItem(type="catalog/items", id=7))  # kept
    sent = [json.loads(s["body"])["data"] for s in sent_to("/catalog/items/5")]
    assert sent == [
        {"type": "catalog/items", "id": 5, "attributes": {"name": "Desk"}},
        {"type": "catalog/items", "attributes": {"name": "Desk"}, "id": 5},
        {"type": "catalog/items", "id": 7},
    ]


def test_a_relationship_parsed_from_a_document_resolves_itself(
    catalog: ModuleType, server: str
) -> None:
    from sdkgen_cov_catalog.types import ToOneRelationship

    owner = {"type": "admin/users", "id": 3}
    items = [
        {
            "type": "catalog/items",
            "id": 1,
            "attributes": {"name": "a"},
            "relationships": {"owner": {"data": owner}},
        },
        {
            "type": "catalog/items",
            "id": 2,
            "attributes": {"name": "b"},
            "relationships": {"owner": {"data": {"type": "admin/users", "id": 4}}},
        },
    ]
    included = [{**owner, "attributes": {"email": "ann@example.com"}}]
    reply("GET", "/catalog/items", {"data": items, "included": included, "meta": {"total": 2}})
    with catalog.Catalog(token="t", base_url=server) as client:
        page = client.catalog.items.list()
    first, second = page.data
    assert first.relationships.owner.resolve() == included[0]
    assert second.relationships.owner.resolve() is None  # not included
    assert first.relationships.owner.resolve_many() == [included[0]]
    built = ToOneRelationship(data={"type": "admin/users", "id": 3})
    assert built.resolve() is None  # not parsed from a document: nothing to resolve against
    assert built == first.relationships.owner  # the binding does not take part in equality
