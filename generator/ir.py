"""The intermediate representation: every decision the generated SDK needs, as plain data.

`normalize` builds it from a repaired OpenAPI document; `render` only prints it. Templates never
compute a name, a type or a default: if a template needs something, it belongs here.
All strings from the spec (descriptions, enum values, wire names) are stored raw; the render
stage escapes them through its `pystr`/`docstring` filters, so spec text never becomes code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from .graph import depth_first

TypeKind = Literal[
    "any",  # free-form value: typing.Any
    "str",
    "int",
    "float",
    "bool",
    "none",
    "date",  # datetime.date
    "datetime",  # datetime.datetime
    "bytes",  # binary payloads
    "literal",  # typing.Literal[...] of `literals`
    "list",  # list[items[0]]
    "dict",  # dict[str, items[0]]
    "union",  # items[0] | items[1] | ...
    "model",  # a generated model class, named by `model`
]


# --- Python types as structure: `typing_printer` prints them and says what they import -------


@dataclass(frozen=True)
class AnyType:
    """`Any`: a free-form value."""


@dataclass(frozen=True)
class ScalarType:
    """A builtin scalar (`str`, `None`, ...) or a date type (`datetime.date`, `datetime.datetime`)."""

    name: Literal["str", "int", "float", "bool", "bytes", "object", "None", "date", "datetime"]


@dataclass(frozen=True)
class LiteralType:
    """`Literal[...]` of these values."""

    values: tuple[str | int | float | bool | None, ...]


@dataclass(frozen=True)
class ListType:
    """`list[item]`."""

    item: PyType


@dataclass(frozen=True)
class DictType:
    """`dict[str, value]` (JSON object keys are strings)."""

    value: PyType


@dataclass(frozen=True)
class UnionType:
    """`a | b | ...`; an optional value is a union with `None` last."""

    members: tuple[PyType, ...]


@dataclass(frozen=True)
class ModelType:
    """A model of the SDK's `types/` package, applied to type arguments when generic
    (`Document[TmsWebTrigger]`)."""

    name: str
    arguments: tuple[PyType, ...] = ()


@dataclass(frozen=True)
class TypeVariable:
    """A type variable of a generic model (`DataT`)."""

    name: str


@dataclass(frozen=True)
class LibraryType:
    """A class of a library or of the SDK runtime, applied to type arguments when generic:
    `Sequence[str]` (module "collections.abc"), `IO[bytes]` ("typing"), `SyncPage[Item]` (module
    "": the SDK runtime, which the module imports itself)."""

    name: str
    module: str = ""
    arguments: tuple[PyType, ...] = ()


PyType: TypeAlias = (
    AnyType
    | ScalarType
    | LiteralType
    | ListType
    | DictType
    | UnionType
    | ModelType
    | TypeVariable
    | LibraryType
)
NONE = ScalarType("None")


def optional(value: PyType) -> PyType:
    """`value | None`: `None` added as the last member (the caller knows whether it is needed)."""
    members = value.members if isinstance(value, UnionType) else (value,)
    return UnionType((*members, NONE))


@dataclass(frozen=True)
class TypeRef:
    """The type of a value as the spec describes it, and `python`, its Python type (structure:
    the printer in `typing_printer` spells it and lists what it imports)."""

    kind: TypeKind
    python: PyType
    items: tuple[TypeRef, ...] = ()
    model: str | None = None
    literals: tuple[str | int | float | bool | None, ...] = ()
    nullable: bool = False
    # For a union of models told apart by one property (OpenAPI `discriminator`): the property's
    # wire name, and its value -> model class name (explicit `mapping`, else the schema names).
    discriminator: str | None = None
    discriminator_mapping: tuple[tuple[str, str], ...] = ()
    type_variable: str | None = None  # a type variable of a generic model (kind "any")


@dataclass(frozen=True)
class Field:
    """One property of a model."""

    name: str  # Python attribute name (always a valid, non-keyword identifier)
    wire_name: str  # the JSON key
    type: TypeRef  # the value type the spec gives (includes None when nullable)
    annotation: PyType  # the attribute's type, e.g. `str | None` for an optional field
    required: bool
    nullable: bool
    default: (
        str | None
    )  # Python source of the default ("None" for optional fields), None: no default
    description: str
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    # Sent even when the caller leaves it unset: a constant (its default is its only allowed
    # value, such as a JSON:API `type`) or a required property with a default. Every other field
    # is sent only when the caller set it, so a schema's default never overwrites server data.
    always_sent: bool = False
    # The spec's example of the value (`example`, the first of `examples`) as JSON text, as the
    # spec gives it: the renderers use it only where it is a value of `type`.
    example: str | None = None


@dataclass(frozen=True)
class Model:
    """A generated pydantic model (kind "object") or a named type alias (kind "alias")."""

    name: str  # class name, valid identifier, at most 40 characters
    module: str  # module name under `types/`, e.g. "tms_web_trigger"
    kind: Literal["object", "alias"]
    fields: tuple[Field, ...] = ()
    alias_of: TypeRef | None = None  # for kind "alias"
    description: str = ""
    extra: TypeRef | None = None  # type of additionalProperties values when typed
    recursive: bool = False  # refers to itself, directly or through other models
    source: str = ""  # JSON pointer of the schema the model was first built from
    jsonapi_type: str | None = None  # the JSON:API `type` of the resource, when it has one
    # Type variables of a generic model (e.g. ("DataT",) for a JSON:API document envelope whose
    # `data` field is annotated "DataT"); users of the model write `Document[TmsWebTrigger]`.
    type_parameters: tuple[str, ...] = ()
    # A class of the SDK runtime (`_models.py`) the model extends instead of `BaseModel`: the
    # JSON:API document envelope extends "JSONAPIDocument" (which resolves relationships).
    runtime_base: str | None = None
    # A model a body keyword takes (directly or nested): the TypedDict that lets a plain dict
    # stand for it (`FooParam`, in the model's module), and its keys; None for other models.
    param_name: str | None = None
    param_fields: tuple[ParamField, ...] = ()


@dataclass(frozen=True)
class ParamField:
    """One key of a model's `*Param` TypedDict: the field's wire name (the dict is sent as
    given) and its type, nested models as their own `*Param`s; read-only fields have none."""

    wire_name: str
    type: PyType
    required: bool
    description: str


@dataclass(frozen=True)
class ServerVariable:
    name: str  # wire name as in the URL template
    python_name: str
    default: str
    enum: tuple[str, ...]
    description: str
    # The environment variable the client reads the value from (e.g. "COMMANDERSACT_SITE_ID"):
    # set for the API's servers, "" for a path's or an operation's own servers.
    env_name: str = ""


@dataclass(frozen=True)
class Server:
    url: str  # template, e.g. "https://api.commander1.com/v2/{siteId}"
    description: str
    variables: tuple[ServerVariable, ...]


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the name in components.securitySchemes
    python_name: str
    type: str  # "http", "apiKey", "oauth2", "openIdConnect"
    scheme: str  # for http: "bearer" / "basic"
    location: str  # for apiKey: "header" / "query" / "cookie"
    parameter_name: str  # for apiKey: the header/query/cookie name
    description: str
    flows: tuple[OAuthFlow, ...] = ()  # for oauth2
    open_id_connect_url: str = ""  # for openIdConnect
    bearer_format: str = ""  # for http bearer: a hint such as "JWT"
    # The environment variable the client reads the scheme's own token from when `tokens` has
    # none for it (e.g. "COV_BEARER_AUTH"); for http basic the token is the encoded credentials.
    env_name: str = ""


@dataclass(frozen=True)
class CredentialOption:
    """A client option carrying a credential that is not a token: the username and password of
    http basic schemes, the client id and secret of OAuth2 client-credentials flows."""

    name: str  # keyword argument of the client, e.g. "username"
    env_name: str  # its environment variable fallback, e.g. "COV_USERNAME"
    description: str  # one line for the client's docstring and the README


@dataclass(frozen=True)
class OAuthFlow:
    kind: str  # "clientCredentials", "authorizationCode", "password", "implicit"
    token_url: str
    authorization_url: str
    refresh_url: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Parameter:
    name: str  # Python parameter name (valid identifier, unique within the operation)
    wire_name: str  # the name on the wire (e.g. "filter[begin_date]")
    location: Literal["path", "query", "header", "cookie"]
    type: TypeRef
    annotation: PyType  # the parameter's type, e.g. `int | None` for an optional parameter
    required: bool
    style: str  # "form", "simple", "deepObject", ...
    explode: bool
    description: str
    deprecated: bool = False
    # Python source of the signature's default: "None" (not sent) for an optional parameter,
    # the schema's default for a required one that has it (sent unless the caller passes
    # another value), None for a required parameter without one.
    default: str | None = None
    allow_reserved: bool = False  # query: RFC 3986 reserved characters are sent unencoded
    # A parameter described by `content` instead of `schema`: its value is serialised in this
    # media type (JSON text for JSON types) and percent-encoded, `style` does not apply.
    content_type: str | None = None
    # The schema's default of an optional parameter (Python source): what the server assumes
    # when the parameter is absent. Documented, never sent: the SDK sends what the caller set.
    server_default: str | None = None
    # The spec's example (the parameter's `example`/`examples`, else its schema's) as JSON text,
    # as the spec gives it: the renderers use it only where it is a value of `type`.
    example: str | None = None


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    type: TypeRef
    required: bool
    description: str
    # For a JSON:API document body (`Document[X]`): X, so a bare `X` passed as the body is
    # wrapped as `{"data": X}` by the client (None for other bodies).
    data_type: TypeRef | None = None
    # When `data_type` is a JSON:API resource with a fixed `type`: that type and the resource's
    # `attributes` model, so a bare attributes model passed as the body is sent as
    # `{"data": {"type": jsonapi_type, "attributes": ...}}`.
    jsonapi_type: str | None = None
    attributes_type: TypeRef | None = None
    # For an update of one JSON:API resource (PATCH on a path ending in its id): the Python name
    # of the path parameter whose value the client fills in as `data.id` when the body has none.
    jsonapi_id_parameter: str | None = None
    # multipart/form-data and urlencoded bodies: the OpenAPI `encoding` entries, in spec order.
    encoding: tuple[PropertyEncoding, ...] = ()
    # The body's fields as keyword arguments of the method, in the model's order (a JSON:API
    # body: its attributes'); empty when the body stays one `body=` argument.
    keywords: tuple[BodyKeyword, ...] = ()
    # Why the body stays one `body=` argument ("" when it has keywords), for `--verbose`.
    body_argument_reason: str = ""
    # A JSON:API document body: the relationships of `data` whose related resource type the
    # schema fixes (a one-value `type` enum), so that a keyword can take the related id alone.
    relationships: tuple[RelationshipTarget, ...] = ()
    # The spec's example of the whole body (the media type's `example`/`examples`, else its
    # schema's) as JSON text; its members are the examples of the keywords whose fields have none.
    example: str | None = None


@dataclass(frozen=True)
class RelationshipTarget:
    """A relationship of a JSON:API request body and what it points to."""

    wire_name: str  # the member of `data.relationships`
    jsonapi_type: str  # the related resource's `type`
    to_many: bool  # `data` is an array of resource identifiers
    id_type: Literal["int", "str"]  # the identifiers' `id`, as the schema types it
    required: bool  # `data.relationships` requires it


@dataclass(frozen=True)
class BodyKeyword:
    """One field of an object body taken as a keyword argument of its method. A required field
    is a required keyword; an optional one defaults to NOT_GIVEN and is sent only when passed;
    a field the SDK always sends (a constant, a required field with a default) defaults to
    that value."""

    name: str  # the keyword (the model field's Python name)
    wire_name: str  # the member of the body (of `data.attributes` for a JSON:API body)
    type: TypeRef  # the value's type (includes None when nullable: null can be sent)
    annotation: PyType  # what the keyword takes (nested models also as their `*Param` dicts)
    required: bool
    default: str | None  # Python source of the signature's default; None: required
    description: str
    # A JSON:API relationship taken by id (`owner_id=3`, `tag_ids=[1, 2]`): what it points to;
    # `wire_name` is then the member of `data.relationships`. None: a field of the body (of its
    # `attributes` for a JSON:API body).
    relationship: RelationshipTarget | None = None
    # The spec's example of the value as JSON text: the field's own, else the member of the
    # body's example (`RequestBody.example`) this keyword sends. Renderers use it only where it
    # is a value of `type`.
    example: str | None = None


@dataclass(frozen=True)
class PropertyEncoding:
    """How one property of a form body is serialised (an OpenAPI Encoding Object, defaults
    applied). A property without an entry is serialised by its content type, chosen from its
    value: objects as JSON, binary as application/octet-stream, other values as text/plain.

    With `style` set (urlencoded bodies whose entry names a `style`, `explode` or
    `allowReserved`), the property is serialised like a query parameter of that style and
    `content_type` does not apply; otherwise `content_type` ("" for the default) does.
    """

    name: str  # the property's wire name
    content_type: str = ""  # as the spec gives it (may list several types or a range)
    style: str = ""  # "form", "spaceDelimited", "pipeDelimited", "deepObject"; "" by content
    explode: bool = True
    allow_reserved: bool = False


@dataclass(frozen=True)
class ResponseHeader:
    name: str  # wire name, as the spec spells it
    python_name: str
    type: TypeRef
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    media_type: str | None
    type: TypeRef | None
    headers: tuple[ResponseHeader, ...] = ()
    # every media type the response may come in, with its type (the first is `media_type`)
    contents: tuple[tuple[str, TypeRef | None], ...] = ()


PageStyle = Literal["jsonapi", "cursor", "token", "offset", "link", "next_url"]


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages, and where its items are.

    style "jsonapi": `page[number]` (`parameter`, with `size_parameter` `page[size]`) or one
    deepObject parameter `page` whose keys `parameter_key`/`size_key` carry number and size;
    "cursor": `parameter` (`after`, `starting_after`, `cursor`...) takes `next_field` of the
    response, or the last item's `id` when there is none, while `has_more_field` is not false;
    "token": `parameter` (`pageToken`) takes `next_field` (`nextPageToken`); "offset":
    `parameter` advances by the items received, until a short page (of `size_parameter`) or
    `total_field`; "link": the RFC 8288 `Link` header's next URL (without one, `parameter`
    counts pages of `size_parameter`); "next_url": the URL in `next_field` (`@odata.nextLink`).
    Field paths are wire names, outermost first.
    """

    style: PageStyle
    item_type: TypeRef  # one item of the page
    items_field: str  # wire name of the response's list of items; "" when the body is the list
    parameter: str = ""  # wire name of the query parameter the next request changes
    parameter_key: str = ""  # its key, for a deepObject parameter ("number")
    size_parameter: str = ""  # wire name of the page size's parameter ("" when none)
    size_key: str = ""  # its key, for a deepObject parameter ("size")
    next_field: tuple[str, ...] = ()
    has_more_field: tuple[str, ...] = ()
    total_field: tuple[str, ...] = ()
    source: Literal["spec", "extension", "config"] = "spec"  # where the style was read


