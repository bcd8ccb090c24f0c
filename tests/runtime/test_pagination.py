"""generator/runtime/_pagination.py: the page asked for, and the request of the next one, per
style (JSON:API page numbers, cursor, page token, offset, Link header, next URL in the body)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import SDKError
from generator.runtime._pagination import (
    AsyncPage,
    NextRequest,
    PageSpec,
    SyncPage,
    current_page,
    link_next,
    with_page,
)
from generator.runtime._params import QueryParam, serialize_query

PARAMS = PageSpec(style="jsonapi", parameter="page[number]", size_parameter="page[size]")
OBJECT = PageSpec(
    style="jsonapi",
    parameter="page",
    parameter_key="number",
    size_parameter="page",
    size_key="size",
)
CURSOR = PageSpec(style="cursor", parameter="after", has_more_field=("has_more",))
LAST_ID = PageSpec(
    style="cursor", parameter="after", next_field=("last_id",), has_more_field=("has_more",)
)
TOKEN = PageSpec(style="token", parameter="pageToken", items="items", next_field=("next",))
OFFSET = PageSpec(
    style="offset", parameter="offset", size_parameter="limit", total_field=("total",)
)
LINK = PageSpec(style="link", parameter="page", size_parameter="per_page", items="")
NEXT_URL = PageSpec(style="next_url", items="value", next_field=("@odata.nextLink",))


class Document:
    def __init__(self, data: list[Any], meta: Any = None, links: Any = None) -> None:
        self.data, self.meta, self.links = data, meta, links


class Item(pydantic.BaseModel):
    id: str


class ItemList(pydantic.BaseModel):
    data: list[Item]
    has_more: bool
    last_id: str | None = None


class GraphList(pydantic.BaseModel):
    value: list[int]
    next_link: str | None = pydantic.Field(default=None, alias="@odata.nextLink")


def test_the_page_asked_for_by_two_parameters_or_one_deep_object() -> None:
    assert current_page([], PARAMS) == (1, None)
    assert current_page([QueryParam("page[size]", 5)], PARAMS) == (1, 5)
    assert current_page(
        [QueryParam("page[number]", "3"), QueryParam("page[size]", None)], PARAMS
    ) == (3, None)
    assert current_page([QueryParam("page", {"size": 2}, style="deepObject")], OBJECT) == (1, 2)
    assert current_page([QueryParam("limit", 10)], OFFSET) == (0, 10)


def test_the_next_query_changes_the_page_number_only() -> None:
    query = [QueryParam("sort", "name"), QueryParam("page[size]", 2)]
    assert serialize_query(with_page(query, PARAMS, 2)) == [
        "sort=name",
        "page%5Bsize%5D=2",
        "page%5Bnumber%5D=2",
    ]
    deep = [QueryParam("page", {"size": 2}, style="deepObject")]
    assert serialize_query(with_page(deep, OBJECT, 3)) == ["page%5Bsize%5D=2", "page%5Bnumber%5D=3"]


def never(following: NextRequest, size: int | None) -> SyncPage[Any]:
    raise AssertionError("not fetched")


def page(document: Any, spec: PageSpec = PARAMS, *query: QueryParam, **kw: Any) -> SyncPage[Any]:
    return SyncPage(document, spec, list(query), fetch=never, **kw)


def test_a_jsonapi_next_page_exists_per_links_next_then_meta_then_a_full_page() -> None:
    two = QueryParam("page[number]", 2)
    three = QueryParam("page[number]", 3)
    assert page(Document([1, 2], links={"next": "/x?page=2"})).has_next_page()
    assert not page(Document([1, 2], links={"next": None}, meta={"total": 100})).has_next_page()
    assert page(Document([1, 2], meta={"total": 5}), PARAMS, two, size=2).has_next_page()
    assert not page(Document([1], meta={"total": 5}), PARAMS, three, size=2).has_next_page()
    assert not page(Document([1, 2], meta={"page": {"last_page": 1}})).has_next_page()
    # Without a size asked for, the first page's length is the page size: full, so maybe more.
    assert page(Document([1, 2])).has_next_page()
    assert not page(Document([1], meta=None), PARAMS, two, size=2).has_next_page()
    assert not page(Document([])).has_next_page()


def test_iterating_a_page_fetches_the_following_ones() -> None:
    documents = {1: Document([1, 2]), 2: Document([3, 4]), 3: Document([5])}
    fetched: list[tuple[int, int | None]] = []

    def fetch(following: NextRequest, size: int | None) -> SyncPage[int]:
        number = current_page(following.query, PARAMS)[0]
        fetched.append((number, size))
        return SyncPage(documents[number], PARAMS, following.query, fetch=fetch, size=size)

    first = SyncPage(documents[1], PARAMS, [], fetch=fetch)
    assert list(first) == [1, 2, 3, 4, 5]
    assert fetched == [(2, 2), (3, 2)]


def test_a_cursor_is_the_last_items_id_while_has_more_and_other_parameters_stay() -> None:
    more = ItemList(data=[Item(id="a"), Item(id="b")], has_more=True)
    sent = page(more, CURSOR, QueryParam("limit", 2), QueryParam("after", "z"))
    following = sent.next_request()
    assert following is not None and following.url is None
    assert serialize_query(following.query) == ["limit=2", "after=b"]
    assert not page(ItemList(data=[Item(id="c")], has_more=False), CURSOR).has_next_page()
    assert not page(ItemList(data=[], has_more=True), CURSOR).has_next_page()


def test_a_cursor_field_wins_over_the_last_id_and_a_repeated_cursor_ends() -> None:
    listed = ItemList(data=[Item(id="a")], has_more=True, last_id="x9")
    following = page(listed, LAST_ID).next_request()
    assert following is not None and serialize_query(following.query) == ["after=x9"]
    assert not page(listed, LAST_ID, QueryParam("after", "x9")).has_next_page()
    assert not page(ItemList(data=[Item(id="a")], has_more=True), LAST_ID).has_next_page()


def test_a_page_token_is_sent_until_the_response_has_none() -> None:
    following = page({"items": [1], "next": "t2"}, TOKEN, QueryParam("q", "x")).next_request()
    assert following is not None and serialize_query(following.query) == ["q=x", "pageToken=t2"]
    assert not page({"items": [1], "next": ""}, TOKEN).has_next_page()
    assert not page({"items": [1]}, TOKEN).has_next_page()


def test_an_offset_advances_by_the_items_received_until_a_short_page_or_the_total() -> None:
    limit = QueryParam("limit", 2)
    following = page({"data": [1, 2], "total": 9}, OFFSET, limit).next_request()
    assert following is not None and serialize_query(following.query) == ["limit=2", "offset=2"]
    at_four = QueryParam("offset", 4)
    assert page({"data": [5, 6]}, OFFSET, limit, at_four).has_next_page()
    assert not page({"data": [5]}, OFFSET, limit, at_four).has_next_page()
    assert not page({"data": [5, 6], "total": 6}, OFFSET, limit, at_four).has_next_page()
    assert not page({"data": []}, OFFSET).has_next_page()


def test_the_link_headers_next_url_is_found_among_other_relations() -> None:
    header = '<https://x.test/r?page=2>; rel="next", <https://x.test/r?page=5>; rel="last"'
    assert link_next(header) == "https://x.test/r?page=2"
    assert link_next('<https://x.test/a>; rel="prev last"') is None
    assert link_next("<https://x.test/b>; title=\"a, b\"; rel='x', </c?d=1>; REL=next") == "/c?d=1"
    assert link_next('</p?page=3>; rel="prev next"') == "/p?page=3"
    assert link_next(None) is None and link_next("garbage") is None


def response(url: str, headers: Mapping[str, str] | None = None) -> httpx.Response:
    return httpx.Response(200, headers=headers, request=httpx.Request("GET", url))


def test_a_link_page_follows_the_next_url_as_given_resolved_against_the_request() -> None:
    sent = "https://api.test/orgs/o/repos?per_page=2"
    link = {"Link": '</orgs/o/repos?per_page=2&page=2>; rel="next"'}
    following = page([1, 2], LINK, response=response(sent, link)).next_request()
    assert following == NextRequest(url="https://api.test/orgs/o/repos?per_page=2&page=2")
    assert not page(
        [1, 2], LINK, response=response(sent, {"Link": '<x>; rel="prev"'})
    ).has_next_page()
    # Without any Link header the page parameter counts pages while they are full.
    counted = page([1, 2], LINK, QueryParam("per_page", 2), response=response(sent))
    assert counted.next_request() == NextRequest([QueryParam("per_page", 2), QueryParam("page", 2)])
    assert not page([1], LINK, QueryParam("per_page", 2), response=response(sent)).has_next_page()


def test_a_next_url_in_the_body_is_followed_until_it_is_missing() -> None:
    listed = GraphList.model_validate({"value": [1], "@odata.nextLink": "https://g.test/u?$skip=1"})
    assert page(listed, NEXT_URL).next_request() == NextRequest(url="https://g.test/u?$skip=1")
    assert not page(GraphList(value=[1]), NEXT_URL).has_next_page()


def test_the_response_fields_are_the_pages_attributes() -> None:
    listed = ItemList(data=[Item(id="a")], has_more=False, last_id="a")
    first = page(listed, LAST_ID)
    assert first.has_more is False and first.last_id == "a"
    assert [item.id for item in first.items] == ["a"]
    assert page({"items": [1], "next": "t"}, TOKEN).next == "t"
    with pytest.raises(AttributeError):
        _ = first.missing
    with pytest.raises(SDKError):
        first.next_page()


def test_async_pages_fetch_lazily_as_they_are_iterated() -> None:
    documents = {None: ["a", "b"], "b": ["c", "d"], "d": ["e"]}
    fetched: list[object] = []
    spec = PageSpec(style="cursor", parameter="after", items="")

    async def fetch(following: NextRequest, size: int | None) -> AsyncPage[Any]:
        after = {p.name: p.value for p in following.query}.get("after")
        fetched.append(after)
        items = [{"id": x} for x in documents[after]]  # type: ignore[index]
        return AsyncPage(items, spec, following.query, fetch=fetch, size=size)

    async def main() -> list[str]:
        first = await fetch(NextRequest(), None)
        seen: list[str] = []
        async for item in first:
            seen.append(item["id"])
            if item["id"] == "b":
                assert fetched == [None]  # the second page not fetched before it is needed
        pages = [p async for p in first.iter_pages()]
        assert len(pages) == 3
        return seen

    assert asyncio.run(main()) == ["a", "b", "c", "d", "e"]
