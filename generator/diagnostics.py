"""Problems found by any stage, collected as values and reported together.

Every diagnostic names the file and the JSON pointer it is about. Stages return lists of
diagnostics for warnings; a stage that cannot go on raises `SdkgenError` carrying the errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str  # stable, dotted kind, e.g. "load.dangling-ref", "repair.type-name"
    message: str
    pointer: str = ""  # JSON pointer inside `file` ("" is the whole document)
    file: str = ""

    def location(self) -> str:
        where = self.file or "<input>"
        return f"{where}#{self.pointer}" if self.pointer else where


class SdkgenError(Exception):
    """A stage could not continue. `exit_code` 1 means bad input, 2 usage or I/O."""

    def __init__(self, diagnostics: Iterable[Diagnostic], exit_code: int = 1) -> None:
        self.diagnostics = tuple(diagnostics)
        self.exit_code = exit_code
        first = self.diagnostics[0] if self.diagnostics else None
        super().__init__(f"{first.location()}: {first.message}" if first else "sdkgen failed")


def error(
    code: str, message: str, *, file: str = "", pointer: str = "", exit_code: int = 1
) -> SdkgenError:
    """Shorthand for raising a single-diagnostic error."""
    return SdkgenError([Diagnostic("error", code, message, pointer, file)], exit_code)


def escape_pointer_token(token: str | int) -> str:
    """One reference token of a JSON pointer (RFC 6901): "a/b~c" -> "a~1b~0c"."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """The text of one reference token of a JSON pointer: "a~1b~0c" -> "a/b~c"."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_from_parts(parts: Iterable[str | int]) -> str:
    """("paths", "/a/{id}", "get") -> "/paths/~1a~1{id}/get"."""
    return "".join("/" + escape_pointer_token(part) for part in parts)


def format_text(diagnostics: Iterable[Diagnostic], *, group: bool = True) -> str:
    """Human-readable report; grouped by code with a count per group when `group` is set."""
    items = list(diagnostics)
    if not group:
        return "\n".join(f"{d.severity}: {d.location()}: {d.message} [{d.code}]" for d in items)
    groups: dict[str, list[Diagnostic]] = {}
    for d in items:
        groups.setdefault(d.code, []).append(d)
    lines: list[str] = []
    for code in sorted(groups):
        members = groups[code]
        lines.append(f"{members[0].severity} {code} ({len(members)}):")
        lines.extend(f"  {d.location()}: {d.message}" for d in members)
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], indent=2, sort_keys=True)
