"""Render: print the IR as the files of the generated SDK (relative path → text), nothing more.

Every name, annotation and default comes from the IR; this module only arranges them (which
module imports what, how a signature or a docstring reads) and escapes spec text through the
`pystr`, `docstring` and `comment` filters, so that no text from a spec can become code.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import math
import os
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from . import ir
from .diagnostics import error
from .format import LINE_LENGTH
from .graph import cyclic_nodes, depth_first
from .reserved import CLIENT_RESERVED, SCALAR_TYPE_NAMES
from .typing_printer import (
    SHADOWABLE,
    Import,
    annotation,
    import_lines,
    imports_of,
    models_of,
    union_members,
    union_of,
)

if TYPE_CHECKING:
    import jinja2

# Jinja2 and the README's view are imported where the SDK is rendered: a replayed no-op run
# imports this module (for `templates_digest`) and renders nothing.


def shipped_templates_dir() -> Path:
    """The templates that come with sdkgen, found through the installed package.

    A wheel carries the repository's top-level `templates/` inside the package, as
    `generator/templates/` (pyproject.toml); a checkout, and the editable install of `make venv`,
    has them beside the package, read live.
    """
    # Installed from a wheel or a checkout, the package is a directory on disk: a Path.
    package = Path(str(resources.files("generator")))
    inside = package / "templates"
    beside = package.parent / "templates"
    # `beside` only in a checkout: in site-packages it would be some other project's folder.
    if not inside.is_dir() and (package.parent / "pyproject.toml").is_file() and beside.is_dir():
        return beside
    return inside


DEFAULT_TEMPLATES_DIR = shipped_templates_dir()
TEMPLATES_ENV = "SDKGEN_TEMPLATES"

# Template (relative to the templates dir) → output path; "{pkg}" is the package directory.
STATIC_FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml.jinja", "pyproject.toml"),
    ("README.md.jinja", "README.md"),
    ("api.md.jinja", "api.md"),
    ("sdkgen.jinja", ".sdkgen"),
    ("package/__init__.py.jinja", "{pkg}/__init__.py"),
    ("package/py.typed.jinja", "{pkg}/py.typed"),
    ("package/_version.py.jinja", "{pkg}/_version.py"),
    ("package/_client.py.jinja", "{pkg}/_client.py"),
    ("package/resources/__init__.py.jinja", "{pkg}/resources/__init__.py"),
    ("package/types/__init__.py.jinja", "{pkg}/types/__init__.py"),
)
RESOURCE_TEMPLATE = "package/resources/resource.py.jinja"
ALIASES_TEMPLATE = "_aliases.jinja"
TYPES_TEMPLATE = "package/types/module.py.jinja"
# Every template a rendering reads (the includes too), for callers that hash them.
TEMPLATE_FILES: tuple[str, ...] = tuple(
    sorted(
        {name for name, _ in STATIC_FILES}
        | {RESOURCE_TEMPLATE, TYPES_TEMPLATE, ALIASES_TEMPLATE, "_header.jinja", "_macros.jinja"}
    )
)


# The SDK runtime: real modules (generator/runtime/), copied into every SDK as they are.
RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"


@functools.lru_cache(maxsize=1)
def runtime_modules() -> tuple[str, ...]:
    """The file names of the runtime modules every SDK gets (`_base_client.py`, ...): each
    `_*.py` module of generator/runtime/ (its `__init__.py` belongs to the repository only)."""
    return tuple(sorted(p.name for p in RUNTIME_DIR.glob("_*.py") if p.name != "__init__.py"))


def runtime_paths(package: str) -> frozenset[str]:
    """Where the runtime modules go in the SDK of `package` (relative POSIX paths)."""
    return frozenset(f"{package}/{name}" for name in runtime_modules())


def runtime_files(package: str, header: str) -> dict[str, str]:
    """The runtime modules of the SDK: each module's text, with the generated `header` in front.

    They are stored formatted as black (and `ruff format`) would format them with the header
    (`tests/runtime/test_formatted.py`), so the pipeline copies them without formatting."""
    return {
        f"{package}/{name}": header + (RUNTIME_DIR / name).read_text(encoding="utf-8")
        for name in runtime_modules()
    }


@functools.lru_cache(maxsize=1)
def exception_names() -> tuple[str, ...]:
    """The classes the runtime's `_exceptions.py` exports (its `__all__`, in order), which the
    SDK's `__init__.py` exports too; read from its source, since sdkgen does not import httpx."""
    tree = ast.parse((RUNTIME_DIR / "_exceptions.py").read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    exported: list[str] = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    return tuple(name for name in exported if name in classes)


def default_templates_dir() -> Path:
    """The templates in use: $SDKGEN_TEMPLATES, else the ones shipped with sdkgen."""
    configured = os.environ.get(TEMPLATES_ENV)
    return Path(configured) if configured else DEFAULT_TEMPLATES_DIR


def templates_digest(directory: Path | None = None) -> str:
    """SHA-256 over the names and contents of TEMPLATE_FILES and of the runtime modules:
    everything rendering reads besides the IR (for caches keyed on the output)."""
    directory = directory or default_templates_dir()
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes() + b"\0")
    for name in runtime_modules():
        digest.update(b"runtime/" + name.encode() + b"\0")
        digest.update((RUNTIME_DIR / name).read_bytes() + b"\0")
    return digest.hexdigest()


# --- escaping filters: the only way spec text enters generated code ---------------------------


