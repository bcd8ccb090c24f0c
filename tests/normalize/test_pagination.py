"""normalize/pagination.py: the paging style of a list operation, detected only when both the
request parameter and the response's field (or header) show it; declared by the config or by
another generator's extension where the spec does not show it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.config import ApiConfig, PageDeclaration
from generator.diagnostics import Diagnostic
from generator.normalize import normalize

ITEM = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
NAMELESS = {"type": "object", "properties": {"name": {"type": "string"}}}


def query(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]


def lists(
    properties: dict[str, Any], *names: str, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A spec of one GET /things taking the query parameters `names`, answering `properties`
    (an object), or an array of ITEM when `properties` is empty."""
    schema = {"type": "object", "properties": properties} if properties else ITEM_ARRAY
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "parameters": query(*names),
                    "responses": {"200": response},
                }
            }
        },
    }


ITEM_ARRAY = {"type": "array", "items": ITEM}
DATA = {"data": ITEM_ARRAY}


def run(
    data: dict[str, Any], config: ApiConfig | None = None
) -> tuple[ir.Operation, list[Diagnostic]]:
    api, diagnostics = normalize(
        data, config=config or ApiConfig(), package_name="demo", source_name="spec.yaml"
    )
    (op,) = api.all_operations()
    return op, diagnostics


def pages(data: dict[str, Any], config: ApiConfig | None = None) -> ir.Pagination | None:
    return run(data, config)[0].pagination


def described(found: ir.Pagination | None) -> tuple[object, ...] | None:
    if found is None:
        return None
    fields = found.next_field, found.has_more_field, found.total_field
    return (found.style, found.items_field, found.parameter, *fields)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (  # OpenAI: `after` with `last_id` and `has_more`
            lists(
                {**DATA, "last_id": {"type": "string"}, "has_more": {"type": "boolean"}},
                "after",
                "limit",
            ),
            ("cursor", "data", "after", ("last_id",), ("has_more",), ()),
        ),
        (  # Stripe: `starting_after` with `has_more`, the cursor is the last item's id
            lists({**DATA, "has_more": {"type": "boolean"}}, "starting_after", "limit"),
            ("cursor", "data", "starting_after", (), ("has_more",), ()),
        ),
        (  # a cursor field without a has-more flag
            lists({"items": ITEM_ARRAY, "next_cursor": {"type": ["string", "null"]}}, "cursor"),
            ("cursor", "items", "cursor", ("next_cursor",), (), ()),
        ),
        (  # Google: page tokens
            lists(
                {"things": ITEM_ARRAY, "nextPageToken": {"type": "string"}},
                "pageToken",
                "pageSize",
            ),
            ("token", "things", "pageToken", ("nextPageToken",), (), ()),
        ),
        (  # offset and limit, with a total
            lists({"results": ITEM_ARRAY, "total": {"type": "integer"}}, "offset", "limit"),
            ("offset", "results", "offset", (), (), ("total",)),
        ),
        (  # Microsoft Graph: the next link, whatever the parameters
            lists({"value": ITEM_ARRAY, "@odata.nextLink": {"type": "string"}}),
            ("next_url", "value", "", ("@odata.nextLink",), (), ()),
        ),
        (  # `links.next` beside a paging parameter
            lists(
                {**DATA, "links": {"type": "object", "properties": {"next": {"type": "string"}}}},
                "limit",
            ),
            ("next_url", "data", "", ("links", "next"), (), ()),
        ),
        (  # GitHub: a documented Link header on an array response
            lists({}, "per_page", "page", headers={"Link": {"schema": {"type": "string"}}}),
            ("link", "", "page", (), (), ()),
        ),
        (  # GitHub: an object holding the list, `page`/`per_page` without a documented header
            lists({"total_count": {"type": "integer"}, "runs": ITEM_ARRAY}, "per_page", "page"),
            ("link", "runs", "page", (), (), ()),
        ),
    ],
)
def test_a_style_is_detected_from_the_parameter_and_the_response(
    data: dict[str, Any], expected: tuple[object, ...]
) -> None:
    assert described(pages(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        # a cursor parameter, but nothing in the response says where the next page is
        lists(DATA, "after", "limit"),
        # `has_more`, but the items have no `id` to continue after
        lists(
            {"data": {"type": "array", "items": NAMELESS}, "has_more": {"type": "boolean"}}, "after"
        ),
        # `has_more` is not a boolean
        lists({**DATA, "has_more": {"type": "string"}}, "starting_after"),
        # only a backward cursor
        lists({**DATA, "has_more": {"type": "boolean"}}, "before", "ending_before"),
        # a next token in the response the request cannot send back
        lists({**DATA, "nextPageToken": {"type": "string"}}, "limit"),
        # an offset without a limit: no page size to tell a short page
        lists(DATA, "offset"),
        # `next` with no paging parameter: a word, not evidence of a link
        lists({**DATA, "next": {"type": "string"}}, "q"),
        # a next link that is not text
        lists({**DATA, "nextLink": {"type": "integer"}}),
        # an array without a Link header or the page/per_page pair
        lists({}, "page"),
        lists({}, "per_page"),
        # several lists and none of the usual names: which one is the page's is a guess
        lists({"a": ITEM_ARRAY, "b": ITEM_ARRAY, "has_more": {"type": "boolean"}}, "after"),
        # not a list at all
        lists({"id": {"type": "string"}, "nextPageToken": {"type": "string"}}, "pageToken"),
    ],
)
def test_near_misses_are_not_detected(data: dict[str, Any]) -> None:
    assert pages(data) is None


