"""format_sources: black (or ruff, or nothing) on every generated Python file, nothing else
touched; ruff and black give the same bytes on everything sdkgen generates."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import ir
from generator.cache import CACHE_ENV
from generator.config import ApiConfig, load_config
from generator.diagnostics import SdkgenError
from generator.format.formatting import format_sources
from generator.render import (
    SignatureParameter,
    docstring,
    method_docstring,
    print_parameter,
    render_sdk,
)
from generator.typing_printer import annotation
from tests import ir_samples
from tests.conftest import CA_CONFIG, FIXTURES, REPO

GITHUB_SPEC = REPO / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"


def test_python_files_are_formatted_and_others_kept() -> None:
    files = {"a.py": "x = ( 1, )\n", "README.md": "x = ( 1, )\n", "b/c.py": "def f( ):  return 1\n"}
    formatted = format_sources(files)
    assert formatted == {
        "a.py": "x = (1,)\n",
        "README.md": "x = ( 1, )\n",
        "b/c.py": "def f():\n    return 1\n",
    }
    assert list(formatted) == list(files)


def test_line_length_is_100() -> None:
    call = "f(" + ", ".join(f"argument_{i}" for i in range(8)) + ")\n"
    assert 80 < len(call) <= 100
    assert format_sources({"a.py": call})["a.py"] == call


def test_invalid_python_names_the_file() -> None:
    with pytest.raises(SdkgenError) as caught:
        format_sources({"ok.py": "x = 1\n", "pkg/broken.py": "def f(:\n"})
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "format.invalid-python"
    assert diagnostic.file == "pkg/broken.py"
    assert "pkg/broken.py" in diagnostic.message


def test_parallel_and_serial_formatting_agree() -> None:
    files = render_sdk(ir_samples.jsonapi_api())
    assert format_sources(files, parallel=True) == format_sources(files, parallel=False)


def test_invalid_python_is_reported_from_worker_processes_too() -> None:
    files = {f"m{i}.py": "x = 1\n" for i in range(4)} | {"bad.py": "class:\n"}
    with pytest.raises(SdkgenError) as caught:
        format_sources(files, parallel=True)
    assert caught.value.diagnostics[0].code == "format.invalid-python"


def test_formatting_is_idempotent() -> None:
    once = format_sources(render_sdk(ir_samples.jsonapi_api()))
    assert format_sources(once) == once


# --- the content-addressed cache ----------------------------------------------------------------


def _cache_entries(root) -> list:
    return sorted(p for p in (root / "format").rglob("*.py")) if (root / "format").exists() else []


def test_formatted_files_are_cached_and_never_formatted_twice(tmp_path, monkeypatch) -> None:
    import black

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    files = render_sdk(ir_samples.jsonapi_api())
    first = format_sources(files)
    python = [path for path in files if path.endswith(".py")]
    assert len(_cache_entries(tmp_path)) == len({files[p] for p in python})

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("black ran on a cached file")

    monkeypatch.setattr(black, "format_str", refuse)
    monkeypatch.setattr(black, "_format_str_once", refuse, raising=False)
    assert format_sources(files) == first  # every file from the cache
    assert list(format_sources(files)) == list(files)


def test_cache_key_covers_text_black_version_and_mode(monkeypatch) -> None:
    from generator.format import formatting as fmt

    assert fmt.cache_key("x = 1\n") != fmt.cache_key("x = 2\n")
    key = fmt.cache_key("x = 1\n")
    fmt.formatter_key.cache_clear()
    monkeypatch.setattr(fmt, "LINE_LENGTH", 88)
    try:
        assert fmt.cache_key("x = 1\n") != key
    finally:
        fmt.formatter_key.cache_clear()
    monkeypatch.setattr(fmt.metadata, "version", lambda name: "0.0-other")
    try:
        assert fmt.cache_key("x = 1\n") != key
    finally:
        fmt.formatter_key.cache_clear()


def test_invalid_files_are_not_cached_but_the_valid_ones_are(tmp_path, monkeypatch) -> None:

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    with pytest.raises(SdkgenError):
        format_sources({"ok.py": "x = ( 1, )\n", "bad.py": "def f(:\n"})
    (entry,) = _cache_entries(tmp_path)
    assert entry.read_text() == "x = (1,)\n"


def test_cache_off_and_unusable_cache(tmp_path, monkeypatch) -> None:
    from generator.format import formatting as fmt

    monkeypatch.setenv(CACHE_ENV, "off")
    assert fmt.cache_root() is None
    assert format_sources({"a.py": "x = ( 1, )\n"}) == {"a.py": "x = (1,)\n"}
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(CACHE_ENV, str(blocked))  # cannot hold a cache: silently bypassed
    assert format_sources({"a.py": "x = ( 1, )\n"}) == {"a.py": "x = (1,)\n"}


def test_a_damaged_cache_entry_is_reformatted(tmp_path, monkeypatch) -> None:

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    source = "x = ( 1, )\n"
    format_sources({"a.py": source})
    (entry,) = _cache_entries(tmp_path)
    entry.write_bytes(b"\xff\xfe not utf-8")
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}
    assert entry.read_text() == "x = (1,)\n"


def test_parallel_default_depends_on_size_and_environment(monkeypatch) -> None:
    from generator.format import formatting as fmt

    monkeypatch.delenv(fmt.PARALLEL_ENV, raising=False)
    monkeypatch.setattr(fmt, "available_cpus", lambda: 2)
    assert fmt.should_parallelize(fmt.PARALLEL_MIN_BYTES)
    assert not fmt.should_parallelize(fmt.PARALLEL_MIN_BYTES - 1)
    monkeypatch.setattr(fmt, "available_cpus", lambda: 1)
    assert not fmt.should_parallelize(10 * fmt.PARALLEL_MIN_BYTES)
    monkeypatch.setenv(fmt.PARALLEL_ENV, "0")
    monkeypatch.setattr(fmt, "available_cpus", lambda: 2)
    assert not fmt.should_parallelize(10 * fmt.PARALLEL_MIN_BYTES)
    monkeypatch.setenv(fmt.PARALLEL_ENV, "1")
    assert fmt.should_parallelize(10)


def test_one_pass_of_black_is_stable_on_the_generated_sdks(ca_generation) -> None:
    """`format_sources` runs black's formatter once per file (black.format_str runs it again when
    the text changed); a second, full `black.format_str` must change nothing, for every file of
    the CA SDK and of the snapshot fixtures."""
    import black

    from generator.format.formatting import _mode
    from tests.conftest import FIXTURES

    files = {path: text for path, text in ca_generation.files.items() if path.endswith(".py")}
    files |= {str(p): p.read_text() for p in sorted(FIXTURES.glob("*/expected/**/*.py"))}
    assert len(files) > 235
    unstable = [
        path for path, text in files.items() if black.format_str(text, mode=_mode()) != text
    ]
    assert unstable == []


def test_a_black_without_the_one_pass_function_still_formats(monkeypatch) -> None:
    import black

    monkeypatch.setenv(CACHE_ENV, "off")
    source = "x = ( 1, )\n"
    monkeypatch.delattr(black, "_format_str_once", raising=False)
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}

    def other_signature(text: str) -> str:
        raise TypeError("unexpected keyword argument 'mode'")

    monkeypatch.setattr(black, "_format_str_once", other_signature, raising=False)
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}


# --- the formatter choice: black, ruff, none ----------------------------------------------------


def _unformatted(spec: Path, config: ApiConfig, package: str | None = None) -> dict[str, str]:
    """The Python files of the SDK `spec` generates, as rendered (formatter "none")."""
    from generator.pipeline.stages import build_sdk, prepare_spec

    config = dataclasses.replace(config, formatter="none")
    generation = build_sdk(prepare_spec(spec, config), config, package_name=package)
    return {path: text for path, text in generation.files.items() if path.endswith(".py")}


def _fixture_sources() -> dict[str, str]:
    files: dict[str, str] = {}
    for case in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        spec = next(path for path in sorted(case.iterdir()) if path.stem == "spec")
        config_path = case / "sdkgen.yaml"
        config = load_config(config_path) if config_path.exists() else ApiConfig()
        rendered = _unformatted(spec, config, config.package_name or case.name)
        files |= {f"{case.name}/{path}": text for path, text in rendered.items()}
    return files


def _differing(files: dict[str, str]) -> list[str]:
    black = format_sources(files, formatter="black")
    ruff = format_sources(files, formatter="ruff")
    assert black != files  # something was formatted
    return [path for path in files if black[path] != ruff[path]]


def test_ruff_and_black_give_the_same_bytes_on_the_ca_sdk_and_every_snapshot(
    ca_spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    files = _fixture_sources()
    files |= {
        f"ca/{path}": text for path, text in _unformatted(ca_spec, load_config(CA_CONFIG)).items()
    }
    assert len(files) > 235
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))  # both formatters really run
    assert _differing(files) == []


@pytest.mark.slow
def test_ruff_and_black_give_the_same_bytes_on_the_github_sdk(tmp_path: Path, monkeypatch) -> None:

    if not GITHUB_SPEC.is_file():
        pytest.skip(f"{GITHUB_SPEC} is missing: run `npm ci`")
    files = _unformatted(GITHUB_SPEC, ApiConfig(), "github")
    assert len(files) > 1600
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert _differing(files) == []


# What the two formatters lay out differently when left to themselves: the emitter writes these
# the way black leaves them, and ruff keeps them.
DOCSTRINGS = [
    'Say "hi"',
    'Summary.\n\nDetails say "hi"',
    'Ends with three quotes: """',
    'Summary.\n\nThen three quotes """',
    "Summary.\n\n" + "A long last line " * 6,
    "Summary.\n\n" + "x" * 84,  # 8 + 84 + 3 = 95: the closing quotes fit
    "Summary.\n\n" + "x" * 89 + '"',
    "A backslash at the end \\",
    '"Quoted" start',
]