def pystr(value: object) -> str:
    """A Python literal for `value` (text, number, bool, None) that cannot break out of itself."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"pystr: unsupported literal {type(value).__name__}")


_LINE_BREAKS = re.compile(r"\r\n|\r|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _escape_char(char: str) -> str:
    code = ord(char)
    if (code < 32 and char not in "\n\t") or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char


# The characters `_escape_char` changes: found by one regex pass instead of a call per character
# (GitHub's docstrings: 2.4 million calls, 40 % of rendering).
_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _escape(text: str) -> str:
    return _ESCAPED.sub(lambda found: _escape_char(found.group()), text)


def pystr_tuple(values: Iterable[object]) -> str:
    """A tuple literal of `pystr` items (nested tuples as tuple literals)."""
    items = [pystr_tuple(v) if isinstance(v, tuple) else pystr(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def method_docstring(value: object) -> str:
    """A method's docstring (`docstring` at the methods' indent): a text of several lines ends
    with a line break, so the closing quotes sit on a line of their own, as black and ruff both
    leave them."""
    text = docstring(value, METHOD_INDENT)
    if "\n" in text and not text.endswith("\n" + " " * METHOD_INDENT):
        text = text.rstrip(" ") + "\n" + " " * METHOD_INDENT
    return text


def docstring(value: object, indent: int = 0, end: bool = True) -> str:
    """Text safe inside a `\"\"\"` docstring: backslashes and quotes escaped, controls escaped,
    newlines normalised, trailing whitespace stripped; lines after the first indented by `indent`.

    `end`: the closing quotes follow the text. Its end is then laid out the way black leaves it
    and ruff keeps it (they disagree on a docstring's last line otherwise): a text of several
    lines whose last line ends with a quote, or would pass the line length with the closing
    quotes, ends with a line break (the quotes go on a line of their own); a one-line text that
    ends with a quote ends with that quote unescaped and a space.
    """
    text = _escape(_LINE_BREAKS.sub("\n", str(value)).replace("\\", "\\\\"))
    text = text.replace('"""', '\\"\\"\\"').expandtabs(4)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    pad = " " * indent
    closing = ""  # what comes between the text and the closing quotes
    if end:
        last = lines[-1]
        if last.endswith('\\"') and (len(last) - 1 - len(last[:-1].rstrip("\\"))) % 2:
            lines[-1] = last = last[:-2] + '"'  # escaped only to keep it off the closing quotes
        if len(lines) > 1 and (last.endswith('"') or indent + len(last) + 3 > LINE_LENGTH):
            closing = "\n" + pad
        elif last.endswith('"'):
            closing = " "
    return "\n".join(lines[:1] + [pad + line if line else "" for line in lines[1:]]) + closing


def comment(value: object) -> str:
    """Text safe inside a one-line `#` comment."""
    text = _LINE_BREAKS.sub(" ", str(value)).replace("\n", " ")
    return _escape(text)


def tomlstr(value: object) -> str:
    """A TOML basic string."""
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 32 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if not 0xD800 <= code <= 0xDFFF else "\\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# --- views: how the IR is arranged into modules (no naming decisions) --------------------------


@dataclass(frozen=True)
class ModelModule:
    module: str
    models: tuple[ir.Model, ...]  # object models first, then aliases in dependency order
    std_imports: tuple[str, ...]
    sibling_imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names)
    imports_at_bottom: bool  # the module is part of an import cycle
    rebuild: tuple[str, ...]  # models to `model_rebuild()` at the end
    type_variables: tuple[str, ...]  # TypeVars the generic models of the module declare
    field_defaults: Mapping[tuple[str, str], str]  # (model, field) → " = ..." or ""
    field_annotations: Mapping[tuple[str, str], str]  # (model, field) → its annotation
    field_docs: Mapping[tuple[str, str], str]  # (model, field) → its docstring ("" for none)
    model_docs: Mapping[str, str]  # model → its docstring ("" for none)
    alias_annotations: Mapping[str, str]  # type alias → the annotation it stands for
    uses_pydantic: bool  # some default is a `_pydantic.Field(...)`
    # model → its `_always_sent` class variable's text (only models with such fields)
    always_sent: Mapping[str, str]


@dataclass(frozen=True)
class OperationView:
    op: ir.Operation
    positional: tuple[str, ...]  # "id: str"
    keyword: tuple[str, ...]  # "page: int | None = None", the body, then the per-call options
    path_params: tuple[ir.Parameter, ...]
    # (wire name, Python expression) of each path parameter: the plain value in simple style,
    # else a `_PathParam` carrying its style
    path_values: tuple[tuple[str, str], ...]
    query_params: tuple[ir.Parameter, ...]
    query_values: tuple[str, ...]  # a `_QueryParam(...)` expression per query parameter
    header_params: tuple[ir.Parameter, ...]
    # (wire name, Python expression) of each header and cookie parameter: the plain value in
    # the location's default style, else a `_HeaderParam`/`_CookieParam` carrying its own
    header_values: tuple[tuple[str, str], ...]
    cookie_params: tuple[ir.Parameter, ...]
    cookie_values: tuple[tuple[str, str], ...]
    has_body: bool
    body_media_type: str | None
    # several request media types: the caller picks one per call with `content_type=`
    media_types: tuple[str, ...]
    body_encoding: tuple[str, ...]  # `_PropertyEncoding(...)` of each `encoding` entry
    jsonapi_id: str | None  # the path parameter that supplies `data.id` of a JSON:API update
    server_url: str | None  # the operation's own server (its variables at their defaults)
    security: tuple[tuple[str, ...], ...]  # the operation's security requirements
    returns: str  # the sync method's return annotation ("None" when nothing; `SyncPage[...]`)
    async_returns: str  # the async method's (`AsyncPage[...]` for pages)
    cast_to: str  # runtime expression of the type to parse into ("None")
    uses_response_type: bool  # `cast_to` is `ResponseType[...]` (see `cast_to_expression`)
    sequence_inputs: bool  # some parameter takes a `SequenceNotStr[...]` (see `input_type`)
    doc: str  # the docstring's text (unescaped)
    sync_doc: str  # the sync method's docstring, escaped and laid out (the page note added)
    async_doc: str
    jsonapi_body: bool  # a bare resource model passed as `body` is wrapped as {"data": ...}
    jsonapi_type: str | None  # ... and a bare attributes model as {"data": {"type", "attributes"}}
    page_item: str | None  # paginated list: the item annotation (returns SyncPage[item])
    page_spec: str | None  # ... and the `_PageSpec(...)` expression of its pagination
    bulk_item: str | None  # bulk twin `<bulk.method_name>(items)`: the item annotation
    bulk_items: str | None  # ... the annotation of its `items` in the sync method
    async_bulk_items: str | None  # ... and in the async one
    bulk_doc: str  # the bulk twin's docstring, escaped and laid out
    bulk_keyword: tuple[str, ...]  # the bulk twin's keyword parameters (no `body`)
    # The names of the parameters above, in the same order (what a deprecated alias passes on).
    positional_names: tuple[str, ...]
    keyword_names: tuple[str, ...]
    bulk_keyword_names: tuple[str, ...]
    imports: frozenset[Import]  # what the annotations of the method and its twins import