@dataclass(frozen=True)
class Bulk:
    """An operation that takes many objects: also offered as `<method>_bulk(items)`, which
    streams them as newline-delimited JSON (one `item_type` per line)."""

    method_name: str  # e.g. "create_bulk"
    item_type: TypeRef
    media_type: str = "application/x-ndjson"


@dataclass(frozen=True)
class Stream:
    """A success response that arrives as a sequence of items: the method returns
    `Stream[item_type]` (`AsyncStream` in the async client), each item parsed as it arrives."""

    media_type: str  # e.g. "text/event-stream", "application/jsonl"
    format: Literal["sse", "jsonl", "json-seq"]  # SSE, JSON Lines/ndjson, RFC 7464 sequences
    item_type: TypeRef
    # SSE: an item is an event's `data` (3.0/3.1 `schema`), or the whole event (3.2 `itemSchema`)
    item: Literal["data", "event"] = "data"
    json_data: bool = True  # SSE: the data is JSON text, decoded before validation
    # When the response answers JSON too: the boolean request-body member choosing the stream
    # (its wire name, "stream"), which the method takes as a keyword argument of this name
    selector: str | None = None
    selector_argument: str | None = None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    python_name: str  # method name on its resource: list, retrieve, create, update, delete, ...
    method: str  # upper-case HTTP method
    path: str  # path template relative to the server URL, e.g. "/sources/{id}"
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]  # path parameters first, in path order
    request_bodies: tuple[RequestBody, ...]  # first one is the default media type
    responses: tuple[Response, ...]
    success_type: TypeRef | None  # what the method returns (None: nothing)
    success_media_type: str | None
    # Who may call it: alternatives, each the security scheme keys needed together (OpenAPI
    # semantics: any one alternative suffices; `()` inside means anonymous access is allowed).
    security: tuple[tuple[str, ...], ...]
    tags: tuple[str, ...]
    servers: tuple[Server, ...] = ()  # operation- or path-level servers overriding the API's
    pagination: Pagination | None = None  # set for list operations that page (see Pagination)
    bulk: Bulk | None = None  # set for operations that accept many objects at once
    stream: Stream | None = None  # set when the success response is a stream (see Stream)


