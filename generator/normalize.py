"""The normalize stage: a repaired OpenAPI 3.0/3.1 document (as a dict) -> `ir.Api`.

Decides every name, type and default the generated SDK uses. Never raises on odd input:
whatever cannot be represented is approximated (usually as `Any`) and recorded in
`Api.skipped` plus a warning diagnostic carrying the JSON pointer. Deterministic: only the
document's own order and sorting are used, never set or hash order.

Naming of resources and methods:
- a path's static segments form the resource chain (`/integrations/{id}/delivery/healths`
  -> `client.integrations.delivery.healths`), each segment snake_cased;
- GET on an item path (last segment a parameter) is `retrieve`; GET on a static path is
  `list` when the success body is an array or a JSON:API collection, else `retrieve`;
  POST `create`, PUT/PATCH `update`, DELETE `delete`;
- clashes within one resource: the operation whose path shape fits the name best keeps it
  (item paths for retrieve/update/delete, collection paths for list/create, then document
  order); the others are named from their operationId with the resource words stripped;
- `config.operation_names` (operationId -> "dotted.resource.method") overrides all of that.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from . import ir
from .config import ApiConfig
from .diagnostics import Diagnostic, escape_pointer_token, pointer_from_parts
from .naming import (
    class_name,
    parameter_name,
    pascal_case,
    python_identifier,
    singular_class_name,
    singularize,
    snake_case,
    split_words,
    unique_name,
)
from .schema import (
    K_DOCUMENT,
    K_TO_MANY,
    K_TO_ONE,
    P_COMPONENT,
    P_CONTEXT,
    P_FALLBACK,
    NameHint,
    SchemaBuilder,
    Shape,
    jsonapi_type_of,
    resource_name,
    scalar_default,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS = ("path", "query", "header", "cookie")
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Keyword arguments of the generated clients' constructors that are also their attributes.
_CLIENT_KEYWORDS = frozenset(
    {
        "token",
        "tokens",
        "base_url",
        "timeout",
        "max_retries",
        "retry_deadline",
        "retry_non_idempotent",
        "rate_limit",
        "strict",
        "username",
        "password",
        "client_id",
        "client_secret",
    }
)
_RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response"})
# Attributes the generated client / resource classes use themselves (render checks them too).
CLIENT_RESERVED = (
    _CLIENT_KEYWORDS
    | _RESOURCE_RESERVED
    | {"close", "copy", "with_options", "api_key", "request", "request_page", "request_bulk"}
    | {"get", "post", "put", "patch", "delete"}
)
# Names a server variable's keyword argument must not take: the clients' other options and
# what the generated `_base_url(base_url, <variables>)` helper uses in its body.
_CLIENT_OPTIONS = (
    _CLIENT_KEYWORDS
    | {"default_headers", "http_client"}  # the other keyword arguments
    | {"self", "os", "httpx", "variables", "resolve_option"}
    | {name for name in dir(builtins) if not name.startswith("_")}
)
_VERBS = {"create": "Create", "update": "Update", "delete": "Delete", "list": "List"}
_PLAIN_NAMES = frozenset({"list", "retrieve", "create", "update", "delete"})
_JSONAPI = "application/vnd.api+json"
_FORM_URLENCODED = "application/x-www-form-urlencoded"


@dataclass
class _Op:
    seq: int
    pointer: str
    path: str
    method: str
    node: dict[str, Any]
    path_item: dict[str, Any]
    path_item_pointer: str
    operation_id: str
    resource: tuple[str, ...]
    is_item: bool
    python_name: str = ""
    overridden: bool = False


@dataclass
class _Node:
    ops: list[_Op] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)


def normalize(
    data: dict[str, Any],
    *,
    config: ApiConfig,
    package_name: str,
    source_name: str,
    client_class_name: str | None = None,
) -> tuple[ir.Api, list[Diagnostic]]:
    """Build the IR of `data`; returns it with the warnings found on the way."""
    return _Normalizer(data if isinstance(data, dict) else {}, config, source_name).run(
        package_name, client_class_name
    )


def _media_rank(media_type: str) -> int:
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/json":
        return 0
    if base.endswith(("+json", "/json")):
        return 1
    return 2


def _is_json(media_type: str) -> bool:
    return _media_rank(media_type) < 2


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class _Normalizer:
    def __init__(self, data: dict[str, Any], config: ApiConfig, source_name: str) -> None:
        self.data = data
        self.config = config
        self.file = source_name
        self.schemas = SchemaBuilder(data, file=source_name)
        self.diagnostics: list[Diagnostic] = []

    # ----------------------------------------------------------------- helpers

    def warn(self, code: str, message: str, pointer: str = "") -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, pointer, self.file))

    def info(self, code: str, message: str, pointer: str = "") -> None:
        self.diagnostics.append(Diagnostic("info", code, message, pointer, self.file))

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        return self.schemas.deref(node, pointer)

    def _dict(self, node: Any, pointer: str) -> tuple[dict[str, Any], str]:
        node, pointer = self.deref(node, pointer)
        return (node if isinstance(node, dict) else {}), pointer

    # ----------------------------------------------------------------- entry

    def run(
        self, package_name: str, client_class_name: str | None
    ) -> tuple[ir.Api, list[Diagnostic]]:
        info, _ = self._dict(self.data.get("info"), "/info")
        title = _text(info.get("title"))
        client = client_class_name or self.config.client_class_name or self._client_name(title)
        servers = self._servers()
        env_prefix = re.sub(r"[^A-Z0-9]+", "_", package_name.upper()).strip("_")
        schemes = with_env_names(self._security_schemes(), env_prefix)
        default_security = self._security(self.data.get("security"), ())
        self._default_requirements = self._requirements(self.data.get("security"), ())
        webhooks = self.data.get("webhooks")
        if isinstance(webhooks, dict) and webhooks:
            self.info(
                "normalize.webhooks-ignored",
                f"{len(webhooks)} webhook(s) describe requests the API sends, not operations a "
                "client calls; ignored",
                "/webhooks",
            )
        ops = self._collect_operations()
        self._name_operations(ops)
        built = {op.seq: self._operation(op, default_security) for op in ops}
        models, typeref = self.schemas.finish(dict(self.config.model_names))
        self._typeref = typeref
        final_ops = {seq: self._finish_operation(draft) for seq, draft in built.items()}
        by_name = {m.name: m for m in models}
        final_ops = {
            seq: replace(
                operation,
                request_bodies=tuple(
                    with_jsonapi_id(with_attributes(b, by_name), operation)
                    for b in operation.request_bodies
                ),
                pagination=detect_pagination(operation, by_name),
                bulk=detect_bulk(operation),
            )
            for seq, operation in final_ops.items()
        }
        document = None
        if K_DOCUMENT in self.schemas.model_keys():
            document = typeref(Shape("model", model=K_DOCUMENT, items=(Shape("any"),))).model
        relationships = {
            typeref(Shape("model", model=key)).model
            for key in (K_TO_ONE, K_TO_MANY)
            if key in self.schemas.model_keys()
        }
        models = [
            (
                replace(m, runtime_base="JSONAPIDocument")
                if m.name == document or is_jsonapi_document(m)
                else (
                    replace(m, runtime_base="JSONAPIRelationship") if m.name in relationships else m
                )
            )
            for m in models
        ]
        resources = self._resources(ops, final_ops, {m.name for m in models})
        api = ir.Api(
            package_name=package_name,
            distribution_name=self.config.distribution_name or package_name,
            client_class_name=client,
            async_client_class_name="Async" + client,
            env_prefix=env_prefix,
            title=title,
            version=str(info.get("version", "")),
            description=_text(info.get("description")),
            openapi_version=str(self.data.get("openapi", "")),
            source_name=self.file,
            servers=servers,
            security_schemes=schemes,
            default_security=default_security,
            resources=resources,
            models=tuple(models),
            skipped=tuple(self.schemas.skipped),
            default_security_requirements=self._default_requirements,
            credential_options=credential_options(schemes, env_prefix),
        )
        reached = [(o.method, o.path) for o in api.all_operations()]
        expected = sorted((op.method.upper(), op.path) for op in ops)
        if sorted(reached) != expected:  # an internal invariant, not an input problem
            raise AssertionError("normalize: operations lost or duplicated in resources")
        return api, [*self.diagnostics, *self.schemas.diagnostics]

    def _client_name(self, title: str) -> str:
        words = [w for w in split_words(title) if w.upper() not in ("API", "REST")]
        return class_name("".join(w[:1].upper() + w[1:] for w in words), fallback="Client")

    # ----------------------------------------------------------------- servers, security

    def _servers(self, raw: Any = None, pointer: str = "/servers") -> tuple[ir.Server, ...]:
        raw = self.data.get("servers") if raw is None else raw
        if not isinstance(raw, list):
            return ()
        servers: list[ir.Server] = []
        for index, server in enumerate(raw):
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                self.schemas.skip(f"{pointer}/{index}", "server without a url; left out")
                continue
            variables: list[ir.ServerVariable] = []
            taken: set[str] = set(_CLIENT_OPTIONS)
            raw_vars = server.get("variables")
            for name, var in (raw_vars if isinstance(raw_vars, dict) else {}).items():
                var = var if isinstance(var, dict) else {}
                python = unique_name(
                    python_identifier(str(name), fallback="var"), taken | _CLIENT_OPTIONS
                )
                taken.add(python)
                enum = var.get("enum")
                variables.append(
                    ir.ServerVariable(
                        name=str(name),
                        python_name=python,
                        default=str(var.get("default", "")),
                        enum=tuple(str(v) for v in enum) if isinstance(enum, list) else (),
                        description=_text(var.get("description")),
                    )
                )
            servers.append(
                ir.Server(server["url"], _text(server.get("description")), tuple(variables))
            )
        return tuple(servers)

    def _security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        components = self.data.get("components")
        raw = components.get("securitySchemes") if isinstance(components, dict) else None
        if not isinstance(raw, dict):
            return ()
        schemes: list[ir.SecurityScheme] = []
        taken: set[str] = set()
        for key, value in raw.items():
            scheme, _ = self._dict(
                value, pointer_from_parts(["components", "securitySchemes", key])
            )
            python = unique_name(python_identifier(str(key), fallback="scheme"), taken)
            taken.add(python)
            flows: list[ir.OAuthFlow] = []
            raw_flows = scheme.get("flows")
            for kind, flow in (raw_flows if isinstance(raw_flows, dict) else {}).items():
                flow = flow if isinstance(flow, dict) else {}
                scopes = flow.get("scopes")
                flows.append(
                    ir.OAuthFlow(
                        kind=str(kind),
                        token_url=_text(flow.get("tokenUrl")),
                        authorization_url=_text(flow.get("authorizationUrl")),
                        refresh_url=_text(flow.get("refreshUrl")),
                        scopes=tuple(str(s) for s in scopes) if isinstance(scopes, dict) else (),
                    )
                )
            schemes.append(
                ir.SecurityScheme(
                    key=str(key),
                    python_name=python,
                    type=_text(scheme.get("type")),
                    scheme=_text(scheme.get("scheme")).lower(),
                    location=_text(scheme.get("in")),
                    parameter_name=_text(scheme.get("name")),
                    description=_text(scheme.get("description")),
                    flows=tuple(flows),
                    open_id_connect_url=_text(scheme.get("openIdConnectUrl")),
                    bearer_format=_text(scheme.get("bearerFormat")),
                )
            )
        return tuple(schemes)

    def _requirements(
        self, raw: Any, default: tuple[tuple[str, ...], ...]
    ) -> tuple[tuple[str, ...], ...]:
        """Security alternatives, each the scheme keys needed together; `()` is anonymous."""
        if not isinstance(raw, list):
            return default
        found: list[tuple[str, ...]] = []
        for requirement in raw:
            if isinstance(requirement, dict):
                keys = tuple(str(k) for k in requirement)
                if keys not in found:
                    found.append(keys)
        return tuple(found)

    def _security(self, raw: Any, default: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(raw, list):
            return default
        keys: list[str] = []
        for requirement in raw:
            if isinstance(requirement, dict):
                keys.extend(str(k) for k in requirement if str(k) not in keys)
        return tuple(keys)

    # ----------------------------------------------------------------- operations

    def _collect_operations(self) -> list[_Op]:
        paths = self.data.get("paths")
        ops: list[_Op] = []
        if not isinstance(paths, dict):
            return ops
        seen_ids: set[str] = set()
        for path, raw_item in paths.items():
            item_pointer = pointer_from_parts(["paths", path])
            item, item_pointer = self._dict(raw_item, item_pointer)
            path = str(path)
            segments = [s for s in path.split("/") if s]
            static = [s for s in segments if "{" not in s]
            resource = tuple(python_identifier(s, fallback="resource") for s in static) or ("root",)
            is_item = bool(segments) and "{" in segments[-1]
            for method, node in item.items():
                if method not in HTTP_METHODS:
                    continue
                pointer = pointer_from_parts(["paths", path, method])
                if not isinstance(node, dict):
                    self.schemas.skip(pointer, "operation is not an object; left out")
                    continue
                op_id = node.get("operationId")
                if not isinstance(op_id, str) or not op_id or op_id in seen_ids:
                    generated = method + pascal_case(path)
                    if isinstance(op_id, str) and op_id:
                        self.warn(
                            "normalize.duplicate-operation-id",
                            f"operationId {op_id!r} is used twice; using {generated!r}",
                            pointer,
                        )
                    op_id = generated
                seen_ids.add(op_id)
                ops.append(
                    _Op(
                        len(ops),
                        pointer,
                        path,
                        method,
                        node,
                        item,
                        item_pointer,
                        op_id,
                        resource,
                        is_item,
                    )
                )
        return ops

    def _success_schema(self, op: _Op) -> tuple[Any, str] | None:
        responses, where = self._dict(op.node.get("responses"), op.pointer + "/responses")
        for status in sorted((str(s) for s in responses), key=_status_order):
            if not status.startswith("2"):
                continue
            response, rwhere = self._dict(responses.get(status), f"{where}/{status}")
            media = self._pick_media(response.get("content"))
            if media is not None:
                content = response["content"][media]
                if isinstance(content, dict) and "schema" in content:
                    return self.deref(content["schema"], rwhere)
                return None
        return None

    def _is_collection(self, op: _Op) -> bool:
        found = self._success_schema(op)
        if found is None:
            return False
        schema = found[0]
        if not isinstance(schema, dict):
            return False
        if schema.get("type") == "array":
            return True
        props = schema.get("properties")
        if isinstance(props, dict) and "data" in props:
            data, _ = self.deref(props["data"], "")
            return isinstance(data, dict) and data.get("type") == "array"
        return False

    def _default_name(self, op: _Op) -> str:
        if op.method == "get":
            return "retrieve" if op.is_item or not self._is_collection(op) else "list"
        return {"post": "create", "put": "update", "patch": "update", "delete": "delete"}.get(
            op.method, op.method
        )

    def _name_operations(self, ops: list[_Op]) -> None:
        overrides = dict(self.config.operation_names)
        known = {op.operation_id for op in ops}
        for op_id in sorted(set(overrides) - known):
            self.warn("normalize.unused-operation-name", f"operation_names: unknown {op_id!r}")
        claimed: dict[tuple[str, ...], set[str]] = {}
        for op in ops:
            target = overrides.get(op.operation_id)
            if target is None:
                continue
            parts = [python_identifier(p, fallback="resource") for p in str(target).split(".")]
            if len(parts) < 2 or not all(str(target).split(".")):
                self.warn(
                    "normalize.bad-operation-name",
                    f"operation_names[{op.operation_id!r}] = {target!r} is not "
                    "'resource.method'; ignored",
                    op.pointer,
                )
                continue
            resource, name = tuple(parts[:-1]), parts[-1]
            taken = claimed.setdefault(resource, set())
            if name in taken:
                self.warn(
                    "normalize.operation-name-clash",
                    f"operation_names gives {target!r} twice; numbering",
                    op.pointer,
                )
                name = _numbered(name, taken)
            op.resource, op.python_name, op.overridden = resource, name, True
            taken.add(name)
        groups: dict[tuple[str, ...], list[_Op]] = {}
        for op in ops:
            if not op.overridden:
                groups.setdefault(op.resource, []).append(op)
        for resource, members in groups.items():
            taken = claimed.setdefault(resource, set())
            wanted = [(self._default_name(op), op) for op in members]
            by_name: dict[str, list[_Op]] = {}
            for name, op in wanted:
                by_name.setdefault(name, []).append(op)
            losers: list[_Op] = []
            for name, group in by_name.items():
                group.sort(key=_fit_key(name))
                if name in taken:
                    losers.extend(group)
                    continue
                group[0].python_name = name
                taken.add(name)
                losers.extend(group[1:])
            for op in sorted(losers, key=lambda o: o.seq):
                fallback = self._name_from_operation_id(op)
                name = fallback if fallback and fallback not in taken else ""
                if not name:
                    name = _numbered(fallback or self._default_name(op), taken)
                self.info(
                    "normalize.operation-renamed",
                    f"{op.method.upper()} {op.path} is named {name!r} to avoid a clash",
                    op.pointer,
                )
                op.python_name = name
                taken.add(name)

    def _name_from_operation_id(self, op: _Op) -> str:
        resource_words: set[str] = set()
        for attr in op.resource:
            for word in attr.split("_"):
                resource_words.update({word, singularize(word)})
        kept: list[str] = []
        for word in snake_case(op.operation_id).split("_"):
            if not word or word in resource_words:
                continue
            glued = [w for w in resource_words if w and word.startswith(w) and word != w]
            if glued:
                word = word[len(max(glued, key=lambda w: (len(w), w))) :]
            kept.append(word)
        return python_identifier("_".join(kept), fallback="call") if kept else ""

    # ----------------------------------------------------------------- operation bodies

    def _resource_base(self, op: _Op, schema: Any) -> str:
        """Class-name stem for the documents an operation sends/receives."""
        jtype = self._document_type(schema)
        if jtype:
            return resource_name(jtype)
        return self._path_base(op)

    def _path_base(self, op: _Op) -> str:
        """Class-name stem from the path alone: `/tms/web-triggers/{id}` -> TmsWebTrigger."""
        return singular_class_name(class_name("_".join(op.resource), fallback="Resource"))

    def _document_type(self, schema: Any) -> str | None:
        schema, _ = self.deref(schema, "")
        if not isinstance(schema, dict):
            return None
        if schema.get("type") == "array":
            return self._document_type(schema.get("items"))
        props = schema.get("properties")
        if not isinstance(props, dict) or "data" not in props:
            return jsonapi_type_of(schema)
        data, _ = self.deref(props["data"], "")
        if isinstance(data, dict) and data.get("type") == "array":
            data, _ = self.deref(data.get("items"), "")
        return jsonapi_type_of(data)

    def _pick_media(self, content: Any) -> str | None:
        if not isinstance(content, dict) or not content:
            return None
        keys = [str(k) for k in content]
        return min(keys, key=_media_rank)

    def _media_shape(
        self,
        media_type: str,
        media: Any,
        pointer: str,
        hint: NameHint,
        data_hint: NameHint | None = None,
    ) -> Shape:
        """The body type; JSON:API documents become `Document[...]` named by `data_hint`."""
        if isinstance(media, dict) and "schema" in media:
            if data_hint is not None and _is_json(media_type):
                jsonapi = media_type.split(";", 1)[0].strip().lower() == _JSONAPI
                document = self.schemas.document_shape(
                    media["schema"], pointer + "/schema", data_hint, jsonapi=jsonapi
                )
                if document is not None:
                    return document
            return self.schemas.shape(media["schema"], pointer + "/schema", hint)
        if _is_json(media_type):
            return Shape("any")
        return Shape("str") if media_type.startswith("text/") else Shape("bytes")

    def _operation(self, op: _Op, default_security: tuple[str, ...]) -> _OpDraft:
        success = self._success_schema(op)
        base = self._resource_base(op, success[0] if success else None)
        name = op.python_name
        params = self._parameters(op, base)
        bodies: list[tuple[str, Shape, bool, str, tuple[ir.PropertyEncoding, ...]]] = []
        body, body_pointer = self._dict(op.node.get("requestBody"), op.pointer + "/requestBody")
        content = body.get("content")
        if isinstance(content, dict):
            first = self._pick_media(content)
            media_schema = content.get(first) if first is not None else None
            schema = media_schema.get("schema") if isinstance(media_schema, dict) else None
            req_base = self._resource_base(op, schema) if schema is not None else base
            verb = _VERBS.get(name, pascal_case(name))
            hint = NameHint(role="request", verb=verb).add(P_CONTEXT, f"{req_base}{verb}Request")
            # untyped request data may still join the resource model of the path (see _unify)
            data_hint = NameHint(role="request", verb=verb).add(P_CONTEXT, req_base)
            data_hint = data_hint.add(P_CONTEXT, f"{req_base}{verb}Data")
            for media_type in sorted((str(k) for k in content), key=_media_rank):
                where = f"{body_pointer}/content/{escape_pointer_token(media_type)}"
                body_shape = self._media_shape(
                    media_type, content[media_type], where, hint, data_hint
                )
                bodies.append(
                    (
                        media_type,
                        body_shape,
                        body.get("required") is True,
                        _text(body.get("description")),
                        _encoding(media_type, content[media_type]),
                    )
                )
        elif body:
            self.schemas.skip(body_pointer, "request body without content; left out")
        responses: list[tuple[str, str, str | None, Shape | None]] = []
        raw_responses, resp_pointer = self._dict(
            op.node.get("responses"), op.pointer + "/responses"
        )
        success_status: str | None = None
        extras: dict[str, tuple[list[tuple[str, str, Shape, bool, str]], list[Any]]] = {}
        for status in (str(s) for s in raw_responses):
            response, where = self._dict(raw_responses[status], f"{resp_pointer}/{status}")
            picked = self._pick_media(response.get("content"))
            shape: Shape | None = None
            if picked is not None:
                media_type = picked
                if status.startswith("2"):
                    context = (
                        f"{base}List"
                        if name == "list"
                        else (
                            f"{base}Response"
                            if name in ("retrieve", "create", "update", "delete")
                            else f"{base}{pascal_case(name)}Response"
                        )
                    )
                    hint = NameHint().add(P_CONTEXT, context)
                    data_hint = NameHint().add(
                        P_CONTEXT, base if name in _PLAIN_NAMES else base + pascal_case(name)
                    )
                    path_base = self._path_base(op)
                    if path_base != base and name in _PLAIN_NAMES:
                        data_hint = data_hint.add(P_CONTEXT, path_base)
                else:
                    hint = NameHint().add(P_CONTEXT, "ErrorResponse")
                    hint = hint.add(P_FALLBACK, f"{base}ErrorResponse")
                    data_hint = NameHint().add(P_CONTEXT, f"{base}Error")
                media_where = f"{where}/content/{escape_pointer_token(media_type)}"
                shape = self._media_shape(
                    media_type, response["content"][media_type], media_where, hint, data_hint
                )
                contents = [(media_type, shape)]
                for other in sorted((str(k) for k in response["content"]), key=_media_rank):
                    if other == media_type:
                        continue
                    other_where = f"{where}/content/{escape_pointer_token(other)}"
                    other_media = response["content"][other]
                    same = isinstance(other_media, dict) and isinstance(
                        response["content"][media_type], dict
                    )
                    same = same and other_media.get("schema") == response["content"][
                        media_type
                    ].get("schema")
                    contents.append(
                        (
                            other,
                            (
                                shape
                                if same and _is_json(other) == _is_json(media_type)
                                else self._media_shape(other, other_media, other_where, hint, None)
                            ),
                        )
                    )
                extras[status] = (extras.get(status, ([], []))[0], contents)
            headers = self._response_headers(response, where, base)
            if headers:
                extras[status] = (headers, extras.get(status, ([], []))[1])
            responses.append((status, _text(response.get("description")), picked, shape))
        for status in sorted((r[0] for r in responses), key=_status_order):
            entry = next(r for r in responses if r[0] == status)
            if status.startswith("2") and entry[3] is not None:
                success_status = status
                break
        tags = op.node.get("tags")
        return _OpDraft(
            op=op,
            params=params,
            bodies=bodies,
            responses=responses,
            success_status=success_status,
            security=self._security(op.node.get("security"), default_security),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            extras=extras,
            requirements=self._requirements(op.node.get("security"), self._default_requirements),
            servers=self._operation_servers(op),
        )

    def _operation_servers(self, op: _Op) -> tuple[ir.Server, ...]:
        """Servers of the operation, else of its path item; () means the API's servers."""
        for node, pointer in ((op.node, op.pointer), (op.path_item, op.path_item_pointer)):
            raw = node.get("servers")
            if isinstance(raw, list) and raw:
                return self._servers(raw, pointer + "/servers")
        return ()

    def _response_headers(
        self, response: dict[str, Any], pointer: str, base: str
    ) -> list[tuple[str, str, Shape, bool, str]]:
        raw = response.get("headers")
        if not isinstance(raw, dict):
            return []
        found: list[tuple[str, str, Shape, bool, str]] = []
        taken: set[str] = set()
        for name, header in raw.items():
            name = str(name)
            if name.lower() == "content-type":
                continue  # OpenAPI: ignored in response headers
            where = f"{pointer}/headers/{escape_pointer_token(name)}"
            node, where = self._dict(header, where)
            schema = node.get("schema")
            hint = NameHint().add(P_CONTEXT, base + class_name(name) + "Header")
            shape = (
                self.schemas.shape(schema, where + "/schema", hint)
                if schema is not None
                else Shape("str")
            )
            python = unique_name(python_identifier(name, fallback="header"), taken)
            taken.add(python)
            found.append(
                (name, python, shape, node.get("required") is True, _text(node.get("description")))
            )
        return found

    def _parameters(self, op: _Op, base: str) -> list[_ParamDraft]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str, str | None]] = {}
        sources = [
            (op.path_item.get("parameters"), op.path_item_pointer + "/parameters"),
            (op.node.get("parameters"), op.pointer + "/parameters"),
        ]
        for raw, where in sources:
            if raw is None:
                continue
            if not isinstance(raw, list):
                self.schemas.skip(where, "parameters is not a list; ignored")
                continue
            for index, item in enumerate(raw):
                component = None
                if isinstance(item, dict) and isinstance(item.get("$ref"), str):
                    ref = item["$ref"]
                    if ref.startswith("#/components/parameters/"):
                        component = ref.rsplit("/", 1)[1]
                param, pointer = self._dict(item, f"{where}/{index}")
                name, location = param.get("name"), param.get("in")
                if not isinstance(name, str) or location not in _LOCATIONS:
                    self.schemas.skip(pointer, "parameter without a valid name/in; left out")
                    continue
                merged[(name, location)] = (param, pointer, component)
        template = re.findall(r"\{([^{}]*)\}", op.path)
        for name in template:
            if (name, "path") not in merged:
                self.warn(
                    "normalize.missing-path-parameter",
                    f"path parameter {name!r} is not declared; typed as str",
                    op.pointer,
                )
                merged[(name, "path")] = (
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}},
                    op.pointer,
                    None,
                )
        for name, location in list(merged):
            if location == "path" and name not in template:
                self.schemas.skip(
                    merged[(name, location)][1],
                    f"path parameter {name!r} is not in the path; left out",
                )
                del merged[(name, location)]
            elif location == "header" and name.lower() in _IGNORED_HEADERS:
                self.info(
                    "normalize.ignored-header",
                    f"header parameter {name!r} is set by the client; left out",
                    merged[(name, location)][1],
                )
                del merged[(name, location)]
        ordered = [merged[(n, "path")] for n in dict.fromkeys(template)]
        for location in _LOCATIONS[1:]:
            ordered.extend(v for (n, loc), v in merged.items() if loc == location)
        result: list[_ParamDraft] = []
        taken: set[str] = set()
        for param, pointer, component in ordered:
            wire = param["name"]
            location = param["in"]
            python = unique_name(parameter_name(wire), taken)
            if python != parameter_name(wire):
                self.warn(
                    "normalize.parameter-name-clash",
                    f"{location} parameter {wire!r} would be named like another parameter; "
                    f"named {python!r}",
                    pointer,
                )
            taken.add(python)
            hint = NameHint(role="parameter")
            if component:
                hint = hint.add(P_COMPONENT, class_name(component))
            # `FilterParam` if only one schema is named so, else `TmsWebTriggerFilterParam`s
            hint = hint.add_exclusive(P_CONTEXT, class_name(wire) + "Param")
            hint = hint.add(P_CONTEXT, base + class_name(wire) + "Param")
            schema: Any = param.get("schema")
            schema_pointer = pointer + "/schema"
            content = param.get("content")
            content_type: str | None = None
            if schema is None and isinstance(content, dict) and content:
                media_type = self._pick_media(content) or ""
                content_type = media_type
                media = content[media_type]
                schema = media.get("schema") if isinstance(media, dict) else None
                schema_pointer = f"{pointer}/content/{escape_pointer_token(media_type)}/schema"
            shape = (
                self.schemas.shape(schema, schema_pointer, hint)
                if schema is not None
                else Shape("str")
            )
            required = location == "path" or param.get("required") is True
            style = param.get("style")
            if not isinstance(style, str):
                style = "simple" if location in ("path", "header") else "form"
            explode = param.get("explode")
            if not isinstance(explode, bool):
                explode = style == "form"
            # RFC 6570 reserved expansion exists for the query only (OpenAPI `allowReserved`)
            allow_reserved = location == "query" and param.get("allowReserved") is True
            default: str | None = None
            resolved, _ = self.deref(schema, schema_pointer)
            if location != "path" and isinstance(resolved, dict) and "default" in resolved:
                default = scalar_default(resolved["default"])
                if default is None:
                    self.schemas.skip(
                        schema_pointer + "/default", "default is not a scalar; dropped"
                    )
            result.append(
                _ParamDraft(
                    python,
                    wire,
                    cast(Any, location),
                    shape,
                    required,
                    style,
                    explode,
                    _text(param.get("description")),
                    param.get("deprecated") is True,
                    default,
                    allow_reserved,
                    content_type,
                )
            )
        return result

    # ----------------------------------------------------------------- finishing

    def _finish_operation(self, draft: _OpDraft) -> ir.Operation:
        typeref = self._typeref
        op = draft.op
        parameters: list[ir.Parameter] = []
        for p in draft.params:
            type_ref = typeref(p.shape)
            annotation = type_ref.annotation
            default = p.default
            if not p.required:
                if not type_ref.nullable and type_ref.kind != "any":
                    annotation += " | None"
                default = default if default is not None else "None"
            parameters.append(
                ir.Parameter(
                    name=p.name,
                    wire_name=p.wire_name,
                    location=p.location,
                    type=type_ref,
                    annotation=annotation,
                    required=p.required,
                    style=p.style,
                    explode=p.explode,
                    description=p.description,
                    deprecated=p.deprecated,
                    default=default,
                    allow_reserved=p.allow_reserved,
                    content_type=p.content_type,
                )
            )
        bodies = tuple(
            ir.RequestBody(
                media_type,
                body_type,
                required,
                description,
                data_type=_document_data(body_type) if _is_json(media_type) else None,
                encoding=encoding,
            )
            for media_type, body_type, required, description, encoding in (
                (media_type, typeref(shape), required, description, encoding)
                for media_type, shape, required, description, encoding in draft.bodies
            )
        )
        responses = tuple(
            ir.Response(
                status,
                description,
                media_type,
                typeref(shape) if shape else None,
                headers=tuple(
                    ir.ResponseHeader(wire, python, typeref(h_shape), required, doc)
                    for wire, python, h_shape, required, doc in draft.extras.get(status, ([], []))[
                        0
                    ]
                ),
                contents=tuple(
                    (media, typeref(c_shape) if c_shape is not None else None)
                    for media, c_shape in draft.extras.get(status, ([], []))[1]
                ),
            )
            for status, description, media_type, shape in draft.responses
        )
        success = next((r for r in responses if r.status == draft.success_status), None)
        return ir.Operation(
            operation_id=op.operation_id,
            python_name=op.python_name,
            method=op.method.upper(),
            path=op.path,
            summary=_text(op.node.get("summary")),
            description=_text(op.node.get("description")),
            deprecated=op.node.get("deprecated") is True,
            parameters=tuple(parameters),
            request_bodies=bodies,
            responses=responses,
            success_type=success.type if success else None,
            success_media_type=success.media_type if success else None,
            security=draft.security,
            tags=draft.tags,
            security_requirements=draft.requirements,
            servers=draft.servers,
        )

    def _resources(
        self, ops: list[_Op], built: dict[int, ir.Operation], model_names: set[str]
    ) -> tuple[ir.Resource, ...]:
        root = _Node()
        for op in ops:
            node = root
            for attr in op.resource:
                node = node.children.setdefault(attr, _Node())
            node.ops.append(op)
        class_names: set[str] = set()
        modules: set[str] = set()

        def build(
            node: _Node, path: tuple[str, ...], reserved: frozenset[str]
        ) -> list[ir.Resource]:
            result: list[ir.Resource] = []
            taken = set(reserved)
            for attr in sorted(node.children):
                child = node.children[attr]
                attribute = unique_name(attr, taken)
                taken.add(attribute)
                child_path = (*path, attribute)
                children = build(child, child_path, _RESOURCE_RESERVED)
                child_attrs = {c.attribute for c in children} | _RESOURCE_RESERVED
                operations: list[ir.Operation] = []
                method_names: set[str] = set()
                for op in sorted(child.ops, key=lambda o: o.seq):
                    operation = built[op.seq]
                    if operation.python_name in child_attrs | method_names:
                        new = _numbered(operation.python_name, child_attrs | method_names)
                        self.warn(
                            "normalize.operation-name-clash",
                            f"method {operation.python_name!r} clashes; using {new!r}",
                            op.pointer,
                        )
                        operation = _replace_op_name(operation, new)
                    method_names.add(operation.python_name)
                    operations.append(operation)
                cls = class_name("_".join(child_path), fallback="Resource")
                if cls in model_names:
                    cls += "Resource"
                cls = _numbered(cls, class_names) if cls in class_names else cls
                class_names.add(cls)
                module = unique_name(
                    python_identifier("_".join(child_path), fallback="resource"), modules
                )
                modules.add(module)
                result.append(
                    ir.Resource(
                        attribute=attribute,
                        class_name=cls,
                        async_class_name="Async" + cls,
                        module=module,
                        path=child_path,
                        operations=tuple(operations),
                        children=tuple(children),
                    )
                )
            return result

        return tuple(build(root, (), CLIENT_RESERVED))


