"""Read an OpenAPI document (JSON or YAML) and bundle every file it refers to into one tree.

A Swagger 2.0 document is converted to OpenAPI 3.0 after bundling (see `swagger2`), so every
later stage sees OpenAPI 3.0 or 3.1.

Local refs (`#/components/schemas/X`) stay refs, so cycles survive and later stages resolve
them lazily. Refs to other files are bundled: the target is copied under the matching
`components` section of the root document and the ref is rewritten to point there. After
loading, every local ref is guaranteed to resolve.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from generator.diagnostics import Diagnostic, error, pointer_from_parts
from generator.swagger2 import convert_swagger2, is_swagger2

Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class LoadedDocument:
    path: Path
    data: dict[str, Any]
    files: tuple[Path, ...]  # every file read, the root first
    notes: tuple[Diagnostic, ...] = ()  # how the document was converted (Swagger 2.0), if it was


class _StringDateLoader(yaml.SafeLoader):
    """Safe loader that keeps `2024-01-01` a string: OpenAPI documents are JSON data."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# A `\ud800`-style escape: JSON and YAML can spell a lone surrogate, which is not text.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(node: Any) -> Any:
    """`node` with every lone surrogate in its strings (keys too) replaced by U+FFFD, so every
    string from a spec can be written as UTF-8."""
    if isinstance(node, str):
        return _LONE_SURROGATE.sub("\ufffd", node)
    if isinstance(node, dict):
        return {replace_lone_surrogates(k): replace_lone_surrogates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [replace_lone_surrogates(item) for item in node]
    return node


def parse_file(path: Path) -> Any:
    """Parse JSON or YAML (by extension, else by the first character); raise load.* errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("load.not-found", "file not found", file=str(path), exit_code=2) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error("load.not-found", f"cannot read file: {exc}", file=str(path), exit_code=2)
    suffix = path.suffix.lower()
    as_json = suffix == ".json" or (
        suffix not in (".yaml", ".yml") and text.lstrip()[:1] in ("{", "[")
    )
    if as_json:
        try:
            return (
                replace_lone_surrogates(json.loads(text))
                if _ESCAPED_SURROGATE.search(text)
                else json.loads(text)
            )
        except json.JSONDecodeError as exc:
            message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            raise error("load.parse-error", message, file=str(path)) from None
    try:
        # A SafeLoader subclass: no arbitrary Python objects are constructed.
        data = yaml.load(text, Loader=_StringDateLoader)
        return replace_lone_surrogates(data) if _ESCAPED_SURROGATE.search(text) else data
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error("load.parse-error", f"invalid YAML at {where}{problem}", file=str(path))


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_pointer(data: Any, pointer: str) -> Any:
    """RFC 6901 lookup; raises KeyError naming the first token that does not resolve."""
    if pointer == "":
        return data
    if not pointer.startswith("/"):
        raise KeyError(f"JSON pointer must start with '/': {pointer!r}")
    node = data
    for raw in pointer[1:].split("/"):
        token = unescape_token(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(f"no {token!r} in {pointer!r}")
    return node


def resolve_ref(data: Any, ref: str) -> Any:
    """Resolve a local `#/...` reference against `data`; raises KeyError."""
    if not ref.startswith("#"):
        raise KeyError(f"not a local reference: {ref!r}")
    return resolve_pointer(data, unquote(ref[1:]))


def clone_json(value: Any) -> Any:
    """Deep copy of JSON-shaped data, much faster than copy.deepcopy on large specs."""
    if isinstance(value, dict):
        return {key: clone_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clone_json(item) for item in value]
    return value


# Keys whose values are payload data, not OpenAPI objects: a "$ref" in there is not a ref.
_DATA_KEYS = frozenset({"example", "default", "enum", "const"})
_COMPONENT_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _walk_refs(node: Any, parts: Parts) -> Iterator[tuple[dict[str, Any], Parts]]:
    """Yield every mapping holding a string `$ref`, with its location, in document order."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node, parts
        for key, value in list(node.items()):
            if key in _DATA_KEYS or key.startswith("x-"):
                continue
            if key == "value" and len(parts) >= 2 and parts[-2] == "examples":
                continue
            yield from _walk_refs(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_refs(value, (*parts, index))


_SECTION_BY_PARENT = {
    "responses": "responses",
    "headers": "headers",
    "examples": "examples",
    "links": "links",
    "callbacks": "callbacks",
}


def _section_for(site: Parts, pointer: str) -> str:
    """Which components section a bundled target belongs in, from its pointer or its use."""
    tokens = [unescape_token(t) for t in pointer.split("/")[1:]]
    if len(tokens) == 3 and tokens[0] == "components":
        return tokens[1]
    parent = site[-2] if len(site) >= 2 else None
    if parent == "parameters" and isinstance(site[-1], int):
        return "parameters"
    if site and site[-1] == "requestBody":
        return "requestBodies"
    if isinstance(parent, str) and parent in _SECTION_BY_PARENT:
        return _SECTION_BY_PARENT[parent]
    return "schemas"


class _Bundler:
    def __init__(self, root_path: Path, root: dict[str, Any]) -> None:
        self.root_path = root_path
        self.root = root
        self.documents: dict[Path, Any] = {root_path: root}
        self.bundled: dict[tuple[Path, str], str] = {}  # (file, pointer) -> local ref

    def document(self, path: Path, ref_file: Path, ref_parts: Parts, ref: str) -> Any:
        if path not in self.documents:
            if not path.is_file():
                raise error(
                    "load.dangling-ref",
                    f"$ref {ref!r} points to a file that does not exist: {path}",
                    file=str(ref_file),
                    pointer=pointer_from_parts((*ref_parts, "$ref")),
                )
            self.documents[path] = parse_file(path)
        return self.documents[path]

    def walk(self, node: Any, file: Path, origin: Parts, site: Parts) -> None:
        """Rewrite refs inside `node` (found in `file` at `origin`, placed in root at `site`)."""
        for holder, rel in _walk_refs(node, ()):
            ref_parts = (*origin, *rel)
            holder["$ref"] = self.rewrite(holder["$ref"], file, ref_parts, (*site, *rel))

    def rewrite(self, ref: str, file: Path, ref_parts: Parts, site: Parts) -> str:
        target, _, fragment = ref.partition("#")
        pointer = unquote(fragment)
        target_file = (file.parent / unquote(target)).resolve() if target else file
        if target_file == self.root_path:
            self.check(self.root, pointer, ref, file, ref_parts)
            return "#" + fragment
        if "://" in target:
            raise error(
                "load.remote-ref",
                f"remote $ref {ref!r} is not supported; download the file and refer to it",
                file=str(file),
                pointer=pointer_from_parts((*ref_parts, "$ref")),
            )
        key = (target_file, pointer)
        if key in self.bundled:
            return self.bundled[key]
        source = self.document(target_file, file, ref_parts, ref)
        value = self.check(source, pointer, ref, file, ref_parts)
        section = _section_for(site, pointer)
        name = self.unique_name(section, pointer, target_file)
        local = "#" + pointer_from_parts(("components", section, name))
        self.bundled[key] = local  # registered before walking, so cycles end here
        copy = clone_json(value)
        self.root.setdefault("components", {}).setdefault(section, {})[name] = copy
        origin = tuple(unescape_token(t) for t in pointer.split("/")[1:])
        self.walk(copy, target_file, origin, ("components", section, name))
        return local

    def check(self, doc: Any, pointer: str, ref: str, file: Path, ref_parts: Parts) -> Any:
        try:
            return resolve_pointer(doc, pointer)
        except KeyError:
            raise error(
                "load.dangling-ref",
                f"$ref {ref!r} does not resolve",
                file=str(file),
                pointer=pointer_from_parts((*ref_parts, "$ref")),
            ) from None

    def unique_name(self, section: str, pointer: str, file: Path) -> str:
        last = unescape_token(pointer.rsplit("/", 1)[-1]) if pointer else file.stem
        base = _COMPONENT_NAME.sub("_", last) or "Bundled"
        taken = self.root.get("components", {}).get(section, {})
        name, counter = base, 2
        while name in taken:
            name, counter = f"{base}_{counter}", counter + 1
        return name


def load_document(path: Path) -> LoadedDocument:
    """Load the root document, bundle external refs and check that every ref resolves."""
    root_path = Path(path).resolve()
    data = parse_file(root_path)
    if data is None:
        raise error("load.not-an-object", "the document is empty", file=str(path))
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise error(
            "load.not-an-object", f"the document root is a {kind}, not a mapping", file=str(path)
        )
    bundler = _Bundler(root_path, data)
    bundler.walk(data, root_path, (), ())
    if is_swagger2(data):  # every later stage sees OpenAPI 3.0
        converted, notes = convert_swagger2(data, str(path))
        return LoadedDocument(root_path, converted, tuple(bundler.documents), tuple(notes))
    return LoadedDocument(root_path, data, tuple(bundler.documents))
