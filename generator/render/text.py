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


def docstring(value: object, indent: int = 0, end: bool = True) -> str:
    """Text safe inside a `\"\"\"` docstring: backslashes and quotes escaped, controls escaped,
    newlines normalised, trailing whitespace stripped; lines after the first indented by `indent`.

    `end`: the closing quotes follow the text. Its end is then laid out the way black leaves it
    and ruff keeps it (they disagree on a docstring's last line otherwise): a text of several
    lines whose last line ends with a quote, or would pass the line length with the closing
    quotes, ends with a line break (the quotes go on a line of their own); a one-line text that
    ends with a quote ends with that quote unescaped and a space.
    """
    text = _escape(_LINE_BREAKS.sub("\n", str(value)).replace("\\", "\\\\"))
    text = text.replace('"""', '\\"\\"\\"').expandtabs(4)
    lines = [line.rstrip() for line in text.strip().split("\n")]
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