@dataclass
class _ParamDraft:
    name: str
    wire_name: str
    location: Literal["path", "query", "header", "cookie"]
    shape: Shape
    required: bool
    style: str
    explode: bool
    description: str
    deprecated: bool
    default: str | None
    allow_reserved: bool
    content_type: str | None


@dataclass
class _OpDraft:
    op: _Op
    params: list[_ParamDraft]
    bodies: list[tuple[str, Shape, bool, str, tuple[ir.PropertyEncoding, ...]]]
    responses: list[tuple[str, str, str | None, Shape | None]]
    success_status: str | None
    security: tuple[str, ...]
    tags: tuple[str, ...]
    # status -> (headers: (wire, python, shape, required, doc), contents: (media type, shape))
    extras: dict[str, tuple[list[tuple[str, str, Shape, bool, str]], list[Any]]] = field(
        default_factory=dict
    )
    requirements: tuple[tuple[str, ...], ...] = ()
    servers: tuple[ir.Server, ...] = ()


def _replace_op_name(operation: ir.Operation, name: str) -> ir.Operation:
    return replace(operation, python_name=name)


_NDJSON_MEDIA = frozenset({"application/x-ndjson", "application/jsonl", "application/json-lines"})


def _document_data(type_ref: ir.TypeRef | None) -> ir.TypeRef | None:
    """X of a JSON:API document type `Document[X]` (the only generic model), else None."""
    if type_ref is None or type_ref.kind != "model" or len(type_ref.items) != 1:
        return None
    return type_ref.items[0]


