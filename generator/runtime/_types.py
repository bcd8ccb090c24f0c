"""Sentinels and aliases the runtime's modules share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Protocol,
    SupportsIndex,
    TypeAlias,
    TypeVar,
    overload,
)

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["NOT_GIVEN", "NotGiven", "ResponseType", "SequenceNotStr", "Timeout"]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)


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


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a `str`: what a method takes for a list (a list, a tuple, ...).

    `Sequence[str]` would accept "abc" too (a str is a sequence of one-character strings), which
    is a mistake for a list of values; `str.__contains__` takes only a str where this protocol
    takes any object, so type checkers refuse a str here (openai-python's `SequenceNotStr`)."""

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...

    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...

    def __contains__(self, value: object, /) -> bool: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[_T_co]: ...

    def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...

    def count(self, value: Any, /) -> int: ...

    def __reversed__(self) -> Iterator[_T_co]: ...
