"""The one reading of a path template's variables, shared by repair, normalize and (by the
same expression) the SDK runtime that fills the path."""

from __future__ import annotations

from typing import Any

import pytest

from generator.config import ApiConfig
from generator.load.documents import template_variables
from generator.normalize import normalize
from generator.repair.repairs import repair_document
from generator.runtime import _params


@pytest.mark.parametrize(
    ("path", "variables"),
    [
        ("/a/{a}", ["a"]),
        ("/a/{a.b}", ["a.b"]),
        ("/files/{name}.{ext}", ["name", "ext"]),
        ("/a/{x}/b/{x}", ["x", "x"]),  # repeats kept, in path order
        ("/a/{}", []),  # a name is never empty
        ("/a/{{a}}", ["a"]),  # a name holds no brace: the inner expression is the variable
        ("/a/{{a}", ["a"]),
        ("/a/{a", []),  # unclosed
        ("/a/{a/{b}", ["b"]),
        ("/{foo/{id}/bar}/{type}", ["id", "type"]),
        ("/a/{a/b}", ["a/b"]),  # "/" is a character of a name like any other
        ("/a/}b{", []),
        ("/plain", []),
    ],
)
def test_template_variables(path: str, variables: list[str]) -> None:
    assert template_variables(path) == variables


@pytest.mark.parametrize("path", ["/a/{a}/{a.b}/{}/{{c}}/{d/e}/{f", "/x/{y}z/{"])
def test_the_sdk_runtime_fills_exactly_the_variables_found(path: str) -> None:
    assert list(_params._template_parts(path)[1::2]) == template_variables(path)
    filled = _params.expand_path(path, {name: "v" for name in template_variables(path)})
    assert (
        filled
        == {
            "/a/{a}/{a.b}/{}/{{c}}/{d/e}/{f": "/a/v/v/{}/{v}/v/{f",
            "/x/{y}z/{": "/x/vz/{",
        }[path]
    )


def resources(tops: Any) -> list[Any]:
    return [r for top in tops for r in (top, *resources(top.children))]


def spec(path: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            path: {"get": {"operationId": "get", "responses": {"200": {"description": "ok"}}}}
        },
    }


@pytest.mark.parametrize("path", ["/a/{a}/{a.b}", "/a/{}/{b}", "/a/{{c}}", "/a/{d/e}", "/a/{f"])
def test_repair_declares_what_normalize_reads(path: str) -> None:
    repaired, _ = repair_document(spec(path))
    declared = [p["name"] for p in repaired["paths"][path].get("parameters", [])]
    assert declared == template_variables(path)
    api, diagnostics = normalize(repaired, config=ApiConfig(), package_name="p", source_name="s")
    assert "normalize.missing-path-parameter" not in {d.code for d in diagnostics}
    operation = next(op for r in resources(api.resources) for op in r.operations)
    wire = [p.wire_name for p in operation.parameters if p.location == "path"]
    assert wire == template_variables(path)