def with_attributes(body: ir.RequestBody, models: dict[str, ir.Model]) -> ir.RequestBody:
    """`body` with the JSON:API type and attributes model of its resource, when it has both."""
    data = body.data_type
    model = models.get(data.model or "") if data is not None and data.kind == "model" else None
    if model is None or not model.jsonapi_type:
        return body
    attributes = next((f for f in model.fields if f.wire_name == "attributes"), None)
    if attributes is None or attributes.type.kind != "model":
        return body
    return replace(body, jsonapi_type=model.jsonapi_type, attributes_type=attributes.type)


def with_jsonapi_id(body: ir.RequestBody, operation: ir.Operation) -> ir.RequestBody:
    """`body` naming the path parameter that supplies `data.id` of a JSON:API update: a PATCH
    whose path ends in the resource's id (`/items/{id}`, `/items/{itemId}`)."""
    if operation.method != "PATCH" or body.data_type is None:
        return body
    last = operation.path.rstrip("/").rsplit("/", 1)[-1]
    if not (last.startswith("{") and last.endswith("}")):
        return body
    wire = last[1:-1]
    if wire != "id" and not wire.endswith(("_id", "Id", "ID")):
        return body
    parameter = next(
        (p for p in operation.parameters if p.location == "path" and p.wire_name == wire), None
    )
    return body if parameter is None else replace(body, jsonapi_id_parameter=parameter.name)