@pytest.mark.parametrize("text", DOCSTRINGS)
@pytest.mark.parametrize("indent", [0, 4, 8])
def test_docstring_endings_are_what_black_leaves_and_ruff_keeps(text: str, indent: int) -> None:
    pad = " " * indent
    heads = {0: "", 4: "def f():\n", 8: "class C:\n    def f(self):\n"}  # module, function, method
    source = f'{heads[indent]}{pad}"""{docstring(text, indent)}"""\n{pad}x = 1\n'
    compile(source, "<docstring>", "exec")
    black = format_sources({"m.py": source}, formatter="black")["m.py"]
    assert format_sources({"m.py": source}, formatter="ruff")["m.py"] == black
    assert format_sources({"m.py": black}, formatter="black")["m.py"] == black


@pytest.mark.parametrize("text", [*DOCSTRINGS, "One line", "Summary.\n\nArgs:\n  x: the x"])
def test_a_method_docstring_of_several_lines_closes_on_a_line_of_its_own(text: str) -> None:
    laid_out = method_docstring(text)
    value = inspect.cleandoc(ast.literal_eval(f'"""{laid_out}"""'))
    # the text, trailing spaces aside (by its words: a line past the line length is wrapped)
    assert value.split() == inspect.cleandoc(text).split()
    source = f'class C:\n    def f(self):\n        """{laid_out}"""\n        x = 1\n'
    black = format_sources({"m.py": source}, formatter="black")["m.py"]
    assert format_sources({"m.py": source}, formatter="ruff")["m.py"] == black
    assert format_sources({"m.py": black}, formatter="black")["m.py"] == black
    closing_alone = '\n        """\n        x = 1\n' in black
    assert closing_alone == ("\n" in text)


