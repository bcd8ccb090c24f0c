"""openapi-spec-validator-rs and openapi-spec-validator (the reference) give the same located
diagnostics (pointer, code, message, in order) on the broken-spec corpus, the fixtures, the 32
published CA versions before and after repair, the CA spec and GitHub's spec; and where the Rust
one cannot locate a problem, or would read a document differently, the reference takes over
(`generator/validate/rust.py` lists the differences and what is done about each).

Each input is validated once by each: the reference's two passes, then the Rust validator, whose
keyword pass, when it needs the reference's (`Outcome.keyword` None), is that same pass's result
rather than a second run of it: it is the same function on the same document."""

from __future__ import annotations

import collections
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic, SdkgenError
from generator.load.loader import load_document
from generator.repair.repairs import repair_document
from generator.validate import reference, rust
from generator.validate import validator as validate
from tests.conftest import FIXTURES, REPO, ca_spec_path
from tests.test_github import GITHUB_SPEC

pytestmark = pytest.mark.skipif(
    not rust.available(),
    reason="openapi-spec-validator-rs is not installed: the Rust validator is not compared "
    "(sdkgen installs it where it publishes wheels: Linux and macOS on x86-64 and ARM64, "
    "Windows on x86-64)",
)

BAD_SPECS = REPO / "tests" / "bad_specs"
HISTORY = ca_spec_path().parent / "history"


def compare(data: dict[str, Any], file: str) -> tuple[list[Diagnostic], str]:
    """The diagnostics both validators give (asserted equal), and how the Rust one got them:
    "rust" alone, "keyword" (the reference's keyword pass located its keyword-pass problems) or
    "reference" (the reference validated the document instead)."""
    document, version = validate._as_openapi(data, file)
    if version not in validate.VERSIONS:
        expected = validate.combine(*validate._run(data, file, "reference"), file=file)
        assert validate.combine(*validate._run(data, file, "rust"), file=file) == expected
        return expected, "reference"
    passes = [reference.run_pass(which, version, document, file) for which in validate.PASSES]
    expected = validate.combine(*passes, file=file)
    outcome = rust.validate(document, version, file)
    if outcome is None:
        return expected, "reference"
    keyword = passes[1].found if outcome.keyword is None else outcome.keyword
    found = validate.combine(
        validate.PassResult(outcome.schema), validate.PassResult(keyword), file=file
    )
    assert found == expected, _difference(found, expected)
    return expected, "rust" if outcome.keyword is not None else "keyword"


def _difference(found: list[Diagnostic], expected: list[Diagnostic]) -> str:
    rust_only = [d for d in found if d not in expected]
    reference_only = [d for d in expected if d not in found]
    return (
        f"only openapi-spec-validator-rs: {rust_only[:3]}; only the reference: {reference_only[:3]}"
    )


def _loaded(path: Path) -> dict[str, Any] | None:
    try:
        return load_document(path).data
    except SdkgenError:
        return None  # the loader rejects it: validation never sees it


CORPUS = sorted(p.name for p in BAD_SPECS.iterdir() if p.is_file() and p.name != "cases.yaml")


@pytest.mark.parametrize("name", CORPUS)
def test_the_broken_spec_corpus(name: str) -> None:
    data = _loaded(BAD_SPECS / name)
    if data is None:
        pytest.skip("rejected by the loader")
    found, _ = compare(data, name)
    assert found  # every spec of the corpus has a problem


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/spec.*")), ids=lambda p: p.parent.name)
def test_the_fixtures(path: Path) -> None:
    data = load_document(path).data
    assert compare(data, str(path)) == ([], "rust")


def _ca_versions() -> Iterator[tuple[str, dict[str, Any]]]:
    for version in sorted(HISTORY.glob("*.json.gz")):
        raw = json.loads(gzip.decompress(version.read_bytes()))
        yield version.name, raw
        yield f"{version.name} repaired", repair_document(raw, version.name)[0]


@pytest.mark.slow
def test_the_32_published_ca_versions_raw_and_repaired() -> None:
    """About 2 s a version on the 2-CPU machine, most of it the reference's."""
    if len(list(HISTORY.glob("*.json.gz"))) != 32:
        pytest.skip(f"the 32 CA versions are not in {HISTORY}")
    how = collections.Counter()
    for name, data in _ca_versions():
        found, way = compare(data, name)
        assert found, name  # every one has a problem left before the overlays
        how[way] += 1
    # Every version has keyword-pass problems the Rust validator cannot locate (a `required`
    # naming no property, a schema that is not one): the reference's keyword pass locates them.
    assert how == {"keyword": 64}


def test_the_ca_spec_raw_repaired_and_final(ca_spec: Path) -> None:
    from generator.config import load_config
    from generator.repair.overlay import apply_overlays
    from tests.conftest import CA_CONFIG

    raw = json.loads(ca_spec.read_text())
    assert len(compare(raw, "raw")[0]) > 200
    repaired = repair_document(raw, str(ca_spec))[0]
    assert compare(repaired, "repaired")[0]
    final, _ = apply_overlays(repaired, load_config(CA_CONFIG).overlays)
    assert compare(final, "final") == ([], "rust")  # what `generate` validates: Rust alone


