"""A smoke run of the benchmark suite (`benchmarks/bench.py --quick`), so it does not rot.

sdkgen only, the small spec, one run, a short hot path: no peers installed, no network. It
checks that the table is printed with its rows, never the numbers.
"""

from __future__ import annotations

import subprocess
import sys

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