def test_only_a_get_pages() -> None:
    data = lists({**DATA, "has_more": {"type": "boolean"}}, "starting_after")
    data["paths"]["/things"]["post"] = data["paths"]["/things"].pop("get")
    assert pages(data) is None


def config(*entries: tuple[str, PageDeclaration | None]) -> ApiConfig:
    return ApiConfig(path=Path("/api/sdkgen.yaml"), pagination=entries)


def test_the_config_declares_what_the_spec_does_not_show() -> None:
    data = lists(
        {
            "entries": ITEM_ARRAY,
            "meta": {"type": "object", "properties": {"cursor": {"type": "string"}}},
        },
        "cursor",
    )
    assert pages(data) is None
    declared = PageDeclaration(style="cursor", parameter="cursor", next=("meta", "cursor"))
    for key in ("listThings", "GET /things", "GET /th*"):
        found = pages(data, config((key, declared)))
        assert described(found) == ("cursor", "entries", "cursor", ("meta", "cursor"), (), ())
        assert found is not None and found.source == "config"


def test_the_config_turns_a_detected_style_off() -> None:
    data = lists({**DATA, "has_more": {"type": "boolean"}}, "starting_after")
    assert pages(data, config(("GET /things", None))) is None


def test_a_declaration_that_does_not_fit_is_reported_and_detection_stands() -> None:
    data = lists({**DATA, "has_more": {"type": "boolean"}}, "starting_after")
    declared = PageDeclaration(style="cursor", parameter="after")
    op, diagnostics = run(data, config(("listThings", declared)))
    assert described(op.pagination) == ("cursor", "data", "starting_after", (), ("has_more",), ())
    (problem,) = [d for d in diagnostics if d.code == "config.pagination-ignored"]
    assert problem.message == (
        "/api/sdkgen.yaml: pagination.listThings does not fit GET /things: "
        "it has no query parameter 'after' (`parameter`)"
    )
    missing = PageDeclaration(style="token", parameter="starting_after", next=("next_token",))
    _, diagnostics = run(data, config(("listThings", missing)))
    assert any("no field /next_token (`next`)" in d.message for d in diagnostics)


def test_a_declaration_naming_no_operation_is_reported() -> None:
    _, diagnostics = run(lists(DATA, "q"), config(("GET /thing", None)))
    (problem,) = [d for d in diagnostics if d.code == "config.pagination-unused"]
    assert "pagination.GET /thing names no operation" in problem.message


def test_speakeasy_and_fern_extensions_declare_the_style() -> None:
    data = lists({"records": ITEM_ARRAY, "next": {"type": "string"}}, "cursor")
    operation = data["paths"]["/things"]["get"]
    operation["x-speakeasy-pagination"] = {
        "type": "cursor",
        "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}],
        "outputs": {"nextCursor": "$.next", "results": "$.records"},
    }
    found = pages(data)
    assert described(found) == ("cursor", "records", "cursor", ("next",), (), ())
    assert found is not None and found.source == "extension"
    del operation["x-speakeasy-pagination"]
    operation["x-fern-pagination"] = {
        "cursor": "$request.cursor",
        "next_cursor": "$response.next",
        "results": "$response.records",
    }
    assert described(pages(data)) == ("cursor", "records", "cursor", ("next",), (), ())
    operation["x-fern-pagination"] = {"offset": "$request.offset", "results": "$response.records"}
    op, diagnostics = run(data)
    assert op.pagination is None  # there is no `offset` parameter: reported, not guessed
    assert any(d.code == "normalize.pagination-extension-ignored" for d in diagnostics)


@pytest.mark.parametrize(
    ("properties", "names", "expected"),
    [
        ({"next": {"type": "string"}, "previous": {"type": "string"}}, ("page",), True),
        ({"next": {"type": "string", "description": "The next page's URL"}}, ("limit",), True),
        ({"next": {"type": "string"}}, ("limit",), False),  # a cursor? a name? unknown
        ({"next": {"type": "string"}, "previous": {"type": "string"}}, ("cursor",), False),
    ],
)
def test_a_bare_next_field_is_a_url_only_when_the_spec_says_so(
    properties: dict[str, Any], names: tuple[str, ...], expected: bool
) -> None:
    found = pages(lists({"results": ITEM_ARRAY, **properties}, *names))
    assert (found is not None and found.style == "next_url") is expected