def with_env_names(
    schemes: tuple[ir.SecurityScheme, ...], env_prefix: str
) -> tuple[ir.SecurityScheme, ...]:
    """Each scheme with the environment variable of its own token: `<PREFIX>_<SCHEME>`."""
    taken = {f"{env_prefix}_{name}" for name in ("TOKEN", "BASE_URL")}
    named: list[ir.SecurityScheme] = []
    for scheme in schemes:
        env = f"{env_prefix}_{(snake_case(scheme.key) or 'scheme').upper()}"
        while env in taken:  # a scheme called "token" must not shadow the client-wide token
            env += "_TOKEN"
        taken.add(env)
        named.append(replace(scheme, env_name=env))
    return tuple(named)


def credential_options(
    schemes: tuple[ir.SecurityScheme, ...], env_prefix: str
) -> tuple[ir.CredentialOption, ...]:
    """The client options of the non-token credentials the API's schemes need."""
    options: list[ir.CredentialOption] = []
    if any(s.type == "http" and s.scheme == "basic" for s in schemes):
        options += [
            ir.CredentialOption("username", f"{env_prefix}_USERNAME", "the http basic username"),
            ir.CredentialOption("password", f"{env_prefix}_PASSWORD", "the http basic password"),
        ]
    if any(f.kind == "clientCredentials" for s in schemes if s.type == "oauth2" for f in s.flows):
        options += [
            ir.CredentialOption(
                "client_id", f"{env_prefix}_CLIENT_ID", "the OAuth2 client id (client credentials)"
            ),
            ir.CredentialOption(
                "client_secret",
                f"{env_prefix}_CLIENT_SECRET",
                "the OAuth2 client secret (client credentials)",
            ),
        ]
    return tuple(options)


