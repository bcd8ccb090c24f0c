"""Hand-built IR instances for the back-end tests (render, format, write, the generated runtime).

`jsonapi_api()` is a small JSON:API-style API shaped like Commanders Act: nested resources, odd
wire names, an enum, a union, a self-recursive model, a mutually recursive pair sharing a module,
a pair of models importing each other across modules, and hostile text wherever a spec can put
text. `minimal_api()` has nothing but a name; `single_model_api()` one model and one operation.
"""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.normalize.resources import resource_class_names

HOSTILE = (
    'Ends with a quote" and has """triple quotes""", a backslash \\ and \\n, a tab\t,\n'
    "a newline, __import__('os').system('echo pwned') and ''' too.\r\nCRLF \x00 nul \u2028 sep \""
)

STR = ir.TypeRef("str", ir.ScalarType("str"))
INT = ir.TypeRef("int", ir.ScalarType("int"))
ANY = ir.TypeRef("any", ir.AnyType())
DATE = ir.TypeRef("date", ir.ScalarType("date"))
DATETIME = ir.TypeRef("datetime", ir.ScalarType("datetime"))


def optional(ref: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef(
        "union",
        ir.optional(ref.python),
        (ref, ir.TypeRef("none", ir.NONE)),
        nullable=True,
    )


def model_ref(name: str) -> ir.TypeRef:
    return ir.TypeRef("model", ir.ModelType(name), model=name)


def list_of(ref: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef("list", ir.ListType(ref.python), (ref,))


def dict_of(ref: ir.TypeRef) -> ir.TypeRef:
    return ir.TypeRef("dict", ir.DictType(ref.python), (ref,))


def field(
    name: str,
    ref: ir.TypeRef,
    *,
    required: bool = False,
    wire_name: str | None = None,
    description: str = "",
) -> ir.Field:
    annotation = ref.python if required or ref.nullable else ir.optional(ref.python)
    return ir.Field(
        name=name,
        wire_name=wire_name or name,
        type=ref,
        annotation=annotation,
        required=required,
        nullable=ref.nullable,
        default=None if required else "None",
        description=description,
    )


def param(
    name: str,
    location: str,
    ref: ir.TypeRef,
    *,
    required: bool = False,
    wire_name: str | None = None,
    style: str | None = None,
    explode: bool | None = None,
    description: str = "",
) -> ir.Parameter:
    default_style = "simple" if location in ("path", "header") else "form"
    style = style or default_style
    return ir.Parameter(
        name=name,
        wire_name=wire_name or name,
        location=location,  # type: ignore[arg-type]
        type=ref,
        annotation=ref.python if required else ir.optional(ref.python),
        required=required,
        style=style,
        explode=(style == "form") if explode is None else explode,
        description=description,
        default=None if required else "None",
    )


def operation(
    operation_id: str,
    python_name: str,
    method: str,
    path: str,
    *,
    parameters: tuple[ir.Parameter, ...] = (),
    body: ir.TypeRef | None = None,
    body_media_type: str = "application/vnd.api+json",
    returns: ir.TypeRef | None = None,
    media_type: str | None = "application/vnd.api+json",
    description: str = "",
    summary: str = "",
    deprecated: bool = False,
) -> ir.Operation:
    bodies = (ir.RequestBody(body_media_type, body, True, "The document to send."),) if body else ()
    return ir.Operation(
        operation_id=operation_id,
        python_name=python_name,
        method=method,
        path=path,
        summary=summary or f"{method} {path}",
        description=description,
        deprecated=deprecated,
        parameters=parameters,
        request_bodies=bodies,
        responses=(ir.Response("200", "OK", media_type if returns else None, returns),),
        success_type=returns,
        success_media_type=media_type if returns else None,
        security=(("UserAuthentication",),),
        tags=(),
    )


STATUS = ir.TypeRef(
    "literal",
    ir.LiteralType(("active", 'in"active', "it's")),
    literals=("active", 'in"active', "it's"),
)
ID_OR_NAME = ir.TypeRef("union", ir.UnionType((INT.python, STR.python)), (INT, STR))
SOURCE_TYPE = ir.TypeRef("literal", ir.LiteralType(("source",)), literals=("source",))


def jsonapi_models() -> tuple[ir.Model, ...]:
    models = [
        ir.Model(
            name="SourceStatus",
            module="source_status",
            kind="alias",
            alias_of=STATUS,
            description="The state of a source. " + HOSTILE,
        ),
        ir.Model(name="IdOrName", module="id_or_name", kind="alias", alias_of=ID_OR_NAME),
        ir.Model(
            name="SourceAttributes",
            module="source",
            kind="object",
            fields=(
                field("name", STR, required=True, description=HOSTILE),
                field("status", model_ref("SourceStatus")),
                field("tags", list_of(STR)),
                field("created_at", DATETIME),
                field("ref", model_ref("IdOrName")),
            ),
        ),
        ir.Model(
            name="Source",
            module="source",
            kind="object",
            description=HOSTILE,
            jsonapi_type="source",
            fields=(
                field("id", STR, required=True),
                field("type", SOURCE_TYPE),
                field("attributes", model_ref("SourceAttributes")),
                field("class_", STR, wire_name="class", description="A keyword as a wire name."),
                field("filter_begin_date", DATE, wire_name="filter[begin_date]"),
            ),
        ),
        ir.Model(
            name="SourceDocument",
            module="source_document",
            kind="object",
            fields=(
                field("data", model_ref("Source"), required=True),
                field("included", list_of(model_ref("Source"))),
                field("meta", dict_of(ANY)),
            ),
        ),
        ir.Model(
            name="SourceListDocument",
            module="source_list_document",
            kind="object",
            fields=(
                field("data", list_of(model_ref("Source")), required=True),
                field("links", dict_of(optional(STR))),
            ),
        ),
        ir.Model(
            name="SourceCreateData",
            module="source_create",
            kind="object",
            fields=(
                # A constant with a default: sent even when not set.
                dataclasses.replace(
                    field("type", SOURCE_TYPE),
                    annotation=SOURCE_TYPE.python,
                    default="'source'",
                    always_sent=True,
                ),
                field("attributes", model_ref("SourceAttributes"), required=True),
            ),
        ),
        ir.Model(
            name="SourceCreate",
            module="source_create",
            kind="object",
            fields=(field("data", model_ref("SourceCreateData"), required=True),),
        ),
        ir.Model(
            name="TreeNode",
            module="tree_node",
            kind="object",
            recursive=True,
            fields=(
                field("name", STR, required=True),
                field("children", list_of(model_ref("TreeNode"))),
            ),
        ),
        ir.Model(
            name="Folder",
            module="folder",
            kind="object",
            recursive=True,
            fields=(
                field("name", STR, required=True),
                field("documents", list_of(model_ref("Document"))),
            ),
        ),
        ir.Model(
            name="Document",
            module="folder",
            kind="object",
            recursive=True,
            fields=(
                field("title", STR, required=True),
                field("parent", model_ref("Folder")),
            ),
        ),
        ir.Model(
            name="Envelope",
            module="envelope",
            kind="object",
            type_parameters=("DataT",),
            description="A generic JSON:API document.",
            fields=(
                field(
                    "data",
                    ir.TypeRef("any", ir.TypeVariable("DataT"), type_variable="DataT"),
                    required=True,
                ),
                field("meta", dict_of(ANY)),
            ),
        ),
        # Not recursive, but their modules import each other (an import cycle).
        ir.Model(
            name="Author",
            module="author",
            kind="object",
            fields=(field("name", STR, required=True), field("books", list_of(model_ref("Book")))),
        ),
        ir.Model(
            name="Book",
            module="book",
            kind="object",
            fields=(
                field("title", STR, required=True),
                field("author", model_ref("Author")),
                field("tree", model_ref("TreeNode")),
            ),
        ),
    ]
    return tuple(sorted(models, key=lambda m: m.name))


def jsonapi_api() -> ir.Api:
    source_id = param("id", "path", STR, required=True, description="The source id. " + HOSTILE)
    events = ir.Resource(
        attribute="events",
        **resource_class_names("SourcesEvents"),
        module="sources_events",
        path=("sources", "events"),
        operations=(
            operation(
                "listSourceEvents",
                "list",
                "GET",
                "/sources/{sourceId}/events/{eventDate}",
                parameters=(
                    param("source_id", "path", STR, required=True, wire_name="sourceId"),
                    param("event_date", "path", DATE, required=True, wire_name="eventDate"),
                    param("x_request_id", "header", STR, wire_name="X-Request-Id"),
                ),
                returns=dict_of(ANY),
                media_type="application/json",
            ),
        ),
        children=(),
    )
    sources = ir.Resource(
        attribute="sources",
        **resource_class_names("Sources"),
        module="sources",
        path=("sources",),
        operations=(
            operation(
                "listSources",
                "list",
                "GET",
                "/sources",
                parameters=(
                    param("filter_begin_date", "query", DATE, wire_name="filter[begin_date]"),
                    param("include", "query", list_of(STR), explode=False),
                    param("tags", "query", list_of(STR), explode=True),
                    param("page", "query", dict_of(INT), style="deepObject", explode=True),
                    param("status", "query", model_ref("SourceStatus")),
                ),
                returns=model_ref("SourceListDocument"),
                description=HOSTILE,
            ),
            operation(
                "getSource",
                "retrieve",
                "GET",
                "/sources/{id}",
                # `list[str]` after a method named `list`: the class body shadows the builtin.
                parameters=(source_id, param("include", "query", list_of(STR), explode=False)),
                returns=model_ref("SourceDocument"),
                summary=HOSTILE,
            ),
            operation(
                "createSource",
                "create",
                "POST",
                "/sources",
                body=model_ref("SourceCreate"),
                returns=model_ref("SourceDocument"),
            ),
            operation(
                "deleteSource",
                "delete",
                "DELETE",
                "/sources/{id}",
                parameters=(source_id,),
                deprecated=True,
            ),
            operation(
                "getSourceEnvelope",
                "envelope",
                "GET",
                "/sources/{id}/envelope",
                parameters=(source_id,),
                returns=ir.TypeRef(
                    "model",
                    ir.ModelType("Envelope", (ir.ModelType("Source"),)),
                    (model_ref("Source"),),
                    model="Envelope",
                ),
            ),
            operation(
                "getSourceRaw",
                "raw",
                "GET",
                "/sources/{id}/raw",
                parameters=(source_id,),
                returns=ANY,
                media_type="application/json",
            ),
        ),
        children=(events,),
    )
    library = ir.Resource(
        attribute="library",
        **resource_class_names("Library"),
        module="library",
        path=("library",),
        operations=(
            operation("getTree", "tree", "GET", "/tree", returns=model_ref("TreeNode")),
            operation(
                "getFolder",
                "folder",
                "GET",
                "/folders/{folderId}",
                parameters=(param("folder_id", "path", INT, required=True, wire_name="folderId"),),
                returns=model_ref("Folder"),
            ),
            operation("getAuthor", "author", "GET", "/author", returns=model_ref("Author")),
            operation(
                "listNames",
                "names",
                "GET",
                "/names",
                returns=list_of(model_ref("IdOrName")),
                media_type="application/json",
            ),
        ),
        children=(),
    )
    return ir.Api(
        package_name="commandersact",
        distribution_name="commandersact-sdk",
        client_class_name="CommandersAct",
        async_client_class_name="AsyncCommandersAct",
        env_prefix="COMMANDERSACT",
        token_env_name="COMMANDERSACT_TOKEN",
        base_url_env_name="COMMANDERSACT_BASE_URL",
        title="Commanders Act " + HOSTILE,
        version="2.0",
        description=HOSTILE,
        openapi_version="3.0.2",
        source_name="openapi.json\n__import__('os')",
        servers=(
            ir.Server(
                url="https://api.commander1.com/v2/{siteId}",
                description="Production",
                variables=(
                    ir.ServerVariable(
                        "siteId",
                        "site_id",
                        "",
                        (),
                        "Your site. " + HOSTILE,
                        env_name="COMMANDERSACT_SITE_ID",
                    ),
                ),
            ),
        ),
        security_schemes=(
            ir.SecurityScheme(
                "DataAuthentication", "data_authentication", "http", "bearer", "", "", ""
            ),
            ir.SecurityScheme(
                "UserAuthentication", "user_authentication", "http", "bearer", "", "", HOSTILE
            ),
        ),
        default_security=(("UserAuthentication",),),
        resources=(library, sources),
        models=jsonapi_models(),
    )


def minimal_api() -> ir.Api:
    """No servers, no security, no resources, no models."""
    return ir.Api(
        package_name="minimal_sdk",
        distribution_name="minimal-sdk",
        client_class_name="Minimal",
        async_client_class_name="AsyncMinimal",
        env_prefix="MINIMAL",
        token_env_name="MINIMAL_TOKEN",
        base_url_env_name="MINIMAL_BASE_URL",
        title="Minimal",
        version="1",
        description="",
        openapi_version="3.1.0",
        source_name="minimal.yaml",
        servers=(),
        security_schemes=(),
        default_security=(),
        resources=(),
        models=(),
    )


def single_model_api() -> ir.Api:
    """One model, one resource, one operation; a server with a default variable value."""
    thing = ir.Model(
        name="Thing", module="thing", kind="object", fields=(field("name", STR, required=True),)
    )
    things = ir.Resource(
        attribute="things",
        **resource_class_names("ThingsResource"),
        module="things",
        path=("things",),
        operations=(
            operation("listThings", "list", "GET", "/things", returns=list_of(model_ref("Thing"))),
        ),
        children=(),
    )
    return ir.Api(
        package_name="things_sdk",
        distribution_name="things-sdk",
        client_class_name="Things",
        async_client_class_name="AsyncThings",
        env_prefix="THINGS",
        token_env_name="THINGS_TOKEN",
        base_url_env_name="THINGS_BASE_URL",
        title="Things",
        version="1.0",
        description="Things.",
        openapi_version="3.0.3",
        source_name="things.yaml",
        servers=(
            ir.Server(
                "https://{region}.example.com/api",
                "",
                (
                    ir.ServerVariable(
                        "region", "region", "eu", ("eu", "us"), "Region.", env_name="THINGS_REGION"
                    ),
                ),
            ),
        ),
        security_schemes=(
            ir.SecurityScheme("key", "key", "apiKey", "", "header", "X-Api-Key", ""),
        ),
        default_security=(("key",),),
        resources=(things,),
        models=(thing,),
    )
