"""generator/runtime/_base_client.py: a call turned into HTTP and its response into a value."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import httpx
import pytest

from generator.runtime._base_client import (
    AsyncAPIClient,
    AuthScheme,
    QueryParam,
    ResponseType,
    SyncAPIClient,
)
from generator.runtime._exceptions import NotFoundError
from generator.runtime._models import BaseModel
from generator.runtime._response import APIResponse, to_raw_response_wrapper

SCHEMES = {"bearer": AuthScheme(location="header", name="Authorization", prefix="Bearer ")}


class Item(BaseModel):
    id: str


class Recorder:
    def __init__(self, *replies: httpx.Response) -> None:
        self.replies = list(replies)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


def options(**extra: Any) -> dict[str, Any]:
    return {
        "base_url": "https://api.example/v2/",
        "token": "t0k",
        "auth_schemes": SCHEMES,
        "default_security": [("bearer",)],
        "timeout": 5.0,
        "max_retries": 2,
        "rate_limit": None,
        "default_headers": None,
        "strict": False,
        "user_agent": "example-sdk/1.2.3",
        **extra,
    }


def sync_client(recorder: Recorder, **extra: Any) -> SyncAPIClient:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return SyncAPIClient(http_client=http, **options(**extra))


def test_a_call_becomes_the_request_the_operation_describes() -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "a/b"}))
    client = sync_client(recorder)
    item = client.request(
        "GET",
        "/items/{id}",
        path_params={"id": "a/b"},
        query=[QueryParam("limit", None), QueryParam("sort", "name")],
        cast_to=Item,
        response_media_type="application/vnd.api+json",
    )
    assert item == Item(id="a/b")
    (request,) = recorder.seen
    assert str(request.url) == "https://api.example/v2/items/a%2Fb?sort=name"
    assert request.headers["Accept"] == "application/vnd.api+json"
    assert request.headers["Authorization"] == "Bearer t0k"
    assert request.headers["User-Agent"] == f"example-sdk/1.2.3 python-httpx/{httpx.__version__}"


def test_a_response_type_that_is_not_a_class_goes_through_response_type() -> None:
    at_run_time: tuple[object, ...] = (ResponseType[Item | int], ResponseType[Literal["a", "b"]])
    assert at_run_time == (Item | int, Literal["a", "b"])  # the type itself
    recorder = Recorder(httpx.Response(200, json={"id": "7"}), httpx.Response(200, json=7))
    client = sync_client(recorder)
    parsed: Item | int = client.request("GET", "/a", cast_to=ResponseType[Item | int])
    assert parsed == Item(id="7")
    assert client.request("GET", "/b", cast_to=ResponseType[Item | int]) == 7


def test_an_operation_without_security_sends_no_credentials() -> None:
    recorder = Recorder(httpx.Response(204))
    assert sync_client(recorder).request("DELETE", "/items/1", security=()) is None
    assert "Authorization" not in recorder.seen[0].headers


def test_retries_then_maps_the_error_status() -> None:
    recorder = Recorder(httpx.Response(503), httpx.Response(503), httpx.Response(404))
    client = sync_client(recorder)
    client._retry_delay = lambda attempt, headers: 0.0  # type: ignore[method-assign]
    with pytest.raises(NotFoundError) as raised:
        client.request("GET", "/items/1")
    assert len(recorder.seen) == 3
    assert "t0k" not in repr(raised.value.request.headers)


def test_the_raw_response_wrapper_returns_the_response_and_its_parser() -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "1"}, headers={"X-Left": "9"}))
    client = sync_client(recorder)

    def retrieve(*, extra_headers: dict[str, str] | None = None) -> Item:
        return client.request("GET", "/items/1", cast_to=Item, extra_headers=extra_headers)

    raw = to_raw_response_wrapper(retrieve)()
    assert isinstance(raw, APIResponse) and raw.headers["X-Left"] == "9"
    assert raw.parse() == Item(id="1")
    assert "X-Sdkgen-Raw-Response" not in recorder.seen[0].headers


def test_the_async_client_sends_the_same_request() -> None:
    recorder = Recorder(httpx.Response(200, json={"id": "1"}))

    async def call() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
        client = AsyncAPIClient(http_client=http, **options())
        return await client.request("POST", "/items", body={"id": "1"}, cast_to=Item)

    assert asyncio.run(call()) == Item(id="1")
    (request,) = recorder.seen
    assert request.content == b'{"id": "1"}'
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"].startswith("example-sdk/1.2.3 python-httpx/")


@pytest.mark.parametrize("client_class", [SyncAPIClient, AsyncAPIClient])
def test_the_own_connection_pool_keeps_every_connection_it_may_open(
    client_class: type[SyncAPIClient | AsyncAPIClient],
) -> None:
    """With fewer keep-alive slots than connections, httpcore's pool closes a surplus idle
    connection that it has already handed to a waiting thread (encode/httpcore#1110): a burst
    from a thread pool then fails now and then with `ReadError: Bad file descriptor`."""
    client = client_class(http_client=None, **options())
    pool = client._http._transport._pool
    assert pool._max_keepalive_connections == pool._max_connections >= 64