_STYLE_KEYS = ("style", "explode", "allowReserved")


def _encoding(media_type: str, media: object) -> tuple[ir.PropertyEncoding, ...]:
    """The `encoding` entries of a form media type object, in spec order, defaults applied.

    An urlencoded property whose entry gives `style`, `explode` or `allowReserved` is serialised
    by style (as a query parameter: style `form` and explode true unless said otherwise) and
    its `contentType` is ignored; any other entry only names a content type (OpenAPI 3.0.4 and
    3.1.1, Encoding Object). Multipart parts are always serialised by content type.
    """
    raw = media.get("encoding") if isinstance(media, dict) else None
    if not isinstance(raw, dict):
        return ()
    urlencoded = media_type.split(";", 1)[0].strip().lower() == _FORM_URLENCODED
    found: list[ir.PropertyEncoding] = []
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        content_type = entry.get("contentType")
        content_type = content_type.strip() if isinstance(content_type, str) else ""
        if urlencoded and any(key in entry for key in _STYLE_KEYS):
            style = entry.get("style")
            style = style if isinstance(style, str) and style else "form"
            explode = entry.get("explode")
            found.append(
                ir.PropertyEncoding(
                    str(name),
                    style=style,
                    explode=explode if isinstance(explode, bool) else style == "form",
                    allow_reserved=entry.get("allowReserved") is True,
                )
            )
        elif content_type:
            found.append(ir.PropertyEncoding(str(name), content_type=content_type))
    return tuple(found)


