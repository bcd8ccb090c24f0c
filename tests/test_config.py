"""load_config: the per-API sdkgen.yaml, checked with a JSON Schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.config import load_config
from generator.diagnostics import SdkgenError

ROOT = Path(__file__).parents[1]


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "overlays").mkdir(exist_ok=True)
    (tmp_path / "overlays" / "fix.yaml").write_text("overlay: 1.0.0\n")
    path = tmp_path / "sdkgen.yaml"
    path.write_text(text)
    return path


def test_commandersact_config() -> None:
    config = load_config(ROOT / "specs/commandersact/sdkgen.yaml")
    base = (ROOT / "specs/commandersact").resolve()
    assert config.package_name == "commandersact"
    assert config.distribution_name == "commandersact"
    assert config.client_class_name == "CommandersAct"
    assert config.spec_format == "redoc-html"
    assert config.spec_source == "https://commandersact.github.io/api_doc/"
    assert config.spec_path == base / "openapi.json"
    assert config.overlays == (base / "overlays/fixes.yaml",)


def test_full_config_resolves_relative_paths(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec: {source: ./x.json, format: json, path: copy/x.json}\n"
        "package: pets\nclient: Pets\noverlays: [overlays/fix.yaml]\n"
        "names:\n  operations: {listPets: pets.list}\n  models: {Pet_2: Animal}\n",
    )
    config = load_config(path)
    assert config.spec_path == tmp_path.resolve() / "copy/x.json"
    assert config.overlays == (tmp_path.resolve() / "overlays/fix.yaml",)
    assert config.operation_names == {"listPets": "pets.list"}
    assert config.model_names == {"Pet_2": "Animal"}
    assert config.spec_format == "json" and config.path == path.resolve()
    assert config.rate_limit is None  # the config states no limit: the spec's extension decides


def test_an_operation_name_may_be_a_bare_method_name(tmp_path: Path) -> None:
    path = write(tmp_path, "package: p\nnames:\n  operations: {modifyAssistant: modify}\n")
    assert load_config(path).operation_names == {"modifyAssistant": "modify"}


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("{requests: 30, per: 1, max_concurrency: 30}", ir.RateLimit(30, 1.0, 30)),
        ("{requests: 100, per: 60}", ir.RateLimit(100, 60.0, None)),
        ("{requests: 5}", ir.RateLimit(5, 1.0, None)),
        ("{max_concurrency: 4}", ir.RateLimit(None, 1.0, 4)),
        ("{requests: 10.0, per: 0.5}", ir.RateLimit(10, 0.5, None)),  # 10.0 is an integer
        ("false", False),  # no limit, whatever the spec's x-rate-limit says
    ],
)
def test_rate_limit_states_the_apis_limits(
    tmp_path: Path, text: str, limit: ir.RateLimit | bool
) -> None:
    config = load_config(write(tmp_path, f"package: p\nrate_limit: {text}\n"))
    assert config.rate_limit == limit
    if isinstance(config.rate_limit, ir.RateLimit):
        assert type(config.rate_limit.per) is float
        assert config.rate_limit.requests is None or type(config.rate_limit.requests) is int


@pytest.mark.parametrize(
    ("value", "pointer", "words"),
    [
        ("{requests: 0}", "/rate_limit/requests", "rate_limit.requests must be at least 1, not 0"),
        ("{requests: 2.5}", "/rate_limit/requests", "rate_limit.requests: 2.5 is not of type"),
        ("{requests: '30'}", "/rate_limit/requests", "is not of type 'integer'"),
        ("{requests: 3, per: 0}", "/rate_limit/per", "rate_limit.per must be more than 0, not 0"),
        ("{requests: 3, per: -1}", "/rate_limit/per", "must be more than 0"),
        (
            "{requests: 3, per: .inf}",
            "/rate_limit/per",
            "must be a finite number of seconds, not inf",
        ),
        (
            "{requests: 3, per: .nan}",
            "/rate_limit/per",
            "must be a finite number of seconds, not nan",
        ),
        ("{max_concurrency: 0}", "/rate_limit/max_concurrency", "must be at least 1"),
        ("{max_concurrency: true}", "/rate_limit/max_concurrency", "not of type 'integer'"),
        ("{per: 2}", "/rate_limit", "`per` counts the seconds of `requests`, which is missing"),
        (
            "{max_concurency: 30}",
            "/rate_limit",
            "unknown key 'max_concurency' (did you mean 'max_concurrency'?) in rate_limit",
        ),
        ("{}", "/rate_limit", "rate_limit must be a mapping of `requests`"),
        ("30", "/rate_limit", "or false for no limit; not 30"),
        ("true", "/rate_limit", "or false for no limit; not True"),
        ("", "/rate_limit", "or false for no limit; not None"),
    ],
)
def test_a_bad_rate_limit_is_a_config_error_naming_the_file_and_key(
    tmp_path: Path, value: str, pointer: str, words: str
) -> None:
    path = write(tmp_path, f"package: p\nrate_limit: {value}\n")
    with pytest.raises(SdkgenError) as caught:
        load_config(path)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.file, problem.pointer) == ("config.invalid", str(path), pointer)
    assert words in problem.message


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ("package: Package-x\n", "/package", "not a valid Python identifier"),
        ("package: p\noverlay: [a]\n", "", "unknown key 'overlay' (did you mean 'overlays'?)"),
        ("package: p\nspec: {format: html}\n", "/spec/format", "must be one of"),
        ("package: p\nnames: {operations: {x: NotDotted}}\n", "/names/operations/x", "NotDotted"),
        (
            "package: p\nnames: {operations: {cancelBatch: batches..cancel}}\n",
            "/names/operations/cancelBatch",
            "'batches..cancel' is neither 'resource.path.method' nor a bare 'method'",
        ),
        ("package: p\nspec: {path: 3}\n", "/spec/path", "not of type 'string'"),
        ("client: C\n", "", "'package' is a required property"),
        ("- a\n", "", "mapping"),
    ],
)
def test_invalid_configs(tmp_path: Path, text: str, pointer: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SdkgenError) as caught:
        load_config(path)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.file, problem.pointer) == ("config.invalid", str(path), pointer)
    assert words in problem.message


def test_missing_overlay_file(tmp_path: Path) -> None:
    path = write(tmp_path, "package: p\noverlays: [overlays/fix.yaml, nope.yaml]\n")
    with pytest.raises(SdkgenError) as caught:
        load_config(path)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.pointer) == ("config.missing-file", "/overlays/1")


def test_missing_config_file_exits_2(tmp_path: Path) -> None:
    with pytest.raises(SdkgenError) as caught:
        load_config(tmp_path / "absent.yaml")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "pointer", "words"),
    [
        ("package: class\n", "/package", "'class' is a Python keyword, so `import` cannot"),
        ("package: my-pkg\n", "/package", "try 'my_pkg'"),
        ("package: p\nclient: 9abc\n", "/client", "not a valid Python identifier"),
        ("package: p\nclient: x y\n", "/client", "try 'XY'"),
        ("package: p\nnames: {models: {Pet_2: a.b}}\n", "/names/models/Pet_2", "try 'AB'"),
    ],
)
def test_names_python_cannot_use_are_refused_with_a_suggestion(
    tmp_path: Path, text: str, pointer: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SdkgenError) as caught:
        load_config(path)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.pointer) == ("config.invalid", pointer)
    assert words in problem.message


# --- a config checked once is remembered ------------------------------------------------------

LOAD_TWICE = """
import sys
from pathlib import Path
from generator.config import load_config
load_config(Path(sys.argv[1]))
print("jsonschema" in sys.modules)
"""


def _load_in_a_fresh_process(path: Path, cache: Path) -> bool:
    """Load the config at `path` in a new interpreter; whether that imported jsonschema."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SDKGEN_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_TWICE, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_a_config_that_passed_is_not_checked_again(tmp_path: Path) -> None:
    path = write(tmp_path, "package: pets\nclient: Pets\n")
    cache = tmp_path / "cache"
    assert _load_in_a_fresh_process(path, cache) is True  # checked with jsonschema
    assert len(list((cache / "configs").iterdir())) == 1
    assert _load_in_a_fresh_process(path, cache) is False  # remembered: no jsonschema at all


