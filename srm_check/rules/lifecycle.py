"""An agreement's life over time as written: its term, what it replaces, its hubs and approvals.

Read leniently, like the rest of an agreement: a value of the wrong type is a structural
problem reported elsewhere, and is simply absent here. Whether a date is a real date, and
what the dates mean on a given day, is for rules (and `in_force`) to say.
"""

from datetime import date
from typing import Any, NamedTuple

from srm_check.core.dates import parse_date
from srm_check.core.span import Span
from srm_check.source.document import Document


class ApprovalData(NamedTuple):
    """One entry of `approvals`, as written, with where it is."""

    position: int
    party: str | None
    name: str | None
    role: str
    date: str | None
    pointer: str
    span: Span


class Lifecycle(NamedTuple):
    """The lifecycle keys of one agreement: each as written (text), or None when absent."""

    expires: str | None = None
    supersedes: str | None = None
    hubs: tuple[str, ...] = ()
    review_by: str | None = None
    approvals: tuple[ApprovalData, ...] = ()
    # Whether the agreement records approvals at all (an `approvals` key, even an empty list).
    approvals_recorded: bool = False


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _hubs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(dict.fromkeys(v for v in value if isinstance(v, str) and v.strip()))
    return ()


def _approvals(value: Any, doc: Document) -> tuple[ApprovalData, ...]:
    out: list[ApprovalData] = []
    for index, item in enumerate(value if isinstance(value, list) else []):
        if not isinstance(item, dict):
            continue
        pointer = f"/approvals/{index}"
        out.append(
            ApprovalData(
                index,
                _text(item.get("party")),
                _text(item.get("name")),
                _text(item.get("role")) or "",
                _text(item.get("date")),
                pointer,
                doc.span(pointer),
            )
        )
    return tuple(out)


def read_lifecycle(value: dict[str, Any], doc: Document) -> Lifecycle:
    """The lifecycle keys of an agreement mapping."""
    return Lifecycle(
        expires=_text(value.get("expires")),
        supersedes=_text(value.get("supersedes")),
        hubs=_hubs(value.get("hub")),
        review_by=_text(value.get("review_by")),
        approvals=_approvals(value.get("approvals"), doc),
        approvals_recorded=isinstance(value.get("approvals"), list),
    )


def in_force(effective: str | None, end: str | None, on: date) -> bool | None:
    """Whether an agreement is in force on `on` by its own dates: from `effective` to `end`
    (both days included; no `end`, no last day). `expires` does not end it: an agreement past
    its term that nobody ended is still in force, which is what rule SRM502 warns about.
    None when `effective` is no real date, or `end` is written but is none."""
    start = parse_date(effective)
    last = parse_date(end) if end is not None else None
    if start is None or (end is not None and last is None):
        return None
    return start <= on and (last is None or on <= last)


def days_between(first: str | None, then: date) -> int | None:
    """Days from the date `first` to `then` (negative when `then` is earlier); None if no date."""
    day = parse_date(first)
    return None if day is None else (then - day).days
