"""Spec text never becomes code: hundreds of random specs full of hostile text generate
packages that compile, import, and run no code the spec wrote.

Each example draws a small OpenAPI 3.0 document whose names, descriptions, enum values,
defaults, examples, operationIds, server variables and security scheme names come from hostile
text (quotes, triple quotes, backslashes, line breaks, control characters, unicode, Python
keywords, Jinja syntax, `__import__('os')...` payloads that would create a canary file). For
every example the SDK is normalized and rendered in memory and every Python file must
- compile, and
- contain only calls from an allow-list of what the templates themselves call, with no
  identifier taken verbatim from a payload.
Every few examples are formatted with black, and a sample of the packages is written to disk
and imported (every module) in subprocesses, in batches; the canary file must never appear.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import ApiConfig
from generator.format.formatting import format_sources
from generator.load import limits
from generator.load.loader import replace_lone_surrogates
from generator.normalize import normalize
from generator.render import render_sdk, runtime_modules
from generator.repair.repairs import repair_document
from generator.write.writer import write_tree

EXAMPLES = int(os.environ.get("SDKGEN_FUZZ_EXAMPLES", "500"))
IMPORT_EVERY = 5  # import one package in this many (all compile and pass the AST check)
FORMAT_EVERY = 25  # format one package in this many with black
BATCH = 25  # packages imported per subprocess

CANARY = Path(tempfile.gettempdir()) / f"sdkgen-fuzz-canary-{os.getpid()}"
PAYLOADS = [
    f"__import__('os').system('touch {CANARY}')",
    f"\"); open({str(CANARY)!r}, 'w'); (\"",
    f"'); open({str(CANARY)!r}, 'w'); ('",
    f'"""\nopen({str(CANARY)!r}, "w")\n"""',
    f"'''\nopen({str(CANARY)!r}, 'w')\n'''",
    f"\\\"; open({str(CANARY)!r}, 'w') #",
    f"{{{{ cycler.__init__.__globals__.os.system('touch {CANARY}') }}}}",
    f"{{% import os %}}{{{{ os.system('touch {CANARY}') }}}}",
    f"x\nimport os; os.system('touch {CANARY}')\n",
    f"# -*- coding: rot13 -*-\nbcra({str(CANARY)!r}, 'j')",
]
HOSTILE = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x0b\x0c",
    "\u2028\u2029",
    "\x85",
    "\ud800",
    "\x7f",
    "",
    " ",
    "class",
    "def",
    "import",
    "lambda",
    "None",
    "True",
    "self",
    "body",
    "timeout",
    "__init__",
    "__class__",
    "__dict__",
    "model_config",
    "model_dump",
    "Any",
    "BaseModel",
    "list",
    "1a",
    "0",
    "-1",
    "with space",
    "a-b.c/d",
    "{id}",
    "[x]",
    "$ref",
    "~1~0",
    "#",
    "ünïcödé",
    "日本語",
    "😀",
    "\u0301",
    *PAYLOADS,
]

hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
)
scalar = st.one_of(
    hostile,
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def property_schema(draw: st.DrawFn, refs: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["string", "enum", "intenum", "integer", "array", "map", "ref"]))
    schema: dict[str, Any]
    if kind == "ref" and refs:
        return {
            "$ref": "#/components/schemas/"
            + draw(st.sampled_from(refs)).replace("~", "~0").replace("/", "~1")
        }
    if kind == "enum":
        schema = {"type": "string", "enum": draw(st.lists(hostile, min_size=1, max_size=4))}
    elif kind == "intenum":
        schema = {
            "type": "integer",
            "enum": draw(st.lists(st.integers(-5, 2**40), min_size=1, max_size=3)),
        }
    elif kind == "integer":
        schema = {"type": "integer", "format": draw(st.sampled_from(["int32", "int64", hostile]))}
    elif kind == "array":
        schema = {"type": "array", "items": {"type": "string", "enum": [draw(hostile)]}}
    elif kind == "map":
        schema = {"type": "object", "additionalProperties": {"type": "string"}}
    else:
        fmt = draw(st.sampled_from(["date", "date-time", "uuid", "binary", "byte", "uri", None]))
        schema = {"type": "string", **({"format": fmt} if fmt else {})}
    if draw(st.booleans()):
        schema["description"] = draw(hostile)
    if draw(st.booleans()):
        schema["default"] = draw(scalar)
    if draw(st.booleans()):
        schema["example"] = draw(scalar)
    if draw(st.booleans()):
        schema["title"] = draw(hostile)
    if draw(st.booleans()):
        schema["nullable"] = True
    return schema


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(hostile, min_size=0, max_size=4, unique=True))
    schemas: dict[str, Any] = {}
    for name in names:
        props = draw(st.dictionaries(hostile, property_schema(names), min_size=1, max_size=5))
        schemas[name] = {
            "type": "object",
            "description": draw(hostile),
            "properties": props,
            "required": draw(st.lists(st.sampled_from(sorted(props)), max_size=2, unique=True)),
        }
    paths: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        segment = draw(hostile).replace("{", "").replace("}", "")
        variable = draw(hostile).replace("{", "").replace("}", "").replace("/", "")
        item = "/" + segment + (("/{" + variable + "}") if variable and draw(st.booleans()) else "")
        operations: dict[str, Any] = {}
        for method in draw(
            st.lists(
                st.sampled_from(["get", "post", "put", "delete"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        ):
            params: list[dict[str, Any]] = []
            if "{" in item:
                params.append(
                    {
                        "name": variable,
                        "in": "path",
                        "required": True,
                        "description": draw(hostile),
                        "schema": {"type": "string"},
                    }
                )
            for _ in range(draw(st.integers(0, 3))):
                params.append(
                    {
                        "name": draw(hostile),
                        "in": draw(st.sampled_from(["query", "header", "cookie"])),
                        "description": draw(hostile),
                        "schema": draw(property_schema(names)),
                    }
                )
            response_schema: dict[str, Any] = draw(property_schema(names))
            use_ref: bool = draw(st.booleans())
            if names and use_ref:
                target = draw(st.sampled_from(names)).replace("~", "~0").replace("/", "~1")
                response_schema = {"$ref": "#/components/schemas/" + target}
            operation: dict[str, Any] = {
                "operationId": draw(hostile),
                "summary": draw(hostile),
                "description": draw(hostile),
                "tags": [draw(hostile)],
                "parameters": params,
                "responses": {
                    "200": {
                        "description": draw(hostile),
                        "headers": {
                            draw(hostile): {
                                "schema": {"type": "string"},
                                "description": draw(hostile),
                            }
                        },
                        "content": {
                            "application/json": {"schema": response_schema, "example": draw(scalar)}
                        },
                    },
                    "default": {"description": draw(hostile)},
                },
            }
            if method in ("post", "put"):
                operation["requestBody"] = {
                    "description": draw(hostile),
                    "required": draw(st.booleans()),
                    "content": {"application/json": {"schema": draw(property_schema(names))}},
                }
            operations[method] = operation
        paths[item] = operations
    scheme = draw(hostile)
    return {
        "openapi": "3.0.3",
        "info": {"title": draw(hostile), "description": draw(hostile), "version": draw(hostile)},
        "servers": [
            {
                "url": "https://example.com/{" + (var := draw(hostile)) + "}",
                "description": draw(hostile),
                "variables": {
                    var: {
                        "default": draw(hostile),
                        "description": draw(hostile),
                        "enum": [draw(hostile)],
                    }
                },
            }
        ],
        "security": [{scheme: []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                scheme: {
                    "type": "apiKey",
                    "in": draw(st.sampled_from(["header", "query", "cookie"])),
                    "name": draw(hostile),
                    "description": draw(hostile),
                }
            },
        },
    }


# What generated code may call: the templates' own calls; spec text can only add constants.
ALLOWED_CALLS = frozenset(
    {
        "_CookieParam",
        "_HeaderParam",
        "_PathParam",
        "_PropertyEncoding",
        "_QueryParam",
        "__init__",
        "_base_url",
        "_cast",
        "_expand_path",
        "_forward",  # a deprecated alias passing its call on to a method with overloads
        "_keyword_body",
        "async_to_raw_response_wrapper",
        "async_to_streamed_response_wrapper",
        "frozenset",
        "get",
        "getattr",
        "globals",
        "import_module",
        "model_rebuild",
        "request",
        "resolve_option",
        "set",
        "sorted",
        "super",
        "to_raw_response_wrapper",
        "to_streamed_response_wrapper",
    }
)
RUNTIME = runtime_modules()  # fixed code, not spec-driven
FORBIDDEN_NAMES = frozenset({"__import__", "exec", "eval", "open", "system", "compile", "popen"})
# Top-level modules generated code may import (relative imports stay inside the package).
ALLOWED_IMPORTS = frozenset(
    {
        "__future__",
        "builtins",
        "collections",
        "datetime",
        "functools",
        "httpx",
        "importlib",
        "os",
        "pydantic",
        "typing",
        "typing_extensions",  # `Required` of a `*Param` TypedDict, for type checkers only
    }
)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return type(func).__name__


_CHECKED: set[int] = set()  # hashes of texts already checked (the runtime files repeat)


def check_source(path: str, text: str) -> None:
    """Compile `text` and check that spec text stayed inside string constants."""
    digest = hash((path.split("/", 1)[-1], text))
    if digest in _CHECKED:
        return
    tree = ast.parse(text, path)
    compile(tree, path, "exec", dont_inherit=True)  # to bytecode, as an import would
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not path.endswith(RUNTIME):
            name = _call_name(node)
            assert name in ALLOWED_CALLS or name[:1].isupper(), f"{path}: call {name}()"
        if isinstance(node, ast.Name) and not path.endswith(RUNTIME):
            # names made from spec text (a resource called `open`) may be defined, but no
            # dangerous builtin is ever looked up
            assert node.id not in FORBIDDEN_NAMES or not isinstance(
                node.ctx, ast.Load
            ), f"{path}: uses {node.id}"
        if isinstance(node, ast.Import | ast.ImportFrom) and not path.endswith(RUNTIME):
            if isinstance(node, ast.ImportFrom) and node.level:
                continue
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for module in modules:
                assert module.split(".")[0] in ALLOWED_IMPORTS, f"{path}: imports {module}"
    _CHECKED.add(digest)


def render(spec: dict[str, Any], package: str) -> dict[str, str]:
    """The SDK of `spec` in memory; lone surrogates replaced as `load_document` does."""
    repaired, _ = repair_document(replace_lone_surrogates(spec))
    api, _ = normalize(repaired, config=ApiConfig(), package_name=package, source_name="fuzz.yaml")
    return render_sdk(api)


IMPORT_SCRIPT = """
import importlib, pkgutil, sys
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
    clients = [getattr(package, n) for n in package.__all__ if n.endswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
print("ok", len(sys.argv) - 1)
"""


def test_hostile_specs_generate_safe_packages(tmp_path: Path) -> None:
    CANARY.unlink(missing_ok=True)
    sample: list[tuple[str, dict[str, str]]] = []
    counter = [0]
    started = time.perf_counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=specs())
    def one(spec: dict[str, Any]) -> None:
        counter[0] += 1
        package = f"fuzzpkg{counter[0]}"
        files = render(spec, package)
        if counter[0] % FORMAT_EVERY == 0:
            files = format_sources(files, parallel=False)
        for path, text in files.items():
            if path.endswith(".py"):
                check_source(path, text)
        assert not CANARY.exists()
        if counter[0] % IMPORT_EVERY == 0:
            sample.append((package, files))

    one()
    generated = time.perf_counter() - started
    assert counter[0] >= EXAMPLES
    for package, files in sample:
        write_tree(files, tmp_path / package)
    for start in range(0, len(sample), BATCH):
        batch = sample[start : start + BATCH]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(tmp_path / p) for p, _ in batch)}
        result = subprocess.run(
            [sys.executable, "-c", IMPORT_SCRIPT, *(p for p, _ in batch)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip() == f"ok {len(batch)}"
    assert not CANARY.exists(), "text from a spec was executed"
    print(
        f"\nfuzz: {counter[0]} specs rendered and checked in {generated:.1f}s, "
        f"{len(sample)} imported in {time.perf_counter() - started - generated:.1f}s"
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_as_every_kind_of_name_is_inert(payload: str, tmp_path: Path) -> None:
    """The payloads alone, as every name of a spec at once (a deterministic smoke test)."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": payload, "version": payload, "description": payload},
        "paths": {
            "/"
            + payload.replace("{", "").replace("}", ""): {
                "post": {
                    "operationId": payload,
                    "summary": payload,
                    "parameters": [
                        {
                            "name": payload,
                            "in": "query",
                            "description": payload,
                            "schema": {"type": "string", "enum": [payload], "default": payload},
                        }
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/components/schemas/"
                                    + payload.replace("~", "~0").replace("/", "~1")
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": payload}},
                }
            }
        },
        "components": {
            "schemas": {
                payload: {
                    "type": "object",
                    "description": payload,
                    "properties": {
                        payload: {
                            "type": "string",
                            "description": payload,
                            "default": payload,
                            "enum": [payload, "x"],
                        }
                    },
                }
            }
        },
    }
    files = format_sources(render(spec, "payloadpkg"), parallel=False)
    for path, text in files.items():
        if path.endswith(".py"):
            check_source(path, text)
    write_tree(files, tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT, "payloadpkg"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not CANARY.exists()


# --- hostile documents: the loader ends every one with its own located error -------------------
# Each example draws one kind of hostile structure at a random scale, on either side of the
# limits of `generator.load.limits`, and knows the outcome the rules call for: loading succeeds, or
# fails with that error code naming the spec. Never another exception (RecursionError, memory).

LOADER_EXAMPLES = int(os.environ.get("SDKGEN_FUZZ_LOADER_EXAMPLES", "150"))
HEADER = {"openapi": "3.0.3", "info": {"title": "hostile", "version": "1"}}
YAML_HEADER = "openapi: 3.0.3\ninfo: {title: hostile, version: '1'}\npaths: {}\n"

# A drawn case: the files (name -> text; "spec.json" or "spec.yaml" is the root), the size limit
# to load under, and the error code expected (None: it loads).
HostileCase = tuple[dict[str, str], int, str | None]


@st.composite
def deep_documents(draw: st.DrawFn) -> HostileCase:
    levels = draw(st.integers(1, 3000))
    kinds = draw(st.lists(st.sampled_from("[{"), min_size=1, max_size=3))
    syntax = draw(st.sampled_from(["json", "yaml-flow", "yaml-block"]))
    if syntax == "yaml-block":
        levels = min(levels, 400)  # indentation grows with the square of the depth
        text = YAML_HEADER + "x-deep:\n" + "".join(f"{'  ' * i}a:\n" for i in range(1, levels))
        files = {"spec.yaml": text + "  " * levels + "a: 1\n"}
    else:
        opening = "".join(kinds[i % len(kinds)] for i in range(levels))
        closing = "".join("]" if c == "[" else "}" for c in reversed(opening))
        inner = "".join("[" if c == "[" else '{"a": ' for c in opening) + "1" + closing
        if syntax == "json":
            files = {
                "spec.json": json.dumps({**HEADER, "paths": {}})[:-1] + f', "x-deep": {inner}}}'
            }
        else:
            files = {"spec.yaml": YAML_HEADER + f"x-deep: {inner}\n"}
    # the root mapping is level 1: the innermost container sits at 1 + levels
    return (
        files,
        limits.DEFAULT_MAX_SPEC_BYTES,
        "load.too-deep" if 1 + levels > limits.MAX_DEPTH else None,
    )


@st.composite
def aliased_documents(draw: st.DrawFn) -> HostileCase:
    """Levels of lists of aliases of the level before ("billion laughs" when large), one of
    them perhaps naming itself too."""
    base = draw(st.integers(1, 10))
    fanout = draw(st.integers(1, 12))
    levels = draw(st.integers(1, 9))
    limit = draw(st.sampled_from([1 << 20, 16 << 20, limits.DEFAULT_MAX_SPEC_BYTES]))
    loop_at = draw(st.none() | st.integers(1, levels))  # a level whose last item names itself
    lines = [YAML_HEADER.rstrip("\n"), f"x-l0: &l0 [{', '.join(['lol'] * base)}]"]
    # The rule, in document order: each alias adds what it names, expanded, less one; the
    # first alias that takes the total past the limit, or that names its own container, fails.
    budget = limit // limits.BYTES_PER_ALIAS_NODE
    expanded, added, expected = 1 + base, 0, None
    for level in range(1, levels + 1):
        items = [f"*l{level - 1}"] * fanout + ([f"*l{level}"] if level == loop_at else [])
        lines.append(f"x-l{level}: &l{level} [{', '.join(items)}]")
        for _ in range(fanout):
            added += expanded - 1
            if added > budget and expected is None:
                expected = "load.alias-expansion"
        if level == loop_at and expected is None:
            expected = "load.recursive-alias"
        expanded = 1 + fanout * expanded
    return {"spec.yaml": "\n".join(lines) + "\n"}, limit, expected


@st.composite
def ref_chains(draw: st.DrawFn) -> HostileCase:
    """Schemas S0 -> S1 -> ... -> Sn, each only a $ref to the next, some in files of their own;
    Sn a plain schema, or a $ref back to S0 (a loop)."""
    hops = draw(st.integers(1, 80))
    loop = draw(st.booleans())
    in_file = set(draw(st.lists(st.integers(0, hops), max_size=hops + 1)))

    def ref(to: int, from_part: bool) -> dict[str, str]:
        if to in in_file:
            return {"$ref": f"part{to}.json#/S"}
        return {"$ref": ("spec.json" if from_part else "") + f"#/components/schemas/S{to}"}

    files: dict[str, str] = {}
    schemas: dict[str, Any] = {}
    for index in range(hops + 1):
        if index < hops:
            schema: dict[str, Any] = ref(index + 1, index in in_file)
        else:
            schema = ref(0, index in in_file) if loop else {"type": "string"}
        if index in in_file:
            files[f"part{index}.json"] = json.dumps({"S": schema})
        else:
            schemas[f"S{index}"] = schema
    content = {"application/json": {"schema": ref(0, False)}}
    operation = {"responses": {"200": {"description": "ok", "content": content}}}
    root = {**HEADER, "paths": {"/a": {"get": operation}}, "components": {"schemas": schemas}}
    files["spec.json"] = json.dumps(root)
    # from the operation's ref, the chain holds S0 ... Sn: n refs that are only references
    expected = (
        "load.ref-cycle" if loop else ("load.ref-chain" if hops > limits.MAX_REF_CHAIN else None)
    )
    return files, limits.DEFAULT_MAX_SPEC_BYTES, expected


@st.composite
def sized_documents(draw: st.DrawFn) -> HostileCase:
    """A root and up to three files it refers to, padded, against a limit around their total."""
    pads = draw(st.lists(st.integers(0, 50_000), min_size=1, max_size=4))
    parts = {
        f"part{i}.json": json.dumps({"S": {"type": "string"}, "x-pad": "x" * pad})
        for i, pad in enumerate(pads[1:])
    }
    schemas = {f"S{i}": {"$ref": f"part{i}.json#/S"} for i in range(len(parts))}
    root = {**HEADER, "paths": {}, "components": {"schemas": schemas}, "x-pad": "x" * pads[0]}
    files = {"spec.json": json.dumps(root), **parts}
    total = sum(len(text.encode()) for text in files.values())
    limit = max(1, total + draw(st.integers(-2_000, 2_000)))
    return files, limit, "load.too-large" if total > limit else None


def test_hostile_documents_end_in_their_own_error(tmp_path: Path) -> None:
    from generator.diagnostics import SdkgenError
    from generator.load.loader import load_document

    seen: dict[str | None, int] = {}

    @settings(
        max_examples=LOADER_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=st.one_of(deep_documents(), aliased_documents(), ref_chains(), sized_documents()))
    def one(case: HostileCase) -> None:
        files, limit, expected = case
        with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
            for name, text in files.items():
                Path(scratch, name).write_text(text, encoding="utf-8")
            root = Path(scratch, next(name for name in files if name.startswith("spec.")))
            with limits.spec_size_limit(limit):
                try:
                    load_document(root)
                    code = None
                except SdkgenError as failure:
                    code = failure.diagnostics[0].code
                    assert failure.diagnostics[0].file.endswith(root.name), failure
            assert code == expected, (code, expected, {k: v[:300] for k, v in files.items()})
        seen[code] = seen.get(code, 0) + 1

    one()
    print(f"\nhostile documents: {sorted(seen.items(), key=str)}")
    assert None in seen and len(seen) >= 4  # both sides of the limits were drawn
