"""The real Commanders Act spec, end to end: repair to zero errors, generate, import, type-check."""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.write.writer import write_tree

from .conftest import CA_CONFIG, FIXTURES

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@pytest.fixture
def prepared(ca_prepared):
    return ca_prepared


@pytest.fixture
def generation(ca_generation):
    return ca_generation


@pytest.fixture(scope="module")
def sdk_dir(ca_generation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ca") / "commandersact"
    write_tree(ca_generation.files, out)
    return out


def run_python(code: str, sdk_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(sdk_dir), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def test_repaired_spec_validates_with_zero_errors(prepared) -> None:
    assert prepared.errors == ()
    assert len(prepared.warnings) > 0  # the raw document needed repairs


def test_generation_leaves_the_input_file_untouched(ca_spec: Path) -> None:
    before = hashlib.sha256(ca_spec.read_bytes()).hexdigest()
    build_sdk(prepare_spec(ca_spec, load_config(CA_CONFIG)), load_config(CA_CONFIG))
    assert hashlib.sha256(ca_spec.read_bytes()).hexdigest() == before


def test_model_count_and_names_meet_the_targets(generation) -> None:
    names = [model.name for model in generation.api.models]
    assert len(names) <= 165
    assert max(len(name) for name in names) <= 40
    assert len(set(names)) == len(names)
    assert all(name.isidentifier() for name in names)
    assert not [name for name in names if "Inner" in name or "200" in name]


def test_generated_sdk_imports_with_both_clients(sdk_dir: Path) -> None:
    result = run_python(
        "import commandersact as ca; "
        "c = ca.CommandersAct(token='t', site_id='123'); "
        "a = ca.AsyncCommandersAct(token='t', site_id='123'); "
        "print(type(c).__name__, type(a).__name__)",
        sdk_dir,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["CommandersAct", "AsyncCommandersAct"]


def test_every_path_and_method_of_the_spec_is_a_callable_method(
    ca_spec: Path, generation, sdk_dir: Path
) -> None:
    raw = json.loads(ca_spec.read_text())
    # operationId → route (an operation without an operationId is known by its route)
    expected = {}
    for path, item in raw["paths"].items():
        for method in (m for m in item if m in HTTP_METHODS):
            route = (method.upper(), path if path.startswith("/") else "/" + path)
            expected[item[method].get("operationId") or " ".join(route)] = route
    by_id = {}
    resources = list(generation.api.resources)
    while resources:
        resource = resources.pop()
        resources.extend(resource.children)
        for operation in resource.operations:
            route = (operation.method, operation.path)
            key = operation.operation_id
            by_id[key if key in expected else " ".join(route)] = (
                route,
                (resource.path, operation.python_name),
            )
    assert set(expected) == set(by_id), sorted(set(expected) ^ set(by_id))
    assert len(expected) == 133
    # Every operation keeps its route, except the collection PATCHes that declare `id`, which
    # repair moves to the item path beside their GET and DELETE.
    moved = {key: by_id[key][0] for key, route in expected.items() if by_id[key][0] != route}
    assert moved == {
        "PlatformSourcesUpdate": ("PATCH", "/sources/{id}"),
        "PlatformDestinationsUpdate": ("PATCH", "/destinations/{id}"),
        "TmsWebContainersupdate": ("PATCH", "/tms/web-containers/{id}"),
        "TmsServersideContainersupdate": ("PATCH", "/tms/serverside-containers/{id}"),
    }
    calls = [[list(chain), name] for chain, name in sorted({call for _, call in by_id.values()})]
    script = (
        "import json, sys, commandersact as ca\n"
        "calls = json.loads(sys.argv[1])\n"
        "missing = []\n"
        "for client in (ca.CommandersAct(token='t', site_id='1'), ca.AsyncCommandersAct(token='t', site_id='1')):\n"
        "    for chain, name in calls:\n"
        "        target = client\n"
        "        for attribute in chain:\n"
        "            target = getattr(target, attribute)\n"
        "        if not callable(getattr(target, name, None)):\n"
        "            missing.append((type(client).__name__, chain, name))\n"
        "print(json.dumps(missing))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(sdk_dir)}
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(calls)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


# Calls a CA user writes, checked with the package. An `ignore` marks what must be an error:
# `--strict` reports an ignore that is not needed, so the test fails if the SDK accepts it.
USAGE = """
from commandersact import CommandersAct
from commandersact.types import AmsReportFilterParam

client = CommandersAct(token="t")
client.ams.reports.list(filter={"public-id": "r1", "archived": 0}, page={"size": 2})
client.ams.reports.list(filter=AmsReportFilterParam(public_id="r1"))
client.ams.reports.list(filter={"public_id": "r1"})  # type: ignore[arg-type]
client.tms.web_containers.update(7, name="renamed")
client.tms.web_containers.update(7, label="renamed")  # type: ignore[call-overload]
"""


@pytest.mark.slow
def test_generated_sdk_passes_mypy_strict(sdk_dir: Path, tmp_path: Path) -> None:
    """The package, and the calls of `USAGE`: dicts for query objects with their keys checked,
    attributes as keywords, undeclared ones refused."""
    usage = tmp_path / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "commandersact", str(usage)],
        capture_output=True,
        text=True,
        cwd=sdk_dir,
        env={**os.environ, "MYPYPATH": str(sdk_dir)},
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_generated_code_has_no_unused_import_or_name(sdk_dir: Path) -> None:
    """pyflakes' checks (ruff F: unused imports and variables, undefined names) over the CA SDK
    and the snapshot fixtures: generated code as tidy as hand-written code."""
    fixtures = sorted(str(p) for p in FIXTURES.glob("*/expected"))
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F"]
        + ["--target-version", "py310", "--output-format", "concise", str(sdk_dir), *fixtures],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_generating_twice_gives_identical_trees(ca_spec: Path, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "987"):
        out = tmp_path / f"seed{seed}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                str(ca_spec),
                "--config",
                str(CA_CONFIG),
                "--output",
                str(out),
                "--quiet",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(out)
    comparison = filecmp.dircmp(outputs[0], outputs[1])
    assert _tree_bytes(outputs[0]) == _tree_bytes(outputs[1]), comparison.report()


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
