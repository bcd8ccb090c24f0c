"""format_sources: black on every generated Python file, nothing else touched."""

from __future__ import annotations

import pytest

from generator.diagnostics import SdkgenError
from generator.format import format_sources
from generator.render import render_sdk
from tests import ir_samples


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

    from generator import format as fmt

    monkeypatch.setenv(fmt.CACHE_ENV, str(tmp_path))
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
    from generator import format as fmt

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
    from generator import format as fmt

    monkeypatch.setenv(fmt.CACHE_ENV, str(tmp_path))
    with pytest.raises(SdkgenError):
        format_sources({"ok.py": "x = ( 1, )\n", "bad.py": "def f(:\n"})
    (entry,) = _cache_entries(tmp_path)
    assert entry.read_text() == "x = (1,)\n"


def test_cache_off_and_unusable_cache(tmp_path, monkeypatch) -> None:
    from generator import format as fmt

    monkeypatch.setenv(fmt.CACHE_ENV, "off")
    assert fmt.cache_root() is None
    assert format_sources({"a.py": "x = ( 1, )\n"}) == {"a.py": "x = (1,)\n"}
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(fmt.CACHE_ENV, str(blocked))  # cannot hold a cache: silently bypassed
    assert format_sources({"a.py": "x = ( 1, )\n"}) == {"a.py": "x = (1,)\n"}


def test_a_damaged_cache_entry_is_reformatted(tmp_path, monkeypatch) -> None:
    from generator import format as fmt

    monkeypatch.setenv(fmt.CACHE_ENV, str(tmp_path))
    source = "x = ( 1, )\n"
    format_sources({"a.py": source})
    (entry,) = _cache_entries(tmp_path)
    entry.write_bytes(b"\xff\xfe not utf-8")
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}
    assert entry.read_text() == "x = (1,)\n"


def test_parallel_default_depends_on_size_and_environment(monkeypatch) -> None:
    from generator import format as fmt

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

    from generator.format import _mode
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

    from generator import format as fmt

    monkeypatch.setenv(fmt.CACHE_ENV, "off")
    source = "x = ( 1, )\n"
    monkeypatch.delattr(black, "_format_str_once", raising=False)
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}

    def other_signature(text: str) -> str:
        raise TypeError("unexpected keyword argument 'mode'")

    monkeypatch.setattr(black, "_format_str_once", other_signature, raising=False)
    assert format_sources({"a.py": source}) == {"a.py": "x = (1,)\n"}
