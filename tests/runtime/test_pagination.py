"""generator/runtime/_pagination.py: the page asked for, and whether another follows."""

from __future__ import annotations

from typing import Any

from generator.runtime._pagination import PageSpec, SyncPage, current_page, with_page
from generator.runtime._params import QueryParam, serialize_query

PARAMS = PageSpec(style="params", number_parameter="page[number]", size_parameter="page[size]")
OBJECT = PageSpec(
    style="object",
    number_parameter="page",
    number_key="number",
    size_parameter="page",
    size_key="size",
)


class Document:
    def __init__(self, data: list[Any], meta: Any = None, links: Any = None) -> None:
        self.data, self.meta, self.links = data, meta, links


def test_the_page_asked_for_by_two_parameters_or_one_deep_object() -> None:
    assert current_page([], PARAMS) == (1, None)
    assert current_page([QueryParam("page[size]", 5)], PARAMS) == (1, 5)
    assert current_page(
        [QueryParam("page[number]", "3"), QueryParam("page[size]", None)], PARAMS
    ) == (3, None)
    assert current_page([QueryParam("page", {"size": 2}, style="deepObject")], OBJECT) == (1, 2)


def test_the_next_query_changes_the_page_number_only() -> None:
    query = [QueryParam("sort", "name"), QueryParam("page[size]", 2)]
    assert serialize_query(with_page(query, PARAMS, 2)) == [
        "sort=name",
        "page%5Bsize%5D=2",
        "page%5Bnumber%5D=2",
    ]
    deep = [QueryParam("page", {"size": 2}, style="deepObject")]
    assert serialize_query(with_page(deep, OBJECT, 3)) == ["page%5Bsize%5D=2", "page%5Bnumber%5D=3"]


def page(document: Document, number: int = 1, size: int | None = None) -> SyncPage[int]:
    def fetch(number: int, size: int | None) -> SyncPage[int]:
        raise AssertionError("not fetched")

    return SyncPage(document, number, size, fetch)


def test_a_next_page_exists_per_links_next_then_meta_then_a_full_page() -> None:
    assert page(Document([1, 2], links={"next": "/x?page=2"})).has_next_page()
    assert not page(Document([1, 2], links={"next": None}, meta={"total": 100})).has_next_page()
    assert page(Document([1, 2], meta={"total": 5}), 2, 2).has_next_page()
    assert not page(Document([1], meta={"total": 5}), 3, 2).has_next_page()
    assert not page(Document([1, 2], meta={"page": {"last_page": 1}})).has_next_page()
    # Without a size asked for, the first page's length is the page size: full, so maybe more.
    assert page(Document([1, 2])).has_next_page()
    assert not page(Document([1], meta=None), 2, 2).has_next_page()
    assert not page(Document([])).has_next_page()


def test_iterating_a_page_fetches_the_following_ones() -> None:
    documents = {1: Document([1, 2]), 2: Document([3, 4]), 3: Document([5])}
    fetched: list[tuple[int, int | None]] = []

    def fetch(number: int, size: int | None) -> SyncPage[int]:
        fetched.append((number, size))
        return SyncPage(documents[number], number, size, fetch)

    first = SyncPage(documents[1], 1, None, fetch)
    assert list(first) == [1, 2, 3, 4, 5]
    assert fetched == [(2, 2), (3, 2)]
