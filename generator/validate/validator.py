"""Validate a (repaired) OpenAPI document, as located diagnostics.

Two validators give the same diagnostics (`tests/validate/test_equivalence.py` compares them):

- openapi-spec-validator-rs (`rust.py`): openapi-spec-validator ported to Rust, installed with
  sdkgen where it publishes wheels. The CA spec after repair and overlays in 0.01 s, GitHub's in
  0.07-0.3 s. What it reports but cannot locate (keyword-pass problems other than those of
  operations) is located by the reference's keyword pass, and a document it would read
  differently, or whose validation stops, is validated by the reference.
- openapi-spec-validator (`reference.py`), the reference: a JSON Schema pass and a keyword pass
  (the CA spec 0.5 s and 0.3 s, GitHub's 3.8 s and 3.4 s on a quiet machine), run at once in
  two worker processes for a large document (`submit`).

`SDKGEN_VALIDATOR` chooses: `auto` (the default: the Rust one when installed, else the
reference), `rust` (an error when it is not installed) or `reference`; `describe` and
`last_used` say which one ran.

A Swagger 2.0 document is validated as the OpenAPI 3.0 document `swagger2` converts it to (the
loader converts it the same way), so its pointers refer to the converted document. The result
for a large document is cached (`lookup`), so validating the same document again costs a hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import progress
from ..cache import cache_root, write_entry
from ..diagnostics import Diagnostic, error
from ..load.documents import detect_openapi_version
from . import reference, rust
from .diagnose import diagnostic, short
from .reference import PASSES, PassResult

__all__ = [
    "CACHE_MIN_BYTES",
    "PASSES",
    "Lookup",
    "PassResult",
    "Pending",
    "backend",
    "combine",
    "describe",
    "known",
    "last_used",
    "lookup",
    "note_known",
    "remember",
    "submit",
    "validate_document",
    "validate_pass",
    "validate_whole_document",
    "warm_up",
    "work_units",
]

VALIDATOR_ENV = "SDKGEN_VALIDATOR"
CHOICES = ("auto", "rust", "reference")
VERSIONS = ("3.0", "3.1", "3.2")  # the OpenAPI versions validated (Swagger 2.0 is converted to 3.0)


def backend() -> str:
    """The validator $SDKGEN_VALIDATOR asks for: "rust" or "reference" (auto: rust when
    openapi-spec-validator-rs is installed)."""
    setting = os.environ.get(VALIDATOR_ENV, "").strip().lower() or "auto"
    if setting not in CHOICES:
        raise error(
            "usage.validator",
            f"${VALIDATOR_ENV} must be one of {', '.join(CHOICES)}, not {setting!r}",
            exit_code=2,
        )
    if setting == "reference":
        return "reference"
    if rust.available():
        return "rust"
    if setting == "rust":
        raise error(
            "usage.validator",
            f"${VALIDATOR_ENV}=rust, but {rust.NAME} is not installed or does not load here "
            f"(pip install {rust.NAME}: wheels for Linux and macOS on x86-64 and ARM64, Windows on "
            "x86-64)",
            exit_code=2,
        )
    return "reference"


def _named(name: str) -> str:
    return f"{name} {rust.version() if name == rust.NAME else reference.version()}"


def describe(chosen: str | None = None) -> str:
    """The validator in use (`backend()` unless `chosen`), with its version."""
    if (chosen or backend()) == "rust":
        return f"{_named(rust.NAME)}, {_named(reference.NAME)} where it cannot locate"
    return _named(reference.NAME)


_last_used = ""


def last_used() -> str:
    """Which validator gave this process's latest result ("" before any): a validator with its
    version, the two when the reference located the Rust one's keyword pass, or the cache."""
    return _last_used


def _note_used(results: list[PassResult] | None) -> None:
    global _last_used
    if results is None:
        _last_used = "cache"
        return
    names = list(dict.fromkeys(result.validator for result in results))
    if len(names) == 1:
        _last_used = _named(names[0])
    else:
        passes = [
            f"{_named(result.validator)} ({which} pass)" for which, result in zip(PASSES, results)
        ]
        _last_used = ", ".join(passes)


# Documents smaller than this (pickled) validate faster than the cache is read and written, or
# than they are handed to another process. (With the Rust validator a valid document of any size
# validates about as fast as it is pickled; the cache pays for the others.)
CACHE_MIN_BYTES = 64_000
_CACHE_FORMAT = 1
_DIAGNOSTIC_FIELDS = ("severity", "code", "message", "pointer", "file")


