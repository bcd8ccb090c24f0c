"""Replay every published Commanders Act version, oldest first, into one output directory.

Each version validates with 0 errors after repair and the CA config's overlays, and generates
without `--allow-invalid`; every module of the SDK imports, and `mypy --strict` passes on a
sample (the oldest, one in the middle, the newest). `diff` between consecutive versions reports
exactly the operations that appear, disappear or move (the expectation is computed here from
the raw documents, with the moves repair makes), and each regeneration rewrites only the files
whose content changed: the others keep their mtime.

Rendering runs in two worker processes (plain subprocesses, each pickling its generations to a
file); writing, diffing and checking run in order here.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import load_config
from generator.diagnostics import format_text
from generator.pipeline.stages import Generation, build_sdk, output_files, prepare_spec
from generator.release.compare import compare
from generator.release.record import surface_record
from generator.write.manifest import manifest_files
from generator.write.writer import write_tree

from ..conftest import CA_CONFIG, REPO, ca_spec_path

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IMPORT_ALL = """
import importlib, pkgutil, sys
for directory in sys.argv[1:]:
    sys.path.insert(0, directory)
    package = importlib.import_module("commandersact")
    for info in pkgutil.walk_packages(package.__path__, "commandersact."):
        importlib.import_module(info.name)
    for name in [n for n in sys.modules if n == "commandersact" or n.startswith("commandersact.")]:
        del sys.modules[name]
    sys.path.remove(directory)
    print("imported", directory)
"""


def history_files() -> list[Path]:
    history = ca_spec_path().parent / "history"
    files = sorted(history.glob("*.json.gz"))
    if not files:
        if os.environ.get("CI"):
            pytest.fail(f"no CA history in {history}")
        pytest.skip(f"no CA history in {history}")
    return files


# What one worker returns per version: the SDK (None when validation failed), the report of the
# validation errors left after repair and overlays, and how many of each repair were made.
Built = tuple[Generation | None, str, dict[str, int]]
MYPY_SAMPLE = ("01-", "13-", "32-")  # oldest; merged paths, moves and `type: json`; newest


def build(spec: str) -> Built:
    """Worker: prepare and render one version in memory, as `generate` does without
    `--allow-invalid` (a version with validation errors left is reported, not built)."""
    config = load_config(CA_CONFIG)
    prepared = prepare_spec(Path(spec), config)
    repairs = dict(Counter(d.code for d in prepared.warnings if d.code.startswith("repair.")))
    if prepared.errors:
        return None, format_text(prepared.errors), repairs
    return build_sdk(prepared, config), "", repairs


def build_many(result_file: str, *specs: str) -> None:
    """Worker entry point: build `specs` and pickle the list of results to `result_file`."""
    Path(result_file).write_bytes(pickle.dumps([build(spec) for spec in specs]))


def build_all(specs: list[Path], scratch: Path) -> list[Built]:
    workers = max(1, min(2, os.cpu_count() or 1))
    shares = [specs[start::workers] for start in range(workers)]
    processes = []
    for number, share in enumerate(shares):
        result_file = scratch / f"worker-{number}.pickle"
        code = (
            "import sys; from tests.release.test_history import build_many; "
            "build_many(*sys.argv[1:])"
        )
        processes.append(
            (
                result_file,
                subprocess.Popen(
                    [sys.executable, "-c", code, str(result_file), *map(str, share)],
                    cwd=REPO,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    results: list[list[Built]] = []
    for result_file, process in processes:
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, err[-4000:]
        results.append(pickle.loads(result_file.read_bytes()))
    built: list[Built] = [None] * len(specs)  # type: ignore[list-item]
    for start, share_results in enumerate(results):
        built[start::workers] = share_results
    return built


# The collection PATCHes that declare a path parameter `id` their path lacks: repair moves them
# to `<path>/{id}` (beside GET and DELETE) in every version that has them.
MOVED_TO_ITEM_PATH = frozenset(
    {
        "PlatformSourcesUpdate",
        "PlatformDestinationsUpdate",
        "TmsWebContainersupdate",
        "TmsServersideContainersupdate",
    }
)


def raw_operations(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """operationId (or "METHOD path" when it has none) → (METHOD, path), from the raw document;
    normalized only as repair does: the leading "/" that old versions omit is added, and the
    operations of MOVED_TO_ITEM_PATH go to their item path."""
    found: dict[str, tuple[str, str]] = {}
    for path, item in (document.get("paths") or {}).items():
        route_path = path if path.startswith("/") else "/" + path
        for method, node in item.items():
            if method in HTTP_METHODS:
                operation_id = node.get("operationId")
                moved = operation_id in MOVED_TO_ITEM_PATH
                route = (method.upper(), route_path + "/{id}" if moved else route_path)
                found[operation_id or " ".join(route)] = route
    return found


def sdk_routes(record: dict[str, Any], raw: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The SDK's operations keyed as `raw_operations` keys them."""
    routes = {}
    for operation_id, operation in record["operations"].items():
        route = (operation["method"], operation["path"])
        routes[operation_id if operation_id in raw else " ".join(route)] = route
    return routes