@dataclass(frozen=True)
class DeprecatedAlias:
    """An SDK method kept under the name it had before its operation moved to another path or
    SDK name (same operationId): it emits a `DeprecationWarning` naming the new method, then
    calls it. Placed by `normalize.attach_aliases` from the record sdkgen keeps beside the SDK."""

    python_name: str  # the old method name, on the resource that holds the alias
    name: str  # the old dotted name from the client, e.g. "cleansing_transformations.list"
    target: str  # the method's dotted name now, e.g. "integrations.cleansing_transformations.list"
    operation: Operation  # the operation it calls, as it is now (`python_name` is the new name)
    target_class: str  # the resource classes (sync, async) and module that hold it now
    target_async_class: str
    target_module: str
    since: str  # the SDK version in which the method got its new name
    # The old name of the operation's bulk twin (`<old>_bulk`), kept too; None when it has none.
    bulk_name: str | None = None


@dataclass(frozen=True)
class ClassAlias:
    """A public class kept under the name it had before a rename (a model of `types`, or the
    classes of a resource in `resources`): importing the old name emits a `DeprecationWarning`
    naming the new one and gives the new class. Placed by `normalize.attach_class_aliases`."""

    kind: Literal["model", "resource"]
    name: str  # the old name of the model, or of the resource's sync class
    target: str  # the class it now is
    # (old name, new name, module under `types/` or `resources/`) of each class kept: one for a
    # model, the six classes of a resource (sync, async, raw and streaming wrappers of both).
    classes: tuple[tuple[str, str, str], ...]
    since: str  # the SDK version in which the class got its new name


