"""The runtime expressions a generated method passes: parameters, pages and encodings by
keyword after their name and value, so that the call reads without the runtime at hand."""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.render.arguments import (
    cookie_value,
    encoding_value,
    header_value,
    page_spec_value,
    path_value,
    query_value,
)
from generator.runtime._bodies import PropertyEncoding
from generator.runtime._pagination import PageSpec
from generator.runtime._params import CookieParam, HeaderParam, PathParam, QueryParam
from tests import ir_samples

LIST = ir_samples.list_of(ir_samples.STR)


def build(expression: str) -> object:
    """The runtime object an expression builds, as the generated module would."""
    names = {
        "_QueryParam": QueryParam,
        "_PathParam": PathParam,
        "_HeaderParam": HeaderParam,
        "_CookieParam": CookieParam,
        "_PageSpec": PageSpec,
        "_PropertyEncoding": PropertyEncoding,
    }
    return eval(expression, names, {"ids": ["a", "b"], "include": ["x"], "id": 1})


def test_a_query_parameter_states_its_style_and_explode_even_as_defaults() -> None:
    include = ir_samples.param("include", "query", LIST, explode=False)
    assert query_value(include) == "_QueryParam('include', include, style='form', explode=False)"
    ids = ir_samples.param("ids", "query", LIST, wire_name="id[]")
    assert query_value(ids) == "_QueryParam('id[]', ids, style='form', explode=True)"
    assert build(query_value(ids)) == QueryParam("id[]", ["a", "b"])


def test_reserved_characters_and_content_are_named_only_when_the_parameter_has_them() -> None:
    ids = ir_samples.param("ids", "query", LIST)
    both = dataclasses.replace(ids, allow_reserved=True, content_type="application/json")
    assert query_value(both) == (
        "_QueryParam('ids', ids, style='form', explode=True, allow_reserved=True, "
        "content_type='application/json')"
    )
    assert build(query_value(both)) == QueryParam(
        "ids", ["a", "b"], allow_reserved=True, content_type="application/json"
    )


def test_path_header_and_cookie_parameters_are_plain_values_in_their_default_style() -> None:
    path = ir_samples.param("id", "path", ir_samples.INT, required=True)
    header = ir_samples.param("ids", "header", LIST)
    cookie = ir_samples.param("ids", "cookie", LIST)
    assert [path_value(path), header_value(header), cookie_value(cookie)] == ["id", "ids", "ids"]


def test_other_styles_wrap_the_value_with_keywords() -> None:
    label = ir_samples.param("id", "path", ir_samples.INT, required=True, style="label")
    assert path_value(label) == "_PathParam(id, style='label', explode=False)"
    assert build(path_value(label)) == PathParam(1, style="label")
    exploded = ir_samples.param("ids", "header", LIST, explode=True)
    assert header_value(exploded) == "_HeaderParam(ids, explode=True)"
    flat = ir_samples.param("ids", "cookie", LIST, explode=False)
    assert cookie_value(flat) == "_CookieParam(ids, explode=False)"
    json_cookie = dataclasses.replace(
        ir_samples.param("ids", "cookie", LIST), content_type="application/json"
    )
    assert cookie_value(json_cookie) == "_CookieParam(ids, content_type='application/json')"


def test_a_page_spec_names_its_keys_and_leaves_out_those_it_lacks() -> None:
    deep = ir.Pagination("jsonapi", ir_samples.STR, "data", "page", "number", "page", "size")
    assert page_spec_value(deep) == (
        "_PageSpec(style='jsonapi', parameter='page', parameter_key='number', "
        "size_parameter='page', size_key='size')"
    )
    params = page_spec_value(
        ir.Pagination(
            "jsonapi", ir_samples.STR, "data", "page[number]", size_parameter="page[size]"
        )
    )
    assert params == (
        "_PageSpec(style='jsonapi', parameter='page[number]', size_parameter='page[size]')"
    )
    assert build(params) == PageSpec(
        style="jsonapi", parameter="page[number]", size_parameter="page[size]"
    )


def test_a_page_spec_carries_the_response_fields_as_wire_name_paths() -> None:
    cursor = ir.Pagination(
        "cursor",
        ir_samples.STR,
        "data",
        "after",
        next_field=("last_id",),
        has_more_field=("has_more",),
    )
    assert build(page_spec_value(cursor)) == PageSpec(
        style="cursor",
        parameter="after",
        next_field=("last_id",),
        has_more_field=("has_more",),
    )
    link = ir.Pagination("next_url", ir_samples.STR, "", next_field=("@odata.nextLink",))
    assert page_spec_value(link) == (
        "_PageSpec(style='next_url', items='', next_field=('@odata.nextLink',))"
    )
    offset = ir.Pagination(
        "offset", ir_samples.STR, "value", "offset", total_field=("meta", "total")
    )
    assert build(page_spec_value(offset)) == PageSpec(
        style="offset", parameter="offset", items="value", total_field=("meta", "total")
    )


def test_a_property_encoding_names_its_content_type_or_its_style() -> None:
    styled = ir.PropertyEncoding("tags", style="pipeDelimited", explode=False, allow_reserved=True)
    assert encoding_value(styled) == (
        "_PropertyEncoding('tags', style='pipeDelimited', explode=False, allow_reserved=True)"
    )
    typed = ir.PropertyEncoding("photo", content_type="image/png")
    assert build(encoding_value(typed)) == PropertyEncoding("photo", content_type="image/png")