@dataclass(frozen=True)
class AliasView:
    """A deprecated alias as its resource module prints it (see `ir.DeprecatedAlias`)."""

    alias: ir.DeprecatedAlias
    view: OperationView  # the operation it calls, spelled for the alias's class
    arguments: tuple[str, ...]  # what it passes on: "id", "page=page", ...
    bulk_arguments: tuple[str, ...]  # the same for the bulk twin ("items" instead of the body)
    same_class: bool  # the new method is on the same resource: call `self.<new name>`
    message: str  # the DeprecationWarning's text
    doc: str  # the docstring, escaped and laid out
    bulk_message: str  # the same for the bulk twin (when the operation has one)
    bulk_doc: str  # the same for the bulk twin


@dataclass(frozen=True)
class ResourceView:
    resource: ir.Resource
    # How `_client.py` imports the classes (a resource class may share the client's name).
    client_alias: str
    async_client_alias: str
    operations: tuple[OperationView, ...]
    children: tuple[ResourceView, ...]
    std_imports: tuple[str, ...]
    type_imports: tuple[tuple[str, tuple[str, ...]], ...]
    query_params: bool  # some operation takes query parameters (imports QueryParam)
    styled_paths: bool  # some path parameter is not in simple style (imports PathParam)
    # runtime classes other parameters and bodies name: "HeaderParam", "CookieParam", ...
    runtime_names: tuple[str, ...]
    paginated: bool  # some method returns pages (imports SyncPage, AsyncPage, PageSpec)
    bulk: bool  # some method has a bulk twin (imports BulkResult and the iterable types)
    response_type: bool  # some method passes `cast_to=ResponseType[...]`
    sequence_inputs: bool  # some method takes a `SequenceNotStr[...]` (imports it)
    aliases: tuple[AliasView, ...] = ()
    alias_pages: bool = False  # some alias returns pages (imports SyncPage, AsyncPage)


def _model_modules(api: ir.Api) -> dict[str, str]:
    return {model.name: model.module for model in api.models}


def _referenced(model: ir.Model) -> set[str]:
    types = [f.type.python for f in model.fields]
    types += [ref.python for ref in (model.alias_of, model.extra) if ref is not None]
    return models_of(types)


def _cyclic_modules(graph: Mapping[str, set[str]]) -> set[str]:
    """Modules on an import cycle (strongly connected components, in a fixed order)."""
    return cyclic_nodes({module: sorted(graph[module]) for module in sorted(graph)})


def _field_default(f: ir.Field) -> str:
    """The text after the annotation of a model attribute (" = None", " = pydantic.Field(...)")."""
    if f.wire_name == f.name:
        return "" if f.default is None else f" = {f.default}"
    arguments = [] if f.default is None else [f"default={f.default}"]
    arguments += [
        f"validation_alias={pystr(f.wire_name)}",
        f"serialization_alias={pystr(f.wire_name)}",
    ]
    return f" = _pydantic.Field({', '.join(arguments)})"


def _model_doc(model: ir.Model) -> str:
    """A model's docstring: its description, and the JSON:API type of a resource."""
    if model.kind == "alias":
        return model.description if model.description.strip() else ""
    jsonapi = f"\n\nJSON:API type: {model.jsonapi_type}" if model.jsonapi_type else ""
    return model.description.strip() + jsonapi


def _field_doc(f: ir.Field) -> str:
    """A field's docstring: its description and its flags ("" when it has no description)."""
    if not f.description.strip():
        return ""
    flags = [(f.deprecated, " (deprecated)"), (f.read_only, " (read-only)")]
    flags.append((f.write_only, " (write-only)"))
    return f.description.strip() + "".join(text for on, text in flags if on)


def _order_aliases(aliases: list[ir.Model]) -> list[ir.Model]:
    """Aliases after the aliases of the same module they use (stable otherwise)."""
    names = {model.name for model in aliases}
    done: set[str] = set()
    ordered: list[ir.Model] = []
    pending = list(aliases)
    while pending:
        for model in pending:
            if (_referenced(model) & names) - done - {model.name} <= set():
                break
        else:
            model = pending[0]  # a cycle of aliases: print as given
        pending.remove(model)
        ordered.append(model)
        done.add(model.name)
    return ordered


def model_modules(api: ir.Api) -> tuple[ModelModule, ...]:
    where = _model_modules(api)
    by_module: dict[str, list[ir.Model]] = {}
    for model in api.models:
        by_module.setdefault(model.module, []).append(model)
    graph = {
        module: {where[name] for m in models for name in _referenced(m) if name in where} - {module}
        for module, models in by_module.items()
    }
    cyclic = _cyclic_modules(graph)
    modules = []
    for module in sorted(by_module):
        members = sorted(by_module[module], key=lambda m: m.name)
        objects = [m for m in members if m.kind == "object"]
        aliases = _order_aliases([m for m in members if m.kind == "alias"])
        annotations: list[ir.PyType] = []
        for model in members:
            annotations.extend(f.annotation for f in model.fields)
            if model.kind == "alias":
                annotations.append(model.alias_of.python if model.alias_of else ir.AnyType())
        imports: dict[str, set[str]] = {}
        for model in members:
            for name in _referenced(model):
                if name in where and where[name] != module:
                    imports.setdefault(where[name], set()).add(name)
        needs_rebuild = len(members) > 1 or any(m.recursive for m in members)
        defaults = {(m.name, f.name): _field_default(f) for m in objects for f in m.fields}
        type_variables = tuple(sorted({t for m in objects for t in m.type_parameters}))
        always_sent = {
            m.name: "frozenset({" + ", ".join(pystr(f.name) for f in sent) + "})"
            for m in objects
            if (sent := [f for f in m.fields if f.always_sent])
        }
        typing_names = {"ClassVar"} if always_sent else set()
        typing_names |= {"TypeAlias"} if aliases else set()
        typing_names |= {"Generic", "TypeVar"} if type_variables else set()
        std_imports = import_lines(
            imports_of(annotations) | {Import("typing", name) for name in typing_names}
        )
        modules.append(
            ModelModule(
                module=module,
                models=tuple(objects + aliases),
                std_imports=std_imports,
                sibling_imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                imports_at_bottom=module in cyclic,
                rebuild=(
                    tuple(m.name for m in objects) if needs_rebuild and module not in cyclic else ()
                ),
                type_variables=type_variables,
                field_defaults=defaults,
                field_annotations={
                    (m.name, f.name): annotation(f.annotation) for m in objects for f in m.fields
                },
                field_docs={(m.name, f.name): _field_doc(f) for m in objects for f in m.fields},
                model_docs={m.name: _model_doc(m) for m in members},
                alias_annotations={
                    m.name: annotation(m.alias_of.python if m.alias_of else ir.AnyType())
                    for m in aliases
                },
                uses_pydantic=any("_pydantic." in text for text in defaults.values()),
                always_sent=always_sent,
            )
        )
    return tuple(modules)


