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
