"""The report as Markdown (GitHub-flavoured tables): for pull requests, wikis and CI summaries.

The layout is in templates/markdown/. Its environment escapes every value a template
writes with `md`, as autoescape does for HTML: what a macro or a {% set %} block
returns is Markdown already (the environment's `concat` marks it) and is written as
it is, so that no template escapes text by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import jinja2

from srm_check.core.markdown import markdown_code, markdown_text
from srm_check.report.model import Report
from srm_check.report.templating import environment


class Markdown(str):
    """Text that is Markdown already: written as it is, never escaped again."""

    __slots__ = ()


def md(value: object) -> Markdown:
    """Text safe in a Markdown table cell: one line, nothing rendered (core.markdown, as the
    job summary of `check` escapes it)."""
    if isinstance(value, Markdown):
        return value
    return Markdown(markdown_text(str(value)))


def code(value: object) -> Markdown:
    """Inline code holding the text exactly, backticks included; safe in a table cell."""
    return Markdown(markdown_code(str(value)))


def verbatim(value: object) -> Markdown:
    """A value written as it is, unescaped: for the few tokens the report has always shown raw."""
    return Markdown(str(value))


def join(items: Iterable[object], separator: str = "") -> Markdown:
    """The `join` filter: each item escaped as `md` does; the separator is template text."""
    return Markdown(separator.join(md(item) for item in items))


def _concat(parts: Iterable[str]) -> Markdown:
    return Markdown("".join(parts))


class MarkdownEnvironment(jinja2.Environment):
    """Templates whose output is Markdown: whatever a macro or block returns is marked so.

    Jinja joins every rendered piece with `concat` (NativeEnvironment overrides it the
    same way); marking the result lets `md`, the finalize step, pass it through.
    """

    concat = staticmethod(_concat)


@functools.cache
def markdown_environment() -> jinja2.Environment:
    """The Markdown templates' environment: every value through `md` unless it is Markdown."""
    env = environment(MarkdownEnvironment, autoescape=False, finalize=md)
    env.filters.update({"code": code, "verbatim": verbatim, "join": join})
    return env


def render(report: Report) -> str:
    """The whole report as one Markdown document, ending in one newline."""
    return "".join(render_pieces(report))


def render_pieces(report: Report) -> Iterator[str]:
    """The report piece by piece, as it is rendered (see `render`): the newlines at the end of a
    piece are held back until more text follows, so that the document ends in exactly one."""
    held = ""
    for piece in markdown_environment().get_template("markdown/report.md.jinja").generate(report=report):
        body = piece.rstrip("\n")
        if body:
            yield held + body
            held = piece[len(body) :]
        else:
            held += piece
    yield "\n"
