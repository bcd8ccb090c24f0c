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
from generator.readme import api_name, readme_view
from generator.render import render_sdk
from generator.writer import write_tree

from . import ir_samples
from .conftest import FIXTURES, REPO
from .test_snapshots import CASES, spec_of

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
    from generator.pipeline import build_sdk, prepare_spec

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
    from generator.format import format_sources

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


def test_the_client_docstring_is_one_short_paragraph_without_spec_text() -> None:
    api = ir_samples.jsonapi_api()
    api = ir.Api(**{**api.__dict__, "description": "<p>Long <i>HTML</i></p><!-- ReDoc-Inject -->"})
    client = render_sdk(api)["commandersact/_client.py"]
    for name in ("CommandersAct", "AsyncCommandersAct"):
        body = client.split(f"\nclass {name}(", 1)[1]
        doc = body.split('"""')[1]
        assert "<" not in doc and "HTML" not in doc and "API API" not in doc
        assert len([line for line in doc.splitlines() if line.strip()]) == 2


def test_examples_use_real_operations_and_required_arguments() -> None:
    view = readme_view(ir_samples.jsonapi_api())
    assert view.quick_start is not None
    for call in (view.quick_start, view.pagination, view.jsonapi_create):
        if call is not None:
            assert "..." not in call.arguments


def test_api_md_lists_every_method_with_its_return_type() -> None:
    api = ir_samples.jsonapi_api()
    files = render_sdk(api)
    reference = files["api.md"]
    for operation in api.all_operations():
        assert f".{operation.python_name}(\n" in reference
        assert f"`{operation.path}`" in reference
    assert reference == render_sdk(api)["api.md"]
    assert "[api.md](api.md)" in files["README.md"]
