"""sdkgen's benchmark suite: sdkgen against openapi-python-client and openapi-generator.

    python benchmarks/bench.py [--runs N] [--github-runs N] [--quick] [--no-peers] ...
    make bench

Prints one table (medians over the runs, with min and max; ratios are computed run by run and
their median shown). It measures:

1. generation wall time and peak memory (max RSS of the generator process and its children,
   from `os.wait4`) on the Commanders Act spec (`$SDKGEN_SPEC`) and GitHub's REST API
   description, for sdkgen with black (the default) and with `--formatter ruff` (cold cache: a
   fresh `$SDKGEN_CACHE_DIR`; warm cache: a fresh output directory), openapi-python-client and
   openapi-generator (`-g python`); a peer that fails on an input gets a row saying so with the
   first line of its error;
2. no-op regeneration (sdkgen into its own output again, nothing changed), and an edited spec:
   the same spec with one operation added (`edited_spec`), regenerated into the existing
   output with the cache the runs before filled (what a spec update costs);
3. import time of each generated package (a fresh process timing `import pkg`);
4. the client hot path against a local server in another process (`server.py`): per-request
   cost of an sdkgen call against raw `httpx` + `json.loads`, and a list of 10,000 JSON:API
   resources parsed into models by sdkgen's SDK, by openapi-python-client's client generated
   from the same spec (`specs/catalog.yaml`), and by plain `json.loads` (`hot.py`).

The peers are installed from PyPI into `benchmarks/.venv` on first use (openapi-generator-cli
bundles the jar and runs on the machine's Java). It is a benchmark, not a test: it never fails
on a number. `--quick` (1 run, sdkgen only, the small spec, a short hot path, no installs and
no network) is what `tests/test_bench_smoke.py` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEER_VENV = HERE / ".venv"
PEER_PACKAGES = (
    "openapi-python-client",
    "openapi-generator-cli",
    # what the generated clients import, so all of them run on the same interpreter and libs
    "httpx",
    "pydantic",
    "attrs",
    "python-dateutil",
    "urllib3",
    "typing-extensions",
)
CATALOG_SPEC = HERE / "specs" / "catalog.yaml"
CA_CONFIG = REPO / "specs" / "commandersact" / "sdkgen.yaml"
GITHUB_SPEC = REPO / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
TIMEOUT = 1800.0  # seconds per generator run


# --- measuring a child process ----------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""


def first_error_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if re.search(r"error|exception|failed|cannot|unable", line, re.IGNORECASE):
            return line[:160]
    return (lines[-1] if lines else "no output")[:160]


def measure(command: Sequence[str], *, env: dict[str, str] | None = None) -> Run:
    """Wall time and max RSS (of the process and the children it waited for) of `command`."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=REPO
        )
        deadline = start + TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return Run(time.perf_counter() - start, usage.ru_maxrss / 1024, False, "timed out")
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    ok = process.returncode == 0
    return Run(seconds, usage.ru_maxrss / 1024, ok, "" if ok else first_error_line(text))


# --- the table --------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    ratio_label: str = ""
    error: str = ""
    note: str = ""


def _stats(values: Sequence[float], digits: int) -> str:
    if not values:
        return "-"
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def _digits(values: Sequence[float]) -> int:
    biggest = max((abs(v) for v in values), default=1.0)
    return 2 if biggest >= 1 else (3 if biggest >= 0.01 else 5)


def render_table(rows: Sequence[Row], header: str) -> str:
    table = [("measurement", "median (min-max)", "peak MB", "ratio (median of runs)")]
    for row in rows:
        if row.error:
            cells = (f"{row.section}: {row.name}", f"FAILED: {row.error}", "", "")
        else:
            value = f"{_stats(row.values, _digits(row.values))} {row.unit}"
            peak = _stats(row.peaks, 0) if row.peaks else ""
            ratio = ""
            if row.ratios:
                ratio = f"{_stats(row.ratios, 2)}x {row.ratio_label}"
            cells = (f"{row.section}: {row.name}", value, peak, ratio)
        if row.note:
            cells = (cells[0], cells[1], cells[2], (cells[3] + "  " + row.note).strip())
        table.append(cells)
    widths = [max(len(r[i]) for r in table if not r[1].startswith("FAILED")) for i in range(3)]
    lines = [header]
    for index, cells in enumerate(table):
        if cells[1].startswith("FAILED"):
            lines.append(f"{cells[0].ljust(widths[0])}  {cells[1]}")
        else:
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells[:3], widths)) + "  " + cells[3])
        if index == 0:
            lines.append("-" * (sum(widths) + 30))
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- environment ------------------------------------------------------------------------------


