"""The generated README is real code for its API: every ```python block of it type-checks with
`mypy --strict` against the generated package, as written (each block makes its own client), for
the Commanders Act SDK and for every snapshot fixture; its examples are chosen from the IR."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ir
from generator.render import render_sdk
from generator.render.readme import ReadmeView, api_name, readme_view
from generator.write.writer import write_tree

from .. import ir_samples
from ..conftest import FIXTURES, REPO
from ..test_snapshots import CASES, spec_of

SNIPPET = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_snippets(readme: str) -> list[str]:
    return [match.group(1) for match in SNIPPET.finditer(readme)]


def mypy_errors(sdk_root: Path, snippets: list[str], work: Path) -> list[str]:
    """The `mypy --strict` errors of each snippet, checked as a module of its own beside the
    generated package (`sdk_root` holds it)."""
    files = []
    syntax_errors = []
    for index, snippet in enumerate(snippets):
        path = work / f"readme_snippet_{index:02d}.py"
        try:  # one snippet mypy cannot parse would stop it from checking the others
            ast.parse(snippet, str(path))
        except SyntaxError as exc:
            syntax_errors.append(f"{path}:{exc.lineno}: error: {exc.msg}  [syntax]")
            continue
        path.write_text(snippet)
        files.append(str(path))
    if not files:
        return syntax_errors
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(work / ".mypy_cache")]
        + ["--no-error-summary", *files],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, "MYPYPATH": str(sdk_root)},
        timeout=1200,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 or errors, result.stdout[-2000:] + result.stderr[-2000:]
    return syntax_errors + errors


def generated_tree(files: dict[str, str], root: Path) -> Path:
    write_tree(files, root)
    return root


@pytest.mark.slow
def test_every_ca_readme_snippet_passes_mypy_strict(ca_generation, tmp_path: Path) -> None:
    sdk = generated_tree(ca_generation.files, tmp_path / "sdk")
    snippets = python_snippets((sdk / "README.md").read_text())
    assert len(snippets) >= 10
    assert mypy_errors(sdk, snippets, tmp_path) == []


# Every spec of the test suite that is generated into a whole SDK (README included).
SPECS = [spec_of(FIXTURES / case) for case in CASES] + [
    REPO / "tests" / "wire_fixtures" / "wire.yaml",
    *sorted((REPO / "tests" / "coverage_fixtures").glob("*.yaml")),
]


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: f"{spec.parent.name}/{spec.name}")
def test_every_fixture_readme_snippet_passes_mypy_strict(spec: Path, tmp_path: Path) -> None:
    from generator.config import ApiConfig, load_config
    from generator.pipeline.stages import build_sdk, prepare_spec

    config_path = spec.parent / "sdkgen.yaml"
    config = load_config(config_path) if config_path.exists() else ApiConfig()
    package = config.package_name or re.sub(r"\W", "_", f"{spec.parent.name}_{spec.stem}")
    generation = build_sdk(
        prepare_spec(spec, config), config, package_name=package, allow_invalid=True
    )
    sdk = generated_tree(generation.files, tmp_path / "sdk")
    snippets = python_snippets((sdk / "README.md").read_text())
    assert snippets
    assert mypy_errors(sdk, snippets, tmp_path) == []


def test_the_check_reports_a_snippet_that_does_not_type_check(tmp_path: Path) -> None:
    """What the README used to show: a required body left out, a text id where an int goes."""
    generation_files = render_sdk(ir_samples.jsonapi_api())
    from generator.format.formatting import format_sources

    sdk = generated_tree(format_sources(generation_files), tmp_path / "sdk")
    bad = "from commandersact import CommandersAct\n\nCommandersAct().sources.retrieve([])\n"
    errors = mypy_errors(sdk, [bad], tmp_path)
    assert len(errors) == 1 and "readme_snippet_00.py:3" in errors[0]


def test_no_snippet_has_a_placeholder() -> None:
    readme = render_sdk(ir_samples.jsonapi_api())["README.md"]
    for snippet in python_snippets(readme):
        assert "<resource>" not in snippet and "SomeAttributes" not in snippet
        assert "(...)" not in snippet


def test_the_api_is_named_once() -> None:
    assert api_name("CommandersAct API") == "CommandersAct API"
    assert api_name("Catalog api") == "Catalog api"
    assert api_name("Swagger Petstore") == "Swagger Petstore API"
    assert api_name("Rapid") == "Rapid API"  # "API" as a word, not as letters


def test_the_readme_starts_with_the_package_and_ends_with_the_api_description() -> None:
    api = ir_samples.jsonapi_api()
    api = ir.Api(
        **{
            **api.__dict__,
            "description": "Intro <b>bold</b>.<br>Next\n\n# Auth\n\n<!-- ReDoc-Inject: <x> -->",
        }
    )
    readme = render_sdk(api)["README.md"]
    head, _, about = readme.partition("## About this API\n")
    assert "Intro" not in head and "<b>" not in readme and "ReDoc-Inject" not in readme
    assert about.strip() == "Intro **bold**.\\\nNext"  # the empty "Auth" section is dropped
    assert readme.index("## Installation") < readme.index("## Quick start")


def test_the_client_and_package_docstrings_are_short_and_without_spec_text() -> None:
    api = ir_samples.jsonapi_api()
    api = ir.Api(**{**api.__dict__, "description": "<p>Long <i>HTML</i></p><!-- ReDoc-Inject -->"})
    client = render_sdk(api)["commandersact/_client.py"]
    for name in ("CommandersAct", "AsyncCommandersAct"):
        body = client.split(f"\nclass {name}(", 1)[1]
        doc = body.split('"""')[1]
        assert "<" not in doc and "HTML" not in doc and "API API" not in doc
        assert len(doc.strip().split("\n\n")) == 2  # two paragraphs (a long title wraps)
    package = render_sdk(api)["commandersact/__init__.py"]
    doc = package.split('"""')[1]
    assert "<" not in doc and "HTML" not in doc and "ReDoc" not in doc
    # wrapped at the line length: compared by its words
    assert "Python SDK. `CommandersAct` and `AsyncCommandersAct` are its clients" in " ".join(
        doc.split()
    )


