"""Streamed responses end to end, sync and async, against a real HTTP server on 127.0.0.1 that
writes its events one at a time: the chat-completion-shaped fixture (tests/fixtures/chat, a
`stream` body member choosing server-sent events or one JSON answer), its text and ndjson
streams, and OpenAPI 3.2's `itemSchema` (tests/fixtures/oas32: SSE events and JSON Lines).

The first item reaching the caller before the server has finished is shown without timing: the
server writes the first event, then waits until the test has read it before writing the rest."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

from generator.config import ApiConfig
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.write.writer import write_tree

from .test_coverage import generated

FIXTURES = Path(__file__).parent / "fixtures"


class Streamer(BaseHTTPRequestHandler):
    """Answers every request with `body` (a list of pieces written one at a time) and
    `content_type`; after the first piece it waits for `release` (when set) before writing the
    others. Records each request's line, headers and body; `finished` is set once the whole
    body is written. HTTP/1.0: the body ends when the connection closes."""

    pieces: ClassVar[list[bytes]] = []
    content_type: ClassVar[str] = "text/event-stream"
    release: ClassVar[threading.Event | None] = None
    finished: ClassVar[threading.Event] = threading.Event()
    seen: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append(
            {"line": self.requestline, "headers": dict(self.headers), "body": body.decode()}
        )
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.end_headers()
        for number, piece in enumerate(self.pieces):
            if number == 1 and self.release is not None:
                self.release.wait(30)  # a safety net only: the test sets it
            self.wfile.write(piece)
            self.wfile.flush()
        self.finished.set()

    do_GET = do_POST = _answer


def answer(pieces: list[bytes], content_type: str, release: bool = False) -> threading.Event:
    """The server's next answers; with `release`, the event that lets it write past the first
    piece."""
    Streamer.pieces, Streamer.content_type = pieces, content_type
    Streamer.release = threading.Event() if release else None
    Streamer.finished = threading.Event()
    return Streamer.release or threading.Event()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Streamer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, FIXTURES / "chat" / "spec.yaml", "sdkgen_chat")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    yield from generated(tmp_path_factory, FIXTURES / "oas32" / "spec.yaml", "sdkgen_oas32_sse")


def run(sdk: ModuleType, client_name: str, server: str, mode: str, call: Callable[..., Any]) -> Any:
    """`call(client)` on the sync client, or awaited on the async one."""
    if mode == "sync":
        with getattr(sdk, client_name)(base_url=server, token="t", max_retries=0) as client:
            return call(client)

    async def main() -> Any:
        async with getattr(sdk, "Async" + client_name)(
            base_url=server, token="t", max_retries=0
        ) as client:
            return await call(client)

    return asyncio.run(main())


CHUNKS = [
    b': connected\n\ndata: {"id": "c1", "choices": [{"index": 0, "delta": {"role": "assistant"}}]}\n\n',
    b'data: {"id": "c1", "choices": [{"index": 0, "delta": {"content": "Hel"}}]}\r\n\r\n',
    b'data: {"id": "c1", "choices": [{"index": 0, "delta": {"content": "lo"}}]}\n\n',
    b"data: [DONE]\n\n",
]
MESSAGES = [{"role": "user", "content": "Hi"}]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_chat_chunks_arrive_typed_before_the_server_has_finished(
    chat: ModuleType, server: str, mode: str
) -> None:
    release = answer(CHUNKS, "text/event-stream", release=True)
    chunk_type = chat.types.ChatCompletionChunk

    def sync_call(client: Any) -> list[Any]:
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as stream:
            assert isinstance(stream, chat.Stream)
            first = next(stream)
            assert not Streamer.finished.is_set()
            release.set()
            return [first, *stream]

    async def async_call(client: Any) -> list[Any]:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert isinstance(stream, chat.AsyncStream)
        async with stream:
            first = await stream.__anext__()
            assert not Streamer.finished.is_set()
            release.set()
            return [first] + [item async for item in stream]

    items = run(chat, "Chat", server, mode, sync_call if mode == "sync" else async_call)
    assert all(isinstance(item, chunk_type) for item in items)
    assert [item.choices[0].delta.content for item in items] == [None, "Hel", "lo"]
    sent = Streamer.seen[-1]
    assert sent["line"] == "POST /chat/completions HTTP/1.1"
    assert sent["headers"]["Accept"] == "text/event-stream"
    assert json.loads(sent["body"]) == {"model": "m", "messages": MESSAGES, "stream": True}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_chat_without_stream_returns_the_model_and_sends_no_stream_member(
    chat: ModuleType, server: str, mode: str
) -> None:
    completion = {
        "id": "c1",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello"}}],
    }
    answer([json.dumps(completion).encode()], "application/json")

    async def async_call(client: Any) -> Any:
        return await client.chat.completions.create(model="m", messages=MESSAGES)

    result = run(
        chat,
        "Chat",
        server,
        mode,
        (
            (lambda client: client.chat.completions.create(model="m", messages=MESSAGES))
            if mode == "sync"
            else async_call
        ),
    )
    assert isinstance(result, chat.types.ChatCompletion)
    assert result.choices[0].message.content == "Hello"
    sent = Streamer.seen[-1]
    assert sent["headers"]["Accept"] == "application/json"
    assert json.loads(sent["body"]) == {"model": "m", "messages": MESSAGES}


def test_chat_with_stream_false_sends_it(chat: ModuleType, server: str) -> None:
    answer([b'{"id": "c1", "choices": []}'], "application/json")
    result = run(
        chat,
        "Chat",
        server,
        "sync",
        lambda client: client.chat.completions.create(model="m", messages=[], stream=False),
    )
    assert isinstance(result, chat.types.ChatCompletion)
    assert json.loads(Streamer.seen[-1]["body"]) == {"model": "m", "messages": [], "stream": False}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_error_event_raises_the_sdk_stream_error(
    chat: ModuleType, server: str, mode: str
) -> None:
    answer(
        [CHUNKS[1], b'event: error\ndata: {"message": "The model is overloaded"}\n\n'],
        "text/event-stream",
    )

    def sync_call(client: Any) -> list[Any]:
        received: list[Any] = []
        with pytest.raises(chat.APIStreamError) as caught:
            for item in client.chat.completions.create(model="m", messages=[], stream=True):
                received.append(item)  # noqa: PERF402 (the items before the error)
        return [received, caught.value]

    async def async_call(client: Any) -> list[Any]:
        received: list[Any] = []
        with pytest.raises(chat.APIStreamError) as caught:
            stream = await client.chat.completions.create(model="m", messages=[], stream=True)
            async for item in stream:
                received.append(item)
        return [received, caught.value]

    received, error = run(chat, "Chat", server, mode, sync_call if mode == "sync" else async_call)
    assert [item.choices[0].delta.content for item in received] == ["Hel"]
    assert (error.message, error.event, error.status_code) == (
        "The model is overloaded",
        "error",
        200,
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_text_events_and_ndjson_lines(chat: ModuleType, server: str, mode: str) -> None:
    answer([b"data: step 1\n\n", b"data: step 2\ndata: done"], "text/event-stream")

    async def collect(stream: Any) -> list[Any]:
        async with stream:
            return [item async for item in stream]

    if mode == "sync":
        lines = run(chat, "Chat", server, mode, lambda c: list(c.runs.events.retrieve("r1")))
    else:
        lines = run(
            chat, "Chat", server, mode, lambda c: _then(c.runs.events.retrieve("r1"), collect)
        )
    assert lines == ["step 1", "step 2\ndone"]
    assert Streamer.seen[-1]["line"] == "GET /runs/r1/events HTTP/1.1"

    answer(
        [b'{"id": "s1", "status": "running"}\n{"id": "s1",', b' "status": "done"}\n'],
        "application/x-ndjson",
    )
    if mode == "sync":
        steps = run(chat, "Chat", server, mode, lambda c: list(c.runs.steps.list("r1")))
    else:
        steps = run(chat, "Chat", server, mode, lambda c: _then(c.runs.steps.list("r1"), collect))
    assert [(s.id, s.status) for s in steps] == [("s1", "running"), ("s1", "done")]
    assert Streamer.seen[-1]["headers"]["Accept"] == "application/x-ndjson"


async def _then(pending: Any, then: Callable[[Any], Any]) -> Any:
    return await then(await pending)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_openapi_32_item_schemas(catalog: ModuleType, server: str, mode: str) -> None:
    answer(
        [
            b'event: created\nid: 1\ndata: {"id": "a", "name": "Apple"}\n\n',
            b'event: deleted\nid: 2\ndata: {"id": "a", "name": "Apple", "price": null}',
        ],
        "text/event-stream",
        release=True,
    )
    event_type = catalog.types.ItemsChangeEvent

    def sync_call(client: Any) -> list[Any]:
        with client.items.changes.retrieve() as stream:
            first = next(stream)
            assert not Streamer.finished.is_set()
            release.set()
            return [first, *stream]

    async def async_call(client: Any) -> list[Any]:
        async with await client.items.changes.retrieve() as stream:
            first = await stream.__anext__()
            assert not Streamer.finished.is_set()
            release.set()
            return [first] + [item async for item in stream]

    release = Streamer.release
    assert release is not None
    events = run(catalog, "Catalog", server, mode, sync_call if mode == "sync" else async_call)
    assert [type(e) for e in events] == [event_type, event_type]
    assert [(e.event, e.id, e.data.name) for e in events] == [
        ("created", "1", "Apple"),
        ("deleted", "2", "Apple"),
    ]
    assert isinstance(events[0].data, catalog.types.Item)

    answer(
        [b'{"id": "a", "name": "Apple"}\n', b'{"id": "b", "name": "Pear", "price": 2.5}\n'],
        "application/jsonl",
    )

    async def async_lines(client: Any) -> list[Any]:
        return [item async for item in await client.events.retrieve()]

    items = run(
        catalog,
        "Catalog",
        server,
        mode,
        (lambda client: list(client.events.retrieve())) if mode == "sync" else async_lines,
    )
    assert [(i.id, i.price) for i in items] == [("a", None), ("b", 2.5)]
    assert all(isinstance(i, catalog.types.Item) for i in items)


def test_raw_and_streaming_responses_of_a_stream(chat: ModuleType, server: str) -> None:
    answer(CHUNKS, "text/event-stream")

    def call(client: Any) -> Any:
        raw = client.chat.completions.with_raw_response.create(model="m", messages=[], stream=True)
        assert raw.status_code == 200
        with raw.parse() as stream:
            deltas = [item.choices[0].delta.content for item in stream]
        with client.chat.completions.with_streaming_response.create(
            model="m", messages=[], stream=True
        ) as response:
            body = response.read()
        return deltas, body

    deltas, body = run(chat, "Chat", server, "sync", call)
    assert deltas == [None, "Hel", "lo"]
    assert body == b"".join(CHUNKS)


def test_the_overloads_type_each_call_by_its_stream_argument(tmp_path: Path) -> None:
    """`mypy --strict` on the chat SDK and on code calling it: `stream=True` gives the stream,
    no `stream` or `stream=False` the model, a `bool` either; taking the stream for the model is
    an error (its `type: ignore` is used: strict mode reports an unused one)."""
    config = ApiConfig()
    prepared = prepare_spec(FIXTURES / "chat" / "spec.yaml", config)
    write_tree(build_sdk(prepared, config, package_name="chat_typed").files, tmp_path)
    (tmp_path / "usage.py").write_text("""
import asyncio
import sys
from chat_typed import AsyncChat, AsyncStream, Chat, Stream
from chat_typed.types import ChatCompletion, ChatCompletionChunk

client = Chat(token="t")
chunks: Stream[ChatCompletionChunk] = client.chat.completions.create(
    model="m", messages=[], stream=True
)
completion: ChatCompletion = client.chat.completions.create(model="m", messages=[])
completion = client.chat.completions.create(model="m", messages=[], stream=False)
flag = len(sys.argv) > 1
either: ChatCompletion | Stream[ChatCompletionChunk] = client.chat.completions.create(
    model="m", messages=[], stream=flag
)
wrong: ChatCompletion = client.chat.completions.create(  # type: ignore[assignment]
    model="m", messages=[], stream=True
)
lines: Stream[str] = client.runs.events.retrieve("r1")


async def main() -> None:
    async_client = AsyncChat(token="t")
    streamed: AsyncStream[ChatCompletionChunk] = await async_client.chat.completions.create(
        model="m", messages=[], stream=True
    )
    async for item in streamed:
        print(item.choices)
    answer: ChatCompletion = await async_client.chat.completions.create(model="m", messages=[])
    print(answer.id)


asyncio.run(main())
""")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "chat_typed", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
