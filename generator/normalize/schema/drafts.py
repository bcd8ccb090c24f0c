"""Models before they are named: name candidates, name hints, and the drafts of models.

Every place a model is seen adds name *candidates* to its draft; `naming` picks the best one
once every model is known. A candidate is either an absolute name (`text`) or a name relative
to a parent model (the parent's name, then `suffix`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ...naming import class_name, singular_class_name
from .shape import Shape

# Name candidate priorities (lower wins).
P_OVERRIDE = 0
P_RESOURCE = 1  # JSON:API resource object named after its `type`
P_COMPONENT = 2  # components/schemas/X
P_JSONAPI_PART = 3  # attributes, relationships, identifiers, linkages, schema titles
P_CONTEXT = 4  # operation context: list/response/request documents, parameters
P_PROPERTY = 5  # parent model name + property name
P_FALLBACK = 6


class NameCandidate(NamedTuple):
    """One way to name a model, as a `NameHint` carries it to the place the model is seen."""

    priority: int
    text: str | None  # an absolute name, else:
    parent: str | None  # the key of the parent model, whose name is followed by `suffix`
    suffix: str = ""
    # used only when no other model has the same text (a parameter named `filter` in six
    # operations: six `XFilterParam`s, not `FilterParam2..6`)
    exclusive: bool = False


class Candidate(NamedTuple):
    """A name candidate of a drafted model; `seq` orders the candidates of one priority."""

    priority: int
    seq: int
    text: str | None
    parent: str | None
    suffix: str = ""
    exclusive: bool = False


def candidate_order(candidate: Candidate) -> tuple[int, int]:
    return candidate.priority, candidate.seq


@dataclass(frozen=True)
class NameHint:
    """How a schema found at some place may be named if it becomes a model."""

    names: tuple[NameCandidate, ...] = ()
    role: str = "response"  # "response", "request" or "parameter"
    verb: str = ""  # for requests: "Create", "Update", ...
    # "relationships:<type>" for the relationships object of a JSON:API resource of <type>
    part: str = ""

    def add(self, priority: int, text: str) -> NameHint:
        return replace(self, names=(*self.names, NameCandidate(priority, text, None)))

    def add_exclusive(self, priority: int, text: str) -> NameHint:
        """A candidate used only if no other model has it too (see `NameCandidate`)."""
        candidate = NameCandidate(priority, text, None, exclusive=True)
        return replace(self, names=(*self.names, candidate))

    def derive(self, transform: Callable[[str], str], priority_floor: int = 0) -> NameHint:
        names = tuple(
            c._replace(
                priority=max(c.priority, priority_floor),
                text=transform(c.text) if c.text else None,
                suffix=transform(c.suffix) if c.suffix else c.suffix,
            )
            for c in self.names
        )
        return replace(self, names=names)


# Builds the type of the schema found at a pointer, named by a hint (`SchemaBuilder.shape`):
# what the parts of the walk call for the schemas nested in theirs.
ShapeOf = Callable[[Any, str, NameHint], Shape]


@dataclass
class FieldDraft:
    wire_name: str
    shape: Shape
    required: bool
    default: str | None
    description: str
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    example: str | None = None  # see ir.Field.example


@dataclass
class ModelDraft:
    key: str
    kind: str  # "object" or "alias"
    source: str
    seq: int
    description: str = ""
    jsonapi_type: str | None = None
    fields: list[FieldDraft] = field(default_factory=list)
    extra: Shape | None = None
    alias_of: Shape | None = None
    candidates: list[Candidate] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)
    required: set[str] | None = None  # wire names required by every copy seen
    shared: bool = False  # one of the built-in JSON:API models: never merged with others
    parts: set[str] = field(default_factory=set)  # NameHint.part of every copy seen
    type_parameters: tuple[str, ...] = ()
    roles: set[str] = field(default_factory=set)  # NameHint.role of every use


class Drafts:
    """The models drafted so far, by structural key, and the counter that orders drafts and
    candidates (document order: the first copy seen wins ties)."""

    def __init__(self, component_names: Mapping[str, list[str]]) -> None:
        self.by_key: dict[str, ModelDraft] = {}
        # canonical key -> the components/schemas names of the object models with that form
        self.component_names = component_names
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def get(self, key: str) -> ModelDraft | None:
        return self.by_key.get(key)

    def add(self, draft: ModelDraft) -> ModelDraft:
        self.by_key[draft.key] = draft
        return draft

    def new(
        self, key: str, kind: str, pointer: str, schema: dict[str, Any], hint: NameHint
    ) -> ModelDraft:
        """A new draft for the schema at `pointer`, with the candidates of its component
        names, its `title` and `hint`."""
        seq = self.next_seq()
        description = schema.get("description")
        draft = self.add(
            ModelDraft(
                key=key,
                kind=kind,
                source=pointer,
                seq=seq,
                description=description if isinstance(description, str) else "",
            )
        )
        for name in self.component_names.get(key, []):
            draft.candidates.append(
                Candidate(P_COMPONENT, seq, singular_class_name(class_name(name)), None)
            )
        title = schema.get("title")
        if isinstance(title, str) and class_name(title, fallback=""):
            draft.candidates.append(Candidate(P_JSONAPI_PART, seq, class_name(title), None))
        self.add_candidates(draft, hint, pointer)
        return draft

    def add_candidates(self, draft: ModelDraft, hint: NameHint, pointer: str) -> None:
        """Another place `draft` is seen, with the names `hint` suggests there."""
        seq = self.next_seq()
        draft.pointers.append(pointer)
        for c in hint.names:
            draft.candidates.append(
                Candidate(c.priority, seq, c.text, c.parent, c.suffix, c.exclusive)
            )

    def by_seq(self) -> list[str]:
        """The keys of the drafts in the order they were first seen."""
        return sorted(self.by_key, key=lambda k: self.by_key[k].seq)
