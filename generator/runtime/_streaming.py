"""Responses that arrive as a sequence of items, parsed as their bytes arrive: server-sent
events (`text/event-stream`, the WHATWG HTML parsing rules), JSON Lines and ndjson (one JSON text
a line), JSON text sequences (RFC 7464, each text after an RS byte). `Stream[T]` and
`AsyncStream[T]` yield each item validated as `T`, and give the connection back when exhausted,
closed (`with`, `close()`) or garbage-collected."""

from __future__ import annotations

import asyncio
import codecs
import json
import re
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar, cast

import httpx
import pydantic

from ._exceptions import APIResponseValidationError, APIStreamError
from ._models import parse_value, wire_items
from ._response import (
    RAW_RESPONSE_HEADER,
    STREAM_RESPONSE_HEADER,
    APIResponse,
    AsyncStreamedAPIResponse,
    StreamedAPIResponse,
)
from ._types import NotGiven

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "AsyncStream",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
    "StreamSpec",
    "body_with_selector",
    "open_async_stream",
    "open_stream",
]

_T = TypeVar("_T")

# The data of the event that ends a stream in the APIs that stream completions (OpenAI and the
# APIs shaped like it): a sentinel, not an item, so it is never validated as one.
DONE = "[DONE]"
_LINE_END = re.compile(r"\r\n|\r|\n")
_RECORD_SEPARATOR = b"\x1e"


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event: its type (`event:`; None when the server gave none, which the
    WHATWG rules read as "message"), its data lines joined by LF, the last event ID seen so far
    (`id:` carries over to later events), and the reconnection time its block set (`retry:`)."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def as_item(self, data: object) -> dict[str, object]:
        """The event as an object of the fields it has (`data` as decoded by the caller): what
        an OpenAPI 3.2 `itemSchema` of `text/event-stream` describes."""
        item: dict[str, object] = {"data": data}
        for name in ("event", "id", "retry"):
            value = getattr(self, name)
            if value is not None:
                item[name] = value
        return item