def peer_python() -> Path:
    return PEER_VENV / "bin" / "python"


def ensure_peers() -> None:
    """benchmarks/.venv with the peers and the generated clients' runtime libraries."""
    marker = PEER_VENV / ".installed"
    wanted = "\n".join(PEER_PACKAGES)
    if marker.is_file() and marker.read_text() == wanted:
        return
    print(f"installing {', '.join(PEER_PACKAGES)} into {PEER_VENV} ...", file=sys.stderr)
    if not peer_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    pip = [str(peer_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PEER_PACKAGES], check=True)
    marker.write_text(wanted)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = "?"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU ({cpu}), {memory}, "
        f"Python {platform.python_version()}, load average {load}"
    )


# --- the generators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    label: str
    path: Path
    package: str
    config: Path | None = None


def sdkgen_command(
    spec: Spec, output: Path, formatter: str | None = None, path: Path | None = None
) -> list[str]:
    source = path or spec.path
    command = [sys.executable, "-m", "generator", "generate", str(source), "-o", str(output)]
    command += ["--package", spec.package, "-q"]
    if spec.config is not None:
        command += ["--config", str(spec.config)]
    if formatter is not None:
        command += ["--formatter", formatter]
    return command


# Writes SOURCE with one operation added at a new path in the middle of `paths`, to TARGET.
EDIT_SPEC = r"""
import json, sys
import yaml

source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as stream:
    text = stream.read()
data = json.loads(text) if source.endswith(".json") else yaml.safe_load(text)
paths = list(data["paths"].items())
schema = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    },
}
operation = {
    "get": {
        "operationId": "sdkgenBenchListItems",
        "summary": "List the items of an owner (added by the benchmark)",
        "parameters": [
            {"name": "owner", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
        ],
        "responses": {
            "200": {"description": "the items", "content": {"application/json": {"schema": schema}}}
        },
    }
}
middle = len(paths) // 2
data["paths"] = dict(paths[:middle] + [("/sdkgen-bench/{owner}/items", operation)] + paths[middle:])
with open(target, "w", encoding="utf-8") as stream:
    json.dump(data, stream, ensure_ascii=False, indent=1)  # JSON is YAML too
"""


def edited_spec(spec: Spec, work: Path) -> Path:
    """`spec` with one operation added, under the same file name (the generated files name their
    source, and an update keeps the name). Written by a child process: a spec loaded here would
    stay in this process's peak memory, which its children's figures inherit."""
    target = work / f"{spec.package}-edited" / spec.path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", EDIT_SPEC, str(spec.path), str(target)], check=True)
    return target


def oapc_command(spec: Spec, output: Path) -> list[str]:
    executable = PEER_VENV / "bin" / "openapi-python-client"
    return [str(executable), "generate", "--path", str(spec.path), "--meta", "none"] + [
        "--output-path",
        str(output / f"{spec.package}_oapc"),
        "--overwrite",
    ]


def oag_command(spec: Spec, output: Path) -> list[str]:
    executable = PEER_VENV / "bin" / "openapi-generator-cli"
    return [
        str(executable),
        "generate",
        "-i",
        str(spec.path),
        "-g",
        "python",
        "-o",
        str(output),
    ] + [
        "--package-name",
        f"{spec.package}_oag",
        "--skip-validate-spec",  # it refuses the CA spec otherwise; validating costs it more
    ]


def pair_ratios(numerators: Sequence[Run], denominators: Sequence[Run]) -> list[float]:
    return [
        a.seconds / b.seconds
        for a, b in zip(numerators, denominators)
        if a.ok and b.ok and b.seconds > 0
    ]


