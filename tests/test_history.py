"""Replay every published Commanders Act version, oldest first, into one output directory.

Each version generates (with the CA config; old versions may keep validation errors after
repair and overlays, so `--allow-invalid` behaviour), every module of the SDK imports, `diff`
between consecutive versions reports exactly the operations that appear, disappear or move
(the expectation is computed here from the raw documents), and each regeneration rewrites only
the files whose content changed: the others keep their mtime.

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
from pathlib import Path
from typing import Any

import pytest

from generator.check import manifest_files
from generator.config import load_config
from generator.diff import compare, surface_record
from generator.pipeline import Generation, build_sdk, output_files, prepare_spec
from generator.writer import write_tree

from .conftest import CA_CONFIG, REPO, ca_spec_path

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


def build(spec: str) -> tuple[Generation, int]:
    """Worker: prepare and render one version in memory (validation errors tolerated)."""
    config = load_config(CA_CONFIG)
    prepared = prepare_spec(Path(spec), config)
    return build_sdk(prepared, config, allow_invalid=True), len(prepared.errors)


def build_many(result_file: str, *specs: str) -> None:
    """Worker entry point: build `specs` and pickle the list of results to `result_file`."""
    Path(result_file).write_bytes(pickle.dumps([build(spec) for spec in specs]))


def build_all(specs: list[Path], scratch: Path) -> list[tuple[Generation, int]]:
    workers = max(1, min(2, os.cpu_count() or 1))
    shares = [specs[start::workers] for start in range(workers)]
    processes = []
    for number, share in enumerate(shares):
        result_file = scratch / f"worker-{number}.pickle"
        code = "import sys; from tests.test_history import build_many; build_many(*sys.argv[1:])"
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
    results: list[list[tuple[Generation, int]]] = []
    for result_file, process in processes:
        _, err = process.communicate(timeout=900)
        assert process.returncode == 0, err[-4000:]
        results.append(pickle.loads(result_file.read_bytes()))
    built: list[tuple[Generation, int]] = [None] * len(specs)  # type: ignore[list-item]
    for start, share_results in enumerate(results):
        built[start::workers] = share_results
    return built


def raw_operations(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """operationId (or "METHOD path" when it has none) → (METHOD, path), from the raw document;
    the only normalization is the leading "/" that old versions omit and repair adds."""
    found: dict[str, tuple[str, str]] = {}
    for path, item in (document.get("paths") or {}).items():
        route_path = path if path.startswith("/") else "/" + path
        for method, node in item.items():
            if method in HTTP_METHODS:
                route = (method.upper(), route_path)
                found[node.get("operationId") or " ".join(route)] = route
    return found


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
    for index, (spec, (generation, errors)) in enumerate(zip(specs, built, strict=True)):
        label = spec.parent.name
        record = surface_record(generation.api)
        assert len(record["operations"]) == len(raw[index]), label

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
            summary.append(
                f"{label}: {errors} error(s) left; +{s['added']} -{s['removed']} "
                f"moved {s['moved']} changed {s['changed']} breaking {s['breaking']} "
                f"-> {s['bump']}; {len(report.written)} file(s) written"
            )
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
