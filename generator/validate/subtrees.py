"""Equal subtrees checked once: the JSON Schema pass of validation, memoized by content.

A document whose `$ref`s were inlined (the Commanders Act page inlines every one) repeats the
same schemas, parameters and responses many times: about 60 % of the CA spec's bytes are copies
of a subtree seen before. jsonschema checks each copy again, against the same part of the
OpenAPI meta-schema, and finds the same errors each time. Here every object and array of the
document is numbered by its content (`ContentNumbers`, one pass, bottom-up), and the
validator's `descend` answers a second `(content, subschema, base URI)` from the errors the
first one gave, copied (`SubtreeMemo`).

The answer depends on nothing else under draft-4 to draft-7 rules (OpenAPI 3.0's meta-schema):
a `$ref` resolves against the base URI alone. Dialects with dynamic references (`$dynamicRef`,
`$recursiveRef`: OpenAPI 3.1's) resolve against the path taken to reach a schema; they are not
memoized (`memoizable`). The errors are the same objects a plain run makes, with the same
messages, paths and contexts: the tests compare the diagnostics with a whole-document run of
the library on the broken-spec corpus, the CA spec before and after repair and GitHub's spec.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# Keywords whose result depends on the dynamic scope: their dialect is not memoized.
DYNAMIC_KEYWORDS = ("$dynamicRef", "$recursiveRef")


class ContentNumbers:
    """Every dict and list inside a document, numbered so that equal content (same keys in the
    same order, same values of the same types) gets the same number."""

    def __init__(self, data: Any) -> None:
        self.numbers: dict[int, int] = {}
        self._table: dict[tuple[Any, ...], int] = {}
        self._number(data)

    def _number(self, value: Any) -> Any:
        """A hashable key of `value`'s content; dicts and lists are numbered on the way."""
        if isinstance(value, dict):
            content: tuple[Any, ...] = (
                "{",
                *((_scalar_key(key), self._number(item)) for key, item in value.items()),
            )
        elif isinstance(value, list):
            content = ("[", *(self._number(item) for item in value))
        else:
            return _scalar_key(value)
        number = self._table.setdefault(content, len(self._table))
        self.numbers[id(value)] = number
        return number

    def of(self, value: object) -> int | None:
        return self.numbers.get(id(value))


def _scalar_key(value: Any) -> Any:
    # The type keeps 1, 1.0 and True apart; repr keeps 0.0 and -0.0 apart (equal as floats).
    if type(value) is str:
        return value
    return (type(value).__name__, repr(value))


Plain = Callable[..., Iterator["ValidationError"]]  # jsonschema's own `descend`


class Where(NamedTuple):
    """The arguments of jsonschema's `descend` after the instance and the schema."""

    path: Any = None  # the key or index of the instance below its parent
    schema_path: Any = None
    resolver: Any = None  # None: the validator's own, in the subschema's resource


class SubtreeMemo:
    """The errors of each `(content, subschema, base URI)` the validator descended into."""

    def __init__(self, data: Any) -> None:
        self.contents = ContentNumbers(data)
        self._found: dict[tuple[int, int, str], list[ValidationError]] = {}
        self.hits = 0

    def descend(
        self, plain: Plain, validator: Any, instance: Any, schema: Any, *args: Any, **kwargs: Any
    ) -> Iterator[ValidationError]:
        """`plain(validator, instance, schema, *args, **kwargs)` (jsonschema's `descend`),
        answered from the memo when this content met this subschema before."""
        where = Where(*args, **kwargs)
        resolver = where.resolver if where.resolver is not None else validator._resolver
        base = getattr(resolver, "_base_uri", None)
        number = self.contents.of(instance) if isinstance(instance, (dict, list)) else None
        if number is None or isinstance(schema, bool) or not isinstance(base, str):
            yield from plain(validator, instance, schema, *where)
            return
        key = (number, id(schema), base)
        known = self._found.get(key)
        if known is not None:
            self.hits += 1
            errors = [_copy(error) for error in known]
        else:
            # Collected whole (a caller that stops at the first error would leave it half
            # known), and copied before the callers above add their path to each error.
            errors = []
            try:
                for error in plain(validator, instance, schema, None, None, where.resolver):
                    errors.append(error)
            except BaseException:
                yield from _placed(errors, where)  # what came before the failure
                raise
            if not any(_foreign(error) for error in errors):
                self._found[key] = [_copy(error) for error in errors]
        yield from _placed(errors, where)


def _placed(errors: list[ValidationError], where: Where) -> Iterator[Any]:
    # What jsonschema's `descend` does with `path` and `schema_path` to each error it yields.
    for error in errors:
        if where.path is not None:
            error.path.appendleft(where.path)
        if where.schema_path is not None:
            error.schema_path.appendleft(where.schema_path)
        yield error


def _foreign(error: ValidationError) -> bool:
    """Whether an error carries more than jsonschema's own fields (the fragment machinery's
    placeholders): those are never copied."""
    return any(name.startswith("sdkgen_") for name in vars(error)) or any(
        _foreign(child) for child in error.context
    )


def _copy(error: ValidationError) -> ValidationError:
    """A copy of `error` and of its context, with paths of their own and no parent yet."""
    twin = error.__class__.__new__(error.__class__)
    twin.args = error.args
    twin.__dict__.update(vars(error))
    twin.__cause__ = error.__cause__
    twin.path = twin.relative_path = deque(error.relative_path)
    twin.schema_path = twin.relative_schema_path = deque(error.relative_schema_path)
    twin.context = [_copy(child) for child in error.context]
    for child in twin.context:
        child.parent = twin
    twin.parent = None
    return twin


def memoizable(cls: type[Any]) -> bool:
    """Whether `cls` (a jsonschema validator class) resolves references by base URI alone."""
    keywords = getattr(cls, "VALIDATORS", None)
    return isinstance(keywords, dict) and not any(name in keywords for name in DYNAMIC_KEYWORDS)


def memoizing(cls: type[Any], memo_of: Callable[[], SubtreeMemo | None]) -> None:
    """Make `cls` (a validator class of our own, from `jsonschema.validators.extend`) descend
    through the memo `memo_of()` returns, when there is one."""
    plain = cls.descend

    def descend(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        # jsonschema's arguments: instance, schema, path, schema_path, resolver.
        memo = memo_of()
        if memo is None:
            return plain(self, *args, **kwargs)  # type: ignore[no-any-return]
        return memo.descend(plain, self, *args, **kwargs)

    cls.descend = descend
