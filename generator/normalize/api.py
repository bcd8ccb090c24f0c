"""The normalize stage from end to end: the API's metadata, its operations (drafted, then
finished once the models are named), the runtime bases of the JSON:API models, and the
resource tree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .. import ir
from ..config import ApiConfig
from ..diagnostics import Diagnostic
from ..naming import class_name, split_words
from ..vocabulary import http_method
from .bodies import (
    detect_bulk,
    request_body_drafts,
    to_request_bodies,
    with_attributes,
    with_jsonapi_id,
    with_keywords,
    with_param_dicts,
)
from .context import Context, text
from .drafts import OperationDraft, SpecOperation
from .media import inline_media_types
from .operations import collect_operations, name_operations, resource_base, success_schema
from .pagination import operation_pagination, unused_declarations
from .parameters import parameter_drafts, to_parameters
from .rate_limit import rate_limit
from .resources import build_resources
from .responses import (
    is_jsonapi_document,
    response_drafts,
    success_status,
    to_responses,
    to_stream,
)
from .schema import K_DOCUMENT, K_TO_MANY, K_TO_ONE, Shape
from .security import (
    base_url_env_name,
    credential_options,
    requirements,
    security_schemes,
    token_env_name,
    with_env_names,
)
from .servers import operation_servers, servers
from .servers import with_env_names as servers_with_env_names
from .streams import with_selector


def normalize(
    data: dict[str, Any],
    *,
    config: ApiConfig,
    package_name: str,
    source_name: str,
    client_class_name: str | None = None,
) -> tuple[ir.Api, list[Diagnostic]]:
    """Build the IR of `data`; returns it with the warnings found on the way."""
    data = inline_media_types(data) if isinstance(data, dict) else {}
    ctx = Context(data, config, source_name)
    return _Normalizer(ctx).run(package_name, client_class_name)


class _Normalizer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.default_requirements: tuple[tuple[str, ...], ...] = ()

    def run(
        self, package_name: str, client_class_name: str | None
    ) -> tuple[ir.Api, list[Diagnostic]]:
        ctx = self.ctx
        info, _ = ctx.dict_at(ctx.data.get("info"), "/info")
        title = text(info.get("title"))
        client = client_class_name or ctx.config.client_class_name or _client_name(title)
        env_prefix = re.sub(r"[^A-Z0-9]+", "_", package_name.upper()).strip("_")
        api_servers = servers_with_env_names(servers(ctx), env_prefix)
        schemes = with_env_names(security_schemes(ctx), env_prefix)
        self.default_requirements = requirements(ctx.data.get("security"), ())
        webhooks = ctx.data.get("webhooks")
        if isinstance(webhooks, dict) and webhooks:
            ctx.info(
                "normalize.webhooks-ignored",
                f"{len(webhooks)} webhook(s) describe requests the API sends, not operations a "
                "client calls; ignored",
                "/webhooks",
            )
        ops = collect_operations(ctx)
        name_operations(ctx, ops)
        built = {op.seq: self._draft_operation(op) for op in ops}
        models, typeref = ctx.schemas.finish(dict(ctx.config.model_names))
        by_name = {m.name: m for m in models}
        final_ops = {
            seq: _with_jsonapi_features(_finish_operation(draft, typeref), by_name)
            for seq, draft in built.items()
        }
        for seq, operation in final_ops.items():
            spec_op = built[seq].op
            pages = operation_pagination(ctx, operation, spec_op.node, spec_op.pointer, by_name)
            final_ops[seq] = replace(operation, pagination=pages)
        unused_declarations(ctx, list(final_ops.values()))
        _report_body_keywords(ctx, final_ops.values())
        models = _with_runtime_bases(ctx, models, typeref)
        models, final_ops = with_param_dicts(models, final_ops)
        type_names = {m.name for m in models} | {m.param_name for m in models if m.param_name}
        resources = build_resources(ctx, ops, final_ops, type_names)
        api = ir.Api(
            package_name=package_name,
            distribution_name=ctx.config.distribution_name or package_name,
            client_class_name=client,
            async_client_class_name="Async" + client,
            env_prefix=env_prefix,
            token_env_name=token_env_name(env_prefix),
            base_url_env_name=base_url_env_name(env_prefix),
            title=title,
            version=str(info.get("version", "")),
            description=text(info.get("description")),
            openapi_version=str(ctx.data.get("openapi", "")),
            source_name=ctx.file,
            servers=api_servers,
            security_schemes=schemes,
            default_security=self.default_requirements,
            resources=resources,
            models=tuple(models),
            skipped=tuple(ctx.schemas.skipped),
            credential_options=credential_options(schemes, env_prefix),
            rate_limit=rate_limit(ctx),
        )
        reached = [(o.method, o.path) for o in api.all_operations()]
        expected = sorted((http_method(op.method), op.path) for op in ops)
        if sorted(reached) != expected:  # an internal invariant, not an input problem
            raise AssertionError("normalize: operations lost or duplicated in resources")
        return api, [*ctx.diagnostics, *ctx.schemas.diagnostics]

    def _draft_operation(self, op: SpecOperation) -> OperationDraft:
        """The parts of `op` with their types as shapes (models not named yet)."""
        ctx = self.ctx
        success = success_schema(ctx, op)
        base = resource_base(ctx, op, success[0] if success else None)
        params = parameter_drafts(ctx, op, base)
        bodies = request_body_drafts(ctx, op, base)
        responses = response_drafts(ctx, op, base)
        tags = op.node.get("tags")
        return OperationDraft(
            op=op,
            params=params,
            bodies=bodies,
            responses=responses,
            success_status=success_status(responses),
            security=requirements(op.node.get("security"), self.default_requirements),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
            servers=operation_servers(ctx, op),
        )


def _client_name(title: str) -> str:
    words = [w for w in split_words(title) if w.upper() not in ("API", "REST")]
    return class_name("".join(w[:1].upper() + w[1:] for w in words), fallback="Client")


def _finish_operation(
    draft: OperationDraft, typeref: Callable[[Shape], ir.TypeRef]
) -> ir.Operation:
    """The IR operation of `draft`, its models named."""
    op = draft.op
    responses = to_responses(draft.responses, typeref)
    success = next((r for r in responses if r.status == draft.success_status), None)
    return ir.Operation(
        operation_id=op.operation_id,
        python_name=op.python_name,
        method=http_method(op.method),
        path=op.path,
        summary=text(op.node.get("summary")),
        description=text(op.node.get("description")),
        deprecated=op.node.get("deprecated") is True,
        parameters=to_parameters(draft.params, typeref),
        request_bodies=to_request_bodies(draft.bodies, typeref),
        responses=responses,
        success_type=success.type if success else None,
        success_media_type=success.media_type if success else None,
        security=draft.security,
        tags=draft.tags,
        servers=draft.servers,
        stream=to_stream(draft.responses, draft.success_status, typeref),
    )


def _with_jsonapi_features(operation: ir.Operation, models: dict[str, ir.Model]) -> ir.Operation:
    """`operation` with what its JSON:API bodies hold, its bulk twin and its stream's
    selector."""
    return replace(
        operation,
        request_bodies=tuple(
            with_keywords(with_jsonapi_id(with_attributes(b, models), operation), operation, models)
            for b in operation.request_bodies
        ),
        bulk=detect_bulk(operation),
        stream=with_selector(operation, models),
    )


def _report_body_keywords(ctx: Context, operations: Iterable[ir.Operation]) -> None:
    """An info line (`--verbose`) per operation with a body: its fields as keywords, or why it
    stays one `body=` argument."""
    for operation in operations:
        body = operation.request_bodies[0] if operation.request_bodies else None
        if body is None:
            continue
        if body.keywords:
            names = ", ".join(k.name for k in body.keywords)
            message = f"{operation.operation_id}: body fields as keyword arguments ({names})"
        else:
            message = f"{operation.operation_id}: one body= argument ({body.body_argument_reason})"
        ctx.info("normalize.body-keywords", message)


def _with_runtime_bases(
    ctx: Context, models: list[ir.Model], typeref: Callable[[Shape], ir.TypeRef]
) -> list[ir.Model]:
    """The models, documents extending the runtime's `JSONAPIDocument` and relationships its
    `JSONAPIRelationship`."""
    document = None
    if K_DOCUMENT in ctx.schemas.model_keys():
        document = typeref(Shape("model", model=K_DOCUMENT, items=(Shape("any"),))).model
    relationships = {
        typeref(Shape("model", model=key)).model
        for key in (K_TO_ONE, K_TO_MANY)
        if key in ctx.schemas.model_keys()
    }
    return [
        (
            replace(m, runtime_base="JSONAPIDocument")
            if m.name == document or is_jsonapi_document(m)
            else (replace(m, runtime_base="JSONAPIRelationship") if m.name in relationships else m)
        )
        for m in models
    ]
