"""Format: run the chosen formatter over every generated Python file (the slow stage).

The formatter is `black` (the default), `ruff` (`ruff format`, an optional dependency: `pip
install 'sdkgen[ruff]'`, configured to match black: line length, target version, double
quotes, magic trailing commas) or `none` (the rendered text as it is). The templates avoid the
constructs on which ruff and black disagree, so both give the same bytes: `tests/test_format.py`
checks it on the CA SDK, every snapshot fixture and GitHub's SDK.

What keeps formatting cheap:

- a content-addressed cache of the formatter's output, keyed by the SHA-256 of the formatter's
  name, version and options and the unformatted text, in `$SDKGEN_CACHE_DIR/format` (default
  `~/.cache/sdkgen`), so a file whose rendered text did not change is never formatted twice,
  even into a fresh output directory (`SDKGEN_CACHE_DIR=off` disables the cache; a cache that
  cannot be read or written is silently bypassed: it only ever saves time);
- black: the files that miss the cache are formatted in worker processes when there are enough
  of them and more than one CPU (see `should_parallelize`), one task per file, largest first;
  the pipeline can hand in a pool it started earlier (`worker_pool`), whose workers import
  black (`warm_up`) while it validates and renders;
- ruff: every file that misses the cache goes to one `ruff format` process (which uses every
  CPU itself), through a temporary directory.

A file the formatter cannot parse means a template produced invalid Python: that is reported as
`format.invalid-python`, naming the file and the formatter's message (failures are never cached).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import progress
from ..cache import cache_root, write_entry
from ..config import DEFAULT_FORMATTER, FORMATTERS, LINE_LENGTH
from ..diagnostics import SdkgenError, error

if TYPE_CHECKING:
    from black.mode import Mode

TARGET_VERSIONS = ("PY310", "PY311")  # names of black.mode.TargetVersion members
# Below this many bytes of Python to format, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 400_000
MAX_WORKERS = 4
PARALLEL_ENV = "SDKGEN_FORMAT_PARALLEL"

# `ruff format` set to black's style. Every option is spelled out, so no default of a future
# ruff changes it; `exclude = []` and no .gitignore: a generated module named `build.py` or
# `dist` is formatted like any other (the files are numbered in the temporary directory anyway).
RUFF_CONFIG = f"""\
line-length = {LINE_LENGTH}
target-version = "{min(TARGET_VERSIONS).lower()}"
exclude = []
respect-gitignore = false

