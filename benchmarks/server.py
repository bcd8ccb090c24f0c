"""A minimal HTTP/1.1 server for the client hot-path benchmark, run as its own process (so it
does not share the client's GIL). It serves precomputed JSON:API documents with keep-alive:

- `GET /items/<id>`: one small document (`{"data": <item>}`)
- `GET /items[?...]`: the list of `--list-size` items (`{"data": [...], "meta": {...}}`)

It prints the port it listens on (127.0.0.1) on its first line of stdout, then serves until it
is terminated or its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

CONTENT_TYPE = b"application/vnd.api+json"


def item(index: int) -> dict[str, Any]:
    return {
        "type": "items",
        "id": str(index),
        "attributes": {
            "name": f"Item {index}",
            "description": None if index % 3 == 0 else f"The item number {index}",
            "price": index * 1.25,
            "quantity": index % 50,
            "active": index % 2 == 0,
            "tags": ["red", "large"] if index % 4 else [],
            "created_at": "2024-05-01T12:34:56Z",
        },
    }


def small_document() -> bytes:
    return json.dumps({"data": item(1)}).encode()


def list_document(size: int) -> bytes:
    return json.dumps({"data": [item(i) for i in range(size)], "meta": {"total": size}}).encode()


def _response(status: bytes, body: bytes) -> bytes:
    head = b"HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
    return head % (status, CONTENT_TYPE, len(body)) + body


class _Protocol(asyncio.Protocol):
    def __init__(self, responses: dict[str, bytes]) -> None:
        self.responses = responses
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:  # GET requests only: no bodies
            head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            parts = head.split(b" ", 2)
            path = parts[1].split(b"?", 1)[0] if len(parts) > 2 else b""
            if path == b"/items":
                answer = self.responses["list"]
            elif path.startswith(b"/items/"):
                answer = self.responses["small"]
            else:
                answer = self.responses["missing"]
            assert self.transport is not None
            self.transport.write(answer)


async def serve(list_size: int) -> None:
    responses = {
        "small": _response(b"200 OK", small_document()),
        "list": _response(b"200 OK", list_document(list_size)),
        "missing": _response(b"404 Not Found", b'{"errors": [{"code": "not_found"}]}'),
    }
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Protocol(responses), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    async with server:
        await stdin_closed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list-size", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(serve(args.list_size))


if __name__ == "__main__":
    main()