def expected_changes(
    old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]
) -> dict[str, set[str]]:
    added = set(new) - set(old)
    removed = set(old) - set(new)
    renamed = {k for k in added if new[k] in {old[r] for r in removed}}
    renamed_from = {r for r in removed if old[r] in {new[k] for k in renamed}}
    return {
        "added": added - renamed,
        "removed": removed - renamed_from,
        "renamed": renamed,
        "moved": {k for k in set(old) & set(new) if old[k] != new[k]},
    }


def mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
    }


def age(root: Path) -> None:
    for p in root.rglob("*"):
        if p.is_file():
            st = p.stat()
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns - 1000 * 10**9))


@pytest.mark.slow
def test_replay_of_every_published_version(tmp_path: Path) -> None:
    versions = history_files()
    specs: list[Path] = []
    raw: list[dict[str, tuple[str, str]]] = []
    for source in versions:
        # The same file name for every version, as in real use: generated headers name it.
        target = tmp_path / "specs" / source.name.removesuffix(".json.gz") / "openapi.json"
        target.parent.mkdir(parents=True)
        data = gzip.decompress(source.read_bytes())
        target.write_bytes(data)
        specs.append(target)
        raw.append(raw_operations(json.loads(data)))

    built = build_all(specs, tmp_path)

    out = tmp_path / "sdk"
    previous_files: dict[str, str] = {}
    previous_record: dict[str, Any] | None = None
    import_dirs: list[str] = []
    summary: list[str] = []
    entries = 1
    for index, (spec, (generation, errors, repairs)) in enumerate(zip(specs, built, strict=True)):
        label = spec.parent.name
        assert generation is not None, f"{label}: validation errors left after repair\n{errors}"
        record = surface_record(generation.api)
        assert sdk_routes(record, raw[index]) == raw[index], label

        if out.exists():
            age(out)
        before = mtimes(out) if out.exists() else {}
        files = output_files(generation, out)
        report = write_tree(files, out, previous=manifest_files(out))
        after = mtimes(out)
        changed = {path for path, text in files.items() if previous_files.get(path) != text}
        assert set(report.written) == changed, label
        assert set(report.removed) == set(previous_files) - set(files), label
        for path in report.unchanged:
            assert after[path] == before[path], f"{label}: {path} was rewritten"

        imports = tmp_path / "imports" / label
        write_tree(generation.files, imports)
        import_dirs.append(str(imports))

        fired = ", ".join(
            f"{code.removeprefix('repair.')} {n}" for code, n in sorted(repairs.items())
        )
        line = f"{label}: 0 errors after repair (repairs: {fired})"
        if previous_record is not None:
            changelog = compare(previous_record, record)
            expected = expected_changes(raw[index - 1], raw[index])
            for kind in ("added", "removed", "moved", "renamed"):
                reported = {c.operation_id for c in changelog.operations if c.kind == kind}
                assert reported == expected[kind], f"{label}: {kind}"
            assert all(c.breaking for c in changelog.operations if c.kind == "moved")
            if changelog.bump != "none":
                entries += 1
            s = changelog.summary()
            line += (
                f"; +{s['added']} -{s['removed']} "
                f"moved {s['moved']} changed {s['changed']} breaking {s['breaking']} "
                f"-> {s['bump']}; {len(report.written)} file(s) written"
            )
        summary.append(line)
        previous_files, previous_record = files, record

    changelog_text = (out / "CHANGELOG.md").read_text()
    assert changelog_text.count("\n## ") == entries
    print("\n".join(summary))

    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *import_dirs],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.count("imported ") == len(versions)

    # mypy --strict on the sample, two at a time (one per CPU).
    sample = [d for d in import_dirs if Path(d).name.startswith(MYPY_SAMPLE)]
    assert len(sample) == len(MYPY_SAMPLE)
    for start in range(0, len(sample), 2):
        checks = [
            (
                directory,
                subprocess.Popen(
                    [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
                    + ["--cache-dir", os.devnull, "-p", "commandersact"],
                    cwd=directory,
                    env={**os.environ, "MYPYPATH": directory},
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
            )
            for directory in sample[start : start + 2]
        ]
        for directory, check in checks:
            output, _ = check.communicate(timeout=900)
            assert check.returncode == 0, f"{Path(directory).name}: {output[-5000:]}"


@pytest.mark.slow
def test_generate_accepts_a_version_with_paths_written_twice_and_overlays_that_miss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a new user runs, on the first version that failed without `--allow-invalid`
    (2022-07-06: four paths written with and without the leading "/"). It also lacks what one
    action of the CA overlay removes: that is a warning, and the run succeeds."""
    source = next(p for p in history_files() if p.name.startswith("08-"))
    spec = tmp_path / "openapi.json"
    spec.write_bytes(gzip.decompress(source.read_bytes()))
    out = tmp_path / "out"
    code = main(["generate", str(spec), "--config", str(CA_CONFIG), "--output", str(out), "-v"])
    err = capsys.readouterr().err
    assert code == 0, err[-4000:]
    assert "warning repair.path-merge (4):" in err
    assert "warning overlay.no-match (1):" in err and "SegmentStatsParams" in err
    assert not [line for line in err.splitlines() if line.startswith("error")]
    assert (out / "commandersact" / "resources").is_dir()
