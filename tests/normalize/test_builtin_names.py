"""Path segments named like Python builtins (`object`, `type`, `list`, `dict`, `id`, `self`,
`class`, ...) as resource attributes, on a parent resource and on the client
(tests/normalize_fixtures/builtin_names.yaml): a name that would hide what the class body uses
is renamed in normalize with a warning, the others are kept, and the SDK imports and passes
`mypy --strict`. Also the shape of `@readme/oas-examples`' `response-schemas.json` (a segment
`object` under two resources), which stopped with `render.name-clash` once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ir
from generator.config import ApiConfig
from generator.pipeline.stages import Generation, build_sdk, prepare_spec
from generator.write.writer import write_tree

SPEC = Path(__file__).parents[1] / "normalize_fixtures" / "builtin_names.yaml"
PACKAGE = "sdkgen_builtin_names"  # unique, so it cannot clash with other tests' packages


def generation_of(spec: Path, package: str) -> Generation:
    return build_sdk(prepare_spec(spec, ApiConfig()), ApiConfig(), package_name=package)


@pytest.fixture(scope="module")
def generation() -> Generation:
    return generation_of(SPEC, PACKAGE)


@pytest.fixture(scope="module")
def sdk_dir(generation: Generation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("builtins") / "out"
    write_tree(generation.files, out)
    return out


def resource(api: ir.Api, *path: str) -> ir.Resource:
    found = api.resources
    current = None
    for attribute in path:
        current = next(r for r in found if r.attribute == attribute)
        found = current.children
    assert current is not None
    return current


def test_the_names_that_would_hide_a_name_the_class_body_uses_are_renamed(
    generation: Generation,
) -> None:
    api = generation.api
    assert [r.attribute for r in api.resources] == [
        "cached_property_",  # `@cached_property` of the next resource would be this one
        "class_",  # a keyword: a trailing underscore, as ever
        "dict",  # the client's body never spells `dict`
        "id",
        "int_",  # `__init__(..., max_retries: int = ...)`
        "list",
        "object_",
        "self",  # `def self(self)` is fine: the parameter is the method's own
        "things",
        "type",
    ]
    things = resource(api, "things")
    assert [r.attribute for r in things.children] == [
        "class_",
        "dict",  # kept: the methods of `things` spell it `Dict[...]`
        "httpx_",  # `timeout: float | httpx.Timeout | ...`
        "id",
        "list",  # kept: `List[...]`; the collection's method is `list_2` (a child wins)
        "object_",  # `extra_query: Mapping[str, object]`
        "self",
        "str_",
        "type",
    ]
    assert [o.python_name for o in things.operations] == ["list_2", "create", "retrieve"]
    object_ = resource(api, "things", "object_")
    assert object_.path == ("things", "object_") and object_.class_name == "ThingsObjectResource"
    assert [o.python_name for o in object_.operations] == ["retrieve"]


def test_each_rename_is_a_warning_naming_the_path(generation: Generation) -> None:
    renamed = [
        (note.pointer, note.message)
        for note in generation.warnings
        if note.code == "normalize.resource-name-clash"
    ]
    expected = [  # pointer, old name, what it hides, new name
        ("/paths/~1cached_property", "cached_property", "'cached_property'", "cached_property_"),
        ("/paths/~1int", "int", "the builtin 'int'", "int_"),
        ("/paths/~1object", "object", "the builtin 'object'", "object_"),
        ("/paths/~1things~1httpx", "things.httpx", "'httpx'", "things.httpx_"),
        ("/paths/~1things~1object", "things.object", "the builtin 'object'", "things.object_"),
        ("/paths/~1things~1str~1{name}", "things.str", "the builtin 'str'", "things.str_"),
    ]
    assert renamed == [
        (pointer, f"client.{old} would hide {what} in the class body; it is client.{new}")
        for pointer, old, what, new in expected
    ]
    # (the info notes of --verbose, such as how a body is taken, are not renames)
    assert all(
        note.severity == "warning" for note in generation.warnings if note.severity != "info"
    )


def test_a_child_named_like_a_container_type_has_it_spelled_through_typing(
    generation: Generation,
) -> None:
    things = generation.files[f"{PACKAGE}/resources/things.py"]
    assert "    def dict(self) -> ThingsDictResource:" in things
    assert "    def list(self) -> ThingsListResource:" in things
    assert "    ) -> List[Thing]:" in things and "body: Thing | Dict[str, Any]," in things
    assert "    def object_(self) -> ThingsObjectResource:" in things
    assert "list[" not in things and "dict[" not in things


def test_the_model_fields_named_like_builtins(generation: Generation) -> None:
    """Fields were handled before (`schema`, `naming.field_name`): kept where nothing breaks."""
    [thing] = generation.api.models
    assert {f.wire_name: f.name for f in thing.fields} == {
        "id": "id",
        "type": "type",
        "object": "object_",
        "list": "list_",
        "dict": "dict_",
        "self": "self",
        "class": "class_",
    }


def run_python(code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


IMPORT_ALL = """
import importlib, pkgutil, {package}
for module in pkgutil.walk_packages({package}.__path__, "{package}."):
    importlib.import_module(module.name)
