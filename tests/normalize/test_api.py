"""generator.normalize.api: the stage from end to end: the API's own fields, webhooks,
determinism."""

from __future__ import annotations

from typing import Any

from generator.config import ApiConfig
from generator.normalize import normalize
from generator.pipeline.stages import prepare_spec

from ..coverage_ir import COVERAGE, built, codes, normalized


def test_the_client_is_named_after_the_title_without_api_or_rest() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Pet Store REST API", "version": "2"},
        "paths": {},
    }
    api, _ = normalized(spec)
    assert (api.client_class_name, api.async_client_class_name) == ("PetStore", "AsyncPetStore")
    assert (api.title, api.version, api.env_prefix) == ("Pet Store REST API", "2", "T")
    untitled, _ = normalized({"openapi": "3.0.3", "info": {}, "paths": {}})
    assert untitled.client_class_name == "Client"


def test_anything_but_a_document_is_an_empty_api() -> None:
    not_a_document: Any = []
    api, _ = normalize(not_a_document, config=ApiConfig(), package_name="t", source_name="s")
    assert (api.resources, api.models) == ((), ())


def test_openapi_31_webhooks_are_ignored_with_a_note() -> None:
    api, notes = built("openapi31.yaml")
    assert [op.operation_id for op in api.all_operations()] == ["listThings"]
    assert "normalize.webhooks-ignored" in codes(notes)


def test_resolution_is_deterministic() -> None:
    data = prepare_spec(COVERAGE / "duplicates.yaml", ApiConfig()).data
    runs = [
        normalize(data, config=ApiConfig(), package_name="cov", source_name="d") for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_openapi_32_operations_parameters_and_media_types() -> None:
    """The oas32 fixture: `query` and `additionalOperations` are methods, `in: querystring` is a
    query parameter of style "querystring", a `$ref` to components.mediaTypes is read in place,
    a response's summary stands in for its description, and `itemSchema` types each item of
    a JSON Lines and a server-sent events response."""
    from tests.conftest import FIXTURES

    data = prepare_spec(FIXTURES / "oas32" / "spec.yaml", ApiConfig()).data
    api, notes = normalize(data, config=ApiConfig(), package_name="c", source_name="s")
    ops = {op.operation_id: op for op in api.all_operations()}
    assert (ops["queryItems"].method, ops["queryItems"].python_name) == ("QUERY", "query")
    assert (ops["purgeItem"].method, ops["purgeItem"].python_name) == ("PURGE", "purge")
    [querystring] = ops["listItems"].parameters
    assert (querystring.location, querystring.style, querystring.content_type) == (
        "query",
        "querystring",
        None,
    )
    assert ops["getItem"].success_type is not None
    assert ops["getItem"].success_type.model == "Item"
    assert [r.description for r in ops["getItem"].responses] == ["The item", "No such item"]
    assert "normalize.item-schema-ignored" not in [d.code for d in notes]
    jsonl, events = ops["listEvents"].stream, ops["watchItems"].stream
    assert jsonl is not None and (jsonl.format, jsonl.item_type.model) == ("jsonl", "Item")
    assert events is not None and (events.format, events.item, events.json_data) == (
        "sse",
        "event",
        True,
    )
    assert data["components"]["mediaTypes"]["ItemJson"] and "$ref" in str(data)  # not changed