# A binary body: in memory or streamed.
STREAMED_BYTES: ir.PyType = ir.UnionType(
    (
        ir.ScalarType("bytes"),
        ir.LibraryType("IO", "typing", (ir.ScalarType("bytes"),)),
        ir.LibraryType("Iterator", "collections.abc", (ir.ScalarType("bytes"),)),
    )
)
_JSON_OBJECT: ir.PyType = ir.DictType(ir.AnyType())


def _body_annotation(body: ir.RequestBody) -> ir.PyType:
    if body.type.kind == "bytes":
        return STREAMED_BYTES
    if body.type.kind == "model":
        members = [body.type.python]
        if body.data_type is not None and body.data_type.kind != "any":
            members.append(body.data_type.python)
        if body.attributes_type is not None:
            members.append(body.attributes_type.python)
        return ir.UnionType((*members, _JSON_OBJECT))
    return body.type.python


def _parameter_doc(p: ir.Parameter) -> str:
    """A parameter's line in the docstring: its description, and the default the server
    applies when the parameter is not sent (the SDK sends only what the caller set)."""
    parts = [p.description.strip()] if p.description.strip() else []
    if p.server_default is not None:
        parts.append(f"(server default when not sent: {p.server_default})")
    return " ".join(parts)


# A description that opens with a "Usage" heading (`### Usage`): the heading says nothing.
_USAGE_HEADING = re.compile(r"\A\s*#{1,6}\s*usage\s*:?\s*(?:\n|\Z)", re.IGNORECASE)


def _plain(text: str) -> str:
    """`text` compared by its words: case, spacing and the final full stop left out."""
    return " ".join(text.split()).rstrip(".").casefold()


def _description(op: ir.Operation) -> str:
    """The operation's description when it adds something to the summary: without a leading
    "Usage" heading, and "" when what is left only repeats the summary."""
    description = _USAGE_HEADING.sub("", op.description.strip()).strip()
    return "" if _plain(description) == _plain(op.summary) else description


def _operation_doc(op: ir.Operation) -> str:
    """The docstring of an operation's method: the summary line, the description if it adds
    something, the arguments, the response headers."""
    parts = [part for part in (op.summary.strip(), _description(op)) if part]
    if op.deprecated:
        parts.append("Deprecated.")
    args = [
        f"{p.name}: {_parameter_doc(p)}"
        for p in op.parameters
        if p.description.strip() or p.server_default is not None
    ]
    if op.request_bodies and op.request_bodies[0].description.strip():
        args.append(f"body: {op.request_bodies[0].description.strip()}")
    if len(op.request_bodies) > 1:
        first = op.request_bodies[0].media_type
        args.append(f"content_type: the media type to send the body in (default: {first}).")
    if args:
        parts.append("Args:\n" + "\n".join("  " + arg.replace("\n", "\n    ") for arg in args))
    success = next((r for r in op.responses if r.status.startswith("2")), None)
    if success is not None and success.headers:
        lines = [
            f"  {h.name} ({annotation(h.type.python)}{', always sent' if h.required else ''})"
            + (f": {h.description.strip()}" if h.description.strip() else "")
            for h in success.headers
        ]
        parts.append(
            "Response headers (read them through `with_raw_response`, `.headers`):\n"
            + "\n".join(line.replace("\n", "\n    ") for line in lines)
        )
    return "\n\n".join(parts) or f"{op.method} {op.path}"


PARAMETER_INDENT = 8  # a method's parameters: one a line (each ends with a comma)
METHOD_INDENT = 8  # a method's body


def _width(text: str) -> int:
    """Columns `text` takes, counted as black and ruff count them (wide characters take two)."""
    if text.isascii():  # no ASCII character is wide: one column each (most of the text)
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass(frozen=True)
class SignatureParameter:
    """One parameter of a generated method: its name, type and default (Python source)."""

    name: str
    type: ir.PyType
    default: str | None = None


def print_parameter(parameter: SignatureParameter, shadowed: frozenset[str] = frozenset()) -> str:
    """`name: annotation[ = default]`, laid out as black does when the line is too long and the
    annotation is a union: black puts the annotation in parentheses, ruff keeps parentheses it
    finds but adds none, so they are written here and both formatters give the same text."""
    text = annotation(parameter.type, shadowed)
    default = "" if parameter.default is None else f" = {parameter.default}"
    line = f"{parameter.name}: {text}{default}"
    if PARAMETER_INDENT + _width(line) + 1 <= LINE_LENGTH:
        return line
    if len(union_members(parameter.type)) < 2:
        return line  # black splits inside its brackets, and so does ruff
    return f"{parameter.name}: ({text}){default}"


RESERVED_PARAMETERS = frozenset(
    {"self", "body", "items", "content_type", "extra_headers", "extra_query", "timeout"}
)


def _server_url(op: ir.Operation) -> str | None:
    """The operation's own server URL, its variables filled with their defaults."""
    if not op.servers:
        return None
    server = op.servers[0]
    url = server.url
    for variable in server.variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return url


def _content_argument(p: ir.Parameter) -> str:
    return f", content_type={pystr(p.content_type)}" if p.content_type else ""


def _path_value(p: ir.Parameter) -> str:
    """The runtime expression of a path parameter: the plain value in simple style."""
    if p.style in ("", "simple") and not p.explode and not p.content_type:
        return p.name
    return f"_PathParam({p.name}, {pystr(p.style)}, {pystr(p.explode)}{_content_argument(p)})"


