"""Changes to agreements as JSON, for programs: every move, cost note and field, with the
numbers as numbers (amounts exact where JSON can hold them), strict JSON (no NaN)."""

from __future__ import annotations

import json
from typing import Any

from srm_check import __version__
from srm_check.core.money import Total, json_number
from srm_check.pipeline.history.compare import AgreementChange
from srm_check.pipeline.history.diff import Diff
from srm_check.pipeline.history.repo import CommitInfo
from srm_check.pipeline.history.snapshot import Cost
from srm_check.pipeline.history.walk import History

VERSION = 1


def _cost(cost: Cost | None) -> dict[str, Any] | None:
    if cost is None:
        return None
    amount = json_number(cost.amount) if cost.amount is not None else None
    return {"text": cost.text, "amount": amount, "currency": cost.currency, "period": cost.period}


def totals_json(totals: list[Total]) -> list[dict[str, Any]]:
    return [{"currency": t.currency, "period": t.period, "amount": json_number(t.amount)} for t in totals]


def change_json(change: AgreementChange) -> dict[str, Any]:
    return {
        "agreement": change.agreement,
        "community": change.community,
        "path": change.path,
        "old_path": change.old_path,
        "change": change.kind,
        "problem": change.problem,
        "moves": [
            {
                "responsibility": m.responsibility,
                "number": m.number,
                "title": m.title or None,
                "from": m.old,
                "to": m.new,
                "default": m.default,
                "direction": m.direction,
                "boundary": m.boundary,
            }
            for m in change.moves
        ],
        "cost_notes": [
            {
                "responsibility": c.responsibility,
                "number": c.number,
                "title": c.title or None,
                "change": c.kind,
                "old": _cost(c.old),
                "new": _cost(c.new),
            }
            for c in change.costs
        ],
        "fields": [{"field": f.name, "old": f.old, "new": f.new} for f in change.fields],
        "cost_change": totals_json(change.cost_change),
        "uncounted_amounts": change.uncounted,
    }


def _commit(commit: CommitInfo) -> dict[str, Any]:
    return {
        "sha": commit.sha,
        "short": commit.short,
        "date": commit.date,
        "author": commit.author,
        "subject": commit.subject,
    }


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_diff(diff: Diff) -> str:
    return _dump(
        {
            "tool": {"name": "srm-check", "version": __version__},
            "kind": "diff",
            "version": VERSION,
            "old": diff.old,
            "new": diff.new,
            "agreements": [change_json(c) for c in diff.changes],
            "unreadable": [{"path": path, "problem": problem} for path, problem in diff.unreadable],
            "cost_change": totals_json(diff.cost_change),
        }
    )


def render_history(history: History) -> str:
    return _dump(
        {
            "tool": {"name": "srm-check", "version": __version__},
            "kind": "history",
            "version": VERSION,
            "paths": history.paths,
            "since": history.since,
            "since_commit": history.since_commit,
            "head": history.head,
            "complete": history.complete,
            "note": history.note,
            "commits": history.commits,
            "communities": [
                {
                    "community": c.community,
                    "agreements": c.agreements,
                    "changes": [{"commit": _commit(e.commit), **change_json(e.change)} for e in c.events],
                    "cost_change": totals_json(c.cost_change),
                }
                for c in history.communities
            ],
            "cost_change": totals_json(history.cost_change),
        }
    )
