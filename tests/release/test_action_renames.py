"""Issue 22 item 5: the method names of the path rules (`normalize.operations`) are surface
changes. Regenerating over an SDK named by the previous rules (an item's POST named after its
operationId, an action as a sub-resource with `create`; spelled here with `names.operations`,
as the previous rules named them) lists the renames in CHANGELOG.md and keeps the old names as
deprecated aliases that still work: the old sub-resource of an action is the object whose call is
the new method (`things.cancel(3)`) and whose `create` is the old name."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import warnings
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
    # `things.cancel` is now the action itself; the old sub-resource lives on as its object.
    assert (
        "SDK method `things.cancel.create` is now `things.cancel`; the old name stays as a "
        "deprecated alias"
    ) in text
    assert project.aliases()["things.cancel.create"]["calls"] == "things.cancel"
    assert generation.release.bump == "minor"

    sys.path.insert(0, str(project.out))
    try:
        things = importlib.import_module("things")
        client = things.Things(base_url=server, max_retries=0)
        Recorder.requests.clear()
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.update\(\)"):
            client.things.modify(3)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the new names do not warn
            client.things.cancel(3)
            assert client.things.with_raw_response.cancel(4).status_code == 200
        # Each warning names this file, however many of the SDK's frames it went through:
        # Python shows a DeprecationWarning by default only where `__main__` triggers it.
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)") as seen:
            client.things.cancel.create(5)
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)") as raw:
            assert client.things.cancel.with_raw_response.create(6).status_code == 200
        with pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)") as old:
            assert client.things.with_raw_response.cancel.create(7).status_code == 200
        with (
            pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)") as streams,
            client.things.with_streaming_response.cancel.create(8) as streamed,
        ):
            assert streamed.status_code == 200
        assert {w.filename for w in (*seen, *raw, *old, *streams)} == {__file__}

        async def asynchronously() -> None:
            async with things.AsyncThings(base_url=server, max_retries=0) as async_client:
                await async_client.things.cancel(9)
                with pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)"):
                    await async_client.things.cancel.create(10)
                with pytest.warns(DeprecationWarning, match=r"use client\.things\.cancel\(\)") as w:
                    raw = await async_client.things.with_raw_response.cancel.create(11)
                assert raw.status_code == 200 and w[0].filename == __file__

        asyncio.run(asynchronously())
        cancel = ("POST", "/v1/things/{}/cancel")
        assert Recorder.requests == [
            ("POST", "/v1/things/3"),
            *[(cancel[0], cancel[1].format(n)) for n in range(3, 12)],
        ]
    finally:
        sys.path.remove(str(project.out))
        for name in [n for n in sys.modules if n == "things" or n.startswith("things.")]:
            del sys.modules[name]


def test_the_old_and_new_names_of_an_action_type_check(tmp_path: Path) -> None:
    """A script written against the previous SDK (`things.cancel.create`) and one written
    against the new (`things.cancel`) both pass `mypy --strict`; a wrong argument still fails."""
    project = Project(tmp_path)
    project.configure(names={"operations": PREVIOUS})
    project.generate(ROUTES)
    project.configure()
    project.generate(ROUTES)
    user = project.root / "user.py"
    user.write_text(
        "from things import AsyncThings, Things\n"
        "from things.types import Thing\n\n"
        "client = Things(base_url='http://localhost')\n"
        "old: Thing = client.things.cancel.create(1)\n"
        "new: Thing = client.things.cancel(1)\n"
        "raw = client.things.with_raw_response.cancel(1).parse()\n"
        "typed: Thing = raw\n\n"
        "async def main(client: AsyncThings) -> Thing:\n"
        "    await client.things.cancel.create(1)\n"
        "    return await client.things.cancel(1)\n"
    )

    def mypy() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "things"]
        return subprocess.run(
            [*command, str(user)], capture_output=True, text=True, cwd=project.out, check=False
        )

    result = mypy()
    assert result.returncode == 0, result.stdout
    lint = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F", "things"]
    result = subprocess.run(lint, capture_output=True, text=True, cwd=project.out, check=False)
    assert result.returncode == 0, result.stdout  # nothing imported that is not used
    user.write_text(user.read_text() + "client.things.cancel('one')\n")
    result = mypy()
    assert result.returncode == 1 and 'incompatible type "str"' in result.stdout, result.stdout