def _header_value(p: ir.Parameter) -> str:
    """A header parameter: the plain value unless exploded or described by `content`."""
    if not p.explode and not p.content_type:
        return p.name
    explode = ", explode=True" if p.explode else ""
    return f"_HeaderParam({p.name}{explode}{_content_argument(p)})"


def _cookie_value(p: ir.Parameter) -> str:
    """A cookie parameter: the plain value unless not exploded or described by `content`."""
    if p.explode and not p.content_type:
        return p.name
    explode = "" if p.explode else ", explode=False"
    return f"_CookieParam({p.name}{explode}{_content_argument(p)})"


def _query_value(p: ir.Parameter) -> str:
    arguments = [pystr(p.wire_name), p.name, pystr(p.style), pystr(p.explode)]
    if p.allow_reserved:
        arguments.append("allow_reserved=True")
    if p.content_type:
        arguments.append(f"content_type={pystr(p.content_type)}")
    return f"_QueryParam({', '.join(arguments)})"


def _page_spec_value(pagination: ir.Pagination) -> str:
    """The runtime's `PageSpec(...)` of a paginated operation."""
    arguments = (
        pagination.style,
        pagination.number_parameter,
        pagination.number_key,
        pagination.size_parameter,
        pagination.size_key,
    )
    return f"_PageSpec({', '.join(map(pystr, arguments))})"


def _encoding_value(spec: ir.PropertyEncoding) -> str:
    arguments = [pystr(spec.name)]
    if spec.content_type:
        arguments.append(f"content_type={pystr(spec.content_type)}")
    if spec.style:
        arguments += [f"style={pystr(spec.style)}", f"explode={pystr(spec.explode)}"]
    if spec.allow_reserved:
        arguments.append("allow_reserved=True")
    return f"_PropertyEncoding({', '.join(arguments)})"


# The per-call options every method takes after the API's parameters.
_OPTIONS = (
    SignatureParameter(
        "extra_headers",
        ir.optional(ir.LibraryType("Mapping", "collections.abc", (ir.ScalarType("str"),) * 2)),
        "None",
    ),
    SignatureParameter(
        "extra_query",
        ir.optional(
            ir.LibraryType(
                "Mapping", "collections.abc", (ir.ScalarType("str"), ir.ScalarType("object"))
            )
        ),
        "None",
    ),
    SignatureParameter(
        "timeout",
        ir.UnionType(
            (
                ir.ScalarType("float"),
                ir.LibraryType("httpx.Timeout"),
                ir.NONE,
                ir.LibraryType("NotGiven"),
            )
        ),
        "NOT_GIVEN",
    ),
)
BULK_DOC = (
    "Bulk `{method}`: send many objects as newline-delimited JSON.\n\n"
    "`items` (an iterable or generator) is streamed, one line per item, consumed lazily.\n"
    "Returns a `BulkResult` (accepted and rejected counts, `errors` of the rejected objects);\n"
    "raises only when nothing was accepted and the server answered with an error status."
)
PAGE_DOC = "Returns the first page; iterating over it ({loop}) yields the items of every page."


def input_type(value: ir.PyType) -> ir.PyType:
    """The type a method takes for a value the caller passes: a list is any sequence but a str
    (`SequenceNotStr[...]`, as openai-python takes them), also as a member of a union; what a
    method returns stays a `list`."""
    if isinstance(value, ir.ListType):
        return ir.LibraryType("SequenceNotStr", "", (value.item,))
    if isinstance(value, ir.UnionType):
        return ir.UnionType(tuple(input_type(member) for member in value.members))
    return value


def cast_to_expression(
    value: ir.PyType, type_aliases: frozenset[str], shadowed: frozenset[str] = frozenset()
) -> str:
    """The `cast_to` argument of `request` for a response of type `value`: the type itself when
    it is a class (a model, a builtin, `list[...]`, `dict[...]`), which `request(cast_to:
    type[T]) -> T` accepts; any other type (a union, a `Literal`, `Any`, a type alias) goes
    through the runtime's `ResponseType[...]`, which is that type at run time."""
    text = annotation(value, shadowed)
    if value == ir.NONE:
        return "None"
    if isinstance(value, (ir.ScalarType, ir.ListType, ir.DictType, ir.LibraryType)):
        return text
    if isinstance(value, ir.ModelType) and value.name not in type_aliases:
        return text
    return f"ResponseType[{text}]"


