"""load_document: parsing, bundling of relative refs, and located load errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import SdkgenError
from generator.load import limits
from generator.load.documents import resolve_pointer, resolve_ref
from generator.load.loader import load_document

FIXTURES = Path(__file__).parents[1] / "frontend_fixtures"


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


# --- limits: what a hostile document meets (see generator/limits.py) ----------------------------

YAML_HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def test_yaml_aliases_within_the_limit_load_as_shared_values(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        YAML_HEAD + "x-headers: &h {X-Rate: {schema: {type: integer}}}\n"
        "x-uses: [*h, *h, *h]\nx-merged: {<<: *h, X-Other: {schema: {type: string}}}\n"
    )
    data = load_document(spec).data
    assert data["x-uses"] == [data["x-headers"]] * 3
    assert sorted(data["x-merged"]) == ["X-Other", "X-Rate"]


def test_alias_budget_follows_the_size_limit(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    # 100 aliases of a 101-node list: aliases add 100 * 100 = 10,000 nodes
    spec.write_text(
        YAML_HEAD + f"x-a: &a [{', '.join(['1'] * 100)}]\nx-b: [{', '.join(['*a'] * 100)}]\n"
    )
    assert len(load_document(spec).data["x-b"]) == 100
    with limits.spec_size_limit(9_999 * limits.BYTES_PER_ALIAS_NODE):
        problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.alias-expansion"
    assert "with the alias *a at line 5, column 403," in problem.message  # the 100th
    assert "aliases add 10,000 nodes" in problem.message and problem.file == str(spec.resolve())


def test_depth_128_loads_and_129_is_refused_with_its_pointer(tmp_path: Path) -> None:
    def spec(levels: int) -> Path:
        path = tmp_path / f"deep{levels}.json"
        body = '{"a": ' * levels + "1" + "}" * levels
        path.write_text('{"openapi": "3.0.3", "x-deep": ' + body + "}")
        return path

    assert load_document(spec(127)).data["openapi"] == "3.0.3"  # 1 + 127 levels
    problem = load_error(spec(128)).diagnostics[0]
    assert (problem.code, problem.message) == ("load.too-deep", "nested more than 128 levels deep")
    assert problem.pointer == "/x-deep" + "/a" * 127  # the container at level 129


@pytest.mark.parametrize("syntax", ["flow", "block"])
def test_yaml_counts_depth_as_json_does(tmp_path: Path, syntax: str) -> None:
    """128 levels of objects load and 129 are refused, in YAML too: a scalar is no level (it
    was counted once, so 128 levels holding a scalar were refused; the fuzz test found it)."""

    def spec(levels: int) -> Path:
        path = tmp_path / f"deep{syntax}{levels}.yaml"
        if syntax == "flow":
            deep = "{a: " * levels + "1" + "}" * levels
        else:
            deep = "\n" + "".join(f"{'  ' * i}a:\n" for i in range(1, levels)) + "  " * levels
            deep += "a: 1"
        path.write_text(f"openapi: 3.0.3\nx-deep: {deep}\n")
        return path

    assert load_document(spec(127)).data["openapi"] == "3.0.3"  # 1 + 127 levels
    assert load_error(spec(128)).diagnostics[0].code == "load.too-deep"


def test_bundling_any_number_of_files_does_not_recurse(tmp_path: Path) -> None:
    """2,000 files, each a schema with a property that refers to the next file: bundled one
    after another (a recursive walk would need thousands of frames)."""
    for index in range(2_000):
        following = {"$ref": f"s{index + 1}.json#/S"} if index < 1_999 else {"type": "string"}
        schema = {"type": "object", "properties": {"next": following}}
        (tmp_path / f"s{index}.json").write_text(json.dumps({"S": schema}))
    spec = tmp_path / "spec.yaml"
    spec.write_text(YAML_HEAD + "components:\n  schemas:\n    Root: {$ref: 's0.json#/S'}\n")
    loaded = load_document(spec)
    assert len(loaded.files) == 2_001
    assert len(loaded.data["components"]["schemas"]) == 2_001


def test_the_size_limit_counts_every_file_and_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.json").write_text(json.dumps({"S": {"type": "string"}, "x": "x" * 5_000}))
    spec = tmp_path / "spec.yaml"
    spec.write_text(YAML_HEAD + "components:\n  schemas:\n    A: {$ref: 'big.json#/S'}\n")
    monkeypatch.setenv(limits.MAX_SPEC_BYTES_ENV, "4K")
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.too-large" and problem.file == str(spec.resolve())
    assert "(up to big.json)" in problem.message and "4.0 KiB (4096 bytes)" in problem.message
    monkeypatch.setenv(limits.MAX_SPEC_BYTES_ENV, "6K")
    assert load_document(spec).data["components"]["schemas"]["S"]["type"] == "string"
    with limits.spec_size_limit(100):  # the command line's --max-spec-bytes wins
        assert load_error(spec).diagnostics[0].code == "load.too-large"
    monkeypatch.setenv(limits.MAX_SPEC_BYTES_ENV, "lots")
    failure = load_error(spec)
    assert failure.exit_code == 2 and "SDKGEN_MAX_SPEC_BYTES" in failure.diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("200000000", 200_000_000),
        ("64M", 64 << 20),
        ("64MiB", 64 << 20),
        ("1g", 1 << 30),
        ("4K", 4096),
    ],
)
def test_sizes_are_read_in_bytes_with_binary_suffixes(text: str, size: int) -> None:
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "-5", "12X", "M"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        limits.parse_size(text)


def test_self_is_the_base_uri_of_relative_refs(tmp_path: Path) -> None:
    """OpenAPI 3.2's `$self`: refs resolve against it; a ref to the document itself is local,
    one under its folder is the file beside it, one elsewhere is remote."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "item.json").write_text(json.dumps({"Item": {"type": "string"}}))
    root = {
        "openapi": "3.2.0",
        "$self": "https://api.example.com/specs/root.json",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "A": {"$ref": "https://api.example.com/specs/root.json#/components/schemas/B"},
                "B": {"$ref": "root.json#/components/schemas/C"},
                "C": {"$ref": "https://api.example.com/specs/schemas/item.json#/Item"},
                "D": {"$ref": "schemas/item.json#/Item"},
            }
        },
    }
    (tmp_path / "root.json").write_text(json.dumps(root))
    schemas = load_document(tmp_path / "root.json").data["components"]["schemas"]
    assert schemas["A"] == {"$ref": "#/components/schemas/B"}
    assert schemas["B"] == {"$ref": "#/components/schemas/C"}
    assert schemas["C"] == schemas["D"] == {"$ref": "#/components/schemas/Item"}
    assert schemas["Item"] == {"type": "string"}
    root["components"]["schemas"]["E"] = {"$ref": "https://elsewhere.example.com/x.json#/X"}
    (tmp_path / "root.json").write_text(json.dumps(root))
    assert load_error(tmp_path / "root.json").diagnostics[0].code == "load.remote-ref"


