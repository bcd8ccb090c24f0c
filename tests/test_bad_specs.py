"""Every spec of tests/bad_specs is rejected by `sdkgen generate` with a located message,
and the output directory is left exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent / "bad_specs"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text())


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_corpus_is_complete() -> None:
    specs = {path.name for path in HERE.iterdir() if path.is_file() and path.name != "cases.yaml"}
    assert specs == set(CASES)
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", sorted(CASES))
def test_generate_rejects_bad_spec(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    spec = HERE / name
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentinel.txt").write_bytes(b"keep me\n")
    before = snapshot(out)
    command = [sys.executable, "-m", "generator", "generate", str(spec)]
    command += ["--output", str(out), "--package", "badpkg"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0, result.stdout
    assert case["message"] in result.stderr
    assert f"[{case['code']}]" in result.stderr
    assert name in result.stderr  # the diagnostic names the spec file
    assert snapshot(out) == before


# --- hostile documents, made at run time --------------------------------------------------------
# Each ends with exit 1 and an error naming the file and the problem, in a process limited to
# 1 GiB of address space (so "well under 1 GiB" is enforced, not hoped for), with the output
# directory (a previous generation: it has the marker) left as it was. Time and peak memory are
# printed (`pytest -s`): the figures of the README come from here.

GIB = 1 << 30
HEAD = '{"openapi": "3.0.3", "info": {"title": "hostile", "version": "1"}, "paths": {}, '


def deep_json(directory: Path) -> Path:
    path = directory / "deep.json"
    path.write_text(HEAD + '"x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


def deep_json_129(directory: Path) -> Path:  # parses, then the depth check says where
    path = directory / "deep129.json"
    path.write_text(HEAD + '"x-deep": ' + '{"a": ' * 128 + "1" + "}" * 128 + "}")
    return path


def deep_yaml_flow(directory: Path) -> Path:
    path = directory / "deep.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n"
    )
    return path


def deep_yaml_block(directory: Path) -> Path:
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths: {}", "x-deep:"]
    lines += [" " * (2 * level) + "a:" for level in range(1, 2_000)]
    path = directory / "deep_block.yaml"
    path.write_text("\n".join(lines) + " 1\n")
    return path


def huge(directory: Path) -> Path:  # 1 GiB on disk (sparse: no space used), default limit
    path = directory / "huge.json"
    path.write_text(HEAD + '"x-big": "')
    os.truncate(path, GIB)
    return path


def ref_files(directory: Path, count: int, *, loop: bool) -> Path:
    """A root whose schema is a $ref to file 1, each file a $ref to the next; the last one
    refers back to the root (`loop`) or is a plain schema."""
    parts = directory / ("loop" if loop else "chain")
    parts.mkdir()
    root = directory / f"ref_{'loop' if loop else 'chain'}_{count}_files.json"
    root.write_text(
        HEAD.replace('"paths": {}, ', "")
        + '"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": '
        + '{"application/json": {"schema": {"$ref": "#/components/schemas/Start"}}}}}}}}, '
        + f'"components": {{"schemas": {{"Start": {{"$ref": "{parts.name}/1.json#/Step"}}}}}}}}'
    )
    for index in range(1, count + 1):
        if index < count:
            step = {"$ref": f"{index + 1}.json#/Step"}
        else:
            step = {"$ref": f"../{root.name}#/components/schemas/Start"} if loop else {}
        (parts / f"{index}.json").write_text(json.dumps({"Step": step}))
    return root


def large_with_refs(directory: Path) -> Path:  # 30 files of 10 kB under a 200 kB limit
    root = ref_files(directory, 30, loop=False)
    for part in (directory / "chain").iterdir():
        data = json.loads(part.read_text())
        data["x-padding"] = "x" * 10_000
        part.write_text(json.dumps(data))
    return root


def committed(name: str) -> Callable[[Path], Path]:
    return lambda _: HERE / name


HOSTILE: dict[str, tuple[Callable[[Path], Path], str, str, tuple[str, ...]]] = {
    # name: (builder, code, message, extra arguments)
    **{
        name: (committed(name), CASES[name]["code"], CASES[name]["message"], ())
        for name in (
            "recursive_alias.yaml",
            "billion_laughs.yaml",
            "ref_cycle.yaml",
            "ref_cycle_files.yaml",
            "ref_chain_long.yaml",
        )
    },
    "deep_json_100000": (deep_json, "load.too-deep", "nested more than 128 levels deep", ()),
    "deep_json_129": (deep_json_129, "load.too-deep", "nested more than 128 levels deep", ()),
    "deep_yaml_flow_100000": (deep_yaml_flow, "load.too-deep", "(at line 4, column 136)", ()),
    "deep_yaml_block_2000": (deep_yaml_block, "load.too-deep", "(at line 132, column 257)", ()),
    "huge_1gib": (huge, "load.too-large", "1.0 GiB or more, over the limit of 128.0 MiB", ()),
    "large_with_refs": (
        large_with_refs,
        "load.too-large",
        "with the files its $refs bring in (up to chain/21.json), the document holds 206.4 KiB",
        ("--max-spec-bytes", "200K"),
    ),
    "ref_chain_1000_files": (
        lambda d: ref_files(d, 1000, loop=False),
        "load.ref-chain",
        (
            "a chain of 1000 $refs, each only a reference to the next (more than 32): "
            "#/components/schemas/Start -> chain/1.json#/Step -> chain/2.json#/Step"
        ),
        (),
    ),
    "ref_loop_1000_files": (
        lambda d: ref_files(d, 1000, loop=True),
        "load.ref-cycle",
        "a $ref cycle of 1001: each of these is only a reference to the next",
        (),
    ),
}
COMMANDS = ["generate", "check", "validate", "diff"]


# Runs argv[1:] as its child with at most 1 GiB of address space, its stdout discarded and its
# stderr passed on, and prints its exit code, seconds and peak RSS (the child of this small
# process: the peak of a child of pytest itself would start at pytest's own).
LIMITED = f"""
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({GIB}, {GIB}))
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(json.dumps([os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024]))
"""


def run_limited(command: list[str], **env: str) -> tuple[int, str, float, float]:
    """Run `command` with at most 1 GiB of address space: exit code, stderr, seconds, peak MB."""
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, *command],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,  # a hang guard, not a speed goal
        check=True,
    )
    returncode, seconds, peak_mb = json.loads(result.stdout)
    return returncode, result.stderr, seconds, peak_mb


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_end_quickly_with_a_clear_error(
    name: str, command: str, tmp_path: Path
) -> None:
    build, code, message, extra = HOSTILE[name]
    spec = build(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".sdkgen").write_text("generated by sdkgen\n")  # replaceable: untouched all the same
    (out / "keep.txt").write_text("keep me\n")
    before = snapshot(out)
    argv = [sys.executable, "-m", "generator", command]
    if command == "diff":
        argv += [str(HERE.parent / "fixtures" / "minimal" / "spec.json"), str(spec)]
    else:
        argv += [str(spec)]
    if command in ("generate", "check"):
        argv += ["--output", str(out), "--package", "hostile"]
    returncode, stderr, seconds, peak_mb = run_limited([*argv, *extra], SDKGEN_CACHE_DIR="off")
    print(f"\nhostile {name} ({command}): exit {returncode}, {seconds:.2f} s, {peak_mb:.0f} MB")
    assert returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr
    assert f"[{code}]" in stderr and message in stderr, stderr[-3000:]
    assert spec.name in stderr  # the message names the file
    assert snapshot(out) == before
