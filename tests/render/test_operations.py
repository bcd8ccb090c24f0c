"""The steps of an operation's view: the signature, what the method returns, the bulk twin."""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.render.operations import bulk_twin, method_returns, method_signature
from generator.render.signatures import OPTIONS
from generator.typing_printer import annotation
from tests import ir_samples

ITEM = ir_samples.model_ref("Thing")
ID = ir_samples.param("id", "path", ir_samples.INT, required=True)
PAGE = ir_samples.param("page", "query", ir_samples.INT)


def names(parameters: tuple[object, ...]) -> list[str]:
    return [p.name for p in parameters]


def test_path_parameters_are_positional_and_the_options_close_the_keyword_ones() -> None:
    op = ir_samples.operation("u", "update", "PATCH", "/x/{id}", parameters=(ID, PAGE), body=ITEM)
    signature = method_signature(op)
    assert names(signature.positional) == ["id"]
    assert names(signature.keyword) == ["page", "body", *names(OPTIONS)]
    body = signature.keyword[1]
    assert body.default is None  # a required body has no default
    assert signature.media_types == ()


def test_an_optional_body_defaults_to_none_and_several_media_types_add_content_type() -> None:
    op = ir_samples.operation("c", "create", "POST", "/x", body=ITEM)
    json_body = dataclasses.replace(op.request_bodies[0], required=False)
    form_body = dataclasses.replace(json_body, media_type="application/x-www-form-urlencoded")
    signature = method_signature(dataclasses.replace(op, request_bodies=(json_body, form_body)))
    body, content_type = signature.keyword[:2]
    assert (body.name, body.default) == ("body", "None")
    assert ir.NONE in body.type.members  # type: ignore[attr-defined]
    assert content_type.default == "'application/vnd.api+json'"
    assert signature.media_types == (
        "application/vnd.api+json",
        "application/x-www-form-urlencoded",
    )
    # the bulk twin takes its items instead of a body, in no media type of its own
    assert names(signature.bulk_keyword) == names(OPTIONS)


def test_a_paginated_list_returns_pages_of_its_items_and_parses_the_response_type() -> None:
    op = ir_samples.operation("l", "list", "GET", "/x", returns=ir_samples.model_ref("ThingList"))
    pages = ir.Pagination("jsonapi", ITEM, "data", "page[number]")
    returns = method_returns(dataclasses.replace(op, pagination=pages), frozenset(), frozenset())
    assert (returns.sync, returns.async_) == ("SyncPage[Thing]", "AsyncPage[Thing]")
    assert returns.cast_to == "ThingList" and returns.page_item == ITEM.python


def test_a_response_that_is_not_a_class_is_parsed_through_response_type() -> None:
    op = ir_samples.operation("g", "retrieve", "GET", "/x", returns=ir_samples.ID_OR_NAME)
    returns = method_returns(op, frozenset(), frozenset())
    assert (returns.sync, returns.cast_to) == ("int | str", "ResponseType[int | str]")
    nothing = method_returns(
        ir_samples.operation("d", "delete", "DELETE", "/x"), frozenset(), frozenset()
    )
    assert (nothing.sync, nothing.async_, nothing.cast_to) == ("None", "None", "None")


def test_the_bulk_twin_takes_items_or_json_objects_sync_and_async() -> None:
    op = ir_samples.operation("c", "create", "POST", "/x", body=ITEM)
    assert bulk_twin(op) is None
    twin = bulk_twin(dataclasses.replace(op, bulk=ir.Bulk("create_bulk", ITEM)))
    assert twin is not None and annotation(twin.item) == "Thing"
    assert annotation(twin.items) == "Iterable[Thing | dict[str, Any]]"
    assert annotation(twin.async_items) == (
        "Iterable[Thing | dict[str, Any]] | AsyncIterable[Thing | dict[str, Any]]"
    )
