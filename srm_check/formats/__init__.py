"""Output formats: each is one module with `render(result, color=...) -> str`.

Formats are looked up by name and imported only when used, so that adding one
costs nothing at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from srm_check.pipeline.results import RunResult


class Formatter(Protocol):
    def __call__(self, result: RunResult, *, color: bool = False) -> str: ...


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
    """The `render` function of format `name`."""
    module = importlib.import_module(FORMATS[name])
    render: Formatter = module.render
    return render
