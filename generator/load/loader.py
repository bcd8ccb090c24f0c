"""Read an OpenAPI document (JSON or YAML) and bundle every file it refers to into one tree.

A Swagger 2.0 document is converted to OpenAPI 3.0 after bundling (see `swagger2`), so every
later stage sees OpenAPI 3.0 or 3.1.

Local refs (`#/components/schemas/X`) stay refs, so cycles survive and later stages resolve
them lazily. Refs to other files are bundled: the target is copied under the matching
`components` section of the root document and the ref is rewritten to point there. After
loading, every local ref is guaranteed to resolve, and following `$ref`s from one that is only a
reference reaches something else within `MAX_REF_CHAIN` hops.

Hostile documents end here with an error naming the file (see `limits`): over the size limit,
nested too deeply, YAML aliases that refer to themselves or expand past the node budget
("billion laughs"), `$ref` chains that loop or go on and on, through any number of files.
Every step is iterative or bounded in depth, so none of them ends in a RecursionError.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, Event, NodeEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from ..diagnostics import Diagnostic, error, pointer_from_parts, unescape_pointer_token
from . import limits
from .documents import Parts, clone_json, resolve_pointer, resolve_ref
from .swagger2 import convert_swagger2, is_swagger2


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


def _where(node_or_event: Any) -> str:
    mark = node_or_event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _GuardedLoader(_StringDateLoader):
    """Composes the YAML node graph with the limits of `limits` checked as it goes, before any
    Python object is built: nesting depth, aliases to a node that contains them (a cycle no JSON
    document can hold), and how many nodes aliases add (the stages after loading see a tree,
    where an alias costs what it repeats): counted in document order, each alias adding the
    size of what it names, expanded, less one; the first alias past the limit stops it."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.depth = 0
        self.open_anchors: set[str] = set()  # anchors of the nodes being composed
        self.expanded: dict[int, int] = {}  # id(container node) -> its node count, expanded
        self.added = 0  # nodes the aliases so far add, expanded
        self.max_alias_nodes = limits.max_alias_nodes()

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            return self.compose_alias(event, parent, index)
        # Levels of objects and arrays, as JSON's check counts them: a scalar opens none.
        opens = isinstance(event, CollectionStartEvent)
        self.depth += opens
        if self.depth > limits.MAX_DEPTH:
            raise error(
                "load.too-deep",
                f"nested more than {limits.MAX_DEPTH} levels deep (at {_where(event)})",
                file=self.file,
            )
        anchor = event.anchor if isinstance(event, NodeEvent) else None
        if anchor is not None:
            self.open_anchors.add(anchor)
        node = super().compose_node(parent, index)
        if anchor is not None:
            self.open_anchors.discard(anchor)
        self.depth -= opens
        if isinstance(node, SequenceNode):
            self.expanded[id(node)] = 1 + sum(self.expanded.get(id(item), 1) for item in node.value)
        elif isinstance(node, MappingNode):
            self.expanded[id(node)] = 1 + sum(
                self.expanded.get(id(key), 1) + self.expanded.get(id(value), 1)
                for key, value in node.value
            )
        return node

    def compose_alias(self, event: AliasEvent, parent: Node | None, index: int) -> Node | None:
        if event.anchor in self.open_anchors:
            raise error(
                "load.recursive-alias",
                f"the alias *{event.anchor} at {_where(event)} refers to a node that "
                "contains it: a recursive structure, which no JSON document can hold",
                file=self.file,
            )
        node = super().compose_node(parent, index)  # undefined alias: PyYAML's own error
        self.added += self.expanded.get(id(node), 1) - 1
        if self.added > self.max_alias_nodes:
            raise error(
                "load.alias-expansion",
                f"with the alias *{event.anchor} at {_where(event)}, aliases add "
                f"{self.added:,} nodes to the document once expanded, over the limit of "
                f'{self.max_alias_nodes:,} (aliases of aliases: a "billion laughs" document)',
                file=self.file,
            )
        return node


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
    return read_document(path)[0]