def operation_view(
    op: ir.Operation,
    shadowed: frozenset[str] = frozenset(),
    type_aliases: frozenset[str] = frozenset(),
) -> OperationView:
    for p in op.parameters:
        if p.name in RESERVED_PARAMETERS:
            raise error(
                "render.reserved-parameter",
                f"operation {op.operation_id}: parameter name {p.name!r} is reserved by the "
                "generated methods",
            )
    positional = [
        SignatureParameter(p.name, input_type(p.annotation))
        for p in op.parameters
        if p.location == "path"
    ]
    keyword = [
        SignatureParameter(p.name, input_type(p.annotation), p.default)
        for p in op.parameters
        if p.location != "path"
    ]
    body = op.request_bodies[0] if op.request_bodies else None
    media_types = (
        tuple(b.media_type for b in op.request_bodies) if len(op.request_bodies) > 1 else ()
    )
    if body is not None:
        body_type = input_type(union_of(_body_annotation(each) for each in op.request_bodies))
        keyword.append(
            SignatureParameter("body", body_type)
            if body.required
            else SignatureParameter("body", ir.optional(body_type), "None")
        )
    if media_types:
        keyword.append(
            SignatureParameter("content_type", ir.LiteralType(media_types), pystr(media_types[0]))
        )
    bulk_keyword = [k for k in keyword if k.name not in ("body", "content_type")] + [*_OPTIONS]
    keyword += _OPTIONS
    success = op.success_type
    returns_type = success.python if success is not None else ir.NONE
    returns = annotation(returns_type, shadowed)
    cast_to = cast_to_expression(returns_type, type_aliases, shadowed)
    signature_types = [p.type for p in (*positional, *keyword)] + [returns_type]
    page_item = sync_page = async_page = None
    if op.pagination is not None:
        item = op.pagination.item_type.python
        page_item = annotation(item, shadowed)
        sync_page = annotation(ir.LibraryType("SyncPage", "", (item,)), shadowed)
        async_page = annotation(ir.LibraryType("AsyncPage", "", (item,)), shadowed)
        signature_types.append(item)
    bulk_items = async_bulk_items = bulk_item = None
    if op.bulk is not None:
        item = ir.UnionType((op.bulk.item_type.python, _JSON_OBJECT))
        sync_items = ir.LibraryType("Iterable", "collections.abc", (item,))
        async_items = ir.UnionType(
            (sync_items, ir.LibraryType("AsyncIterable", "collections.abc", (item,)))
        )
        bulk_item = annotation(op.bulk.item_type.python, shadowed)
        bulk_items = annotation(sync_items, shadowed)
        async_bulk_items = annotation(async_items, shadowed)
        signature_types += [sync_items, async_items]
    doc = _operation_doc(op)
    sync_doc = async_doc = method_docstring(doc)
    if op.pagination is not None:
        sync_doc = method_docstring(doc + "\n\n" + PAGE_DOC.format(loop="`for`"))
        async_doc = method_docstring(doc + "\n\n" + PAGE_DOC.format(loop="`async for`"))
    return OperationView(
        op=op,
        positional=tuple(print_parameter(p, shadowed) for p in positional),
        keyword=tuple(print_parameter(k, shadowed) for k in keyword),
        path_params=tuple(p for p in op.parameters if p.location == "path"),
        path_values=tuple(
            (p.wire_name, _path_value(p)) for p in op.parameters if p.location == "path"
        ),
        query_params=tuple(p for p in op.parameters if p.location == "query"),
        query_values=tuple(_query_value(p) for p in op.parameters if p.location == "query"),
        header_params=tuple(p for p in op.parameters if p.location == "header"),
        header_values=tuple(
            (p.wire_name, _header_value(p)) for p in op.parameters if p.location == "header"
        ),
        cookie_params=tuple(p for p in op.parameters if p.location == "cookie"),
        cookie_values=tuple(
            (p.wire_name, _cookie_value(p)) for p in op.parameters if p.location == "cookie"
        ),
        has_body=body is not None,
        body_media_type=body.media_type if body is not None else None,
        media_types=media_types,
        body_encoding=tuple(map(_encoding_value, body.encoding)) if body is not None else (),
        jsonapi_id=body.jsonapi_id_parameter if body is not None else None,
        server_url=_server_url(op),
        security=op.security,
        returns=sync_page or returns,
        async_returns=async_page or returns,
        cast_to=cast_to,
        uses_response_type=cast_to.startswith("ResponseType["),
        sequence_inputs=any(
            isinstance(member, ir.LibraryType) and member.name == "SequenceNotStr"
            for parameter in (*positional, *keyword)
            for member in union_members(parameter.type)
        ),
        doc=doc,
        sync_doc=sync_doc,
        async_doc=async_doc,
        jsonapi_body=body is not None and body.data_type is not None,
        jsonapi_type=body.jsonapi_type if body is not None else None,
        page_item=page_item,
        page_spec=_page_spec_value(op.pagination) if op.pagination is not None else None,
        bulk_item=bulk_item,
        bulk_items=bulk_items,
        async_bulk_items=async_bulk_items,
        bulk_doc=method_docstring(BULK_DOC.format(method=op.python_name)) if op.bulk else "",
        bulk_keyword=tuple(print_parameter(k, shadowed) for k in bulk_keyword),
        positional_names=tuple(p.name for p in positional),
        keyword_names=tuple(k.name for k in keyword),
        bulk_keyword_names=tuple(k.name for k in bulk_keyword),
        imports=frozenset(imports_of(signature_types, shadowed)),
    )


def _type_refs(op: ir.Operation) -> list[ir.TypeRef]:
    refs = [p.type for p in op.parameters] + [b.type for b in op.request_bodies]
    refs += [b.data_type for b in op.request_bodies if b.data_type is not None]
    refs += [b.attributes_type for b in op.request_bodies if b.attributes_type is not None]
    if op.pagination is not None:
        refs.append(op.pagination.item_type)
    if op.bulk is not None:
        refs.append(op.bulk.item_type)
    if op.success_type is not None:
        refs.append(op.success_type)
    return refs


def _runtime_names(operations: Iterable[OperationView]) -> tuple[str, ...]:
    """The runtime classes (`_base_client`) the methods name besides QueryParam and PathParam."""
    texts = [
        text
        for view in operations
        for text in (
            *(value for _, value in view.header_values),
            *(value for _, value in view.cookie_values),
            *view.body_encoding,
        )
    ]
    names = ("CookieParam", "HeaderParam", "PropertyEncoding")
    return tuple(name for name in names if any(f"_{name}(" in text for text in texts))


def alias_view(
    alias: ir.DeprecatedAlias,
    resource: ir.Resource,
    shadowed: frozenset[str],
    type_aliases: frozenset[str],
) -> AliasView:
    view = operation_view(alias.operation, shadowed, type_aliases)
    positional = view.positional_names
    keyword = [f"{name}={name}" for name in view.keyword_names]
    bulk_keyword = [f"{name}={name}" for name in view.bulk_keyword_names]
    op = alias.operation

    def message(old: str, new: str) -> str:
        return (
            f"client.{old}() is deprecated since version {alias.since}: use client.{new}() "
            f"(it sends {op.method} {op.path})"
        )

    def doc(new: str) -> str:
        text = (
            f"This is the method's name before version {alias.since}: it warns "
            f"(`DeprecationWarning`) and calls the new one, which sends `{op.method} {op.path}`. "
            "Deprecated names are removed in a later major version."
        )
        return f"Deprecated: use `client.{new}()`.\n\n" + textwrap.fill(text, 88)

    resource_path = alias.target.rsplit(".", 1)[0]
    bulk_target = f"{resource_path}.{op.bulk.method_name}" if op.bulk else ""
    old_bulk = f"{alias.name.rsplit('.', 1)[0]}.{alias.bulk_name}" if alias.bulk_name else ""
    return AliasView(
        alias=alias,
        view=view,
        arguments=(*positional, *keyword),
        bulk_arguments=(*positional, "items", *bulk_keyword),
        same_class=alias.target_class == resource.class_name,
        message=message(alias.name, alias.target),
        doc=method_docstring(doc(alias.target) + "\n\n" + view.doc),
        bulk_message=message(old_bulk, bulk_target) if old_bulk else "",
        bulk_doc=method_docstring(doc(bulk_target)) if old_bulk else "",
    )


