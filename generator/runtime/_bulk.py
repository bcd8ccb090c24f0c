"""Bulk uploads: items streamed as ndjson lines, and what the server says it accepted."""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from ._exceptions import ErrorObject, errors_from_document
from ._models import to_jsonable

__all__ = ["BulkResult", "LineCounter", "bulk_result"]


@dataclass(frozen=True)
class BulkResult:
    """What a bulk call reports: how many objects the server accepted and rejected, and why.

    Bulk endpoints may answer with `errors` and `data` {accepted_object_count,
    rejected_object_count} at once: a bulk call returns this instead of raising, unless the
    server accepted nothing and answered with an error status.
    """

    status_code: int
    accepted_object_count: int | None
    rejected_object_count: int | None
    errors: tuple[ErrorObject, ...] = ()
    document: Any = None  # the decoded response body
    sent_object_count: int = 0  # lines the client sent


def bulk_result(response: httpx.Response, sent: int) -> BulkResult | None:
    """The `BulkResult` of a bulk call's response, or None when it is an error to raise (the
    server accepted nothing)."""
    try:
        document = response.json() if response.content else None
    except ValueError:
        document = None
    data = document.get("data") if isinstance(document, dict) else None
    accepted = data.get("accepted_object_count") if isinstance(data, dict) else None
    rejected = data.get("rejected_object_count") if isinstance(data, dict) else None
    if response.is_error and not (isinstance(accepted, int) and accepted > 0):
        return None
    return BulkResult(
        status_code=response.status_code,
        accepted_object_count=accepted if isinstance(accepted, int) else None,
        rejected_object_count=rejected if isinstance(rejected, int) else None,
        errors=errors_from_document(document),
        document=document,
        sent_object_count=sent,
    )


class LineCounter:
    """Serialises items to ndjson lines lazily, counting them."""

    def __init__(self) -> None:
        self.count = 0

    def line(self, item: object) -> bytes:
        self.count += 1
        return (json.dumps(to_jsonable(item), ensure_ascii=False) + "\n").encode("utf-8")

    def lines(self, items: Iterable[object]) -> Iterator[bytes]:
        for item in items:
            yield self.line(item)

    async def async_lines(
        self, items: Iterable[object] | AsyncIterable[object]
    ) -> AsyncIterator[bytes]:
        if isinstance(items, AsyncIterable):
            async for item in items:
                yield self.line(item)
        else:
            for item in items:
                yield self.line(item)
