"""Automatic repairs for spec defects that have exactly one obvious meaning.

Each repair is reported as a warning with the JSON pointer of the repaired node, so nothing
changes silently. Defects with more than one plausible meaning are left alone: the validator
reports them and a per-API overlay (written against the repaired document) settles them. Where
the document contradicts itself (one path written twice, both spellings defining the same
method), the repair is refused with an error, which counts with the validation errors.
Repairs never lose data: a keyword OpenAPI does not know is kept as an `x-sdkgen-<name>`
extension rather than dropped.

The repairs live by family in the modules beside this one, each code declared once in
`registry.REPAIRS` with the function that makes it; `walk.py` says where each one runs.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic
from ..load.documents import clone_json, detect_openapi_version
from .context import Repairing
from .walk import repair_tree


def repair_document(
    data: dict[str, Any], file: str = ""
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """A repaired copy of `data` (the input is not modified) and one warning per repair."""
    ctx = Repairing(clone_json(data), file, is_31=detect_openapi_version(data) in ("3.1", "3.2"))
    if detect_openapi_version(data) in (
        "3.0",
        "3.1",
        "3.2",
    ):  # others are for the validator to reject
        repair_tree(ctx)
    return ctx.doc, ctx.diagnostics
