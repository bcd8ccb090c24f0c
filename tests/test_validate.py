"""validate_document: located, classified, short diagnostics; and the real CA spec."""

from __future__ import annotations

import collections
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_config
from generator.load.documents import detect_openapi_version
from generator.repair.overlay import apply_overlays
from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

ROOT = Path(__file__).parents[1]
CA_SPEC = Path(
    os.environ.get("SDKGEN_SPEC", ROOT.parent / "shared/specs/commandersact/openapi.json")
)


def spec(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}
    base.update(extra)
    return base


@pytest.mark.parametrize(
    ("data", "version"),
    [
        ({"openapi": "3.0.2"}, "3.0"),
        ({"openapi": "3.1.0"}, "3.1"),
        ({"openapi": "3.2.0"}, "3.2"),
        ({"swagger": "2.0"}, "2.0"),
        ({"swaggerVersion": "1.2"}, "1.2"),
        ({"openapi": "4.0.0"}, ""),
        ({}, ""),
    ],
)
def test_detect_openapi_version(data: dict[str, Any], version: str) -> None:
    assert detect_openapi_version(data) == version


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"swaggerVersion": "1.2"}, "Swagger 1.2"),
        ({"openapi": "4.0.0"}, "'4.0.0'"),
        ({"info": {}}, "missing 'openapi'"),
    ],
)
def test_unsupported_versions_give_one_error(data: dict[str, Any], words: str) -> None:
    problems = validate_document(data, "x.yaml")
    assert len(problems) == 1 and problems[0].code == "validate.version"
    assert words in problems[0].message and problems[0].file == "x.yaml"


def test_swagger_20_is_validated_as_the_openapi_30_it_converts_to() -> None:
    swagger = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert validate_document(swagger) == []
    problems = validate_document({**swagger, "paths": []})
    assert [p.code for p in problems] == ["validate.type"]


def test_valid_document_has_no_problems() -> None:
    assert validate_document(spec(paths={})) == []
    assert validate_document(spec(openapi="3.1.0", paths={})) == []
    assert validate_document(spec(openapi="3.2.0", paths={})) == []


def test_openapi_32_is_validated_by_its_own_schema() -> None:
    """3.2's fields pass in a 3.2 document (`query`, `in: querystring`) and fail in a 3.1 one."""
    query = {"query": {"responses": {"200": {"description": "ok"}}}}
    querystring = {
        "name": "q",
        "in": "querystring",
        "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}},
    }
    ok = {"200": {"description": "ok"}}
    paths = {"/a": {**query, "get": {"parameters": [querystring], "responses": ok}}}
    assert validate_document(spec(openapi="3.2.0", paths=paths)) == []
    assert validate_document(spec(openapi="3.1.0", paths=paths)) != []


def test_unknown_keyword_is_dug_out_of_oneof() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string", "example2": "x"}}}
    data = spec(paths={}, components={"schemas": {"S": schema}})
    [problem] = validate_document(data)
    assert problem.code == "validate.unknown-keyword"
    assert problem.message == "unknown keyword 'example2'"
    assert problem.pointer == "/components/schemas/S/properties/a"


def test_invalid_type_name() -> None:
    data = spec(paths={}, components={"schemas": {"S": {"type": "String"}}})
    [problem] = validate_document(data)
    assert (problem.code, problem.pointer) == ("validate.type", "/components/schemas/S/type")
    assert problem.message == "invalid type name 'String'"


def test_undeclared_path_parameter_points_at_the_operation() -> None:
    paths = {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}
    [problem] = validate_document(spec(paths=paths))
    assert problem.code == "validate.path-parameter"
    assert problem.pointer == "/paths/~1a~1{id}/get"


def test_default_not_matching_schema_is_located() -> None:
    param = {"name": "q", "in": "query", "schema": {"type": "string", "default": 3}}
    paths = {"/a": {"get": {"parameters": [param], "responses": {"200": {"description": "ok"}}}}}
    [problem] = validate_document(spec(paths=paths))
    assert problem.code == "validate.example"
    assert problem.pointer == "/paths/~1a/get/parameters/0/schema/default"


