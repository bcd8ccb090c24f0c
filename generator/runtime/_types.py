"""Sentinels and aliases the runtime's modules share."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["NOT_GIVEN", "NotGiven", "Timeout"]


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
