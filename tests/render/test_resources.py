"""The resource views: the attribute path of a resource, and what a deprecated alias calls."""

from __future__ import annotations

from generator import ir
from generator.render.resources import alias_view, resource_view
from tests import ir_samples


def test_a_resource_is_reached_by_its_dotted_attribute_path() -> None:
    (sources,) = [r for r in ir_samples.jsonapi_api().resources if r.attribute == "sources"]
    view = resource_view(sources, {m.name: m.module for m in ir_samples.jsonapi_models()})
    assert view.attribute_path == "sources"
    assert [child.attribute_path for child in view.children] == ["sources.events"]


def alias(target_class: str) -> ir.DeprecatedAlias:
    (things,) = ir_samples.single_model_api().resources
    return ir.DeprecatedAlias(
        python_name="all",
        name="things.all",
        target="things.list",
        operation=things.operations[0],
        target_class=target_class,
        target_async_class=f"Async{target_class}",
        target_module="things",
        since="0.2.0",
    )


def test_an_alias_calls_the_new_method_on_itself_or_on_the_class_that_holds_it() -> None:
    (things,) = ir_samples.single_model_api().resources
    same = alias_view(alias(things.class_name), things, frozenset(), frozenset())
    assert (same.target, same.async_target) == ("self", "self")
    moved = alias_view(alias("Items"), things, frozenset(), frozenset())
    assert (moved.target, moved.async_target) == (
        "Items(self._client)",
        "AsyncItems(self._client)",
    )
