"""Scale: GitHub's REST API description (811 paths, 1,223 operations, ~1,000 schemas, 13 MB)
generates with every operation present, and the package imports quickly.

The spec comes from the npm package `@octokit/openapi` (a pinned devDependency in
package.json: `npm ci` installs it). Generation runs in a subprocess so that its wall time and
peak memory are its own; the figures are printed (run with `-s` to see them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import REPO

GITHUB_SPEC = REPO / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
PACKAGE = "github_sdk"
IMPORT_BUDGET = 1.0  # seconds for `import github_sdk`, "well under a second" in practice

pytestmark = pytest.mark.slow

GENERATE = r"""
import json, resource, sys, time
from pathlib import Path

from generator.config import ApiConfig
from generator.vocabulary import HTTP_METHODS
from generator.pipeline.stages import StageTimings, build_sdk, prepare_spec
from generator.write.writer import write_tree

spec, out, package = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
raw = json.loads(spec.read_text())
in_spec = sorted(
    [method.upper(), path]
    for path, item in raw["paths"].items()
    for method in item
    if method in HTTP_METHODS
)
timings = StageTimings()
start = time.perf_counter()
prepared = prepare_spec(spec, ApiConfig(), timings)
generation = build_sdk(prepared, ApiConfig(), package_name=package, timings=timings)
seconds = time.perf_counter() - start
write_tree(generation.files, out)
operations = generation.api.all_operations()
calls = []
def walk(resources):
    for r in resources:
        calls.extend([list(r.path), op.python_name] for op in r.operations)
        walk(r.children)
walk(generation.api.resources)
print(json.dumps({
    "seconds": seconds,
    "stages": timings.seconds,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "validation_errors": len(prepared.errors),
    "in_spec": in_spec,
    "generated": sorted([op.method, op.path] for op in operations),
    "calls": calls,
    "models": len(generation.api.models),
    "files": len(generation.files),
    "client": generation.api.client_class_name,
}))
"""

IMPORT_ALL = r"""
import importlib, json, pkgutil, sys, time
package, client_name, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
root = importlib.import_module(package)
modules = 0
for info in pkgutil.walk_packages(root.__path__, package + "."):
    importlib.import_module(info.name)
    modules += 1
client = getattr(root, client_name)(token="t", base_url="http://127.0.0.1:9")
missing = []
for chain, method in calls:
    target = client
    for attribute in chain:
        target = getattr(target, attribute)
    if not callable(getattr(target, method, None)):
        missing.append(".".join([*chain, method]))
print(json.dumps({"modules": modules, "missing": missing}))
"""

IMPORT_TIME = r"""
import sys, time
start = time.perf_counter()
import {package}
imported = time.perf_counter() - start
{package}.{client}(token="t", base_url="http://127.0.0.1:9").repos
print(imported, time.perf_counter() - start)
"""


def _run(args: list[str], cwd: Path, timeout: int = 900) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(cwd), str(REPO)])}
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    if not GITHUB_SPEC.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{GITHUB_SPEC} is missing: run `npm ci`")
        pytest.skip(f"{GITHUB_SPEC} is missing: run `npm ci`")
    out = tmp_path_factory.mktemp("github")
    figures = json.loads(_run(["-c", GENERATE, str(GITHUB_SPEC), str(out), PACKAGE], out))
    print(
        f"\ngithub: {len(figures['generated'])} operations generated of {len(figures['in_spec'])}"
        f" in the spec, {figures['models']} models, {figures['files']} files;"
        f" generation {figures['seconds']:.1f}s"
        f" ({', '.join(f'{k} {v:.1f}s' for k, v in figures['stages'].items())});"
        f" peak RSS {figures['peak_rss_mb']:.0f} MB"
        f" (formatting workers {figures['peak_rss_workers_mb']:.0f} MB)"
    )
    return out, figures


def test_the_spec_is_valid_as_published(github: tuple[Path, dict[str, Any]]) -> None:
    assert github[1]["validation_errors"] == 0


def test_every_operation_of_the_spec_is_generated(github: tuple[Path, dict[str, Any]]) -> None:
    figures = github[1]
    assert len(figures["in_spec"]) > 1000
    assert figures["generated"] == figures["in_spec"]


def test_every_module_imports_and_every_operation_is_a_method(
    github: tuple[Path, dict[str, Any]],
) -> None:
    out, figures = github
    calls = json.dumps(figures["calls"])
    found = json.loads(_run(["-c", IMPORT_ALL, PACKAGE, figures["client"], calls], out))
    assert found["missing"] == []
    assert found["modules"] > 1000
    assert len(figures["calls"]) == len(figures["in_spec"])


def test_importing_the_package_is_fast(github: tuple[Path, dict[str, Any]]) -> None:
    out, figures = github
    script = IMPORT_TIME.format(package=PACKAGE, client=figures["client"])
    runs = [[float(x) for x in _run(["-c", script], out).split()] for _ in range(3)]
    seconds, with_client = min(r[0] for r in runs), min(r[1] for r in runs)
    print(
        f"\ngithub: `import {PACKAGE}` takes {seconds * 1000:.0f} ms; with a client and its"
        f" `repos` resource {with_client * 1000:.0f} ms"
    )
    assert seconds < IMPORT_BUDGET
    assert with_client < IMPORT_BUDGET


def test_the_generated_code_has_no_unused_import_or_undefined_name(
    github: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = github
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F"]
        + ["--target-version", "py310", "--output-format", "concise", str(out / PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# --- pagination: `orgs.repos.list` follows the Link header's next URL ---------------------------

REPOS = [{"id": n, "name": f"repo{n}", "full_name": f"o/repo{n}"} for n in range(1, 6)]

ITERATE = r"""
import asyncio, json, sys