def test_missing_required_field_and_messages_are_short() -> None:
    problems = validate_document({"openapi": "3.0.3", "paths": {}, "x-long": "y" * 1000})
    assert [p.code for p in problems] == ["validate.required"]
    assert "'info' is a required property" in problems[0].message
    long_desc = {
        "S": {"type": "object", "properties": {"a": {"type": 5, "description": "z" * 900}}}
    }
    for problem in validate_document(spec(paths={}, components={"schemas": long_desc})):
        assert len(problem.message) <= 200


ca = pytest.mark.skipif(not CA_SPEC.is_file(), reason=f"vendor spec not found at {CA_SPEC}")


@ca
def test_commandersact_spec_repairs_to_zero_errors() -> None:
    digest = hashlib.sha256(CA_SPEC.read_bytes()).hexdigest()
    raw = json.loads(CA_SPEC.read_text())
    before = validate_document(raw, str(CA_SPEC))
    assert len(before) > 200  # 238 with openapi-spec-validator 0.9
    assert all(p.pointer for p in before), "every problem must be located"

    repaired, repairs = repair_document(raw, str(CA_SPEC))
    counts = collections.Counter(d.code for d in repairs)
    assert counts["repair.unknown-keyword"] > 100 and counts["repair.type-name"] > 10
    assert len(validate_document(repaired)) <= 10  # what only the overlay can settle

    config = load_config(ROOT / "specs/commandersact/sdkgen.yaml")
    final, notes = apply_overlays(repaired, config.overlays)
    assert notes == []  # every overlay action still matches something
    assert validate_document(final, str(CA_SPEC)) == []
    assert hashlib.sha256(CA_SPEC.read_bytes()).hexdigest() == digest
    assert raw == json.loads(CA_SPEC.read_text())  # the stages did not mutate their input


def test_validation_result_is_cached_by_document(tmp_path: Path, monkeypatch) -> None:
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"x": {}}}
    found = validate.validate_document(document, "a.yaml")
    assert found and all(problem.file == "a.yaml" for problem in found)
    calls = []
    monkeypatch.setattr(validate, "_validate", lambda *args: calls.append(args) or [])
    assert validate.validate_document(document, "a.yaml") == found  # from the cache
    assert calls == []
    assert validate.validate_document(document, "b.yaml") == []  # another file: validated
    document["paths"] = {"/x": {}}
    assert validate.validate_document(document, "a.yaml") == []  # another document: validated
    assert len(calls) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x80\x04 pickle?", b"5", b'"text"', b"[1]", b'[{"code": 1}]', b'[["error"]]'],
)
def test_a_damaged_validation_cache_entry_is_ignored(tmp_path, monkeypatch, damage) -> None:
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    document = spec(paths={"x": {}})
    found = validate.validate_document(document, "a.yaml")
    (entry,) = (tmp_path / "validate").glob("??/*.json")  # not the fragment stores
    entry.write_bytes(damage)
    assert validate.validate_document(document, "a.yaml") == found  # validated again
    assert validate._cache_read(entry) == found  # and the entry repaired


# --- the reference's two passes, worker processes, the validator chosen ----------------------------

BAD_SPECS = ROOT / "tests" / "bad_specs"


def _loaded(path: Path) -> dict[str, Any] | None:
    from generator.diagnostics import SdkgenError
    from generator.load.loader import load_document

    try:
        return load_document(path).data
    except SdkgenError:
        return None  # the loader rejects it: validation never sees it


def _in_both(data: dict[str, Any], file: str) -> list[Any]:
    """The reference's two passes (as the pipeline's workers run them) report the problems of
    the library's own whole-document run (in the document's order where the library iterates a
    set), and the validator chosen by default reports the same."""
    from generator.validate import validator as validate

    results = (validate.validate_pass(which, data, file) for which in validate.PASSES)
    passes = validate.combine(*results, file=file)
    whole = validate.validate_whole_document(data, file)
    assert sorted(passes, key=repr) == sorted(whole, key=repr)
    assert validate._validate(data, file) == passes
    return passes


