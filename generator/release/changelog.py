"""`CHANGELOG.md` of a generated SDK: the previous text with an entry added, newest first, when
a generation changes the SDK's surface or its version (`plan.Release.changed`). Each entry is
headed with the SDK's new version and the spec it came from: the API's `info.version`, and the
date the spec was downloaded when the lock file `sdkgen download` writes beside it is for these
very bytes; its body is the release's `compare.SurfaceChanges` as `report.format_markdown` prints
them, after a sentence on how the version came about."""

from __future__ import annotations

from pathlib import Path

from .. import ir
from ..write.manifest import CHANGELOG
from .plan import Release
from .report import format_markdown
from .versioning import bump_version

CHANGELOG_HEADER = """\
# Changelog

Changes of this SDK's operations and models, newest first. sdkgen adds an entry each time a
regeneration changes them or the SDK's version, with the semantic-version bump the changes
call for (see the project's README for the rules before 1.0.0).
"""
BUMP_REASONS = {
    "major": "something breaks for code written against the previous version",
    "minor": "new operations, models or fields; nothing breaks",
    "patch": "documentation or details that change no signature",
}


def entry_heading(api: ir.Api, release: Release) -> str:
    date = f" (spec of {release.source.date})" if release.source.date else ""
    return f"{release.version} — {api.title} {api.version}{date}".replace("  ", " ")


def version_line(release: Release) -> str:
    """How the version came about, in a sentence."""
    previous, version, bump = release.previous_version, release.version, release.bump
    if previous is None or release.changes is None:
        return f"Version {version}."
    automatic = bump_version(previous, bump)
    if version != automatic:
        suggested = f" (the changes suggest a {bump} bump)" if bump != "none" else ""
        return f"Version {previous} → {version}, set explicitly{suggested}."
    if version == previous:
        return f"Version {version}: unchanged."
    reason = BUMP_REASONS[bump]
    pre = ""
    if version.startswith("0."):
        pre = "; before 1.0.0 a major bump raises the minor number, the others the patch number"
    return f"Version {previous} → {version}: suggested bump **{bump}** ({reason}){pre}."


def entry_text(api: ir.Api, release: Release) -> str:
    """The changelog entry of `release` (also the body of `sdkgen update`'s summary)."""
    heading = entry_heading(api, release)
    source = str(release.source)
    if release.changes is None:
        operations = len(api.all_operations())
        return (
            f"## {heading}\n\nFirst generation, from {source}: {operations} operations, "
            f"{len(api.models)} models.\n"
        )
    intro = [version_line(release)]
    if release.new_aliases:
        intro.append(
            f"{len(release.new_aliases)} method(s) keep their old name as a deprecated alias "
            'that warns and calls the new one (see the README\'s "Deprecated names").'
        )
    if release.new_class_aliases:
        intro.append(
            f"{len(release.new_class_aliases)} renamed model(s) and resource class(es) keep their "
            "old name as a deprecated alias that warns when imported (see the README's "
            '"Deprecated names").'
        )
    return format_markdown(release.changes, heading=heading, intro=intro, source=source)


def changelog_text(api: ir.Api, release: Release, output_dir: Path) -> str:
    """`CHANGELOG.md` after this generation."""
    try:
        previous_text: str | None = (output_dir / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        previous_text = None
    if release.changes is None and previous_text is not None:
        return previous_text  # no surface record to compare with: the history stays as it is
    text = previous_text if previous_text is not None else CHANGELOG_HEADER
    if not release.changed:
        return text
    entry = entry_text(api, release)
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[: at + 1] + entry + "\n" + text[at + 1 :]
