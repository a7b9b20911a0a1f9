"""Output formats: each is one module with `render(result, options) -> str`, listed in FORMATS.

Every format takes the same FormatOptions, so a command passes its flags to all of them
alike and never special-cases one. Formats are imported only when used, so that adding
one costs nothing at start-up: a new format is one module and one line in FORMATS.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from srm_check.pipeline.results import RunResult


# The SARIF category of a run unless --sarif-category names another (automationDetails.id "srm-check/").
SARIF_CATEGORY = "srm-check"


class FormatOptions(NamedTuple):
    """What the command line can say about an output; each format reads the fields it knows."""

    color: bool = False  # ANSI colours (text only, and only on a terminal)
    junit_file_attribute: bool = False  # JUnit: a `file` attribute on each test case, for GitLab
    quiet: bool = False  # text: the findings only, no summary (-q)
    sarif_category: str = SARIF_CATEGORY  # SARIF: the analysis' category (automationDetails.id)


DEFAULT_OPTIONS = FormatOptions()


class Formatter(Protocol):
    def __call__(self, result: RunResult, options: FormatOptions = ..., /) -> str: ...


# name -> module holding its `render`; imported on first use.
FORMATS: dict[str, str] = {
    "text": "srm_check.formats.text",
    "json": "srm_check.formats.json_format",
    "sarif": "srm_check.formats.sarif",
    "junit": "srm_check.formats.junit",
    "github": "srm_check.formats.github",
    "summary": "srm_check.formats.summary",
}

# Formats that are files for another program, never mixed into a terminal's output.
FILE_ONLY: frozenset[str] = frozenset({"junit"})
# Formats that record policy problems (a run that checked nothing) as a valid document.
RECORDS_PROBLEMS: frozenset[str] = frozenset({"sarif", "junit", "github", "summary"})


def get_formatter(name: str) -> Formatter:
    """The `render` function of format `name`; an unknown name is a usage error."""
    if name not in FORMATS:
        from srm_check.core.problem import SrmError

        raise SrmError("usage", f"unknown format {name!r} (choose from: {', '.join(FORMATS)})")
    module = importlib.import_module(FORMATS[name])
    render: Formatter = module.render
    return render
