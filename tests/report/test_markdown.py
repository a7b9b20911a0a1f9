"""report.markdown: the Markdown environment escapes every value, once, with `md`."""

from __future__ import annotations

import pytest

from srm_check.core.severity import Severity
from srm_check.report.markdown import Markdown, code, join, markdown_environment, md, verbatim

SPECIALS = "\\`*_[]<>|~&$"


@pytest.mark.parametrize("char", list(SPECIALS))
def test_md_escapes_every_markdown_special_character(char: str) -> None:
    assert md(f"a{char}b") == f"a\\{char}b"


def test_md_leaves_other_text_and_makes_one_line() -> None:
    assert md("Plain text: 1, (x) y! + - = {} ▲ ✕ a.b") == "Plain text: 1, (x) y! + - = {} ▲ ✕ a.b"
    # Control characters show escaped (`\t`, `\x1b`), their backslash escaped for Markdown.
    assert md("two\nlines, a\ttab and \x1b[2K") == r"two lines, a\\ttab and \\x1b\[2K"
    assert md(42) == "42" and md(Severity.warning) == "warning" and md(None) == "None"


def test_md_is_the_summary_format_s_escaping() -> None:
    from srm_check.formats.summary import cell

    for text in ("~~free~~ & $x$", "see https://x.example", "a`b|c", "x\x1b[1A\rfake"):
        assert md(text) == cell(text)


def test_md_escapes_once() -> None:
    once = md("a|b")
    assert isinstance(once, Markdown)
    assert md(once) == "a\\|b"  # Markdown already: not escaped again
    assert md(verbatim("SOURCE_DATE_EPOCH")) == "SOURCE_DATE_EPOCH"


def test_code_spans_keep_table_cells_intact() -> None:
    assert code("a`b|c\nd") == "``a`b\\|c d``"  # the backtick kept: a longer fence
    assert code("`x`") == "`` `x` ``" and code("") == ""
    assert isinstance(code("x"), Markdown)


def test_join_escapes_items_not_the_separator() -> None:
    assert join(["a|b", code("c"), 3], " | ") == "a\\|b | `c` | 3"


def _render(source: str, **values: object) -> str:
    return str(markdown_environment().from_string(source).render(**values))


def test_templates_escape_values_without_being_asked() -> None:
    hostile = "<script>alert('x')</script> | *bold* [link](x) `code` _under_ \\"
    out = _render("Community: {{ name }}", name=hostile)
    assert out == (
        "Community: \\<script\\>alert('x')\\</script\\> \\| \\*bold\\* "
        "\\[link\\](x) \\`code\\` \\_under\\_ \\\\"
    )


def test_macro_and_block_output_is_not_escaped_again() -> None:
    source = (
        "{% macro strong(text) %}**{{ text }}**{% endmacro %}"
        "{% set cell %}{{ strong(name) }} ({{ id|code }}){% endset %}"
        "| {{ [cell, name]|join(' | ') }} |"
    )
    assert _render(source, name="a_b", id="x|y") == "| **a\\_b** (`x\\|y`) | a\\_b |"


def test_an_undefined_name_is_an_error() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        _render("{{ missing }}")