def resource_view(
    resource: ir.Resource,
    where: Mapping[str, str],
    type_aliases: frozenset[str] = frozenset(),
    *,
    in_class: bool = True,
) -> ResourceView:
    """The resource as its module prints it; `in_class=False` spells the types as they read
    outside the class body (api.md), where no method name hides a builtin."""
    # Method names that hide a builtin type inside the class body (mypy resolves names there).
    names = [op.python_name for op in resource.operations]
    names += [alias.python_name for alias in resource.aliases]
    shadowed = frozenset(names) & SHADOWABLE.keys() if in_class else frozenset()
    operations = tuple(operation_view(op, shadowed, type_aliases) for op in resource.operations)
    aliases = tuple(
        alias_view(alias, resource, shadowed, type_aliases) for alias in resource.aliases
    )
    imports: dict[str, set[str]] = {}
    every = (*operations, *(a.view for a in aliases))
    for view in every:
        for name in sorted(models_of(ref.python for ref in _type_refs(view.op))):
            if name not in where:
                raise error(
                    "render.unknown-model",
                    f"operation {view.op.operation_id} refers to model {name}, which the IR "
                    "does not define",
                )
            imports.setdefault(where[name], set()).add(name)
    std = {Import("functools", "cached_property")}
    std |= {Import("typing", "TYPE_CHECKING")} if resource.children else set()
    std |= {Import("warnings")} if aliases else set()
    std_imports = import_lines(std.union(*(view.imports for view in every)))
    return ResourceView(
        resource=resource,
        client_alias=f"_{resource.class_name}",
        async_client_alias=f"_{resource.async_class_name}",
        operations=operations,
        children=tuple(
            resource_view(child, where, type_aliases, in_class=in_class)
            for child in resource.children
        ),
        response_type=any(v.uses_response_type for v in operations),
        sequence_inputs=any(v.sequence_inputs for v in every),
        std_imports=std_imports,
        type_imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
        query_params=any(v.query_params for v in operations),
        styled_paths=any("_PathParam(" in value for v in operations for _, value in v.path_values),
        runtime_names=_runtime_names(operations),
        paginated=any(view.page_item is not None for view in operations),
        bulk=any(view.bulk_item is not None for view in every),
        aliases=aliases,
        alias_pages=any(a.view.page_item is not None for a in aliases),
    )


@dataclass(frozen=True)
class UpdateExample:
    """The README's partial update: a real PATCH of the API, one optional field of its body model
    set, and the JSON the call sends."""

    model: str  # the body model, imported from `types`
    call: str  # e.g. `client.items.update(1, body=ItemAttributes(name="renamed"))`
    sent: str  # the body the call sends, as JSON
    unsent: str  # "`name` (default ...)" of a defaulted field the call leaves unsent ("" if none)


def _example_value(f: ir.Field) -> tuple[str, object] | None:
    """(Python source, JSON value) of a plausible value for a field, None for other types."""
    kind = f.type.kind
    if kind == "str":
        return ('"renamed"', "renamed") if "name" in f.wire_name else ('"new value"', "new value")
    if kind == "int":
        return "1", 1
    if kind == "bool":
        return "True", True
    if kind == "literal" and f.type.literals and f.type.literals[0] is not None:
        value = f.type.literals[0]
        return pystr(value), value
    return None


def _update_example(api: ir.Api, resources: Iterable[ResourceView]) -> UpdateExample | None:
    """The first PATCH with a JSON body model (its JSON:API attributes model for a resource)
    that has an optional field of a simple type, preferring models with a default left unsent."""
    models = {model.name: model for model in api.models}
    found = [
        example
        for view in resources
        for o in view.operations
        if (example := _patch_example(view, o, models)) is not None
    ]
    return next((e for e in found if e.unsent), found[0] if found else None)


def _patch_example(
    view: ResourceView, o: OperationView, models: Mapping[str, ir.Model]
) -> UpdateExample | None:
    op = o.op
    if op.method != "PATCH" or not op.request_bodies:
        return None
    body = op.request_bodies[0]
    jsonapi = body.jsonapi_type is not None and body.attributes_type is not None
    ref = body.attributes_type if jsonapi and body.attributes_type else body.type
    model = models.get(ref.model or "") if ref.kind == "model" else None
    if model is None or model.kind != "object" or "json" not in body.media_type:
        return None
    settable = [
        (f, value)
        for f in model.fields
        if not (f.required or f.always_sent or f.read_only)
        and (value := _example_value(f)) is not None
    ]
    if not settable:
        return None
    chosen, (source, json_value) = next(
        (pair for pair in settable if pair[0].type.kind == "str"), settable[0]
    )
    arguments = [("1" if p.type.kind == "int" else '"1"') for p in o.path_params]
    arguments.append(f"body={model.name}({chosen.name}={source})")
    sent: object = {chosen.wire_name: json_value}
    if jsonapi:
        data: dict[str, object] = {"type": body.jsonapi_type, "attributes": sent}
        if body.jsonapi_id_parameter:  # the SDK fills `data.id` from the path
            param = next(p for p in o.path_params if p.name == body.jsonapi_id_parameter)
            data["id"] = 1 if param.type.kind == "int" else "1"
        sent = {"data": data}
    defaulted = [
        f
        for f in model.fields
        if f is not chosen and not f.always_sent and f.default not in (None, "None")
    ]
    quiet = min(defaulted, key=lambda f: len(f.name)) if defaulted else None
    return UpdateExample(
        model=model.name,
        call=f"client.{'.'.join(view.resource.path)}.{op.python_name}({', '.join(arguments)})",
        sent=json.dumps(sent, ensure_ascii=False),
        unsent=f"`{quiet.name}` (default {quiet.default})" if quiet else "",
    )


def _all_resources(resources: Iterable[ResourceView]) -> list[ResourceView]:
    return list(depth_first(resources, lambda view: view.children))


@dataclass(frozen=True)
class AuthSchemeView:
    """A security scheme as the client's `AUTH_SCHEMES` table spells it (see `AuthScheme`)."""

    key: str
    location: str  # "header", "query" or "cookie"
    name: str  # the header, query parameter or cookie name
    prefix: str  # before the credential ("Bearer ")
    kind: str  # "token", "basic" or "oauth2" (client credentials)
    env: str  # environment variable of the scheme's own token
    token_url: str  # OAuth2 client credentials: where the client fetches its tokens


