"""Changes to agreements as plain text for a terminal: one line per change, indented.

Every value from an agreement or from git (names, notes, authors, commit subjects) is
shown with its control characters escaped, so that nothing in a file can move the cursor
or colour the terminal.
"""

from __future__ import annotations

from srm_check.core.text import plural, visible
from srm_check.formats.changes.phrases import change_words, event_words, headline, totals_words
from srm_check.pipeline.history.compare import AgreementChange
from srm_check.pipeline.history.diff import Diff
from srm_check.pipeline.history.walk import History


def change_lines(change: AgreementChange, indent: str) -> list[str]:
    """The lines of one agreement's change, under its headline."""
    lines = [f"{indent}{line}" for line in change_words(change)]
    if change.cost_change:
        lines.append(f"{indent}cost: {totals_words(change.cost_change)}")
    if change.uncounted:
        amounts = plural(change.uncounted, "amount")
        lines.append(f"{indent}({amounts} without a currency, not counted)")
    return [visible(line) for line in lines]


def render_diff(diff: Diff) -> str:
    out = [visible(f"Changes from {diff.old} to {diff.new}:"), ""]
    if not diff.changes:
        out[0] = visible(f"No changes to agreements from {diff.old} to {diff.new}.")
        out.pop()
    for change in diff.changes:
        out.append(visible(headline(change)))
        out += change_lines(change, "  ")
        out.append("")
    out += [visible(f"{path}: {problem}") for path, problem in diff.unreadable]
    if diff.changes:
        out.append(f"Cost change: {totals_words(diff.cost_change)}")
    return "\n".join(out).rstrip("\n") + "\n"


def _range(history: History) -> str:
    since = f" since {history.since}" if history.since else ""
    return f"{', '.join(history.paths) or '.'}{since}"


def render_history(history: History) -> str:
    count = plural(history.commits, "commit")
    out = [visible(f"History of {_range(history)}: {count} changed agreements"), ""]
    if history.note:
        out += [visible(f"Partial history: {history.note}."), ""]
    if not history.communities:
        out.append("No changes to agreements.")
    for community in history.communities:
        out.append(
            visible(
                community.community
                + (f" ({', '.join(community.agreements)})" if community.agreements else "")
            )
        )
        for event in community.events:
            commit = event.commit
            out.append(visible(f"  {commit.day} {commit.short} {commit.author}: {commit.subject}"))
            happened = event_words(event.change)
            if happened:
                out.append(visible(f"    {happened}"))
            out += change_lines(event.change, "    ")
        out.append(f"  cost over these commits: {totals_words(community.cost_change)}")
        out.append("")
    if history.communities:
        out.append(f"Cost change: {totals_words(history.cost_change)}")
    return "\n".join(out).rstrip("\n") + "\n"