def test_a_docstring_keeps_its_text() -> None:
    for text in DOCSTRINGS:
        value = ast.literal_eval(f'"""{docstring(text, 0)}"""')
        assert value.split() == text.split(), text  # by its words: long lines are wrapped


def _literal(*values: str) -> ir.LiteralType:
    return ir.LiteralType(values)


def _models(*names: str) -> tuple[ir.PyType, ...]:
    return tuple(ir.ModelType(name) for name in names)


PARAMETERS = [
    SignatureParameter(
        "ecosystem", ir.optional(_literal(*(f"value{i}" for i in range(14)))), "None"
    ),
    SignatureParameter(
        "sort",
        ir.optional(_literal("updated", "published", "epss_percentage", "epss_percentile")),
        "'published'",
    ),
    SignatureParameter(
        "body",
        ir.UnionType(
            _models(
                "VeryLongModelNameVariantNumberOne",
                "VeryLongModelNameVariantNumberTwo",
                "VeryLongModelNameThree",
            )
        ),
    ),
    SignatureParameter("content", _literal(*(f"v{i}" for i in range(16)))),
    SignatureParameter("short", ir.optional(_literal("a", "b")), "None"),
    SignatureParameter(
        "items",
        ir.UnionType(
            (ir.ScalarType("str"), ir.ListType(_literal(*(f"long_value_{i}" for i in range(8)))))
        ),
    ),
    SignatureParameter(
        "url_or_literal",
        ir.UnionType(
            (_literal("a=b", "c = d"), *_models("AnotherLongModelName", "YetAnotherLongModelName"))
        ),
        "'a=b'",
    ),
]


