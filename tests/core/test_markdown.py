"""core/markdown.py, rendered as GitHub renders it (cmark-gfm): text reads as written."""

from __future__ import annotations

import re

import pytest

from srm_check.core.markdown import markdown_code, markdown_text


def gfm_cell(markdown: str) -> str:
    """`markdown` as the one cell of a GitHub table, rendered to HTML by cmark-gfm."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html = cmarkgfm.github_flavored_markdown_to_html(
        f"| h |\n|---|\n| {markdown} |\n", options=Options.CMARK_OPT_UNSAFE
    )
    return str(html).split("<td>", 1)[1].split("</td>", 1)[0]


def plain(html: str) -> str:
    """The text an HTML fragment shows."""
    import html as lib

    return lib.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    "text",
    [
        "~~free~~ and ~one~",
        "**bold** *it* _under_ __x__",
        "<b>tag</b> <script>alert(1)</script> <!-- comment -->",
        "[link](javascript:alert(1)) ![img](x.png) <https://auto.example>",
        "$x$ and $$y$$",
        "&amp; &lt; &#60; &copy;",
        "a | b | c",
        "`code` and ``more``",
        "back\\slash \\* \\_",
        "ends with a heading mark #",
        "# starts like a heading",
    ],
)
def test_text_reads_as_written_and_renders_no_markup(text: str) -> None:
    html = gfm_cell(markdown_text(text))
    assert "<" not in re.sub(r"&lt;", "", html).replace("&lt;", "")  # no element at all
    assert plain(html) == text


@pytest.mark.parametrize(
    "text", ["see https://evil.example/x", "HTTP://EVIL.example", "www.evil.example", "ftp://files.example/x"]
)
def test_bare_urls_do_not_become_links(text: str) -> None:
    html = gfm_cell(markdown_text(text))
    assert "<a" not in html and plain(html) == text


def test_control_characters_show_escaped_and_line_feeds_read_as_spaces() -> None:
    assert plain(gfm_cell(markdown_text("a\x1b[2K\rb\nc"))) == "a\\x1b[2K\\rb c"


@pytest.mark.parametrize(
    "text", ["a`b", "`x`", "``", "a|b", "agreements/we`ird.yaml:3:4", " padded ", "x\\y"]
)
def test_code_spans_hold_any_text(text: str) -> None:
    html = gfm_cell(markdown_code(text))
    assert html.startswith("<code>") and html.endswith("</code>")
    assert plain(html) == text
