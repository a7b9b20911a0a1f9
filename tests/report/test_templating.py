"""report.templating: the templates of both formats, one per report section, none escaping by hand."""

from __future__ import annotations

import re

import pytest

from srm_check.report.phrases import SECTIONS
from srm_check.report.templating import TEMPLATES

FORMATS = {"html": ".html.jinja", "markdown": ".md.jinja"}


@pytest.mark.parametrize("folder", sorted(FORMATS))
def test_every_section_has_a_template_in_every_format(folder: str) -> None:
    for anchor, _ in SECTIONS:
        assert (TEMPLATES / folder / f"{anchor}{FORMATS[folder]}").is_file(), anchor


def test_no_template_escapes_or_unescapes_by_hand() -> None:
    """Escaping is the environment's job: a hand-called filter would escape twice or not at all."""
    by_hand = re.compile(r"\|\s*(e|escape|forceescape|safe|md|urlencode)\b|\bMarkup\b")
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.jinja"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert offenders == []


def test_verbatim_is_kept_for_the_one_token_shown_raw() -> None:
    uses = [p.name for p in TEMPLATES.rglob("*.jinja") if "|verbatim" in p.read_text("utf-8")]
    assert uses == ["provenance.md.jinja"]
