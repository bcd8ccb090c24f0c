"""generator/runtime/_streaming.py: server-sent events per the WHATWG parsing rules, JSON Lines
and JSON text sequences, fed whole and a byte at a time; items validated, errors raised, the
response closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import APIResponseValidationError, APIStreamError
from generator.runtime._streaming import (
    AsyncStream,
    ServerSentEvent,
    SSEDecoder,
    Stream,
    StreamSpec,
    body_with_selector,
)
from generator.runtime._types import NOT_GIVEN


def events(body: bytes, chunk: int | None = None) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    found: list[ServerSentEvent] = []
    size = chunk or len(body) or 1
    for start in range(0, len(body), size):
        found += decoder.feed(body[start : start + size])
    return found + decoder.end()


def both(body: bytes) -> list[ServerSentEvent]:
    """The events of `body` fed whole; the same when fed a byte at a time (asserted)."""
    whole = events(body)
    assert events(body, 1) == whole
    return whole


def test_data_lines_join_with_line_feeds_and_one_space_after_the_colon_is_dropped() -> None:
    assert both(b"data: first\ndata:  second\ndata\n\n") == [ServerSentEvent("first\n second\n")]


def test_comments_unknown_fields_and_blocks_without_data_dispatch_nothing() -> None:
    body = b": keep-alive\n\nfoo: bar\n\nevent: ping\n\ndata: x\n\n"
    assert both(body) == [ServerSentEvent("x")]  # the `ping` block had no data: its type is reset


def test_event_type_id_and_retry() -> None:
    body = b"event: delta\nid: 7\nretry: 1500\ndata: a\n\ndata: b\n\nid\ndata: c\n\n"
    assert both(body) == [
        ServerSentEvent("a", "delta", "7", 1500),
        ServerSentEvent("b", None, "7"),  # the last event ID carries over; `retry` does not
        ServerSentEvent("c", None, ""),  # an empty `id` resets it
    ]


def test_an_id_with_nul_and_a_retry_that_is_not_digits_are_ignored() -> None:
    body = b"id: 1\n\nid: a\x00b\nretry: 12a\nretry: \xd9\xa3\ndata: x\n\n"
    assert both(body) == [ServerSentEvent("x", None, "1")]


def test_a_field_without_a_colon_has_an_empty_value() -> None:
    assert both(b"data\ndata\n\n") == [ServerSentEvent("\n")]


@pytest.mark.parametrize("end", [b"\r\n", b"\r", b"\n"])
def test_every_line_end(end: bytes) -> None:
    body = end.join([b"data: a", b"data: b", b"", b"data: c", b"", b""])
    assert both(body) == [ServerSentEvent("a\nb"), ServerSentEvent("c")]


def test_a_cr_at_the_end_of_a_chunk_and_an_lf_at_the_start_of_the_next_are_one_line_end() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\n") == []  # not a blank line: the CRLF of the line above
    assert decoder.feed(b"\r\n") == [ServerSentEvent("a")]


def test_a_leading_bom_is_dropped_once() -> None:
    bom = "\ufeff".encode()
    assert both(bom + b"data: a\n\n") == [ServerSentEvent("a")]
    assert both(bom + bom + b"data: a\n\n") == []  # the second BOM starts a field's name


def test_multibyte_characters_split_across_chunks() -> None:
    assert both("data: héllo ✓\n\n".encode()) == [ServerSentEvent("héllo ✓")]


def test_the_last_event_without_a_trailing_blank_line_is_dispatched() -> None:
    assert both(b"data: a\n\ndata: b") == [ServerSentEvent("a"), ServerSentEvent("b")]
    assert both(b"data: a\n\ndata: b\n") == [ServerSentEvent("a"), ServerSentEvent("b")]


class Chunk(pydantic.BaseModel):
    id: str
    n: int = 0


def response(chunks: list[bytes]) -> httpx.Response:
    """A response whose body arrives in these chunks, sync and async."""

    class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
        closed = False

        def __iter__(self) -> Iterator[bytes]:
            yield from chunks

        async def __aiter__(self) -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk

        def close(self) -> None:
            self.closed = True

        async def aclose(self) -> None:
            self.closed = True

    return httpx.Response(200, stream=Body(), request=httpx.Request("GET", "http://test/"))


def split(body: bytes) -> list[bytes]:
    return [body[i : i + 1] for i in range(len(body))]


SSE = StreamSpec("sse")


def test_sse_data_validated_and_done_ends_the_stream() -> None:
    body = (
        b'data: {"id": "a", "n": 1}\n\ndata: {"id": "b"}\n\ndata: [DONE]\n\ndata: {"id": "c"}\n\n'
    )
    with Stream[Chunk](response(split(body)), Chunk, SSE) as stream:
        assert list(stream) == [Chunk(id="a", n=1), Chunk(id="b")]
        assert stream.response.is_closed


def test_the_first_item_comes_before_the_body_ends() -> None:
    seen: list[str] = []

    def chunks() -> Iterator[bytes]:
        seen.append("first")
        yield b'data: {"id": "a"}\n\n'
        seen.append("second")
        yield b'data: {"id": "b"}\n\n'

    class Body(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return chunks()

    stream = Stream[Chunk](
        httpx.Response(200, stream=Body(), request=httpx.Request("GET", "http://t/")), Chunk, SSE
    )
    assert next(stream) == Chunk(id="a")
    assert seen == ["first"]
    stream.close()
    assert stream.response.is_closed


def test_sse_events_as_items_with_data_decoded() -> None:
    class Event(pydantic.BaseModel):
        event: str
        data: Chunk
        id: str | None = None

    body = b'event: add\nid: 1\ndata: {"id": "a"}\n\nevent: add\ndata: {"id": "b"}'
    stream = Stream[Event](response(split(body)), Event, StreamSpec("sse", "event"))
    assert list(stream) == [
        Event(event="add", data=Chunk(id="a"), id="1"),
        Event(event="add", data=Chunk(id="b"), id="1"),
    ]


def test_text_data_is_not_decoded() -> None:
    stream = Stream[str](
        response([b"data: {not json\n\n"]), str, StreamSpec("sse", json_data=False)
    )
    assert list(stream) == ["{not json"]


def test_an_error_event_raises_with_its_data() -> None:
    body = b'data: {"id": "a"}\n\nevent: error\ndata: {"message": "overloaded"}\n\n'
    stream = Stream[Chunk](response([body]), Chunk, SSE)
    assert next(stream) == Chunk(id="a")
    with pytest.raises(APIStreamError) as caught:
        next(stream)
    assert (caught.value.message, caught.value.event) == ("overloaded", "error")
    assert caught.value.data == {"message": "overloaded"}
    assert stream.response.is_closed


def test_an_error_object_raises_unless_the_item_declares_error() -> None:
    body = b'data: {"error": {"message": "bad key", "type": "auth"}}\n\n'
    with pytest.raises(APIStreamError, match="bad key"):
        list(Stream[Chunk](response([body]), Chunk, SSE))

    class Outcome(pydantic.BaseModel):
        error: dict[str, Any] | None = None

    assert list(Stream[Outcome](response([body]), Outcome, SSE)) == [
        Outcome(error={"message": "bad key", "type": "auth"})
    ]


def test_data_that_is_not_json_or_not_the_item_raises_a_validation_error() -> None:
    with pytest.raises(APIResponseValidationError):
        list(Stream[Chunk](response([b"data: nope\n\n"]), Chunk, SSE))
    with pytest.raises(APIResponseValidationError):
        list(Stream[Chunk](response([b'data: {"n": 1}\n\n']), Chunk, SSE, strict=True))


def test_json_lines_byte_at_a_time_with_crlf_blank_lines_and_no_last_newline() -> None:
    body = b'{"id": "a"}\r\n\n{"id": "b", "n": 2}\n{"id": "c"}'
    stream = Stream[Chunk](response(split(body)), Chunk, StreamSpec("jsonl"))
    assert list(stream) == [Chunk(id="a"), Chunk(id="b", n=2), Chunk(id="c")]


def test_json_text_sequences_skip_a_truncated_text() -> None:
    body = b'\x1e{"id": "a"}\n\x1e{"id": \n\x1e{"id": "b"}\n'
    stream = Stream[Chunk](response(split(body)), Chunk, StreamSpec("json-seq"))
    assert list(stream) == [Chunk(id="a"), Chunk(id="b")]


def test_a_stream_left_early_or_collected_closes_its_response() -> None:
    body = b'{"id": "a"}\n{"id": "b"}\n'
    stream = Stream[Chunk](response([body]), Chunk, StreamSpec("jsonl"))
    with stream:
        next(stream)
    assert stream.response.is_closed
    unread = response([body])
    Stream[Chunk](unread, Chunk, StreamSpec("jsonl"))  # dropped at once
    assert unread.is_closed


def test_async_stream() -> None:
    body = b'data: {"id": "a"}\n\ndata: {"id": "b"}\n\ndata: [DONE]\n\n'

    async def run() -> tuple[list[Chunk], bool, bool]:
        async with AsyncStream[Chunk](response(split(body)), Chunk, SSE) as stream:
            items = [item async for item in stream]
        early = AsyncStream[Chunk](response([body]), Chunk, SSE)
        async with early:
            await early.__anext__()
        return items, stream.response.is_closed, early.response.is_closed

    assert asyncio.run(run()) == ([Chunk(id="a"), Chunk(id="b")], True, True)


class Request(pydantic.BaseModel):
    model: str
    stream: bool | None = None


def test_the_selector_argument_goes_into_the_body() -> None:
    assert body_with_selector(Request(model="m"), "stream", True) == {"model": "m", "stream": True}
    assert body_with_selector({"model": "m"}, "stream", False) == {"model": "m", "stream": False}
    body = Request(model="m", stream=False)
    assert body_with_selector(body, "stream", NOT_GIVEN) is body
    assert body_with_selector(None, "stream", NOT_GIVEN) is None
    with pytest.raises(TypeError, match="stream=True"):
        body_with_selector({"model": "m", "stream": True}, "stream", NOT_GIVEN)


def test_an_async_stream_collected_while_its_loop_runs_is_closed_by_a_task() -> None:
    async def run() -> bool:
        unread = response([b'{"id": "a"}\n'])
        AsyncStream[Chunk](unread, Chunk, StreamSpec("jsonl"))  # dropped at once
        assert not unread.is_closed
        await asyncio.sleep(0)  # the closing task runs
        return unread.is_closed

    assert asyncio.run(run())