@lru_cache(maxsize=2)
def _code_key(chosen: str) -> str:
    """What decides a validation result besides the document: the validator chosen, the
    validators' versions and the source of the modules that turn their errors into diagnostics."""
    digest = hashlib.sha256(f"{chosen}\0".encode())
    for package in (
        rust.NAME,
        reference.NAME,
        "openapi-schema-validator",
        "jsonschema-path",
        "jsonschema",
    ):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    here = Path(__file__).parent
    for module in ("validator.py", "diagnose.py", "reference.py", "rust.py"):
        digest.update(hashlib.sha256((here / module).read_bytes()).digest())
    digest.update(hashlib.sha256((here.parent / "diagnostics.py").read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Lookup:
    """What `lookup` found: the cached result, or what validating and caching it needs."""

    found: list[Diagnostic] | None  # the cached result; None: not cached
    document: bytes | None  # the document pickled (None when too small or not picklable)
    cache: Path | None  # where the result goes once known (None: not cached)


def lookup(data: dict[str, Any], file: str = "") -> Lookup:
    """The cached result for exactly this document (and file name, validator versions, this
    module's source), if any. Pickle only *encodes* the document here, in memory, for the key
    (equal bytes, equal data) and for another process; nothing read from the cache is unpickled."""
    chosen = backend()  # an unknown $SDKGEN_VALIDATOR fails here, in the parent
    try:
        document = pickle.dumps(data, protocol=5)
    except Exception:  # noqa: BLE001 - objects pickle cannot encode: just validate
        return Lookup(None, None, None)
    if len(document) < CACHE_MIN_BYTES:
        return Lookup(None, None, None)
    root = cache_root()
    if root is None:
        return Lookup(None, document, None)
    digest = hashlib.sha256(document)
    digest.update(_code_key(chosen).encode())
    digest.update(f"{_CACHE_FORMAT}\0{file}".encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    path = root / "validate" / key[:2] / f"{key[2:]}.json"
    return Lookup(_cache_read(path), document, path)


def _cache_read(path: Path) -> list[Diagnostic] | None:
    """The cached list, or None when missing or not exactly what `_cache_write` writes."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(items, list):
        return None
    found: list[Diagnostic] = []
    for item in items:
        if not (
            isinstance(item, dict)
            and sorted(item) == sorted(_DIAGNOSTIC_FIELDS)
            and all(isinstance(value, str) for value in item.values())
        ):
            return None
        found.append(Diagnostic(**item))
    return found


def remember(looked_up: Lookup, found: list[Diagnostic], inputs: str | None = None) -> None:
    """Cache `found` where `lookup` said (nothing when it said nowhere), and that the document
    `inputs` give is validated (see `known`)."""
    if looked_up.cache is not None:
        _cache_write(looked_up.cache, found)
        note_known(inputs)


def _known_path(inputs: str | None) -> Path | None:
    root = cache_root()
    if root is None or not inputs:
        return None
    return root / "validate" / "inputs" / inputs[:2] / inputs[2:]


def known(inputs: str | None) -> bool:
    """Whether an earlier run cached the validation of the document these inputs give
    (`manifest.inputs_digest`: spec, overlays, config, generator): a hint, read before the spec
    is loaded, that no worker will be needed to validate it. A wrong answer only costs time."""
    path = _known_path(inputs)
    return path is not None and path.exists()


def note_known(inputs: str | None) -> None:
    """Remember (for `known`) that the validation of these inputs is cached."""
    path = _known_path(inputs)
    if path is None or path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass  # the cache only saves time


def _cache_write(path: Path, found: list[Diagnostic]) -> None:
    write_entry(path, json.dumps([vars(problem) for problem in found]).encode())


def validate_document(
    data: dict[str, Any], file: str = "", looked_up: Lookup | None = None
) -> list[Diagnostic]:
    """Every problem the validator finds (see `backend`), as error diagnostics in its order.

    The result for a large document is cached (see `cache.cache_root`) under a digest of the
    document itself, so validating the same document again costs a hash, not a validation.
    `looked_up`: what `lookup(data, file)` already said.
    """
    looked_up = looked_up or lookup(data, file)
    if looked_up.found is not None:
        _note_used(None)
        return looked_up.found
    found = _validate(data, file)
    remember(looked_up, found)
    return found


def _validate(data: dict[str, Any], file: str) -> list[Diagnostic]:
    """Validate in this process, with the validator `backend()` chooses."""
    results = _run(data, file, backend())
    _note_used(results)
    return combine(*results, file=file)


def _run(data: dict[str, Any], file: str, chosen: str) -> list[PassResult]:
    """The two passes' results (JSON Schema, keyword) with the validator `chosen`."""
    data, version = _as_openapi(data, file)
    if version not in VERSIONS:
        return [PassResult([_version_problem(data, version, file)]), PassResult([])]
    if chosen == "rust":
        outcome = rust.validate(data, version, file)
        if outcome is not None:
            progress.bump()
            schema = PassResult(outcome.schema, validator=rust.NAME)
            if outcome.keyword is not None:
                return [schema, PassResult(outcome.keyword, validator=rust.NAME)]
            return [schema, reference.run_pass("keyword", version, data, file)]
    return [reference.run_pass(which, version, data, file) for which in PASSES]


def combine(*results: PassResult, file: str = "") -> list[Diagnostic]:
    """The passes' results (JSON Schema, then keyword) as one whole-document run reports them:
    each problem once, and nothing after a crash (only the crash, when nothing came before it)."""
    found: list[Diagnostic] = []
    seen: set[Diagnostic] = set()
    for result in results:
        for problem in result.found:
            if problem not in seen:  # both passes may report the same schema problem
                seen.add(problem)
                found.append(problem)
        if result.crash is not None:
            # A crash after errors is their consequence, not news.
            return found or [Diagnostic("error", "validate.other", result.crash, "", file)]
    return found


def validate_pass(which: str, data: dict[str, Any], file: str) -> PassResult:
    """One pass of the reference over the document (`which`: "schema" or "keyword")."""
    data, version = _as_openapi(data, file)
    if version not in VERSIONS:
        return PassResult([_version_problem(data, version, file)] if which == "schema" else [])
    return reference.run_pass(which, version, data, file)


def _as_openapi(data: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
    """The document to validate and its version: a Swagger 2.0 document is validated as the
    OpenAPI 3.0 one the loader converts it to (what later stages see)."""
    version = detect_openapi_version(data)
    if version == "2.0":
        from ..load.swagger2 import convert_swagger2

        data = convert_swagger2(data, file)[0]
        version = detect_openapi_version(data)
    return data, version


def validate_whole_document(data: dict[str, Any], file: str = "") -> list[Diagnostic]:
    """openapi-spec-validator's own run over the whole document, both passes in one iteration,
    converted to diagnostics: the same problems as the reference's two passes (`validate_pass`),
    in the library's order (the tests compare them)."""
    data, version = _as_openapi(data, file)
    if version not in VERSIONS:
        return [_version_problem(data, version, file)]
    found: list[Diagnostic] = []
    try:
        for err in reference.validators()[version](data).iter_errors():
            problem = diagnostic(err, file)
            if problem not in found:
                found.append(problem)
    except Exception as exc:  # noqa: BLE001
        if found:
            return found
        message = f"validator failed: {type(exc).__name__}: {exc}"
        found.append(Diagnostic("error", "validate.other", short(message), "", file))
    return found


# --- in worker processes ------------------------------------------------------------------------


def warm_up() -> None:
    """Import the validator (the reference: 0.15-0.3 s; the Rust one: a few ms) and build its
    classes: a task for a fresh worker, done while the parent loads the spec."""
    try:
        chosen = backend()
    except Exception:  # noqa: BLE001 - reported by the parent, which asks again
        return
    if chosen == "rust":
        rust.available()
    else:
        reference.validators()


def _task(which: str, document: bytes, file: str, chosen: str) -> list[PassResult]:
    """A task of `submit`, in a worker process of the pipeline, which gets the document pickled
    by `lookup` from its parent through the pool's pipe (never from a file): both passes with
    the Rust validator (`which` "all"), else one pass of the reference."""
    data = pickle.loads(document)
    if which == "all":
        return _run(data, file, chosen)
    return [validate_pass(which, data, file)]


@dataclass(frozen=True)
class Pending:
    """A validation running in a pool (see `submit`)."""

    tasks: tuple[Future[list[PassResult]], ...]
    file: str

    def result(self) -> list[Diagnostic]:
        results = [result for task in self.tasks for result in task.result()]
        _note_used(results)
        return combine(*results, file=self.file)

    def cancel(self) -> None:
        for task in self.tasks:
            task.cancel()


def submit(pool: Executor, looked_up: Lookup, file: str) -> Pending:
    """Validate the document `lookup` pickled in `pool`: with the Rust validator one task, with
    the reference one task per pass (the two at once)."""
    if looked_up.document is None:
        raise ValueError("nothing to send: the document was not pickled")
    chosen = backend()
    which = ("all",) if chosen == "rust" else PASSES
    tasks = tuple(pool.submit(_task, each, looked_up.document, file, chosen) for each in which)
    return Pending(tasks, file)


def work_units(data: dict[str, Any], fragments: bool = False) -> int:
    """How many steps a progress count of the validation goes through (about): the path items
    and component schemas of the reference's keyword pass, one step for the Rust validator.
    (`fragments`: unused since validation by fragments went away.)"""
    if backend() == "rust":
        return 1
    paths = data.get("paths")
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return (len(paths) if isinstance(paths, dict) else 0) + (
        len(schemas) if isinstance(schemas, dict) else 0
    )


def _version_problem(data: Mapping[str, Any], version: str, file: str) -> Diagnostic:
    if version:
        message = f"Swagger {version} documents are not supported; convert to OpenAPI 3 first"
        return Diagnostic("error", "validate.version", message, "/swaggerVersion", file)
    if "openapi" not in data:
        message = "missing 'openapi' field: not an OpenAPI document"
        return Diagnostic("error", "validate.version", message, "", file)
    message = f"unsupported OpenAPI version {data['openapi']!r} (supported: 3.0.x, 3.1.x, 3.2.x)"
    return Diagnostic("error", "validate.version", short(message), "/openapi", file)
