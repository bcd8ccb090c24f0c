"""Automatic repairs for spec defects that have exactly one obvious meaning.

Each repair is reported as a warning with the JSON pointer of the repaired node, so nothing
changes silently. Defects with more than one plausible meaning are left alone: the validator
reports them and a per-API overlay (written against the repaired document) settles them. Where
the document contradicts itself (one path written twice, both spellings defining the same
method), the repair is refused with an error, which counts with the validation errors.
Repairs never lose data: a keyword OpenAPI does not know is kept as an `x-sdkgen-<name>`
extension rather than dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..diagnostics import Diagnostic, pointer_from_parts
from ..load.documents import Parts, clone_json, detect_openapi_version, resolve_ref
from ..vocabulary import HTTP_METHODS, VALIDATION_KEYWORDS

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")

_SCHEMA_30 = frozenset(
    [
        "title",
        *VALIDATION_KEYWORDS,
        "maxProperties",
        "minProperties",
        "required",
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "items",
        "properties",
        "additionalProperties",
        "description",
        "format",
        "default",
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "$ref",
    ]
)
_SCHEMA_31 = (_SCHEMA_30 - {"nullable"}) | frozenset(
    [
        "$schema",
        "$id",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$defs",
        "$comment",
        "$vocabulary",
        "const",
        "examples",
        "prefixItems",
        "contains",
        "minContains",
        "maxContains",
        "patternProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "if",
        "then",
        "else",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    ]
)
# The fixed fields of the OpenAPI objects whose unknown keys we repair (3.0 and 3.1 merged:
# a 3.1-only field in a 3.0 document is left for the validator to report).
_OBJECT_FIELDS = {
    "root": "openapi info jsonSchemaDialect servers paths webhooks components security tags "
    "externalDocs",
    "components": "schemas responses parameters examples requestBodies headers securitySchemes "
    "links callbacks pathItems",
    "pathItem": "$ref summary description servers parameters " + " ".join(HTTP_METHODS),
    "operation": "tags summary description externalDocs operationId parameters requestBody "
    "responses callbacks deprecated security servers",
    "parameter": "name in description required deprecated allowEmptyValue style explode "
    "allowReserved schema example examples content $ref",
    "header": "description required deprecated allowEmptyValue style explode allowReserved "
    "schema example examples content $ref",
    "requestBody": "description content required $ref",
    "response": "description headers content links $ref",
    "mediaType": "schema example examples encoding",
}
_FIELDS = {kind: frozenset(names.split()) for kind, names in _OBJECT_FIELDS.items()}
# Path item fields that apply to each of its operations unless the operation says otherwise.
_OPERATION_DEFAULTS = ("parameters", "servers")

# Type names that are not JSON types but can mean only one thing. "date"/"dates" become a
# string with `format: date` (OpenAPI spells dates as formatted strings; a format already
# present is kept since it is more specific); the C-style names map to their JSON type.
_TYPE_ALIASES: dict[str, tuple[str, str | None]] = {
    "date": ("string", "date"),
    "dates": ("string", "date"),
    "datetime": ("string", "date-time"),
    "date-time": ("string", "date-time"),
    "int": ("integer", None),
    "float": ("number", None),
    "double": ("number", None),
    "bool": ("boolean", None),
}
# Draft 2019-09 keywords whose 2019-09 value (a boolean) fails the 2020-12 meta-schema.
_DRAFT_2019_BOOLEANS = ("$recursiveAnchor",)
# Keywords that describe the elements when `string[]` becomes an array of strings.
_ITEM_KEYWORDS = ("enum", "format", "pattern", "minLength", "maxLength")


def _is_typo(key: str, keyword: str) -> bool:
    """One letter inserted, dropped, replaced or two swapped; only for long alphabetic words
    (a digit suffix such as `example2` is a deliberate variant, not a typo)."""
    if not key.isalpha() or len(keyword) < 6 or key == keyword:
        return False
    if len(key) == len(keyword):
        diffs = [i for i, (a, b) in enumerate(zip(key, keyword, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first, second = (diffs + [-1, -1])[:2]
        return len(diffs) == 2 and second == first + 1 and key[first] == keyword[second]
    longer, shorter = (key, keyword) if len(key) > len(keyword) else (keyword, key)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _template_names(path: str) -> list[str]:
    return re.findall(r"{([^}/]+)}", path)


class _Repairer:
    def __init__(self, doc: dict[str, Any], file: str) -> None:
        self.doc = doc
        self.file = file
        self.is_31 = detect_openapi_version(doc) == "3.1"
        self.schema_keywords = _SCHEMA_31 if self.is_31 else _SCHEMA_30
        self.diagnostics: list[Diagnostic] = []
        self.null_defaults: list[tuple[dict[str, Any], Parts]] = []  # see fix_null_defaults
        self.rejects_null_at: dict[str, bool] = {}  # `$ref` -> whether its target rejects null

    def report(self, code: str, parts: Parts, message: str) -> None:
        pointer = pointer_from_parts(parts)
        self.diagnostics.append(Diagnostic("warning", code, message, pointer, self.file))

    # -- unknown keywords ---------------------------------------------------------------

    def fix_keys(self, node: dict[str, Any], parts: Parts, known: frozenset[str]) -> None:
        """Rename misspelt keywords; park unknown ones under `x-sdkgen-<name>`."""
        for key in list(node):
            if key in known or key.startswith("x-"):
                continue
            target = next((k for k in known if k.lower() == key.lower()), None)
            target = target or next((k for k in sorted(known) if _is_typo(key, k)), None)
            if target and target not in node:
                node[target] = node.pop(key)
                self.report(
                    "repair.unknown-keyword", (*parts, target), f"{key!r} read as {target!r}"
                )
                continue
            if self.is_31 and known is self.schema_keywords:
                continue  # JSON Schema 2020-12 allows unknown keywords as annotations
            extension = "x-sdkgen-" + (key.lstrip(".$") or "key")
            if extension in node:
                extension = "x-sdkgen-" + key
            node[extension] = node.pop(key)
            message = f"unknown keyword {key!r} kept as {extension!r}"
            self.report("repair.unknown-keyword", (*parts, extension), message)

    # -- schemas -------------------------------------------------------------------------

    def schema(self, node: Any, parts: Parts, is_property: bool = False) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            if self.is_31:  # 3.1 reads the keywords beside a `$ref`; 3.0 ignores them
                self.fix_keywords(node, parts)
            return
        if is_property:
            self.fix_missing_properties(node, parts)
        self.fix_keys(node, parts, self.schema_keywords)
        self.fix_type(node, parts)
        self.fix_required(node, parts)
        self.fix_keywords(node, parts)
        if node.get("default", 0) is None:
            self.null_defaults.append((node, parts))
        for keyword in ("items", "not", "additionalProperties", "contains", "propertyNames"):
            if keyword in node:
                self.schema(node[keyword], (*parts, keyword))
        for keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
            if isinstance(node.get(keyword), list):
                for index, item in enumerate(node[keyword]):
                    self.schema(item, (*parts, keyword, index))
        for keyword in ("properties", "patternProperties", "$defs", "dependentSchemas"):
            members = node.get(keyword)
            if isinstance(members, dict) and not _is_misplaced_schema(members):
                for name, member in members.items():
                    self.schema(member, (*parts, keyword, name), keyword == "properties")

    def fix_missing_properties(self, node: dict[str, Any], parts: Parts) -> None:
        """A property whose keys are all unknown and all hold schemas lost its `properties`
        wrapper (`connected_integrations: {connector: {...}, environment: {...}}`): inside a
        schema such a key can only name a property."""
        if not node or any(key in self.schema_keywords or key.startswith("x-") for key in node):
            return
        if not all(
            isinstance(v, dict) and ("type" in v or "properties" in v) for v in node.values()
        ):
            return
        members = dict(node)
        node.clear()
        node.update({"type": "object", "properties": members})
        names = ", ".join(repr(name) for name in members)
        self.report(
            "repair.misplaced-properties",
            (*parts, "properties"),
            f"{names} moved under 'properties'",
        )

    def fix_type(self, node: dict[str, Any], parts: Parts) -> None:
        kind = node.get("type")
        where = (*parts, "type")
        if isinstance(kind, list) and self.is_31:
            fixed = [_plain_type(k) if isinstance(k, str) else None for k in kind]
            if all(f is not None for f in fixed) and fixed != kind:
                node["type"] = fixed
                self.report("repair.type-name", where, f"type {kind!r} read as {fixed!r}")
            return
        if not isinstance(kind, str) or kind in JSON_TYPES:
            return
        if kind.strip().lower() == "json":  # any JSON value: what a schema without a type says
            del node["type"]
            self.report("repair.type-name", where, f"type {kind!r} read as any JSON value")
            return
        alternatives = [part.strip() for part in re.split(r"[|,]", kind) if part.strip()]
        branches = [_branch_for(part) for part in alternatives]
        if not branches or any(branch is None for branch in branches):
            return
        if len(branches) == 1:
            self.apply_single(node, branches[0] or {}, kind, parts)
        else:
            self.apply_union(node, [b for b in branches if b is not None], kind, parts)

    def apply_single(
        self, node: dict[str, Any], branch: dict[str, Any], kind: str, parts: Parts
    ) -> None:
        node["type"] = branch["type"]
        if "items" in branch:  # `string[]`: what described the string now describes the items
            items = dict(branch["items"])
            for keyword in _ITEM_KEYWORDS:
                if keyword in node:
                    items[keyword] = node.pop(keyword)
            node["items"] = items
            self.report(
                "repair.type-union",
                (*parts, "type"),
                f"type {kind!r} read as an array of {items['type']!r}",
            )
            return
        if "format" in branch:
            node.setdefault("format", branch["format"])
        shown = f"{branch['type']!r}" + (
            f" with format {node['format']!r}" if "format" in branch else ""
        )
        self.report("repair.type-name", (*parts, "type"), f"type {kind!r} read as {shown}")

    def apply_union(
        self, node: dict[str, Any], branches: list[dict[str, Any]], kind: str, parts: Parts
    ) -> None:
        nullable = {"type": "null"} in branches
        branches = [b for b in branches if b != {"type": "null"}]
        plain = all(set(b) == {"type"} for b in branches)
        if self.is_31 and plain:
            node["type"] = [b["type"] for b in branches] + (["null"] if nullable else [])
            self.report(
                "repair.type-union", (*parts, "type"), f"type {kind!r} read as {node['type']!r}"
            )
            return
        if "anyOf" in node:
            return  # nowhere to put the alternatives without guessing; the validator reports it
        del node["type"]
        if nullable and not self.is_31:
            node["nullable"] = True
        elif nullable:
            branches.append({"type": "null"})
        # anyOf, not oneOf: `integer|number` overlap, and anyOf is what "either" means.
        node["anyOf"] = branches
        self.report(
            "repair.type-union", (*parts, "anyOf"), f"type {kind!r} read as anyOf {branches!r}"
        )

    def fix_required(self, node: dict[str, Any], parts: Parts) -> None:
        if node.get("required") == []:
            del node["required"]
            self.report(
                "repair.empty-required", (*parts, "required"), "empty 'required' list removed"
            )
        properties = node.get("properties")
        if not isinstance(properties, dict) or _is_misplaced_schema(properties):
            return
        names = properties.get("required")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            return
        owner_parts = _owner_of(node, names)
        if owner_parts is None:
            return
        del properties["required"]
        owner = node
        for part in owner_parts:
            owner = owner[str(part)]
        merged = list(owner.get("required", []))
        merged += [name for name in names if name not in merged]
        owner["required"] = merged
        message = (
            f"'required' list found under 'properties' moved to its schema ({', '.join(names)})"
        )
        self.report("repair.misplaced-required", (*parts, *owner_parts, "required"), message)

    def fix_keywords(self, node: dict[str, Any], parts: Parts) -> None:
        """Keywords whose value alone is wrong, each with one reading."""
        self.fix_duplicate_required(node, parts)
        if self.is_31:  # 3.0 takes boolean bounds, and parks `$recursiveAnchor` as unknown
            self.fix_exclusive_bounds(node, parts)
            self.fix_draft_2019_keywords(node, parts)

    def fix_duplicate_required(self, node: dict[str, Any], parts: Parts) -> None:
        """A name listed twice in `required` is required once: the list is a set."""
        names = node.get("required")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return
        unique = list(dict.fromkeys(names))
        if len(unique) == len(names):
            return
        node["required"] = unique
        repeated = ", ".join(repr(n) for n in unique if names.count(n) > 1)
        self.report(
            "repair.duplicate-required",
            (*parts, "required"),
            f"{repeated} listed more than once in 'required': kept once",
        )

    def fix_exclusive_bounds(self, node: dict[str, Any], parts: Parts) -> None:
        """The draft-04 (OpenAPI 3.0) boolean `exclusiveMinimum`/`exclusiveMaximum` in a 3.1
        schema. `true` beside a numeric `minimum`/`maximum` says the bound is exclusive, which
        3.1 spells as the number itself; `false` says the bound is inclusive, which `minimum`
        alone already says, so it goes. `true` without its bound names no number: left for the
        validator to report."""
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            flag = node.get(exclusive)
            if not isinstance(flag, bool):
                continue
            where = (*parts, exclusive)
            if not flag:
                del node[exclusive]
                message = f"'{exclusive}: false' (3.0's inclusive bound, 3.1's default) removed"
                self.report("repair.exclusive-bound", where, message)
                continue
            value = node.get(bound)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            node[exclusive] = node.pop(bound)
            message = f"'{exclusive}: true' with '{bound}: {value}' read as '{exclusive}: {value}'"
            self.report("repair.exclusive-bound", where, message)

    def fix_draft_2019_keywords(self, node: dict[str, Any], parts: Parts) -> None:
        """`$recursiveAnchor: true` (draft 2019-09). A 2020-12 validator gives the keyword no
        meaning, but 2020-12's meta-schema still reserves the name for an anchor string, so
        the 2019-09 boolean fails it: kept as an extension, where it means nothing either."""
        for key in _DRAFT_2019_BOOLEANS:
            if not isinstance(node.get(key), bool):
                continue
            extension = "x-sdkgen-" + key.lstrip("$")
            if extension in node:
                continue
            node[extension] = node.pop(key)
            message = f"draft 2019-09 keyword {key!r} (no meaning in 2020-12) kept as {extension!r}"
            self.report("repair.draft-2019-keyword", (*parts, extension), message)

    def fix_null_defaults(self) -> None:
        """`default: null` on a schema that refuses null: the default names no value the
        schema admits, so it goes and the schema admits exactly what it did (whether a property
        may be left out is `required`'s business). When anything in it hints at null (`nullable`,
        which normalize reads in 3.1 too, a `null` type, enum value or `const`, in the schema,
        a member or a `$ref` target), "nullable" is as plausible a reading: left alone.
        Decided once every other repair is done, so `$ref` targets are read repaired.
        (Parameters have their own, wider rule: `fix_null_default`.)"""
        for node, parts in self.null_defaults:
            if node.get("default", 0) is not None or not self.rejects_null(node):
                continue
            if self.hints_null(node, set()):
                continue
            del node["default"]
            self.report(
                "repair.null-default",
                (*parts, "default"),
                "'default: null' removed: the schema does not admit null",
            )

    def rejects_null(self, schema: Any) -> bool:
        """Whether `schema` certainly rejects null (an unresolved `$ref`, an unknown type
        name or a cycle: not certain)."""
        if not isinstance(schema, dict):
            return schema is False
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref not in self.rejects_null_at:
                self.rejects_null_at[ref] = False  # until known: what a cycle back here reads
                self.rejects_null_at[ref] = self.rejects_null(self.deref(schema))
            siblings = {k: v for k, v in schema.items() if k != "$ref"} if self.is_31 else {}
            return self.rejects_null_at[ref] or self.rejects_null(siblings)
        kind = schema.get("type")
        if isinstance(kind, str) and kind in JSON_TYPES and kind != "null":
            return True
        if isinstance(kind, list) and kind and all(k in JSON_TYPES and k != "null" for k in kind):
            return True
        if "const" in schema and schema["const"] is not None:
            return True
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            return True
        # anyOf and oneOf refuse null when every member does, allOf when one does.
        for keyword, rule in (("anyOf", all), ("oneOf", all), ("allOf", any)):
            members = schema.get(keyword)
            if isinstance(members, list) and members and rule(map(self.rejects_null, members)):
                return True
        return False

    def hints_null(self, schema: Any, seen: set[str]) -> bool:
        """Whether anything in `schema`, its members or its `$ref` targets (those not in
        `seen`, which it extends) allows null or might: a `$ref` that does not resolve, a
        boolean schema `true`."""
        if not isinstance(schema, dict):
            return schema is not False
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            target = self.deref(schema)
            if not isinstance(target, dict) or self.hints_null(target, seen):
                return True
        kind = schema.get("type")
        if (
            schema.get("nullable") is True
            or kind == "null"
            or (isinstance(kind, list) and "null" in kind)
            or ("const" in schema and schema["const"] is None)
            or (isinstance(schema.get("enum"), list) and None in schema["enum"])
        ):
            return True
        return any(
            self.hints_null(member, seen)
            for keyword in ("anyOf", "oneOf", "allOf")
            if isinstance(schema.get(keyword), list)
            for member in schema[keyword]
        )

    # -- OpenAPI objects -----------------------------------------------------------------

    def document(self) -> None:
        self.fix_keys(self.doc, (), _FIELDS["root"])
        self.fix_path_slashes()
        self.fix_stray_path_parameters()
        paths = self.doc.get("paths")
        if isinstance(paths, dict):
            for path, item in paths.items():
                if isinstance(item, dict):
                    self.path_item(path, item, ("paths", path))
        webhooks = self.doc.get("webhooks")
        if isinstance(webhooks, dict):
            for name, item in webhooks.items():
                self.named_path_item(item, ("webhooks", name))
        components = self.doc.get("components")
        if isinstance(components, dict):
            self.components(components)
        self.fix_null_defaults()

    def components(self, components: dict[str, Any]) -> None:
        self.fix_keys(components, ("components",), _FIELDS["components"])
        sections: dict[str, Callable[[Any, Parts], None]] = {
            "schemas": self.schema,
            "parameters": self.parameter,
            "headers": self.header,
            "requestBodies": self.request_body,
            "responses": self.response,
            "pathItems": self.named_path_item,
        }
        for section, visit in sections.items():
            members = components.get(section)
            if isinstance(members, dict):
                for name, member in members.items():
                    visit(member, ("components", section, name))

    def fix_path_slashes(self) -> None:
        """Add the leading "/" some path keys lack. When the document has the same path with
        its "/" too, the two path items are one path written twice: they are merged unless
        both define the same method (or another field differently), which is an error naming
        both; refused pairs stay as they are."""
        paths = self.doc.get("paths")
        if not isinstance(paths, dict) or all(str(p).startswith("/") for p in paths):
            return
        merged: dict[str, dict[str, Any] | None] = {}  # None: merge refused
        for path in paths:
            if not path.startswith("/") and "/" + path in paths:
                merged["/" + path] = self.merge_path_items("/" + path, path)
        fixed: dict[str, Any] = {}
        for path, item in paths.items():
            new = path if path.startswith("/") else "/" + path
            if new in merged:
                result = merged[new]
                if result is None:
                    fixed[path] = item
                elif new not in fixed:  # the merged item takes the first spelling's place
                    fixed[new] = result
                continue
            if new != path:
                self.report("repair.path-slash", ("paths", new), f"path {path!r} read as {new!r}")
            fixed[new] = item
        self.doc["paths"] = fixed

    def merge_path_items(self, path: str, unslashed: str) -> dict[str, Any] | None:
        """One path item from the two spellings of `path`, or None (with an error) when they
        define something differently. Path-level `parameters` and `servers` that the two do
        not share move into their own item's operations, so each operation keeps exactly what
        applied to it."""
        first, second = self.doc["paths"][path], self.doc["paths"][unslashed]
        conflicts: list[str] = []
        if not isinstance(first, dict) or not isinstance(second, dict):
            conflicts.append("a path item that is not an object")
        elif "$ref" in first or "$ref" in second:
            conflicts.append("'$ref'")
        else:
            conflicts += [m.upper() for m in HTTP_METHODS if m in first and m in second]
            conflicts += [
                repr(key)
                for key in first
                if key not in HTTP_METHODS
                and key not in _OPERATION_DEFAULTS
                and key in second
                and first[key] != second[key]
            ]
        if conflicts:
            message = (
                f"paths {unslashed!r} and {path!r} differ only by the leading '/' and both "
                f"define {', '.join(conflicts)}: not merged"
            )
            pointer = pointer_from_parts(("paths", unslashed))
            self.diagnostics.append(
                Diagnostic("error", "repair.path-collision", message, pointer, self.file)
            )
            return None
        items = (clone_json(first), clone_json(second))
        for key in _OPERATION_DEFAULTS:
            if items[0].get(key) != items[1].get(key):
                for item in items:
                    self.push_down(item, key)
        result: dict[str, Any] = {}
        for item in items:
            result.update({k: v for k, v in item.items() if k not in HTTP_METHODS})
        methods = {m: item[m] for item in items for m in HTTP_METHODS if m in item}
        result.update({m: methods[m] for m in HTTP_METHODS if m in methods})
        shown = ", ".join(
            f"{m.upper()} from {spelling!r}"
            for spelling, item in ((path, first), (unslashed, second))
            for m in HTTP_METHODS
            if m in item
        )
        self.report(
            "repair.path-merge",
            ("paths", path),
            f"paths {unslashed!r} and {path!r} differ only by the leading '/': merged ({shown})",
        )
        return result

    def push_down(self, item: dict[str, Any], key: str) -> None:
        """Move a path item's `parameters` or `servers` into each of its operations (an
        operation's own declaration of a parameter, or its own servers, win)."""
        if key not in item:
            return
        value = item.pop(key)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            if key == "servers":
                operation.setdefault("servers", clone_json(value))
                continue
            if value:
                operation["parameters"] = self.inherit(value, operation.get("parameters"))

    def inherit(self, shared: Any, own: Any) -> list[Any]:
        """An operation's parameters once the path item's `shared` ones are its own too: the
        operation's declaration of a name and location wins, as OpenAPI says."""
        own_list = list(own) if isinstance(own, list) else []
        taken = {_parameter_key(self.deref(p)) for p in own_list} - {None}
        inherited = [
            clone_json(p)
            for p in (shared if isinstance(shared, list) else [])
            if _parameter_key(self.deref(p)) not in taken
        ]
        return inherited + own_list

    def fix_stray_path_parameters(self) -> None:
        """Path parameters an operation declares under a name its path's template lacks.

        Two cases have one obvious meaning: the template has exactly one variable the
        operation does not declare, and it declares exactly one path parameter that matches
        nothing (a misnamed declaration: renamed to the variable); or the operation declares
        every variable of its template plus exactly one more, and the path extended by that
        one variable exists without this method (the operation was filed one level too high:
        `PATCH /sources` declaring `id` beside `GET /sources/{id}`; moved there). Anything
        else is left for the validator to report and an overlay to settle."""
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            return
        moves: list[tuple[str, str, str]] = []
        for path, item in paths.items():
            if not isinstance(item, dict) or "$ref" in item:
                continue
            template = _template_names(path)
            shared = self.path_params(item.get("parameters"))
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                own = self.path_params(operation.get("parameters"))
                stray = sorted({name for name in own if name not in template})
                if len(stray) != 1:
                    continue
                undeclared = sorted({n for n in template if n not in own and n not in shared})
                if len(undeclared) == 1:
                    # Unless moving would fit as well: then there are two meanings.
                    if self.move_target(path, method, stray[0]) is None:
                        self.rename_path_parameter(path, method, stray[0], undeclared[0])
                elif not undeclared and self.move_target(path, method, stray[0]):
                    moves.append((path, method, stray[0]))
        for path, method, name in moves:
            self.move_operation(path, method, name)

    def rename_path_parameter(self, path: str, method: str, old: str, new: str) -> None:
        operation = self.doc["paths"][path][method]
        parameters = operation["parameters"]
        for index, param in enumerate(parameters):
            resolved = self.deref(param)
            if not isinstance(resolved, dict) or resolved.get("in") != "path":
                continue
            if resolved.get("name") == old:
                # A shared component may be right elsewhere: rename a copy.
                parameters[index] = {**clone_json(resolved), "name": new}
                message = (
                    f"path parameter {old!r} of {method.upper()} matches nothing in the "
                    f"template, whose only undeclared variable is {new!r}: renamed to {new!r}"
                )
                self.report(
                    "repair.path-parameter-name",
                    ("paths", path, method, "parameters", index, "name"),
                    message,
                )

    def move_target(self, path: str, method: str, name: str) -> str | None:
        """The path `path` extended by the variable `name`, when the operation can move there:
        it exists, lacks `method`, and moving brings no path-level parameter or server that
        did not apply to the operation before."""
        paths = self.doc["paths"]
        target = path.rstrip("/") + "/{" + name + "}"
        item, there = paths[path], paths.get(target)
        if not isinstance(there, dict) or "$ref" in there or method in there:
            return None
        if item.get("servers") != there.get("servers"):
            return None
        joining = [self.deref(p) for p in there.get("parameters") or []]
        if any(not isinstance(p, dict) or p.get("in") != "path" for p in joining):
            return None
        return target

    def move_operation(self, path: str, method: str, name: str) -> None:
        target = self.move_target(path, method, name)
        if target is None:  # an earlier move took the place (`/a` and `/a/` both aim at it)
            return
        paths = self.doc["paths"]
        item = paths[path]
        operation = item.pop(method)
        if item.get("parameters"):
            operation["parameters"] = self.inherit(item["parameters"], operation.get("parameters"))
        paths[target][method] = operation
        message = (
            f"{method.upper()} moved from {path!r}: it declares path parameter {name!r}, which "
            f"{path!r} lacks and {target!r} adds (and {target!r} had no {method.upper()})"
        )
        self.report("repair.operation-moved", ("paths", target, method), message)

    def path_params(self, params: Any) -> list[str]:
        """Names of the `in: path` parameters in a parameter list (local refs followed)."""
        names: list[str] = []
        for param in params if isinstance(params, list) else []:
            resolved = self.deref(param)
            if isinstance(resolved, dict) and resolved.get("in") == "path":
                names.append(str(resolved.get("name")))
        return names

    def deref(self, node: Any) -> Any:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                return resolve_ref(self.doc, node["$ref"])
            except KeyError:
                return None
        return node

    def named_path_item(self, item: Any, parts: Parts) -> None:
        """A path item under a name, not a path (a webhook, a component): no template."""
        if isinstance(item, dict):
            self.path_item("", item, parts)

    def path_item(self, path: str, item: dict[str, Any], parts: Parts) -> None:
        self.fix_keys(item, parts, _FIELDS["pathItem"])
        operations = {m: op for m, op in item.items() if m in HTTP_METHODS and isinstance(op, dict)}
        self.declare_path_parameters(path, item, operations, parts)
        for index, param in enumerate(item.get("parameters") or []):
            self.parameter(param, (*parts, "parameters", index))
        for method, operation in operations.items():
            self.operation(operation, (*parts, method))

    def declare_path_parameters(
        self, path: str, item: dict[str, Any], operations: dict[str, Any], parts: Parts
    ) -> None:
        """Declare template variables nobody declared, as the path template demands."""
        shared = self.path_params(item.get("parameters"))
        for name in _template_names(path):
            if name in shared:
                continue
            missing = [
                m
                for m, op in operations.items()
                if name not in self.path_params(op.get("parameters"))
            ]
            if not missing:
                continue
            declared = self.sibling_declaration(name, operations)
            if declared is None:
                param = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                if len(missing) == len(operations):
                    where = item.setdefault("parameters", [])
                    where.append(param)
                    message = f"path parameter {name!r} was not declared; declared as a string"
                    self.report(
                        "repair.path-parameter", (*parts, "parameters", len(where) - 1), message
                    )
                    continue
                declared = param
            for method in missing:
                where = operations[method].setdefault("parameters", [])
                where.append(clone_json(declared))
                message = f"path parameter {name!r} was not declared for {method.upper()}; copied"
                self.report(
                    "repair.path-parameter", (*parts, method, "parameters", len(where) - 1), message
                )

    def sibling_declaration(self, name: str, operations: dict[str, Any]) -> dict[str, Any] | None:
        for operation in operations.values():
            for param in operation.get("parameters") or []:
                resolved = self.deref(param)
                if (
                    isinstance(resolved, dict)
                    and resolved.get("in") == "path"
                    and resolved.get("name") == name
                ):
                    return param if "$ref" in param else {**param, "required": True}
        return None

    def operation(self, operation: dict[str, Any], parts: Parts) -> None:
        self.fix_keys(operation, parts, _FIELDS["operation"])
        for index, param in enumerate(operation.get("parameters") or []):
            self.parameter(param, (*parts, "parameters", index))
        if "requestBody" in operation:
            self.request_body(operation["requestBody"], (*parts, "requestBody"))
        responses = operation.get("responses")
        if isinstance(responses, dict):
            for code, response in responses.items():
                self.response(response, (*parts, "responses", code))

    def parameter(self, param: Any, parts: Parts, kind: str = "parameter") -> None:
        if not isinstance(param, dict) or "$ref" in param:
            return
        self.fix_keys(param, parts, _FIELDS[kind])
        if param.get("in") == "path" and param.get("required") is not True:
            param["required"] = True
            self.report(
                "repair.path-parameter", (*parts, "required"), "path parameters are always required"
            )
        self.fix_null_default(param.get("schema"), (*parts, "schema"))
        self.schema(param.get("schema"), (*parts, "schema"))
        self.content(param.get("content"), (*parts, "content"))

    def fix_null_default(self, schema: Any, parts: Parts) -> None:
        """`default: null` on a parameter or header that cannot be null: a query string or a
        header has no null to send, so the only meaning is "no value", which is what having
        no default already says."""
        if not isinstance(schema, dict) or "$ref" in schema or schema.get("default", 0) is not None:
            return
        kind = schema.get("type")
        if (
            schema.get("nullable") is True
            or kind == "null"
            or (isinstance(kind, list) and "null" in kind)
        ):
            return
        del schema["default"]
        self.report("repair.null-default", (*parts, "default"), "'default: null' removed")

    def header(self, header: Any, parts: Parts) -> None:
        self.parameter(header, parts, "header")

    def request_body(self, body: Any, parts: Parts) -> None:
        if isinstance(body, dict) and "$ref" not in body:
            self.fix_keys(body, parts, _FIELDS["requestBody"])
            self.content(body.get("content"), (*parts, "content"))

    def response(self, response: Any, parts: Parts) -> None:
        if not isinstance(response, dict) or "$ref" in response:
            return
        self.fix_keys(response, parts, _FIELDS["response"])
        headers = response.get("headers")
        if isinstance(headers, dict):
            for name, header in headers.items():
                self.header(header, (*parts, "headers", name))
        self.content(response.get("content"), (*parts, "content"))

    def content(self, content: Any, parts: Parts) -> None:
        if not isinstance(content, dict):
            return
        for media_type, entry in content.items():
            if isinstance(entry, dict):
                self.fix_keys(entry, (*parts, media_type), _FIELDS["mediaType"])
                self.schema(entry.get("schema"), (*parts, media_type, "schema"))


