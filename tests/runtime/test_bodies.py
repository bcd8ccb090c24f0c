"""generator/runtime/_bodies.py: request bodies in their media type."""

from __future__ import annotations

import io
from typing import Literal

import pytest

from generator.runtime._bodies import (
    PropertyEncoding,
    encode_body,
    is_stream,
    jsonapi_envelope,
    keyword_body,
)
from generator.runtime._models import BaseModel
from generator.runtime._types import NOT_GIVEN


class Attributes(BaseModel):
    name: str | None = None
    size: int | None = 10


class Resource(BaseModel):
    type: Literal["items"] = "items"
    id: str | None = None
    attributes: Attributes | None = None


def test_json_bodies_send_the_fields_the_caller_set() -> None:
    body = encode_body(Attributes(name="x"), "application/json")
    assert body.content == b'{"name": "x"}' and body.files is None
    assert encode_body(Attributes(name=None), None).content == b'{"name": null}'
    assert encode_body({"a": "\u00e9"}, "application/json").content == '{"a": "\u00e9"}'.encode()


def test_bytes_text_and_streams_are_sent_as_given() -> None:
    assert encode_body(b"\x00\x01", "application/octet-stream").content == b"\x00\x01"
    assert encode_body("plain", "text/plain").content == b"plain"
    stream = io.BytesIO(b"data")
    assert is_stream(stream) and encode_body(stream, "application/octet-stream").content is stream
    assert not is_stream(Attributes())


def test_ndjson_bodies_are_one_line_per_item() -> None:
    body = encode_body([Attributes(name="a"), {"b": 1}], "application/x-ndjson")
    assert body.content == b'{"name": "a"}\n{"b": 1}\n'


def test_form_bodies_follow_the_encoding_object() -> None:
    body = {"name": "a b", "tags": ["x", "y"], "filter": {"k": "v"}, "gone": None}
    plain = encode_body(body, "application/x-www-form-urlencoded")
    assert plain.content == b"name=a+b&tags=x&tags=y&filter=%7B%22k%22%3A%22v%22%7D"
    styled = encode_body(
        {"filter": {"k": "v"}},
        "application/x-www-form-urlencoded",
        [PropertyEncoding("filter", style="deepObject")],
    )
    assert styled.content == b"filter%5Bk%5D=v"


def test_multipart_parts_get_the_content_type_openapi_gives_them() -> None:
    body = {"meta": {"a": 1}, "count": 2, "file": b"\x00", "photo": ("p.png", b"png")}
    encoding = [PropertyEncoding("photo", content_type="image/png, image/jpeg")]
    parts = encode_body(body, "multipart/form-data", encoding).files
    assert parts == [
        ("meta", (None, b'{"a":1}', "application/json")),
        ("count", (None, b"2", "text/plain; charset=utf-8")),
        ("file", ("upload", b"\x00", "application/octet-stream")),
        ("photo", ("p.png", b"png", "image/png")),
    ]


def test_jsonapi_envelopes() -> None:
    assert jsonapi_envelope(Attributes(name="x"), "items", 7) == {
        "data": {"type": "items", "attributes": {"name": "x"}, "id": 7}
    }
    assert jsonapi_envelope(Resource(attributes=Attributes(name="x")), None, "7") == {
        "data": {"attributes": {"name": "x"}, "type": "items", "id": "7"}
    }
    assert jsonapi_envelope([Resource(id="1")], None) == {"data": [{"id": "1", "type": "items"}]}
    assert jsonapi_envelope({"data": {}}, "items") == {"data": {}}


def test_keyword_body_sends_what_was_given_with_the_defaults_in_field_order() -> None:
    members = {"kind": NOT_GIVEN, "name": "x", "note": None, "size": NOT_GIVEN}
    body = keyword_body("create", NOT_GIVEN, members, defaults={"kind": "pet"})
    assert body == {"kind": "pet", "name": "x", "note": None}
    assert isinstance(body, dict) and list(body) == ["kind", "name", "note"]


def test_keyword_body_of_an_optional_body_given_nothing_is_not_sent() -> None:
    assert keyword_body("update", NOT_GIVEN, {"a": NOT_GIVEN}, body_required=False) is NOT_GIVEN
    assert keyword_body("update", NOT_GIVEN, {"a": NOT_GIVEN}) == {}


def test_keyword_body_checks_required_fields_and_refuses_both_ways_at_once() -> None:
    with pytest.raises(TypeError, match="missing the required body field"):
        keyword_body("create", NOT_GIVEN, {"name": NOT_GIVEN}, required=("name",))
    with pytest.raises(TypeError, match="not both"):
        keyword_body("create", {"name": "x"}, {"name": "y"})


def test_keyword_body_takes_the_whole_body_as_it_is_with_a_warning() -> None:
    whole = {"data": {"type": "t"}}
    with pytest.warns(DeprecationWarning, match=r"create\(body=\.\.\.\) is deprecated"):
        assert keyword_body("create", whole, {"name": NOT_GIVEN}, required=("name",)) is whole


def test_keyword_body_builds_the_jsonapi_document_and_relationship_linkage() -> None:
    body = keyword_body(
        "update",
        NOT_GIVEN,
        {"name": "n"},
        jsonapi_type="items",
        resource_id=7,
        relationships={
            "owner": ("people", 3, False),
            "tags": ("tags", [1, 2], True),
            "parent": ("items", None, False),  # cleared
            "unset": ("items", NOT_GIVEN, False),
        },
    )
    assert body == {
        "data": {
            "type": "items",
            "id": 7,
            "attributes": {"name": "n"},
            "relationships": {
                "owner": {"data": {"type": "people", "id": 3}},
                "tags": {"data": [{"type": "tags", "id": 1}, {"type": "tags", "id": 2}]},
                "parent": {"data": None},
            },
        }
    }
