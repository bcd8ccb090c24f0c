"""Sentinels and aliases the runtime's modules share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["NOT_GIVEN", "NotGiven", "ResponseType", "Timeout"]

_T = TypeVar("_T")


class NotGiven:
    """Marks an argument that was not passed (where None means something else)."""

    _instance: Self | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Timeout: TypeAlias = float | httpx.Timeout | None


class ResponseType(Generic[_T]):
    """A response type that is not a class, for `request(cast_to=...)`: a union, a `Literal`,
    `Any` or a type alias. `ResponseType[A | B]` is `A | B` itself at run time; for a type
    checker it is a class that carries `A | B`, so `request` returns `A | B`. (A class such as a
    model, `list[Item]` or `Document[Item]` is passed as it is.)"""

    def __class_getitem__(cls, item: Any) -> Any:
        return item
