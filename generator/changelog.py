"""`CHANGELOG.md` of a generated SDK: the previous text with an entry added when a regeneration
changes the SDK's surface (compared with the surface record the last generation left)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import ir
from .diff import RECORD_FORMAT, compare, format_markdown
from .manifest import CHANGELOG, SURFACE

CHANGELOG_HEADER = """\
# Changelog

Changes of this SDK's operations and models, newest first. sdkgen adds an entry each time a
regeneration changes them, with the semantic-version bump it suggests.
"""


def changelog_text(
    api: ir.Api, record: dict[str, Any], output_dir: Path, spec_sha256: str | None
) -> str:
    """`CHANGELOG.md` after this generation."""
    try:
        previous_text: str | None = (output_dir / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        previous_text = None
    try:
        previous = json.loads((output_dir / SURFACE).read_text(encoding="utf-8"))
        if not isinstance(previous, dict) or previous.get("format") != RECORD_FORMAT:
            previous = None
    except (OSError, ValueError):
        previous = None
    source = api.source_name + (f" (sha256 {spec_sha256[:12]})" if spec_sha256 else "")
    if previous is None:
        if previous_text is not None:
            return previous_text
        operations = len(record["operations"])
        return (
            f"{CHANGELOG_HEADER}\n## {api.title} {api.version}: first generation\n\n"
            f"Generated from {source}: {operations} operations, {len(api.models)} models.\n"
        )
    changes = compare(previous, record)
    if changes.bump == "none":
        return previous_text if previous_text is not None else CHANGELOG_HEADER
    entry = format_markdown(changes, source=source)
    text = previous_text if previous_text is not None else CHANGELOG_HEADER
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[: at + 1] + entry + "\n" + text[at + 1 :]