def _spec_with_external_refs(tmp_path: Path) -> Path:
    (tmp_path / "common.yaml").write_text(
        "limitParam:\n  name: limit\n  in: query\n  schema: {type: integer}\n"
        "okResponse:\n  description: ok\n"
    )
    (tmp_path / "paths.yaml").write_text(
        "items:\n  summary: from the file\n  description: the file's text\n  get:\n"
        "    operationId: listItems\n"
        "    parameters: [{$ref: 'common.yaml#/limitParam'}]\n"
        "    responses: {'200': {$ref: 'common.yaml#/okResponse'}}\n"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /items:\n    $ref: 'paths.yaml#/items'\n    summary: from the root\n"
        "components:\n  parameters:\n    limit:\n      $ref: 'common.yaml#/limitParam'\n"
    )
    return spec


def test_a_component_that_refers_to_another_file_is_bundled_in_its_own_section(
    tmp_path: Path,
) -> None:
    data = load_document(_spec_with_external_refs(tmp_path)).data
    parameters = data["components"]["parameters"]
    assert parameters["limit"] == {"$ref": "#/components/parameters/limitParam"}
    assert parameters["limitParam"]["name"] == "limit"
    assert "schemas" not in data["components"]


def test_an_external_path_item_is_copied_in_place_with_its_own_refs_bundled(
    tmp_path: Path,
) -> None:
    data = load_document(_spec_with_external_refs(tmp_path)).data
    item = data["paths"]["/items"]
    assert "$ref" not in item
    assert item["summary"] == "from the root"  # the fields beside the ref win
    assert item["description"] == "the file's text"
    operation = item["get"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/limitParam"}]
    assert operation["responses"]["200"] == {"$ref": "#/components/responses/okResponse"}
    assert data["components"]["responses"]["okResponse"] == {"description": "ok"}


def test_path_items_that_refer_to_each_other_in_a_circle_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("item:\n  $ref: 'b.yaml#/item'\n")
    (tmp_path / "b.yaml").write_text("item:\n  $ref: 'a.yaml#/item'\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /loop:\n    $ref: 'a.yaml#/item'\n"
    )
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.ref-cycle"
    assert problem.pointer == "/item/$ref"


def test_a_parameter_ref_to_a_schema_is_refused_where_it_is_used(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /things:\n    get:\n"
        "      parameters: [{$ref: '#/components/parameters/limit'}]\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  parameters:\n    limit: {$ref: '#/components/schemas/Limit'}\n"
        "  schemas:\n    Limit: {type: integer}\n"
    )
    problem = load_error(spec).diagnostics[0]
    assert problem.code == "load.ref-kind"
    assert problem.pointer == "/paths/~1things/get/parameters/0/$ref"
    assert "'#/components/parameters/limit'" in problem.message
