"""The README's partial update: a real PATCH of the API, chosen from the IR."""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.render.readme import readme_view
from tests import ir_samples


def with_patch(body_fields: tuple[ir.Field, ...], media_type: str) -> ir.Api:
    api = ir_samples.single_model_api()
    patch_model = ir.Model(name="ThingPatch", module="thing", kind="object", fields=body_fields)
    item_id = ir_samples.param("thing_id", "path", ir_samples.INT, required=True)
    update = ir_samples.operation(
        "updateThing",
        "update",
        "PATCH",
        "/things/{thing_id}",
        parameters=(item_id,),
        body=ir_samples.model_ref("ThingPatch"),
        body_media_type=media_type,
    )
    things = dataclasses.replace(
        api.resources[0], operations=(*api.resources[0].operations, update)
    )
    return dataclasses.replace(api, resources=(things,), models=(*api.models, patch_model))


def test_the_update_example_sets_one_optional_text_field_and_says_what_is_sent() -> None:
    # a field with a default of its own (not None) is the one named as left unsent
    count = dataclasses.replace(ir_samples.field("count", ir_samples.INT), default="0")
    name = ir_samples.field("display_name", ir_samples.STR)
    update = readme_view(with_patch((count, name), "application/json")).update
    assert update is not None
    assert update.call == 'client.things.update(1, body=ThingPatch(display_name="renamed"))'
    assert (update.model, update.sent) == ("ThingPatch", '{"display_name": "renamed"}')
    assert update.unsent == "`count` (default 0)"


def test_no_update_example_without_a_json_patch_body_with_an_optional_simple_field() -> None:
    required_only = (ir_samples.field("name", ir_samples.STR, required=True),)
    assert readme_view(with_patch(required_only, "application/json")).update is None
    optional = (ir_samples.field("name", ir_samples.STR),)
    assert readme_view(with_patch(optional, "application/octet-stream")).update is None
