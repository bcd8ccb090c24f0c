"""What every repair reads and writes: the document being repaired, whether it is 3.1, the
warnings so far, and the state the null-default rule gathers while the document is walked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, pointer_from_parts
from ..load.documents import Parts, resolve_ref
from .registry import Repair


@dataclass
class Repairing:
    doc: dict[str, Any]  # the copy being repaired, changed in place
    file: str
    is_31: bool  # 3.1 or 3.2: schemas are JSON Schema 2020-12 (what every `is_31` test is about)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Schemas holding `default: null`, decided once the walk is done (nulls.py).
    null_defaults: list[tuple[dict[str, Any], Parts]] = field(default_factory=list)
    # `$ref` -> whether its target certainly rejects null (nulls.py).
    rejects_null_at: dict[str, bool] = field(default_factory=dict)

    def report(self, repair: Repair, parts: Parts, message: str) -> None:
        pointer = pointer_from_parts(parts)
        self.diagnostics.append(
            Diagnostic(repair.severity, repair.code, message, pointer, self.file)
        )

    def deref(self, node: Any) -> Any:
        """`node`, or the target of its local `$ref` (None when that does not resolve)."""
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                return resolve_ref(self.doc, node["$ref"])
            except KeyError:
                return None
        return node
