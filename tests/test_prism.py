"""Contract test: every operation of the generated Commanders Act SDK against a Prism mock.

Prism (`node_modules/.bin/prism`, pinned in package.json; run `npm ci`) serves the repaired spec
and checks each request against it: a request that violates the spec gets a 4xx answer (the SDK
raises) and the `sl-violations` header lists what was wrong. Prism answers with the vendor's own
examples, some of which do not match their schema (string ids where the schema says integer):
those *response* violations are counted and reported, not failed, since the SDK's lenient parser
exists precisely for such responses (`--errors` would turn them into 500s). A call passes when
Prism reports no request violation and the response parses. The arguments of every call are
built from the spec by `sample` (path parameters, required query parameters, request bodies):
generic code, no per-endpoint table. Both clients, sync and async, make all 133 calls.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from generator import ir
from generator.write.writer import write_tree

from .conftest import REPO

PRISM = REPO / "node_modules" / ".bin" / "prism"
EXPECTED_OPERATIONS = 133
STARTUP_TIMEOUT = 180.0  # seconds; Prism parses the 1 MB repaired spec before listening
PACKAGE = "commandersact"


# --- values from schemas ----------------------------------------------------------------------


def _valid(schema: dict[str, Any], value: object) -> bool:
    try:
        return not any(True for _ in OAS30Validator(schema).iter_errors(value))
    except Exception:  # noqa: BLE001 - a schema the validator cannot use: distrust the example
        return False


def _string(schema: dict[str, Any]) -> str:
    formats = {
        "date": "2024-01-31",
        "date-time": "2024-01-31T10:00:00+00:00",
        "email": "someone@example.com",
        "uri": "https://example.com/",
        "url": "https://example.com/",
        "uuid": "123e4567-e89b-12d3-a456-426614174000",
        "ipv4": "192.0.2.1",
        "hostname": "example.com",
    }
    text = formats.get(str(schema.get("format")), "sample")
    minimum = schema.get("minLength")
    if isinstance(minimum, int) and len(text) < minimum:
        text = text + "x" * (minimum - len(text))
    maximum = schema.get("maxLength")
    if isinstance(maximum, int) and len(text) > maximum:
        text = text[:maximum]
    return text


def sample(schema: Any, depth: int = 0) -> Any:
    """A value that validates against `schema` (an OpenAPI 3.0 schema, refs inlined).

    A valid `example` (or `default`) wins; else the value is built from the schema: required
    properties only, one array item (or `minItems`), the first enum value, the first `oneOf` or
    `anyOf` member, the bounds of numbers and strings.
    """
    if not isinstance(schema, dict) or depth > 12:
        return None
    for key in ("example", "default"):
        if key in schema and _valid(schema, schema[key]):
            return schema[key]
    if isinstance(schema.get("enum"), list):
        values = [value for value in schema["enum"] if value is not None]
        if values:
            return values[0]
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = sample(part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
            elif value is not None:
                return value
        return merged
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return sample(schema[key][0], depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        required = schema.get("required") or []
        return {
            name: sample(properties.get(name, {}), depth + 1)
            for name in required
            if isinstance(name, str)
        }
    if kind == "array":
        count = max(int(schema.get("minItems") or 1), 1)
        return [sample(schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1.5))
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(schema)
    return "sample"


def _spec_parameter(spec_op: dict[str, Any], path_item: dict[str, Any], p: ir.Parameter) -> Any:
    for raw in [*(spec_op.get("parameters") or []), *(path_item.get("parameters") or [])]:
        if isinstance(raw, dict) and raw.get("name") == p.wire_name and raw.get("in") == p.location:
            if "example" in raw and _valid(raw.get("schema") or {}, raw["example"]):
                return raw["example"]
            return sample(raw.get("schema") or {"type": "string"})
    return sample({"type": "string"})


def call_arguments(spec: dict[str, Any], op: ir.Operation) -> dict[str, Any]:
    """Keyword arguments of the SDK method for `op`: path parameters, required query, header
    and cookie parameters, and a request body when the spec requires or describes one."""
    path_item = spec["paths"][op.path]
    spec_op = path_item[op.method.lower()]
    arguments: dict[str, Any] = {}
    for p in op.parameters:
        if p.location == "path" or p.required:
            arguments[p.name] = _spec_parameter(spec_op, path_item, p)
    if op.request_bodies:
        body = op.request_bodies[0]
        media = spec_op["requestBody"]["content"][body.media_type]
        value = media.get("example")
        schema = media.get("schema") or {}
        arguments["body"] = value if value is not None and _valid(schema, value) else sample(schema)
    return arguments


def method_of(client: Any, api: ir.Api, op: ir.Operation) -> Any:
    resource = _resource_path(api.resources, op)
    target = client
    for attribute in resource:
        target = getattr(target, attribute)
    return getattr(target.with_raw_response, op.python_name)


def _resource_path(resources: tuple[ir.Resource, ...], op: ir.Operation) -> tuple[str, ...]:
    stack = list(resources)
    while stack:
        resource = stack.pop()
        if op in resource.operations:
            return resource.path
        stack.extend(resource.children)
    raise LookupError(op.operation_id)


# --- Prism and the SDK ------------------------------------------------------------------------


def prism_copy(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as given to Prism, with one generic workaround for a Prism bug.

    Prism (5.16 too) never finds a *required* query parameter whose name has brackets
    (`filter[begin_date]`): it looks the property up percent-encoded (`filter%5bbegin_date%5d`)
    and answers 422 whether it was sent or not (stoplightio/prism#2017, #2443). The copy marks
    such parameters optional for Prism only; the SDK is generated from the unchanged spec and
    the test still sends them. (Affects GET /dms/segments-statistics and /privacy/statistics.)
    """
    patched = copy.deepcopy(spec)
    for path_item in patched.get("paths", {}).values():
        operations = [path_item, *(v for v in path_item.values() if isinstance(v, dict))]
        for operation in operations:
            for parameter in operation.get("parameters") or []:
                if (
                    isinstance(parameter, dict)
                    and parameter.get("in") == "query"
                    and "[" in str(parameter.get("name"))
                ):
                    parameter["required"] = False
    return patched


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True  # any HTTP answer means Prism listens
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def prism(
    ca_prepared, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[str]:
    if not PRISM.exists():
        message = f"Prism is not installed at {PRISM}: run `npm ci`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    spec_file = tmp_path_factory.mktemp("prism") / "openapi.json"
    spec_file.write_text(json.dumps(prism_copy(ca_prepared.data)), encoding="utf-8")
    port = _free_port()
    log_file = spec_file.with_name("prism.log").open("w")
    process = subprocess.Popen(
        [str(PRISM), "mock", str(spec_file), "-h", "127.0.0.1", "-p", str(port)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        while not _answers(url):
            if process.poll() is not None:
                pytest.fail(f"Prism exited early: {spec_file.with_name('prism.log').read_text()}")
            if time.monotonic() - started > STARTUP_TIMEOUT:
                pytest.fail(f"Prism did not answer within {STARTUP_TIMEOUT:.0f}s")
            time.sleep(0.25)
        with_startup = time.monotonic() - started
        _say(pytestconfig, f"[prism] listening after {with_startup:.1f}s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log_file.close()


@pytest.fixture(scope="module")
def sdk(ca_generation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("prism_sdk") / "out"
    write_tree(ca_generation.files, out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


RESPONSE_VIOLATIONS: dict[str, int] = {}  # operationId -> Prism's response violations


def _check(op: ir.Operation, response: Any) -> str | None:
    """None when Prism saw no request violation and the body parses, else what went wrong."""
    violations = json.loads(response.headers.get("sl-violations") or "[]")
    on_request = [v for v in violations if (v.get("location") or [""])[0] == "request"]
    if on_request:
        return f"request violations: {on_request}"
    if violations:
        RESPONSE_VIOLATIONS[op.operation_id] = len(violations)
    try:
        response.parse()
    except Exception as exc:  # noqa: BLE001 - reported; the test asserts the count
        return f"parse: {type(exc).__name__}: {exc}"
    return None


def _say(config: pytest.Config, text: str) -> None:
    """A line on the terminal whatever the capture mode (`-s` or not)."""
    capture = config.pluginmanager.get_plugin("capturemanager")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if capture is None or reporter is None:
        sys.__stdout__.write(text + "\n")
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(text)


def _report(
    config: pytest.Config, kind: str, passed: int, failures: dict[str, str], seconds: float
) -> None:
    lines = [f"[prism] {kind}: {passed}/{EXPECTED_OPERATIONS} operations passed ({seconds:.1f}s)"]
    lines += [f"[prism]   {op_id}: {why[:300]}" for op_id, why in sorted(failures.items())]
    if RESPONSE_VIOLATIONS:
        lines.append(
            f"[prism]   (vendor examples off their schema, parsed leniently: "
            f"{len(RESPONSE_VIOLATIONS)} operations, {sum(RESPONSE_VIOLATIONS.values())} violations)"
        )
    _say(config, "\n".join(lines))


def test_every_operation_passes_against_prism_sync(
    prism: str, sdk: ModuleType, ca_prepared, ca_generation, pytestconfig: pytest.Config
) -> None:
    api: ir.Api = ca_generation.api
    operations = api.all_operations()
    assert len(operations) == EXPECTED_OPERATIONS
    failures: dict[str, str] = {}
    started = time.monotonic()
    with sdk.CommandersAct(token="prism-token", base_url=prism, max_retries=0) as client:
        for op in operations:
            try:
                response = method_of(client, api, op)(**call_arguments(ca_prepared.data, op))
                problem = _check(op, response)
            except Exception as exc:  # noqa: BLE001 - reported; the test asserts the count
                problem = f"{type(exc).__name__}: {exc}"
            if problem:
                failures[op.operation_id] = problem
    passed = len(operations) - len(failures)
    _report(pytestconfig, "sync", passed, failures, time.monotonic() - started)
    assert passed == EXPECTED_OPERATIONS, failures


def test_every_operation_passes_against_prism_async(
    prism: str, sdk: ModuleType, ca_prepared, ca_generation, pytestconfig: pytest.Config
) -> None:
    api: ir.Api = ca_generation.api
    operations = api.all_operations()
    failures: dict[str, str] = {}

    async def one(client: Any, op: ir.Operation) -> None:
        try:
            response = await method_of(client, api, op)(**call_arguments(ca_prepared.data, op))
            problem = _check(op, response)
        except Exception as exc:  # noqa: BLE001 - reported; the test asserts the count
            problem = f"{type(exc).__name__}: {exc}"
        if problem:
            failures[op.operation_id] = problem

    async def main() -> None:
        async with sdk.AsyncCommandersAct(
            token="prism-token", base_url=prism, max_retries=0
        ) as client:
            await asyncio.gather(*(one(client, op) for op in operations))

    started = time.monotonic()
    asyncio.run(main())
    passed = len(operations) - len(failures)
    _report(pytestconfig, "async", passed, failures, time.monotonic() - started)
    assert passed == EXPECTED_OPERATIONS, failures