@pytest.mark.parametrize(
    "name", sorted(p.name for p in BAD_SPECS.iterdir() if p.is_file() and p.name != "cases.yaml")
)
def test_the_broken_spec_corpus_reports_the_librarys_problems(name: str) -> None:
    data = _loaded(BAD_SPECS / name)
    if data is None:
        pytest.skip("rejected by the loader")
    assert _in_both(data, name)  # every spec of the corpus has a problem


def _spec_with(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return spec(paths=paths, components={"schemas": schemas})


def _get(ref: str, operation_id: str) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": ref}}}
    return {
        "get": {
            "operationId": operation_id,
            "responses": {"200": {"description": "ok", "content": content}},
        }
    }


# A schema with a problem only the keyword pass finds (a required property that does not exist
# beside an allOf): reported where it is first reached.
SHARED = {
    "allOf": [{"type": "object"}],
    "required": ["missing"],
    "properties": {"a": {"type": "string"}},
}


@pytest.mark.parametrize("chosen", ["reference", "rust"])
def test_validation_in_worker_processes_gives_the_result_of_this_process(
    chosen: str, tmp_path, monkeypatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from generator.validate import rust
    from generator.validate import validator as validate

    if chosen == "rust" and not rust.available():
        pytest.skip("openapi-spec-validator-rs is not installed")
    monkeypatch.setenv("SDKGEN_VALIDATOR", chosen)
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    data = _spec_with(
        {"/a/{id}": _get("#/components/schemas/S", "a"), "/b": _get("#/components/schemas/S", "a")},
        {"S": {**SHARED, "properties": {"a": {"type": "String"}}}},
    )
    looked_up = validate.lookup(data, "x.yaml")
    with ProcessPoolExecutor(max_workers=2) as pool:
        pending = validate.submit(pool, looked_up, "x.yaml")
        assert len(pending.tasks) == (1 if chosen == "rust" else 2)
        found = pending.result()
    assert found == _in_both(data, "x.yaml")
    assert {p.code for p in found} >= {
        "validate.path-parameter",
        "validate.duplicate-operation-id",
        "validate.type",
    }
    assert validate.last_used().startswith(validate.describe(chosen).split(",")[0])


def test_a_validator_crash_is_reported_as_the_whole_document_run_reports_it() -> None:
    data = spec(paths={"/a": {"get": {"responses": {200: {"description": "integer status"}}}}})
    [problem] = _in_both(data, "x")
    assert problem.message.startswith("validator failed: TypeError")


def test_an_openapi_31_document_reports_the_librarys_problems() -> None:
    """3.1's meta-schema reaches components through `additionalProperties` and checks the
    containers with `unevaluatedProperties`."""
    schema_s = {
        "type": "object",
        "required": ["z"],
        "allOf": [{"type": "object"}],
        "properties": {"a": {"type": "strin"}},
    }
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a/{id}": _get("#/components/schemas/S", "a"),
            "/b": {"post": {"operationId": 5, "responses": {"bad": {"description": 1}}}},
            "/c": {
                "get": {
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "integer", "default": "x"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "components": {
            "schemas": {
                "S": schema_s,
                "T": {"properties": {"x": {"$ref": "#/components/schemas/S"}}},
            },
            "responses": {"R": {"descr": "x"}},
        },
    }
    found = _in_both(data, "d.yaml")
    assert {p.code for p in found} >= {
        "validate.type",
        "validate.required",
        "validate.unknown-keyword",
        "validate.path-parameter",
        "validate.example",
    }


# Extra properties at every level the order of a set used to decide: the media types of a
# response (a oneOf's branch failures), the variables of a server (errors of their own), the
# properties of a schema (which problem the keyword pass's schema check reports first).
UNORDERED = spec(
    servers=[{"url": "x", "variables": {f"v{i}": {"default": i} for i in range(8)}}],
    paths={
        "/a": {
            "get": {
                "responses": {
                    "200": {
                        "description": "d",
                        "content": {f"a/t{i}": {f"x{i}": 1} for i in range(8)},
                    }
                }
            }
        }
    },
    components={"schemas": {"S": {"properties": {f"p{i}": {"type": f"T{i}"} for i in range(8)}}}},
)
PRINT_PROBLEMS = """
import json, sys
from generator.validate import validator
data = json.loads(sys.argv[1])
print(json.dumps([vars(p) for p in validator.validate_document(data, "x.yaml")]))
"""


@pytest.mark.parametrize("chosen", ["reference", "rust"])
def test_the_problems_do_not_change_between_runs(chosen: str) -> None:
    """jsonschema checks the extra properties of an object in the order of a `set`, which
    changes with PYTHONHASHSEED: the reference's problems, their order and which one a schema
    check reports did too (the CA spec before repair: 209 to 216 problems)."""
    import subprocess
    import sys

    from generator.validate import rust

    if chosen == "rust" and not rust.available():
        pytest.skip("openapi-spec-validator-rs is not installed")
    runs = []
    for seed in ("1", "2", "3", "4"):
        environment = {**os.environ, "PYTHONHASHSEED": seed, "SDKGEN_VALIDATOR": chosen}
        environment["SDKGEN_CACHE_DIR"] = "off"
        command = [sys.executable, "-c", PRINT_PROBLEMS, json.dumps(UNORDERED)]
        done = subprocess.run(
            command, env=environment, cwd=ROOT, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout))
    assert all(run == runs[0] for run in runs)
    pointers = [problem["pointer"] for problem in runs[0]]
    assert pointers[:8] == [f"/servers/0/variables/v{i}/default" for i in range(8)]
    assert "/components/schemas/S/properties/p0/type" in pointers


def test_the_validator_is_chosen_by_sdkgen_validator(monkeypatch) -> None:
    from generator.diagnostics import SdkgenError
    from generator.validate import rust
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_VALIDATOR", "reference")
    assert validate.backend() == "reference"
    assert validate.describe() == f"openapi-spec-validator {reference_version()}"
    monkeypatch.setattr(rust, "available", lambda: False)
    monkeypatch.setenv("SDKGEN_VALIDATOR", "")
    assert validate.backend() == "reference"  # auto, without the Rust one
    monkeypatch.setenv("SDKGEN_VALIDATOR", "rust")
    with pytest.raises(SdkgenError) as missing:
        validate.validate_document(spec(paths={}))
    assert missing.value.exit_code == 2 and "pip install openapi-spec-validator-rs" in str(
        missing.value.diagnostics[0].message
    )
    monkeypatch.setattr(rust, "available", lambda: True)
    monkeypatch.setenv("SDKGEN_VALIDATOR", " Auto ")
    assert validate.backend() == "rust"
    assert validate.describe().startswith("openapi-spec-validator-rs ")
    monkeypatch.setenv("SDKGEN_VALIDATOR", "fast")
    with pytest.raises(SdkgenError) as unknown:
        validate.lookup(spec(paths={}))
    assert unknown.value.diagnostics[0].code == "usage.validator"
    assert "auto, rust, reference" in unknown.value.diagnostics[0].message


def reference_version() -> str:
    from importlib import metadata

    return metadata.version("openapi-spec-validator")


def test_the_cache_keeps_the_validators_apart(tmp_path, monkeypatch) -> None:
    """A result cached by one validator is not the other's: forcing the reference runs it."""
    from generator.validate import rust
    from generator.validate import validator as validate

    if not rust.available():
        pytest.skip("openapi-spec-validator-rs is not installed")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    document = spec(paths={"x": {}})
    for chosen in ("rust", "reference", "rust"):
        monkeypatch.setenv("SDKGEN_VALIDATOR", chosen)
        assert [p.code for p in validate.validate_document(document, "a.yaml")] == [
            "validate.unknown-keyword"
        ]
    assert validate.last_used() == "cache"
    assert len(list((tmp_path / "validate").glob("??/*.json"))) == 2
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    monkeypatch.setenv("SDKGEN_VALIDATOR", "reference")
    validate.validate_document(document, "a.yaml")
    assert validate.last_used() == validate.describe()
