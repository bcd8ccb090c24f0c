"""generator.normalize.aliases: where a deprecated method alias is placed, and why one is refused.
The small specs of the release tests (`tests/release/support.py`)."""

from __future__ import annotations

from generator.config import ApiConfig
from generator.normalize import AliasWish, attach_aliases, normalize, without_aliases

from ..release.support import BASE, spec


def test_aliases_are_refused_when_their_name_is_taken_or_their_operation_gone() -> None:
    api, _ = normalize(spec(BASE), config=ApiConfig(), package_name="things", source_name="x")
    wishes = [
        AliasWish("stats.old_retrieve", "getStats", "0.2.0"),  # placed
        AliasWish("stats.retrieve", "getStats", "0.2.0"),  # its own name
        AliasWish("things.delete", "getThing", "0.2.0"),  # taken by another method
        AliasWish("stats.retrieve.old", "getStats", "0.2.0"),  # through its own method: placed
        AliasWish("things.retrieve.old", "getStats", "0.2.0"),  # through another's method
        AliasWish("stats.retrieve.old.deeper", "getStats", "0.2.0"),  # past its own method
        AliasWish("gone.retrieve", "getGone", "0.2.0"),  # no such operation
        AliasWish("archive.stats.retrieve", "getStats", "0.2.0"),  # a new resource path
    ]
    extended, refused = attach_aliases(api, wishes)
    assert [(wish.name, reason) for wish, reason in refused] == [
        ("gone.retrieve", "operation getGone is no longer in the spec"),
        ("stats.retrieve", "the method has this name again"),
        ("stats.retrieve.old.deeper", "stats.retrieve.old is now a method"),
        ("things.delete", "things.delete is now taken on its resource"),
        ("things.retrieve.old", "things.retrieve is now a method"),
    ]
    resources = {r.attribute: r for r in extended.resources}
    assert [a.name for a in resources["stats"].aliases] == ["stats.old_retrieve"]
    # The old sub-resource `stats.retrieve` performs the method when called, `old` its alias.
    (called,) = resources["stats"].children
    assert called.attribute == "retrieve" and called.alias_only
    assert called.call is not None and called.call.operation_id == "getStats"
    assert [(a.name, a.target) for a in called.aliases] == [
        ("stats.retrieve.old", "stats.retrieve")
    ]
    archive = resources["archive"]
    assert archive.alias_only and archive.class_name == "ArchiveResource"
    assert [a.target for a in archive.children[0].aliases] == ["stats.retrieve"]
    assert archive.children[0].class_name == "ArchiveStatsResource"
    assert without_aliases(extended) == api


def test_an_alias_is_refused_where_its_name_would_hide_one_the_class_body_uses() -> None:
    """`things.object` became `things.object_` (it hid `object` in the class body): the old
    name cannot come back as an alias, on the way to a method or as one."""
    routes = {**BASE, "getObject": ("GET", "/things/object")}
    api, _ = normalize(spec(routes), config=ApiConfig(), package_name="things", source_name="x")
    wishes = [
        AliasWish("things.object.retrieve", "getObject", "0.2.0"),
        AliasWish("stats.str", "getStats", "0.2.0"),
        AliasWish("stats.fetch", "getStats", "0.2.0"),  # placed
    ]
    extended, refused = attach_aliases(api, wishes)
    assert [(wish.name, reason) for wish, reason in refused] == [
        ("stats.str", "'str' would hide a name the class body uses"),
        ("things.object.retrieve", "'object' would hide a name the class body uses"),
    ]
    stats = next(r for r in extended.resources if r.attribute == "stats")
    assert [a.name for a in stats.aliases] == ["stats.fetch"]


def test_a_resource_made_for_aliases_never_takes_a_real_name() -> None:
    routes = {**BASE, "getArchive": ("GET", "/archive-stats")}  # class ArchiveStats exists
    api, _ = normalize(spec(routes), config=ApiConfig(), package_name="things", source_name="x")
    extended, refused = attach_aliases(api, [AliasWish("archive.stats.retrieve", "getStats", "1")])
    assert refused == []
    made = next(r for r in extended.resources if r.attribute == "archive").children[0]
    assert made.class_name == "ArchiveStatsDeprecatedResource" and made.module == "archive_stats_"