def view_of(spec_text: str, tmp_path: Path) -> ReadmeView:
    from generator.config import ApiConfig
    from generator.pipeline.stages import build_sdk, prepare_spec

    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text)
    generation = build_sdk(prepare_spec(spec, ApiConfig()), ApiConfig(), package_name="shop")
    return readme_view(generation.api)


SHOP = """
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
      responses: {"204": {description: created}}
components:
  schemas:
    Order:
      type: object
      required: [sku, lines]
      properties:
        sku: {type: string}
        note: {type: string}
        lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
    Line:
      type: object
      required: [quantity]
      properties:
        quantity: {type: integer}
"""


def test_examples_pass_the_required_arguments_as_values_of_their_types(tmp_path: Path) -> None:
    view = view_of(SHOP, tmp_path)
    assert view.quick_start is not None
    assert view.quick_start.on("client") == (
        "client.orders.retrieve(1, since=date(2025, 1, 31))"  # `limit` is optional: left out
    )
    assert view.quick_start.imports == ("from datetime import date",)
    assert view.imports(["Shop"], view.quick_start) == (
        "from datetime import date\n\nfrom shop import Shop"
    )
    # no pagination, JSON:API or bulk operation: no example, the README leaves the sections out
    assert (view.pagination, view.relationships, view.jsonapi_create, view.bulk) == (None,) * 4


def test_the_catalog_examples_are_its_own_operations_and_models() -> None:
    from generator.config import load_config
    from generator.pipeline.stages import build_sdk, prepare_spec

    case = FIXTURES / "jsonapi"
    config = load_config(case / "sdkgen.yaml")
    api = build_sdk(prepare_spec(case / "spec.yaml", config), config).api
    view = readme_view(api)
    assert (
        view.pagination is not None
        and view.pagination.on("client") == "client.catalog.items.list()"
    )
    assert view.relationships is not None
    assert view.relationships.call.on("client") == "client.catalog.items.retrieve(1)"
    assert (view.relationships.to_one, view.relationships.to_many) == ("owner", None)
    # the attributes as keywords: no model to show, and no deprecated `body=` example
    assert view.jsonapi_create is not None and view.jsonapi_create_resource is None
    # the name is the create's media example (`#/components/examples/NewLamp`, its attributes)
    assert view.jsonapi_create.on("client") == 'client.catalog.items.create(name="Desk lamp")'
    assert view.jsonapi_create.models == ()
    assert view.bulk is not None and view.bulk.on("client") == (
        "client.catalog.items.bulk.create_bulk(\n"
        '    [CatalogItem(type="catalog/items"), CatalogItem(type="catalog/items")]\n'
        ")"
    )  # too long for a line: laid out as black does


def test_api_md_lists_every_method_with_its_return_type() -> None:
    api = ir_samples.jsonapi_api()
    files = render_sdk(api)
    reference = files["api.md"]
    for operation in api.all_operations():
        assert f".{operation.python_name}(\n" in reference
        assert f"`{operation.path}`" in reference
    assert reference == render_sdk(api)["api.md"]
    assert "[api.md](api.md)" in files["README.md"]
