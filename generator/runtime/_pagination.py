"""Pagination: the pages of a paginated list operation, fetched as they are iterated."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import pydantic

from ._exceptions import SDKError
from ._models import JSONAPIDocument, to_jsonable
from ._params import QueryParam
from ._types import NotGiven

__all__ = ["AsyncPage", "PageSpec", "SyncPage", "current_page", "with_page"]

_T = TypeVar("_T")


@dataclass(slots=True, kw_only=True)
class PageSpec:
    """How an operation pages (see the generated method): the query parameter(s) carrying the
    page number and size, as one deepObject parameter ("object") or two parameters ("params")."""

    style: str
    number_parameter: str
    number_key: str = ""
    size_parameter: str = ""
    size_key: str = ""


def _page_value(value: object) -> dict[str, Any]:
    if value is None or isinstance(value, NotGiven):
        return {}
    jsonable = to_jsonable(value)
    return dict(jsonable) if isinstance(jsonable, Mapping) else {}


def current_page(query: Sequence[QueryParam], spec: PageSpec) -> tuple[int, int | None]:
    """The page number (1 when not asked) and size (None when not asked) of a query."""
    values = {param.name: param.value for param in query}
    if spec.style == "object":
        page = _page_value(values.get(spec.number_parameter))
        number, size = page.get(spec.number_key), page.get(spec.size_key) if spec.size_key else None
    else:
        number, size = values.get(spec.number_parameter), values.get(spec.size_parameter)
    number_int = int(number) if isinstance(number, (int, str)) and str(number).isdigit() else 1
    size_int = int(size) if isinstance(size, (int, str)) and str(size).isdigit() else None
    return number_int, size_int


def with_page(query: Sequence[QueryParam], spec: PageSpec, number: int) -> list[QueryParam]:
    """The query asking for page `number` (the other parameters unchanged)."""
    updated: list[QueryParam] = []
    done = False
    for param in query:
        if param.name != spec.number_parameter:
            updated.append(param)
        elif spec.style == "object":
            value = {**_page_value(param.value), spec.number_key: number}
            updated.append(QueryParam(param.name, value, style="deepObject", explode=True))
            done = True
        else:
            updated.append(QueryParam(param.name, number, style=param.style, explode=param.explode))
            done = True
    if not done:
        added: object = {spec.number_key: number} if spec.style == "object" else number
        style = "deepObject" if spec.style == "object" else "form"
        updated.append(QueryParam(spec.number_parameter, added, style=style, explode=True))
    return updated


_TOTAL_PAGE_KEYS = (
    "last_page",
    "lastPage",
    "last-page",
    "total_pages",
    "totalPages",
    "total-pages",
)
_TOTAL_ITEM_KEYS = ("total", "total_count", "totalCount", "total-count", "count")


def _total_pages(meta: object, size: int | None) -> int | None:
    """The number of pages the `meta` of a page announces (also under `meta.page` or
    `meta.pagination`), from a page count or from an item total and the page size."""
    if isinstance(meta, pydantic.BaseModel):
        meta = to_jsonable(meta)
    if not isinstance(meta, Mapping):
        return None
    for scope in (meta, meta.get("page"), meta.get("pagination")):
        if not isinstance(scope, Mapping):
            continue
        for key in _TOTAL_PAGE_KEYS:
            if isinstance(scope.get(key), int):
                return int(scope[key])
        if size:
            for key in _TOTAL_ITEM_KEYS:
                if isinstance(scope.get(key), int):
                    return math.ceil(int(scope[key]) / size)
    return None


class _BasePage(Generic[_T]):
    """One page of a JSON:API collection: its document (`data`, `meta`, `links`, `included`).

    Whether a next page exists: `links.next` when the server sends `links` with a `next` key
    (null means none), else the page count or item total in `meta` (also under `meta.page` or
    `meta.pagination`), else a page as full as the asked (or first) page size is assumed to have
    a successor, and an empty or short page ends the collection.
    """

    def __init__(self, document: Any, number: int, size: int | None) -> None:
        self.document = document
        self.number = number
        self._size = size if size else (len(self.data) or None)

    @property
    def data(self) -> list[_T]:
        data = getattr(self.document, "data", None)
        return list(data) if isinstance(data, list) else []

    @property
    def meta(self) -> Any:
        """The page's `meta` (a dict, or the documented meta model)."""
        return getattr(self.document, "meta", None)

    @property
    def links(self) -> Any:
        """The page's `links` (a dict, or the documented links model)."""
        return getattr(self.document, "links", None)

    @property
    def included(self) -> list[Any] | None:
        """The resources the server included with the page."""
        return cast("list[Any] | None", getattr(self.document, "included", None))

    def has_next_page(self) -> bool:
        links = self.links
        if isinstance(links, pydantic.BaseModel):
            links = to_jsonable(links)
        if isinstance(links, Mapping) and "next" in links:
            return bool(links["next"])
        total = _total_pages(self.meta, self._size)
        if total is not None:
            return self.number < total
        data = self.data
        return bool(data) and self._size is not None and len(data) >= self._size

    def resolve(self, relationship: object) -> dict[str, Any] | None:
        """The included resource a to-one relationship points at (see `JSONAPIDocument`)."""
        if isinstance(self.document, JSONAPIDocument):
            return self.document.resolve(relationship)
        return None

    def resolve_many(self, relationship: object) -> list[dict[str, Any]]:
        """The included resources a to-many relationship points at."""
        if isinstance(self.document, JSONAPIDocument):
            return self.document.resolve_many(relationship)
        return []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} number={self.number} items={len(self.data)}>"


class SyncPage(_BasePage[_T]):
    """A page; iterating over it yields every item of every page, fetching pages as needed."""

    def __init__(
        self,
        document: Any,
        number: int,
        size: int | None,
        fetch: Callable[[int, int | None], SyncPage[_T]],
    ) -> None:
        super().__init__(document, number, size)
        self._fetch = fetch

    def next_page(self) -> SyncPage[_T]:
        if not self.has_next_page():
            raise SDKError("There is no next page (check `has_next_page()` first)")
        return self._fetch(self.number + 1, self._size)

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_BasePage[_T]):
    """An async page; `async for` over it yields every item of every page."""

    def __init__(
        self,
        document: Any,
        number: int,
        size: int | None,
        fetch: Callable[[int, int | None], Awaitable[AsyncPage[_T]]],
    ) -> None:
        super().__init__(document, number, size)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[_T]:
        if not self.has_next_page():
            raise SDKError("There is no next page (check `has_next_page()` first)")
        return await self._fetch(self.number + 1, self._size)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item
