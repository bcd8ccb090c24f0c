"""Near-duplicates: merging the drafts of one concept seen in slightly different copies.

Copies of one concept often differ slightly (a relationship more or less, `type` as an enum in
one copy and a plain string in another). Drafts are grouped three ways, and the members of a
group merged when compatible:
- the same best name (resource, component, JSON:API part or operation context name): every
  common property has a compatible type — fields are united, a field is required only when all
  copies require it, `str` absorbs `Literal`, a model absorbs a free-form dict or `Any`, nested
  models are merged the same way; an untyped copy of a resource joins it, keeping its Literal
  `type`;
- the very same property names, without a JSON:API type (`success`/`fail` trends of two
  endpoints, ...), the same properties and type all the way down;
- the relationships objects of two resource types with one canonical form (twin resources such
  as the source and destination categories), only when identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum

from .drafts import P_CONTEXT, ModelDraft, candidate_order
from .names import fit
from .shape import Shape, with_null

MAX_ROUNDS = 8  # a merge can make more drafts alike; stop when a round merges nothing


class MergeRule(IntEnum):
    """Why drafts are in one group; groups are tried in this order (names first: a resource's
    copies merge before its parts may join other models)."""

    SAME_NAME = 0
    SAME_FIELDS = 1
    TWIN_RELATIONSHIPS = 2


@dataclass
class MergeGroup:
    rule: MergeRule
    label: str  # the name, the property names, or the canonical key the members share
    keys: list[str] = field(default_factory=list)


class Unifier:
    """Merges compatible drafts of `drafts` in place (union-find over their keys)."""

    def __init__(self, drafts: dict[str, ModelDraft]) -> None:
        self.drafts = drafts
        self.parent: dict[str, str] = {}  # merged key -> the key it was merged into

    def run(self) -> dict[str, str]:
        """Merge what can be merged; the merged drafts are removed and every shape refers to
        the survivors. Returns merged key -> surviving key."""
        for _ in range(MAX_ROUNDS):
            if not self._merge_round():
                break
        if not self.parent:
            return {}
        merged = {key: self.find(key) for key in self.parent}
        for key in merged:
            del self.drafts[key]
        for draft in self.drafts.values():
            for f in draft.fields:
                f.shape = self._redirect(f.shape)
            draft.extra = self._redirect(draft.extra) if draft.extra is not None else None
            draft.alias_of = self._redirect(draft.alias_of) if draft.alias_of is not None else None
        return merged

    def find(self, key: str) -> str:
        while key in self.parent:
            key = self.parent[key]
        return key

    def groups(self) -> list[MergeGroup]:
        """The groups of the drafts not merged yet, in the order they are tried."""
        groups: dict[tuple[MergeRule, str], MergeGroup] = {}
        for key in sorted(self.drafts, key=lambda k: self.drafts[k].seq):
            draft = self.drafts[key]
            if key in self.parent or draft.kind != "object" or draft.shared:
                continue
            best = min(
                (
                    c
                    for c in draft.candidates
                    if c.text and c.priority <= P_CONTEXT and not c.exclusive
                ),
                key=candidate_order,
                default=None,
            )
            if best is not None and best.text:
                _join(groups, MergeRule.SAME_NAME, fit(best.text), key)
            if draft.fields and not draft.jsonapi_type:
                wires = "\0".join(sorted(f.wire_name for f in draft.fields))
                _join(groups, MergeRule.SAME_FIELDS, wires, key)
                if "@relationships:" in key:
                    _join(groups, MergeRule.TWIN_RELATIONSHIPS, key.split("@", 1)[0], key)
        return [groups[rule_and_label] for rule_and_label in sorted(groups)]

    def _merge_round(self) -> bool:
        """Merge within each group what is compatible; whether anything was merged."""
        changed = False
        for group in self.groups():
            representatives: list[str] = []
            for key in group.keys:
                key = self.find(key)
                target = next(
                    (
                        r
                        for r in representatives
                        if self.compatible(self.find(r), key, group.rule, set())
                    ),
                    None,
                )
                if target is None:
                    representatives.append(key)
                elif self.find(target) != key:
                    self._merge(self.find(target), key, group.rule)
                    changed = True
        return changed

    def compatible(self, a: str, b: str, rule: MergeRule, assumed: set[tuple[str, str]]) -> bool:
        """Whether drafts `a` and `b` may be one model under `rule`; `assumed` holds the pairs
        taken as compatible further up (recursive models)."""
        a, b = self.find(a), self.find(b)
        if a == b or (a, b) in assumed:
            return True
        da, db = self.drafts[a], self.drafts[b]
        if da.kind != "object" or db.kind != "object" or da.shared or db.shared:
            return False
        if da.jsonapi_type and db.jsonapi_type and da.jsonapi_type != db.jsonapi_type:
            return False  # an untyped copy may join a resource (its `type` a plain str)
        wires_a, wires_b = {f.wire_name for f in da.fields}, {f.wire_name for f in db.fields}
        if rule is not MergeRule.SAME_NAME and (
            da.jsonapi_type != db.jsonapi_type or wires_a != wires_b
        ):
            return False  # structural groups: the same properties and type all the way down
        if rule is MergeRule.SAME_FIELDS and da.parts and db.parts and da.parts != db.parts:
            return False  # the relationships of two resource types: only if identical
        common = wires_a & wires_b
        # the relationships of one resource type are one concept, whatever they list
        related = da.parts == db.parts and len(da.parts) == 1
        related = related and next(iter(da.parts)).startswith("relationships:")
        if not related and (len(common) * 2 < min(len(da.fields), len(db.fields)) or not common):
            return False  # too little in common to be one concept
        assumed.add((a, b))
        fields_b = {f.wire_name: f for f in db.fields}
        for f in da.fields:
            other = fields_b.get(f.wire_name)
            if other is not None and not self._shapes_compatible(
                f.shape, other.shape, rule, assumed
            ):
                return False
        if da.extra is not None and db.extra is not None:
            return self._shapes_compatible(da.extra, db.extra, rule, assumed)
        return True

    def _shapes_compatible(
        self, x: Shape, y: Shape, rule: MergeRule, assumed: set[tuple[str, str]]
    ) -> bool:
        kinds = {x.kind, y.kind}
        if x.kind == y.kind:
            if x.kind == "model":
                return self.compatible(x.model or "", y.model or "", rule, assumed)
            if x.kind in ("list", "dict"):
                return self._shapes_compatible(x.items[0], y.items[0], rule, assumed)
            if x.kind == "union":  # the same members, in any order
                return all(
                    any(self._shapes_compatible(i, j, rule, assumed) for j in y.items)
                    for i in x.items
                ) and all(
                    any(self._shapes_compatible(i, j, rule, assumed) for i in x.items)
                    for j in y.items
                )
            return True
        if "any" in kinds or kinds in ({"str", "literal"}, {"int", "float"}):
            return True
        if kinds == {"dict", "model"}:
            free = x if x.kind == "dict" else y
            return free.items[0].kind == "any"
        return False

    def _merged_shape(self, x: Shape, y: Shape, rule: MergeRule) -> Shape:
        """One shape for two compatible ones (the models they refer to merged too)."""
        nullable = x.nullable or y.nullable
        if x.kind == y.kind:
            if x.kind == "model" and x.model and y.model:
                self._merge(self.find(x.model), self.find(y.model), rule)
                result = x
            elif x.kind in ("list", "dict"):
                result = replace(x, items=(self._merged_shape(x.items[0], y.items[0], rule),))
            elif x.kind == "literal":
                extra = tuple(v for v in y.literals if v not in x.literals)
                result = replace(x, literals=x.literals + extra)
            elif x.kind == "union":
                result = replace(x, items=self._merged_members(x.items, y.items, rule))
            else:
                result = x
        elif x.kind == "any" or y.kind == "any":
            result = y if x.kind == "any" else x
        elif x.kind == "model" or y.kind == "model":
            result = x if x.kind == "model" else y
        elif {x.kind, y.kind} == {"int", "float"}:
            result = Shape("float")
        else:
            result = Shape("str")
        return with_null(result, nullable)

    def _merged_members(
        self, mine: tuple[Shape, ...], theirs: tuple[Shape, ...], rule: MergeRule
    ) -> tuple[Shape, ...]:
        """The members of two unions: each of `theirs` merged into a compatible one of `mine`,
        else added."""
        members = list(mine)
        for member in theirs:
            index = next(
                (
                    i
                    for i, m in enumerate(members)
                    if self._shapes_compatible(m, member, rule, set())
                ),
                None,
            )
            if index is None:
                members.append(member)
            else:
                members[index] = self._merged_shape(members[index], member, rule)
        return tuple(members)

    def _merge(self, a: str, b: str, rule: MergeRule) -> None:
        """Merge draft `b` into `a` (the one seen first survives)."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.drafts[b].seq < self.drafts[a].seq:
            a, b = b, a
        self.parent[b] = a
        da, db = self.drafts[a], self.drafts[b]
        typed = da if da.jsonapi_type else db if db.jsonapi_type else None
        type_shape = next(
            (f.shape for f in (typed.fields if typed else []) if f.wire_name == "type"), None
        )
        type_required = typed is not None and "type" in (typed.required or set())
        own = {f.wire_name: f for f in da.fields}
        for f in db.fields:
            mine = own.get(f.wire_name)
            if mine is None:
                da.fields.append(replace(f))
            else:
                mine.shape = self._merged_shape(mine.shape, f.shape, rule)
                if mine.default != f.default:
                    mine.default = None
                mine.description = mine.description or f.description
        da.required = (da.required or set()) & (db.required or set())
        if type_required:
            da.required.add("type")  # JSON:API: a resource object always has its `type`
        if da.extra is None or db.extra is None:
            da.extra = da.extra or db.extra
        else:
            da.extra = self._merged_shape(da.extra, db.extra, rule)
        da.candidates.extend(db.candidates)
        da.parts |= db.parts
        da.roles |= db.roles
        da.pointers.extend([db.source, *db.pointers])
        da.description = da.description or db.description
        da.jsonapi_type = da.jsonapi_type or db.jsonapi_type
        for f in da.fields:  # a resource keeps its Literal `type` over an untyped copy's str
            if f.wire_name == "type" and type_shape is not None:
                f.shape = type_shape

    def _redirect(self, shape: Shape) -> Shape:
        """`shape` referring to the surviving drafts."""
        items = tuple(self._redirect(i) for i in shape.items)
        model = self.find(shape.model) if shape.model is not None else None
        if items == shape.items and model == shape.model:
            return shape
        if shape.kind == "union":  # merged members may now coincide
            unique: list[Shape] = []
            for item in items:
                if item not in unique:
                    unique.append(item)
            if len(unique) == 1:
                return with_null(unique[0], shape.nullable)
            items = tuple(unique)
        return replace(shape, items=items, model=model)


def _join(
    groups: dict[tuple[MergeRule, str], MergeGroup], rule: MergeRule, label: str, key: str
) -> None:
    groups.setdefault((rule, label), MergeGroup(rule, label)).keys.append(key)