def _collection_item(type_ref: ir.TypeRef | None, models: dict[str, ir.Model]) -> ir.TypeRef | None:
    """X of a collection document: `Document[list[X]]`, or a model whose `data` is `list[X]`."""
    data = _document_data(type_ref)
    if data is None and type_ref is not None and type_ref.kind == "model":
        model = models.get(type_ref.model or "")
        field = next((f for f in model.fields if f.wire_name == "data"), None) if model else None
        data = field.type if field is not None else None
    if data is None or data.kind != "list" or not data.items:
        return None
    return data.items[0]


def is_jsonapi_document(model: ir.Model) -> bool:
    """A top-level JSON:API document model: it has both `data` and `included` members."""
    wire_names = {f.wire_name for f in model.fields}
    return model.kind == "object" and {"data", "included"} <= wire_names


def detect_pagination(operation: ir.Operation, models: dict[str, ir.Model]) -> ir.Pagination | None:
    """JSON:API page-number pagination of a GET returning a collection document.

    Either bracketed query parameters `page[number]` (and `page[size]`), or one deepObject
    parameter `page` whose object has a `number` key (and a `size` key).
    """
    if operation.method != "GET":
        return None
    item = _collection_item(operation.success_type, models)
    if item is None:
        return None
    query = {p.wire_name: p for p in operation.parameters if p.location == "query"}
    if "page[number]" in query:
        size = "page[size]" if "page[size]" in query else ""
        return ir.Pagination("params", "page[number]", "", size, "", item)
    page = query.get("page")
    if page is None or page.style != "deepObject":
        return None
    if page.type.kind == "model" and page.type.model in models:
        keys = {f.wire_name for f in models[page.type.model].fields}
    elif page.type.kind == "dict":
        keys = {"number", "size"}
    else:
        return None
    if "number" not in keys:
        return None
    size_key = "size" if "size" in keys else ""
    return ir.Pagination("object", "page", "number", "page" if size_key else "", size_key, item)


