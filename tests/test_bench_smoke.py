"""A smoke run of the benchmark suite (`benchmarks/bench.py --quick`), so it does not rot.

sdkgen only, the small spec, one run, a short hot path: no peers installed, no network. It
checks that the table is printed with its rows, never the numbers. The large-spec section
(`--large`) runs on the small spec given as a local one (nothing fetched), and its failure
reporting (address-space limit, timeout, signals) and table are checked on small commands and
made-up runs.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

from tests.conftest import REPO

EXPECTED_ROWS = (
    "generate catalog: sdkgen, cold cache",
    "generate catalog: sdkgen, warm cache, fresh output",
    "generate catalog: sdkgen, no-op regeneration",
    "generate catalog: sdkgen --formatter ruff, cold cache",
    "generate catalog: sdkgen --formatter ruff, warm cache, fresh output",
    "generate catalog: sdkgen --formatter ruff, no-op regeneration",
    "generate catalog: sdkgen, edited spec (+1 operation), warm cache",
    "import catalog: sdkgen package (catalog)",
    "import catalog: sdkgen + client (catalog._client)",
    "request: raw httpx + json.loads",
    "request: sdkgen SDK call",
    "list e2e 1000: json.loads",
    "list e2e 1000: sdkgen models",
    "list parse 1000: json.loads",
    "list parse 1000: sdkgen models",
)


def test_quick_benchmark_prints_the_table(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--quick", "--requests", "50"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sdkgen benchmarks: ")
    assert "FAILED" not in done.stdout, done.stdout
    for row in EXPECTED_ROWS:
        assert any(line.startswith(row) for line in lines), f"no row {row!r} in\n{done.stdout}"
    assert any("x of raw" in line for line in lines if line.startswith("request: sdkgen"))
    assert any("x of cold" in line for line in lines if "no-op" in line)


# --- the large-spec section, on the small spec and on made-up runs: no network, no peers ---


def load_bench():
    """benchmarks/bench.py as a module (benchmarks/ is not a package)."""
    if "sdkgen_bench" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "sdkgen_bench", REPO / "benchmarks" / "bench.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["sdkgen_bench"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["sdkgen_bench"]


def test_large_benchmark_on_a_local_spec_prints_its_table(tmp_path) -> None:
    catalog = REPO / "benchmarks" / "specs" / "catalog.yaml"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--large", "--no-peers"]
        + ["--large-specs", f"catalog={catalog}"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "fetching" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sdkgen benchmarks: ")
    assert any(line.startswith("large specs (") for line in lines)
    header = next(line for line in lines if line.startswith("spec "))
    assert header.split() == [
        "spec", "MB", "paths", "sdkgen", "s", "sdkgen", "peak", "MB", "peer", "s", "peer", "peak",
        "MB", "time", "ratio", "peak", "ratio", "goals",
    ]  # fmt: skip
    row = next(line for line in lines if line.startswith("catalog "))
    cells = row.split()
    assert cells[2] == "2"  # paths
    float(cells[3]), float(cells[4])  # sdkgen's seconds and peak MB
    assert row.endswith("yes (no peer run)"), row
    assert "FAILED" not in done.stdout, done.stdout


def test_large_benchmark_rejects_an_unknown_spec(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--large", "--no-peers"]
        + ["--large-specs", "nosuchapi"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert "unknown large spec 'nosuchapi'" in done.stderr


def test_the_address_space_limit_and_the_timeout_are_reported_as_failures() -> None:
    bench = load_bench()
    allocate = [sys.executable, "-c", "block = b'x' * (300 * 2**20)"]  # touched: resident
    fits = bench.measure(allocate, timeout=60, address_space=2**30)
    assert fits.ok and fits.peak_mb >= 300, fits
    limited = bench.measure(allocate, timeout=60, address_space=256 * 2**20)
    assert not limited.ok
    assert limited.error == "MemoryError", limited
    # The child and what it started: both killed at the deadline.
    sleeper = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', " + (
        "'import time; time.sleep(60)']); time.sleep(60)"
    )
    start = time.perf_counter()
    slow = bench.measure([sys.executable, "-c", sleeper], timeout=1.0)
    assert time.perf_counter() - start < 30
    assert not slow.ok and slow.error == "timed out after 1 s", slow
    killed = bench.measure([sys.executable, "-c", "import os; os.kill(os.getpid(), 9)"])
    assert killed.error == "killed by SIGKILL", killed


def test_first_error_line_finds_what_a_traceback_raised() -> None:
    bench = load_bench()
    chained = (
        'warning: something\nTraceback (most recent call last):\n  File "x.py", line 1\n'
        "MemoryError\n\nThe above exception was the direct cause of the following exception:\n"
        '\nTraceback (most recent call last):\n  File "y.py", line 2\n'
        "concurrent.futures.process.BrokenProcessPool: A child process terminated abruptly\n"
    )
    assert bench.first_error_line(chained) == "MemoryError"
    rich = (
        "╭──── Traceback (most recent call last) ────╮\n│ ❱ 163 │ errors = generate( │\n"
        "╰───────────────────────────────────────────╯\nValueError: Duplicate key GMT0 in enum\n"
    )
    assert bench.first_error_line(rich) == "ValueError: Duplicate key GMT0 in enum"
    assert bench.first_error_line("ok\nerror: no such file\n") == "error: no such file"


def test_the_large_table_reports_figures_ratios_goals_and_failures() -> None:
    bench = load_bench()
    spec = bench.Spec("tiny", REPO / "benchmarks" / "specs" / "catalog.yaml", "tiny")
    run = bench.Run
    results = [
        bench.LargeResult(spec, 2.5, 305, [run(10.0, 500.0, True)], [run(20.0, 250.0, True)]),
        bench.LargeResult(
            bench.Spec("slow", spec.path, "slow"),
            4.4,
            428,
            [run(30.0, 2100.0, True)],
            [run(20.0, 500.0, True)],
        ),
        bench.LargeResult(
            bench.Spec("huge", spec.path, "huge"),
            20.3,
            7419,
            [run(70.8, 2900.0, False, "MemoryError")],
            [run(300.0, 900.0, False, "timed out after 300 s")],
        ),
        bench.LargeResult(
            bench.Spec("oddenum", spec.path, "oddenum"),
            1.0,
            10,
            [run(1.0, 90.0, True)],
            [run(2.0, 100.0, False, "ValueError: Duplicate key")],
        ),
    ]
    table = bench.render_large_table(results, "HEADER")
    lines = table.splitlines()
    assert lines[0] == "HEADER"
    rows = {line.split()[0]: line for line in lines[3:] if not line.startswith("failed:")}
    assert rows["tiny"].split() == [
        "tiny", "2.5", "305", "10.0", "500", "20.0", "250", "0.50x", "2.00x", "yes",
    ]  # fmt: skip
    assert rows["slow"].split()[7:9] == ["1.50x", "4.20x"]
    assert rows["slow"].endswith("no: peak > 2048 MB, peak > 4x peer, slower than peer")
    assert rows["huge"].split()[3:10] == ["FAILED", "-", "FAILED", "-", "-", "-", "no:"]
    assert rows["oddenum"].endswith("yes (peer failed)")
    assert "failed: huge, sdkgen: MemoryError (after 70.8 s, peak 2900 MB)" in lines
    assert (
        "failed: huge, openapi-python-client: timed out after 300 s (after 300.0 s, peak 900 MB)"
        in lines
    )
    assert any(
        line.startswith("failed: oddenum, openapi-python-client: ValueError") for line in lines
    )
