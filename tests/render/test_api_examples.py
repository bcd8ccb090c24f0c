"""api.md's example calls: one under each method's signature, with the values the README would
write for its required arguments and the spec's examples of optional ones while the call stays
narrow; every one is Python that compiles, and type-checks with `mypy --strict` against the
generated package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import ApiConfig, load_config
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.render.calls import REFERENCE_WIDTH, reference_examples

from ..conftest import FIXTURES
from ..test_snapshots import CASES, spec_of
from .test_readme_snippets import generated_tree, mypy_errors

# An example block: the paragraph "For example:" then a ```python block.
EXAMPLE = re.compile(r"^For example:\n\n```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
METHOD = re.compile(r"^### `", re.MULTILINE)


def examples_of(api_md: str) -> list[str]:
    return [match.group(1) for match in EXAMPLE.finditer(api_md)]


@pytest.mark.parametrize("case", CASES)
def test_every_example_of_the_fixtures_api_md_compiles(case: str) -> None:
    api_md = (FIXTURES / case / "expected" / "api.md").read_text()
    examples = examples_of(api_md)
    assert examples, case
    assert len(examples) <= len(METHOD.findall(api_md))  # at most one per method
    for index, source in enumerate(examples):
        compile(source, f"{case}/api.md example {index}", "exec")


SHOP = """
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}, example: 7}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: limit, in: query, schema: {type: integer}, example: 50}
        - {name: sort, in: query, schema: {type: string}, example: 12}
        - name: fields
          in: query
          schema: {type: string}
          example: id,sku,quantity,lines,created_at,updated_at,customer,shipping_address
        - {name: page, in: query, schema: {type: integer}, example: 2}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
            example: {sku: A-1, note: fragile, placed_at: "2025-02-03T10:00:00Z"}
      responses: {"204": {description: created}}
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [given_name, family_name, email_address, postal_address, phone]
              properties:
                given_name: {type: string}
                family_name: {type: string}
                email_address: {type: string}
                postal_address: {type: string}
                phone: {type: string}
      responses: {"204": {description: created}}
components:
  schemas:
    Order:
      type: object
      required: [sku]
      properties:
        sku: {type: string}
        note: {type: string}
        placed_at: {type: string, format: date-time}
"""


def test_an_example_has_the_required_arguments_then_the_optional_ones_the_spec_shows(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(SHOP)
    api = build_sdk(prepare_spec(spec, ApiConfig()), ApiConfig(), package_name="shop").api
    examples = reference_examples(api)
    # `sort`'s example is no text: left out; `fields` would make the line too wide, `page` fits
    assert examples[("orders", "retrieve")] == (
        "from datetime import date\n\n"
        "client.orders.retrieve(7, since=date(2025, 1, 31), limit=50, page=2)"
    )
    # the body's example gives the keywords their values, the required ones as the README has
    assert examples[("orders", "create")] == (
        "from datetime import datetime, timezone\n\n"
        "client.orders.create(\n"
        '    sku="A-1", note="fragile", placed_at=datetime(2025, 2, 3, 10, tzinfo=timezone.utc)\n'
        ")"
    )
    # too many required arguments for one line: one a line, as black lays them out
    assert examples[("customers", "create")] == (
        "client.customers.create(\n"
        '    given_name="given_name",\n'
        '    family_name="family_name",\n'
        '    email_address="email_address",\n'
        '    postal_address="postal_address",\n'
        '    phone="phone",\n'
        ")"
    )
    for source in examples.values():
        assert max(len(line) for line in source.splitlines()) <= REFERENCE_WIDTH


@pytest.mark.slow
@pytest.mark.parametrize("case", ["jsonapi", "shapes", "cursor", "oas32"])
def test_the_fixtures_api_md_examples_pass_mypy_strict(case: str, tmp_path: Path) -> None:
    config_path = FIXTURES / case / "sdkgen.yaml"
    config = load_config(config_path) if config_path.exists() else ApiConfig()
    generation = build_sdk(
        prepare_spec(spec_of(FIXTURES / case), config),
        config,
        package_name=config.package_name or case,
    )
    sdk = generated_tree(generation.files, tmp_path / "sdk")
    package, client = generation.api.package_name, generation.api.client_class_name
    prelude = f"from {package} import {client}\n\nclient = {client}()\n"
    examples = examples_of(generation.files["api.md"])
    assert examples
    assert mypy_errors(sdk, [prelude + source for source in examples], tmp_path) == []


@pytest.mark.slow
def test_the_ca_api_md_examples_pass_mypy_strict(ca_generation, tmp_path: Path) -> None:
    sdk = generated_tree(ca_generation.files, tmp_path / "sdk")
    examples = examples_of((sdk / "api.md").read_text())
    assert len(examples) >= 100
    prelude = "from commandersact import CommandersAct\n\nclient = CommandersAct()\n"
    assert mypy_errors(sdk, [prelude + source for source in examples], tmp_path) == []
