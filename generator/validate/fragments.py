"""Validation by fragments: what lets a spec that changed in one operation revalidate only that
operation, with exactly the problems a validation of the whole document reports.

openapi-spec-validator checks a document in two passes (see `validate.py`); both are cut at the
document's fragments: each path item (`/paths/<url>`) and each component
(`/components/<kind>/<name>`).

- The JSON Schema pass checks the document against the OpenAPI meta-schema. Its result for a
  fragment depends only on the fragment's content, its location and the part of the meta-schema
  it is checked against, so it is cached under a digest of the three (`SchemaPassRun`): the
  validator descends into a fragment through `patternProperties` or `additionalProperties`, and
  those two keywords are wrapped to answer from the cache, or to validate and remember.
- The keyword pass walks path items and component schemas one after the other (the units),
  following `$ref`s, and shares state between them: the schemas already visited (a schema
  reached a second time is not checked again: its problems are reported where it was first
  reached), the schemas whose meta-schema was checked, the operationIds seen. A unit's result
  depends on its content, the content of every fragment it reaches through `$ref`s (its
  closure), and the answers it got from that state. `KeywordPassRun` records, per unit, its
  problems and every question it asked of the state with the answer; a later run replays the
  unit only when its closure is unchanged and the state gives the same answers, else
  validates it again. Objects are named by their JSON pointers across runs.

Each cached result is a list of diagnostics (and for units, the questions), stored as JSON in
one file per pass (`FragmentStore`); nothing read from the cache is unpickled. Whatever the
cache cannot vouch for is validated: a fragment whose errors do not surface where expected or
an object the pointer map does not know makes the pass start again without fragments (see
`Fallback`), so the result is always the whole-document one.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import write_entry
from ..diagnostics import Diagnostic, pointer_from_parts

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

Location = tuple[str, ...]
# Converts one validator error to a diagnostic; `prefix`: the location above the error's path.
Convert = Callable[..., Diagnostic]

STORE_FORMAT = 1
STORE_RUNS_KEPT = 6  # entries unused for this many runs of a pass are dropped
EVERYTHING: Location = ("#everything",)  # a `$ref` this module cannot place: depends on it all


class Fallback(Exception):
    """The fragment machinery cannot vouch for this run: validate without it."""


def _digest(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _content_digest(value: object) -> str:
    # pickle tells apart what JSON does not (an integer key from a string key, 1 from 1.0).
    try:
        return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()
    except Exception:  # noqa: BLE001 - not picklable: never equal to anything cached
        raise Fallback("content that cannot be digested") from None


# --- the document ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fragment:
    location: Location  # ("paths", "/a") or ("components", "schemas", "A")
    value: dict[str, Any]
    digest: str


class Document:
    """A document cut into fragments, with what the caches need to know of them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.fragments: dict[Location, Fragment] = {}
        self.by_id: dict[int, Fragment] = {}  # the fragment an object is (unshared ones)
        shared: set[int] = set()
        for location, value in _enumerate(data):
            fragment = Fragment(location, value, _content_digest(value))
            self.fragments[location] = fragment
            if id(value) in self.by_id:
                shared.add(id(value))
            self.by_id[id(value)] = fragment
        for ident in shared:  # one object at two places: not a fragment of either
            del self.by_id[ident]
        head = {key: value for key, value in data.items() if key not in ("paths", "components")}
        self.head = _content_digest(head)  # what every unit may read besides its closure
        self._refs: dict[Location, frozenset[Location]] = {}
        self.ref_store: FragmentStore | None = None  # the `$ref`s of each content, remembered
        self._closures: dict[Location, frozenset[Location]] = {}
        self._whole: str | None = None
        self._pointers: dict[int, str] = {id(True): "#true", id(False): "#false"}
        self._mapped: set[Location] = set()

    def whole_digest(self) -> str:
        if self._whole is None:
            self._whole = _content_digest(self.data)
        return self._whole

    # -- what a unit reaches through $refs

    def refs(self, location: Location) -> frozenset[Location]:
        """The fragments the `$ref`s inside this fragment point into."""
        found = self._refs.get(location)
        if found is None:
            found = frozenset(self._place(ref) for ref in self._ref_values(location))
            self._refs[location] = found
        return found

    def _ref_values(self, location: Location) -> list[str]:
        """The `$ref` values inside a fragment (walked once per content: see `ref_store`)."""
        fragment = self.fragments[location]
        key = "refs:" + fragment.digest
        known = self.ref_store.get(key) if self.ref_store is not None else None
        if isinstance(known, list) and all(isinstance(ref, str) for ref in known):
            return known
        values: set[str] = set()
        stack: list[Any] = [fragment.value]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                ref = item.get("$ref")
                if ref is not None:
                    values.add(ref if isinstance(ref, str) else "#not-a-string")
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        found = sorted(values)
        if self.ref_store is not None:
            self.ref_store.put(key, found)
        return found

    def _place(self, ref: str) -> Location:
        if not ref.startswith("#/"):
            return EVERYTHING
        parts = tuple(part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/"))
        for size in (2, 3):
            if parts[:size] in self.fragments:
                return parts[:size]
        return EVERYTHING

    def closure(self, location: Location) -> frozenset[Location]:
        """This fragment and every fragment it reaches through `$ref`s, transitively."""
        found = self._closures.get(location)
        if found is None:
            seen = {location}
            stack = [location]
            while stack:
                for target in self.refs(stack.pop()):
                    if target not in seen:
                        seen.add(target)
                        if target != EVERYTHING:
                            stack.append(target)
            found = self._closures[location] = frozenset(seen)
        return found

    def unit_key(self, location: Location) -> str:
        """What a keyword-pass unit's result depends on, besides the state it asks about."""
        closure = self.closure(location)
        contents = sorted(
            (list(place), self.fragments[place].digest) for place in closure if place != EVERYTHING
        )
        whole = self.whole_digest() if EVERYTHING in closure else ""
        return _digest("unit", list(location), contents, self.head, whole)

    # -- objects named by their JSON pointers

    def map_objects(self, locations: frozenset[Location] | None) -> None:
        """Learn the JSON pointer of every object inside these fragments (None: all)."""
        wanted = self.fragments if locations is None else locations
        for location in wanted:
            if location in self._mapped or location not in self.fragments:
                continue
            self._mapped.add(location)
            stack: list[tuple[Any, str]] = [
                (self.fragments[location].value, pointer_from_parts(location))
            ]
            while stack:
                item, pointer = stack.pop()
                if isinstance(item, dict):
                    self._pointers.setdefault(id(item), pointer)
                    stack.extend(
                        (value, f"{pointer}/{_token(key)}")
                        for key, value in item.items()
                        if isinstance(value, (dict, list))
                    )
                elif isinstance(item, list):
                    stack.extend(
                        (value, f"{pointer}/{index}")
                        for index, value in enumerate(item)
                        if isinstance(value, (dict, list))
                    )

    def pointer(self, ident: int) -> str | None:
        return self._pointers.get(ident)


def _token(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _enumerate(data: dict[str, Any]) -> Iterator[tuple[Location, dict[str, Any]]]:
    paths = data.get("paths")
    if isinstance(paths, dict):
        for url, item in paths.items():
            if isinstance(url, str) and isinstance(item, dict):
                yield ("paths", url), item
    components = data.get("components")
    if isinstance(components, dict):
        for kind, group in components.items():
            if isinstance(kind, str) and isinstance(group, dict):
                for name, value in group.items():
                    if isinstance(name, str) and isinstance(value, dict):
                        yield ("components", kind, name), value


def work_units(data: dict[str, Any]) -> int:
    """About how many fragments and units both passes go through (for a progress count)."""
    count = 0
    paths = data.get("paths")
    if isinstance(paths, dict):
        count += 2 * len(paths)
    components = data.get("components")
    if isinstance(components, dict):
        for kind, group in components.items():
            if isinstance(group, dict):
                count += len(group) * (2 if kind == "schemas" else 1)
    return count


# --- the cache ---------------------------------------------------------------------------------


class FragmentStore:
    """Results by key, one JSON file per pass; entries unused for a few runs are dropped."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.run = 0
        self._entries: dict[str, list[Any]] = {}  # key -> [last run used, value]
        self._changed = False
        if path is not None:
            self._load(path)
        self.run += 1

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not (isinstance(data, dict) and data.get("format") == STORE_FORMAT):
            return
        run, entries = data.get("run"), data.get("entries")
        if isinstance(run, int) and isinstance(entries, dict):
            self.run = run
            self._entries = {
                key: entry
                for key, entry in entries.items()
                if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int)
            }

    def get(self, key: str) -> Any:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] != self.run:
            entry[0] = self.run
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = [self.run, value]
        self._changed = True

    def save(self) -> None:
        """Write the file when this run added to it (a run that only read leaves it alone)."""
        if self.path is None or not self._changed:
            return
        oldest = self.run - STORE_RUNS_KEPT
        kept = {key: entry for key, entry in self._entries.items() if entry[0] > oldest}
        text = json.dumps(
            {"format": STORE_FORMAT, "run": self.run, "entries": kept},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        write_entry(self.path, text.encode("utf-8", "surrogatepass"))


def _encode(found: list[Diagnostic]) -> list[list[str]]:
    return [[item.code, item.message, item.pointer] for item in found]


def _decode(value: object) -> list[Diagnostic] | None:
    if not isinstance(value, list):
        return None
    found = []
    for item in value:
        if not (
            isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)
        ):
            return None
        found.append(Diagnostic("error", item[0], item[1], item[2]))
    return found


# --- results travelling up through the validators -----------------------------------------------


def placeholder(found: list[Diagnostic], location: Location | None, key: str | None) -> Any:
    """An error standing for a fragment's diagnostics: the validators pass it up like any
    error (or count it, as a failure, where they only ask whether something is valid).
    `location`: where it must surface (checked by `found_in`); `key`: its path below its parent.
    """
    # The library's own error class: the keyword validators' wrappers pass it up unchanged.
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    error = OpenAPIValidationError("problems of a fragment", path=[key] if key is not None else [])
    error.sdkgen_found = found  # type: ignore[attr-defined]
    error.sdkgen_location = location  # type: ignore[attr-defined]
    return error


def found_in(error: ValidationError) -> list[Diagnostic] | None:
    """The diagnostics a placeholder stands for (None: not a placeholder)."""
    found: list[Diagnostic] | None = getattr(error, "sdkgen_found", None)
    if found is None:
        return None
    location = getattr(error, "sdkgen_location", None)
    if location is not None and tuple(error.absolute_path) != location:
        raise Fallback(f"fragment {location} surfaced at {tuple(error.absolute_path)}")
    return found


def check_no_placeholder(leaves: list[ValidationError]) -> None:
    """A placeholder inside another error's context would be reported wrongly: start again."""
    if any(getattr(leaf, "sdkgen_found", None) is not None for leaf in leaves):
        raise Fallback("a fragment's problems ended up inside another error")


# --- the JSON Schema pass -----------------------------------------------------------------------


class Descender:
    """The validator as a keyword function sees it, with `descend` into a fragment served by
    the run (every other attribute is the validator's own)."""

    def __init__(self, validator: Any, run: SchemaPassRun) -> None:
        self._validator = validator
        self._run = run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._validator, name)

    def descend(
        self,
        instance: Any,
        schema: Any,
        path: Any = None,
        schema_path: Any = None,
        resolver: Any = None,
    ) -> Iterator[ValidationError]:
        fragment = self._run.document.by_id.get(id(instance))
        if fragment is None or path != fragment.location[-1]:
            yield from self._validator.descend(instance, schema, path, schema_path, resolver)
            return
        yield from self._run.descend(self._validator, fragment, schema, path, schema_path, resolver)


@dataclass
class PassStats:
    validated: int = 0  # fragments or units validated
    reused: int = 0  # taken from the cache (or, for the JSON Schema pass, from this run)
    subtrees_reused: int = 0  # JSON Schema pass: subtrees answered by an equal one (subtrees.py)


@dataclass
class SchemaPassRun:
    document: Document
    store: FragmentStore
    convert: Convert
    tick: Callable[[], None]
    stats: PassStats = field(default_factory=PassStats)
    _memo: dict[str, list[Diagnostic]] = field(default_factory=dict)
    _schemas: dict[int, str] = field(default_factory=dict)

    def descend(
        self,
        validator: Any,
        fragment: Fragment,
        schema: Any,
        path: Any,
        schema_path: Any,
        resolver: Any,
    ) -> Iterator[ValidationError]:
        schema_digest = self._schemas.get(id(schema))
        if schema_digest is None:
            schema_digest = self._schemas[id(schema)] = _digest(schema)
        key = _digest("schema", list(fragment.location), fragment.digest, schema_digest)
        found = self._memo.get(key)
        if found is None:
            found = _decode(self.store.get(key))
        if found is not None:
            self.stats.reused += 1
        else:
            found = []
            prefix = fragment.location[:-1]
            errors = validator.descend(fragment.value, schema, path, schema_path, resolver)
            try:
                for error in errors:
                    found.append(self.convert(error, prefix))
            except BaseException:
                if found:  # what the whole-document run would have reported before failing
                    yield placeholder(found, fragment.location, path)
                raise
            self.store.put(key, _encode(found))
            self.stats.validated += 1
            self.tick()
        self._memo[key] = found
        if found:
            yield placeholder(found, fragment.location, path)


def intercepting(cls: type[Any], run_of: Callable[[], SchemaPassRun | None]) -> type[Any]:
    """`cls` (a jsonschema validator class) whose `patternProperties` and `additionalProperties`
    descend into fragments through the run `run_of()` returns (when there is one)."""
    from jsonschema.validators import extend

    def wrap(keyword: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            run = run_of()
            if run is None:
                return keyword(validator, value, instance, schema)
            return keyword(Descender(validator, run), value, instance, schema)

        return wrapped

    wrapped = {
        name: wrap(cls.VALIDATORS[name])
        for name in ("patternProperties", "additionalProperties")
        if name in cls.VALIDATORS
    }
    extended: type[Any] = extend(cls, validators=wrapped)  # type: ignore[no-untyped-call]
    return extended


# --- the keyword pass ---------------------------------------------------------------------------


class Members:
    """A list's `in` and `append` (equality, not only hashing), fast for hashable values."""

    def __init__(self) -> None:
        self._hashed: set[Any] = set()
        self._others: list[Any] = []

    def __contains__(self, value: object) -> bool:
        try:
            return value in self._hashed
        except TypeError:
            return value in self._others

    def add(self, value: Any) -> None:
        try:
            self._hashed.add(value)
        except TypeError:
            self._others.append(value)


class Tracked:
    """What the keyword validators keep between calls (schemas visited, schemas whose meta-schema
    was checked, operationIds seen), in place of their lists: a set (the lists made the pass
    quadratic: 40 % of its time on GitHub's spec, same answers), and when a run is recording,
    every question and addition goes through it (see `KeywordPassRun`)."""

    def __init__(self, kind: str, run_of: Callable[[], KeywordPassRun | None]) -> None:
        self.kind = kind
        self._run_of = run_of
        self._own = Members()

    def __contains__(self, value: object) -> bool:
        run = self._run_of()
        if run is None:
            return value in self._own
        return run.ask(self.kind, value)

    def append(self, value: Any) -> None:
        run = self._run_of()
        if run is None:
            self._own.add(value)
        else:
            run.add(self.kind, value)


@dataclass
class KeywordPassRun:
    document: Document | None  # None: units are only counted
    store: FragmentStore | None
    convert: Convert
    tick: Callable[[], None]
    stats: PassStats = field(default_factory=PassStats)
    state: dict[str, Members] = field(
        default_factory=lambda: {"visited": Members(), "meta": Members(), "ids": Members()}
    )
    unit: str | None = None  # the location of the unit running
    _log: dict[str, list[list[Any]]] | None = None

    def identity(self, kind: str, value: Any) -> Any:
        if kind == "ids" or self.document is None:
            return value  # operationIds are values; without a document, ids need no name
        pointer = self.document.pointer(value)
        if pointer is None:
            raise Fallback(f"an object outside the known fragments ({value})")
        return pointer

    def ask(self, kind: str, value: Any) -> bool:
        ident = self.identity(kind, value)
        answer = ident in self.state[kind]
        if self._log is not None:
            self._log[kind].append([ident, answer])
        return answer

    def add(self, kind: str, value: Any) -> None:
        ident = self.identity(kind, value)
        self.state[kind].add(ident)
        if self._log is not None:
            self._log[kind].append([ident])

    def run_unit(
        self, location: Location, errors: Callable[[], Iterator[ValidationError]]
    ) -> Iterator[ValidationError]:
        """One path item or component schema: replayed from the cache when it can be."""
        self.unit = pointer_from_parts(location)
        try:
            yield from self._unit(location, errors)
        finally:
            self.unit = None
            self.tick()

    def _unit(
        self, location: Location, errors: Callable[[], Iterator[ValidationError]]
    ) -> Iterator[ValidationError]:
        document, store = self.document, self.store
        if document is None or store is None:
            yield from errors()
            self.stats.validated += 1
            return
        known = location in document.fragments
        key = document.unit_key(location) if known else None
        entry = store.get(key) if key is not None else None
        found = self._replayed(entry)
        if found is not None:
            self.stats.reused += 1
        else:
            closure = document.closure(location) if known else frozenset({EVERYTHING})
            document.map_objects(None if EVERYTHING in closure else closure)
            found = []
            self._log = {"visited": [], "meta": [], "ids": []}
            try:
                for error in errors():
                    found.append(self.convert(error, ()))
            except BaseException:
                if found:
                    yield placeholder(found, None, None)
                raise
            finally:
                log, self._log = self._log, None
            if key is not None:
                store.put(key, {"found": _encode(found), **log})
            self.stats.validated += 1
        if found:
            yield placeholder(found, None, None)

    def _replayed(self, entry: Any) -> list[Diagnostic] | None:
        """The unit's diagnostics when the state answers every recorded question as it did then
        (and the state updated as the unit would update it), else None."""
        if not isinstance(entry, dict):
            return None
        found = _decode(entry.get("found"))
        if found is None:
            return None
        added: dict[str, list[Any]] = {}
        for kind in ("visited", "meta", "ids"):
            log = entry.get(kind)
            if not isinstance(log, list):
                return None
            state, local = self.state[kind], Members()
            additions: list[Any] = []
            for item in log:
                if not isinstance(item, list) or len(item) not in (1, 2):
                    return None
                try:
                    if len(item) == 2:
                        if (item[0] in state or item[0] in local) != item[1]:
                            return None
                    else:
                        local.add(item[0])
                        additions.append(item[0])
                except TypeError:  # a value JSON gave back that the state cannot hold
                    return None
            added[kind] = additions
        for kind, additions in added.items():
            for ident in additions:
                self.state[kind].add(ident)
        return found