def test_the_ca_spec_s_238_errors_are_the_reference_s_in_order(ca_spec: Path) -> None:
    """Below the diagnostics: the same errors (class, message, path), each with the same branch
    failures in the same order, now that the reference checks extra properties in order."""
    import openapi_spec_validator_rs as rs

    raw = json.loads(ca_spec.read_text())
    spec = reference.validators()["3.0"](raw)
    base = spec.schema_validator
    errors = list(reference._ordered(base.__class__)(base.schema).iter_errors(spec.schema))
    errors += list(spec.root_validator(spec.schema_path))
    ported = list(rs.OpenAPIV30SpecValidator(raw).iter_errors())
    assert [_error(err) for err in ported] == [_error(err) for err in errors]
    assert len(errors) >= 238


def _error(err: Any) -> tuple[Any, ...]:
    kind = type(err).__name__
    if kind == "ValidationError":  # the reference's value checks: plain jsonschema errors
        kind = "OpenAPIValidationError"
    return (kind, err.message, list(err.path), [_error(child) for child in err.context or ()])


@pytest.mark.slow
def test_githubs_spec() -> None:
    """The reference: 9-20 s; the Rust validator: 0.1-0.3 s."""
    if not GITHUB_SPEC.is_file():
        pytest.skip(f"{GITHUB_SPEC} is missing: run `npm ci`")
    data = json.loads(GITHUB_SPEC.read_text())
    assert compare(data, "github.json") == ([], "rust")


# --- documents the Rust validator would read differently, or not at all -------------------------


def spec(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    base.update(extra)
    return base


def schema(value: dict[str, Any]) -> dict[str, Any]:
    return spec(components={"schemas": {"S": value}})


@pytest.mark.parametrize(
    ("data", "way"),
    [
        # NaN and infinities would be None, a 65-bit integer a float, a tuple a list.
        (schema({"type": "number", "default": float("nan"), "minimum": float("inf")}), "reference"),
        (schema({"type": "integer", "default": 1 << 64, "maximum": 5}), "reference"),
        (schema({"type": "string", "enum": ("a", "b")}), "reference"),
        # Keys that are not strings, a `$ref` to another file, a cycle: the validation stops.
        (spec(paths={"/a": {"get": {"responses": {200: {"description": "d"}}}}}), "reference"),
        (spec(paths={"/a": {"$ref": "other.yaml#/x"}}), "reference"),
        (schema({"$ref": "#/components/schemas/S"}), "reference"),
        # The integers at the ends of what it keeps, -0.0: in messages as the reference has them.
        (spec(info={"title": "t", "version": (1 << 64) - 1}), "rust"),
        (spec(info={"title": -(1 << 63), "version": "1"}), "rust"),
        (spec(info={"title": "t", "version": -0.0}), "rust"),
        # Problems located from the error alone, and keyword-pass problems it cannot locate: a
        # `default` that does not match, a `required` naming no property, and (OpenAPI 3.0) any
        # problem of a schema, which the keyword pass reports again, relative to the schema.
        (spec(paths={"/a/{id}": {"get": {"responses": {"200": {"description": "d"}}}}}), "rust"),
        (schema({"type": "string", "default": 3}), "keyword"),
        (schema({"allOf": [{"type": "object"}], "required": ["x"]}), "keyword"),
        (schema({"type": "String"}), "keyword"),
    ],
)
def test_what_it_would_read_differently_is_validated_by_the_reference(
    data: dict[str, Any], way: str
) -> None:
    assert compare(data, "x.yaml")[1] == way


def test_an_object_at_two_places_is_reported_as_the_reference_reports_it() -> None:
    """A YAML alias: one schema reached from two operations is checked once, where it is
    reached first; its operationId is a duplicate."""
    shared = {"allOf": [{"type": "object"}], "required": ["missing"]}
    content = {"application/json": {"schema": shared}}
    operation = {"operationId": "x", "responses": {"200": {"description": "d", "content": content}}}
    found, _ = compare(spec(paths={"/a": {"get": operation}, "/b": {"get": operation}}), "x")
    assert [(p.code, p.pointer) for p in found] == [
        ("validate.required", "/paths/~1a/get/responses/200/content/application~1json/schema"),
        ("validate.duplicate-operation-id", "/paths/~1b/get"),
    ]


def test_an_openapi_31_document() -> None:
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a/{id}": {"get": {"operationId": "a", "responses": {"200": {"description": "d"}}}},
            "/b": {"post": {"operationId": 5, "responses": {"bad": {"description": 1}}}},
        },
        "components": {
            "schemas": {"S": {"type": "object", "properties": {"a": {"type": "strin"}}}},
            "responses": {"R": {"descr": "x"}},
        },
    }
    found, _ = compare(data, "d.yaml")
    assert {p.code for p in found} >= {
        "validate.type",
        "validate.unknown-keyword",
        "validate.path-parameter",
    }


def test_a_broken_openapi_32_document() -> None:
    """OpenAPI 3.2: both validators validate it, and agree on its problems."""
    data = load_document(FIXTURES / "oas32" / "spec.yaml").data
    data["tags"][1]["kind"] = 5
    data["paths"]["/items"]["query"]["responses"]["200"]["summary"] = ["not", "text"]
    data["paths"]["/items/{id}"]["additionalOperations"]["PURGE"]["operationId"] = 7
    del data["info"]["version"]
    found, _ = compare(data, "broken32.yaml")
    assert {d.pointer for d in found} >= {"/info", "/tags/1/kind"}