def read_document(path: Path, *, already: int = 0, root: Path | None = None) -> tuple[Any, int]:
    """`parse_file`, and the size of the file in bytes. `already` bytes of the same spec (whose
    root document is `root`) were read before: the size limit holds for them all together."""
    try:
        raw = limits.read_limited(path, limits.max_spec_bytes(), already=already, root=root)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise error("load.not-found", "file not found", file=str(path), exit_code=2) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error("load.not-found", f"cannot read file: {exc}", file=str(path), exit_code=2)
    try:
        return _parse_text(text, path), len(raw)
    except RecursionError:  # PyYAML resolving merge keys (<<) that chain through many nodes
        raise error(
            "load.too-deep",
            "merge keys (<<) or aliases chained too deeply to read",
            file=str(path),
        ) from None


def _parse_text(text: str, path: Path) -> Any:
    suffix = path.suffix.lower()
    as_json = suffix == ".json" or (
        suffix not in (".yaml", ".yml") and text.lstrip()[:1] in ("{", "[")
    )
    if as_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            raise error("load.parse-error", message, file=str(path)) from None
        except RecursionError:  # the parser follows about a thousand levels
            raise error(
                "load.too-deep",
                f"nested more than {limits.MAX_DEPTH} levels deep (too deep to parse)",
                file=str(path),
            ) from None
        too_deep = first_too_deep(data, limits.MAX_DEPTH)
        if too_deep is not None:
            raise error(
                "load.too-deep",
                f"nested more than {limits.MAX_DEPTH} levels deep",
                file=str(path),
                pointer=pointer_from_parts(too_deep),
            )
        return replace_lone_surrogates(data) if _ESCAPED_SURROGATE.search(text) else data
    loader = _GuardedLoader(text, str(path))
    try:
        # A SafeLoader subclass: no arbitrary Python objects are constructed.
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error("load.parse-error", f"invalid YAML at {where}{problem}", file=str(path))
    finally:
        loader.dispose()
    return replace_lone_surrogates(data) if _ESCAPED_SURROGATE.search(text) else data


def first_too_deep(data: Any, limit: int) -> Parts | None:
    """The location of the first object or array nested deeper than `limit`, or None.
    Level by level, without recursion: a document thousands of levels deep is no problem here
    (and the 13 MB GitHub spec takes about 0.1 s)."""
    containers = (dict, list)
    level = [data] if type(data) in containers else []
    depth = 1
    while level:
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) in containers
        ]
        if level and depth >= limit:
            return _path_to_depth(data, limit + 1)
        depth += 1
    return None


def _path_to_depth(data: Any, depth: int) -> Parts:
    """The keys leading to the first container found at `depth` (depth 1 is the root)."""
    pending: list[tuple[Any, Parts]] = [(data, ())]
    while pending:
        node, parts = pending.pop()
        if len(parts) + 1 == depth:
            return parts
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, dict | list):
                pending.append((child, (*parts, key)))
    return ()


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
    tokens = [unescape_pointer_token(t) for t in pointer.split("/")[1:]]
    if len(tokens) == 3 and tokens[0] == "components":
        return tokens[1]
    if len(site) == 3 and site[0] == "components" and isinstance(site[1], str):
        return site[1]  # a component that is a ref: its target is a component of the same kind
    parent = site[-2] if len(site) >= 2 else None
    if parent == "parameters" and (isinstance(site[-1], int) or len(site) == 2):
        return "parameters"  # a parameter of a list, or a Swagger 2.0 shared parameter
    if site and site[-1] == "requestBody":
        return "requestBodies"
    if isinstance(parent, str) and parent in _SECTION_BY_PARENT:
        return _SECTION_BY_PARENT[parent]
    return "schemas"