import github_sdk

server = sys.argv[1]
sync_client = github_sdk.GitHubSOfficialOpenSpecOctokitExtension(token="t0k", base_url=server)
page = sync_client.orgs.repos.list("o", per_page=2, sort="full_name")
first = [repo.name for repo in page.items]
every = [repo.name for repo in page]
sync_client.close()


async def main():
    async with github_sdk.AsyncGitHubSOfficialOpenSpecOctokitExtension(
        token="t0k", base_url=server
    ) as client:
        page = await client.orgs.repos.list("o", per_page=2)
        return [repo.name async for repo in page]


print(json.dumps({"first": first, "sync": every, "async": asyncio.run(main())}))
"""


class _LinkPages(BaseHTTPRequestHandler):
    """`/orgs/o/repos`: five repositories in pages of `per_page`, each page's `Link` header
    pointing at the next one (with a query string the client must not rebuild)."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        type(self).seen.append((self.path, self.headers.get("Authorization", "")))
        page, size = int(query.get("page", "1")), int(query.get("per_page", "30"))
        body = json.dumps(REPOS[(page - 1) * size : page * size]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if page * size < len(REPOS):
            host, port = self.server.server_address[:2]
            following = f"http://{host!s}:{port}{parts.path}?per_page={size}&page={page + 1}"
            last = f"http://{host!s}:{port}{parts.path}?per_page={size}&page=3"
            self.send_header("Link", f'<{following}>; rel="next", <{last}>; rel="last"')
        self.end_headers()
        self.wfile.write(body)


def test_orgs_repos_list_iterates_across_link_header_pages(
    github: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = github
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _LinkPages)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _LinkPages.seen = []
    try:
        server = f"http://127.0.0.1:{httpd.server_address[1]}"
        result = json.loads(_run(["-c", ITERATE, server], out, timeout=120))
    finally:
        httpd.shutdown()
        httpd.server_close()
    names = [repo["name"] for repo in REPOS]
    assert result == {"first": names[:2], "sync": names, "async": names}
    paths = [path for path, _ in _LinkPages.seen]
    assert paths[:3] == [
        "/orgs/o/repos?sort=full_name&per_page=2",
        "/orgs/o/repos?per_page=2&page=2",  # the Link header's URL, as given
        "/orgs/o/repos?per_page=2&page=3",
    ]
    assert paths[3:] == [
        "/orgs/o/repos?per_page=2",
        "/orgs/o/repos?per_page=2&page=2",
        "/orgs/o/repos?per_page=2&page=3",
    ]
    # the same credentials on every page (none here: GitHub lists public repositories unsigned)
    assert len({auth for _, auth in _LinkPages.seen}) == 1
