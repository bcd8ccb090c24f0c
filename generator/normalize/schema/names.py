"""Naming the models: each draft takes its best free candidate, collisions resolved
deterministically.

Order: names forced by `model_names` first; then absolute names, best priority first across
all models (a resource takes its `type` name before another model takes the same text as a
mere context name); then every other draft in turn, a relative candidate (parent name +
suffix) naming the parent first.

A name says a repeated segment once: a relative name drops the words its suffix shares with
the end of the parent's name (`AmsReportRowValue` + `ValueItem` -> `AmsReportRowValueItem`),
and a property that only repeats its parent's last word is the parent's nested part
(`AmsReportData.data` -> `AmsReportNestedData`, not `AmsReportDataData`).

A draft whose every candidate is taken (two structurally different models with one JSON:API
`type`) is qualified by the context it is used in, the operation's name stem before its own
name (`PlatformIntegration` under `/destinations` -> `DestinationPlatformIntegration`). The
first model seen keeps the unqualified name, so a model added later in the document never
renames one that exists. Only when every qualified name is taken too is the first candidate
numbered, with a warning naming the pointers of both models.
"""

from __future__ import annotations

from ...naming import class_name, shorten_class_name, split_words
from .drafts import P_COMPONENT, P_CONTEXT, Candidate, ModelDraft, candidate_order
from .report import Report

MAX_NAME = 40
# A relative name drops these endings of its parent's name: `PetAttributes` + `Owner`
# -> `PetOwner`.
_STRIP_SUFFIXES = ("Attributes", "Relationships", "Response", "Request")


def _overlap(left: list[str], right: list[str]) -> int:
    """How many words end `left` and start `right` (case-insensitive), the most possible."""
    left_words, right_words = [w.lower() for w in left], [w.lower() for w in right]
    for overlap in range(min(len(left_words), len(right_words)), 0, -1):
        if left_words[-overlap:] == right_words[:overlap]:
            return overlap
    return 0


def say_once(left: str, right: str) -> str:
    """`left` followed by `right`, the words that end `left` and start `right` said once:
    `("AmsReportData", "DataRow")` -> `"AmsReportDataRow"`."""
    right_words = split_words(right)
    return left + "".join(right_words[_overlap(split_words(left), right_words) :])


def relative_name(parent: str, suffix: str) -> str:
    """The name of the model found at property `suffix` of the model named `parent`.

    The parent's part ending (`Attributes`, ...) is dropped first (`PetAttributes` + `Owner`
    -> `PetOwner`), then a repeated segment is said once. A suffix that only repeats the end
    of the parent's name makes the child the parent's nested part: `AmsReportData` + `Data`
    -> `AmsReportNestedData`, `DestinationCatalogAttributes` + `Attributes` ->
    `DestinationCatalogNestedAttributes`.
    """
    base = parent
    for strip in _STRIP_SUFFIXES:
        if base.endswith(strip) and len(base) > len(strip):
            base = base[: -len(strip)]
            break
    joined = say_once(base, suffix)
    if joined not in (base, parent):
        return joined
    base_words, suffix_words = split_words(base), split_words(suffix)
    repeated = _overlap(base_words, suffix_words) if joined == base else 0
    stem = "".join(base_words[: len(base_words) - repeated]) or base
    return stem + "Nested" + suffix


def qualified_name(context: str, name: str) -> str | None:
    """`name` qualified by the `context` its model is used in (an operation's name stem), or
    None when the context adds nothing (it is `name`, or already starts with it)."""
    if not context or context == name or context.startswith(name):
        return None
    joined = say_once(context, name)
    return joined if joined != context else None


def fit(base: str, number: str = "") -> str:
    """A class name of at most MAX_NAME characters from `base`, followed by `number`."""
    name = class_name(base)
    if len(name) + len(number) > MAX_NAME:
        name = shorten_class_name(name, MAX_NAME - len(number))
        name = class_name(name)[: MAX_NAME - len(number)]
    return name + number


class ModelNamer:
    """Names the drafts left after unification (`merged`: merged key -> surviving key)."""

    def __init__(
        self, drafts: dict[str, ModelDraft], merged: dict[str, str], report: Report
    ) -> None:
        self.drafts = drafts
        self.merged = merged
        self.report = report

    def name_all(self, overrides: dict[str, str]) -> dict[str, str]:
        """Key -> class name of every draft, merged keys included. `overrides` (the config's
        `model_names`) maps a name, or the pointer of a copy, to the name to use."""
        names = self.assign({})
        forced: dict[str, str] = {}
        used_overrides: set[str] = set()
        for key in sorted(self.drafts, key=lambda k: self.drafts[k].seq):
            draft = self.drafts[key]
            for probe in (names[key], draft.source, *draft.pointers):
                if probe in overrides:
                    forced[key] = overrides[probe]
                    used_overrides.add(probe)
                    break
        for unused in sorted(set(overrides) - used_overrides):
            self.report.warn(
                "normalize.unused-model-name", f"model_names entry {unused!r} matches no model", ""
            )
        if forced:
            names = self.assign(forced)
        self._warn_taken_component_names(names)
        for key, rep in self.merged.items():
            names[key] = names[rep]
        return names

    def assign(self, forced: dict[str, str]) -> dict[str, str]:
        """Key -> class name of every draft, the `forced` ones first."""
        return _Assignment(self, forced).run()

    def warn(self, draft: ModelDraft, message: str, code: str = "normalize.model-name") -> None:
        self.report.warn(code, message, draft.source)

    def _warn_taken_component_names(self, names: dict[str, str]) -> None:
        """Warn when two component schemas sanitize to one class name (`my-model`, `MyModel`):
        the first in document order keeps it, the others fall back to their next candidate."""
        owner = {name: key for key, name in names.items()}
        for key in sorted(self.drafts, key=lambda k: self.drafts[k].seq):
            draft = self.drafts[key]
            wanted = sorted(
                {fit(c.text) for c in draft.candidates if c.priority == P_COMPONENT and c.text}
            )
            if not wanted or names[key] in wanted:
                continue
            other = owner.get(wanted[0])
            if (
                other is not None
                and other != key
                and any(
                    c.priority == P_COMPONENT and c.text and fit(c.text) == wanted[0]
                    for c in self.drafts[other].candidates
                )
            ):
                self.warn(
                    draft,
                    f"component name {wanted[0]!r} is taken by another schema; "
                    f"named {names[key]!r}",
                )