def detect_bulk(operation: ir.Operation) -> ir.Bulk | None:
    """An operation that takes many objects: its JSON:API body's `data` is an array, or its
    body is newline-delimited JSON. Offered as `<method>_bulk(items)` streaming ndjson."""
    if operation.method not in ("POST", "PUT", "PATCH") or not operation.request_bodies:
        return None
    body = operation.request_bodies[0]
    media = body.media_type.split(";", 1)[0].strip().lower()
    name = f"{operation.python_name}_bulk"
    if media in _NDJSON_MEDIA:
        item = body.type.items[0] if body.type.kind == "list" and body.type.items else body.type
        return ir.Bulk(name, item, body.media_type)
    data = body.data_type
    if data is not None and data.kind == "list" and data.items:
        return ir.Bulk(name, data.items[0])
    return None


def _numbered(name: str, taken: Iterable[str]) -> str:
    used = set(taken)
    number = 2
    while f"{name}_{number}" in used:
        number += 1
    return f"{name}_{number}"


def _fit_key(name: str) -> Callable[[_Op], tuple[int, int]]:
    def key(op: _Op) -> tuple[int, int]:
        return _fit_rank(name, op), op.seq

    return key


def _fit_rank(name: str, op: _Op) -> int:
    """0 when the path shape suits the method name (item paths for retrieve/update/delete)."""
    if name in ("retrieve", "update", "delete"):
        return 0 if op.is_item else 1
    if name in ("list", "create"):
        return 1 if op.is_item else 0
    return 0


