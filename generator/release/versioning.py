"""The generated SDK's version: semantic versioning driven by the comparison of its surface.

Each regeneration that changes the SDK's surface applies the bump `compare` suggests:

| suggested | 1.0.0 and later | before 1.0.0 (0.y.z) |
| --- | --- | --- |
| major (something breaks) | X+1.0.0 | 0.y+1.0 |
| minor (new operations, models, fields) | X.Y+1.0 | 0.y.z+1 |
| patch (documentation, defaults, ...) | X.Y.Z+1 | 0.y.z+1 |

Before 1.0.0 the minor number plays the part of the major one (the reading of semver item 4
that Cargo and npm's caret ranges use): `0.3.x` releases are compatible with one another, 0.4.0
may break them. A version with a pre-release tag (`2.0.0-rc.1`) is released by the next bump of
its own level (`2.0.0`), as npm's `semver inc` does. 1.0.0 is never reached by a bump: it is a
decision (`--version 1.0.0` or `version:` in the config).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Bump = Literal["major", "minor", "patch", "none"]
FIRST_VERSION = "0.1.0"  # of a first generation, unless the config or --version says otherwise

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


class Version(NamedTuple):
    major: int
    minor: int
    patch: int
    prerelease: str = ""
    build: str = ""

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += f"-{self.prerelease}"
        if self.build:
            text += f"+{self.build}"
        return text


def parse_version(text: str) -> Version:
    """`X.Y.Z[-pre][+build]` as semver 2.0.0 defines it; ValueError otherwise."""
    match = _SEMVER.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a semantic version (X.Y.Z, e.g. 1.4.0 or 2.0.0-rc.1)")
    major, minor, patch, prerelease, build = match.groups()
    return Version(int(major), int(minor), int(patch), prerelease or "", build or "")


def is_version(text: str) -> bool:
    return _SEMVER.match(text) is not None


def precedence(version: Version) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
    """A sort key following semver's precedence rules (build metadata ignored)."""
    if not version.prerelease:
        return (version.major, version.minor, version.patch, 1, ())
    parts = tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in version.prerelease.split(".")
    )
    return (version.major, version.minor, version.patch, 0, parts)


def is_lower(version: str, than: str) -> bool:
    """Whether `version` comes before `than` in semver's precedence."""
    return precedence(parse_version(version)) < precedence(parse_version(than))


def bump_version(current: str, bump: Bump) -> str:
    """`current` after a release of the kind `bump` (see the module's table)."""
    version = parse_version(current)
    if bump == "none":
        return current
    major, minor, patch = version.major, version.minor, version.patch
    if major == 0:  # 0.y.z: y is the compatibility series
        level = "minor" if bump == "major" else "patch"
    else:
        level = bump
    pre = bool(version.prerelease)
    if level == "major":
        if pre and minor == 0 and patch == 0:
            return f"{major}.0.0"
        return f"{major + 1}.0.0"
    if level == "minor":
        if pre and patch == 0:
            return f"{major}.{minor}.0"
        return f"{major}.{minor + 1}.0"
    if pre:
        return f"{major}.{minor}.{patch}"
    return f"{major}.{minor}.{patch + 1}"


def series(text: str) -> tuple[int, ...]:
    """The compatibility series: (X,) from 1.0.0 on, (0, y) before it."""
    version = parse_version(text)
    return (version.major,) if version.major else (0, version.minor)


def is_breaking_release(previous: str, new: str) -> bool:
    """Whether going from `previous` to `new` starts a new compatibility series (a "major"
    release in semver's sense, 0.y → 0.y+1 included): only such a release may drop anything."""
    return series(previous) != series(new)


def release_version(
    previous: str | None,
    bump: Bump,
    *,
    explicit: str | None = None,
    floor: str | None = None,
) -> str:
    """The version of this generation.

    `explicit` (`--version`) is taken as it is. `floor` (the config's `version:`) is taken when it
    is above what the bump gives, so that raising it in the config starts a new line of versions
    that later bumps continue. Otherwise: the previous version bumped, or FIRST_VERSION."""
    if explicit is not None:
        return explicit
    candidate = FIRST_VERSION if previous is None else bump_version(previous, bump)
    if floor is not None and is_lower(candidate, floor):
        return floor
    return candidate
