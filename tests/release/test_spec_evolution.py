"""Replay the vendor's 2025-07-02 release (history 31 → 32) into one output folder, as a user of
the SDK lives through it: 22 operations moved to new paths (same operationId), so their methods
got new names. The SDK's version follows the diff; every old name still works, warns, and sends
its request to the new path (checked on the wire, against a real server on 127.0.0.1); and a
script written against the v31 SDK runs unchanged against the v32 SDK. Both versions are
generated as a user would, without `allow_invalid` (repair leaves no validation error).
"""

from __future__ import annotations

import asyncio
import gzip
import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
import threading
import typing
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

from generator.cli import main
from generator.config import load_config
from generator.pipeline.generate import generate
from generator.release.compare import compare
from generator.release.versioning import bump_version

from ..conftest import CA_CONFIG, ca_spec_path

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
BASE_PATH = "/v2/1234"
HISTORY_31 = "31-2025-05-27.json.gz"
HISTORY_32 = "32-2025-07-02.json.gz"


def history(name: str) -> Path:
    path = ca_spec_path().parent / "history" / name
    if not path.is_file():
        pytest.skip(f"no CA history file {path}")
    return path


def raw_routes(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """operationId → (METHOD, path) from the vendor's document as published."""
    return {
        node["operationId"]: (method.upper(), path)
        for path, item in document["paths"].items()
        for method, node in item.items()
        if method in HTTP_METHODS and isinstance(node, dict) and "operationId" in node
    }


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with an empty JSON:API document (204 for DELETE) and records it."""

    requests: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.requests.append((self.command, self.path.split("?", 1)[0]))
        if self.command == "DELETE":
            self.send_response(204)
            self.end_headers()
            return
        body = json.dumps({"data": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.api+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{BASE_PATH}"
    httpd.shutdown()
    httpd.server_close()


@dataclass(frozen=True)
class Replay:
    sdk31: Path  # a copy of the output after generating version 31
    out: Path  # the same output after generating version 32 over it
    specs: tuple[Path, Path]
    moved: dict[str, tuple[tuple[str, str], tuple[str, str]]]  # id → (old route, new route)
    record31: dict[str, Any]
    record32: dict[str, Any]


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory) -> Replay:
    root = tmp_path_factory.mktemp("evolution")
    specs = []
    for name in (HISTORY_31, HISTORY_32):
        target = root / name.split("-")[0] / "openapi.json"  # one file name, as in real use
        target.parent.mkdir()
        target.write_bytes(gzip.decompress(history(name).read_bytes()))
        specs.append(target)
    config = load_config(CA_CONFIG)
    out = root / "sdk"
    generate(specs[0], out, config)
    record31 = json.loads((out / ".sdkgen-surface.json").read_text())
    sdk31 = root / "sdk31"
    shutil.copytree(out, sdk31)
    generate(specs[1], out, config)
    record32 = json.loads((out / ".sdkgen-surface.json").read_text())
    old, new = (raw_routes(json.loads(spec.read_text())) for spec in specs)
    moved = {op: (old[op], new[op]) for op in old if op in new and old[op] != new[op]}
    return Replay(sdk31, out, (specs[0], specs[1]), moved, record31, record32)


@pytest.fixture(scope="module")
def sdk(replay: Replay) -> Iterator[ModuleType]:
    sys.path.insert(0, str(replay.out))
    try:
        yield importlib.import_module("commandersact")
    finally:
        sys.path.remove(str(replay.out))
        for name in [
            n for n in sys.modules if n == "commandersact" or n.startswith("commandersact.")
        ]:
            del sys.modules[name]


def test_the_vendor_moved_22_operations(replay: Replay) -> None:
    assert len(replay.moved) == 22
    old_names = {replay.record31["operations"][op]["sdk"] for op in replay.moved}
    new_names = {replay.record32["operations"][op]["sdk"] for op in replay.moved}
    assert not old_names & new_names  # every one of them changed SDK name
    assert "cleansing_transformations.list" in old_names


def test_the_version_is_bumped_as_the_diff_says(replay: Replay) -> None:
    manifest31 = json.loads((replay.sdk31 / ".sdkgen-manifest.json").read_text())
    assert manifest31["sdk_version"] == "0.1.0"
    changes = compare(replay.record31, replay.record32)
    # The moves break nobody now; the removed models and the narrowed fields still do.
    assert changes.bump == "major"
    assert all(
        not detail.breaking
        for change in changes.operations
        if change.kind == "moved"
        for detail in change.details
        if detail.text.startswith("SDK method")
    )
    expected = bump_version("0.1.0", changes.bump)
    assert expected == "0.2.0"  # before 1.0.0, a breaking change raises the minor number
    assert f'version = "{expected}"' in (replay.out / "pyproject.toml").read_text()
    assert f'__version__ = "{expected}"' in (replay.out / "commandersact/_version.py").read_text()
    manifest = json.loads((replay.out / ".sdkgen-manifest.json").read_text())
    assert manifest["sdk_version"] == expected
    changelog = (replay.out / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## (.*)$", changelog, re.MULTILINE)
    assert headings == [
        f"{expected} — CommandersAct API 2.0.0",
        "0.1.0 — CommandersAct API 2.0.0",
    ]
    assert "Version 0.1.0 → 0.2.0: suggested bump **major**" in changelog


def test_the_aliases_are_recorded_beside_the_sdk(replay: Replay) -> None:
    kept = json.loads((replay.out / ".sdkgen-aliases.json").read_text())["aliases"]
    expected = {
        replay.record31["operations"][op]["sdk"]: replay.record32["operations"][op]["sdk"]
        for op in replay.moved
    }
    assert {a["name"]: a["calls"] for a in kept} == expected
    assert {a["since"] for a in kept} == {"0.2.0"}
    assert replay.record32["aliases"].keys() == expected.keys()
    readme = (replay.out / "README.md").read_text()
    assert "## Deprecated names" in readme
    assert (
        "| `client.cleansing_transformations.list()` | "
        "`client.integrations.cleansing_transformations.list()`"
    ) in readme


def sample(annotation: Any) -> Any:
    """A value of the annotated type, for calling a method with what it requires."""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        plain = [a for a in members if a in (int, str, dict) or typing.get_origin(a) is dict]
        return sample((plain or members)[0])
    if annotation is int:
        return 7
    if annotation is str:
        return "abc"
    if annotation is float:
        return 1.5
    if annotation is bool:
        return True
    if origin is dict or annotation is dict:
        return {"data": {"type": "things", "attributes": {}}}
    if origin is list:
        return []
    return {}


def call_arguments(method: Any) -> tuple[list[Any], dict[str, Any]]:
    # a method taking its body's fields as keywords: what its first overload requires (its
    # implementation also takes the deprecated `body=` alone, so it requires nothing)
    overloads = typing.get_overloads(getattr(method, "__func__", method))
    declared = overloads[0] if overloads else method
    hints = typing.get_type_hints(declared)
    positional: list[Any] = []
    keyword: dict[str, Any] = {}
    for name, parameter in inspect.signature(declared).parameters.items():
        if name == "self":
            continue
        if parameter.default is not inspect.Parameter.empty:
            continue
        value = sample(hints[name])
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keyword[name] = value
        else:
            positional.append(value)
    return positional, keyword


def expected_path(template: str, values: list[Any]) -> str:
    remaining = iter(values)
    return BASE_PATH + re.sub(r"\{[^}]+\}", lambda _: str(next(remaining)), template)


def same_signature(one: Any, other: Any) -> bool:
    def shape(method: Any) -> list[tuple[str, Any, Any]]:
        parameters = inspect.signature(method).parameters.values()
        return [(p.name, p.kind, p.default) for p in parameters]

    hints = typing.get_type_hints  # resolves `builtins.list` and `list` alike
    return shape(one) == shape(other) and hints(one) == hints(other)


def resolve(root: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def test_every_moved_operation_answers_to_its_old_name(
    replay: Replay, sdk: ModuleType, server: str
) -> None:
    client = sdk.CommandersAct(token="t", base_url=server, max_retries=0)
    for op, (_, (method, path)) in sorted(replay.moved.items()):
        old = replay.record31["operations"][op]["sdk"]
        new = replay.record32["operations"][op]["sdk"]
        alias = resolve(client, old)
        args, kwargs = call_arguments(alias)
        Recorder.requests.clear()
        with pytest.warns(DeprecationWarning, match=re.escape(f"use client.{new}()")):
            alias(*args, **kwargs)
        assert Recorder.requests == [(method, expected_path(path, args))], old
        assert same_signature(alias, resolve(client, new)), old


def test_every_moved_operation_answers_to_its_old_name_async(
    replay: Replay, sdk: ModuleType, server: str
) -> None:
    async def run() -> None:
        async with sdk.AsyncCommandersAct(token="t", base_url=server, max_retries=0) as client:
            for op, (_, (method, path)) in sorted(replay.moved.items()):
                old = replay.record31["operations"][op]["sdk"]
                new = replay.record32["operations"][op]["sdk"]
                alias = resolve(client, old)
                assert inspect.iscoroutinefunction(alias)
                args, kwargs = call_arguments(alias)
                Recorder.requests.clear()
                with pytest.warns(DeprecationWarning, match=re.escape(f"use client.{new}()")):
                    await alias(*args, **kwargs)
                assert Recorder.requests == [(method, expected_path(path, args))], old

    asyncio.run(run())


def test_the_old_names_work_with_raw_responses(sdk: ModuleType, server: str) -> None:
    client = sdk.CommandersAct(token="t", base_url=server, max_retries=0)
    Recorder.requests.clear()
    with pytest.warns(DeprecationWarning):
        response = client.cleansing_transformations.with_raw_response.list()
    assert response.status_code == 200
    assert Recorder.requests == [("GET", f"{BASE_PATH}/integrations/cleansing-transformations")]


def test_the_new_names_do_not_warn(sdk: ModuleType, server: str) -> None:
    client = sdk.CommandersAct(token="t", base_url=server, max_retries=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.integrations.cleansing_transformations.list()


def test_regenerating_keeps_the_aliases_and_the_version(replay: Replay, tmp_path: Path) -> None:
    again = tmp_path / "sdk"
    shutil.copytree(replay.out, again)
    _, report, _ = generate(replay.specs[1], again, load_config(CA_CONFIG))
    assert report.written == () and report.removed == ()


USER_SCRIPT = '''
"""Written against the v31 SDK; must keep working, unchanged, with later ones."""
import asyncio
import os

from commandersact import AsyncCommandersAct, CommandersAct

base_url = os.environ["SERVER"]
client = CommandersAct(token="secret", base_url=base_url, max_retries=0)
client.cleansing_transformations.list()
client.cleansing_transformations.retrieve(5)
client.cleansing_transformations.delete(5)
client.health.cookie_scanner.cookies.list()
client.health.cookie_scanner.js_code.retrieve()
client.health.cookie_scanner.setting.custom_fields.retrieve(12)
raw = client.health.cookie_scanner.with_raw_response.list()
assert raw.status_code == 200
client.sources.list()  # an operation that did not move


async def main() -> None:
    async with AsyncCommandersAct(token="secret", base_url=base_url, max_retries=0) as aclient:
        await aclient.cleansing_transformations.retrieve(6)
        await aclient.health.cookie_scanner.cookies.retrieve(7)


asyncio.run(main())
print("done")
'''


def test_a_script_written_for_v31_runs_unchanged_on_v32(
    replay: Replay, server: str, tmp_path: Path
) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    seen: dict[str, list[tuple[str, str]]] = {}
    for label, sdk_dir in (("v31", replay.sdk31), ("v32", replay.out)):
        Recorder.requests.clear()
        result = subprocess.run(
            [sys.executable, str(script)],
            env={"PYTHONPATH": str(sdk_dir), "SERVER": server, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"{label}: {result.stderr[-3000:]}"
        assert result.stdout.strip() == "done"
        seen[label] = sorted(Recorder.requests)
        if label == "v31":
            assert "DeprecationWarning" not in result.stderr
        else:  # the warnings point at the user's lines, so Python shows them: one per old
            # name called, the one called through `with_raw_response` included
            assert result.stderr.count("DeprecationWarning") == 9, result.stderr
            assert "user_script.py:16: DeprecationWarning" in result.stderr
            assert "use client.integrations.cleansing_transformations.list()" in result.stderr
    assert f"{BASE_PATH}/cleansing-transformations/5" in {path for _, path in seen["v31"]}
    assert f"{BASE_PATH}/integrations/cleansing-transformations/5" in {
        path for _, path in seen["v32"]
    }
    assert ("GET", f"{BASE_PATH}/privacy/cookie-scanner/install-code") in seen["v32"]
    assert ("GET", f"{BASE_PATH}/sources") in seen["v32"]
    assert len(seen["v31"]) == len(seen["v32"]) == 10


def test_the_script_type_checks_against_v32(replay: Replay, tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        env={"MYPYPATH": str(replay.out), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_sdkgen_diff_calls_the_moves_non_breaking(
    replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["diff", *map(str, replay.specs), "--config", str(CA_CONFIG), "--format", "json", "-q"]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    moved = [op for op in report["operations"] if op["kind"] == "moved"]
    assert len(moved) == 22
    renames = [d for op in moved for d in op["details"] if d["text"].startswith("SDK method")]
    assert len(renames) == 22 and not any(d["breaking"] for d in renames)