def bench_generation(
    spec: Spec, runs: int, peers: bool, work: Path
) -> tuple[list[Row], dict[str, Path]]:
    """Rows for one spec, and where each tool's package landed (for the import times)."""
    keys = ("cold", "warm", "noop", "ruff-cold", "ruff-warm", "ruff-noop", "edited", "oapc", "oag")
    results: dict[str, list[Run]] = {key: [] for key in keys}
    packages: dict[str, Path] = {}
    edited = edited_spec(spec, work)
    for run in range(runs):
        base = work / f"{spec.package}-{run}"
        cache = base / "cache"
        env = dict(os.environ, SDKGEN_CACHE_DIR=str(cache))
        results["cold"].append(measure(sdkgen_command(spec, base / "sdkgen-cold"), env=env))
        results["warm"].append(measure(sdkgen_command(spec, base / "sdkgen"), env=env))
        results["noop"].append(measure(sdkgen_command(spec, base / "sdkgen"), env=env))
        if results["warm"][-1].ok:
            packages["sdkgen"] = base / "sdkgen"
        ruff_env = dict(os.environ, SDKGEN_CACHE_DIR=str(base / "cache-ruff"))
        for key, output in (("cold", "ruff-cold"), ("warm", "ruff"), ("noop", "ruff")):
            command = sdkgen_command(spec, base / f"sdkgen-{output}", "ruff")
            results[f"ruff-{key}"].append(measure(command, env=ruff_env))
        if results["warm"][-1].ok:
            # The SDK of the spec before, its cache warm: regenerate it from the edited spec.
            shutil.copytree(base / "sdkgen", base / "sdkgen-edited")
            command = sdkgen_command(spec, base / "sdkgen-edited", path=edited)
            results["edited"].append(measure(command, env=env))
        if peers:
            path = dict(os.environ)
            path["PATH"] = f"{PEER_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
            results["oapc"].append(measure(oapc_command(spec, base / "oapc"), env=path))
            if results["oapc"][-1].ok and (base / "oapc" / f"{spec.package}_oapc").is_dir():
                packages["oapc"] = base / "oapc"
            results["oag"].append(measure(oag_command(spec, base / "oag"), env=path))
            if results["oag"][-1].ok:
                packages["oag"] = base / "oag"
        for old in ("sdkgen-cold", "sdkgen-ruff-cold", "sdkgen-ruff", "sdkgen-edited"):
            shutil.rmtree(base / old, ignore_errors=True)
        for old_path in (base / "oag" / "docs", base / "oag" / "test"):
            shutil.rmtree(old_path, ignore_errors=True)
    section = f"generate {spec.label}"
    rows: list[Row] = []
    names = {
        "cold": "sdkgen, cold cache",
        "warm": "sdkgen, warm cache, fresh output",
        "noop": "sdkgen, no-op regeneration",
        "ruff-cold": "sdkgen --formatter ruff, cold cache",
        "ruff-warm": "sdkgen --formatter ruff, warm cache, fresh output",
        "ruff-noop": "sdkgen --formatter ruff, no-op regeneration",
        "edited": "sdkgen, edited spec (+1 operation), warm cache",
        "oapc": "openapi-python-client",
        "oag": "openapi-generator (python)",
    }
    for key, name in names.items():
        measured = results[key]
        if not measured:
            continue
        good = [r for r in measured if r.ok]
        row = Row(section, name, "s", [r.seconds for r in good], [r.peak_mb for r in good])
        if not good:
            row.error = measured[0].error
        elif len(good) < len(measured):
            row.note = f"({len(measured) - len(good)} of {len(measured)} runs failed)"
        rows.append(row)
        if key in ("oapc", "oag"):
            continue
        if results["oapc"] and any(r.ok for r in results["oapc"]):
            row.ratios = pair_ratios(measured, results["oapc"])
            row.ratio_label = "of openapi-python-client"
        elif key.endswith("noop"):
            cold = results["ruff-cold" if key.startswith("ruff") else "cold"]
            row.ratios, row.ratio_label = pair_ratios(measured, cold), "of cold"
    return rows, packages


def import_command(python: Path | str, directory: Path, package: str) -> list[str]:
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
        "__import__(sys.argv[2]); print(time.perf_counter() - t)"
    )
    return [str(python), "-c", code, str(directory), package]