def _status_order(status: str) -> tuple[int, str]:
    return (0, status) if status[:3].isdigit() else (1, status)


# --- deprecated aliases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AliasWish:
    """An old SDK name to keep for an operation (from the alias record beside the SDK)."""

    name: str  # dotted from the client: "cleansing_transformations.list"
    operation_id: str
    since: str  # the SDK version that introduced it


@dataclass
class _AliasNode:
    """A resource of the tree being extended: an existing one, or one made for aliases only."""

    path: tuple[str, ...]
    resource: ir.Resource | None
    children: dict[str, _AliasNode] = field(default_factory=dict)
    aliases: list[ir.DeprecatedAlias] = field(default_factory=list)

    def members(self) -> set[str]:
        """Attribute names taken on this resource (or on the client, for the root)."""
        if not self.path:
            return set(CLIENT_RESERVED) | set(self.children)
        taken = set(_RESOURCE_RESERVED) | set(self.children)
        if self.resource is not None:
            taken |= {op.python_name for op in self.resource.operations}
            taken |= {op.bulk.method_name for op in self.resource.operations if op.bulk}
        for alias in self.aliases:
            taken.add(alias.python_name)
            if alias.bulk_name:
                taken.add(alias.bulk_name)
        return taken


def attach_aliases(
    api: ir.Api, wishes: Iterable[AliasWish]
) -> tuple[ir.Api, list[tuple[AliasWish, str]]]:
    """`api` with each wished alias placed on the resource its old name leads to (made, for
    aliases only, when the spec no longer has it); also the wishes refused, with the reason.

    An alias is refused when its operation is gone, when it would be the method's own name, or
    when its name (or a resource on its way) is now taken by something else on the same
    resource: the real SDK always wins. Resources made for aliases take class and module names
    no real resource or model uses, so adding aliases never renames anything that exists."""
    root = _AliasNode((), None)

    def graft(resources: tuple[ir.Resource, ...], node: _AliasNode) -> None:
        for resource in resources:
            child = node.children[resource.attribute] = _AliasNode(resource.path, resource)
            graft(resource.children, child)

    graft(api.resources, root)
    located: dict[str, tuple[ir.Resource, ir.Operation]] = {}
    stack = list(api.resources)
    class_names = {m.name for m in api.models} | {api.client_class_name}
    modules: set[str] = {"__init__"}
    while stack:
        resource = stack.pop()
        class_names |= {resource.class_name, resource.async_class_name}
        modules.add(resource.module)
        stack.extend(resource.children)
        for op in resource.operations:
            located[op.operation_id] = (resource, op)
    refused: list[tuple[AliasWish, str]] = []
    for wish in sorted(wishes, key=lambda w: (w.name, w.operation_id)):
        *route, method = wish.name.split(".")
        found = located.get(wish.operation_id)
        if found is None:
            refused.append((wish, f"operation {wish.operation_id} is no longer in the spec"))
            continue
        resource, op = found
        target = ".".join((*resource.path, op.python_name))
        if target == wish.name:
            refused.append((wish, "the method has this name again"))
            continue
        if not route or not all(part.isidentifier() for part in (*route, method)):
            refused.append((wish, f"{wish.name!r} is not a method of a resource"))
            continue
        node, clash = root, ""
        for attribute in route:
            child = node.children.get(attribute)
            if child is None:
                if attribute in node.members():
                    clash = f"{'.'.join((*node.path, attribute))} is now a method"
                    break
                child = node.children[attribute] = _AliasNode((*node.path, attribute), None)
            node = child
        bulk_name = f"{method}_bulk" if op.bulk is not None else None
        taken = node.members()
        if not clash and (method in taken or (bulk_name and bulk_name in taken)):
            clash = f"{wish.name} is now taken on its resource"
        if clash:
            refused.append((wish, clash))
            continue
        node.aliases.append(
            ir.DeprecatedAlias(
                python_name=method,
                name=wish.name,
                target=target,
                operation=op,
                target_class=resource.class_name,
                target_async_class=resource.async_class_name,
                target_module=resource.module,
                since=wish.since,
                bulk_name=bulk_name,
            )
        )

    def children_of(node: _AliasNode) -> tuple[ir.Resource, ...]:
        built = [child for each in node.children.values() if (child := build(each))]
        real = [child for child in built if not child.alias_only]
        made = sorted((child for child in built if child.alias_only), key=lambda r: r.attribute)
        return (*real, *made)  # the real ones in their order, then those made for aliases

    def build(node: _AliasNode) -> ir.Resource | None:
        children = children_of(node)
        if node.resource is not None:
            return replace(
                node.resource,
                children=children,
                aliases=tuple(sorted(node.aliases, key=lambda a: a.python_name)),
            )
        if not node.aliases and not children:
            return None  # made on the way to an alias that was then refused
        words = "_".join(node.path)
        cls = class_name(words, fallback="Resource")
        if cls in class_names or "Async" + cls in class_names:
            cls += "Deprecated"
            if cls in class_names or "Async" + cls in class_names:
                cls = _numbered(cls, class_names)
        class_names.update((cls, "Async" + cls))
        module = unique_name(python_identifier(words, fallback="resource"), modules)
        modules.add(module)
        return ir.Resource(
            attribute=node.path[-1],
            class_name=cls,
            async_class_name="Async" + cls,
            module=module,
            path=node.path,
            operations=(),
            children=children,
            aliases=tuple(sorted(node.aliases, key=lambda a: a.python_name)),
            alias_only=True,
        )

    return replace(api, resources=children_of(root)), refused


def without_aliases(api: ir.Api) -> ir.Api:
    """`api` as normalize built it, before `attach_aliases`."""

    def strip(resources: tuple[ir.Resource, ...]) -> tuple[ir.Resource, ...]:
        return tuple(
            replace(r, children=strip(r.children), aliases=())
            for r in resources
            if not r.alias_only
        )

    return replace(api, resources=strip(api.resources))
