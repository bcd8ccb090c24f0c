"""openapi-spec-validator, the reference: its two passes, with every error located.

openapi-spec-validator checks a document in two passes: a JSON Schema pass over the whole
document against the OpenAPI meta-schema (its errors carry absolute paths) and a pass of keyword
validators over operations and schemas (their errors carry paths relative to the object checked,
or none at all). Every keyword validator is wrapped so that each error remembers where its
object lives (`diagnose.BASE`). Beside that, three changes that keep the answers and the time
down:

- the keyword validators keep what they visited in sets instead of the library's lists, whose
  lookups made that pass quadratic (GitHub's spec: 21.6 s of CPU, 8.7 s with sets);
- a schema's meta-schema check depends on its content only: each content is checked once (GitHub:
  1,989 checks of 1,317 different schemas);
- the JSON Schema pass, and the keyword pass's check of each schema against its dialect's
  meta-schema, descend into the extra properties of an object in the document's order:
  jsonschema iterates them as a `set`, whose order changes with PYTHONHASHSEED. So did the order
  of some problems, and which problem a schema check reports (the first it finds): the CA spec
  before repair had 209 to 216 problems from one run to the next, as the keyword pass's reports
  did or did not repeat the JSON Schema pass's. openapi-spec-validator-rs uses the document's
  order too.

The library is imported on first use (0.15-0.3 s, half of it without `settings`), so a run that
never needs it never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import metadata
from typing import TYPE_CHECKING, Any

from .. import progress
from ..diagnostics import Diagnostic
from . import settings
from .diagnose import BASE, diagnostic, short

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from openapi_spec_validator.validation import keywords

NAME = "openapi-spec-validator"
PASSES = ("schema", "keyword")  # the JSON Schema pass, then the keyword validators' pass


def version() -> str:
    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with sdkgen
        return "?"


@dataclass
class PassResult:
    """What one pass found, in order; `crash`: the message when the validator raised;
    `validator`: which library found it (see `validator.describe`)."""

    found: list[Diagnostic]
    crash: str | None = None
    validator: str = NAME


class Members:
    """What the keyword validators keep between calls (schemas visited, schemas whose meta-schema
    was checked, operationIds seen): a list's `in` and `append`, with a set for what hashes."""

    def __init__(self) -> None:
        self._hashed: set[Any] = set()
        self._others: list[Any] = []

    def __contains__(self, value: object) -> bool:
        try:
            return value in self._hashed
        except TypeError:
            return value in self._others

    def append(self, value: Any) -> None:
        try:
            self._hashed.add(value)
        except TypeError:
            self._others.append(value)


_in_unit = False  # inside a path item or component schema of the keyword pass (for `tick`)


def _located(cls: type[keywords.KeywordValidator], is_value: bool) -> type[Any]:
    """Subclass of a keyword validator that tags errors with the checked object's location and
    keeps its state in sets."""

    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    is_schema = issubclass(cls, keywords.SchemaValidator)
    is_unit = is_schema or issubclass(cls, keywords.PathValidator)

    class Located(cls):  # type: ignore[valid-type,misc]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            if is_schema:
                self.visited_schema_ids = Members()
                self.meta_checked_schema_ids = Members()
                self._sdkgen_meta: dict[str, OpenAPIValidationError | None] = {}
            if issubclass(cls, keywords.OperationValidator):
                self.operation_ids_registry = Members()

        def _get_schema_checker(
            self, schema: SchemaPath, schema_value: Any
        ) -> Callable[[Any], None]:
            return _ordered_checker(super()._get_schema_checker(schema, schema_value))

        def _validate_schema_meta(
            self, schema: SchemaPath, schema_value: Any
        ) -> OpenAPIValidationError | None:
            # `repr` keeps apart what equality would merge (key order, 1 and 1.0 and True).
            key = repr(schema_value)
            if key not in self._sdkgen_meta:
                self._sdkgen_meta[key] = super()._validate_schema_meta(schema, schema_value)
            found = self._sdkgen_meta[key]
            # A fresh error each time: it gets the location of the schema it is reported on.
            return None if found is None else OpenAPIValidationError.create_from(found)

        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            global _in_unit
            base = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            if not is_unit or _in_unit:
                yield from self._tagged(base, args, kwargs)
                return
            _in_unit = True  # a path item, or a component schema: one step of the count
            try:
                yield from self._tagged(base, args, kwargs)
            finally:
                _in_unit = False
                progress.bump()

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
                if parts is not None and not hasattr(err, BASE):
                    setattr(err, BASE, parts)
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
def validators() -> dict[str, type[Any]]:
    """The spec validator class of each OpenAPI version, located (imports the library)."""
    # Before the first import of the library: its settings without pydantic-settings when
    # they are the defaults (half of its import time, see `settings`).
    settings.install()
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    return {
        "3.0": _locating(OpenAPIV30SpecValidator),
        "3.1": _locating(OpenAPIV31SpecValidator),
        "3.2": _locating(OpenAPIV32SpecValidator),
    }


