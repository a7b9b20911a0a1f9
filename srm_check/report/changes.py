"""The "Changes since REV" section of a report (`report --since REV`): what changed in the
report's agreement files since a git revision, in the words `srm-check diff` uses.

Plain text from data: the templates escape it, as everything else in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srm_check.core.text import plural
from srm_check.formats.changes.json_changes import change_json, totals_json
from srm_check.formats.changes.phrases import change_words, headline, totals_words
from srm_check.pipeline.history.compare import AgreementChange
from srm_check.pipeline.history.diff import Diff

# Changes shown in the HTML and Markdown report; the JSON report has them all.
MAX_SHOWN = 500


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    """One agreement that changed: its headline, one line per change, its cost change."""

    headline: str
    lines: list[str]
    cost: str | None


@dataclass(frozen=True, slots=True)
class ChangesView:
    """Every change from `since` (as the user named it) to `to` (the work tree)."""

    since: str
    to: str
    entries: list[ChangeEntry]
    total: str
    left_out: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    json: dict[str, Any] = field(default_factory=dict)


def _entry(change: AgreementChange) -> ChangeEntry:
    lines = change_words(change)
    if change.uncounted:
        lines.append(f"{plural(change.uncounted, 'amount')} without a currency, not counted")
    cost = totals_words(change.cost_change) if change.cost_change else None
    return ChangeEntry(headline(change), lines, cost)


def changes_view(diff: Diff) -> ChangesView:
    """The section's content from `srm-check diff`'s model of the same change."""
    readable = [c for c in diff.changes if c.kind != "unreadable"]
    return ChangesView(
        since=diff.old,
        to=diff.new,
        entries=[_entry(c) for c in readable[:MAX_SHOWN]],
        total=totals_words(diff.cost_change),
        left_out=max(0, len(readable) - MAX_SHOWN),
        unreadable=list(diff.unreadable),
        json={  # as `srm-check diff --format json` has it
            "old": diff.old,
            "new": diff.new,
            "agreements": [change_json(c) for c in diff.changes],
            "unreadable": [{"path": p, "problem": problem} for p, problem in diff.unreadable],
            "cost_change": totals_json(diff.cost_change),
        },
    )
