"""API descriptions (Markdown with HTML in it) as Markdown: `generator/markdown.py`."""

from __future__ import annotations

from generator.render.markdown import html_to_markdown


def test_links_emphasis_and_line_breaks_become_markdown() -> None:
    text = (
        'Uses <a href="http://jsonapi.org/" target="blank">JSONAPI</a>.<br> <b>Bold</b> <i>it</i>'
    )
    assert html_to_markdown(text) == "Uses [JSONAPI](http://jsonapi.org/).\\\n**Bold** *it*"


def test_an_html_table_becomes_a_markdown_table() -> None:
    text = """Error objects have the following properties <table>
  <tr>
    <th>Property</th>
    <th>Description</th>
  </tr>
  <tr>
    <td>code</td>
    <td>
      Always present | checked
    </td>
  </tr>
</table>"""
    assert html_to_markdown(text) == (
        "Error objects have the following properties\n\n"
        "| Property | Description |\n"
        "| --- | --- |\n"
        "| code | Always present \\| checked |"
    )


def test_lists_become_markdown_lists() -> None:
    text = "<ul><li>one</li><li>two <ol><li>a</li><li>b</li></ol></li></ul>"
    assert html_to_markdown(text) == "- one\n- two\n  1. a\n  2. b"


def test_comments_and_injection_points_are_removed_and_empty_sections_dropped() -> None:
    text = "# Intro\n\nText <!-- a note -->here.\n\n# Authentication\n\n<!-- ReDoc-Inject: <security-definitions> -->\n"
    assert html_to_markdown(text) == "# Intro\n\nText here."


def test_headings_are_moved_under_the_section_they_go_in() -> None:
    text = "# A\n\none\n\n## B\n\ntwo\n\n<h1>C</h1>three"
    assert html_to_markdown(text, top_level=3) == (
        "### A\n\none\n\n#### B\n\ntwo\n\n### C\n\nthree"
    )


def test_code_is_kept_as_written() -> None:
    text = "Send `<b>` as is:\n\n    <table><tr><td>x</td></tr></table>\n\n```html\n<br>\n```\n\nend<br>"
    assert html_to_markdown(text) == (
        "Send `<b>` as is:\n\n    <table><tr><td>x</td></tr></table>\n\n```html\n<br>\n```\n\nend"
    )


def test_scripts_are_dropped_and_unknown_markup_is_shown_as_text() -> None:
    text = "Call <id> then <script>alert(1)</script>done <https://example.com>"
    assert html_to_markdown(text) == "Call &lt;id&gt; then done <https://example.com>"


def test_markdown_without_html_is_unchanged() -> None:
    text = "# Title\n\nSome *text* with a [link](http://x) & an entity &amp;.\n\n- a\n- b"
    assert html_to_markdown(text) == text


def test_the_commandersact_description(ca_spec) -> None:
    import json

    description = json.loads(ca_spec.read_text())["info"]["description"]
    markdown = html_to_markdown(description, top_level=3)
    assert "<" not in markdown.replace("<https://", "")
    assert "ReDoc-Inject" not in markdown and "Authentication" not in markdown
    assert markdown.startswith("### Information\n\nThis is the CommandersAct API Documentation.")
    assert "| code | string | true | Always present" in markdown
    assert '          "code": "YOU_CAN_CHECK_THIS_IN_CODE",' in markdown  # the code block