def test_an_edited_config_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, "package: pets\nclient: Pets\n")
    assert load_config(path).client_class_name == "Pets"
    path.write_text("package: pets\nclient: Pets\nformater: ruff\n")
    with pytest.raises(SdkgenError) as raised:
        load_config(path)
    assert "unknown key 'formater' (did you mean 'formatter'?)" in str(raised.value)
    path.write_text("package: pets\nclient: 2Pets\n")  # schema-valid, not a class name
    with pytest.raises(SdkgenError, match="'2Pets' is not a valid Python identifier"):
        load_config(path)
    # Only passing verdicts are kept: the first config's.
    assert len(list((tmp_path / "cache" / "configs").iterdir())) == 1


def test_an_invalid_config_is_reported_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, "package: pets\nversion: one\n")
    for _ in range(2):
        with pytest.raises(SdkgenError, match="'one' is not a semantic version"):
            load_config(path)
    assert not (tmp_path / "cache" / "configs").exists()


def test_a_verdict_depends_on_the_rules_that_gave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import config

    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    text = b"package: pets\nformatter: ruff\n"
    before = config.verdict_path(text)
    monkeypatch.setitem(config.CONFIG_SCHEMA["properties"], "formatter", {"enum": ["black"]})
    assert config.verdict_path(text) != before
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    assert config.verdict_path(text) is None


def test_pagination_declares_per_operation_or_pattern(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "package: p\npagination:\n"
        '  "GET /logs/*": {style: cursor, parameter: cursor, next: /meta/next~1cursor}\n'
        "  listThings: false\n",
    )
    config = load_config(path)
    logs, things = config.pagination
    assert logs[0] == "GET /logs/*" and things == ("listThings", None)
    assert logs[1] is not None
    assert (logs[1].style, logs[1].parameter, logs[1].next) == (
        "cursor",
        "cursor",
        ("meta", "next/cursor"),
    )
    assert logs[1].items is None  # the response's own list


@pytest.mark.parametrize(
    ("entry", "pointer", "words"),
    [
        ("{style: pages}", "/pagination/listX/style", "must be one of cursor, token"),
        ("{parameter: after}", "/pagination/listX", "'style' is a required property"),
        ("{style: cursor, next: last_id}", "/pagination/listX/next", "not a JSON pointer"),
        ("{style: cursor, nxt: /a}", "/pagination/listX", "unknown key 'nxt' (did you mean"),
        ("true", "/pagination/listX", "must be false (the operation does not page) or a mapping"),
    ],
)
def test_a_bad_pagination_entry_names_the_file_and_key(
    tmp_path: Path, entry: str, pointer: str, words: str
) -> None:
    path = write(tmp_path, f"package: p\npagination:\n  listX: {entry}\n")
    with pytest.raises(SdkgenError) as caught:
        load_config(path)
    problem = caught.value.diagnostics[0]
    assert (problem.code, problem.file, problem.pointer) == ("config.invalid", str(path), pointer)
    assert words in problem.message