def _is_path_item_site(site: Parts) -> bool:
    """Whether the ref at `site` stands for a Path Item: an entry of `paths` or `webhooks`, or
    an expression of a callback. OpenAPI 3.0 has no components section for path items, so an
    external one is copied in place rather than bundled."""
    if len(site) == 2 and site[0] in ("paths", "webhooks"):
        return True
    return len(site) >= 3 and site[-3] == "callbacks"


# A walk still to do: the refs in `node` (read from `file` at `origin`), placed in root at `site`.
_Walk = tuple[Any, Path, Parts, Parts]


class _Bundler:
    def __init__(self, root_path: Path, root: dict[str, Any], size: int) -> None:
        self.root_path = root_path
        self.root = root
        self.documents: dict[Path, Any] = {root_path: root}
        self.bytes_read = size  # all files together, for the size limit
        self.bundled: dict[tuple[Path, str], str] = {}  # (file, pointer) -> local ref
        self.origins: dict[str, str] = {}  # local ref -> where it was bundled from
        self.refs: list[tuple[dict[str, Any], Parts]] = []  # every ref of root, for check_chains
        # (file, pointer, site) of each path item copied in place, so a cycle of them ends
        self.inlined: set[tuple[Path, str, Parts]] = set()

    def document(self, path: Path, ref_file: Path, ref_parts: Parts, ref: str) -> Any:
        if path not in self.documents:
            if not path.is_file():
                raise error(
                    "load.dangling-ref",
                    f"$ref {ref!r} points to a file that does not exist: {path}",
                    file=str(ref_file),
                    pointer=pointer_from_parts((*ref_parts, "$ref")),
                )
            data, size = read_document(path, already=self.bytes_read, root=self.root_path)
            self.bytes_read += size
            self.documents[path] = data
        return self.documents[path]

    def bundle(self) -> None:
        """Rewrite every ref of the root document and of what it brings in. Depth first, as a
        recursive walk would go (bundled names depend on the order), but with an explicit stack:
        a chain of refs through ten thousand files is no deeper for Python than one file."""
        walks = [self.refs_in((self.root, self.root_path, (), ()))]
        while walks:
            found = next(walks[-1], None)
            if found is None:
                walks.pop()
                continue
            holder, file, ref_parts, site = found
            if _is_path_item_site(site):
                more = self.inline(holder, file, ref_parts, site)
            else:
                holder["$ref"], more = self.rewrite(holder["$ref"], file, ref_parts, site)
            if more is not None:
                walks.append(self.refs_in(more))

    def refs_in(self, walk: _Walk) -> Iterator[tuple[dict[str, Any], Path, Parts, Parts]]:
        node, file, origin, site = walk
        for holder, rel in _walk_refs(node, ()):
            self.refs.append((holder, (*site, *rel)))
            yield holder, file, (*origin, *rel), (*site, *rel)

    def rewrite(
        self, ref: str, file: Path, ref_parts: Parts, site: Parts
    ) -> tuple[str, _Walk | None]:
        """The local ref that replaces `ref`, and the walk its bundled copy needs, if any."""
        target, _, fragment = ref.partition("#")
        target = self.through_self(target, file)
        pointer = unquote(fragment)
        target_file = (file.parent / unquote(target)).resolve() if target else file
        if target_file == self.root_path:
            self.check(self.root, pointer, ref, file, ref_parts)
            return "#" + fragment, None
        if "://" in target:
            raise error(
                "load.remote-ref",
                f"remote $ref {ref!r} is not supported; download the file and refer to it",
                file=str(file),
                pointer=pointer_from_parts((*ref_parts, "$ref")),
            )
        key = (target_file, pointer)
        if key in self.bundled:
            return self.bundled[key], None
        source = self.document(target_file, file, ref_parts, ref)
        value = self.check(source, pointer, ref, file, ref_parts)
        section = _section_for(site, pointer)
        name = self.unique_name(section, pointer, target_file)
        local = "#" + pointer_from_parts(("components", section, name))
        self.bundled[key] = local  # registered before walking, so cycles end here
        self.origins[local] = f"{_relative(target_file, self.root_path)}#{fragment}"
        copy = clone_json(value)
        self.root.setdefault("components", {}).setdefault(section, {})[name] = copy
        origin = tuple(unescape_pointer_token(t) for t in pointer.split("/")[1:])
        return local, (copy, target_file, origin, ("components", section, name))

    def inline(
        self, holder: dict[str, Any], file: Path, ref_parts: Parts, site: Parts
    ) -> _Walk | None:
        """Replace the Path Item ref `holder` of another file by a copy of its target (the
        fields beside the `$ref` win), and return the walk of the copy's own refs. A ref to the
        root document stays a ref."""
        ref = holder["$ref"]
        target, _, fragment = ref.partition("#")
        target = self.through_self(target, file)
        target_file = (file.parent / unquote(target)).resolve() if target else file
        if target_file == self.root_path or "://" in target:
            holder["$ref"], more = self.rewrite(ref, file, ref_parts, site)
            return more
        pointer = unquote(fragment)
        key = (target_file, pointer, site)
        if key in self.inlined:
            raise error(
                "load.ref-cycle",
                f"$ref {ref!r} leads back to itself through path item refs",
                file=str(file),
                pointer=pointer_from_parts((*ref_parts, "$ref")),
            )
        self.inlined.add(key)
        source = self.document(target_file, file, ref_parts, ref)
        value = self.check(source, pointer, ref, file, ref_parts)
        if not isinstance(value, dict):
            raise error(
                "load.not-an-object",
                f"$ref {ref!r} points to a {type(value).__name__}, not a path item",
                file=str(file),
                pointer=pointer_from_parts((*ref_parts, "$ref")),
            )
        if self.refs and self.refs[-1][0] is holder:
            self.refs.pop()  # no longer a ref once its target is copied in
        siblings = {name: item for name, item in holder.items() if name != "$ref"}
        holder.clear()
        holder.update(clone_json(value))
        holder.update(siblings)
        origin = tuple(unescape_pointer_token(t) for t in pointer.split("/")[1:])
        return holder, target_file, origin, site

    def through_self(self, target: str, file: Path) -> str:
        """A ref's document part as a path from `file`'s folder ("" for `file` itself) when
        `file` states its own URI in `$self` (OpenAPI 3.2: the base URI of its relative refs):
        resolved against that URI, a ref to it is local, one to another document under the
        same folder of the same host is that file beside `file` (a document and the files it
        refers to are published together), any other stays as it is (a remote ref)."""
        doc = self.documents.get(file)
        base = doc.get("$self") if target and isinstance(doc, dict) else None
        if not isinstance(base, str) or not base:
            return target
        base = urldefrag(base)[0]
        resolved = urldefrag(urljoin(base, target))[0]
        if resolved == base:
            return ""
        there, here = urlsplit(resolved), urlsplit(base)
        if (there.scheme, there.netloc) != (here.scheme, here.netloc) or there.query:
            return resolved
        folder = posixpath.dirname(here.path) or ("/" if here.path.startswith("/") else ".")
        return posixpath.relpath(there.path or "/", folder)

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
        last = unescape_pointer_token(pointer.rsplit("/", 1)[-1]) if pointer else file.stem
        base = _COMPONENT_NAME.sub("_", last) or "Bundled"
        taken = self.root.get("components", {}).get(section, {})
        name, counter = base, 2
        while name in taken:
            name, counter = f"{base}_{counter}", counter + 1
        return name


