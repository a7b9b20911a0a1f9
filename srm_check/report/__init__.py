"""Audit reports: who holds what across agreements, what moved, what it costs, and why to trust it.

`build.build_report` turns a checked run into a `Report` (pure data, typed in `model`; no I/O);
`provenance.collect` gathers the evidence (hashes, git state, time); one module per
format renders a `Report` to text: JSON directly, Markdown and HTML through the Jinja2
templates in templates/ (jinja2 is imported only then). The CLI lives in
`srm_check.commands.report`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srm_check.report.model import Report

# Format name -> module with `render(report) -> str`; imported only when chosen.
RENDERERS: dict[str, str] = {
    "markdown": "srm_check.report.markdown",
    "html": "srm_check.report.html",
    "json": "srm_check.report.json_report",
}
# Output file suffix -> format, for `--output report.html` without `--format`.
SUFFIXES: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}


def get_renderer(name: str) -> Callable[[Report], str]:
    """The `render` function of report format `name`."""
    module = importlib.import_module(RENDERERS[name])
    render: Callable[[Report], str] = module.render
    return render


def get_writer(name: str) -> Callable[[Report], Iterable[str]]:
    """The `render_pieces` function of report format `name`: the report as it is rendered, to be
    written piece by piece, so that a report of any size is never whole in memory."""
    module = importlib.import_module(RENDERERS[name])
    pieces: Callable[[Report], Iterable[str]] = module.render_pieces
    return pieces
