"""Spec descriptions as Markdown: the HTML that API descriptions mix into their Markdown turned
into Markdown (tables, lists, links, emphasis), the rest of the HTML stripped to its text, and
comments (ReDoc's `<!-- ReDoc-Inject: ... -->` injection points included) removed.

Code blocks and code spans are kept as written: what they show is text, not markup. Only the
standard library's `html.parser` is used; markup it cannot read is kept as visible text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Elements whose text is kept and whose markup is dropped (no Markdown equivalent needed).
_TRANSPARENT = frozenset(
    {
        "abbr",
        "article",
        "big",
        "caption",
        "center",
        "cite",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "font",
        "footer",
        "header",
        "ins",
        "kbd",
        "label",
        "main",
        "mark",
        "nav",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "sub",
        "summary",
        "sup",
        "tbody",
        "tfoot",
        "thead",
        "tt",
        "u",
        "var",
    }
)
_PARAGRAPHS = frozenset({"p", "div", "blockquote", "address"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "head", "title"})
# Inside these, runs of whitespace are one space: the Markdown they become is one line.
_ONE_LINE = frozenset({"td", "th", "li", "a", *_HEADINGS})
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDERS = re.compile("\ue000(\\d+)\ue001")


class _Converter(HTMLParser):
    """One run over a piece of Markdown text with HTML in it (no code blocks in it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities stay entities: Markdown reads them
        self.out: list[str] = []
        self.open: list[str] = []  # elements open now, innermost last
        self.lists: list[list[int]] = []  # per open list: [next number] (ol) or [] (ul)
        self.links: list[tuple[int, str]] = []  # (start in `out`, href) per open link
        self.table: list[list[str]] | None = None  # rows of cells of the open table
        self.cell: int | None = None  # start in `out` of the open cell
        self.pre = 0
        self.dropped = 0  # depth inside <script>/<style>...

    # --- text ---------------------------------------------------------------------------------

    def _text(self, text: str) -> None:
        if self.dropped:
            return
        if not self.pre and any(tag in _ONE_LINE for tag in self.open):
            text = re.sub(r"\s+", " ", text)
        self.out.append(text)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        """Comments are dropped: ReDoc's injection points, editors' notes."""

    def handle_decl(self, decl: str) -> None:
        """`<!DOCTYPE ...>` and the like say nothing to a reader."""

    def unknown_decl(self, data: str) -> None:
        """CDATA and other declarations are dropped too."""

    # --- markup -------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in _DROPPED_WITH_CONTENT:
            self.dropped += 1
            return
        if not self._known(tag):
            self._text(_visible(self.get_starttag_text() or f"<{tag}>"))
            return
        if tag in ("br", "hr", "img"):
            self._void(tag, attributes)
            return
        self.open.append(tag)
        if tag in _PARAGRAPHS:
            self.out.append("\n\n")
        elif tag in _HEADINGS:
            self.out.append("\n\n" + "#" * _HEADINGS[tag] + " ")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self.pre += 1
            self.out.append("\n\n```\n")
        elif tag == "a":
            self.links.append((len(self.out), attributes.get("href", "")))
        elif tag in ("ul", "ol"):
            if not self.lists:
                self.out.append("\n")  # a nested list starts on its item's next line
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            marker = "- "
            if self.lists and self.lists[-1]:
                marker = f"{self.lists[-1][0]}. "
                self.lists[-1][0] += 1
            self.out.append("\n" + "  " * max(len(self.lists) - 1, 0) + marker)
        elif tag == "table":
            self.table = []
            self.out.append("\n\n")
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = len(self.out)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img"):
            self._void(tag, {name: value or "" for name, value in attrs})
        elif not self._known(tag):
            self._text(_visible(self.get_starttag_text() or f"<{tag}/>"))

    def _void(self, tag: str, attributes: dict[str, str]) -> None:
        if self.dropped:
            return
        if tag == "br":
            self.out.append(" " if self.cell is not None or self.links else "\\\n")
        elif tag == "hr":
            self.out.append("\n\n---\n\n")
        elif attributes.get("src"):
            self.out.append(f"![{attributes.get('alt', '')}]({attributes['src']})")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.dropped = max(self.dropped - 1, 0)
            return
        if not self._known(tag):
            self._text(_visible(f"</{tag}>"))
            return
        if tag not in self.open:
            return  # a stray end tag
        while self.open and self.open[-1] != tag:  # close what the author left open
            self.handle_endtag(self.open[-1])
        self.open.pop()
        if tag in _PARAGRAPHS or tag in _HEADINGS:
            self.out.append("\n\n")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self.pre -= 1
            self.out.append("\n```\n\n")
        elif tag == "a":
            start, href = self.links.pop()
            text = "".join(self.out[start:]).strip()
            del self.out[start:]
            self.out.append(f"[{text}]({href})" if href and text else text)
        elif tag in ("ul", "ol"):
            self.lists.pop()
            if not self.lists:
                self.out.append("\n\n")
        elif tag in ("td", "th") and self.table is not None and self.cell is not None:
            text = "".join(self.out[self.cell :]).strip().replace("|", "\\|")
            del self.out[self.cell :]
            self.cell = None
            if not self.table:
                self.table.append([])
            self.table[-1].append(text)
        elif tag == "table" and self.table is not None:
            rows, self.table = [row for row in self.table if row], None
            self.out.append(_markdown_table(rows))

    def close(self) -> None:
        super().close()
        for tag in reversed(self.open):  # unclosed elements end with the text
            if tag in self.open:
                self.handle_endtag(tag)

    @staticmethod
    def _known(tag: str) -> bool:
        return (
            tag in _TRANSPARENT
            or tag in _PARAGRAPHS
            or tag in _HEADINGS
            or tag in _EMPHASIS
            or (
                tag
                in {
                    "a",
                    "br",
                    "hr",
                    "img",
                    "code",
                    "pre",
                    "ul",
                    "ol",
                    "li",
                    "table",
                    "tr",
                    "td",
                    "th",
                }
            )
        )


def _visible(markup: str) -> str:
    """Markup that is no HTML element (`<id>`, `<https://...>`) shown as the text it is."""
    if re.match(r"<[a-zA-Z][\w+.-]*:", markup):
        return markup  # a Markdown autolink
    return markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_table(rows: list[list[str]]) -> str:
    if not rows:
        return "\n\n"
    width = max(len(row) for row in rows)
    lines = [
        "| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows[:1] + rows[1:]
    ]
    lines.insert(1, "|" + " --- |" * width)
    return "\n\n" + "\n".join(lines) + "\n\n"


def _convert_prose(text: str) -> str:
    """HTML in a run of Markdown prose (no code blocks) converted; code spans kept as written."""
    spans: list[str] = []

    def protect(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return _PLACEHOLDER.format(len(spans) - 1)

    converter = _Converter()
    converter.feed(_CODE_SPAN.sub(protect, text.replace("\ue000", "").replace("\ue001", "")))
    converter.close()
    converted = _PLACEHOLDERS.sub(lambda m: spans[int(m.group(1))], "".join(converter.out))
    converted = re.sub(r"\\\n[ \t]+", "\\\n", converted)  # no indent after a line break
    lines = [line.rstrip() for line in converted.split("\n")]
    # a line break that ends a paragraph breaks nothing
    lines = [
        line[:-1].rstrip() if line.endswith("\\") and not following.strip() else line
        for line, following in zip(lines, lines[1:] + [""])
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _blocks(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is code, text) runs: fenced code blocks and indented code blocks (four
    spaces or a tab after a blank line) are code."""
    blocks: list[tuple[bool, list[str]]] = []
    fence = ""
    previous_blank = True
    for line in text.split("\n"):
        if fence:
            blocks[-1][1].append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        opening = _FENCE.match(line)
        indented = line.startswith(("    ", "\t")) and line.strip()
        in_code = bool(blocks and blocks[-1][0])
        if opening:
            fence = opening.group(1)
            blocks.append((True, [line]))
        elif indented and (previous_blank or in_code):
            if in_code:
                blocks[-1][1].append(line)
            else:
                blocks.append((True, [line]))
        elif in_code and not line.strip():
            blocks[-1][1].append(line)  # a blank line inside an indented block
        else:
            if not blocks or blocks[-1][0] or opening:
                blocks.append((False, []))
            blocks[-1][1].append(line)
        previous_blank = not line.strip()
    return [(code, "\n".join(lines)) for code, lines in blocks]


def html_to_markdown(text: str, *, top_level: int = 1) -> str:
    """`text` (Markdown with HTML in it, as API descriptions are written) as plain Markdown.

    `top_level`: the level its highest heading gets (3 puts `#` and `##` of the text under a
    `##` section of the page it goes in); headings left without content (the text of their
    section was all HTML comments, say) are dropped.
    """
    text = re.sub(r"\r\n?", "\n", text)
    parts = [block if code else _convert_prose(block) for code, block in _blocks(text)]
    markdown = "\n".join(parts)
    markdown = _drop_empty_sections(markdown)
    markdown = _shift_headings(markdown, top_level)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n")


def _heading_lines(markdown: str) -> list[int | None]:
    """Per line of `markdown`: its heading level, None for other lines and lines of code."""
    levels: list[int | None] = []
    for code, block in _blocks(markdown):
        for line in block.split("\n"):
            heading = None if code else _ATX_HEADING.match(line)
            levels.append(len(heading.group(1)) if heading else None)
    return levels


def _shift_headings(markdown: str, top_level: int) -> str:
    lines = markdown.split("\n")
    levels = _heading_lines(markdown)
    present = [level for level in levels if level is not None]
    if not present:
        return markdown
    shift = top_level - min(present)
    shifted: list[str] = []
    for line, level in zip(lines, levels):
        if level is None:
            shifted.append(line)
            continue
        if shifted and shifted[-1].strip():
            shifted.append("")  # a heading stands between blank lines
        shifted += ["#" * min(max(level + shift, 1), 6) + line[level:], ""]
    return "\n".join(shifted)


def _drop_empty_sections(markdown: str) -> str:
    """Headings followed by nothing but blank lines before a heading of the same or a higher
    level (or the end) are removed, from the last one up."""
    lines = markdown.split("\n")
    levels = _heading_lines(markdown)
    keep = [True] * len(lines)
    for index in range(len(lines) - 1, -1, -1):
        level = levels[index]
        if level is None:
            continue
        following = index + 1
        while following < len(lines) and (not keep[following] or not lines[following].strip()):
            following += 1
        next_level = levels[following] if following < len(lines) else 0
        if following == len(lines) or (next_level is not None and next_level <= level):
            keep[index] = False
    return "\n".join(line for line, kept in zip(lines, keep) if kept)


# Markdown that does not read as plain text: links and images, emphasis, blockquote markers,
# heading markers, backslash escapes (code spans are kept as written).
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
# Strong emphasis may wrap onto the next line of its paragraph, never past a blank line.
_STRONG = re.compile(r"\*\*(?=\S)((?:[^\n]|\n(?![ \t]*\n))+?)(?<=\S)\*\*")  # not `__`: dunders
_EMPHASIS_SPAN = re.compile(r"(?<![\w*\\])\*(?=[\w`])([^*\n]+?)(?<=[\w`.!?)])\*(?![\w*])")
_QUOTE_MARKERS = re.compile(r"(?m)^([ \t]*)(?:>[ \t]?)+")
_HEADING_LINE = re.compile(r"(?m)^[ \t]{0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ESCAPED_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")


def _link_text(match: re.Match[str]) -> str:
    """A link as text: `text (url)`; the text alone for a link within the page (`#...`)."""
    text, url = " ".join(match.group(2).split()), match.group(3)
    if not url or url.startswith("#"):
        return text
    return url if not text or text == url else f"{text} ({url})"


def _prose_text(text: str) -> str:
    spans: list[str] = []

    def protect(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return _PLACEHOLDER.format(len(spans) - 1)

    text = _CODE_SPAN.sub(protect, text)
    text = _QUOTE_MARKERS.sub(r"\1", text)
    text = _HEADING_LINE.sub(lambda m: m.group(1) or "", text)
    text = _LINK.sub(_link_text, text)
    text = _STRONG.sub(r"\1", text)
    text = _EMPHASIS_SPAN.sub(r"\1", text)
    text = _ESCAPED_PUNCTUATION.sub(r"\1", html.unescape(text))
    return _PLACEHOLDERS.sub(lambda m: spans[int(m.group(1))], text)


def markdown_to_text(text: str) -> str:
    """A spec description (Markdown with HTML in it) as plain text, for a docstring: the HTML
    turned into Markdown (`html_to_markdown`, when it has any), then what does not read as text taken out: links
    become `text (url)` (the text alone for a link within the page), emphasis, blockquote and
    heading markers and backslash escapes are dropped, entities decoded. Lists (`- item`), code
    spans and code blocks are kept as written."""
    if not re.search(r"[<>&*_\[\]#\\]", text):
        return text.strip()  # nothing to convert (most descriptions)
    markdown = html_to_markdown(text) if re.search(r"[<&]", text) else text.replace("\r", "")
    parts = [block if code else _prose_text(block) for code, block in _blocks(markdown)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip()
