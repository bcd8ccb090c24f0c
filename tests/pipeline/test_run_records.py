"""The run records: a no-op regeneration replayed from the cache (output untouched), only when
writing would change nothing; the JSON codec of the records, and damaged records refused."""

from __future__ import annotations

import dataclasses
import itertools
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.diagnostics import Diagnostic
from generator.pipeline.run_records import (
    RECORD_CLASSES,
    RECORD_FORMAT_VERSION,
    decode_record,
    encode_record,
)
from generator.pipeline.stages import Generation, PreparedSpec
from tests.pipeline.helpers import generate_jsonapi
from tests.write.test_writer import age, snapshot

# --- no-op regeneration: replayed from the run record, output untouched -------------------------


def test_noop_regeneration_is_replayed_and_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "sdk"
    first, first_report, first_prepared, _ = generate_jsonapi(out)
    age(out)
    before = snapshot(out)
    again, report, prepared, timings = generate_jsonapi(out)
    assert list(timings.seconds) == ["fast-path"]  # no stage ran again
    assert snapshot(out) == before
    assert report.written == () and report.removed == ()
    assert report.unchanged == tuple(sorted(first_report.written))
    assert again == first and list(again.files) == list(first.files)
    assert prepared == first_prepared

    # What the replay skips gives the same answer: generating without the cache.
    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    slow, slow_report, slow_prepared, timings = generate_jsonapi(out)
    assert "render" in timings.seconds
    assert (slow, slow_report, slow_prepared) == (again, report, prepared)
    assert snapshot(out) == before


def test_replay_only_when_writing_would_change_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "sdk"
    first, _, _, _ = generate_jsonapi(out)
    module = next(path for path in first.files if path.endswith(".py"))

    (out / module).write_text("# edited\n")  # a damaged file is rewritten
    _, report, _, timings = generate_jsonapi(out)
    assert "render" in timings.seconds and report.written == (module,)

    (out / module).unlink()  # a missing one too
    _, report, _, timings = generate_jsonapi(out)
    assert "render" in timings.seconds and report.written == (module,)

    # What sdkgen did not write is no obstacle: writing would keep it.
    for path in ("catalog/__pycache__/x.pyc", "catalog/_custom/mine.py", "LICENSE"):
        (out / path).parent.mkdir(exist_ok=True)
        (out / path).write_text("x = 1\n")
    _, report, _, timings = generate_jsonapi(out)
    assert list(timings.seconds) == ["fast-path"]
    assert (out / "catalog" / "_custom" / "mine.py").read_text() == "x = 1\n"

    (out / "copy.txt").write_bytes((out / module).read_bytes())
    (out / module).unlink()
    (out / module).symlink_to(out / "copy.txt")  # same bytes, but writing replaces a symlink
    _, report, _, timings = generate_jsonapi(out)
    assert "render" in timings.seconds and not (out / module).is_symlink()
    assert (out / "catalog" / "__pycache__" / "x.pyc").read_text() == "x = 1\n"


