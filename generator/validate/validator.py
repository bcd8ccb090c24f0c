"""Validate a (repaired) OpenAPI document with openapi-spec-validator, as located diagnostics.

A Swagger 2.0 document is validated as the OpenAPI 3.0 document `swagger2` converts it to (the
loader converts it the same way), so its pointers refer to the converted document.

openapi-spec-validator checks in two passes: a JSON Schema pass over the whole document (its
errors carry absolute paths) and a pass of keyword validators over schemas, parameters and
operations (their errors carry paths relative to the object checked, or none at all). We
wrap every keyword validator so each error remembers where its object lives, and turn each
error into one short Diagnostic pointing at the offending node.

What keeps it fast on large specs (figures in the README, Performance):

- the keyword validators keep what they visited in sets instead of the library's lists, whose
  lookups made that pass quadratic (same answers);
- the two passes are independent: the pipeline runs them in two worker processes at once
  (`submit`), and the result is the whole-document one (`combine`);
- a large document is validated by fragments, each path item and component cached on its own
  (`fragments.py`): a spec that changed in one operation revalidates that operation, and the
  result is still exactly the whole-document one;
- the result for a whole document is cached too (`lookup`), so validating the same document
  again costs a hash;
- in the JSON Schema pass, a subtree equal to one checked before against the same part of the
  meta-schema gets that one's errors (`subtrees.py`; OpenAPI 3.0: most of a document whose
  `$ref`s were inlined).

openapi-spec-validator is imported on first use (it takes about 0.15 s to import), so a run
whose validation result comes from the cache never loads it.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import progress
from ..cache import cache_root, write_entry
from ..diagnostics import Diagnostic, pointer_from_parts
from ..load.documents import detect_openapi_version
from . import settings as validator_settings
from .fragments import (
    Document,
    Fallback,
    FragmentStore,
    KeywordPassRun,
    PassStats,
    SchemaPassRun,
    Tracked,
    check_no_placeholder,
    found_in,
    intercepting,
)
from .subtrees import SubtreeMemo, memoizable, memoizing

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from openapi_spec_validator.validation import keywords

MAX_MESSAGE = 200
_BASE = "_sdkgen_base"  # attribute set on an error: location of the object it is about


# The runs of the passes in fragments (None outside them): the wrappers below consult them.
_schema_run: SchemaPassRun | None = None
_keyword_run: KeywordPassRun | None = None


_subtree_memo: SubtreeMemo | None = None  # the JSON Schema pass's, while it runs


def _current_schema_run() -> SchemaPassRun | None:
    return _schema_run


def _current_subtree_memo() -> SubtreeMemo | None:
    return _subtree_memo


def _current_keyword_run() -> KeywordPassRun | None:
    return _keyword_run


def _located(cls: type[keywords.KeywordValidator], is_value: bool) -> type[Any]:
    """Subclass of a keyword validator that tags errors with the checked object's location,
    keeps its state in sets (`fragments.Tracked`), and runs path items and component schemas
    as units of a fragment run when there is one."""

    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    is_schema = issubclass(cls, keywords.SchemaValidator)
    is_unit = is_schema or issubclass(cls, keywords.PathValidator)

    class Located(cls):  # type: ignore[valid-type,misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            if is_schema:
                self.visited_schema_ids = Tracked("visited", _current_keyword_run)
                self.meta_checked_schema_ids = Tracked("meta", _current_keyword_run)
                self._sdkgen_meta: dict[str, OpenAPIValidationError | None] = {}
            if issubclass(cls, keywords.OperationValidator):
                self.operation_ids_registry = Tracked("ids", _current_keyword_run)

        def _validate_schema_meta(
            self, schema: SchemaPath, schema_value: Any
        ) -> OpenAPIValidationError | None:
            # A schema's meta-schema check depends on its content only (GitHub: 1,989 checks of
            # 1,317 different schemas, half the pass): each content is checked once. `repr`
            # keeps apart what equality would merge (key order, 1 and 1.0 and True).
            key = repr(schema_value)
            if key not in self._sdkgen_meta:
                self._sdkgen_meta[key] = super()._validate_schema_meta(schema, schema_value)
            found = self._sdkgen_meta[key]
            # A fresh error each time: it gets the location of the schema it is reported on.
            return None if found is None else OpenAPIValidationError.create_from(found)

        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            base = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            run = _keyword_run
            if is_unit and run is not None and run.unit is None:
                # A path item, or a component schema: the units of the keyword pass.
                location = tuple(str(part) for part in base.parts) if base is not None else ()
                yield from run.run_unit(location, lambda: self._tagged(base, args, kwargs))
            else:
                yield from self._tagged(base, args, kwargs)

        def _tagged(
            self, base: SchemaPath | None, args: Any, kwargs: Any
        ) -> Iterator[ValidationError]:
            parts = tuple(base.parts) if base is not None else None
            if parts is not None and is_value:
                parts = (*parts, "default")  # value validators check a schema's `default`
            for err in super().__call__(*args, **kwargs):
                if not isinstance(err, OpenAPIValidationError):
                    # The library re-creates plain jsonschema errors later, which would drop
                    # our tag; convert now so the tag survives.
                    err = OpenAPIValidationError.create_from(err)
                if parts is not None and not hasattr(err, _BASE):
                    setattr(err, _BASE, parts)
                yield err

    Located.__name__ = f"Located{cls.__name__}"
    return Located


def _locating(validator: type[Any]) -> type[Any]:
    from openapi_spec_validator.validation import keywords

    table = {
        name: _located(cls, issubclass(cls, keywords.ValueValidator))
        for name, cls in validator.keyword_validators.items()
    }
    return type(f"Locating{validator.__name__}", (validator,), {"keyword_validators": table})


@lru_cache(maxsize=1)
def _validators() -> dict[str, type[Any]]:
    # Before the first import of the library: its settings without pydantic-settings when
    # they are the defaults (half of its import time, see validator_settings).
    validator_settings.install()
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    return {
        "3.0": _locating(OpenAPIV30SpecValidator),
        "3.1": _locating(OpenAPIV31SpecValidator),
    }


def _leaves(err: ValidationError) -> list[ValidationError]:
    if not err.context:
        return [err]
    return [leaf for child in err.context for leaf in _leaves(child)]


_PREFERENCE = ["additionalProperties", "unevaluatedProperties", "enum", "type", "required"]


def _most_specific(err: ValidationError) -> ValidationError:
    """Of a oneOf/anyOf error's branch failures, the deepest one that says something useful.

    The "it could also be a Reference" branch ("'$ref' is a required property") is noise.
    """
    leaves = [
        leaf
        for leaf in _leaves(err)
        if not (leaf.validator == "required" and "'$ref'" in leaf.message)
    ]
    if not leaves:
        return err

    def rank(leaf: ValidationError) -> tuple[int, int]:
        kind = str(leaf.validator)
        order = _PREFERENCE.index(kind) if kind in _PREFERENCE else len(_PREFERENCE)
        return (-len(leaf.absolute_path), order)

    return min(leaves, key=rank)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _unknown_keys(err: ValidationError) -> list[str]:
    instance, schema = err.instance, err.schema
    if not isinstance(instance, Mapping) or not isinstance(schema, Mapping):
        return []
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        str(key)
        for key in instance
        if key not in known and not any(re.search(p, str(key)) for p in patterns)
    ]


_OPERATION_IN_MESSAGE = re.compile(r"for '(\w+)' operation in '([^']*)'")


def _parts(err: ValidationError, leaf: ValidationError) -> tuple[str | int, ...]:
    from openapi_spec_validator.validation.exceptions import (
        DuplicateOperationIDError,
        UnresolvableParameterError,
    )

    base: tuple[str | int, ...] = getattr(err, _BASE, ())
    if not base and isinstance(err, (UnresolvableParameterError, DuplicateOperationIDError)):
        found = _OPERATION_IN_MESSAGE.search(err.message)
        if found:
            base = ("paths", found.group(2), found.group(1))
    return (*base, *leaf.absolute_path)


def _classify(err: ValidationError, leaf: ValidationError, parts: Sequence[Any]) -> tuple[str, str]:
    """(code, message) for one validator error."""
    from openapi_spec_validator.validation.exceptions import (
        DuplicateOperationIDError,
        ExtraParametersError,
        ParameterDuplicateError,
        UnresolvableParameterError,
    )

    kind = str(leaf.validator)
    if isinstance(err, UnresolvableParameterError):
        return "validate.path-parameter", err.message
    if isinstance(err, ParameterDuplicateError):
        return "validate.duplicate-parameter", err.message
    if isinstance(err, DuplicateOperationIDError):
        return "validate.duplicate-operation-id", err.message
    if isinstance(err, ExtraParametersError):
        return "validate.required", err.message
    if kind in ("additionalProperties", "unevaluatedProperties"):
        names = ", ".join(repr(name) for name in _unknown_keys(leaf)) or leaf.message
        plural = "s" if "," in names else ""
        return "validate.unknown-keyword", f"unknown keyword{plural} {names}"
    in_value = any(part in ("default", "example", "examples") for part in parts)
    if in_value and kind in ("type", "enum", "format", "required", "nullable"):
        return "validate.example", f"value does not match its schema: {leaf.message}"
    if kind == "enum" and parts and parts[-1] == "type":
        return "validate.type", f"invalid type name {leaf.instance!r}"
    if kind == "type":
        found = type(leaf.instance).__name__.replace("dict", "object").replace("list", "array")
        return "validate.type", f"expected {leaf.validator_value}, found {found} {leaf.instance!r}"
    if kind == "enum":
        return "validate.enum", leaf.message
    if kind == "required":
        return "validate.required", leaf.message
    return "validate.other", leaf.message


def _diagnostic(err: ValidationError, prefix: Sequence[str] = (), file: str = "") -> Diagnostic:
    """One validator error as a diagnostic; `prefix`: where the error's path starts, when the
    error is looked at before it reached the top (see `fragments.SchemaPassRun`)."""
    leaves = _leaves(err)
    check_no_placeholder(leaves)
    leaf = _most_specific(err)
    parts = (*prefix, *_parts(err, leaf))
    code, message = _classify(err, leaf, parts)
    return Diagnostic("error", code, _short(message), pointer_from_parts(parts), file)


# Documents smaller than this (pickled) validate faster than the cache is read and written, or
# than they are handed to another process.
CACHE_MIN_BYTES = 64_000
_CACHE_FORMAT = 1
_DIAGNOSTIC_FIELDS = ("severity", "code", "message", "pointer", "file")


@lru_cache(maxsize=1)
def _code_key() -> str:
    """What decides a validation result besides the document: the validator's versions and the
    source of the modules that turn its errors into diagnostics."""
    digest = hashlib.sha256()
    for package in ("openapi-spec-validator", "openapi-schema-validator", "jsonschema-path"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - installed with sdkgen
            digest.update(f"{package}=?\0".encode())
    here = Path(__file__).parent
    for module in (here / "validator.py", here / "fragments.py", here / "subtrees.py"):
        digest.update(hashlib.sha256(module.read_bytes()).digest())
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
    digest.update(_code_key().encode())
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
    """Every problem openapi-spec-validator finds, as error diagnostics in its order.

    The result for a large document is cached (see `cache.cache_root`) under a digest of the
    document itself, so validating the same document again costs a hash, not a validation; and
    by fragments, so that validating a changed document revalidates what changed.
    `looked_up`: what `lookup(data, file)` already said.
    """
    looked_up = looked_up or lookup(data, file)
    if looked_up.found is not None:
        return looked_up.found
    found = _validate(data, file, looked_up.cache is not None)
    remember(looked_up, found)
    return found


def _validate(data: dict[str, Any], file: str, fragments: bool = False) -> list[Diagnostic]:
    """Both passes here, one after the other (by fragments when `fragments`)."""
    passes = [validate_pass(which, data, file, fragments) for which in ("schema", "keyword")]
    return combine(*passes, file=file)


PASSES = ("schema", "keyword")  # the JSON Schema pass, then the keyword validators' pass


@dataclass
class PassResult:
    """What one pass found, in order; `crash`: the message when the validator raised."""

    found: list[Diagnostic]
    crash: str | None = None
    stats: PassStats = field(default_factory=PassStats)


def combine(schema: PassResult, keyword: PassResult, *, file: str = "") -> list[Diagnostic]:
    """The two passes' results as one whole-document run reports them: each problem once, and
    nothing after a crash (only the crash, when nothing came before it)."""
    found: list[Diagnostic] = []
    for result in (schema, keyword):
        for problem in result.found:
            if problem not in found:  # both passes may report the same schema problem
                found.append(problem)
        if result.crash is not None:
            # A crash after errors is their consequence, not news.
            return found or [Diagnostic("error", "validate.other", result.crash, "", file)]
    return found


def validate_pass(which: str, data: dict[str, Any], file: str, fragments: bool) -> PassResult:
    """One pass over the document (`which`: "schema" or "keyword"), by fragments when asked and
    possible, else whole."""
    data, version = _as_openapi(data, file)
    validator = _validators().get(version)
    if validator is None:
        return PassResult([_version_problem(data, version, file)] if which == "schema" else [])
    if fragments:
        try:
            return _run_pass(which, validator, data, file, fragments=True)
        except Fallback:
            pass  # validated whole below
    return _run_pass(which, validator, data, file, fragments=False)


def _as_openapi(data: dict[str, Any], file: str) -> tuple[dict[str, Any], str]:
    """The document to validate and its version: a Swagger 2.0 document is validated as the
    OpenAPI 3.0 one the loader converts it to (what later stages see)."""
    version = detect_openapi_version(data)
    if version == "2.0":
        from ..load.swagger2 import convert_swagger2

        data = convert_swagger2(data, file)[0]
        version = detect_openapi_version(data)
    return data, version


def _store_path(which: str) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    return root / "validate" / "fragments" / f"{which}-{_code_key()[:32]}.json"


def _run_pass(
    which: str, validator: type[Any], data: dict[str, Any], file: str, *, fragments: bool
) -> PassResult:
    global _schema_run, _keyword_run, _subtree_memo
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    store = FragmentStore(_store_path(which)) if fragments else None
    found: list[Diagnostic] = []
    stats = PassStats()
    try:
        document = Document(data) if store is not None else None
        spec = validator(data)
        errors: Iterator[ValidationError]
        if which == "schema":
            base = spec.schema_validator
            cls = base.__class__  # the class behind the library's lazy proxy
            if hasattr(cls, "VALIDATORS"):  # jsonschema's (not the jsonschema-rs backend's)
                if document is not None and store is not None:
                    _schema_run = SchemaPassRun(document, store, _diagnostic, progress.bump)
                    stats = _schema_run.stats
                if memoizable(cls):
                    _subtree_memo = SubtreeMemo(spec.schema)
                errors = _intercepting(cls)(base.schema).iter_errors(spec.schema)
            else:
                errors = base.iter_errors(spec.schema)
        else:
            if document is not None:
                document.ref_store = store
            _keyword_run = KeywordPassRun(document, store, _diagnostic, progress.bump)
            stats = _keyword_run.stats
            errors = spec.root_validator(spec.schema_path)
        for err in errors:
            placed = found_in(err)
            if placed is not None:
                found.extend(_in(problem, file) for problem in placed)
                continue
            if not isinstance(err, OpenAPIValidationError):
                err = OpenAPIValidationError.create_from(err)
            found.append(_diagnostic(err, (), file))
        if _subtree_memo is not None:
            stats.subtrees_reused = _subtree_memo.hits
    except Fallback:
        raise
    except Exception as exc:  # noqa: BLE001 - the validator can crash on odd input; report it
        return PassResult(found, _short(f"validator failed: {type(exc).__name__}: {exc}"), stats)
    finally:
        _schema_run = _keyword_run = _subtree_memo = None
    if store is not None:
        store.save()
    return PassResult(found, None, stats)


def _in(problem: Diagnostic, file: str) -> Diagnostic:
    return Diagnostic(problem.severity, problem.code, problem.message, problem.pointer, file)


_INTERCEPTING: dict[type[Any], type[Any]] = {}


def _intercepting(cls: type[Any]) -> type[Any]:
    """`cls` (the meta-schema's validator class) descending into fragments through the run,
    and into equal subtrees once (`subtrees.py`) when its dialect allows it."""
    if cls not in _INTERCEPTING:
        extended = intercepting(cls, _current_schema_run)
        if memoizable(cls):
            memoizing(extended, _current_subtree_memo)
        _INTERCEPTING[cls] = extended
    return _INTERCEPTING[cls]


def validate_whole_document(data: dict[str, Any], file: str = "") -> list[Diagnostic]:
    """The reference: openapi-spec-validator's own run over the whole document, both passes in
    one iteration, converted to diagnostics. `_validate` must give exactly this (the tests
    compare them on the broken-spec corpus, the CA spec and GitHub's)."""
    data, version = _as_openapi(data, file)
    validator = _validators().get(version)
    if validator is None:
        return [_version_problem(data, version, file)]
    found: list[Diagnostic] = []
    try:
        for err in validator(data).iter_errors():
            problem = _diagnostic(err, (), file)
            if problem not in found:
                found.append(problem)
    except Exception as exc:  # noqa: BLE001
        if found:
            return found
        message = f"validator failed: {type(exc).__name__}: {exc}"
        found.append(Diagnostic("error", "validate.other", _short(message), "", file))
    return found


# --- in worker processes ------------------------------------------------------------------------


def warm_up() -> None:
    """Import openapi-spec-validator (0.15-0.3 s, see validator_settings) and build the
    validator classes: a task for a fresh worker, done while the parent loads the spec."""
    _validators()


def validate_pass_pickled(which: str, document: bytes, file: str, fragments: bool) -> PassResult:
    """`validate_pass` of a document `lookup` pickled: runs in a worker process of the pipeline,
    which gets the bytes from its parent through the pool's pipe (never from a file)."""
    return validate_pass(which, pickle.loads(document), file, fragments)


@dataclass(frozen=True)
class Pending:
    """A validation running in a pool, one task per pass (see `submit`)."""

    passes: tuple[Future[PassResult], ...]
    file: str

    def result(self) -> list[Diagnostic]:
        schema, keyword = (future.result() for future in self.passes)
        return combine(schema, keyword, file=self.file)

    def cancel(self) -> None:
        for future in self.passes:
            future.cancel()


def submit(pool: Executor, looked_up: Lookup, file: str) -> Pending:
    """Validate the document `lookup` pickled in `pool`: the two passes at once."""
    if looked_up.document is None:
        raise ValueError("nothing to send: the document was not pickled")
    fragments = looked_up.cache is not None
    return Pending(
        tuple(
            pool.submit(validate_pass_pickled, which, looked_up.document, file, fragments)
            for which in PASSES
        ),
        file,
    )


def work_units(data: dict[str, Any], fragments: bool) -> int:
    """How many steps a progress count of the validation goes through (about)."""
    from .fragments import work_units as units

    paths = data.get("paths")
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    keyword_units = (len(paths) if isinstance(paths, dict) else 0) + (
        len(schemas) if isinstance(schemas, dict) else 0
    )
    return units(data) if fragments else keyword_units


def _version_problem(data: Mapping[str, Any], version: str, file: str) -> Diagnostic:
    if version:
        message = f"Swagger {version} documents are not supported; convert to OpenAPI 3 first"
        return Diagnostic("error", "validate.version", message, "/swaggerVersion", file)
    if "openapi" not in data:
        message = "missing 'openapi' field: not an OpenAPI document"
        return Diagnostic("error", "validate.version", message, "", file)
    message = f"unsupported OpenAPI version {data['openapi']!r} (supported: 3.0.x, 3.1.x)"
    return Diagnostic("error", "validate.version", _short(message), "/openapi", file)
