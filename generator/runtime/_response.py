"""What a call returns besides its parsed value: the raw response (`with_raw_response`) and the
unread, streamed response (`with_streaming_response`), and the wrappers that ask for them."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "RAW_RESPONSE_HEADER",
    "STREAM_RESPONSE_HEADER",
    "APIResponse",
    "AsyncStreamedAPIResponse",
    "AsyncStreamedResponseContext",
    "StreamedAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "with_old_members",
]

_T = TypeVar("_T")
_P = ParamSpec("_P")
_Wrapper = TypeVar("_Wrapper", bound=Callable[..., object])

# Marker headers the wrappers add to a call's `extra_headers`; the client takes them out before
# sending and returns the response instead of its parsed value.
RAW_RESPONSE_HEADER = "X-Sdkgen-Raw-Response"
STREAM_RESPONSE_HEADER = "X-Sdkgen-Stream-Response"


def _asking_for(marker: str, kwargs: Mapping[str, object]) -> dict[str, str]:
    """The call's `extra_headers` plus a marker the client takes out before sending."""
    headers: dict[str, str] = dict(cast("Mapping[str, str]", kwargs.get("extra_headers") or {}))
    headers[marker] = "true"
    return headers


class _ResponseView:
    """What the raw and the streamed responses share: the httpx response, its status and
    headers."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers


class APIResponse(_ResponseView, Generic[_T]):
    """The raw HTTP response of a call, and `parse()` to get what the method would have returned."""

    def __init__(self, response: httpx.Response, parse: Callable[[], _T]) -> None:
        super().__init__(response)
        self._parse = parse

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> _T:
        return self._parse()


def to_raw_response_wrapper(func: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    """Make a resource method return the `APIResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        kwargs["extra_headers"] = _asking_for(RAW_RESPONSE_HEADER, kwargs)
        return cast("APIResponse[_T]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[APIResponse[_T]]]:
    """The async twin of `to_raw_response_wrapper`."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        kwargs["extra_headers"] = _asking_for(RAW_RESPONSE_HEADER, kwargs)
        return cast("APIResponse[_T]", await func(*args, **kwargs))

    return wrapped


def with_old_members(wrapper: _Wrapper, old_resource: object) -> _Wrapper:
    """`wrapper` (a method's raw or streaming wrapper) that also holds the wrapped methods of
    `old_resource`: the sub-resource the method was in an earlier version (an action,
    `with_raw_response.cancel.create(...)`), whose methods are deprecated aliases now. They are
    there for old code to run; type checkers see only the new method."""
    wrapper.__dict__.update(
        (name, value) for name, value in vars(old_resource).items() if not name.startswith("_")
    )
    return wrapper


class StreamedAPIResponse(_ResponseView):
    """A response whose body has not been read: iterate over it with `iter_bytes()` (or read it
    all with `read()`), and close it (`with` does) to give the connection back."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks, as it arrives (decompressed)."""
        return self.http_response.iter_bytes(chunk_size)

    def read(self) -> bytes:
        return self.http_response.read()

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStreamedAPIResponse(_ResponseView):
    """The async twin of `StreamedAPIResponse`: `aiter_bytes()`, `aread()`, `aclose()`."""

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks, as it arrives (decompressed)."""
        return self.http_response.aiter_bytes(chunk_size)

    async def aread(self) -> bytes:
        return await self.http_response.aread()

    async def aclose(self) -> None:
        await self.http_response.aclose()


class AsyncStreamedResponseContext:
    """What an async `with_streaming_response` method returns: `async with` it (the response is
    closed on exit), or await it for the `AsyncStreamedAPIResponse` (then close it yourself)."""

    def __init__(self, pending: Awaitable[AsyncStreamedAPIResponse]) -> None:
        self._pending = pending
        self._response: AsyncStreamedAPIResponse | None = None

    def __await__(self) -> Any:
        return self._pending.__await__()

    async def __aenter__(self) -> AsyncStreamedAPIResponse:
        self._response = await self._pending
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.aclose()


def to_streamed_response_wrapper(func: Callable[_P, object]) -> Callable[_P, StreamedAPIResponse]:
    """Make a resource method return the response unread (`StreamedAPIResponse`)."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> StreamedAPIResponse:
        kwargs["extra_headers"] = _asking_for(STREAM_RESPONSE_HEADER, kwargs)
        return cast(StreamedAPIResponse, func(*args, **kwargs))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[object]],
) -> Callable[_P, AsyncStreamedResponseContext]:
    """The async twin of `to_streamed_response_wrapper`."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncStreamedResponseContext:
        kwargs["extra_headers"] = _asking_for(STREAM_RESPONSE_HEADER, kwargs)
        return AsyncStreamedResponseContext(
            cast("Awaitable[AsyncStreamedAPIResponse]", func(*args, **kwargs))
        )

    return wrapped