class SSEDecoder:
    """The WHATWG event-stream parser, fed bytes in chunks of any size (a byte at a time too):
    UTF-8 with one leading BOM dropped, lines ended by CRLF, LF or CR (a CR at the end of one
    chunk and an LF at the start of the next are one line end), `:` comments ignored, one space
    after the colon dropped, unknown fields ignored, an `id` holding NUL ignored, a `retry`
    that is not all ASCII digits ignored, a block without `data` not dispatched.

    Unlike a browser, `end()` dispatches an event the server did not close with a blank line:
    a browser drops it because it reconnects and gets the event again; an SDK call does not
    reconnect, and the last event would be lost."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._partial = ""  # the text after the last line end
        self._skip_lf = False  # the last chunk ended with CR: an LF next belongs to it
        self._data: list[str] = []
        self._event: str | None = None
        self._retry: int | None = None
        self._last_id: str | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """The events that `chunk` completes."""
        return self._lines(self._text.decode(chunk))

    def end(self) -> list[ServerSentEvent]:
        """The events left when the body ends: a last line and a last event not closed."""
        events = self._lines(self._text.decode(b"", final=True))
        if self._partial:
            event = self._line(self._partial)
            self._partial = ""
            events += [event] if event is not None else []
        event = self._dispatch()
        return events + ([event] if event is not None else [])

    def _lines(self, text: str) -> list[ServerSentEvent]:
        if self._skip_lf and text:
            text = text.removeprefix("\n")
            self._skip_lf = False
        if not text:
            return []
        *lines, self._partial = _LINE_END.split(self._partial + text)
        if not self._partial and text.endswith("\r"):
            self._skip_lf = True
        events: list[ServerSentEvent] = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry = [], None, None
        if not data:
            return None
        return ServerSentEvent("\n".join(data), event or None, self._last_id, retry)


class StreamSpec(NamedTuple):
    """How a streamed response is cut into items and what each item is.

    `format`: "sse" (server-sent events), "jsonl" (JSON Lines, ndjson), "json-seq" (RFC 7464).
    `item` (SSE only): "data" when each item is an event's data (the common reading of a 3.0 or
    3.1 schema under `text/event-stream`), "event" when it is the whole event (OpenAPI 3.2's
    `itemSchema`). `json_data` (SSE only): the data is JSON text, decoded before validation.
    """

    format: Literal["sse", "jsonl", "json-seq"]
    item: Literal["data", "event"] = "data"
    json_data: bool = True


class _Items:
    """Bytes in, validated items out: the parsing that the sync and async streams share."""

    def __init__(
        self, response: httpx.Response, item_type: Any, spec: StreamSpec, strict: bool
    ) -> None:
        self._response = response
        self._item_type = item_type
        self._spec = spec
        self._strict = strict
        self._sse = SSEDecoder() if spec.format == "sse" else None
        self._buffer = b""
        self.done = False  # a `[DONE]` event came: the items after it are not read

    def feed(self, chunk: bytes) -> Iterator[Any]:
        """The items `chunk` completes, one at a time (an error raised after the items before
        it)."""
        if self._sse is not None:
            return self._events(self._sse.feed(chunk))
        separator = b"\n" if self._spec.format == "jsonl" else _RECORD_SEPARATOR
        *records, self._buffer = (self._buffer + chunk).split(separator)
        return self._records(records)

    def end(self) -> Iterator[Any]:
        if self._sse is not None:
            return self._events(self._sse.end())
        records, self._buffer = [self._buffer], b""
        return self._records(records)

    def _records(self, records: Iterable[bytes]) -> Iterator[Any]:
        for record in records:
            if not record.strip():
                continue
            try:
                value = json.loads(record)
            except ValueError:
                if self._spec.format == "json-seq":
                    continue  # RFC 7464: a truncated text is skipped, the sequence goes on
                raise APIResponseValidationError(
                    self._response, record.decode("utf-8", "replace"), "A line is not JSON"
                ) from None
            yield self._validated(value, None)

    def _events(self, events: Iterable[ServerSentEvent]) -> Iterator[Any]:
        for event in events:
            if self._spec.item == "data" and event.data == DONE:
                self.done = True
                return
            data: object = event.data
            if self._spec.json_data:
                try:
                    data = json.loads(event.data)
                except ValueError:
                    if event.event != "error":
                        raise APIResponseValidationError(
                            self._response, event.data, "An event's data is not JSON"
                        ) from None
            if event.event == "error":
                raise APIStreamError(_error_message(data), self._response, data, event.event)
            yield self._validated(
                event.as_item(data) if self._spec.item == "event" else data, event
            )

    def _validated(self, value: object, event: ServerSentEvent | None) -> Any:
        if _is_error_object(value) and not _declares(self._item_type, "error"):
            data = cast("Mapping[str, object]", value)
            raise APIStreamError(
                _error_message(data["error"]), self._response, data, event.event if event else None
            )
        try:
            return parse_value(self._item_type, value, strict=self._strict)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(self._response, value, str(exc)) from exc


def _is_error_object(value: object) -> bool:
    """An object whose `error` member carries the failure (`{"error": {"message": ...}}`): how
    the APIs that stream completions report a failure after the 200 status has been sent."""
    return isinstance(value, Mapping) and value.get("error") not in (None, "", False)


def _declares(item_type: Any, name: str) -> bool:
    """The item type is a model with a field of that wire name (an `error` it is meant to hold)."""
    fields: Mapping[str, Any] = getattr(item_type, "model_fields", {})
    return any(name in (key, getattr(info, "alias", None)) for key, info in fields.items())


def _error_message(error: object) -> str:
    if isinstance(error, Mapping) and isinstance(error.get("message"), str):
        return cast(str, error["message"])
    if isinstance(error, str) and error:
        return error
    return "The server reported an error in the stream"


def _sync_items(response: httpx.Response, parser: _Items) -> Generator[Any, None, None]:
    """The items of the body as they arrive; the response is closed at the end or on `close()`
    (a generator's `close` runs its `finally`)."""
    try:
        for chunk in response.iter_bytes():
            yield from parser.feed(chunk)
            if parser.done:
                return
        yield from parser.end()
    finally:
        response.close()


async def _async_items(response: httpx.Response, parser: _Items) -> AsyncGenerator[Any, None]:
    try:
        async for chunk in response.aiter_bytes():
            for item in parser.feed(chunk):
                yield item
            if parser.done:
                return
        for item in parser.end():
            yield item
    finally:
        await response.aclose()


class Stream(Generic[_T]):
    """The items of a streamed response, each a `T` as it arrives: iterate with `for`. Use it
    in a `with` block (or call `close()`) when you may stop early: that gives the connection
    back at once; it is given back anyway when the items are exhausted or the stream is
    garbage-collected."""

    def __init__(
        self, response: httpx.Response, item_type: Any, spec: StreamSpec, *, strict: bool = False
    ) -> None:
        self.response = response
        # the generator does not refer to the stream: dropping the stream frees it at once
        self._items = _sync_items(response, _Items(response, item_type, spec, strict))

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> _T:
        return cast(_T, next(self._items))

    def close(self) -> None:
        self._items.close()
        self.response.close()  # when the generator never started, its `finally` does not run

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if hasattr(self, "response") and not self.response.is_closed:
            self.close()


_closing: set[asyncio.Task[None]] = set()  # tasks that close collected async streams


class AsyncStream(Generic[_T]):
    """The async twin of `Stream`: iterate with `async for`, `async with` it or `await
    close()`. One collected while its event loop runs is closed by a task of that loop."""

    def __init__(
        self, response: httpx.Response, item_type: Any, spec: StreamSpec, *, strict: bool = False
    ) -> None:
        self.response = response
        self._items = _async_items(response, _Items(response, item_type, spec, strict))

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> _T:
        return cast(_T, await self._items.__anext__())

    async def close(self) -> None:
        await self._items.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __del__(self) -> None:
        if not hasattr(self, "response") or self.response.is_closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop to close it on: the connection pool drops it when it is closed
        task = loop.create_task(self.response.aclose())
        _closing.add(task)
        task.add_done_callback(_closing.discard)


def body_with_selector(body: object, field: str, value: bool | NotGiven) -> object:
    """The body with `field` set to `value`, the argument that chooses a stream (True) or one
    JSON answer (False; not given: the body as it is). A body that sets the field to true itself
    while the argument is not given is refused: the method's return type follows the argument
    only."""
    if isinstance(body, pydantic.BaseModel):
        members: dict[str, object] = dict(wire_items(body))
    elif isinstance(body, Mapping):
        members = dict(cast("Mapping[str, object]", body))
    elif body is None:
        members = {}
    else:
        raise TypeError(f"the body must be an object to carry `{field}`")
    if isinstance(value, NotGiven):
        if members.get(field) is True:
            raise TypeError(f"pass `{field}=True` as the method's argument, not in the body")
        return body
    members[field] = value
    return members


def _asked(options: Mapping[str, Any]) -> Mapping[str, str]:
    return cast("Mapping[str, str]", options.get("extra_headers") or {})


def _unread(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options asking for the response unread (a raw-response marker replaced)."""
    headers = {k: v for k, v in _asked(options).items() if k != RAW_RESPONSE_HEADER}
    headers[STREAM_RESPONSE_HEADER] = "true"
    return {**options, "extra_headers": headers}


def open_stream(
    request: Callable[..., Any],
    method: str,
    path: str,
    item_type: Any,
    spec: StreamSpec,
    strict: bool,
    options: Mapping[str, Any],
) -> Any:
    """The `Stream` of a call (`request` sends it and returns the response unread); what the
    raw and streaming response wrappers ask for when they ask (`APIResponse.parse()` gives the
    stream)."""
    response: StreamedAPIResponse = request(method, path, **_unread(options))
    if STREAM_RESPONSE_HEADER in _asked(options):
        return response
    stream: Stream[Any] = Stream(response.http_response, item_type, spec, strict=strict)
    if RAW_RESPONSE_HEADER in _asked(options):
        return APIResponse(response.http_response, lambda: stream)
    return stream


async def open_async_stream(
    request: Callable[..., Awaitable[Any]],
    method: str,
    path: str,
    item_type: Any,
    spec: StreamSpec,
    strict: bool,
    options: Mapping[str, Any],
) -> Any:
    """The async twin of `open_stream`."""
    response: AsyncStreamedAPIResponse = await request(method, path, **_unread(options))
    if STREAM_RESPONSE_HEADER in _asked(options):
        return response
    stream: AsyncStream[Any] = AsyncStream(response.http_response, item_type, spec, strict=strict)
    if RAW_RESPONSE_HEADER in _asked(options):
        return APIResponse(response.http_response, lambda: stream)
    return stream
