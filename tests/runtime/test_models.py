"""generator/runtime/_models.py: the models' base, JSON:API documents, lenient parsing."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

import pydantic
import pytest

from generator.runtime._models import (
    _PARAMETRIZED,
    BaseModel,
    JSONAPIDocument,
    JSONAPIRelationship,
    holds_text,
    parse_json,
    parse_value,
    to_jsonable,
)

DataT = TypeVar("DataT")


class Identifier(BaseModel):
    type: str
    id: str


class Owner(JSONAPIRelationship):
    data: Identifier | None = None


class Relationships(BaseModel):
    owner: Owner | None = None


class Item(BaseModel):
    type: Literal["items"]
    id: str
    name: str | None = pydantic.Field(default=None, alias="item-name")
    relationships: Relationships | None = None


class User(BaseModel):
    type: str
    id: str
    name: str | None = None


class Document(JSONAPIDocument, Generic[DataT]):
    data: DataT
    included: list[dict[str, Any]] | None = None


BODY = b"""{"data": [
  {"type": "items", "id": "1", "item-name": "a",
   "relationships": {"owner": {"data": {"type": "users", "id": "9"}}}},
  {"type": "items", "id": "2"}],
 "included": [{"type": "users", "id": "9", "name": "Ann"}]}"""


def test_a_parametrized_model_is_made_once() -> None:
    assert Document[Item] is Document[Item]
    assert Document[list[Item]] is Document[list[Item]]
    assert Document[Item] is not Document[User]
    assert Document[Item].model_fields["data"].annotation is Item


def test_other_parameters_are_left_to_pydantic() -> None:
    own = super(BaseModel, Document).__class_getitem__(int | str)  # pydantic's, no cache
    assert Document[int | str] is own
    assert (Document, int | str) not in _PARAMETRIZED
    assert (Document, Item) in _PARAMETRIZED


def test_relationships_resolve_against_the_documents_included_resources() -> None:
    document = parse_json(Document[list[Item]], BODY)
    first, second = document.data
    owner = first.relationships.owner
    assert owner.resolve() == {"type": "users", "id": "9", "name": "Ann"}
    assert owner.resolve(User) == User(type="users", id="9", name="Ann")
    assert document.resolve(owner) == owner.resolve()
    assert second.relationships is None
    assert Owner(data=Identifier(type="users", id="9")).resolve() is None  # built by hand


def test_parse_value_keeps_what_does_not_match_unless_strict() -> None:
    kept = parse_value(Item, {"type": "items", "id": 5, "extra": True})
    assert kept.id == 5 and kept.model_extra == {"extra": True}
    with pytest.raises(pydantic.ValidationError):
        parse_value(Item, {"type": "items", "id": 5}, strict=True)


def test_a_request_sends_the_fields_the_caller_set_by_wire_name() -> None:
    item = Item(type="items", id="1", name=None)
    assert to_jsonable(item) == {"type": "items", "id": "1", "item-name": None}
    assert Item(type="items", id="1").to_dict() == {"type": "items", "id": "1"}


def test_large_bodies_parse_with_the_collector_paused_and_restored() -> None:
    import gc

    items = b",".join(b'{"type": "items", "id": "%d"}' % i for i in range(3000))
    body = b'{"data": [' + items + b"]}"
    assert len(body) > 64_000 and gc.isenabled()
    assert len(parse_json(Document[list[Item]], body).data) == 3000
    assert gc.isenabled()


def test_a_body_that_is_not_json_is_returned_as_text_only_where_text_is_allowed() -> None:
    assert holds_text(str) and holds_text(Any) and holds_text(int | str) and holds_text(None | Any)
    assert not holds_text(int) and not holds_text(list[str]) and not holds_text(dict[str, Any])
    assert not holds_text(BaseModel) and not holds_text(Literal["a"])
