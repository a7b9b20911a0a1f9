"""The finding: what every check produces and every output format consumes."""

from typing import Any

from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.core.tuples import NamedTuple


class Related(NamedTuple):
    """Another place that explains a finding, such as the first of two duplicates."""

    path: str
    span: Span
    message: str


class WaiverRef(NamedTuple):
    """The waiver that covers a finding; an expired one no longer waives it."""

    path: str
    line: int
    reason: str
    owner: str
    expires: str
    ticket: str | None = None
    expired: bool = False


class Finding(NamedTuple):
    """One located result of a rule; `pointer` is the JSON pointer of the offending node."""

    rule_id: str
    severity: Severity
    message: str
    path: str
    span: Span
    pointer: str = ""
    agreement: str | None = None
    document: int = 0
    related: tuple[Related, ...] = ()
    waiver: WaiverRef | None = None
    baseline: str | None = None  # "new" or "unchanged" when a baseline is in use
    # What tells this finding apart from others of its rule at the same node, where the
    # pointer cannot: the waiver a waiver finding is about. Part of its fingerprint.
    key: str = ""

    @property
    def waived(self) -> bool:
        """Accepted by a waiver that has not expired: reported, but never fails a run."""
        return self.waiver is not None and not self.waiver.expired

    @property
    def counts(self) -> bool:
        """Whether this finding can fail a run (not waived, not already in the baseline)."""
        return not self.waived and self.baseline != "unchanged"

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, position and rule. Sorts are stable, so findings that tie keep the
        order the rules produced them in: the catalogue's order, for responsibilities."""
        return (self.path, self.span.line, self.span.column, self.rule_id)


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as plain data, for every JSON output (check and report) to agree.

    Keys are always present, in a fixed order.
    """
    return {
        "rule_id": f.rule_id,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "pointer": f.pointer,
        "agreement": f.agreement,
        "document": f.document,
        "related": [
            {
                "path": r.path,
                "line": r.span.line,
                "column": r.span.column,
                "message": r.message,
            }
            for r in f.related
        ],
        "waiver": None
        if f.waiver is None
        else {
            "path": f.waiver.path,
            "line": f.waiver.line,
            "reason": f.waiver.reason,
            "owner": f.waiver.owner,
            "expires": f.waiver.expires,
            "ticket": f.waiver.ticket,
            "expired": f.waiver.expired,
        },
        "waived": f.waived,
        "baseline": f.baseline,
    }
