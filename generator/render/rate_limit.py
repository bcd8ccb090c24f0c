"""The client-side limits the API states (`ir.Api.rate_limit`), as the generated client's
default `RateLimit` and the words of its docstring and of the README's "Rate limits" section.
An API that states none gets neither a default limit nor a word about one."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .. import ir
from ..config import LINE_LENGTH

_ARGUMENT = " " * 10 + "rate_limit: "  # where the client's docstring names the argument
_CONTINUED = " " * 12


@dataclass(frozen=True)
class RateLimitView:
    expression: str  # the client's default: `RateLimit(requests=30, per=1.0, max_concurrency=30)`
    stated: str  # "30 requests per second and 30 concurrent requests"
    paragraph: str  # the README's "Rate limits" paragraph, wrapped, ending with a colon


def rate_limit_view(limit: ir.RateLimit | None) -> RateLimitView | None:
    """The view of the API's limits; None when it states none."""
    if limit is None:
        return None
    arguments: list[str] = []
    stated: list[str] = []
    how: list[str] = []
    if limit.requests is not None:
        arguments += [f"requests={limit.requests}", f"per={float(limit.per)!r}"]
        unit, span, window = _period(limit.per)
        stated.append(f"{_count(limit.requests, 'request')} {unit}")
        place = "the one place" if limit.requests == 1 else f"one of {limit.requests} places"
        how.append(
            f"a request holds {place} from its start until {span} after its response arrived "
            f"(so no {window} window at the server can see more than "
            f"{_count(limit.requests, 'arrival')}, whatever the network delays)"
        )
    if limit.max_concurrency is not None:
        arguments.append(f"max_concurrency={limit.max_concurrency}")
        stated.append(f"{_count(limit.max_concurrency, 'concurrent request')}")
        how.append(
            f"at most {_count(limit.max_concurrency, 'request')} "
            f"{'is' if limit.max_concurrency == 1 else 'are'} in flight"
        )
    paragraph = (
        f"The API accepts {' and '.join(stated)}. The client keeps under "
        f"{'both' if len(stated) > 1 else 'it'} by default, across threads for the sync client "
        f"and across tasks for the async one: {', and '.join(how)}:"
    )
    return RateLimitView(
        expression=f"RateLimit({', '.join(arguments)})",
        stated=" and ".join(stated),
        paragraph=textwrap.fill(paragraph, width=LINE_LENGTH - 2),
    )


def argument_doc(view: RateLimitView | None) -> str:
    """The client docstring's words for its `rate_limit` argument, laid out to follow
    `rate_limit: ` (continuation lines without their indent, which the template adds)."""
    if view is not None:
        text = (
            f"client-side limits (default: the API's {view.stated}, shared by copies made with "
            "`with_options`); None turns them off."
        )
    else:
        text = (
            "client-side limits, a `RateLimit` of requests per period and requests in flight, "
            "shared by copies made with `with_options` (default: None, no limit)."
        )
    lines = textwrap.wrap(
        text, width=LINE_LENGTH, initial_indent=_ARGUMENT, subsequent_indent=_CONTINUED
    )
    return "\n".join([lines[0][len(_ARGUMENT) :], *(line[len(_CONTINUED) :] for line in lines[1:])])


def _period(per: float) -> tuple[str, str, str]:
    """How prose says a window of `per` seconds: its rate's unit ("per second"), its span
    ("one second") and the window ("one-second")."""
    for seconds, name in ((1, "second"), (60, "minute"), (3600, "hour")):
        if per == seconds:
            return f"per {name}", f"one {name}", f"one-{name}"
    return f"per {per:g} seconds", f"{per:g} seconds", f"{per:g}-second"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