@pytest.mark.parametrize("parameter", PARAMETERS)
@pytest.mark.parametrize("shadowed", [frozenset(), frozenset({"list"})])
def test_long_union_parameters_are_what_black_leaves_and_ruff_keeps(
    parameter: SignatureParameter, shadowed: frozenset[str]
) -> None:
    fitted = print_parameter(parameter, shadowed)
    source = f"def f(\n    self,\n    *,\n    {fitted},\n) -> None:\n    pass\n"
    source = "class C:\n" + "".join(f"    {line}\n" for line in source.splitlines())
    black = format_sources({"m.py": source}, formatter="black")["m.py"]
    assert format_sources({"m.py": source}, formatter="ruff")["m.py"] == black
    plain = f"{parameter.name}: {annotation(parameter.type, shadowed)}"
    plain += "" if parameter.default is None else f" = {parameter.default}"
    if len(plain) < 80:
        assert fitted == plain  # parentheses only where black adds them


def test_ruff_reports_invalid_python_naming_the_file() -> None:
    with pytest.raises(SdkgenError) as caught:
        format_sources({"ok.py": "x = 1\n", "pkg/broken.py": "def f(:\n"}, formatter="ruff")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "format.invalid-python" and diagnostic.file == "pkg/broken.py"


def test_ruff_formats_files_whatever_their_names(tmp_path: Path, monkeypatch) -> None:

    monkeypatch.setenv(CACHE_ENV, "off")
    files = {
        "build/x.py": "x = ( 1, )\n",  # ruff excludes `build` and `dist` by default
        "pkg/dist/y.py": "y = ( 1, )\n",
        ".hidden.py": "z = ( 1, )\n",
        "README.md": "x = ( 1, )\n",
    }
    formatted = format_sources(files, formatter="ruff")
    assert formatted == {
        **{p: t.replace("( 1, )", "(1,)") for p, t in files.items() if p.endswith(".py")},
        "README.md": "x = ( 1, )\n",
    }


def test_formatter_none_leaves_the_text_alone() -> None:
    files = {"a.py": "x = ( 1, )\n", "b.md": "text\n"}
    assert format_sources(files, formatter="none") == files


