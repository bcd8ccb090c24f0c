"""The escaping filters: the only way spec text enters generated code (`pystr`, `docstring`,
`comment`) or the SDK's pyproject.toml (`tomlstr`)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ..config import LINE_LENGTH

METHOD_INDENT = 8  # a method's body


def pystr(value: object) -> str:
    """A Python literal for `value` (text, number, bool, None) that cannot break out of itself."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"pystr: unsupported literal {type(value).__name__}")


_LINE_BREAKS = re.compile(r"\r\n|\r|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _escape_char(char: str) -> str:
    code = ord(char)
    if (code < 32 and char not in "\n\t") or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char


# The characters `_escape_char` changes: found by one regex pass instead of a call per character
# (GitHub's docstrings: 2.4 million calls, 40 % of rendering).
_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _escape(text: str) -> str:
    return _ESCAPED.sub(lambda found: _escape_char(found.group()), text)


def pystr_tuple(values: Iterable[object]) -> str:
    """A tuple literal of `pystr` items (nested tuples as tuple literals)."""
    items = [pystr_tuple(v) if isinstance(v, tuple) else pystr(v) for v in values]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def method_docstring(value: object, indent: int = METHOD_INDENT) -> str:
    """A method's docstring (`docstring` at the methods' indent; a module's with `indent=0`): a
    text of several lines ends with a line break, so the closing quotes sit on a line of their
    own, as black and ruff both leave them."""
    text = docstring(value, indent)
    if "\n" in text and not text.endswith("\n" + " " * indent):
        text = text.rstrip(" ") + "\n" + " " * indent
    return text


# A line's hanging indent when wrapped: a list item's text hangs under its start, an argument's
# description (`  name: ...`, `  name (type): ...`, as a docstring's `Args:` list them) by two.
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,3}[.)]) +")
_ARGUMENT = re.compile(r"  [\w.\[\]-]+(?: \([^)]*\))?: ")
# A word when wrapping: a run of non-spaces, a code span (with its spaces) as one word.
_WORD = re.compile(r"(?:`[^`\n]*`|[^\s`]|`)+")


def _wrap_line(line: str, first: int, indent: int) -> list[str]:
    """`line` broken at spaces so that none of its lines passes the line length (it starts at
    column `first`, the lines it is broken into at `indent`); a word longer than the room (a
    URL) stays whole. The lines it is broken into keep its indentation, the text of a list item
    hanging under the item's text, an argument's description two columns deeper."""
    if first + len(line) <= LINE_LENGTH:
        return [line]
    body = line.lstrip(" ")
    lead = len(line) - len(body)
    item = _LIST_ITEM.match(body)
    hanging = len(item.group()) if item else 2 if _ARGUMENT.match(line) and lead == 2 else 0
    pad = " " * (lead + hanging)
    lines: list[str] = []
    current, start = line[:lead], first
    for word in _WORD.findall(body):
        if current.strip() and start + len(current) + 1 + len(word) > LINE_LENGTH:
            lines.append(current)
            current, start = pad + word, indent
        else:
            current += (" " if current.strip() else "") + word
    return lines + [current]


def _wrap(lines: list[str], first: int, indent: int) -> list[str]:
    """Lines that would pass the line length wrapped (`_wrap_line`), except in fenced code
    blocks and tables."""
    wrapped: list[str] = []
    fence = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or line.lstrip().startswith(("|", "```", "~~~")):
            wrapped.append(line)
            continue
        wrapped += _wrap_line(line, first if number == 0 else indent, indent)
    return wrapped


def docstring(value: object, indent: int = 0, end: bool = True, first: int | None = None) -> str:
    """Text safe inside a `\"\"\"` docstring: backslashes and quotes escaped, controls escaped,
    newlines normalised, trailing whitespace stripped; lines after the first indented by `indent`;
    lines that would pass the line length wrapped (the first line starts at column `first`, by
    default after the opening quotes at `indent`).

    `end`: the closing quotes follow the text. Its end is then laid out the way black leaves it
    and ruff keeps it (they disagree on a docstring's last line otherwise): a text of several
    lines whose last line ends with a quote, or would pass the line length with the closing
    quotes, ends with a line break (the quotes go on a line of their own); a one-line text that
    ends with a quote ends with that quote unescaped and a space.
    """
    text = _escape(_LINE_BREAKS.sub("\n", str(value)).replace("\\", "\\\\"))
    text = text.replace('"""', '\\"\\"\\"').expandtabs(4)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    first = indent + 3 if first is None else first
    lines = _wrap(lines, first, indent)
    if end and len(lines) == 1 and first + len(lines[0]) + 3 > LINE_LENGTH:
        lines = _wrap_line(lines[0], first + 3, indent)  # room for the closing quotes
    pad = " " * indent
    closing = ""  # what comes between the text and the closing quotes
    if end:
        last = lines[-1]
        if last.endswith('\\"') and (len(last) - 1 - len(last[:-1].rstrip("\\"))) % 2:
            lines[-1] = last = last[:-2] + '"'  # escaped only to keep it off the closing quotes
        if len(lines) > 1 and (last.endswith('"') or indent + len(last) + 3 > LINE_LENGTH):
            closing = "\n" + pad
        elif last.endswith('"'):
            closing = " "
    return "\n".join(lines[:1] + [pad + line if line else "" for line in lines[1:]]) + closing


def comment(value: object) -> str:
    """Text safe inside a one-line `#` comment."""
    text = _LINE_BREAKS.sub(" ", str(value)).replace("\n", " ")
    return _escape(text)


def tomlstr(value: object) -> str:
    """A TOML basic string."""
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 32 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if not 0xD800 <= code <= 0xDFFF else "\\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