class _Assignment:
    """One naming of every draft: the names given so far and the drafts being named (a
    relative candidate names its parent first)."""

    def __init__(self, namer: ModelNamer, forced: dict[str, str]) -> None:
        self.namer = namer
        self.drafts = namer.drafts
        self.forced = forced
        self.names: dict[str, str] = {}
        self.taken: set[str] = set()
        self.in_progress: set[str] = set()
        self.exclusive: dict[str, set[str]] = {}  # exclusive candidate text -> drafts having it
        for key, draft in self.drafts.items():
            for c in draft.candidates:
                if c.exclusive and c.text:
                    self.exclusive.setdefault(fit(c.text), set()).add(key)

    def run(self) -> dict[str, str]:
        order = sorted(
            self.drafts,
            key=lambda k: (
                0 if k in self.forced else 1,
                min((candidate_order(c) for c in self.drafts[k].candidates), default=(99, 0)),
                self.drafts[k].seq,
            ),
        )
        for key in order:
            if key in self.forced:
                self.finalize(key)
        # Absolute names first, best priority first across all models: a resource takes its
        # `type` name before another model takes the same text as a mere context name.
        ranked = sorted(
            (c.priority, c.seq, index, self.drafts[k].seq, k, c)
            for k in order
            for index, c in enumerate(self.drafts[k].candidates)
            if c.text and c.priority <= P_CONTEXT
        )
        for *_, key, candidate in ranked:
            if key in self.names:
                continue
            name = self.candidate_text(candidate)
            if name and name not in self.taken:
                self.names[key] = name
                self.taken.add(name)
        for key in order:
            self.finalize(key)
        return self.names

    def candidate_text(self, candidate: Candidate) -> str | None:
        """The name `candidate` stands for now; None when it cannot be used (yet)."""
        text, parent = candidate.text, candidate.parent
        if candidate.exclusive:
            return fit(text) if text and len(self.exclusive.get(fit(text), ())) <= 1 else None
        if text is not None:
            return fit(text)
        parent = self.namer.merged.get(parent, parent) if parent is not None else None
        if parent is None or parent in self.in_progress or parent not in self.drafts:
            return None
        return fit(relative_name(self.finalize(parent), candidate.suffix))

    def qualified_names(self, draft: ModelDraft) -> list[str]:
        """Each absolute name of `draft` (best first) qualified by each context it is used in
        (`P_CONTEXT` names, first seen first)."""
        ordered = sorted(draft.candidates, key=candidate_order)
        names = [class_name(c.text) for c in ordered if c.text and not c.exclusive]
        contexts = [class_name(c.text) for c in ordered if c.text and c.priority == P_CONTEXT]
        found: list[str] = []
        for name in dict.fromkeys(names):
            for context in dict.fromkeys(contexts):
                qualified = qualified_name(context, name)
                if qualified is not None:
                    found.append(fit(qualified))
        return list(dict.fromkeys(found))

    def finalize(self, key: str) -> str:
        """The name of draft `key`, chosen now if it has none yet."""
        if key in self.names:
            return self.names[key]
        self.in_progress.add(key)
        draft = self.drafts[key]
        chosen: str | None = None
        if key in self.forced:
            chosen = self.forced[key]
            if chosen in self.taken:
                self.namer.warn(draft, f"model name override {chosen!r} is already used")
                chosen = None
        first: str | None = None
        if chosen is None:
            for candidate in sorted(draft.candidates, key=candidate_order):
                name = self.candidate_text(candidate)
                if not name:
                    continue
                first = first or name
                if name not in self.taken:
                    chosen = name
                    break
        if chosen is None:
            chosen = next((n for n in self.qualified_names(draft) if n not in self.taken), None)
        if chosen is None:
            chosen = self.numbered(draft, first)
        self.names[key] = chosen
        self.taken.add(chosen)
        self.in_progress.discard(key)
        return chosen

    def numbered(self, draft: ModelDraft, first: str | None) -> str:
        """The last resort: the first candidate of `draft`, numbered, with a warning naming
        the pointers of the model that holds the name and of this one."""
        relative = [c.suffix for c in sorted(draft.candidates, key=candidate_order) if c.suffix]
        base = first or (fit(relative[0]) if relative else "Model")
        number = 2
        while fit(base, str(number)) in self.taken:
            number += 1
        chosen = fit(base, str(number))
        holder = next((k for k, n in self.names.items() if n == base), None)
        where = f" by {self.drafts[holder].source}" if holder in self.drafts else ""
        self.namer.warn(
            draft,
            f"model name {base!r} is taken{where} and no name from its context is free; "
            f"using {chosen!r} for {draft.source}",
        )
        return chosen
