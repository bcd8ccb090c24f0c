"""Every method's return annotation holds what it returns at run time, for every media type its
success response may come in: each operation of each fixture SDK (tests/fixtures/*) is called
with sample arguments against a transport that answers in the media type the request accepts,
then in each other media type the spec lists for that response (a JSON value of the annotated
shape, text, bytes, an empty stream), and the value returned is checked against the
annotation; where it cannot be of that type the SDK raises its validation error instead. A
method with `@overload`s is checked per overload, called with the selector value that overload
names: a model annotation never gets a str or a stream back, a stream annotation never a
model."""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import types as pytypes
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from generator import ir
from generator.config import ApiConfig, load_config
from generator.pipeline.stages import build_sdk, prepare_spec
from generator.write.writer import write_tree

from .conftest import FIXTURES

CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def conforms(value: object, annotation: Any) -> bool:
    """`value` is of the type `annotation` (as far as run time can tell: items of lists too)."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Any:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    if origin in (typing.Union, pytypes.UnionType):
        return any(conforms(value, member) for member in arguments)
    if origin is typing.Literal:
        return value in arguments
    if origin is list:
        return isinstance(value, list) and all(conforms(item, arguments[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict)
    if isinstance(origin, type):  # a generic class: Stream[X], SyncPage[X], Document[X]
        return isinstance(value, origin)
    if isinstance(annotation, type):
        if annotation is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, annotation)
    if isinstance(annotation, typing.TypeAliasType):
        return conforms(value, annotation.__value__)
    raise AssertionError(f"no rule for {annotation!r}")


def sample(annotation: Any) -> Any:
    """A value of type `annotation` for a required argument."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, pytypes.UnionType):
        return sample(next(a for a in arguments if a is not type(None)))
    if origin is typing.Literal:
        return arguments[0]
    if origin is not None:
        return {} if origin in (dict, typing.Mapping) else []
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation.model_construct()
    defaults = {str: "x", int: 1, float: 1.5, bool: True, bytes: b"x"}
    return defaults.get(annotation, {})


def json_body(annotation: Any) -> Any:
    """A JSON answer of the annotated shape (lenient parsing fills a model's missing fields)."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, pytypes.UnionType):
        return json_body(next(a for a in arguments if a is not type(None)))
    if origin is typing.Literal:
        return arguments[0]
    if origin is list:
        return []
    if isinstance(origin, type) and origin.__name__ in ("SyncPage", "AsyncPage"):
        return {"data": []}
    if annotation in (str, int, float, bool):
        return sample(annotation)
    return {}


class Answer:
    """The transport's answer: in `media_type`, else the media type the request accepts; JSON
    answers hold `body`."""

    def __init__(self) -> None:
        self.body: Any = None
        self.media_type: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        accepted = self.media_type or request.headers.get("Accept", "application/json")
        base = accepted.split(";")[0].strip().lower()
        if base == "text/event-stream":
            content = b": no events yet\n\n"  # a stream with no items
        elif base in ("application/jsonl", "application/x-ndjson"):
            content = b"\n"
        elif base == "application/json" or base.endswith(("+json", "/json")):
            content = json.dumps(self.body).encode()
        elif base.startswith("text/"):
            content = b"some text"
        else:
            content = b"\x00\xff"
        return httpx.Response(200, headers={"Content-Type": accepted}, content=content)


@pytest.fixture(scope="module", params=CASES)
def case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ir.Api, Any]]:
    """The fixture's IR and its generated package, imported."""
    folder = FIXTURES / request.param
    config_path = folder / "sdkgen.yaml"
    config = load_config(config_path) if config_path.exists() else ApiConfig()
    spec = next(path for path in sorted(folder.iterdir()) if path.stem == "spec")
    package = f"sdkgen_returns_{request.param}"
    generation = build_sdk(prepare_spec(spec, config), config, package_name=package)
    out: Path = tmp_path_factory.mktemp(package)
    write_tree(generation.files, out)
    sys.path.insert(0, str(out))
    try:
        yield generation.api, importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


def _resources(resources: tuple[ir.Resource, ...]) -> Iterator[ir.Resource]:
    for resource in resources:
        yield resource
        yield from _resources(resource.children)


def _variants(method: Any) -> list[tuple[dict[str, Any], Any]]:
    """(keyword arguments, return annotation) of each way of calling the method: one per
    `@overload` (its required parameters given a sample value; an argument annotated with one
    literal set to it: `stream=True`), else the method's own."""
    module = sys.modules[method.__module__].__dict__
    overloads = typing.get_overloads(getattr(method, "__func__", method)) or [method]
    found: list[tuple[dict[str, Any], Any]] = []
    for overload in overloads:
        hints = typing.get_type_hints(overload, globalns=module)
        arguments = {
            name: sample(hints[name])
            for name, parameter in inspect.signature(overload).parameters.items()
            if parameter.default is inspect.Parameter.empty and name != "self"
        }
        arguments |= {
            name: typing.get_args(hint)[0]
            for name, hint in hints.items()
            if typing.get_origin(hint) is typing.Literal and len(typing.get_args(hint)) == 1
        }
        found.append((arguments, hints["return"]))
    return found


def test_every_method_returns_what_it_is_annotated_to_return(case: tuple[ir.Api, Any]) -> None:
    api, package = case
    answer = Answer()
    http_client = httpx.Client(transport=httpx.MockTransport(answer))
    client = getattr(package, api.client_class_name)(
        base_url="http://sdk.test", token="t", http_client=http_client, max_retries=0
    )
    checked = 0
    for resource in _resources(api.resources):
        target: Any = client
        for attribute in resource.path:
            target = getattr(target, attribute)
        for op in resource.operations:
            method = getattr(target, op.python_name)
            success = next((r for r in op.responses if r.media_type == op.success_media_type), None)
            others = [m for m, _ in success.contents[1:]] if success is not None else []
            for arguments, returns in _variants(method):
                answer.body = json_body(returns)
                for answer.media_type in (None, *others):
                    try:
                        value = method(**arguments)
                    except package.APIResponseValidationError:
                        assert answer.media_type is not None  # only off the asked media type
                        continue
                    assert conforms(value, returns), (op.operation_id, arguments, returns, value)
                    if isinstance(value, package.Stream):
                        assert list(value) == []
                    checked += 1
    assert checked >= len(api.all_operations())
