"""Waivers: accept a known finding for a stated reason, by a named owner, until a date.

The checker enforces expiry itself: an expired waiver stops waiving and the finding
fails again, naming the waiver. Waivers that match nothing, expire soon, or run
longer than the configuration allows are findings on the waivers file itself, so
that every waiver stays visible and gets cleaned up.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from srm_check.diagnostics import WAIVER_EXPIRED, WAIVER_EXPIRING, WAIVER_TOO_LONG, WAIVER_UNUSED
from srm_check.findings import Finding, WaiverRef
from srm_check.functions import parse_date
from srm_check.structure import validator
from srm_check.yamlsource import FILE_START, Span, escape_pointer_token, load_file


class WaiverProblem(NamedTuple):
    """A malformed waivers file: located, and fatal (exit code 2)."""

    path: str
    span: Span
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}: {self.message}"


class WaiverError(Exception):
    def __init__(self, problems: list[WaiverProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(slots=True)
class Waiver:
    """One waiver as written, with where it is."""

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
    used: bool = False
    # Inline waivers (a comment in an agreement) waive findings on one line of their own file.
    target_line: int | None = None

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

    def matches(self, finding: Finding, rule_names: dict[str, str]) -> bool:
        if self.rule not in (finding.rule_id, rule_names.get(finding.rule_id)):
            return False
        if self.target_line is not None:
            return finding.path == self.path and finding.span.line == self.target_line
        pattern = self.agreement
        if "/" in pattern or "*" in pattern or "?" in pattern:
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
        if "/" in pattern or "*" in pattern or "?" in pattern:
            return any(fnmatch.fnmatchcase(path, pattern) for path in paths)
        return pattern in agreements


def load_waivers(path: Path, display: str) -> list[Waiver]:
    """Read and validate a waivers file; a malformed one raises WaiverError with locations."""
    source = load_file(path, display)
    if source.problems:
        raise WaiverError([WaiverProblem(display, p.span, p.message) for p in source.problems])
    if len(source.documents) != 1:
        raise WaiverError([WaiverProblem(display, FILE_START, "expected one YAML document")])
    doc = source.documents[0]
    if doc.value is None:
        return []
    problems = validator("waivers").validate(doc.value, doc)
    if problems:
        raise WaiverError([WaiverProblem(display, p.span, p.message) for p in problems])
    out: list[Waiver] = []
    bad: list[WaiverProblem] = []
    for index, item in enumerate(doc.value.get("waivers", [])):
        pointer = f"/waivers/{index}"
        expires = parse_date(item["expires"])
        if expires is None:
            span = doc.span(f"{pointer}/expires")
            bad.append(WaiverProblem(display, span, f"'expires' {item['expires']!r} is not a real date"))
            continue
        out.append(
            Waiver(
                rule=item["rule"],
                agreement=item["agreement"],
                responsibility=item.get("responsibility"),
                pointer=item.get("pointer"),
                reason=item["reason"],
                owner=item["owner"],
                expires=expires,
                ticket=item.get("ticket"),
                path=display,
                span=doc.span(pointer),
            )
        )
    if bad:
        raise WaiverError(bad)
    return out


@dataclass(slots=True)
class WaiverSettings:
    today: date
    max_days: int = 365
    warn_days: int = 30


def _finding(rule_id: str, severity: str, message: str, waiver: Waiver) -> Finding:
    return Finding(rule_id, severity, message, waiver.path, waiver.span, "", None)  # type: ignore[arg-type]


def apply_waivers(
    findings: Iterable[Finding],
    waivers: list[Waiver],
    rule_names: dict[str, str],
    settings: WaiverSettings,
) -> list[Finding]:
    """Mark waived findings; an expired or too-long waiver does not waive."""
    out: list[Finding] = []
    for finding in findings:
        waiver = next((w for w in waivers if w.matches(finding, rule_names)), None)
        if waiver is None:
            out.append(finding)
            continue
        waiver.used = True
        if waiver.expires < settings.today:
            message = (
                f"{finding.message} [waiver {waiver.path}:{waiver.span.line} "
                f"by {waiver.owner} expired on {waiver.expires.isoformat()}]"
            )
            out.append(finding._replace(message=message, waiver=waiver.ref(expired=True)))
        elif _too_long(waiver, settings):
            out.append(finding)
        else:
            out.append(finding._replace(waiver=waiver.ref()))
    return out


def _too_long(waiver: Waiver, settings: WaiverSettings) -> bool:
    return waiver.expires > settings.today + timedelta(days=settings.max_days)


def waiver_findings(
    waivers: list[Waiver],
    settings: WaiverSettings,
    checked: tuple[set[str], set[str]] | None = None,
) -> list[Finding]:
    """Findings about the waivers themselves: expired, expiring soon, too long, unused.

    `checked` (agreement ids, file paths) limits "unused" to waivers about agreements that
    were checked: a run on some files (a pre-commit hook) cannot tell whether a waiver
    about another agreement is still needed. None means every agreement was checked.
    """
    out: list[Finding] = []
    for waiver in waivers:
        left = (waiver.expires - settings.today).days
        what = f"waiver of {waiver.rule} for '{waiver.agreement}' (owner {waiver.owner})"
        if left < 0:
            out.append(
                _finding(
                    WAIVER_EXPIRED,
                    "warning",
                    f"{what} expired on {waiver.expires.isoformat()}; the finding it covered fails again",
                    waiver,
                )
            )
        elif _too_long(waiver, settings):
            out.append(
                _finding(
                    WAIVER_TOO_LONG,
                    "error",
                    f"{what} runs until {waiver.expires.isoformat()}, longer than the "
                    f"{settings.max_days} days allowed; it does not apply",
                    waiver,
                )
            )
        elif left <= settings.warn_days:
            out.append(
                _finding(
                    WAIVER_EXPIRING,
                    "warning",
                    f"{what} expires in {left} day(s), on {waiver.expires.isoformat()}",
                    waiver,
                )
            )
        if not waiver.used and (checked is None or waiver.covers_any(*checked)):
            out.append(
                _finding(
                    WAIVER_UNUSED,
                    "warning",
                    f"{what} matched no finding; remove it if the problem is fixed",
                    waiver,
                )
            )
    return out


def status(waiver: Waiver, settings: WaiverSettings) -> str:
    """A waiver's standing today: expired, too long, expiring, unused or active."""
    if waiver.expires < settings.today:
        return "expired"
    if _too_long(waiver, settings):
        return "too long"
    if not waiver.used:
        return "unused"
    if (waiver.expires - settings.today).days <= settings.warn_days:
        return "expiring"
    return "active"


def describe(waiver: Waiver, settings: WaiverSettings) -> dict[str, Any]:
    """A waiver as plain data, for reports and JSON: keys always present, in a fixed order."""
    return {
        "rule": waiver.rule,
        "agreement": waiver.agreement,
        "responsibility": waiver.responsibility,
        "pointer": waiver.pointer,
        "reason": waiver.reason,
        "owner": waiver.owner,
        "expires": waiver.expires.isoformat(),
        "ticket": waiver.ticket,
        "path": waiver.path,
        "line": waiver.span.line,
        "used": waiver.used,
        "status": status(waiver, settings),
        "inline": waiver.target_line is not None,
    }