def _relative(path: Path, root_path: Path) -> str:
    try:
        return path.relative_to(root_path.parent).as_posix()
    except ValueError:
        return str(path)


def check_ref_chains(
    root: dict[str, Any],
    refs: list[tuple[dict[str, Any], Parts]],
    file: str,
    origins: dict[str, str],
) -> None:
    """Refuse a `$ref` whose target is only another `$ref`, and so on in a loop (nothing is ever
    reached) or for more than `MAX_REF_CHAIN` hops. `refs` are the ref holders of `root` (all
    local after bundling) with their locations; `origins` names the file a bundled ref came from."""
    settled: set[str] = set()  # refs known to reach something in time
    for holder, parts in refs:
        chain = [holder["$ref"]]
        position = {chain[0]: 0}
        looped_at: int | None = None
        while chain[-1] not in settled:
            try:
                target = resolve_ref(root, chain[-1])
            except KeyError:
                break  # not a plain local ref: later stages report it
            if not (isinstance(target, dict) and isinstance(target.get("$ref"), str)):
                break
            following = target["$ref"]
            if following in position:
                looped_at = position[following]
                chain.append(following)
                break
            position[following] = len(chain)
            chain.append(following)
        if looped_at is None and len(chain) <= limits.MAX_REF_CHAIN + 1:
            settled.update(chain)
            _check_parameter_target(root, holder["$ref"], parts, file, origins)
            continue
        names = [origins.get(ref, ref) for ref in chain[looped_at or 0 :]]
        if len(names) > 8:
            names = [*names[:4], f"... {len(names) - 6} more ...", *names[-2:]]
        if looped_at is not None:
            code = "load.ref-cycle"
            problem = (
                f"a $ref cycle of {len(chain) - 1 - looped_at}: each of these is only a "
                "reference to the next, so none is ever defined"
            )
        else:
            code = "load.ref-chain"
            problem = (
                f"a chain of {len(chain) - 1} $refs, each only a reference to the next (more "
                f"than {limits.MAX_REF_CHAIN})"
            )
        raise error(
            code,
            f"{problem}: {' -> '.join(names)}",
            file=file,
            pointer=pointer_from_parts((*parts, "$ref")),
        )


