"""One waiver, wherever it was written, and the dates it is judged by."""

import fnmatch
from datetime import date

from srm_check.core.finding import Finding, WaiverRef
from srm_check.core.record import Record
from srm_check.core.span import Span, escape_pointer_token
from srm_check.core.tuples import NamedTuple


def is_glob(agreement: str) -> bool:
    """Whether a waiver's `agreement` is a glob on file paths rather than an agreement id."""
    return "/" in agreement or "*" in agreement or "?" in agreement


class Waiver(Record):
    """One waiver as written, with where it is."""

    __slots__ = (
        "agreement",
        "expires",
        "owner",
        "path",
        "pointer",
        "reason",
        "responsibility",
        "rule",
        "span",
        "target_line",
        "ticket",
        "used",
    )

    rule: str
    agreement: str
    responsibility: str | None
    pointer: str | None
    reason: str
    owner: str
    expires: date
    ticket: str | None
    path: str
    span: Span
    used: bool
    target_line: int | None

    def __init__(
        self,
        rule: str,
        agreement: str,
        responsibility: str | None,
        pointer: str | None,
        reason: str,
        owner: str,
        expires: date,
        ticket: str | None,
        path: str,
        span: Span,
        used: bool = False,
        target_line: int | None = None,
    ) -> None:
        self.rule = rule
        self.agreement = agreement
        self.responsibility = responsibility
        self.pointer = pointer
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.ticket = ticket
        self.path = path
        self.span = span
        self.used = used
        self.target_line = target_line

    def ref(self, *, expired: bool = False) -> WaiverRef:
        return WaiverRef(
            path=self.path,
            line=self.span.line,
            reason=self.reason,
            owner=self.owner,
            expires=self.expires.isoformat(),
            ticket=self.ticket,
            expired=expired,
        )

    @property
    def identity(self) -> str:
        """What the waiver is, whatever line it is on: what it waives, whose and why (its expiry
        left out, so that renewing it keeps it the same waiver)."""
        scope = self.responsibility or self.pointer or ""
        return "\0".join((self.rule, self.agreement, scope, self.owner, self.reason))

    def matches(self, finding: Finding, rule_names: dict[str, str]) -> bool:
        if self.rule not in (finding.rule_id, rule_names.get(finding.rule_id)):
            return False
        if self.target_line is not None:
            return finding.path == self.path and finding.span.line == self.target_line
        pattern = self.agreement
        if is_glob(pattern):
            if not fnmatch.fnmatchcase(finding.path, pattern):
                return False
        elif finding.agreement != pattern:
            return False
        if self.pointer is not None and finding.pointer != self.pointer:
            return False
        if self.responsibility is not None:
            token = escape_pointer_token(self.responsibility)
            if not (
                finding.pointer == f"/assignments/{token}"
                or finding.pointer.startswith(f"/assignments/{token}/")
            ):
                return False
        return True

    def covers_any(self, agreements: set[str], paths: set[str]) -> bool:
        """Whether any of these agreement ids or file paths is one the waiver is about."""
        if self.target_line is not None:
            return self.path in paths
        pattern = self.agreement
        if is_glob(pattern):
            return any(fnmatch.fnmatchcase(path, pattern) for path in paths)
        return pattern in agreements


class WaiverSettings(NamedTuple):
    today: date
    max_days: int = 365
    warn_days: int = 30


# The summary of every error that stops a run on the waivers file.
WAIVERS_INVALID = "the waivers file is invalid; nothing was checked"

# What an inline waiver comment starts with; files without it are not read for waivers.
MARKER = "srm-check:"


class InlineWaivers(NamedTuple):
    """How to read inline waivers: rule ids and names -> id, and the rule ids (or "*") they may not waive."""

    rules: dict[str, str]
    forbidden: frozenset[str]
