"""Swagger 2.0 → OpenAPI 3.0: the loader converts a Swagger document so later stages see one model.

The conversion follows the OpenAPI 3.0 specification's own mapping:
- `host`, `basePath` and `schemes` become `servers` (one per scheme; a relative URL without a host);
  a `schemes` that is a single scheme name instead of a list is read as that one scheme (with a
  note), any other value that is not a list is left out (servers as without `schemes`);
- `definitions`, `parameters`, `responses` and `securityDefinitions` move under `components`
  (`schemas`, `parameters` / `requestBodies`, `responses`, `securitySchemes`) and every `$ref`
  to them is rewritten;
- what the loader bundled from other files under `components` (`#/components/parameters/x`, ...)
  is converted as the document's own sections are (a bundled body parameter becomes a request
  body, a bundled response gets `content`, ...); a bundled component named like one of the
  document's own is renamed (`x_2`) and the refs to it follow;
- a `body` parameter becomes the `requestBody`, with one media type per `consumes` entry;
  `formData` parameters become one object schema under `application/x-www-form-urlencoded`, or
  `multipart/form-data` when a parameter is a `file` or the operation consumes multipart;
- other parameters get a `schema`; `collectionFormat` becomes `style`/`explode` (a
  `collectionFormat` of nested array `items` has no OpenAPI 3 equivalent and is left out);
- a response `schema` becomes `content` with one media type per `produces` entry; response
  headers get a `schema`;
- in schemas, `type: file` becomes a binary string, `x-nullable` becomes `nullable` and a string
  `discriminator` becomes `{propertyName: ...}`.

Never raises on odd input: what cannot be converted is left out with an info diagnostic.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import (
    Diagnostic,
    escape_pointer_token,
    pointer_from_parts,
    unescape_pointer_token,
)
from ..vocabulary import HTTP_METHODS as OPENAPI_METHODS
from ..vocabulary import VALIDATION_KEYWORDS

HTTP_METHODS = tuple(m for m in OPENAPI_METHODS if m not in ("trace", "query"))  # none in 2.0
DEFAULT_MEDIA = "application/json"
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
# Keywords a Swagger non-body parameter carries that belong to its schema in OpenAPI 3.
_SCHEMA_KEYWORDS = ("type", "format", "items", "default", *VALIDATION_KEYWORDS)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")  # RFC 3986 scheme name
# Swagger section -> the components section it becomes.
_SECTIONS = {
    "definitions": "schemas",
    "parameters": "parameters",
    "responses": "responses",
    "securityDefinitions": "securitySchemes",
}
_REF_PREFIXES = (
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
)
# collectionFormat -> (style for query/cookie, explode); path and header use "simple".
_COLLECTION_FORMATS = {
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
    "tsv": ("form", False),
}
_OAUTH_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def is_swagger2(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("swagger", "")).startswith("2")


def convert_swagger2(
    data: dict[str, Any], file: str = ""
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """An OpenAPI 3.0.3 document equivalent to the Swagger 2.0 document `data` (not modified)."""
    converter = _Converter(data, file)
    return converter.document(), converter.notes


class _Converter:
    def __init__(self, data: dict[str, Any], file: str) -> None:
        self.src = data
        self.file = file
        self.notes: list[Diagnostic] = [
            Diagnostic(
                "info",
                "load.swagger2",
                "Swagger 2.0 document converted to OpenAPI 3.0",
                "/swagger",
                file,
            )
        ]
        self.consumes = _media_list(data.get("consumes"))
        self.produces = _media_list(data.get("produces"))
        raw_params = data.get("parameters")
        self.global_params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
        raw_bundled = data.get("components")  # what the loader bundled from other files
        self.bundled: dict[str, dict[str, Any]] = (
            {
                section: members
                for section, members in raw_bundled.items()
                if isinstance(section, str) and isinstance(members, dict)
            }
            if isinstance(raw_bundled, dict)
            else {}
        )
        self.renames = self.bundled_renames()

    def bundled_renames(self) -> dict[tuple[str, str], str]:
        """New names for bundled components named like one of the document's own: (section,
        name) -> name. Parameters and request bodies share names (a body parameter becomes a
        request body of its name)."""

        def namespace(section: str) -> str:
            return "parameters" if section == "requestBodies" else section

        used: dict[str, set[str]] = {}
        for swagger_section, section in _SECTIONS.items():
            own = self.src.get(swagger_section)
            used[section] = {str(name) for name in own} if isinstance(own, dict) else set()
        clashes: list[tuple[str, str]] = []
        for section, members in self.bundled.items():
            pool = used.setdefault(namespace(section), set())
            for name in map(str, members):
                if name in pool:
                    clashes.append((section, name))
                pool.add(name)
        renames: dict[tuple[str, str], str] = {}
        for section, name in clashes:
            pool = used[namespace(section)]
            counter = 2
            while f"{name}_{counter}" in pool:
                counter += 1
            renames[(section, name)] = f"{name}_{counter}"
            pool.add(renames[(section, name)])
        return renames

    def note(self, parts: tuple[str | int, ...], message: str) -> None:
        self.notes.append(
            Diagnostic("info", "load.swagger2", message, pointer_from_parts(parts), self.file)
        )

    # -- document --------------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        src = self.src
        out: dict[str, Any] = {"openapi": "3.0.3"}
        out["info"] = self.refs(src.get("info", {}))
        servers = self.servers()
        if servers:
            out["servers"] = servers
        for key in ("security", "tags", "externalDocs"):
            if key in src:
                out[key] = self.refs(src[key])
        for key, value in src.items():
            if isinstance(key, str) and key.startswith("x-"):
                out[key] = value
        paths = src.get("paths")
        out["paths"] = (
            {path: self.path_item(item, ("paths", path)) for path, item in paths.items()}
            if isinstance(paths, dict)
            else self.refs(paths)
        )
        components = self.components()
        if components:
            out["components"] = components
        return out

    def servers(self) -> list[dict[str, Any]]:
        host = self.src.get("host")
        base = self.src.get("basePath")
        base = base if isinstance(base, str) else ""
        schemes = self.schemes()
        if not isinstance(host, str) or not host:
            return [{"url": base}] if base else []
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes or ["https"]]

    def schemes(self) -> list[str]:
        """The schemes to serve over: a list's scheme names, or the one a string names."""
        raw = self.src.get("schemes")
        if raw is None:
            return []
        if isinstance(raw, str) and _SCHEME.fullmatch(raw):
            self.note(("schemes",), "schemes is one scheme, not a list: read as a list of it")
            return [raw]
        if not isinstance(raw, list):
            self.note(("schemes",), "schemes is not a list: left out")
            return []
        kept: list[str] = []
        for index, scheme in enumerate(raw):
            if isinstance(scheme, str) and _SCHEME.fullmatch(scheme):
                kept.append(scheme)
            else:
                self.note(("schemes", index), "a scheme that is not a scheme name is left out")
        return kept

    def components(self) -> dict[str, Any]:
        order = ("schemas", "parameters", "requestBodies", "responses", "securitySchemes")
        out: dict[str, dict[str, Any]] = {section: {} for section in order}
        for swagger_section, section in _SECTIONS.items():
            members = self.src.get(swagger_section)
            if isinstance(members, dict):
                for name, member in members.items():
                    self.component(out, section, name, member, (swagger_section, str(name)))
            elif members is not None:
                self.note((swagger_section,), f"{swagger_section} is not a mapping: left out")
        bundled = self.src.get("components")  # external refs the loader bundled
        if bundled is not None and not isinstance(bundled, dict):
            self.note(("components",), "components is not a mapping: left out")
        elif isinstance(bundled, dict):
            for section, members in bundled.items():
                if not isinstance(section, str) or not isinstance(members, dict):
                    self.note(("components", str(section)), "not a mapping: left out")
                    continue
                for name, member in members.items():
                    renamed = self.renames.get((section, str(name)), name)
                    where = ("components", section, str(name))
                    self.component(out, section, renamed, member, where)
        return {section: members for section, members in out.items() if members}

    def component(
        self,
        out: dict[str, dict[str, Any]],
        section: str,
        name: Any,
        member: Any,
        where: tuple[str | int, ...],
    ) -> None:
        """`member` (at `where` in the document) converted into `out[section][name]`."""
        if section == "schemas":
            out.setdefault(section, {})[name] = self.schema(member, where)
        elif section == "parameters":
            location = self.location(member)  # of what a ref leads to
            if location == "body":
                resolved = self.resolve_param(member)
                out.setdefault("requestBodies", {})[name] = self.body_from(
                    resolved, self.consumes, where
                )
            elif location == "formData":
                self.note(where, "a shared formData parameter is inlined where it is used")
            else:
                out.setdefault(section, {})[name] = self.parameter(member, where)
        elif section == "responses":
            out.setdefault(section, {})[name] = self.response(member, self.produces, where)
        elif section == "headers":
            out.setdefault(section, {})[name] = self.header(member, where)
        elif section == "securitySchemes" and where[0] == "securityDefinitions":
            out.setdefault(section, {})[name] = self.security_scheme(member)
        else:
            out.setdefault(section, {})[name] = self.refs(member)

    # -- paths -----------------------------------------------------------------------------

    def path_item(self, item: Any, parts: tuple[str | int, ...]) -> Any:
        if not isinstance(item, dict):
            return item
        if "$ref" in item:
            self.note(parts, "a path item $ref is kept as is")
            return self.refs(item)
        out: dict[str, Any] = {}
        shared = self.parameter_list(item, parts)
        for key, value in item.items():
            if key == "parameters":
                kept = [
                    self.parameter(p, (*parts, key, i))
                    for i, p in enumerate(shared)
                    if isinstance(self.resolve_param(p), dict)
                    and self.location(p) not in ("body", "formData")
                ]
                if kept:
                    out[key] = kept
            elif key in HTTP_METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared, (*parts, key))
            else:
                out[key] = self.refs(value)
        return out

    def location(self, param: Any) -> str:
        """The `in` of a parameter, following a ref to the global parameters."""
        resolved = self.resolve_param(param)
        return str(resolved.get("in", "")) if isinstance(resolved, dict) else ""

    def parameter_list(self, holder: dict[str, Any], parts: tuple[str | int, ...]) -> list[Any]:
        """The `parameters` of a path item or operation; each one that is not a mapping (or a
        ref to one) is noted here, once, and left out where it is used."""
        raw = holder.get("parameters")
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.note((*parts, "parameters"), "parameters is not a list: left out")
            return []
        for index, param in enumerate(raw):
            if not isinstance(self.resolve_param(param), dict):
                self.note(
                    (*parts, "parameters", index), "a parameter that is not a mapping is left out"
                )
        return raw

    def resolve_param(self, param: Any) -> Any:
        """`param`, or what its `$ref` (to `#/parameters/` or to a bundled
        `#/components/parameters/`) refers to, following refs; itself when that is nowhere."""
        seen: set[str] = set()
        while isinstance(param, dict) and isinstance(param.get("$ref"), str):
            ref = param["$ref"]
            if ref in seen:
                break
            seen.add(ref)
            for prefix, members in (
                ("#/parameters/", self.global_params),
                ("#/components/parameters/", self.bundled.get("parameters", {})),
            ):
                name = unescape_pointer_token(ref[len(prefix) :])
                if ref.startswith(prefix) and name in members:
                    param = members[name]
                    break
            else:
                break
        return param

    def operation(
        self, op: dict[str, Any], shared: list[Any], parts: tuple[str | int, ...]
    ) -> dict[str, Any]:
        consumes = _media_list(op.get("consumes")) or self.consumes or [DEFAULT_MEDIA]
        produces = _media_list(op.get("produces")) or self.produces or [DEFAULT_MEDIA]
        own = self.parameter_list(op, parts)
        out: dict[str, Any] = {}
        for key, value in op.items():
            if key in ("consumes", "produces", "parameters", "responses", "schemes"):
                continue
            out[key] = self.refs(value)
        # operation parameters override path-level ones with the same (name, in)
        merged: dict[tuple[str, str], tuple[Any, tuple[str | int, ...]]] = {}
        for source, origin in ((shared, parts[:-1]), (own, parts)):
            for index, param in enumerate(source):
                resolved = self.resolve_param(param)
                if not isinstance(resolved, dict):
                    continue  # noted by parameter_list
                identity = (
                    ("$ref", str(resolved["$ref"]))  # refers to nothing known: kept as is
                    if "$ref" in resolved
                    else (str(resolved.get("name")), str(resolved.get("in")))
                )
                merged[identity] = (param, (*origin, "parameters", index))
        params: list[Any] = []
        form: list[tuple[dict[str, Any], tuple[str | int, ...]]] = []
        body: Any = None
        for (_, location), (param, where) in merged.items():
            resolved = self.resolve_param(param)
            if location == "body":
                if isinstance(param, dict) and "$ref" in param and resolved is not param:
                    name = self.ref(str(param["$ref"])).rsplit("/", 1)[-1]
                    body = {"$ref": f"#/components/requestBodies/{name}"}
                else:
                    body = self.body_from(resolved, consumes, where)
            elif location == "formData":
                form.append((resolved, where))
            elif "$ref" in param:
                params.append(self.refs(param))
            else:
                params.append(self.parameter(param, where))
        if form:
            body = self.form_body(form, consumes)
        if params:
            out["parameters"] = params
        if body is not None:
            out["requestBody"] = body
        responses = op.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {
                str(code): self.response(response, produces, (*parts, "responses", code))
                for code, response in responses.items()
            }
        else:
            out["responses"] = {"default": {"description": "Unspecified response"}}
            self.note(parts, "operation without responses: a default response is assumed")
        return out

    # -- parameters and bodies ---------------------------------------------------------------

    def parameter(self, param: Any, parts: tuple[str | int, ...]) -> Any:
        if not isinstance(param, dict):
            return param
        if "$ref" in param:
            return self.refs(param)
        out: dict[str, Any] = {}
        schema: dict[str, Any] = {}
        for key, value in param.items():
            if key in _SCHEMA_KEYWORDS:
                schema[key] = value
            elif key == "collectionFormat":
                continue
            elif key in ("name", "in", "description", "required", "allowEmptyValue") or (
                isinstance(key, str) and key.startswith("x-")
            ):
                out[key] = value
        if param.get("in") == "path":
            out["required"] = True
        out["schema"] = self.schema(schema or {"type": "string"}, parts)
        if schema.get("type") == "array":
            fmt = param.get("collectionFormat", "csv")
            style, explode = _COLLECTION_FORMATS.get(str(fmt), ("form", False))
            if fmt == "tsv":
                self.note(parts, "collectionFormat 'tsv' has no OpenAPI 3 style; comma-separated")
            if param.get("in") in ("path", "header"):
                style = "simple"
            out["style"] = style
            out["explode"] = explode
        return out

    def body_from(self, param: Any, consumes: list[str], parts: tuple[str | int, ...]) -> Any:
        if not isinstance(param, dict):
            return {"content": {m: {} for m in consumes or [DEFAULT_MEDIA]}}
        schema = self.schema(param.get("schema", {}), (*parts, "schema"))
        media = [m for m in consumes if m not in (_FORM, _MULTIPART)] or [DEFAULT_MEDIA]
        body: dict[str, Any] = {"content": {m: {"schema": schema} for m in media}}
        if isinstance(param.get("description"), str):
            body["description"] = param["description"]
        if param.get("required") is True:
            body["required"] = True
        name = param.get("name")
        if isinstance(name, str) and name:
            body["x-body-name"] = name
        return body

    def form_body(
        self, form: list[tuple[dict[str, Any], tuple[str | int, ...]]], consumes: list[str]
    ) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        has_file = False
        for param, where in form:
            name = str(param.get("name"))
            kept = {k: v for k, v in param.items() if k in _SCHEMA_KEYWORDS}
            if kept.get("type") == "file":
                has_file = True
            schema = self.schema(kept or {"type": "string"}, where)
            if isinstance(param.get("description"), str):
                schema["description"] = param["description"]
            properties[name] = schema
            if param.get("required") is True:
                required.append(name)
        object_schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            object_schema["required"] = required
        media = [m for m in consumes if m in (_FORM, _MULTIPART)]
        if has_file or not media:
            media = [_MULTIPART] if has_file or _MULTIPART in consumes else [_FORM]
        body: dict[str, Any] = {"content": {m: {"schema": object_schema} for m in media}}
        if required:
            body["required"] = True
        return body

    def response(self, response: Any, produces: list[str], parts: tuple[str | int, ...]) -> Any:
        if not isinstance(response, dict) or "$ref" in response:
            return self.refs(response)
        out: dict[str, Any] = {"description": str(response.get("description", ""))}
        if "schema" in response:
            schema = self.schema(response["schema"], (*parts, "schema"))
            examples = response.get("examples")
            content: dict[str, Any] = {}
            for media in produces or [DEFAULT_MEDIA]:
                entry: dict[str, Any] = {"schema": schema}
                if isinstance(examples, dict) and media in examples:
                    entry["example"] = examples[media]
                content[media] = entry
            out["content"] = content
        headers = response.get("headers")
        if isinstance(headers, dict):
            out["headers"] = {
                name: self.header(header, (*parts, "headers", name))
                for name, header in headers.items()
            }
        for key, value in response.items():
            if isinstance(key, str) and key.startswith("x-"):
                out[key] = value
        return out

    def header(self, header: Any, parts: tuple[str | int, ...]) -> Any:
        if not isinstance(header, dict):
            return header
        schema = {k: v for k, v in header.items() if k in _SCHEMA_KEYWORDS}
        out: dict[str, Any] = {"schema": self.schema(schema or {"type": "string"}, parts)}
        if isinstance(header.get("description"), str):
            out["description"] = header["description"]
        return out

    def security_scheme(self, scheme: Any) -> Any:
        if not isinstance(scheme, dict):
            return scheme
        kind = scheme.get("type")
        description = {"description": scheme["description"]} if "description" in scheme else {}
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **description}
        if kind == "apiKey":
            return {
                "type": "apiKey",
                "name": scheme.get("name"),
                "in": scheme.get("in"),
                **description,
            }
        if kind == "oauth2":
            flow_name = _OAUTH_FLOWS.get(str(scheme.get("flow")), "clientCredentials")
            flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
            for key in ("authorizationUrl", "tokenUrl"):
                if key in scheme:
                    flow[key] = scheme[key]
            return {"type": "oauth2", "flows": {flow_name: flow}, **description}
        return self.refs(scheme)

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, schema: Any, parts: tuple[str | int, ...]) -> Any:
        """A Swagger schema as an OpenAPI 3.0 schema (refs rewritten, file/x-nullable mapped)."""
        if isinstance(schema, list):
            return [self.schema(item, (*parts, i)) for i, item in enumerate(schema)]
        if not isinstance(schema, dict):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = self.ref(value)
            elif key in ("properties", "definitions", "patternProperties") and isinstance(
                value, dict
            ):
                out[key] = {k: self.schema(v, (*parts, key, k)) for k, v in value.items()}
            elif key in ("items", "additionalProperties", "not") or key in (
                "allOf",
                "anyOf",
                "oneOf",
            ):
                out[key] = self.schema(value, (*parts, key))
            elif key == "type" and value == "file":
                out["type"] = "string"
                out["format"] = "binary"
            elif key == "x-nullable":
                if value is True:
                    out["nullable"] = True
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "collectionFormat":
                self.note(
                    (*parts, key),
                    "collectionFormat of nested array items has no OpenAPI 3 equivalent: left out",
                )
            elif key == "example" or key == "default" or key == "enum":
                out[key] = value
            else:
                out[key] = self.refs(value)
        return out

    # -- refs ------------------------------------------------------------------------------

    def ref(self, ref: str) -> str:
        """`ref` pointing at `components`: a Swagger section's ref moved there, a bundled
        component's ref following its rename."""
        if ref.startswith("#/components/"):
            tokens = ref.split("/")
            if len(tokens) >= 4:
                renamed = self.renames.get(
                    (unescape_pointer_token(tokens[2]), unescape_pointer_token(tokens[3]))
                )
                if renamed is not None:
                    tokens[3] = escape_pointer_token(renamed)
                    return "/".join(tokens)
            return ref
        for old, new in _REF_PREFIXES:
            if ref.startswith(old):
                return new + ref[len(old) :]
        return ref

    def refs(self, node: Any) -> Any:
        """A copy of `node` with every `$ref` rewritten by `ref`."""
        if isinstance(node, dict):
            return {
                key: (
                    self.ref(value)
                    if key == "$ref" and isinstance(value, str)
                    else (
                        value
                        if key in ("example", "default", "enum", "examples")
                        else self.refs(value)
                    )
                )
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [self.refs(item) for item in node]
        return node


def _media_list(value: Any) -> list[str]:
    return [str(m) for m in value if isinstance(m, str)] if isinstance(value, list) else []
