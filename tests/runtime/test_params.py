"""generator/runtime/_params.py: parameters serialised per location, style and explode."""

from __future__ import annotations

import datetime
import enum
from collections import deque

import pytest

from generator.runtime._models import BaseModel
from generator.runtime._params import (
    CookieParam,
    HeaderParam,
    PathParam,
    QueryParam,
    cookie_pairs,
    expand_path,
    header_value,
    query_pieces,
    serialize_query,
    to_text,
)
from generator.runtime._types import NOT_GIVEN


class Color(enum.Enum):
    RED = "red"


class Filter(BaseModel):
    name: str | None = None
    size: int | None = None


def test_unset_and_empty_query_parameters_are_left_out() -> None:
    params = [
        QueryParam("a", None),
        QueryParam("b", NOT_GIVEN),
        QueryParam("c", []),
        QueryParam("d", {}),
        QueryParam("e", Filter()),
        QueryParam("f", 0),
        QueryParam("g", ""),
    ]
    assert serialize_query(params) == ["f=0", "g="]


def test_query_values_are_percent_encoded_and_delimiters_stay_literal() -> None:
    assert serialize_query([QueryParam("tags", ["a,b", "c d"], explode=False)]) == [
        "tags=a%2Cb,c%20d"
    ]
    assert serialize_query([QueryParam("tags", ["a", "b"])]) == ["tags=a", "tags=b"]
    assert serialize_query(
        [QueryParam("t", ["a", "b"], style="spaceDelimited", explode=False)]
    ) == ["t=a%20b"]
    assert serialize_query([QueryParam("t", ["a", "b"], style="pipeDelimited", explode=False)]) == [
        "t=a|b"
    ]
    assert serialize_query([QueryParam("q", "a/b?c", allow_reserved=True)]) == ["q=a/b?c"]
    assert serialize_query([QueryParam("q", "a/b?c")]) == ["q=a%2Fb%3Fc"]


def test_any_sequence_but_a_string_is_a_list() -> None:
    as_list = serialize_query([QueryParam("tags", ["a", "b"])])
    for value in (("a", "b"), deque(["a", "b"]), {"a": None, "b": None}.keys()):
        assert serialize_query([QueryParam("tags", value)]) == as_list
    assert serialize_query([QueryParam("n", range(1, 3), explode=False)]) == ["n=1,2"]
    assert serialize_query([QueryParam("tags", "ab")]) == ["tags=ab"]  # a str is one value
    assert serialize_query([QueryParam("tags", b"ab")]) == ["tags=YWI%3D"]  # base64, one value


def test_objects_serialise_as_form_and_deep_object() -> None:
    color = {"R": 100, "G": None, "B": 150}
    assert serialize_query([QueryParam("color", color)]) == ["R=100", "B=150"]
    assert serialize_query([QueryParam("color", color, explode=False)]) == ["color=R,100,B,150"]
    assert serialize_query([QueryParam("color", color, style="deepObject")]) == [
        "color%5BR%5D=100",
        "color%5BB%5D=150",
    ]
    assert serialize_query([QueryParam("filter", Filter(name="x"), style="deepObject")]) == [
        "filter%5Bname%5D=x"
    ]


def test_content_parameters_are_sent_as_their_media_type() -> None:
    param = QueryParam("q", {"a": [1, 2]}, content_type="application/json")
    assert serialize_query([param]) == ["q=%7B%22a%22%3A%5B1%2C2%5D%7D"]


def test_scalars_as_text() -> None:
    assert to_text(True) == "true"
    assert to_text(Color.RED) == "red"
    assert to_text(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert to_text(b"\x00\xff") == "AP8="
    assert to_text({"a": 1}) == '{"a":1}'


def test_plain_path_values_are_percent_encoded_slash_included() -> None:
    assert expand_path("/items/{id}", {"id": "a b/c"}) == "/items/a%20b%2Fc"
    assert expand_path("/items/{id}/x", {"id": 12}) == "/items/12/x"
    assert expand_path("/items/{id}", {"id": True}) == "/items/true"
    assert expand_path("/items", {}) == "/items"


def test_dot_segments_are_percent_encoded() -> None:
    assert expand_path("/items/{id}", {"id": ".."}) == "/items/%2E%2E"
    assert expand_path("/items/{id}", {"id": "."}) == "/items/%2E"
    assert expand_path("/items/{id}", {"id": "1.5"}) == "/items/1.5"


def test_missing_or_empty_path_values_are_refused() -> None:
    with pytest.raises(ValueError, match="Missing path parameter `id`"):
        expand_path("/items/{id}", {})
    with pytest.raises(ValueError, match="non-empty value for path parameter `id`"):
        expand_path("/items/{id}", {"id": ""})
    with pytest.raises(ValueError, match="non-empty value for path parameter `id`"):
        expand_path("/items/{id}", {"id": None})


def test_path_styles() -> None:
    def one(value: object, style: str, explode: bool) -> str:
        return expand_path("{v}", {"v": PathParam(value, style=style, explode=explode)})

    assert one(["a", "b"], "simple", False) == "a,b"
    assert one(["a", "b"], "label", True) == ".a.b"
    assert one({"k": "v"}, "matrix", True) == ";k=v"
    assert one(["a", "b"], "matrix", False) == ";v=a,b"
    assert one(None, "label", False) == ""
    assert one({"k": 1}, "simple", True) == "k=1"
    assert one({"k": 1}, "simple", False) == "k,1"


def test_headers_are_sent_as_they_are_but_for_what_a_header_cannot_carry() -> None:
    assert header_value("a b/c") == "a b/c"
    assert header_value("caf\u00e9\n") == "caf%C3%A9%0A"
    assert header_value(None) is None
    assert header_value(["a,b", "c"]) == "a%2Cb,c"
    assert header_value(HeaderParam({"k": "v=1"}, explode=True)) == "k=v%3D1"
    assert header_value(HeaderParam({"k": "v"})) == "k,v"


def test_cookies_are_form_style_pairs() -> None:
    assert cookie_pairs("id", "a b;c") == ["id=a%20b%3Bc"]
    assert cookie_pairs("ids", ["a", "b"]) == ["ids=a", "ids=b"]
    assert cookie_pairs("ids", CookieParam(["a", "b"], explode=False)) == ["ids=a,b"]
    assert cookie_pairs("o", {"k": "v", "n": 1}) == ["k=v", "n=1"]
    assert cookie_pairs("o", None) == []


def test_a_querystring_value_is_the_whole_query() -> None:
    """OpenAPI 3.2's `in: querystring`: form-urlencoded by default (a list one pair per item, the
    parameter's name never sent), else the value in its media type as the query itself."""
    value = {"q": "a b", "tags": ["x", "y"], "skip": None}
    assert query_pieces("filter", value, "querystring") == ["q=a%20b", "tags=x", "tags=y"]
    assert query_pieces("filter", {}, "querystring") == []
    assert query_pieces("filter", "raw", "querystring") == ["raw"]
    json_query = query_pieces("filter", {"a": 1}, "querystring", content_type="application/json")
    assert json_query == ["%7B%22a%22%3A1%7D"]