def test_a_run_is_replayed_only_over_the_output_it_left(tmp_path: Path, monkeypatch) -> None:
    """The record's key holds the state of the output the run left (version, aliases,
    surface): the same inputs over another history are generated again, and recorded apart."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "sdk"
    first, _, _, _ = generate_jsonapi(out)
    assert first.release is not None and first.release.version != "9.0.0"
    again, report, _, timings = generate_jsonapi(out, version="9.0.0")  # another version
    assert "render" in timings.seconds and report.written
    assert again.release is not None and again.release.version == "9.0.0"
    _, report, _, timings = generate_jsonapi(out)  # over the 9.0.0 output: that run's record
    assert list(timings.seconds) == ["fast-path"] and report.written == ()
    assert len(list((tmp_path / "cache" / "runs").iterdir())) == 2
    _, report, _, timings = generate_jsonapi(out, version="9.0.0")  # the output's version
    assert list(timings.seconds) == ["fast-path"] and report.written == ()


def test_run_records_are_json_and_a_damaged_one_is_ignored(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(cache))
    out = tmp_path / "sdk"
    first, _, prepared, _ = generate_jsonapi(out)
    (record,) = (cache / "runs").iterdir()
    assert record.read_text(encoding="utf-8") == encode_record(prepared, first)  # line by line
    head = record.read_text(encoding="utf-8").split("\n", 1)[0]
    assert json.loads(head)["format"] == 2  # plain data: nothing in the cache is unpickled

    for damage in (b"", b"\x80\x04 not json", b'{"format": 2}\n{}', b'{"$": "os.system"}\n{}'):
        record.write_bytes(damage)
        again, report, _, timings = generate_jsonapi(out)
        assert "render" in timings.seconds  # generated, not replayed, not crashed
        assert again == first and report.written == ()
        assert json.loads(record.read_text(encoding="utf-8").split("\n", 1)[0]) == json.loads(head)

    head_record = json.loads(head)  # a class outside the IR is never constructed
    head_record["tagged"][2] = {"$": "Popen", "v": [["true"]]}
    record.write_text(json.dumps(head_record) + "\n{}\n", encoding="utf-8")
    _, _, _, timings = generate_jsonapi(out)
    assert "render" in timings.seconds


def test_no_record_when_json_cannot_hold_the_spec(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    first, _, prepared, _ = generate_jsonapi(tmp_path / "sdk")
    changed = PreparedSpec(
        prepared.path, {**prepared.data, "x-codes": {200: "ok"}}, prepared.warnings, ()
    )
    assert encode_record(changed, first) is None  # {200: ...} would read back {"200": ...}
    assert encode_record(prepared, first) is not None


# --- the codec -----------------------------------------------------------------------------------


class Sample:
    """An instance of any record class, every field filled (the alternatives of a union and the
    values of a Literal taken in turn, so that nested classes vary), nested at most `DEPTH`."""

    DEPTH = 7
    SCALARS: typing.ClassVar[dict[object, object]] = {
        str: "x \u2028 é \"'\\",
        int: 7,
        bool: True,
        float: 0.5,
    }

    def __init__(self) -> None:
        self.turn = itertools.count()

    def of(self, cls: type[Any], depth: int = 0) -> Any:
        hints = typing.get_type_hints(cls)
        values = {f.name: self.value(hints[f.name], depth) for f in dataclasses.fields(cls)}
        return cls(**values)

    def value(self, hint: Any, depth: int) -> Any:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Literal:
            return args[next(self.turn) % len(args)]
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            if depth > self.DEPTH and len(options) < len(args):
                return None
            return self.value(options[next(self.turn) % len(options)], depth)
        if origin is tuple and args[-1] is Ellipsis:
            return () if depth > self.DEPTH else (self.value(args[0], depth + 1),)
        if origin is tuple:
            return tuple(self.value(arg, depth + 1) for arg in args)
        if dataclasses.is_dataclass(hint):
            return self.of(hint, depth + 1)  # type: ignore[arg-type]
        return self.SCALARS[hint]


def classes_in(value: object) -> set[str]:
    if isinstance(value, tuple):
        return set().union(*map(classes_in, value))
    if dataclasses.is_dataclass(value):
        fields = (getattr(value, f.name) for f in dataclasses.fields(value))
        return {type(value).__name__}.union(*map(classes_in, fields))
    return set()


def sample_record() -> tuple[PreparedSpec, Generation]:
    sample = Sample()
    api = sample.of(ir.Api)
    warnings = (sample.of(Diagnostic), sample.of(Diagnostic))
    data = {"openapi": "3.0.3", "paths": {"/x": {"get": {"x-list": [1, "two", None, 3.5]}}}}
    prepared = PreparedSpec(Path("specs/é.yaml"), data, warnings[:1], warnings[1:])
    return prepared, Generation(api, {"b.py": "", "a.py": "x = 1\n"}, warnings)


def test_a_record_of_every_record_class_reads_back_equal() -> None:
    prepared, generation = sample_record()
    assert classes_in((generation.api, generation.warnings)) == set(RECORD_CLASSES)
    text = encode_record(prepared, generation)
    assert text is not None and text.count("\n") == 2
    head = json.loads(text.split("\n", 1)[0])
    assert head["format"] == RECORD_FORMAT_VERSION and head["order"] == ["b.py", "a.py"]
    assert decode_record(text) == (prepared, generation.api, generation.warnings, ["b.py", "a.py"])


def test_the_record_classes_are_the_irs_dataclasses_and_diagnostic() -> None:
    assert RECORD_CLASSES["Diagnostic"] is Diagnostic
    assert RECORD_CLASSES["Api"] is ir.Api
    assert all(
        cls is Diagnostic or cls.__module__ == ir.__name__ for cls in RECORD_CLASSES.values()
    )


def test_no_record_when_the_ir_holds_what_json_cannot_tell_apart() -> None:
    prepared, generation = sample_record()
    listed = dataclasses.replace(generation.api, default_security=[["key"]])  # a list: a tuple
    assert encode_record(prepared, dataclasses.replace(generation, api=listed)) is None

    class Name(str):
        pass

    for unreadable in (
        (("key", ["nested"]),),  # a list inside tuples reads back as a tuple
        (("key", float("nan")),),  # NaN reads back as another NaN, never equal
        ((Name("key"),),),  # reads back as a plain str
        ({"key": ()},),  # a dict (the IR holds none)
    ):
        api = dataclasses.replace(generation.api, default_security=unreadable)
        assert encode_record(prepared, dataclasses.replace(generation, api=api)) is None
    readable = dataclasses.replace(generation.api, default_security=(("key", 1.5, None, True),))
    text = encode_record(prepared, dataclasses.replace(generation, api=readable))
    assert text is not None and decode_record(text)[1] == readable
    alien = dataclasses.replace(generation.api, rate_limit=Path("x"))  # not a record class
    with pytest.raises(TypeError, match="not recorded: PosixPath"):
        encode_record(prepared, dataclasses.replace(generation, api=alien))


def damaged(text: str) -> list[str]:
    """`text` (a sound record) damaged in the ways a cache entry can be."""
    head_text, data_text = text.split("\n", 1)
    head = json.loads(head_text)

    def with_head(**changes: object) -> str:
        return json.dumps({**head, **changes}) + "\n" + data_text

    return [
        "",
        "\x80\x04 not json",
        head_text,  # truncated: no spec document
        head_text + "\n[1, 2]\n",  # a spec document that is not an object
        with_head(format=RECORD_FORMAT_VERSION - 1),
        with_head(order=[1, 2]),
        with_head(tagged=[[], [], {"$": "Popen", "v": [["true"]]}, []]),  # not a record class
        with_head(tagged=[[], [], {"$": "Diagnostic", "v": ["error"]}, []]),  # not an Api
        with_head(tagged=[[], [], {"$": "Api", "v": []}, []]),  # missing fields
        json.dumps({k: v for k, v in head.items() if k != "spec"}) + "\n" + data_text,
    ]


def test_a_damaged_record_is_refused() -> None:
    text = encode_record(*sample_record())
    assert text is not None
    for damage in damaged(text):
        with pytest.raises((ValueError, KeyError, TypeError, IndexError)):
            decode_record(damage)
