"""Pagination: the pages of a paginated list operation, fetched as they are iterated.

Each style says where the next page is (see `PageSpec.style`): a query parameter changed for
the next request (JSON:API page numbers, cursors, page tokens, offsets, page numbers), or a URL
the response gives (an RFC 8288 `Link` header, a field of the body) that is followed as given.
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import httpx
import pydantic

from ._exceptions import SDKError
from ._models import JSONAPIDocument, to_jsonable
from ._params import QueryParam
from ._types import NotGiven

__all__ = [
    "AsyncPage",
    "NextRequest",
    "PageSpec",
    "SyncPage",
    "current_page",
    "link_next",
    "with_page",
]

_T = TypeVar("_T")


@dataclass(slots=True, kw_only=True)
class PageSpec:
    """How an operation pages (see the generated method).

    `style`: "jsonapi" (`page[number]`, or the `parameter_key` of one deepObject parameter),
    "cursor" (`parameter` takes the `next_field` of the response, or else the last item's `id`,
    while `has_more_field` is not false), "token" (`parameter` takes `next_field`), "offset"
    (`parameter` advances by the items received, until a short page or `total_field`), "link"
    (the `Link` header's `rel="next"` URL; without one, `parameter` counts pages) or "next_url"
    (the URL in `next_field`). `items` is the response's list field ("" when the body is the
    list); field paths are wire names, outermost first.
    """

    style: str
    parameter: str = ""  # the parameter the next request changes ("jsonapi": the number)
    parameter_key: str = ""
    size_parameter: str = ""
    size_key: str = ""
    items: str = "data"
    next_field: tuple[str, ...] = ()
    has_more_field: tuple[str, ...] = ()
    total_field: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NextRequest:
    """The request of the next page: the same call with `query`, or the `url` as given."""

    query: Sequence[QueryParam] = ()
    url: str | None = None


def _page_value(value: object) -> dict[str, Any]:
    if value is None or isinstance(value, NotGiven):
        return {}
    jsonable = to_jsonable(value)
    return dict(jsonable) if isinstance(jsonable, Mapping) else {}


def _whole(value: object) -> int | None:
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else None


def current_page(query: Sequence[QueryParam], spec: PageSpec) -> tuple[int, int | None]:
    """The page number (1 when not asked) and size (None when not asked) of a query; for
    "offset", the offset (0 when not asked) and the limit."""
    values = {param.name: param.value for param in query}
    if spec.parameter_key:
        page = _page_value(values.get(spec.parameter))
        number, size = (
            page.get(spec.parameter_key),
            (page.get(spec.size_key) if spec.size_key else None),
        )
    else:
        number, size = values.get(spec.parameter), values.get(spec.size_parameter)
    first = 0 if spec.style == "offset" else 1
    whole = _whole(number)
    return (first if whole is None else whole), _whole(size)


def with_page(query: Sequence[QueryParam], spec: PageSpec, value: object) -> list[QueryParam]:
    """The query asking for the page at `value` (a number, cursor, token or offset), the other
    parameters unchanged."""
    updated: list[QueryParam] = []
    done = False
    for param in query:
        if param.name != spec.parameter:
            updated.append(param)
        elif spec.parameter_key:
            page = {**_page_value(param.value), spec.parameter_key: value}
            updated.append(QueryParam(param.name, page, style="deepObject", explode=True))
            done = True
        else:
            updated.append(QueryParam(param.name, value, style=param.style, explode=param.explode))
            done = True
    if not done:
        added: object = {spec.parameter_key: value} if spec.parameter_key else value
        style = "deepObject" if spec.parameter_key else "form"
        updated.append(QueryParam(spec.parameter, added, style=style, explode=True))
    return updated


_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]+)*)")
_REL = re.compile(r"""(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


def link_next(header: str | None) -> str | None:
    """The target of the `rel="next"` link of an RFC 8288 `Link` header value, as given.
    (Not httpx's `Response.links`: it keys links by the whole `rel` value, so `rel="prev next"`
    is no `next`, and reads the parameter name `rel` case-sensitively.)"""
    for match in _LINK.finditer(header or ""):
        for rel in _REL.finditer(match.group(2)):
            relations = (rel.group(1) or rel.group(2) or "").lower().split()
            if "next" in relations:
                return match.group(1).strip()
    return None


def _member(value: object, wire_name: str) -> Any:
    """The member `wire_name` of a parsed value: a dict's key, a model's field by alias, an
    object's attribute."""
    if isinstance(value, Mapping):
        return value.get(wire_name)
    if isinstance(value, pydantic.BaseModel):
        fields = type(value).model_fields
        for name, info in fields.items():  # an alias first: a field may be named another's key
            if wire_name in (info.serialization_alias, info.validation_alias, info.alias):
                return getattr(value, name)
        if wire_name in fields:
            return getattr(value, wire_name)
        return (value.model_extra or {}).get(wire_name)
    return getattr(value, wire_name, None)


def _at(value: object, path: Sequence[str]) -> Any:
    for wire_name in path:
        value = _member(value, wire_name)
    return value


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
    """One page: the parsed response (`document`), its items, and the next page's request.

    The response's own fields read as the page's attributes (`page.has_more`, `page.meta`).
    Whether a next page exists, per style:

    - "jsonapi": `links.next` when the server sends `links` with a `next` key (null means
      none), else the page count or item total in `meta` (also under `meta.page` or
      `meta.pagination`), else a page as full as the asked (or first) page size;
    - "cursor": the next cursor is set (without a cursor field: the last item's `id`, of a page
      as full as the first when there is no has-more flag) and the has-more flag, if any, is
      not false;
    - "token": the next page token is set;
    - "offset": the page has items, the total (if any) is not reached, and the page is as full
      as the asked (or first) limit;
    - "link": the `Link` header has a `rel="next"` URL (without any `Link` header: a page as
      full as the asked or first page size, counting pages with the page parameter);
    - "next_url": the next URL is set.

    A next request equal to the one that fetched this page ends the iteration (a server that
    repeats its cursor would otherwise be asked forever).
    """

    def __init__(
        self,
        document: Any,
        spec: PageSpec,
        query: Sequence[QueryParam] = (),
        *,
        size: int | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.document = document
        self.spec = spec
        self.query = list(query)
        self.response = response
        self.number, asked = current_page(self.query, spec)
        self._size = size or asked or (len(self.items) or None)

    @property
    def items(self) -> list[_T]:
        """The items of this page only."""
        listed = self.document if not self.spec.items else _member(self.document, self.spec.items)
        return list(listed) if isinstance(listed, list) else []

    def __getattr__(self, name: str) -> Any:
        """The response's own fields: `page.has_more`, `page.total_count`, `page.meta`..."""
        if name.startswith("__") or name in ("document", "spec", "query", "response", "_size"):
            raise AttributeError(name)
        document = self.__dict__.get("document")
        if isinstance(document, pydantic.BaseModel) and hasattr(document, name):
            return getattr(document, name)
        if isinstance(document, Mapping) and name in document:
            return document[name]
        raise AttributeError(f"{type(self).__name__} (and its response) has no {name!r}")

    @property
    def included(self) -> list[Any] | None:
        """The resources a JSON:API server included with the page."""
        return cast("list[Any] | None", getattr(self.document, "included", None))

    def _url(self, target: object) -> str | None:
        if not isinstance(target, str) or not target:
            return None
        base = self.response.request.url if self.response is not None else None
        return str(base.join(target)) if base is not None else target

    def _after_number(self, full: bool) -> NextRequest | None:
        return NextRequest(with_page(self.query, self.spec, self.number + 1)) if full else None

    def _full(self) -> bool:
        items = self.items
        return bool(items) and self._size is not None and len(items) >= self._size

    def _jsonapi_next(self) -> NextRequest | None:
        links = getattr(self.document, "links", None)
        if isinstance(links, pydantic.BaseModel):
            links = to_jsonable(links)
        if isinstance(links, Mapping) and "next" in links:
            return self._after_number(bool(links["next"]))
        total = _total_pages(getattr(self.document, "meta", None), self._size)
        if total is not None:
            return self._after_number(self.number < total)
        return self._after_number(self._full())

    def next_request(self) -> NextRequest | None:
        """The request of the next page; None on the last page."""
        spec = self.spec
        if spec.style == "jsonapi":
            found = self._jsonapi_next()
        elif spec.style in ("cursor", "token"):
            found = None
            if spec.has_more_field and _at(self.document, spec.has_more_field) is False:
                return None
            if spec.next_field:
                cursor = _at(self.document, spec.next_field)
            else:
                items = self.items
                # nothing says more follow: a page shorter than the first one is the last
                known = bool(spec.has_more_field) or self._full()
                cursor = _member(items[-1], "id") if items and known else None
            if cursor is not None and cursor != "":
                found = NextRequest(with_page(self.query, spec, cursor))
        elif spec.style == "offset":
            items = self.items
            total = _at(self.document, spec.total_field) if spec.total_field else None
            following = self.number + len(items)
            more = self._full() and not (isinstance(total, int) and following >= total)
            found = NextRequest(with_page(self.query, spec, following)) if more else None
        elif spec.style == "link":
            headers = self.response.headers if self.response is not None else httpx.Headers()
            if "link" in headers:
                url = self._url(link_next(", ".join(headers.get_list("link"))))
                found = NextRequest(url=url) if url else None
            else:
                found = self._after_number(bool(spec.parameter) and self._full())
        else:
            url = self._url(_at(self.document, spec.next_field))
            found = NextRequest(url=url) if url else None
        if found is None or self._repeats(found):
            return None
        return found

    def _repeats(self, found: NextRequest) -> bool:
        if found.url is not None:
            return self.response is not None and found.url == str(self.response.request.url)
        return list(found.query) == self.query

    def has_next_page(self) -> bool:
        return self.next_request() is not None

    def _require_next(self) -> NextRequest:
        found = self.next_request()
        if found is None:
            raise SDKError("There is no next page (check `has_next_page()` first)")
        return found

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
        return f"<{type(self).__name__} {self.spec.style} items={len(self.items)}>"


class SyncPage(_BasePage[_T]):
    """A page; iterating over it yields every item of every page, fetching pages as needed."""

    def __init__(
        self,
        document: Any,
        spec: PageSpec,
        query: Sequence[QueryParam] = (),
        *,
        fetch: Callable[[NextRequest, int | None], SyncPage[_T]],
        size: int | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(document, spec, query, size=size, response=response)
        self._fetch = fetch

    def next_page(self) -> SyncPage[_T]:
        return self._fetch(self._require_next(), self._size)

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_BasePage[_T]):
    """An async page; `async for` over it yields every item of every page."""

    def __init__(
        self,
        document: Any,
        spec: PageSpec,
        query: Sequence[QueryParam] = (),
        *,
        fetch: Callable[[NextRequest, int | None], Awaitable[AsyncPage[_T]]],
        size: int | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(document, spec, query, size=size, response=response)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[_T]:
        return await self._fetch(self._require_next(), self._size)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item