def _is_parameter_site(parts: Parts) -> bool:
    """Whether a ref at `parts` stands for a Parameter Object: an entry of a `parameters` list,
    or of `components.parameters` (Swagger 2.0: the top-level `parameters`)."""
    if len(parts) >= 2 and parts[-2] == "parameters" and isinstance(parts[-1], int):
        return True
    return parts[:-1] in (("components", "parameters"), ("parameters",))


def _check_parameter_target(
    root: dict[str, Any], ref: str, parts: Parts, file: str, origins: dict[str, str]
) -> None:
    """Refuse a parameter's `$ref` that ends at something without a `name` and an `in` (a
    schema, say): no later stage could read it, and the validators stop on it unlocated."""
    if not _is_parameter_site(parts):
        return
    target: Any = {"$ref": ref}
    for _ in range(limits.MAX_REF_CHAIN + 1):
        if not (isinstance(target, dict) and isinstance(target.get("$ref"), str)):
            break
        try:
            target = resolve_ref(root, target["$ref"])
        except KeyError:
            return  # not a plain local ref: later stages report it
    if isinstance(target, dict) and isinstance(target.get("name"), str) and "in" in target:
        return
    raise error(
        "load.ref-kind",
        f"parameter $ref {origins.get(ref, ref)!r} points to something that is not a "
        "parameter (no `name` and `in`)",
        file=file,
        pointer=pointer_from_parts((*parts, "$ref")),
    )


def load_document(path: Path) -> LoadedDocument:
    """Load the root document, bundle external refs and check that every ref resolves."""
    root_path = Path(path).resolve()
    data, size = read_document(root_path)
    if data is None:
        raise error("load.not-an-object", "the document is empty", file=str(path))
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise error(
            "load.not-an-object", f"the document root is a {kind}, not a mapping", file=str(path)
        )
    bundler = _Bundler(root_path, data, size)
    bundler.bundle()
    check_ref_chains(data, bundler.refs, str(path), bundler.origins)
    if is_swagger2(data):  # every later stage sees OpenAPI 3.0
        converted, notes = convert_swagger2(data, str(path))
        return LoadedDocument(root_path, converted, tuple(bundler.documents), tuple(notes))
    return LoadedDocument(root_path, data, tuple(bundler.documents))
