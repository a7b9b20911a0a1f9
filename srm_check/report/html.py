"""The report as one self-contained HTML file: inline CSS, no scripts, nothing fetched.

It opens offline, prints on landscape pages without losing matrix columns (at most
MAX_COLUMNS agreement columns per table, header rows repeated on every page), and is
readable without colour: every marked cell carries a symbol and words, explained by
a legend. The layout is in templates/html/; every value a template writes is escaped
by the environment (autoescape), so that no text from agreements or policies becomes markup.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Iterator

import jinja2
from markupsafe import Markup

from srm_check.core.text import visible
from srm_check.report.model import Report
from srm_check.report.templating import environment


def escape(value: object) -> Markup:
    """Text as HTML, safe in content and in quoted attribute values; markup stays as it is.

    The standard library's escaping (`'` as &#x27;, `"` as &quot;), the report's since
    its first version, rather than markupsafe's own spelling of the same characters.
    Control characters are shown escaped first (core.text.visible); line feeds stay.
    """
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value)
    return _escape_text(str(value))


@functools.lru_cache(maxsize=8192)
def _escape_text(text: str) -> Markup:
    # Cached: party names, titles, ids and numbers repeat in every row of a large report.
    return Markup(html.escape(visible(text, newlines=True), quote=True))


def join(items: Iterable[object], separator: str = "") -> Markup:
    """The `join` filter, with each item escaped as `escape` does (markup items as they are)."""
    return escape(separator).join(escape(item) for item in items)


def web(uri: str) -> bool:
    """Only web pages become links: a policy's help_uri must not run anything when clicked."""
    return uri.startswith(("https://", "http://"))


def wbr(value: object) -> Markup:
    """A path or place, escaped, that may break only after a separator (`/`, `:`), never
    inside a name: <wbr> after each."""
    text = str(escape(value))
    return Markup(text.replace("/", "/<wbr>").replace(":", ":<wbr>"))


@functools.cache
def html_environment() -> jinja2.Environment:
    """The HTML templates' environment: autoescape on, every value through `escape`; the
    charts' inline SVG is markup from `charts`, which escapes every text it writes."""
    from srm_check.report import charts

    env = environment(autoescape=True, finalize=escape)
    env.filters.update({"e": escape, "escape": escape, "join": join, "wbr": wbr})
    env.tests["web"] = web
    env.globals.update(
        {
            "boundary_svg": charts.boundary_svg,
            "heat_svg": charts.heat_svg,
            "cost_svg": charts.cost_svg,
        }
    )
    return env


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    return "".join(render_pieces(report))


def render_pieces(report: Report) -> Iterator[str]:
    """The report as it is rendered, piece by piece: written as it comes, never whole in memory."""
    template = html_environment().get_template("html/report.html.jinja")
    yield from template.generate(report=report)
