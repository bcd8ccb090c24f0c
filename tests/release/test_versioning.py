"""The SDK's version: semver bumps, with the 0.y.z convention, pre-releases, explicit versions."""

from __future__ import annotations

import pytest

from generator.release.versioning import (
    FIRST_VERSION,
    bump_version,
    is_breaking_release,
    is_lower,
    parse_version,
    release_version,
)


@pytest.mark.parametrize(
    ("current", "bump", "expected"),
    [
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
        ("1.4.2", "none", "1.4.2"),
        # Before 1.0.0 the minor number is the compatibility series.
        ("0.3.2", "major", "0.4.0"),
        ("0.3.2", "minor", "0.3.3"),
        ("0.3.2", "patch", "0.3.3"),
        ("0.3.2", "none", "0.3.2"),
        # A pre-release is released by the next bump of its own level.
        ("2.0.0-rc.1", "major", "2.0.0"),
        ("2.0.0-rc.1", "patch", "2.0.0"),
        ("1.5.0-beta", "minor", "1.5.0"),
        ("1.5.3-beta", "minor", "1.6.0"),
        ("1.5.3-beta", "major", "2.0.0"),
        ("1.4.2+build.7", "patch", "1.4.3"),
    ],
)
def test_bumps(current: str, bump: str, expected: str) -> None:
    assert bump_version(current, bump) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "01.2.3", "1.2.3-", "1.2.3-01", "", "1.2.3.4"])
def test_what_is_not_a_semantic_version(text: str) -> None:
    with pytest.raises(ValueError, match="not a semantic version"):
        parse_version(text)


def test_breaking_releases_start_a_new_series() -> None:
    assert is_breaking_release("0.3.2", "0.4.0")
    assert not is_breaking_release("0.3.2", "0.3.3")
    assert is_breaking_release("0.9.0", "1.0.0")
    assert is_breaking_release("1.9.0", "2.0.0")
    assert not is_breaking_release("1.9.0", "1.10.0")


def test_the_release_version() -> None:
    assert release_version(None, "none") == FIRST_VERSION == "0.1.0"
    assert release_version("0.3.0", "major") == "0.4.0"
    # --version is taken as it is; the config's version is a floor.
    assert release_version("0.3.0", "major", explicit="0.3.0") == "0.3.0"
    assert release_version("0.3.0", "minor", floor="1.0.0") == "1.0.0"
    assert release_version("1.2.0", "minor", floor="1.0.0") == "1.3.0"
    assert release_version(None, "none", floor="2.0.0") == "2.0.0"
    assert release_version("1.0.0-rc.2", "none", floor="1.0.0") == "1.0.0"


def test_versions_compare_by_semver_precedence() -> None:
    assert is_lower("1.9.0", "1.10.0") and not is_lower("1.10.0", "1.9.0")
    assert is_lower("2.0.0-rc.1", "2.0.0")  # a pre-release comes before its release
    assert is_lower("2.0.0-rc.2", "2.0.0-rc.10")  # numeric identifiers compare as numbers
    assert is_lower("2.0.0-alpha", "2.0.0-beta")
    assert not is_lower("1.4.2+build.7", "1.4.2")  # build metadata plays no part
    assert not is_lower("1.4.2", "1.4.2")
