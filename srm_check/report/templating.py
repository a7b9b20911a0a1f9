"""The Jinja2 set-up that the Markdown and HTML reports share: where templates are, what they call.

Templates live in the package folder `templates/` (shipped in the wheel) and are read
with a FileSystemLoader, which costs no more than opening the files. This module is
imported only by the renderers, so that `srm-check check` never loads jinja2.
Sentences come from `phrases`, so that both formats say the same thing; templates
only lay them out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from srm_check.core.text import plural
from srm_check.report import phrases, wording
from srm_check.report.costs import format_amount, period_text
from srm_check.report.figures import PRINTED_MATRIX_TABLES
from srm_check.report.rows import LEGEND, NO_DEFAULT

TEMPLATES = Path(__file__).parent / "templates"

# What every template may call or read, besides `report`.
GLOBALS: dict[str, Any] = {
    "plural": plural,
    "format_amount": format_amount,
    "period_text": period_text,
    "cost_text": phrases.cost_text,
    "verdict": phrases.verdict,
    "headline": phrases.headline,
    "agreement_result": phrases.agreement_result,
    "dates": phrases.dates,
    "party_list": phrases.party_list,
    "status_text": phrases.status_text,
    "git_sentence": phrases.git_sentence,
    "waiver_intro": phrases.waiver_intro,
    "waiver_row": phrases.waiver_row,
    "summary_rows": phrases.summary_rows,
    "sections": phrases.SECTIONS,
    "legend": LEGEND,
    "waiver_columns": phrases.WAIVER_COLUMNS,
    "finding_columns": phrases.FINDING_COLUMNS,
    "deviation_columns": phrases.DEVIATION_COLUMNS,
    "total_columns": phrases.TOTAL_COLUMNS,
    "annual_columns": phrases.ANNUAL_COLUMNS,
    "annual_rule": phrases.ANNUAL_RULE,
    "no_default": NO_DEFAULT,
    "printed_tables": PRINTED_MATRIX_TABLES,
    "failing_findings": wording.failing_findings,
    "severity_text_of": wording.severity_text_of,
    "finding_groups": wording.finding_groups,
    "findings_intro": wording.findings_intro,
    "agreements_intro": wording.agreements_intro,
    "rest_sentence": wording.rest_sentence,
    "row_cost_text": wording.row_cost_text,
    "boundary_caption": wording.boundary_caption,
    "tally_columns": wording.tally_columns,
    "tally_cells": wording.tally_cells,
    "running_header": wording.running_header,
    "column_labels": wording.column_labels,
    "heat_rows": wording.heat_rows,
    "heat_counts": wording.heat_counts,
    "boundary_columns": wording.boundary_columns,
    "boundary_rows": wording.boundary_rows,
}


def environment(cls: type[jinja2.Environment] = jinja2.Environment, **options: Any) -> jinja2.Environment:
    """An environment of `cls` on the report templates; `options` set its escaping.

    Block tags take their own line and leave no blank line behind (trim_blocks,
    lstrip_blocks), so that templates read like the output; a template's last
    newline is kept. An undefined name is an error, never an empty string.
    """
    env = cls(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        **options,
    )
    env.globals.update(GLOBALS)
    return env
