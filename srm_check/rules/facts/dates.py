"""`date` facts: one per date an agreement writes about its life, beyond `effective` and `end`.

`expires`, `review_by` and the date of each approval: one rule checks that each is a real
date, located at the one that is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from srm_check.core.span import Span
from srm_check.rules.facts.fact import Fact, Getter, Location, Placed, getters_of

KIND = "date"
WORDS = (
    "each date the agreement writes beyond `effective` and `end`: `expires`, `review_by` and the "
    "`date` of each approval"
)

if TYPE_CHECKING:  # read_agreement's module: a run served by the cache never loads it
    from srm_check.rules.agreement import AgreementData
FIELDS: dict[str, str] = {
    "key": "where the date is written, as a path: expires, review_by, approvals/0/date",
    "value": "the date as written",
    "agreement": "the agreement's id",
}


class DateSubject(Placed):
    """One lifecycle date as written, and where."""

    __slots__ = ("_span", "agreement", "key", "value")

    key: str
    value: str
    agreement: str | None

    def __init__(self, key: str, value: str, agreement: str | None, span: Span) -> None:
        self.key = key
        self.value = value
        self.agreement = agreement
        self._span = span

    def _where(self) -> Location:
        return f"/{self.key}", self._span


SUBJECT = DateSubject
GETTERS: dict[str, Getter] = getters_of(FIELDS)


def date_subjects(data: AgreementData) -> list[DateSubject]:
    """A subject per lifecycle date the agreement writes (as text: another type is SRM011's)."""
    doc = data.document
    life = data.lifecycle
    written = [("expires", life.expires), ("review_by", life.review_by)]
    written += [(f"approvals/{a.position}/date", a.date) for a in life.approvals]
    return [
        DateSubject(key, value, data.id, doc.span(f"/{key}")) for key, value in written if value is not None
    ]


def date_facts(data: AgreementData) -> list[Fact]:
    """A fact per lifecycle date the agreement writes."""
    return [Fact(KIND, subject, GETTERS) for subject in date_subjects(data)]
