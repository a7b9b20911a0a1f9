"""Changes to agreements in Markdown, ready to paste as a pull-request comment or to write into
a CI job summary: "this change moves #13 Communicate with cloud provider from 2i2c to
community; cost -200 USD/month".

Text from agreements and git is escaped by `core.markdown`, so that none of it turns into
Markdown, HTML or a link. The list is cut after MAX_LINES lines, saying how many were left
out, so that it stays far below GitHub's limit of 1 MiB per job summary.
"""

from __future__ import annotations

from srm_check.core.markdown import markdown_code, markdown_text
from srm_check.core.text import plural
from srm_check.formats.changes.phrases import event_words, field_words, items, totals_words
from srm_check.pipeline.history.compare import AgreementChange
from srm_check.pipeline.history.diff import Diff
from srm_check.pipeline.history.repo import CommitInfo
from srm_check.pipeline.history.walk import History

MAX_LINES = 1000
KIND = {"added": "agreement added", "removed": "agreement removed", "changed": "changed"}


class _Lines:
    """Lines of Markdown, cut after MAX_LINES list items with a count of those left out."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.items = 0
        self.left_out = 0

    def item(self, text: str, indent: str = "") -> None:
        if self.items >= MAX_LINES:
            self.left_out += 1
            return
        self.items += 1
        self.lines.append(f"{indent}- {text}")

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self, json_hint: str) -> str:
        if self.left_out:
            self.lines += ["", f"*… and {plural(self.left_out, 'more line')} ({json_hint} has them all).*"]
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _money(text: str) -> str:
    return f"**{markdown_text(text)}**"


def change_items(out: _Lines, change: AgreementChange, indent: str = "") -> None:
    """One list item per responsibility changed, field changed and cost total."""
    for item in items(change, quote=lambda t: markdown_code(t)):
        move = markdown_text(item.move) if item.move is not None else None
        cost = markdown_text(item.cost) if item.cost is not None else None
        subject = f"**{markdown_text(item.subject)}**"
        if move is None:
            out.item(f"{subject}: {cost}", indent)
        else:
            out.item(f"this change moves {subject} {move}" + (f"; {cost}" if cost else ""), indent)
    for f in change.fields:
        out.item(markdown_text(field_words(f.name, f.old, f.new)).replace(" -> ", " → "), indent)
    if change.uncounted:
        out.item(f"{plural(change.uncounted, 'amount')} without a currency, not counted", indent)


def _where(change: AgreementChange) -> str:
    where = markdown_code(change.agreement) if change.agreement else "an agreement without an id"
    where += f" in {markdown_code(change.path)}"
    if change.old_path:
        where += f" (renamed from {markdown_code(change.old_path)})"
    return where


def _commit(commit: CommitInfo) -> str:
    """`2026-02-01 `2b3c4d5` Ada Lovelace: *Move support to 2i2c*`."""
    subject = f": *{markdown_text(commit.subject)}*" if commit.subject.strip() else ""
    return f"{commit.day} {markdown_code(commit.short)} {markdown_text(commit.author)}{subject}"


def render_diff(diff: Diff) -> str:
    out = _Lines()
    out.add("## srm-check: changes to agreements", "")
    out.add(f"From {markdown_code(diff.old)} to {markdown_code(diff.new)}.", "")
    if not diff.changes:
        out.add("No changes to agreements.", "")
    for change in diff.changes:
        if change.kind == "unreadable":
            continue
        out.add(f"### {markdown_text(change.community or '(no community named)')}", "")
        out.add(f"{_where(change)}: {KIND.get(change.kind, change.kind)}", "")
        change_items(out, change)
        out.add("")
        if change.cost_change:
            out.add(f"Cost change: {_money(totals_words(change.cost_change))}", "")
    for path, problem in diff.unreadable:
        out.add(f"> {markdown_code(path)}: {markdown_text(problem)}", "")
    if diff.changes:
        out.add(f"**Cost change of these agreements: {markdown_text(totals_words(diff.cost_change))}**")
    return out.text("`srm-check diff --format json`")


def render_history(history: History) -> str:
    out = _Lines()
    since = f" since {markdown_code(history.since)}" if history.since else ""
    paths = ", ".join(markdown_code(p) for p in history.paths) or markdown_code(".")
    out.add(f"## srm-check: history of {paths}{since}", "")
    if history.note:
        out.add(f"> **Partial history:** {markdown_text(history.note)}.", "")
    out.add(f"{plural(history.commits, 'commit')} changed agreements.", "")
    for community in history.communities:
        ids = ", ".join(markdown_code(a) for a in community.agreements)
        out.add(f"### {markdown_text(community.community)}" + (f" ({ids})" if ids else ""), "")
        for event in community.events:
            commit, change = event.commit, event.change
            happened = event_words(change)
            out.item(_commit(commit) + (f" ({markdown_text(happened)})" if happened else ""))
            change_items(out, change, "  ")
            if change.cost_change:
                out.item(f"cost: {_money(totals_words(change.cost_change))}", "  ")
        out.add("", f"Cost over these commits: {_money(totals_words(community.cost_change))}", "")
    if history.communities:
        out.add(f"**Cost change of all agreements: {markdown_text(totals_words(history.cost_change))}**")
    return out.text("`srm-check history --format json`")