def bench_imports(
    spec: Spec, packages: dict[str, Path], runs: int, python: Path | str
) -> list[Row]:
    """`import pkg`, and `import pkg.<client module>` (what creating a client needs)."""
    rows: list[Row] = []
    names = {"sdkgen": spec.package, "oapc": f"{spec.package}_oapc", "oag": f"{spec.package}_oag"}
    clients = {"sdkgen": "._client", "oapc": ".client", "oag": ".api_client"}
    labels = {"sdkgen": "sdkgen", "oapc": "openapi-python-client", "oag": "openapi-generator"}
    for key, directory in packages.items():
        for module, what in ((names[key], "package"), (names[key] + clients[key], "+ client")):
            row = Row(f"import {spec.label}", f"{labels[key]} {what} ({module})", "s")
            for _ in range(runs):
                done = subprocess.run(
                    import_command(python, directory, module),
                    check=False,
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    row.error = first_error_line(done.stderr)
                    break
                row.values.append(float(done.stdout.strip().splitlines()[-1]))
            rows.append(row)
    return rows


def bench_hot_path(
    work: Path, python: Path | str, peers: bool, runs: int, requests: int, list_size: int
) -> list[Row]:
    spec = Spec("catalog", CATALOG_SPEC, "catalog")
    env = dict(os.environ, SDKGEN_CACHE_DIR=str(work / "hot-cache"))
    generated = measure(sdkgen_command(spec, work / "hot" / "sdkgen"), env=env)
    if not generated.ok:
        return [Row("hot path", "sdkgen SDK", "", error=generated.error)]
    paths = [str(work / "hot" / "sdkgen")]
    if peers:
        env["PATH"] = f"{PEER_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
        made = measure(oapc_command(spec, work / "hot" / "oapc"), env=env)
        if made.ok:
            paths.append(str(work / "hot" / "oapc"))
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py"), "--list-size", str(list_size)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        command = [str(python), str(HERE / "hot.py"), "--base-url", f"http://127.0.0.1:{port}"]
        command += ["--sdk", "catalog", "--runs", str(runs), "--requests", str(requests)]
        command += ["--list-calls", str(max(1, min(5, 50_000 // list_size)))]
        if len(paths) > 1:
            command += ["--oapc", "catalog_oapc"]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
        done = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.terminate()
        server.wait(timeout=10)
    if done.returncode != 0:
        return [Row("hot path", "client", "", error=first_error_line(done.stderr))]
    data = json.loads(done.stdout)
    size = data["list_size"]
    rows: list[Row] = []
    small = data["small"]
    rows.append(Row("request", "raw httpx + json.loads", "ms", [t * 1e3 for t in small["raw"]]))
    row = Row("request", "sdkgen SDK call", "ms", [t * 1e3 for t in small["sdkgen"]])
    row.ratios = [a / b for a, b in zip(small["sdkgen"], small["raw"])]
    row.ratio_label = "of raw"
    rows.append(row)
    labels = {"raw": "json.loads", "sdkgen": "sdkgen models", "oapc": "openapi-python-client"}
    for group, section in (("list", "list e2e"), ("parse", "list parse")):
        for key, seconds in data[group].items():
            row = Row(
                f"{section} {size}", labels[key], "k res/s", [size / t / 1e3 for t in seconds]
            )
            if key == "sdkgen" and "oapc" in data[group]:
                row.ratios = [o / s for s, o in zip(seconds, data[group]["oapc"])]
                row.ratio_label = "faster than openapi-python-client"
            if key != "raw":
                row.note = f"({data['types'][key]})" if group == "list" else ""
            rows.append(row)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--github-runs", type=int, default=3, help="runs on GitHub's spec")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 run, sdkgen only")
    parser.add_argument("--no-peers", action="store_true", help="sdkgen only (no installs)")
    parser.add_argument("--no-github", action="store_true", help="leave GitHub's spec out")
    parser.add_argument("--spec", help="the CA spec (default $SDKGEN_SPEC or the shared copy)")
    parser.add_argument("--github-spec", type=Path, default=GITHUB_SPEC)
    parser.add_argument("--requests", type=int, default=2000, help="requests per hot-path run")
    parser.add_argument("--list-size", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="keep the generated output in this directory")
    args = parser.parse_args(argv)

    peers = not (args.quick or args.no_peers)
    runs = 1 if args.quick else args.runs
    if args.quick:
        args.requests, args.list_size = min(args.requests, 200), min(args.list_size, 1000)
    if peers:
        ensure_peers()
    runtime = peer_python() if peers else Path(sys.executable)

    specs: list[tuple[Spec, int]] = []
    if args.quick:
        specs.append((Spec("catalog", CATALOG_SPEC, "catalog"), 1))
    else:
        ca = Path(
            args.spec
            or os.environ.get("SDKGEN_SPEC")
            or "../shared/specs/commandersact/openapi.json"
        )
        ca = ca if ca.is_absolute() else (REPO / ca)
        specs.append((Spec("CA", ca, "commandersact", CA_CONFIG), runs))
        if not args.no_github:
            specs.append((Spec("GitHub", args.github_spec, "github"), args.github_runs))

    work = Path(tempfile.mkdtemp(prefix="sdkgen-bench-"))
    rows: list[Row] = []
    notes: list[str] = []
    try:
        for spec, count in specs:
            if not spec.path.is_file():
                notes.append(f"{spec.label}: no spec at {spec.path} (left out)")
                continue
            generated, packages = bench_generation(spec, count, peers, work)
            rows += generated
            rows += bench_imports(spec, packages, runs, runtime)
        rows += bench_hot_path(work, runtime, peers, runs, args.requests, args.list_size)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = (
        f"sdkgen benchmarks: {machine()}\n"
        f"runs: {runs} (GitHub: {args.github_runs}); times are medians (min-max) over the runs; "
        "ratios are taken run by run"
    )
    print(render_table(rows, header), end="")
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