def test_cache_keys_differ_by_formatter() -> None:
    from generator.format import formatting as fmt

    keys = {fmt.cache_key("x = 1\n", name) for name in fmt.FORMATTERS}
    assert len(keys) == 3
    assert "ruff" in fmt.formatter_identity("ruff") and "line-length = 100" in fmt.RUFF_CONFIG


def test_ruff_output_is_cached_apart_from_black(tmp_path: Path, monkeypatch) -> None:
    from generator.format import formatting as fmt

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    format_sources({"a.py": "x = ( 1, )\n"}, formatter="ruff")
    format_sources({"a.py": "x = ( 1, )\n"}, formatter="black")
    assert len(_cache_entries(tmp_path)) == 2

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("ruff ran on a cached file")

    monkeypatch.setattr(fmt, "ruff_binary", refuse)
    assert format_sources({"a.py": "x = ( 1, )\n"}, formatter="ruff") == {"a.py": "x = (1,)\n"}


def test_the_formatter_comes_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "sdkgen.yaml"
    config.write_text("package: pkg\nformatter: ruff\n")
    assert load_config(config).formatter == "ruff"
    config.write_text("package: pkg\n")
    assert load_config(config).formatter == "black"
    config.write_text("package: pkg\nformatter: yapf\n")
    with pytest.raises(SdkgenError) as caught:
        load_config(config)
    assert "formatter must be one of black, ruff, none" in caught.value.diagnostics[0].message


def _sdkgen(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != ".sdkgen-manifest.json"
    }


def test_formatter_on_the_command_line_same_sdk_and_a_switch_regenerates(tmp_path: Path) -> None:
    spec, config = FIXTURES / "jsonapi" / "spec.yaml", FIXTURES / "jsonapi" / "sdkgen.yaml"
    env = {"SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    black_out, ruff_out = tmp_path / "black", tmp_path / "ruff"
    assert _sdkgen("generate", spec, "--config", config, "-o", black_out, env=env).returncode == 0
    done = _sdkgen(
        "generate", spec, "--config", config, "-o", ruff_out, "--formatter", "ruff", env=env
    )
    assert done.returncode == 0, done.stderr
    assert _tree(ruff_out) == _tree(black_out)  # byte for byte, the changelog included
    manifest = json.loads((black_out / ".sdkgen-manifest.json").read_text())
    assert (
        manifest["inputs"] != json.loads((ruff_out / ".sdkgen-manifest.json").read_text())["inputs"]
    )

    checked = _sdkgen("check", spec, "--config", config, "-o", black_out, env=env)
    assert checked.returncode == 0 and "fast path" in checked.stdout
    checked = _sdkgen(
        "check", spec, "--config", config, "-o", black_out, "--formatter", "ruff", env=env
    )
    assert checked.returncode == 0 and "full check" in checked.stdout  # the inputs changed

    unformatted = tmp_path / "none"
    done = _sdkgen(
        "generate", spec, "--config", config, "-o", unformatted, "--formatter", "none", env=env
    )
    assert done.returncode == 0
    assert _tree(unformatted) != _tree(black_out)


def test_a_missing_ruff_is_a_clear_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "ruff").mkdir()
    (blocker / "ruff" / "__init__.py").write_text("")
    (blocker / "ruff" / "__main__.py").write_text("raise ImportError('no ruff here')\n")
    spec = FIXTURES / "minimal" / "spec.yaml"
    done = _sdkgen(
        "generate",
        spec,
        "-o",
        tmp_path / "out",
        "--package",
        "p",
        "--formatter",
        "ruff",
        env={"PYTHONPATH": os.pathsep.join([str(blocker), str(REPO)])},
    )
    assert done.returncode == 2
    assert "pip install 'sdkgen[ruff]'" in done.stderr and "format.ruff-missing" in done.stderr
    assert not (tmp_path / "out").exists()