def _parameter_key(param: Any) -> tuple[str, str] | None:
    """What identifies a parameter in a list: its name and location."""
    if isinstance(param, dict) and "$ref" not in param:
        return str(param.get("name")), str(param.get("in"))
    return None


def _plain_type(name: str) -> str | None:
    lowered = name.strip().lower()
    if lowered in JSON_TYPES:
        return lowered
    alias = _TYPE_ALIASES.get(lowered)
    return alias[0] if alias and alias[1] is None else None


def _branch_for(name: str) -> dict[str, Any] | None:
    """The schema one alternative of a broken type name stands for; None if unclear."""
    lowered = name.lower()
    if lowered.endswith("[]"):
        inner = _branch_for(lowered[:-2])
        return {"type": "array", "items": inner} if inner else None
    if lowered in JSON_TYPES:
        return {"type": lowered}
    if lowered in _TYPE_ALIASES:
        kind, fmt = _TYPE_ALIASES[lowered]
        return {"type": kind, "format": fmt} if fmt else {"type": kind}
    return None


def _is_misplaced_schema(members: dict[str, Any]) -> bool:
    """A `properties` map that is really a schema (its `type` is a string): the property's
    name was lost, so there is no one obvious repair; overlays handle these."""
    return isinstance(members.get("type"), str) and isinstance(members.get("properties"), dict)


def _owner_of(node: dict[str, Any], names: list[str]) -> Parts | None:
    """Where a `required` list found under `properties` belongs: the schema itself when it
    declares those properties, else the single property schema that declares all of them."""
    properties = node["properties"]
    if all(name in properties for name in names):
        return ()
    owners = [
        key
        for key, member in properties.items()
        if isinstance(member, dict)
        and isinstance(member.get("properties"), dict)
        and all(name in member["properties"] for name in names)
    ]
    return ("properties", owners[0]) if len(owners) == 1 else None


def repair_document(
    data: dict[str, Any], file: str = ""
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """A repaired copy of `data` (the input is not modified) and one warning per repair."""
    repairer = _Repairer(clone_json(data), file)
    if detect_openapi_version(data) in ("3.0", "3.1"):  # others are for the validator to reject
        repairer.document()
    return repairer.doc, repairer.diagnostics