@dataclass(frozen=True)
class Resource:
    """A namespace of the client: `client.tms.web_triggers` is Resource("web_triggers") under "tms"."""

    attribute: str  # attribute name on the parent (client or resource)
    class_name: str  # sync class, e.g. "TmsWebTriggers"
    async_class_name: str  # e.g. "AsyncTmsWebTriggers"
    # The classes of `with_raw_response` and `with_streaming_response`, sync and async.
    raw_class_name: str  # e.g. "TmsWebTriggersWithRawResponse"
    async_raw_class_name: str
    streaming_class_name: str  # e.g. "TmsWebTriggersWithStreamingResponse"
    async_streaming_class_name: str
    module: str  # module name under `resources/`, e.g. "tms_web_triggers"
    path: tuple[str, ...]  # attribute chain from the client, e.g. ("tms", "web_triggers")
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]
    aliases: tuple[DeprecatedAlias, ...] = ()  # old method names kept (see DeprecatedAlias)
    # Kept only for deprecated aliases: the resource no longer exists in the spec, its old
    # access path (`client.cleansing_transformations`) still leads to the moved methods.
    alias_only: bool = False
    # What calling the resource does, for an old sub-resource that is now a method of its parent
    # (`batches.cancel.create` became `batches.cancel`): the parent's operation, so that
    # `client.batches.cancel(id)` is the method and `client.batches.cancel.create(id)` its alias.
    call: Operation | None = None


