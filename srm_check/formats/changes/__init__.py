"""The outputs of `srm-check diff` and `srm-check history`: text, Markdown and JSON.

Not formats of `check` (those are listed in `srm_check.formats.FORMATS`): these render the
changes to agreements that `pipeline.history` finds, in the words of `phrases`, so that a
terminal, a pull-request comment and a JSON consumer read the same changes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srm_check.pipeline.history.diff import Diff
    from srm_check.pipeline.history.walk import History

CHANGE_FORMATS: dict[str, str] = {
    "text": "srm_check.formats.changes.text",
    "markdown": "srm_check.formats.changes.markdown",
    "json": "srm_check.formats.changes.json_changes",
}


def render_diff(diff: Diff, name: str) -> str:
    """`diff` in format `name` (text, markdown, json)."""
    module = importlib.import_module(CHANGE_FORMATS[name])
    text: str = module.render_diff(diff)
    return text


def render_history(history: History, name: str) -> str:
    """`history` in format `name` (text, markdown, json)."""
    module = importlib.import_module(CHANGE_FORMATS[name])
    text: str = module.render_history(history)
    return text
