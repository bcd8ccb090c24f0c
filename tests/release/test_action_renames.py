"""Issue 22 item 5: the method names of the path rules (`normalize.operations`) are surface
changes. Regenerating over an SDK named by the previous rules (an item's POST named after its
operationId, an action as a sub-resource with `create`; spelled here with `names.operations`,
as the previous rules named them) lists the renames in CHANGELOG.md and keeps the old names as
deprecated aliases that still work, where the old name can live beside the new one."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import Project, Recorder, recording_server

ROUTES = {
    "getThing": ("GET", "/things/{id}"),
    "modifyThing": ("POST", "/things/{id}"),
    "cancelThing": ("POST", "/things/{id}/cancel"),
}
PREVIOUS = {"modifyThing": "things.modify", "cancelThing": "things.cancel.create"}


@pytest.fixture()
def server() -> Iterator[str]:
    with recording_server() as url:
        yield url


def test_the_renames_of_the_path_rules_are_changelogged_and_aliased(
    tmp_path: Path, server: str
) -> None:
    project = Project(tmp_path)
    project.configure(names={"operations": PREVIOUS})
    project.generate(ROUTES)
    project.configure()
    generation, _ = project.generate(ROUTES)
    text = project.changelog().split("\n## 0.1.0")[0]
    assert (
        "SDK method `things.modify` is now `things.update`; the old name stays as a deprecated "
        "alias"
    ) in text
    assert project.aliases()["things.modify"]["calls"] == "things.update"
    # `things.cancel` is now the action itself: the old sub-resource cannot live beside it, so
    # its `create` is a breaking rename, said so in the changelog.
    assert "SDK method `things.cancel.create` is now `things.cancel` **(breaking)**" in text
    assert "things.cancel.create" not in project.aliases()
    assert generation.release.bump == "major"

    sys.path.insert(0, str(project.out))
    try:
        things = importlib.import_module("things")
        client = things.Things(base_url=server, max_retries=0)
        Recorder.requests.clear()
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.update\(\)"):
            client.things.modify(3)
        client.things.cancel(3)
        assert Recorder.requests == [("POST", "/v1/things/3"), ("POST", "/v1/things/3/cancel")]
    finally:
        sys.path.remove(str(project.out))
        for name in [n for n in sys.modules if n == "things" or n.startswith("things.")]:
            del sys.modules[name]
