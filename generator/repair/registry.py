"""The registry of repairs, keyed by code: each code is declared once, in the module of its
family, beside the function that makes it, with the one-line summary the README lists.

A family module declares its codes with `declare` and marks the functions that report them
with `@makes`; the walk (`walk.py`) decides when each function runs. Reporting takes the
declared `Repair`, never a code string, so every code a repair emits is registered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(eq=False)
class Repair:
    code: str  # "repair.<kind>", the diagnostic's code
    summary: str  # what it repairs, as the README's table of repairs says it
    severity: Literal["warning", "error"]  # "error": the repair was refused, not made
    makers: list[Callable[..., Any]] = field(default_factory=list)


# Every repair code: filled as the family modules are imported, which `repairs.py` does (all of
# them, through `walk.py`), so read it once `generator.repair.repairs` is imported.
REPAIRS: dict[str, Repair] = {}


def declare(code: str, summary: str, severity: Literal["warning", "error"] = "warning") -> Repair:
    if code in REPAIRS:
        raise ValueError(f"repair code {code!r} declared twice")
    repair = REPAIRS[code] = Repair(code, summary, severity)
    return repair


def makes(*repairs: Repair) -> Callable[[F], F]:
    """Mark a function as one that reports `repairs` (a code may have several makers: null
    defaults have a rule for parameters and one for schemas)."""

    def register(function: F) -> F:
        for repair in repairs:
            repair.makers.append(function)
        return function

    return register
