"""report.html: the HTML environment escapes every value (autoescape), in the report's spelling."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from srm_check.pipeline.run import execute, prepare
from srm_check.pipeline.settings import Settings
from srm_check.report.build import build_report
from srm_check.report.html import escape, html_environment, join, render, web
from srm_check.report.provenance import Provenance

HOSTILE = "Sharp <script>alert(\"x\")</script> 'quoted' & Co"


def test_escape_uses_the_standard_library_spelling() -> None:
    assert escape(HOSTILE) == (
        "Sharp &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;quoted&#x27; &amp; Co"
    )
    assert escape(3) == "3"
    markup = Markup("<b>kept</b>")
    assert escape(markup) is markup


def test_join_escapes_items_and_keeps_markup() -> None:
    assert join(["<a>", Markup("<b>x</b>")], ", ") == "&lt;a&gt;, <b>x</b>"


@pytest.mark.parametrize(
    ("uri", "linked"),
    [
        ("https://example.org/r", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_only_web_pages_are_links(uri: str, linked: bool) -> None:
    assert web(uri) is linked


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def _render(source: str, **values: object) -> str:
    return str(html_environment().from_string(source).render(**values))


def test_hostile_text_stays_text_in_content_and_attributes() -> None:
    out = _render('<p title="{{ name }}"><a href="#{{ name }}">{{ name }}</a></p>', name=HOSTILE)
    page = _Tags()
    page.feed(out)
    assert [t for t, _ in page.tags] == ["p", "a"]  # no <script> reached the page
    assert page.tags[0][1]["title"] == HOSTILE  # the attribute kept its quotes closed
    assert page.tags[1][1]["href"] == f"#{HOSTILE}"
    assert page.text == HOSTILE
    assert "&#39;" not in out and "&#34;" not in out  # the report's spelling, not markupsafe's


def test_macro_output_is_markup_and_is_not_escaped_again() -> None:
    source = "{% macro code(v) %}<code>{{ v }}</code>{% endmacro %}<td>{{ code(name) }}</td>"
    assert _render(source, name="<x>") == "<td><code>&lt;x&gt;</code></td>"


def test_the_escape_filters_spell_as_autoescape_does() -> None:
    assert _render("{{ name|e }}|{{ name|escape }}", name="'") == "&#x27;|&#x27;"


AGREEMENT = """\
agreement: hostile
community: 'Sharp <script>alert("x")</script> & Co'
catalogue: 2i2c-srm@2022
effective: 2026-01-01
parties:
  - {id: lab, name: 'Lab "quoted" <b>bold</b>'}
assignments:
  use-hub: community
"""


def test_a_whole_report_shows_hostile_agreement_text_as_text(tmp_path: Path) -> None:
    (tmp_path / "hostile.yaml").write_text(AGREEMENT, "utf-8")
    settings = Settings.from_values({}, {}, base=tmp_path)
    prepared = prepare(settings, paths=[tmp_path], use_waivers=False, today=date(2026, 1, 1))
    provenance = Provenance("0.0.0", "2026-01-01T00:00:00Z", "test", (), (), (), "", (), None, "not in git")
    out = render(build_report(execute(prepared, keep_agreements=True), provenance))
    page = _Tags()
    page.feed(out)
    assert not {t for t, _ in page.tags} & {"script", "b"}
    assert "Sharp &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co · fails" in out
    assert "<strong>Lab &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;</strong> (<code>lab</code>)" in out
    assert 'Sharp <script>alert("x")</script> & Co' in page.text
