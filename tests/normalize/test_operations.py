"""generator.normalize.operations: operations found in the paths, placed on resources and
named."""

from __future__ import annotations

from typing import Any

from generator.config import ApiConfig
from generator.normalize import normalize
from generator.normalize.operations import status_order

from ..coverage_ir import built, codes, normalized

ARRAY = {
    "200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "array", "items": {}}}},
    }
}
OBJECT = {
    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
}
COLLECTION = {
    "200": {
        "description": "ok",
        "content": {
            "application/vnd.api+json": {
                "schema": {"type": "object", "properties": {"data": {"type": "array", "items": {}}}}
            }
        },
    }
}
EMPTY = {"204": {"description": "none"}}


def spec(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}


def op(operation_id: str, responses: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": responses or EMPTY}


def calls(paths: dict[str, Any], config: ApiConfig | None = None) -> dict[str, str]:
    """operationId -> "resource.chain.method"."""
    api, _ = normalize(spec(paths), config=config or ApiConfig(), package_name="t", source_name="s")
    found: dict[str, str] = {}
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        stack.extend(resource.children)
        for operation in resource.operations:
            found[operation.operation_id] = ".".join((*resource.path, operation.python_name))
    return found


def test_methods_are_named_after_the_http_method_and_the_path_shape() -> None:
    paths = {
        "/pets": {"get": op("a", ARRAY), "post": op("b")},
        "/pets/{id}": {
            "get": op("c", OBJECT),
            "put": op("d"),
            "patch": op("patchPet"),
            "delete": op("f"),
        },
        "/stats": {"get": op("g", OBJECT)},
        "/tms/web-triggers": {"get": op("h", COLLECTION), "options": op("i")},
    }
    assert calls(paths) == {
        "a": "pets.list",
        "b": "pets.create",
        "c": "pets.retrieve",
        "d": "pets.update",
        "patchPet": "pets.patch",  # PUT keeps `update`: named from its operationId
        "f": "pets.delete",
        "g": "stats.retrieve",
        "h": "tms.web_triggers.list",
        "i": "tms.web_triggers.options",
    }


def test_a_clash_goes_to_the_best_fitting_path_the_other_is_named_from_its_operation_id() -> None:
    paths = {
        "/pets/{id}/photo": {"get": op("showPetPhoto", OBJECT)},  # first, but not an item path
        "/pets/{id}/photo/{n}": {"get": op("getPetPhotoVersion", OBJECT)},
    }
    assert calls(paths) == {
        "showPetPhoto": "pets.photo.show",
        "getPetPhotoVersion": "pets.photo.retrieve",
    }
    paths = {
        "/pets/{id}": {"get": op("showPet", OBJECT)},
        "/pets/{id}/{version}": {"get": op("showPetVersion", OBJECT)},
    }
    assert calls(paths) == {"showPet": "pets.retrieve", "showPetVersion": "pets.show_version"}


def test_operation_names_in_the_config_place_and_name_operations() -> None:
    config = ApiConfig(
        operation_names={
            "a": "animals.fetch_all",
            "b": "animals.fetch_all",
            "c": "x..y",
            "d": "fetch",  # a bare method name: on the resource the rules pick
            "zzz": "x.y",
        }
    )
    paths = {
        "/pets": {"get": op("a", ARRAY), "post": op("b")},
        "/toys": {"get": op("c", ARRAY), "post": op("d")},
    }
    _, notes = normalize(spec(paths), config=config, package_name="t", source_name="s")
    assert calls(paths, config) == {
        "a": "animals.fetch_all",
        "b": "animals.fetch_all_2",
        "c": "toys.list",
        "d": "toys.fetch",
    }
    assert codes(notes)[:3] == [
        "normalize.unused-operation-name",
        "normalize.operation-name-clash",
        "normalize.bad-operation-name",
    ]


def test_an_operation_that_is_not_an_object_is_left_out() -> None:
    api, _ = normalized(spec({"/a": {"get": "nonsense", "post": op("b"), "summary": "x"}}))
    assert [o.operation_id for o in api.all_operations()] == ["b"]
    assert [(s.pointer, s.reason) for s in api.skipped] == [
        ("/paths/~1a/get", "operation is not an object; left out")
    ]


def test_statuses_sort_numerically_then_ranges_and_default() -> None:
    assert sorted(["default", "4XX", "404", "200", "2XX", "201"], key=status_order) == [
        "200",
        "201",
        "404",
        "2XX",
        "4XX",
        "default",
    ]


# --- the coverage specs -----------------------------------------------------------------------


def test_duplicate_operation_ids_get_a_generated_id_and_a_warning() -> None:
    api, notes = built("duplicates.yaml")
    assert [op.operation_id for op in api.all_operations()] == ["fetch", "getB", "Fetch"]
    assert "normalize.duplicate-operation-id" in codes(notes)


def test_no_method_is_named_after_a_builtin_scalar_type() -> None:
    config = ApiConfig(operation_names={"a": "pets.str", "b": "pets.list"})
    paths = {"/pets": {"get": op("a", ARRAY), "post": op("b")}}
    _, notes = normalize(spec(paths), config=config, package_name="t", source_name="s")
    # `str` would hide the type in the class's signatures; `list` is spelled `List` there
    assert calls(paths, config) == {"a": "pets.str_2", "b": "pets.list"}
    assert "normalize.operation-name-clash" in codes(notes)


# ----------------------------------------------------------------------- actions, item updates

OPENAI_LIKE = {
    "/batches": {"get": op("listBatches", ARRAY), "post": op("createBatch")},
    "/batches/{batch_id}": {"get": op("retrieveBatch", OBJECT)},
    "/batches/{batch_id}/cancel": {"post": op("cancelBatch")},
    "/fine_tuning/jobs": {"get": op("listPaginatedFineTuningJobs", ARRAY)},
    "/fine_tuning/jobs/{fine_tuning_job_id}": {"get": op("retrieveFineTuningJob", OBJECT)},
    "/fine_tuning/jobs/{fine_tuning_job_id}/cancel": {"post": op("cancelFineTuningJob")},
    "/fine_tuning/jobs/{fine_tuning_job_id}/pause": {"post": op("pauseFineTuningJob")},
    "/fine_tuning/jobs/{fine_tuning_job_id}/resume": {"post": op("resumeFineTuningJob")},
    "/fine_tuning/jobs/{fine_tuning_job_id}/events": {"get": op("listEvents", ARRAY)},
    "/assistants": {"get": op("listAssistants", ARRAY), "post": op("createAssistant")},
    "/assistants/{assistant_id}": {
        "get": op("getAssistant", OBJECT),
        "post": op("modifyAssistant"),
        "delete": op("deleteAssistant"),
    },
    "/uploads": {"post": op("createUpload")},
    "/uploads/{upload_id}/parts": {"post": op("addUploadPart")},  # a plural noun
    "/uploads/{upload_id}/complete": {"post": op("completeUpload")},
    "/chat/completions": {"post": op("createChatCompletion")},  # `/chat` is no collection
    "/vector_stores/{id}/search": {"post": op("searchVectorStore")},
    "/jobs": {"get": op("listJobs", ARRAY)},
    "/jobs/pause": {"post": op("pauseAllJobs")},  # an action on a collection
    "/reports/{id}/export": {"get": op("getExport", OBJECT), "post": op("runExport")},
    "/things/{id}/archive": {"post": op("archiveThing")},
    "/things/{id}/archive/{version}": {"get": op("getArchive", OBJECT)},
    "/pets/{id}": {"get": op("getPet", OBJECT), "put": op("putPet")},
    "/pets/{id}/photo": {"post": op("uploadPhoto")},  # a noun: the verb is the operationId's
}


def test_actions_are_methods_of_their_parent_and_item_posts_update() -> None:
    assert calls(OPENAI_LIKE) == {
        "listBatches": "batches.list",
        "createBatch": "batches.create",
        "retrieveBatch": "batches.retrieve",
        "cancelBatch": "batches.cancel",
        "listPaginatedFineTuningJobs": "fine_tuning.jobs.list",
        "retrieveFineTuningJob": "fine_tuning.jobs.retrieve",
        "cancelFineTuningJob": "fine_tuning.jobs.cancel",
        "pauseFineTuningJob": "fine_tuning.jobs.pause",
        "resumeFineTuningJob": "fine_tuning.jobs.resume",
        "listEvents": "fine_tuning.jobs.events.list",
        "listAssistants": "assistants.list",
        "createAssistant": "assistants.create",
        "getAssistant": "assistants.retrieve",
        "modifyAssistant": "assistants.update",
        "deleteAssistant": "assistants.delete",
        "createUpload": "uploads.create",
        "addUploadPart": "uploads.parts.create",
        "completeUpload": "uploads.complete",
        "createChatCompletion": "chat.completions.create",
        "searchVectorStore": "vector_stores.search",
        "listJobs": "jobs.list",
        "pauseAllJobs": "jobs.pause",
        # a GET beside the POST, a sub-path below it: real sub-resources, not actions
        "getExport": "reports.export.retrieve",
        "runExport": "reports.export.create",
        "archiveThing": "things.archive.create",
        "getArchive": "things.archive.retrieve",
        "getPet": "pets.retrieve",
        "putPet": "pets.update",
        "uploadPhoto": "pets.photo.create",
    }


def test_the_path_rules_are_listed_as_info() -> None:
    _, notes = normalize(spec(OPENAI_LIKE), config=ApiConfig(), package_name="t", source_name="s")
    named = [n.message for n in notes if n.code == "normalize.operation-named"]
    assert (
        "POST /batches/{batch_id}/cancel is client.batches.cancel: an action, a method of its "
        "parent resource named after the path's last segment" in named
    )
    assert (
        "POST /assistants/{assistant_id} is client.assistants.update: POST on an item path "
        "updates the item" in named
    )
    assert all(n.severity == "info" for n in notes if n.code == "normalize.operation-named")


def test_an_action_that_clashes_is_named_from_its_operation_id() -> None:
    paths = {
        "/batches/{id}": {"get": op("getBatch", OBJECT)},
        "/batches/{id}/cancel": {"post": op("cancelBatch")},
        "/batches/cancel": {"post": op("cancelAll")},  # beside the other: neither is an action
        "/runs/{id}": {"get": op("getRun", OBJECT), "put": op("putRun"), "post": op("postRun")},
        "/runs/{id}/retrieve": {"post": op("retrieveAgain")},
    }
    assert calls(paths) == {
        "getBatch": "batches.retrieve",
        "cancelBatch": "batches.cancel.create",
        "cancelAll": "batches.cancel.all",
        "getRun": "runs.retrieve",
        "putRun": "runs.update",
        "postRun": "runs.create",  # the item has a PUT: its POST is no update
        "retrieveAgain": "runs.retrieve_again",  # `retrieve` is taken: from the operationId
    }


def test_the_config_overrides_the_path_rules() -> None:
    config = ApiConfig(
        operation_names={"modifyAssistant": "modify", "cancelBatch": "batches.cancel.create"}
    )
    found = calls(OPENAI_LIKE, config)
    assert found["modifyAssistant"] == "assistants.modify"
    assert found["cancelBatch"] == "batches.cancel.create"
    assert found["pauseFineTuningJob"] == "fine_tuning.jobs.pause"
