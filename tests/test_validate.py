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


# --- validation by fragments: exactly the whole-document result ---------------------------------

BAD_SPECS = ROOT / "tests" / "bad_specs"
HISTORY = CA_SPEC.parent / "history"


def _loaded(path: Path) -> dict[str, Any] | None:
    from generator.diagnostics import SdkgenError
    from generator.load.loader import load_document

    try:
        return load_document(path).data
    except SdkgenError:
        return None  # the loader rejects it: validation never sees it


def _by_fragments(data: dict[str, Any], file: str) -> list[Any]:
    from generator.validate import validator as validate

    return validate._validate(data, file, True)


def _same_as_whole(data: dict[str, Any], file: str) -> list[Any]:
    """Fragments with an empty cache, again with the cache full, and the two passes alone
    (as the pipeline's workers run them) all give the whole-document result."""
    from generator.validate import validator as validate

    whole = validate.validate_whole_document(data, file)
    assert _by_fragments(data, file) == whole  # cold: every fragment validated
    assert _by_fragments(data, file) == whole  # warm: every fragment from the cache
    assert validate._validate(data, file, False) == whole
    return whole


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in BAD_SPECS.iterdir()
        if p.is_file() and p.suffix != ".yaml" or p.name not in ("cases.yaml",) and p.is_file()
    ),
)
def test_the_broken_spec_corpus_reports_the_whole_document_problems(
    name: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    data = _loaded(BAD_SPECS / name)
    if data is None:
        pytest.skip("rejected by the loader")
    assert _same_as_whole(data, name)  # every spec of the corpus has a problem


@ca
def test_the_ca_spec_reports_the_whole_document_problems(tmp_path, monkeypatch) -> None:
    """The vendor's spec before repair (about 210 problems of every kind), after repair and
    overlays (none), and a few of its history versions."""
    import gzip

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    raw = json.loads(CA_SPEC.read_text())
    assert len(_same_as_whole(raw, str(CA_SPEC))) > 200
    config = load_config(ROOT / "specs/commandersact/sdkgen.yaml")
    final, _ = apply_overlays(repair_document(raw, str(CA_SPEC))[0], config.overlays)
    assert _same_as_whole(final, str(CA_SPEC)) == []
    for version in sorted(HISTORY.glob("*.json.gz"))[::10]:
        old = json.loads(gzip.decompress(version.read_bytes()))
        assert _same_as_whole(old, version.name)


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


def test_a_shared_schema_problem_moves_with_its_first_reference(tmp_path, monkeypatch) -> None:
    """The keyword pass reports a schema reached twice where it was reached first: when the
    first reference goes away, a replayed cache must not lose the problem."""
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    both = _spec_with(
        {"/a": _get("#/components/schemas/S", "a"), "/b": _get("#/components/schemas/S", "b")},
        {"S": SHARED},
    )
    found = _by_fragments(both, "x")
    assert found == validate.validate_whole_document(both, "x")
    assert [p.pointer for p in found if p.code == "validate.required"] == [
        "/paths/~1a/get/responses/200/content/application~1json/schema"
    ]
    only_b = _spec_with({"/b": both["paths"]["/b"]}, {"S": SHARED})
    found = _by_fragments(only_b, "x")
    assert found == validate.validate_whole_document(only_b, "x")
    assert [p.pointer for p in found if p.code == "validate.required"] == [
        "/paths/~1b/get/responses/200/content/application~1json/schema"
    ]
    again = _spec_with(
        {"/c": _get("#/components/schemas/S", "c"), **only_b["paths"]}, {"S": SHARED}
    )
    assert _by_fragments(again, "x") == validate.validate_whole_document(again, "x")


def test_a_duplicate_operation_id_in_a_new_operation_is_found(tmp_path, monkeypatch) -> None:
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    first = _spec_with({"/a": _get("#/components/schemas/T", "same")}, {"T": {"type": "object"}})
    assert _by_fragments(first, "x") == []
    second = _spec_with(
        {**first["paths"], "/b": _get("#/components/schemas/T", "same")},
        first["components"]["schemas"],
    )
    found = _by_fragments(second, "x")
    assert [p.code for p in found] == ["validate.duplicate-operation-id"]
    assert found == validate.validate_whole_document(second, "x")


@ca
def test_a_spec_changed_in_one_operation_revalidates_that_operation(tmp_path, monkeypatch) -> None:
    import copy

    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    raw = json.loads(CA_SPEC.read_text())
    for which in validate.PASSES:
        validate.validate_pass(which, raw, "ca", True)
    changed = copy.deepcopy(raw)
    url, item = next(iter(changed["paths"].items()))
    operation = next(value for key, value in item.items() if key in ("get", "post", "patch"))
    operation.setdefault("parameters", []).append(
        {"name": "extra", "in": "query", "schema": {"type": "integer", "default": "nope"}}
    )
    results = [validate.validate_pass(which, changed, "ca", True) for which in validate.PASSES]
    assert [result.stats.validated for result in results] == [1, 1]  # that path item only
    assert all(result.stats.reused > 50 for result in results)
    found = validate.combine(*results, file="ca")
    assert found == validate.validate_whole_document(changed, "ca")
    where = f"/paths/{url.replace('~', '~0').replace('/', '~1')}/"
    assert any(p.code == "validate.example" and p.pointer.startswith(where) for p in found)


def test_a_damaged_fragment_store_is_ignored(tmp_path, monkeypatch) -> None:
    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    both = _spec_with(
        {"/a": _get("#/components/schemas/S", "a"), "/b": _get("#/components/schemas/S", "b")},
        {"S": SHARED},
    )
    expected = validate.validate_whole_document(both, "x")
    assert _by_fragments(both, "x") == expected
    stores = sorted((tmp_path / "validate" / "fragments").glob("*.json"))
    assert len(stores) == 2
    for damage in (b"", b"[]", b'{"format": 1, "run": 1, "entries": {"k": 5}}'):
        for store in stores:
            store.write_bytes(damage)
        assert _by_fragments(both, "x") == expected
    text = stores[1].read_text()
    entries = json.loads(text)["entries"]
    for entry in entries.values():  # well-formed entries with answers that no longer hold
        entry[1] = {"found": [], "visited": [["#/nowhere", True]], "meta": [], "ids": []}
    stores[1].write_text(json.dumps({**json.loads(text), "entries": entries}))
    assert _by_fragments(both, "x") == expected


def test_the_two_passes_in_worker_processes_give_the_whole_document_result(
    tmp_path, monkeypatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from generator.validate import validator as validate

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(validate, "CACHE_MIN_BYTES", 0)
    data = _spec_with(
        {"/a/{id}": _get("#/components/schemas/S", "a"), "/b": _get("#/components/schemas/S", "a")},
        {"S": {**SHARED, "properties": {"a": {"type": "String"}}}},
    )
    looked_up = validate.lookup(data, "x.yaml")
    with ProcessPoolExecutor(max_workers=2) as pool:
        found = validate.submit(pool, looked_up, "x.yaml").result()
    assert found == validate.validate_whole_document(data, "x.yaml")
    assert {p.code for p in found} >= {
        "validate.path-parameter",
        "validate.duplicate-operation-id",
        "validate.type",
    }


def test_a_validator_crash_is_reported_as_the_whole_document_run_reports_it(monkeypatch) -> None:
    from generator.validate import validator as validate

    data = spec(paths={"/a": {"get": {"responses": {200: {"description": "integer status"}}}}})
    assert _by_fragments(data, "x") == validate.validate_whole_document(data, "x")


def test_an_openapi_31_document_reports_the_whole_document_problems(tmp_path, monkeypatch) -> None:
    """3.1's meta-schema reaches components through `additionalProperties` and checks the
    containers with `unevaluatedProperties` (which validates each fragment again)."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
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
    found = _same_as_whole(data, "d.yaml")
    assert {p.code for p in found} >= {
        "validate.type",
        "validate.required",
        "validate.unknown-keyword",
        "validate.path-parameter",
        "validate.example",
    }


@pytest.mark.slow
def test_githubs_spec_reports_the_whole_document_problems(tmp_path, monkeypatch) -> None:
    from generator.validate import validator as validate
    from tests.test_github import GITHUB_SPEC

    if not GITHUB_SPEC.is_file():
        pytest.skip(f"{GITHUB_SPEC} is missing: run `npm ci`")
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    data = json.loads(GITHUB_SPEC.read_text())
    whole = validate.validate_whole_document(data, "github.json")
    assert _by_fragments(data, "github.json") == whole
    data["paths"]["/sdkgen/{id}"] = _get("#/components/schemas/simple-user", "meta/root")
    results = [
        validate.validate_pass(which, data, "github.json", True) for which in validate.PASSES
    ]
    assert [result.stats.validated for result in results] == [1, 1]
    found = validate.combine(*results, file="github.json")
    assert found == validate.validate_whole_document(data, "github.json")
    assert {p.code for p in found} == {"validate.path-parameter", "validate.duplicate-operation-id"}
