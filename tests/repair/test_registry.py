"""The registry of repairs: each code declared once, beside the functions that make it, listed
in the README's table of repairs, and the only codes a repair emits."""

from __future__ import annotations

import ast
import gzip
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.repair.registry import REPAIRS
from generator.repair.repairs import repair_document

from .support import DEFECTS_31, paths_spec

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generator" / "repair"
CODE = re.compile(r"repair\.[a-z0-9-]+")
# A row of the README's table of repairs: | `repair.<kind>` | what it repairs |
README_ROW = re.compile(r"^\| `(repair\.[a-z0-9-]+)` \| (.+) \|$")


def code_literals() -> list[tuple[str, str, bool]]:
    """Every "repair.<kind>" string of generator/repair: its module, and whether it is the
    first argument of a `declare(...)` call."""
    found = []
    for source in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        declared = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "declare"
            and node.args
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and CODE.fullmatch(str(node.value)):
                found.append((node.value, source.stem, id(node) in declared))
    return found


def test_every_code_is_declared_once_and_named_nowhere_else() -> None:
    literals = code_literals()
    assert all(is_declaration for _, _, is_declaration in literals), literals
    codes = [code for code, _, _ in literals]
    assert sorted(codes) == sorted(REPAIRS) and len(set(codes)) == len(codes)


def test_each_code_is_made_by_functions_of_the_module_declaring_it() -> None:
    declared_in = {code: module for code, module, _ in code_literals()}
    for code, repair in REPAIRS.items():
        assert repair.makers, f"{code} has no function that makes it"
        modules = {maker.__module__ for maker in repair.makers}
        assert modules == {f"generator.repair.{declared_in[code]}"}, code


def test_only_the_context_makes_diagnostics() -> None:
    """Reporting goes through `Repairing.report`, which takes a registered `Repair`: no repair
    can emit a code of its own."""
    for source in PACKAGE.glob("*.py"):
        if source.stem in ("context", "overlay"):
            continue
        assert "Diagnostic(" not in source.read_text(encoding="utf-8"), source.name


def readme_table() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if match := README_ROW.match(line):
            assert match[1] not in rows, f"{match[1]} listed twice"
            rows[match[1]] = match[2]
    return rows


def test_the_readme_lists_every_code_with_its_summary() -> None:
    assert readme_table() == {code: repair.summary for code, repair in REPAIRS.items()}


def test_every_code_has_a_test_that_names_it() -> None:
    tests = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(__file__).parent.glob("test_*.py")
        if path.name != Path(__file__).name
    )
    assert [code for code in REPAIRS if f'"{code}"' not in tests] == []


def emitted(document: dict[str, Any]) -> list[tuple[str, str]]:
    _, diagnostics = repair_document(document)
    return [(d.code, d.severity) for d in diagnostics]


def test_what_repairs_emit_is_registered_with_its_severity() -> None:
    made = emitted(paths_spec()) + emitted(yaml.safe_load(DEFECTS_31.read_text()))
    collision = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {}}, "a": {"get": {}}},
    }
    made += emitted(collision)
    assert made and all(REPAIRS[code].severity == severity for code, severity in made)


@pytest.mark.skipif("SDKGEN_SPEC" not in os.environ, reason="needs the Commanders Act spec")
def test_what_repairs_emit_on_the_commandersact_history_is_registered() -> None:
    history = Path(os.environ["SDKGEN_SPEC"]).parent / "history"
    made = set()
    for path in sorted(history.glob("*.json.gz")):
        made.update(emitted(json.loads(gzip.decompress(path.read_bytes()))))
    assert made and all(REPAIRS[code].severity == severity for code, severity in made)