"""


def test_the_sdk_imports_and_its_renamed_resources_work(sdk_dir: Path) -> None:
    code = IMPORT_ALL.format(package=PACKAGE) + (
        f"from {PACKAGE} import Builtins, AsyncBuiltins\n"
        "import json\n"
        "client = Builtins(token='t')\n"
        "aclient = AsyncBuiltins(token='t')\n"
        "names = [\n"
        "    type(client.things.object_).__name__, type(client.things.self).__name__,\n"
        "    type(client.things.type).__name__, type(client.list).__name__,\n"
        "    type(client.cached_property_).__name__, type(client.things.httpx_).__name__,\n"
        "    type(client.things.with_raw_response.object_).__name__,\n"
        "    type(aclient.things.with_streaming_response.self).__name__,\n"
        "    type(client.class_).__name__,\n"
        "]\n"
        "print(json.dumps(names))\n"
    )
    assert json.loads(run_python(code, sdk_dir)) == [
        "ThingsObjectResource",
        "ThingsSelfResource",
        "ThingsTypeResource",
        "ListApiResource",
        "CachedPropertyResource",
        "ThingsHttpxResource",
        "ThingsObjectResourceWithRawResponse",
        "AsyncThingsSelfResourceWithStreamingResponse",
        "ClassResource",
    ]


@pytest.mark.slow
def test_the_sdk_and_code_using_it_pass_mypy_strict(sdk_dir: Path) -> None:
    (sdk_dir / "use_builtins.py").write_text(
        f"from {PACKAGE} import Builtins\n"
        f"from {PACKAGE}.types import Thing\n\n"
        "client = Builtins(token='t')\n"
        "anything: dict[str, object] = client.things.object_.retrieve()\n"
        "kind: str = client.things.type.retrieve('a')\n"
        "numbers: list[int] = client.list.list()\n"
        "words: list[str] = client.things.list.list()\n"
        "pairs: dict[str, str] = client.things.dict.retrieve()\n"
        "number: int = client.things.id.retrieve('a')\n"
        "me: Thing = client.things.self.retrieve()\n"
        "text: str = client.things.class_.retrieve()\n"
        "things: list[Thing] = client.things.list_2(tags=['a'])\n"
        "client.things.str_.delete('n')\n"
        "client.things.httpx_.retrieve()\n"
        "client.object_.retrieve()\n"
        "client.int_.retrieve()\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
        + [PACKAGE, "use_builtins.py"],
        cwd=sdk_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# The shape of `@readme/oas-examples` 3.0/json/response-schemas.json: `object` under two
# resources that have no operation of their own.
RESPONSE_SCHEMAS = {
    "openapi": "3.0.3",
    "info": {"title": "Response schemas", "version": "1.0.0"},
    "servers": [{"url": "https://httpbin.org"}],
    "paths": {
        path: {
            "get": {
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                }
                            }
                        },
                    }
                }
            }
        }
        for path in ("/anything/markdown", "/anything/object", "/multiple-responses/object")
    },
}


def test_a_response_schemas_like_spec_generates_and_imports(tmp_path: Path) -> None:
    spec = tmp_path / "response-schemas.json"
    spec.write_text(json.dumps(RESPONSE_SCHEMAS))
    generation = generation_of(spec, "sdkgen_response_schemas")
    assert [(note.pointer, note.code) for note in generation.warnings if "name" in note.code] == [
        ("/paths/~1anything~1object", "normalize.resource-name-clash"),
        ("/paths/~1multiple-responses~1object", "normalize.resource-name-clash"),
    ]
    write_tree(generation.files, tmp_path / "out")
    code = IMPORT_ALL.format(package="sdkgen_response_schemas") + (
        "from sdkgen_response_schemas import ResponseSchemas\n"
        "client = ResponseSchemas(token='t')\n"
        "print(client.anything.object_.retrieve.__qualname__, "
        "client.multiple_responses.object_.retrieve.__qualname__)\n"
    )
    assert run_python(code, tmp_path / "out").split() == [
        "AnythingObjectResource.retrieve",
        "MultipleResponsesObjectResource.retrieve",
    ]