[format]
quote-style = "double"
indent-style = "space"
skip-magic-trailing-comma = false
line-ending = "lf"
docstring-code-format = false
preview = false
"""
RUFF_MISSING = "formatter 'ruff' needs the ruff package: pip install 'sdkgen[ruff]'"

# (done, total) files formatted: called as files are formatted, for a progress display.
ProgressCallback = Callable[[int, int], None]


def check_formatter(formatter: str) -> None:
    """Raise the usage error a run with `formatter` would end with, before the run starts."""
    if formatter not in FORMATTERS:
        choices = ", ".join(FORMATTERS)
        raise error("usage.formatter", f"unknown formatter {formatter!r} ({choices})", exit_code=2)
    if formatter == "ruff":
        ruff_binary()


@lru_cache(maxsize=1)
def _mode() -> Mode:
    # black is imported on first use: a run served from the cache never loads it.
    from black.mode import Mode, TargetVersion

    targets = {TargetVersion[name] for name in TARGET_VERSIONS}
    return Mode(line_length=LINE_LENGTH, target_versions=targets)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def formatter_identity(formatter: str = DEFAULT_FORMATTER) -> str:
    """What besides the text decides the formatted output: the formatter's name and version and
    its options (black's other mode fields are its defaults, fixed by its version). Part of the
    manifest's digest and of every cache key."""
    options: dict[str, Any]
    if formatter == "black":
        options = {"line_length": LINE_LENGTH, "target_versions": sorted(TARGET_VERSIONS)}
        options["passes"] = 1  # see _format_pass
        version = _version("black")
    elif formatter == "ruff":
        options, version = {"config": RUFF_CONFIG}, _version("ruff")
    else:
        options, version = {}, ""
    return json.dumps({formatter: version, "options": options}, sort_keys=True)


@cache
def formatter_key(formatter: str = DEFAULT_FORMATTER) -> bytes:
    return hashlib.sha256(formatter_identity(formatter).encode()).digest()


def cache_key(source: str, formatter: str = DEFAULT_FORMATTER) -> str:
    key = formatter_key(formatter) + source.encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()


def _cache_file(root: Path, key: str) -> Path:
    return root / "format" / key[:2] / f"{key[2:]}.py"


def _cache_get(root: Path | None, key: str) -> str | None:
    if root is None:
        return None
    try:
        return _cache_file(root, key).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _cache_put(root: Path | None, key: str, text: str) -> None:
    if root is not None:
        write_entry(_cache_file(root, key), text.encode("utf-8"))


# --- black -------------------------------------------------------------------------------------


def _format_pass(source: str) -> str:
    """One pass of black's formatter.

    `black.format_str` formats a changed text a second time, to settle the rare constructs whose
    first formatting is not stable; that doubles black's time (nearly all generated files change).
    The templates produce none of those constructs: `tests/test_format.py` checks that a second
    pass leaves every file of the CA SDK unchanged, and `check` compares with the same function.
    """
    import black

    format_once = getattr(black, "_format_str_once", None)  # private: a black without it, or
    if format_once is not None:  # with another signature, gets the public function
        try:
            return cast(str, format_once(source, mode=_mode()))
        except TypeError:
            pass
    return black.format_str(source, mode=_mode())


def _format_one(source: str) -> tuple[str, str | None]:
    """(formatted text, None) or (source, black's message)."""
    try:
        return _format_pass(source), None
    except Exception as exc:  # noqa: BLE001 - InvalidInput, and anything else black raises
        lines = str(exc).splitlines()
        return source, (lines[0] if lines else type(exc).__name__)


def _invalid(path: str, message: str) -> SdkgenError:
    return error(
        "format.invalid-python",
        f"generated file {path} is not valid Python: {message}",
        file=path,
    )


def format_python(path: str, source: str) -> str:
    """One file through black; invalid code raises `SdkgenError` (format.invalid-python)."""
    text, problem = _format_one(source)
    if problem is not None:
        raise _invalid(path, problem)
    return text


def _format_file(path: str, source: str) -> tuple[str, str, str | None]:
    # Runs in worker processes: errors travel back as values (SdkgenError does not pickle).
    return (path, *_format_one(source))


def warm_up() -> None:
    """Import black (about 0.1 s): a task for a fresh worker, done while the parent renders."""
    _mode()
    import black  # noqa: F401


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


Result = tuple[str, str, str | None]  # (path, formatted text or the source, problem or None)


def _run_black(
    todo: list[tuple[str, str]],
    executor: Executor | None,
    checkpoint: Callable[[], object] | None,
    on_formatted: ProgressCallback | None,
) -> list[Result]:
    total = len(todo)
    if executor is None or not todo:
        if checkpoint is not None:
            checkpoint()
        results = []
        for path, text in todo:
            results.append(_format_file(path, text))
            if on_formatted is not None:
                on_formatted(len(results), total)
        return results
    futures: list[Future[Result]] = [
        executor.submit(_format_file, path, text) for path, text in todo
    ]
    try:
        if checkpoint is not None:
            checkpoint()
        if on_formatted is not None:
            for done, _ in enumerate(as_completed(futures), 1):
                on_formatted(done, total)
        return [future.result() for future in futures]
    except BaseException:
        for future in futures:
            future.cancel()  # the workers drop what they have not started
        raise


def worker_count() -> int:
    return min(MAX_WORKERS, available_cpus())


def parallel_allowed() -> bool:
    """Whether worker processes may be used at all (more than one CPU, not forced serial)."""
    return os.environ.get(PARALLEL_ENV) != "0" and worker_count() > 1


def worker_pool() -> ProcessPoolExecutor:
    """A pool for `format_sources(executor=...)` (and the pipeline's validation, whose workers
    count their progress on `progress.shared_counter`). Submit `warm_up` to have a worker
    import black while the caller does something else."""
    counter = progress.shared_counter()
    return ProcessPoolExecutor(
        max_workers=worker_count(), initializer=progress.adopt, initargs=(counter,)
    )


def should_parallelize(python_bytes: int) -> bool:
    """Whether to format with black in worker processes when the caller does not say.

    Two workers format a large SDK in about 60% of the time one takes (README, Performance);
    when the machine is busy the gain shrinks to nothing but the cost stays small (starting the
    workers), so parallel is the default above PARALLEL_MIN_BYTES of uncached Python with more
    than one CPU.
    SDKGEN_FORMAT_PARALLEL=0 forces serial formatting (and keeps the pipeline's validation in
    its own process, see `parallel_allowed`), =1 parallel whatever the size.
    """
    setting = os.environ.get(PARALLEL_ENV)
    if setting in ("0", "1"):
        return setting == "1"
    return available_cpus() > 1 and python_bytes >= PARALLEL_MIN_BYTES


# --- ruff --------------------------------------------------------------------------------------


def ruff_binary() -> str:
    """The `ruff` executable of the installed `ruff` package (a usage error when missing)."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise error("format.ruff-missing", RUFF_MISSING, exit_code=2) from None
    try:
        return os.fsdecode(find_ruff_bin())
    except FileNotFoundError:
        raise error("format.ruff-missing", RUFF_MISSING, exit_code=2) from None


def _scratch_dir() -> str | None:
    """Where ruff's temporary files go: memory (/dev/shm) when there is such a place, where
    creating 1,700 files takes milliseconds instead of seconds; else the usual temp dir."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


# "error: Failed to parse 12.py:1:7: Expected ..." (the files are numbered, see _run_ruff)
_RUFF_PARSE_ERROR = re.compile(r"Failed to parse (?:\./)?(\d+)\.py:(\d+:\d+: .*)")


def _run_ruff(
    todo: list[tuple[str, str]],
    checkpoint: Callable[[], object] | None,
    on_formatted: ProgressCallback | None,
) -> list[Result]:
    """Every file through one `ruff format` process, in a temporary directory of numbered files
    (a generated path never meets ruff's file selection)."""
    if not todo:
        if checkpoint is not None:
            checkpoint()
        return []
    binary = ruff_binary()
    with tempfile.TemporaryDirectory(prefix="sdkgen-ruff-", dir=_scratch_dir()) as work:
        root = Path(work)
        (root / "ruff.toml").write_text(RUFF_CONFIG, encoding="utf-8")
        for index, (_, text) in enumerate(todo):
            (root / f"{index}.py").write_bytes(text.encode("utf-8", "surrogatepass"))
        command = [binary, "format", "--config", "ruff.toml", "--no-cache", "."]
        env = dict(os.environ, NO_COLOR="1")
        env.pop("RUFF_CACHE_DIR", None)
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            if checkpoint is not None:
                checkpoint()
            _, stderr = process.communicate()
        except BaseException:
            process.kill()
            process.wait()
            raise
        messages = stderr.decode("utf-8", "replace")
        problems = {int(m.group(1)): m.group(2) for m in _RUFF_PARSE_ERROR.finditer(messages)}
        if process.returncode != 0 and not problems:
            first = next((line for line in messages.splitlines() if line.strip()), "no output")
            raise error(
                "format.ruff-failed",
                f"ruff format failed (exit {process.returncode}): {first}",
                exit_code=2,
            )
        results: list[Result] = []
        for index, (path, text) in enumerate(todo):
            if index in problems:
                results.append((path, text, problems[index]))
            else:
                formatted = (root / f"{index}.py").read_bytes().decode("utf-8", "surrogatepass")
                results.append((path, formatted, None))
    if on_formatted is not None:
        on_formatted(len(todo), len(todo))
    return results


# --- all formatters ----------------------------------------------------------------------------


def format_sources(
    files: Mapping[str, str],
    *,
    formatter: str = DEFAULT_FORMATTER,
    parallel: bool | None = None,
    executor: Executor | None = None,
    checkpoint: Callable[[], object] | None = None,
    on_formatted: ProgressCallback | None = None,
) -> dict[str, str]:
    """`files` with every `.py` file formatted by `formatter` (line length 100); order kept.

    Files found in the cache are not formatted again. With black, the others are formatted in
    `executor` when given (a `worker_pool`), else in a pool of our own when `parallel` says so
    (None: decided by `should_parallelize` on the size of what is left to format), else here;
    with ruff, in one ruff process. `checkpoint` runs once the work is handed out, before
    waiting for it: the pipeline checks the validation it ran beside, and an exception it raises
    abandons the formatting. `on_formatted(done, total)` follows the files formatted.
    """
    if formatter not in FORMATTERS:
        check_formatter(formatter)
    if formatter == "none":
        if checkpoint is not None:
            checkpoint()
        return dict(files)
    root = cache_root()
    formatted: dict[str, str] = {}
    keys: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = keys[path] = cache_key(text, formatter)
        cached = _cache_get(root, key)
        if cached is None:
            todo.append((path, text))
        else:
            formatted[path] = cached
    if formatter == "ruff":
        results = _run_ruff(todo, checkpoint, on_formatted)
    else:
        # Largest files first, one task each: the workers share the load without planning.
        todo.sort(key=lambda item: -len(item[1]))
        if executor is None and len(todo) > 1 and worker_count() > 1:
            if parallel is None:
                parallel = should_parallelize(sum(len(text) for _, text in todo))
            if parallel:
                with worker_pool() as pool:
                    results = _run_black(todo, pool, checkpoint, on_formatted)
            else:
                results = _run_black(todo, None, checkpoint, on_formatted)
        else:
            results = _run_black(todo, executor, checkpoint, on_formatted)
    for path, text, problem in results:
        if problem is None:
            formatted[path] = text
            _cache_put(root, keys[path], text)
    problems = sorted((path, problem) for path, _, problem in results if problem is not None)
    if problems:
        raise SdkgenError([_invalid(path, problem).diagnostics[0] for path, problem in problems])
    return {path: formatted.get(path, text) for path, text in files.items()}
