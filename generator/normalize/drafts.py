"""The operations found in the spec, and the parts of each before its models are named:
types are `Shape`s until `SchemaBuilder.finish` names the models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .. import ir
from .schema import Shape
from .streams import StreamDraft


@dataclass
class SpecOperation:
    """An operation where the spec has it, and where the SDK puts it."""

    seq: int  # document order
    pointer: str
    path: str
    method: str  # a fixed field (`get`, `query`) or an `additionalOperations` key (`PURGE`)
    node: dict[str, Any]
    path_item: dict[str, Any]
    path_item_pointer: str
    operation_id: str
    resource: tuple[str, ...]  # attribute chain from the client: ("tms", "web_triggers")
    is_item: bool  # the path ends with a parameter (`/items/{id}`)
    python_name: str = ""
    overridden: bool = False  # placed and named by `operation_names`
    # What named it, beyond the plain method names: "action" or "item-update" (path rules),
    # "config" (`operation_names`); "" otherwise
    rule: str = ""


@dataclass
class ParamDraft:
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
    example: str | None = None  # see ir.Parameter.example


@dataclass(frozen=True)
class BodyDraft:
    """One media type of a request body."""

    media_type: str
    shape: Shape
    required: bool
    description: str
    encoding: tuple[ir.PropertyEncoding, ...]
    # A JSON:API document body: the relationships whose related type the schema fixes
    relationships: tuple[ir.RelationshipTarget, ...] = ()
    example: str | None = None  # see ir.RequestBody.example


@dataclass(frozen=True)
class HeaderDraft:
    wire_name: str
    python_name: str
    shape: Shape
    required: bool
    description: str


@dataclass(frozen=True)
class ContentDraft:
    """One media type of a response and its type."""

    media_type: str
    shape: Shape
    stream: StreamDraft | None = None  # the media type is a sequence of items


@dataclass
class ResponseDraft:
    status: str
    description: str
    media_type: str | None  # the one the SDK parses (`pick_media`); None without content
    shape: Shape | None
    headers: list[HeaderDraft] = field(default_factory=list)
    contents: list[ContentDraft] = field(default_factory=list)  # every media type


@dataclass
class OperationDraft:
    op: SpecOperation
    params: list[ParamDraft]
    bodies: list[BodyDraft]
    responses: list[ResponseDraft]
    success_status: str | None
    security: tuple[tuple[str, ...], ...]  # see ir.Operation.security
    tags: tuple[str, ...]
    servers: tuple[ir.Server, ...] = ()
