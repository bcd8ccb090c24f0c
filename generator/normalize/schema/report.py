"""What the schema stage reports: warnings, and each part of the spec it left out or
approximated (`ir.Skipped`), once per pointer and reason."""

from __future__ import annotations

from ... import ir
from ...diagnostics import Diagnostic


class Report:
    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.skipped: list[ir.Skipped] = []
        self._skipped_seen: set[tuple[str, str]] = set()

    def skip(self, pointer: str, reason: str) -> None:
        """Record that the part at `pointer` was left out or approximated (warns once)."""
        if (pointer, reason) in self._skipped_seen:
            return
        self._skipped_seen.add((pointer, reason))
        self.skipped.append(ir.Skipped(pointer, reason))
        self.diagnostics.append(
            Diagnostic("warning", "normalize.skipped", reason, pointer, self.file)
        )

    def warn(self, code: str, message: str, pointer: str) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, pointer, self.file))
