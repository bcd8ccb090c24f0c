"""load_document: parsing, bundling of relative refs, and located load errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import SdkgenError
from generator.loader import load_document, resolve_pointer, resolve_ref

FIXTURES = Path(__file__).parent / "frontend_fixtures"


def load_error(path: Path) -> SdkgenError:
    with pytest.raises(SdkgenError) as caught:
        load_document(path)
    return caught.value


def test_json_document_loads_with_local_refs_kept() -> None:
    loaded = load_document(FIXTURES / "petstore.json")
    schema = loaded.data["paths"]["/pets"]["get"]["responses"]["200"]["content"]
    assert schema["application/json"]["schema"] == {"$ref": "#/components/schemas/Pet"}
    assert loaded.files == ((FIXTURES / "petstore.json").resolve(),)


def test_multi_file_refs_are_bundled_into_components() -> None:
    loaded = load_document(FIXTURES / "multi" / "root.yaml")
    data = loaded.data
    schemas = data["components"]["schemas"]
    # `pet` was taken by the root document, so the bundled file gets a unique name.
    assert schemas["pet"] == {"description": schemas["pet"]["description"], "type": "string"}
    response = data["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"]
    assert response["application/json"]["schema"] == {"$ref": "#/components/schemas/pet_2"}
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/pet_2"}
    # The cross-file cycle pet.yaml -> root Owner -> pet.yaml ends in local refs.
    assert schemas["pet_2"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    # Nested relative ref (schemas/tag.json, relative to pet.yaml) and its self-reference.
    assert schemas["pet_2"]["properties"]["tag"] == {"$ref": "#/components/schemas/tag"}
    assert schemas["tag"]["properties"]["parent"] == {"$ref": "#/components/schemas/tag"}
    # Parameters go to their own components section.
    assert data["paths"]["/pets/{petId}"]["parameters"] == [
        {"$ref": "#/components/parameters/PetId"}
    ]
    assert data["components"]["parameters"]["PetId"]["name"] == "petId"
    # A local cycle stays a ref.
    items = schemas["Node"]["properties"]["children"]["items"]
    assert items == {"$ref": "#/components/schemas/Node"}
    names = sorted(path.name for path in loaded.files)
    assert names == ["params.yaml", "pet.yaml", "root.yaml", "tag.json"]


def test_yaml_dates_stay_strings() -> None:
    data = load_document(FIXTURES / "multi" / "root.yaml").data
    assert data["components"]["schemas"]["pet_2"]["properties"]["born"]["example"] == "2024-01-31"


def test_every_bundled_ref_resolves() -> None:
    data = load_document(FIXTURES / "multi" / "root.yaml").data
    stack: list[object] = [data]
    refs = []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert len(refs) >= 6
    for ref in refs:
        resolve_ref(data, ref)  # raises KeyError on a dangling ref


def test_dangling_local_ref_names_file_and_pointer(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/Missing'\n"
    )
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.dangling-ref"
    assert problem.file == str(spec)
    assert problem.pointer == "/components/schemas/A/$ref"


def test_dangling_ref_inside_another_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("Thing:\n  $ref: '#/Nope'\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A:\n      $ref: 'other.yaml#/Thing'\n"
    )
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.dangling-ref"
    assert problem.file == str((tmp_path / "other.yaml").resolve())
    assert problem.pointer == "/Thing/$ref"


def test_missing_file_exits_2(tmp_path: Path) -> None:
    err = load_error(tmp_path / "absent.yaml")
    assert err.exit_code == 2
    assert err.diagnostics[0].code == "load.not-found"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.json", '{"openapi": "3.0.3",\n  "info": }', "line 2, column 11"),
        ("bad.yaml", "openapi: 3.0.3\ninfo: [unclosed\n", "line 3"),
    ],
)
def test_parse_errors_carry_line_and_column(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    spec = tmp_path / name
    spec.write_text(text)
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.parse-error"
    assert where in problem.message


def test_content_sniffing_without_extension(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}')
    assert load_document(spec).data["openapi"] == "3.1.0"


@pytest.mark.parametrize("text", ["- a\n- b\n", ""])
def test_root_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    assert load_error(spec).diagnostics[0].code == "load.not-an-object"


def test_resolve_pointer_unescapes_tokens() -> None:
    data = {"paths": {"/a/{id}": {"get": [10, {"~x": 1}]}}}
    assert resolve_pointer(data, "/paths/~1a~1{id}/get/1/~0x") == 1
    assert resolve_pointer(data, "") is data
    with pytest.raises(KeyError):
        resolve_pointer(data, "/paths/~1a~1{id}/get/2")
    with pytest.raises(KeyError):
        resolve_ref(data, "other.yaml#/paths")