_ORDERED: dict[type[Any], type[Any]] = {}


def _ordered(cls: type[Any]) -> type[Any]:
    """`cls` (a jsonschema validator class) descending into extra properties in the instance's
    order rather than a set's: the same errors, in an order that does not change between runs.
    A `$ref` to a resource of another dialect (`$ref: "#"` to a meta-schema's root, which names
    its `$schema`) goes on with the ordered class of that dialect."""
    if cls in _ORDERED or "additionalProperties" not in getattr(cls, "VALIDATORS", {}):
        return _ORDERED.get(cls, cls)
    from attrs import fields
    from jsonschema._utils import find_additional_properties
    from jsonschema.validators import extend

    plain: Callable[..., Iterator[Any]] = cls.VALIDATORS["additionalProperties"]

    def additional_properties(validator: Any, aP: Any, instance: Any, schema: Any) -> Any:
        if validator.is_type(aP, "object") and validator.is_type(instance, "object"):
            for extra in dict.fromkeys(find_additional_properties(instance, schema)):
                yield from validator.descend(instance[extra], aP, path=extra)
        else:
            yield from plain(validator, aP, instance, schema)

    keywords = {"additionalProperties": additional_properties}
    ordered: Any = extend(cls, validators=keywords)  # type: ignore[no-untyped-call]
    plain_evolve = ordered.evolve

    def evolve(self: Any, **changes: Any) -> Any:
        evolved = plain_evolve(self, **changes)
        other = type(evolved)
        if other in _ORDERED.values() or _ordered(other) is other:
            return evolved
        init = {field.alias: getattr(evolved, field.name) for field in fields(other) if field.init}
        return _ordered(other)(**init)

    ordered.evolve = evolve
    _ORDERED[cls] = ordered
    return _ORDERED[cls]


def _ordered_checker(checker: Callable[[Any], None]) -> Callable[[Any], None]:
    """openapi-schema-validator's schema checker (`check_openapi_schema` bound to a dialect's
    class, maybe with a format checker) with the dialect's meta-schema checked by the ordered
    class: which problem it reports first no longer changes between runs. Any other checker is
    left as it is."""
    from openapi_schema_validator import validators as dialects

    keywords = checker.keywords if isinstance(checker, partial) else {}
    method = checker.func if isinstance(checker, partial) else checker
    cls: Any = getattr(method, "__self__", None)
    if getattr(method, "__func__", None) is not dialects.check_openapi_schema:
        return checker
    if set(keywords) - {"format_checker"} or not hasattr(cls, "META_SCHEMA"):
        return checker
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for
    from openapi_schema_validator._specifications import REGISTRY

    meta = _ordered(validator_for(cls.META_SCHEMA, default=cls))
    format_checker = keywords.get("format_checker", cls.FORMAT_CHECKER)

    def check(schema: Any) -> None:
        # `check_openapi_schema`, with the ordered class.
        validator = meta(cls.META_SCHEMA, format_checker=format_checker, registry=REGISTRY)
        for error in validator.iter_errors(schema):
            raise SchemaError.create_from(error)

    return check


def run_pass(which: str, version: str, data: dict[str, Any], file: str) -> PassResult:
    """One pass (`which`: "schema" or "keyword") over an OpenAPI `version` document."""
    located = validators()[version]  # first: it imports the library after `settings`
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    found: list[Diagnostic] = []
    try:
        spec = located(data)
        errors: Iterator[Any]
        if which == "schema":
            base = spec.schema_validator
            cls = base.__class__  # the class behind the library's lazy proxy
            if hasattr(cls, "VALIDATORS"):
                errors = _ordered(cls)(base.schema).iter_errors(spec.schema)
            else:  # the jsonschema-rs backend (OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND)
                errors = base.iter_errors(spec.schema)
        else:
            errors = spec.root_validator(spec.schema_path)
        for err in errors:
            if not isinstance(err, OpenAPIValidationError):
                err = OpenAPIValidationError.create_from(err)
            found.append(diagnostic(err, file))
    except Exception as exc:  # noqa: BLE001 - the validator can crash on odd input; report it
        return PassResult(found, short(f"validator failed: {type(exc).__name__}: {exc}"))
    return PassResult(found)
