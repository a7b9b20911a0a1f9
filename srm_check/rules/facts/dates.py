"""`date` facts: one per date an agreement writes about its life, beyond `effective` and `end`.

`expires`, `review_by` and the date of each approval: one rule checks that each is a real
date, located at the one that is not.
"""

from __future__ import annotations

from srm_check.rules.agreement import AgreementData
from srm_check.rules.facts.fact import Fact

KIND = "date"
WORDS = (
    "each date the agreement writes beyond `effective` and `end`: `expires`, `review_by` and the "
    "`date` of each approval"
)
FIELDS: dict[str, str] = {
    "key": "where the date is written, as a path: expires, review_by, approvals/0/date",
    "value": "the date as written",
    "agreement": "the agreement's id",
}


def date_facts(data: AgreementData) -> list[Fact]:
    """A fact per lifecycle date the agreement writes (as text: another type is SRM011's)."""
    doc = data.document
    life = data.lifecycle
    written = [("expires", life.expires), ("review_by", life.review_by)]
    written += [(f"approvals/{a.position}/date", a.date) for a in life.approvals]
    return [
        Fact(KIND, {"key": key, "value": value, "agreement": data.id}, f"/{key}", doc.span(f"/{key}"))
        for key, value in written
        if value is not None
    ]
