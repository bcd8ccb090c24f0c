"""The normalize stage, on small specs in tests/normalize_fixtures and on the real CA spec."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.config import ApiConfig
from generator.normalize import normalize
from generator.typing_printer import print_type

from ..spelling import spelled

FIXTURES = Path(__file__).parents[1] / "normalize_fixtures"
CA_SPEC = Path(
    os.environ.get(
        "SDKGEN_SPEC",
        Path(__file__).resolve().parents[3] / "shared/specs/commandersact/openapi.json",
    )
)


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run(data: dict[str, Any], config: ApiConfig | None = None) -> ir.Api:
    api, _ = normalize(
        data, config=config or ApiConfig(), package_name="demo", source_name="spec.yaml"
    )
    return api


def models(api: ir.Api) -> dict[str, ir.Model]:
    return {m.name: m for m in api.models}


def resource(api: ir.Api, *path: str) -> ir.Resource:
    found: tuple[ir.Resource, ...] = api.resources
    current = None
    for attr in path:
        current = next(r for r in found if r.attribute == attr)
        found = current.children
    assert current is not None
    return current


def method(api: ir.Api, dotted: str) -> ir.Operation:
    *path, name = dotted.split(".")
    return next(o for o in resource(api, *path).operations if o.python_name == name)


def fields(model: ir.Model) -> dict[str, ir.Field]:
    return {f.wire_name: f for f in model.fields}


def assert_annotation_is_python(annotation: str) -> None:
    ast.parse(annotation, mode="eval")


# ----------------------------------------------------------------------------- JSON:API


def test_inlined_copies_dedupe_and_take_the_component_name() -> None:
    api = run(load("jsonapi.yaml"))
    by_name = models(api)
    # Three inline copies of the attributes differ only in description/example/x-* noise.
    assert "TmsWebTriggerAttributes" in by_name or "TmsWebTrigger" in by_name
    attribute_models = [m for m in api.models if set(fields(m)) == {"name", "kind"}]
    assert len(attribute_models) == 1


def test_jsonapi_resource_and_documents_are_named_by_type_and_context() -> None:
    api = run(load("jsonapi.yaml"))
    by_name = models(api)
    trigger = by_name["TmsWebTrigger"]
    assert trigger.jsonapi_type == "tms/web-triggers"
    assert spelled(fields(trigger)["attributes"].type) == "TmsWebTriggerAttributes"
    relationships = fields(by_name["TmsWebTriggerRelationships"])
    assert spelled(relationships["container"].type) == "ToOneRelationship"
    assert spelled(fields(by_name["ToOneRelationship"])["data"].type) == (
        "ResourceIdentifier | None"
    )
    assert not [name for name in by_name if name.endswith(("Identifier", "Linkage"))][1:]
    listed = method(api, "tms.web_triggers.list").success_type
    assert listed is not None
    assert (listed.kind, listed.model, spelled(listed)) == (
        "model",
        "Document",
        "Document[list[TmsWebTrigger]]",
    )
    assert print_type(listed.python).models == {"Document", "TmsWebTrigger"}
    assert spelled(listed.items[0]) == "list[TmsWebTrigger]"
    retrieved = method(api, "tms.web_triggers.retrieve").success_type
    assert retrieved is not None and spelled(retrieved) == "Document[TmsWebTrigger]"
    body = method(api, "tms.web_triggers.create").request_bodies[0]
    # the create request reuses the resource model: its `id` is optional there
    assert spelled(body.type) == "Document[TmsWebTrigger]"
    assert body.media_type == "application/vnd.api+json" and body.required
    assert not fields(trigger)["id"].required and fields(trigger)["type"].required
    # a plain JSON array of objects is no JSON:API document
    assert spelled(method(api, "sources.list").success_type) == "list[Source]"  # type: ignore[union-attr]


def test_document_is_one_generic_model_in_its_own_module() -> None:
    by_name = models(run(load("jsonapi.yaml")))
    document = by_name["Document"]
    assert document.type_parameters == ("DataT",)
    assert document.module == "document" and not document.recursive
    by_wire = fields(document)
    assert (spelled(by_wire["data"]), by_wire["data"].required) == ("DataT", True)
    assert spelled(by_wire["included"]) == "list[dict[str, Any]] | None"
    for member in ("meta", "links", "jsonapi"):
        assert spelled(by_wire[member]) == "dict[str, Any] | None"
        assert by_wire[member].default == "None"
    assert [m.name for m in by_name.values() if m.type_parameters] == ["Document"]
    identifier = fields(by_name["ResourceIdentifier"])
    assert spelled(identifier["type"]) == "str" and spelled(identifier["id"]) == "int | str"
    assert identifier["type"].required and identifier["id"].required


def test_error_documents_share_one_model() -> None:
    api = run(load("documents.yaml"))
    by_name = models(api)
    missing = next(r for r in method(api, "shop.categories.list").responses if r.status == "404")
    assert missing.type is not None and spelled(missing.type) == "ErrorDocument"
    assert spelled(fields(by_name["ErrorDocument"])["errors"]) == "list[Error]"
    error = fields(by_name["Error"])
    assert spelled(error["code"]) == "str | None" and spelled(error["detail"]) == "str | None"
    assert spelled(error["meta"]) == "dict[str, Any] | None"


def test_requests_and_untyped_copies_join_the_resource_model() -> None:
    api = run(load("documents.yaml"))
    by_name = models(api)
    category = by_name["ShopCategory"]
    create = method(api, "shop.categories.create")
    update = method(api, "shop.categories.update")
    assert spelled(create.request_bodies[0].type) == "Document[ShopCategory]"
    # the create response types `type` as a plain string: still the same resource model
    assert create.success_type is not None
    assert spelled(create.success_type) == "Document[ShopCategory]"
    # the PATCH body has neither `type` nor `id` and only optional attributes
    assert spelled(update.request_bodies[0].type) == "Document[ShopCategory]"
    by_wire = fields(category)
    assert by_wire["type"].required and spelled(by_wire["type"]) == "Literal['shop/categories']"
    assert not by_wire["id"].required
    # required only where every copy requires it (the PATCH copy requires nothing)
    assert not fields(by_name["ShopCategoryAttributes"])["label"].required
    assert not [name for name in by_name if name.endswith(("Data", "Request", "Response2"))]


def test_typed_meta_keeps_a_dedicated_envelope() -> None:
    api = run(load("documents.yaml"))
    trend = method(api, "shop.brands.trend.retrieve").success_type
    assert trend is not None and spelled(trend) == "ShopBrandsTrendResponse"
    envelope = fields(models(api)[spelled(trend)])
    assert spelled(envelope["meta"].type) == "ShopBrandsTrendMeta"


def test_relationships_with_any_related_type_use_the_shared_models() -> None:
    by_name = models(run(load("documents.yaml")))
    relationships = fields(by_name["ShopBrandRelationships"])
    # `owner` may be a user or a team: still a resource identifier (its type a plain str)
    assert spelled(relationships["owner"].type) == "ToOneRelationship"
    assert spelled(relationships["parent"].type) == "ToOneRelationship"
    assert "ShopCategoryRelationships" in by_name


def test_same_parameter_name_in_several_operations_is_named_by_context() -> None:
    api = run(load("documents.yaml"))
    by_name = models(api)
    filters = {p.wire_name: p for p in method(api, "shop.categories.list").parameters}
    assert (
        spelled(filters["filter"]) == "ShopCategoryFilterParam | ShopCategoryFilterParamDict | None"
    )
    brand_filters = {p.wire_name: p for p in method(api, "shop.brands.list").parameters}
    assert (
        spelled(brand_filters["filter"]) == "ShopBrandFilterParam | ShopBrandFilterParamDict | None"
    )
    # one `page` schema shared by both operations keeps the plain name
    assert spelled(brand_filters["page"]) == "PageParam | PageParamDict | None"
    assert not [name for name in by_name if re.search(r"\d$", name)]


def test_same_properties_make_one_model_and_numbers_widen() -> None:
    by_name = models(run(load("documents.yaml")))
    stats = fields(by_name["ShopBrandStats"])
    assert spelled(stats["success"].type) == "ShopBrandStatsSuccess"
    points = fields(by_name["ShopBrandStatsSuccess"])["points"]
    # `str | int` in one copy and `number | str` in the other
    assert spelled(points.type) == "list[str | float]"
    trend = fields(by_name["ShopBrandsTrendResponse"])
    assert spelled(trend["data"].type) == "ShopBrandStats"


def test_no_chain_names() -> None:
    for name in models(run(load("jsonapi.yaml"))):
        assert not re.search(r"Inner|200|DataItemAttributes", name), name


def test_required_and_optional_fields() -> None:
    by_name = models(run(load("jsonapi.yaml")))
    name = fields(by_name["TmsWebTriggerAttributes"])["name"]
    assert (name.required, spelled(name), name.default) == (True, "str", None)
    kind = fields(by_name["TmsWebTriggerAttributes"])["kind"]
    assert spelled(kind) == "Literal['click', 'scroll'] | None"
    assert kind.default == "None"


# ----------------------------------------------------------------------------- resources


def test_resources_follow_paths() -> None:
    api = run(load("jsonapi.yaml"))
    assert [r.attribute for r in api.resources] == ["integrations", "privacy", "sources", "tms"]
    web_triggers = resource(api, "tms", "web_triggers")
    assert web_triggers.class_name == "TmsWebTriggersResource"
    assert web_triggers.async_class_name == "AsyncTmsWebTriggersResource"
    assert web_triggers.module == "tms_web_triggers"
    assert web_triggers.path == ("tms", "web_triggers")
    assert [o.python_name for o in web_triggers.operations] == [
        "list",
        "create",
        "retrieve",
        "update",
        "delete",
    ]
    assert resource(api, "tms").operations == ()
    healths = method(api, "integrations.delivery.healths.list")
    assert [p.name for p in healths.parameters] == ["id"]


def test_path_parameters_come_in_path_order() -> None:
    api = run(load("jsonapi.yaml"))
    export = method(api, "privacy.cookie_scanner.exports.retrieve")
    assert [p.name for p in export.parameters] == ["version", "format", "language"]
    assert all(p.required and p.style == "simple" and not p.explode for p in export.parameters)
    assert export.success_media_type == "text/csv"


def test_method_name_clash_falls_back_to_operation_id() -> None:
    api = run(load("jsonapi.yaml"))
    names = [o.python_name for o in resource(api, "sources").operations]
    # the item PATCH keeps `update`; the collection PATCH is named from its operationId
    assert sorted(names) == ["list", "platform_update", "retrieve", "update"]
    assert method(api, "sources.update").path == "/sources/{id}"


def test_operation_names_config_overrides_placement() -> None:
    config = ApiConfig(operation_names={"PlatformSourcesUpdate": "sources.bulk.update_many"})
    api = run(load("jsonapi.yaml"), config)
    assert method(api, "sources.bulk.update_many").operation_id == "PlatformSourcesUpdate"


def test_model_names_config_overrides_names() -> None:
    config = ApiConfig(
        model_names={"TmsWebTriggerAttributes": "TriggerFields", "Document": "JsonApiDocument"}
    )
    api = run(load("jsonapi.yaml"), config)
    by_name = models(api)
    assert "TriggerFields" in by_name and "TmsWebTriggerAttributes" not in by_name
    assert spelled(fields(by_name["TmsWebTrigger"])["attributes"].type) == "TriggerFields"
    assert by_name["JsonApiDocument"].type_parameters == ("DataT",)
    listed = method(api, "tms.web_triggers.list").success_type
    assert listed is not None and spelled(listed) == "JsonApiDocument[list[TmsWebTrigger]]"


def test_api_level_fields() -> None:
    api = run(load("jsonapi.yaml"))
    assert (api.client_class_name, api.async_client_class_name) == ("Demo", "AsyncDemo")
    assert api.env_prefix == "DEMO"
    assert api.servers[0].variables[0].python_name == "site_id"
    assert api.default_security == (("UserAuthentication",),)
    assert api.security_schemes[0].scheme == "bearer"
    assert method(api, "tms.web_triggers.delete").security == (("UserAuthentication",),)


# ----------------------------------------------------------------------------- schemas


def test_odd_field_names_and_literals() -> None:
    odd = models(run(load("schemas.yaml")))["Odd"]
    by_wire = fields(odd)
    assert by_wire["class"].name == "class_"
    assert by_wire["1st"].name.isidentifier()
    assert by_wire["model_config"].name == "model_config_"
    assert by_wire["json"].name == "json_"
    kind = by_wire["kind"]
    assert kind.type.kind == "literal" and kind.nullable
    assert kind.type.literals == ("it's", 'say "hi"', "back\\slash", "new\nline", "'''", 3, True)
    for field in odd.fields:
        assert field.name.isidentifier()
        assert_annotation_is_python(spelled(field))
    # the literal text is exactly what repr gives, so it cannot break out of the annotation
    assert (
        tuple(ast.literal_eval(spelled(kind.type).removesuffix(" | None")[len("Literal") :]))
        == kind.type.literals
    )


def test_unions_allof_formats_and_defaults() -> None:
    by_wire = fields(models(run(load("schemas.yaml")))["Odd"])
    assert spelled(by_wire["pet"]) == "Cat | Dog | None"
    assert spelled(by_wire["either"].type) == "str | int | None"
    merged = by_wire["merged"].type.model
    assert merged is not None
    assert spelled(by_wire["when"].type) == "datetime.datetime"
    assert spelled(by_wire["day"].type) == "datetime.date"
    assert spelled(by_wire["blob"].type) == "bytes"
    assert spelled(by_wire["free"].type) == "dict[str, Any]"
    assert spelled(by_wire["tags"].type) == "dict[str, int]"
    assert by_wire["broken"].type.kind == "any"
    assert by_wire["count"].default == "5"
    assert by_wire["bad_default"].default == "None"
    merged_fields = fields(models(run(load("schemas.yaml")))[merged])
    assert set(merged_fields) == {"id", "extra"} and merged_fields["id"].required


def test_defects_are_recorded_as_skipped_with_pointers() -> None:
    api, diagnostics = normalize(
        load("schemas.yaml"), config=ApiConfig(), package_name="demo", source_name="s.yaml"
    )
    pointers = {s.pointer for s in api.skipped}
    assert "/components/schemas/Odd/properties/broken/type" in pointers
    assert any("Dangling" in s.reason for s in api.skipped)
    assert any(d.code == "normalize.missing-path-parameter" for d in diagnostics)
    assert method(api, "things.retrieve").success_type.kind == "any"  # type: ignore[union-attr]


def test_recursion_and_mutual_recursion_share_a_module() -> None:
    by_name = models(run(load("schemas.yaml")))
    node = by_name["Node"]
    assert node.recursive
    assert spelled(fields(node)["children"]) == "list[Node] | None"
    alpha, beta = by_name["Alpha"], by_name["Beta"]
    assert alpha.recursive and beta.recursive and alpha.module == beta.module
    assert not by_name["Leaf"].recursive and by_name["Leaf"].module == "leaf"
    assert len({m.module for m in by_name.values()}) == len(by_name) - 1


def test_parameters() -> None:
    api = run(load("schemas.yaml"))
    params = {p.wire_name: p for p in method(api, "things.list").parameters}
    assert "Accept" not in params
    assert params["filter[begin_date]"].name == "filter_begin_date"
    assert params["filter[sup_filters][location][]"].name == "filter_sup_filters_location"
    assert spelled(params["filter[sup_filters][location][]"]) == "list[Literal[0, 1]] | None"
    assert params["class"].name == "class_"
    assert params["self"].name == "self_"
    assert params["timeout"].name == "timeout_" and params["timeout"].location == "header"
    assert params["__import__('os')"].name == "import_os"
    assert spelled(params["page"]) == "Pagination | PaginationParam | None"
    assert (params["page"].style, params["page"].explode) == ("deepObject", False)
    # a schema default is the server's: the parameter is absent unless the caller sets it
    assert (params["limit"].default, params["limit"].server_default) == ("None", "20")
    assert [p.location for p in method(api, "things.list").parameters][-1] == "cookie"
    names = [p.name for p in method(api, "things.list").parameters]
    assert len(names) == len(set(names))


def test_request_bodies_put_json_first() -> None:
    api = run(load("schemas.yaml"))
    bodies = method(api, "things.create").request_bodies
    assert [b.media_type for b in bodies] == ["application/json", "multipart/form-data"]
    assert spelled(bodies[0].type) == "Node"


def test_every_operation_is_reachable_once() -> None:
    api = run(load("schemas.yaml"))
    ops = api.all_operations()
    assert len(ops) == 6
    assert len({(o.method, o.path) for o in ops}) == 6


def test_normalize_is_deterministic() -> None:
    for name in ("jsonapi.yaml", "schemas.yaml", "documents.yaml"):
        assert run(load(name)) == run(load(name))


def test_normalize_does_not_depend_on_hash_order() -> None:
    code = (
        "import json, sys, yaml; from dataclasses import asdict; "
        "from generator.config import ApiConfig; from generator.normalize import normalize; "
        "api, _ = normalize(yaml.safe_load(open(sys.argv[1])), config=ApiConfig(), "
        "package_name='demo', source_name='s'); print(json.dumps(asdict(api)))"
    )
    for name in ("jsonapi.yaml", "documents.yaml"):
        outputs = {
            subprocess.run(
                [sys.executable, "-c", code, str(FIXTURES / name)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
                cwd=Path(__file__).resolve().parents[2],
            ).stdout
            for seed in ("1", "2", "3")
        }
        assert len(outputs) == 1, name


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"paths": []},
        {"paths": {"/x": {"get": "nope"}}},
        {"paths": {"/x": {"get": {"responses": {"200": {"content": {"a/json": []}}}}}}},
        {"paths": {"/x": {"get": {"parameters": [{"name": 3}], "responses": []}}}},
        {"components": {"schemas": {"A": {"properties": {"required": ["a"], "a": 5}}}}},
        {"paths": {"/{a}/{a}": {"post": {"requestBody": {"content": {"x": {"schema": 7}}}}}}},
    ],
)
def test_odd_input_does_not_crash(data: dict[str, Any]) -> None:
    api = run(data)
    assert isinstance(api, ir.Api)


# ----------------------------------------------------------------------------- CA spec


@pytest.fixture(scope="module")
def ca_api() -> ir.Api:
    if not CA_SPEC.is_file():
        pytest.skip(f"CA spec not found at {CA_SPEC}")
    data = json.loads(CA_SPEC.read_text(encoding="utf-8"))
    start = time.perf_counter()
    api, _ = normalize(
        data, config=ApiConfig(), package_name="commandersact", source_name=CA_SPEC.name
    )
    assert time.perf_counter() - start < 2.0
    return api


def test_ca_model_names_are_short_valid_and_chain_free(ca_api: ir.Api) -> None:
    names = [m.name for m in ca_api.models]
    assert len(names) == len(set(names))
    assert names == sorted(names)
    for name in names:
        assert name.isidentifier() and len(name) <= 40, name
        assert not re.search(r"Inner|Response200|200", name), name


def test_ca_models_have_no_envelopes_linkages_or_numbered_copies(ca_api: ir.Api) -> None:
    # (the set of models itself is in the surface snapshot, tests/test_surface.py)
    names = [m.name for m in ca_api.models]
    # no per-operation envelopes, linkages or numbered copies of one parameter name
    assert not [n for n in names if n.endswith(("List", "CreateRequest", "Linkage"))]
    assert [n for n in names if n.endswith("Identifier")] == ["ResourceIdentifier"]
    assert not [n for n in names if re.fullmatch(r"FilterParam\d*", n)]


def test_ca_jsonapi_documents(ca_api: ir.Api) -> None:
    by_name = models(ca_api)
    assert by_name["Document"].type_parameters == ("DataT",)
    assert by_name["Document"].module == "document"
    assert {"ResourceIdentifier", "ToOneRelationship", "ToManyRelationship"} <= set(by_name)
    assert {"ErrorDocument", "Error"} <= set(by_name)
    listed = method(ca_api, "tms.web_triggers.list")
    assert listed.path == "/tms/web-triggers"
    assert listed.success_type is not None
    assert spelled(listed.success_type) == "Document[list[TmsWebTrigger]]"
    assert print_type(listed.success_type.python).models == {"Document", "TmsWebTrigger"}
    create = method(ca_api, "tms.web_triggers.create")
    assert spelled(create.request_bodies[0].type) == "Document[TmsWebTrigger]"
    assert create.success_type is not None
    assert spelled(create.success_type) == "Document[TmsWebTrigger]"
    errors = [r.type for r in listed.responses if r.status.startswith("4") and r.type is not None]
    # (the spec gives some error responses no schema at all: those stay Any)
    assert {spelled(t) for t in errors} == {"ErrorDocument", "Any"}
    trigger = by_name["TmsWebTrigger"]
    assert trigger.jsonapi_type == "tms/web-triggers"
    assert spelled(fields(trigger)["attributes"].type) == "TmsWebTriggerAttributes"
    assert spelled(fields(trigger)["relationships"].type).startswith("TmsWebTriggerRelationships")
    assert not fields(trigger)["id"].required
    tags = fields(by_name["TmsWebTriggerRelationships"])["tags"]
    assert spelled(tags.type) == "ToManyRelationship"
    resources = [m for m in ca_api.models if m.jsonapi_type]
    assert len(resources) >= 35


def test_ca_operations_present_once(ca_api: ir.Api) -> None:
    ops = ca_api.all_operations()
    assert len(ops) == 133
    assert len({(o.method, o.path) for o in ops}) == 133


def test_ca_spot_checks(ca_api: ir.Api) -> None:
    assert method(ca_api, "tms.web_triggers.list").path == "/tms/web-triggers"
    assert method(ca_api, "sources.retrieve").path == "/sources/{id}"
    # the CA healths endpoint answers a single JSON:API object (`data` is not an array)
    assert method(ca_api, "integrations.delivery.healths.retrieve").path == (
        "/integrations/{id}/delivery/healths"
    )
    assert "TmsWebDatalayerVariable" in models(ca_api)
    statistics = method(ca_api, "privacy.statistics.list")
    assert "filter_sup_filters_location" in [p.name for p in statistics.parameters]


def test_ca_annotations_parse_and_mention_known_models(ca_api: ir.Api) -> None:
    known = {m.name for m in ca_api.models}
    for model in ca_api.models:
        for field in model.fields:
            assert_annotation_is_python(spelled(field))
            assert print_type(field.type.python).models <= known
        modules = {m.module for m in ca_api.models if m.recursive and m.name == model.name}
        assert len(modules) <= 1


# ----------------------------------------------------------------------------- pagination, bulk

JSONAPI_FIXTURE = Path(__file__).parents[1] / "fixtures" / "jsonapi" / "spec.yaml"


def _catalog() -> ir.Api:
    data = yaml.safe_load(JSONAPI_FIXTURE.read_text(encoding="utf-8"))
    return run(data)


def test_bracketed_page_parameters_make_a_paginated_list() -> None:
    pagination = method(_catalog(), "catalog.items.list").pagination
    assert pagination is not None
    assert (pagination.style, pagination.parameter, pagination.size_parameter) == (
        "jsonapi",
        "page[number]",
        "page[size]",
    )
    assert spelled(pagination.item_type) == "CatalogItem"


def test_a_deep_object_page_parameter_makes_a_paginated_list() -> None:
    page_schema = {
        "type": "object",
        "properties": {"number": {"type": "integer"}, "size": {"type": "integer"}},
    }
    item = {"type": "object", "properties": {"type": {"type": "string"}, "id": {"type": "string"}}}
    data = {
        "openapi": "3.0.2",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/reports": {
                "get": {
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "style": "deepObject",
                            "schema": page_schema,
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/vnd.api+json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"data": {"type": "array", "items": item}},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    pagination = method(run(data), "reports.list").pagination
    assert pagination is not None
    assert (pagination.style, pagination.parameter_key, pagination.size_key) == (
        "jsonapi",
        "number",
        "size",
    )


def test_only_collections_with_page_parameters_paginate() -> None:
    api = _catalog()
    assert method(api, "catalog.items.retrieve").pagination is None
    assert method(api, "catalog.items.create").pagination is None


def test_a_body_whose_data_is_an_array_makes_a_bulk_twin() -> None:
    api = _catalog()
    bulk = method(api, "catalog.items.bulk.create").bulk
    assert bulk is not None
    assert (bulk.method_name, spelled(bulk.item_type)) == ("create_bulk", "CatalogItem")
    assert bulk.media_type == "application/x-ndjson"
    assert method(api, "catalog.items.create").bulk is None


def test_jsonapi_bodies_record_their_data_type() -> None:
    body = method(_catalog(), "catalog.items.create").request_bodies[0]
    assert body.data_type is not None and spelled(body.data_type) == "CatalogItem"


def test_top_level_documents_extend_the_runtime_document() -> None:
    found = models(_catalog())
    assert found["Document"].runtime_base == "JSONAPIDocument"
    assert found["CatalogItemList"].runtime_base == "JSONAPIDocument"
    assert found["CatalogItem"].runtime_base is None
