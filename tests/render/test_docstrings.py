"""The rules of docstrings: the spec's Markdown and HTML as plain text, no summary said twice,
lines within the line length, module docstrings that say what the module holds."""

from __future__ import annotations

from generator import ir
from generator.config import LINE_LENGTH
from generator.render.docstrings import common_path, listed, operation_doc, repeats
from generator.render.markdown import markdown_to_text
from generator.render.text import docstring


def test_blockquote_heading_and_emphasis_markers_are_dropped() -> None:
    assert markdown_to_text("> Relation available: owner - claims") == (
        "Relation available: owner - claims"
    )
    assert (
        markdown_to_text("### Usage\n\nSend *one* **bold** item") == "Usage\n\nSend one bold item"
    )


def test_strong_emphasis_wrapped_within_its_paragraph_is_dropped_too() -> None:
    assert markdown_to_text("Use **very\nimportant** keys") == "Use very\nimportant keys"
    assert markdown_to_text("a **b\n\nc** d") == "a **b\n\nc** d"  # not across paragraphs


def test_links_read_as_text_and_url_in_page_links_as_their_text() -> None:
    assert markdown_to_text("see [the docs](https://x.io/a)") == "see the docs (https://x.io/a)"
    assert markdown_to_text("[Container](#tag/TmsContainer) - [Tag](#tag/Tag)") == (
        "Container - Tag"
    )


def test_html_becomes_text_and_entities_are_decoded() -> None:
    assert markdown_to_text("Download.<br />\nOne <b>tab</b> &amp; more") == (
        "Download.\n\nOne tab & more"
    )
    assert markdown_to_text("Will declare tC.event.\\<function_name\\>") == (
        "Will declare tC.event.<function_name>"
    )


def test_lists_code_and_snake_case_are_kept() -> None:
    text = '- one\n- two\n\n`<script>` and `**x**`, nb_optin_XXX, __import__, "*/2" or "*/3"'
    assert markdown_to_text(text) == text
    assert markdown_to_text("ends with a backslash \\") == "ends with a backslash \\"


def test_a_description_that_repeats_the_summary_modulo_case_plural_punctuation() -> None:
    assert repeats("Create users", "Create user")
    assert repeats("create user.", "Create user")
    assert not repeats("List of all generated versions", "List generated versions")


def test_long_lines_wrap_within_the_line_length_at_their_indent() -> None:
    text = "word " * 40 + "\n\nArgs:\n  include: " + "text " * 30 + "\n  - item " + "x " * 60
    doc = docstring(text.strip(), 8)
    lines = doc.split("\n")
    assert all(len(line) <= LINE_LENGTH for line in lines)
    assert 8 + 3 + len(lines[0]) <= LINE_LENGTH  # the first line follows the opening quotes
    assert any(line.startswith(" " * 12 + "text") for line in lines)  # an argument hangs by 2
    assert any(line.startswith(" " * 12 + "x") for line in lines)  # a list item under its text


def test_a_url_longer_than_the_room_stays_whole() -> None:
    url = "https://example.com/" + "a" * 120
    assert "    " + url in docstring(f"See {url} for more", 4).split("\n")


def test_a_one_line_docstring_leaves_room_for_its_closing_quotes() -> None:
    doc = docstring("x" * 50 + " " + "y" * 44, 4)
    assert "\n" in doc and all(len(line) + 3 <= LINE_LENGTH for line in doc.split("\n"))


def test_module_docstring_helpers() -> None:
    assert common_path(["/tms/web-containers", "/tms/web-containers/{id}"]) == "/tms/web-containers"
    assert common_path(["/a", "/b"]) == ""
    assert listed(["`a`"]) == "`a`"
    assert listed([str(n) for n in range(8)], 6) == "0, 1, 2, 3, 4, 5 and 2 more"


def test_a_parameter_shows_the_specs_example_when_it_fits_its_type() -> None:
    def parameter(name: str, kind: str, example: str | None, description: str = "") -> ir.Parameter:
        ref = ir.TypeRef(kind=kind, python=ir.AnyType())  # type: ignore[arg-type]
        return ir.Parameter(
            name, name, "query", ref, ref.python, False, "form", True, description,
            default="None", example=example,
        )  # fmt: skip

    parameters = (
        parameter("begin", "date", '"2021-04-30"', "First day."),
        parameter("limit", "int", '"20"'),  # text for an integer: not shown
        parameter("sort", "str", '"-name"'),
    )
    op = ir.Operation(
        "list", "list", "GET", "/items", "List items", "", False, parameters, (), (), None, None,
        (), (),
    )  # fmt: skip
    doc = operation_doc(op)
    assert "begin: First day. (example: date(2021, 4, 30))" in doc
    assert "limit" not in doc
    assert 'sort: (example: "-name")' in doc


def test_a_body_keyword_shows_its_example_when_it_fits_its_type() -> None:
    def keyword(name: str, kind: str, example: str | None, description: str = "") -> ir.BodyKeyword:
        ref = ir.TypeRef(kind=kind, python=ir.AnyType())  # type: ignore[arg-type]
        return ir.BodyKeyword(
            name, name, ref, ref.python, False, "NOT_GIVEN", description, example=example
        )

    keywords = (
        keyword("name", "str", '"Lamp"', "The name."),
        keyword("price", "float", '"cheap"'),  # text for a number: not shown
        keyword("size", "int", "3"),
        keyword("note", "str", None),
    )
    model = ir.TypeRef("model", ir.ModelType("Item"), model="Item")
    body = ir.RequestBody("application/json", model, True, "", keywords=keywords)
    op = ir.Operation(
        "create", "create", "POST", "/items", "Create an item", "", False, (), (body,), (), None,
        None, (), (),
    )  # fmt: skip
    doc = operation_doc(op)
    assert 'name: The name. (example: "Lamp")' in doc and "  size: (example: 3)" in doc
    assert "price" not in doc and "note" not in doc