def _auth_schemes(api: ir.Api) -> tuple[AuthSchemeView, ...]:
    """The schemes the client can serve (unknown types are left out: nothing to send)."""
    schemes = []
    for scheme in api.security_schemes:
        key, env = scheme.key, scheme.env_name
        if scheme.type == "http" and scheme.scheme.lower() == "bearer":
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Bearer ", "token", env, "")
            )
        elif scheme.type == "http" and scheme.scheme.lower() == "basic":
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Basic ", "basic", env, "")
            )
        elif scheme.type == "apiKey" and scheme.location in ("header", "query", "cookie"):
            schemes.append(
                AuthSchemeView(key, scheme.location, scheme.parameter_name, "", "token", env, "")
            )
        elif scheme.type in ("oauth2", "openIdConnect"):
            flow = next((f for f in scheme.flows if f.kind == "clientCredentials"), None)
            kind, token_url = (
                ("oauth2", flow.token_url) if flow and flow.token_url else ("token", "")
            )
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Bearer ", kind, env, token_url)
            )
    return tuple(schemes)


def _check_names(api: ir.Api, resources: list[ResourceView]) -> None:
    """Names that would silently override one another in the generated classes."""
    problems: list[str] = []
    for view in resources:
        taken: dict[str, str] = {
            "with_raw_response": "the raw-response accessor",
            "with_streaming_response": "the streaming-response accessor",
        }
        members = [(op.python_name, f"method {op.python_name}") for op in view.resource.operations]
        members += [
            (op.bulk.method_name, f"bulk method {op.bulk.method_name}")
            for op in view.resource.operations
            if op.bulk is not None
        ]
        members += [(c.attribute, f"child resource {c.attribute}") for c in view.resource.children]
        for alias in view.resource.aliases:
            members.append((alias.python_name, f"deprecated alias {alias.python_name}"))
            if alias.bulk_name:
                members.append((alias.bulk_name, f"deprecated alias {alias.bulk_name}"))
        for name, what in members:
            if name in SCALAR_TYPE_NAMES:
                problems.append(f"{view.resource.class_name}: {what} hides the builtin type")
            if name in taken or name.startswith("_"):
                problems.append(
                    f"{view.resource.class_name}: {what} clashes with {taken.get(name, name)}"
                )
            taken[name] = what
    for resource in api.resources:
        if resource.attribute in CLIENT_RESERVED or resource.attribute.startswith("_"):
            problems.append(f"resource {resource.attribute} clashes with a client attribute")
    classes: list[str] = []  # the client classes may share a name with a resource (aliased)
    for view in resources:
        classes += [view.resource.class_name, view.resource.async_class_name]
    duplicates = sorted({name for name in classes if classes.count(name) > 1})
    if duplicates:
        problems.append(f"class names used twice: {', '.join(duplicates)}")
    if problems:
        raise error("render.name-clash", "; ".join(problems))


def _check_unique_modules(api: ir.Api, resources: list[ResourceView]) -> None:
    seen: dict[str, str] = {}
    for view in resources:
        module = view.resource.module
        if module in seen or module == "__init__":
            raise error(
                "render.duplicate-module",
                f"resources {seen.get(module, '?')} and {view.resource.class_name} share the "
                f"module resources/{module}.py",
            )
        seen[module] = view.resource.class_name


def make_environment(directory: Path) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pystr"] = pystr
    env.filters["pystr_tuple"] = pystr_tuple
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    env.filters["tomlstr"] = tomlstr
    return env


def render_sdk(api: ir.Api, *, templates_dir: Path | None = None) -> dict[str, str]:
    """The generated SDK as {relative POSIX path: text}, unformatted, in a stable order."""
    import jinja2

    from .readme import readme_view

    directory = templates_dir if templates_dir is not None else default_templates_dir()
    env = make_environment(directory)
    where = _model_modules(api)
    type_aliases = frozenset(m.name for m in api.models if m.kind == "alias")
    resources = tuple(resource_view(r, where, type_aliases) for r in api.resources)
    every_resource = _all_resources(resources)
    _check_unique_modules(api, every_resource)
    _check_names(api, every_resource)
    modules = model_modules(api)
    context = {
        "api": api,
        "server": api.servers[0] if api.servers else None,
        "auth_schemes": _auth_schemes(api),
        "default_security": api.default_security,
        "resources": resources,
        "all_resources": every_resource,
        # api.md prints the signatures outside any class: `list[...]`, never `List[...]`.
        "reference_resources": _all_resources(
            tuple(resource_view(r, where, type_aliases, in_class=False) for r in api.resources)
        ),
        # The README documents pagination and JSON:API documents only for APIs that have them.
        "paginated": any(o.op.pagination for v in every_resource for o in v.operations),
        "uses_jsonapi": any(m.jsonapi_type for m in api.models)
        or any(o.jsonapi_body for v in every_resource for o in v.operations),
        "update_example": _update_example(api, every_resource),
        "readme": readme_view(api),
        "model_modules": modules,
        "model_module_of": where,
        "exception_names": exception_names(),
        "sdk_version": api.sdk_version,
        "deprecated_aliases": sorted(
            (a for v in every_resource for a in v.aliases), key=lambda a: a.alias.name
        ),
    }
    pkg = api.package_name
    files: dict[str, str] = {}
    try:
        for template, target in STATIC_FILES:
            files[target.format(pkg=pkg)] = env.get_template(template).render(context)
        header = env.get_template("_header.jinja").render(context)
        files.update(runtime_files(pkg, header))
        resource_template = env.get_template(RESOURCE_TEMPLATE)
        for view in every_resource:
            files[f"{pkg}/resources/{view.resource.module}.py"] = resource_template.render(
                context, view=view
            )
        types_template = env.get_template(TYPES_TEMPLATE)
        for module in modules:
            files[f"{pkg}/types/{module.module}.py"] = types_template.render(context, module=module)
    except jinja2.TemplateError as exc:
        raise error("render.template", f"template error: {exc}", file=str(directory)) from exc
    return dict(sorted(files.items()))