@dataclass(frozen=True)
class Skipped:
    """A part of the spec that was left out or approximated (reported with --allow-invalid)."""

    pointer: str
    reason: str


@dataclass(frozen=True)
class RateLimit:
    """The limits the API states (its config's `rate_limit`, else the spec's `x-rate-limit`):
    the generated client's default `RateLimit` (the runtime's, of the same fields)."""

    requests: int | None  # at most this many requests per `per` seconds (None: no such limit)
    per: float
    max_concurrency: int | None  # at most this many requests in flight (None: no such limit)


@dataclass(frozen=True)
class Api:
    package_name: str  # import name of the generated package
    distribution_name: str  # name in its pyproject.toml
    client_class_name: str  # e.g. "CommandersAct"
    async_client_class_name: str  # e.g. "AsyncCommandersAct"
    env_prefix: str  # e.g. "COMMANDERSACT" for COMMANDERSACT_TOKEN
    token_env_name: str  # the environment variable of the client-wide token
    base_url_env_name: str  # the environment variable that overrides the server URL
    title: str
    version: str
    description: str
    openapi_version: str
    source_name: str  # file name of the spec, for the generated-file header
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    default_security: tuple[tuple[str, ...], ...]  # the API's `security`, as Operation.security
    resources: tuple[Resource, ...]  # top-level namespaces
    models: tuple[Model, ...]  # sorted by name
    skipped: tuple[Skipped, ...] = field(default=())
    credential_options: tuple[CredentialOption, ...] = ()
    # The generated distribution's version (pyproject.toml, `__version__`): decided from the
    # previous output's version and the diff (see `versioning`), not by the spec.
    sdk_version: str = "0.1.0"
    # Old names of renamed models and resource classes, kept for a while (see ClassAlias).
    class_aliases: tuple[ClassAlias, ...] = ()
    # The client-side limits the API states; None: it states none, and the client sends freely.
    rate_limit: RateLimit | None = None

    def all_operations(self) -> tuple[Operation, ...]:
        """Every operation of every resource, depth first (a pure helper, no I/O)."""
        resources = depth_first(self.resources, lambda resource: resource.children)
        return tuple(op for resource in resources for op in resource.operations)
