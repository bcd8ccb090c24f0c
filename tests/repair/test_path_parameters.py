"""Path parameters the template demands: declared when missing, always required."""

from __future__ import annotations

import copy

from generator.repair.repairs import repair_document
from generator.validate.validator import validate_document

from .support import (
    paths_spec,
)


def test_path_repairs() -> None:
    original = paths_spec()
    pristine = copy.deepcopy(original)
    data, diagnostics = repair_document(original)
    assert original == pristine  # never mutates its input
    paths = data["paths"]
    assert list(paths) == ["/items/{id}", "/things/{a}/{b}"]
    item = paths["/items/{id}"]
    assert item["delete"]["parameters"][0]["required"] is True
    # GET copies the declaration DELETE already has (integer), with required forced.
    assert item["get"]["parameters"] == [
        {"name": "id", "in": "path", "schema": {"type": "integer"}, "required": True}
    ]
    # Nobody declared a and b: declared once on the path item, as strings.
    assert [p["name"] for p in paths["/things/{a}/{b}"]["parameters"]] == ["a", "b"]
    assert paths["/things/{a}/{b}"]["parameters"][0]["schema"] == {"type": "string"}
    codes = [(d.code, d.pointer) for d in diagnostics]
    assert codes == [
        ("repair.path-slash", "/paths/~1items~1{id}"),
        ("repair.path-parameter", "/paths/~1items~1{id}/get/parameters/0"),
        ("repair.path-parameter", "/paths/~1items~1{id}/delete/parameters/0/required"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/0"),
        ("repair.path-parameter", "/paths/~1things~1{a}~1{b}/parameters/1"),
    ]
    assert validate_document(data) == []
