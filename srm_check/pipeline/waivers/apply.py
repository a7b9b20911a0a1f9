"""Apply waivers to findings, and find what is wrong with the waivers themselves.

The checker enforces expiry itself: an expired waiver stops waiving and the finding
fails again, naming the waiver. Waivers that match nothing, expire soon, or run longer
than the configuration allows are findings on the waivers file itself, so that every
waiver stays visible and gets cleaned up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srm_check.core.codes import WAIVER_EXPIRED, WAIVER_EXPIRING, WAIVER_TOO_LONG, WAIVER_UNUSED
from srm_check.core.finding import Finding
from srm_check.core.severity import Severity
from srm_check.pipeline.waivers.model import Waiver, WaiverSettings, is_glob


def _finding(rule_id: str, severity: Severity, message: str, waiver: Waiver) -> Finding:
    return Finding(rule_id, severity, message, waiver.path, waiver.span, "", None, key=waiver.identity)


def apply_waivers(
    findings: Iterable[Finding],
    waivers: list[Waiver] | WaiverIndex,
    rule_names: dict[str, str],
    settings: WaiverSettings,
) -> list[Finding]:
    """Mark waived findings; an expired or too-long waiver does not waive."""
    out: list[Finding] = []
    index = waivers if isinstance(waivers, WaiverIndex) else WaiverIndex(waivers)
    for finding in findings:
        waiver = index.first_match(finding, rule_names)
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


class WaiverIndex:
    """Waivers by what a finding must share with them (its line, or its rule and agreement), so
    that each finding is compared with a few candidates, not every waiver. The first waiver in
    order that matches wins; `then` holds waivers that come after these (the waivers file's,
    after a file's inline ones), indexed once for the whole run."""

    __slots__ = ("by_agreement", "by_line", "globs", "size", "then")

    def __init__(self, waivers: list[Waiver], then: WaiverIndex | None = None) -> None:
        self.by_line: dict[tuple[str, int], list[tuple[int, Waiver]]] = {}
        self.by_agreement: dict[tuple[str, str], list[tuple[int, Waiver]]] = {}
        self.globs: dict[str, list[tuple[int, Waiver]]] = {}
        self.size = len(waivers)
        self.then = then
        for order, waiver in enumerate(waivers):
            item = (order, waiver)
            if waiver.target_line is not None:
                self.by_line.setdefault((waiver.path, waiver.target_line), []).append(item)
            elif is_glob(waiver.agreement):
                self.globs.setdefault(waiver.rule, []).append(item)
            else:
                self.by_agreement.setdefault((waiver.rule, waiver.agreement), []).append(item)

    def candidates(self, finding: Finding, rules: set[str]) -> list[tuple[int, Waiver]]:
        found = list(self.by_line.get((finding.path, finding.span.line), ()))
        for rule in rules:
            found += self.by_agreement.get((rule, finding.agreement or ""), ())
            found += self.globs.get(rule, ())
        if self.then is not None:
            found += [(self.size + order, w) for order, w in self.then.candidates(finding, rules)]
        return found

    def first_match(self, finding: Finding, rule_names: dict[str, str]) -> Waiver | None:
        rules = {finding.rule_id, rule_names.get(finding.rule_id, finding.rule_id)}
        matching = [item for item in self.candidates(finding, rules) if item[1].matches(finding, rule_names)]
        return min(matching, key=lambda item: item[0])[1] if matching else None


def _too_long(waiver: Waiver, settings: WaiverSettings) -> bool:
    """Whether the waiver runs longer than allowed (in days: no date arithmetic to overflow)."""
    return (waiver.expires - settings.today).days > settings.max_days


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
                    Severity.warning,
                    f"{what} expired on {waiver.expires.isoformat()}; the finding it covered fails again",
                    waiver,
                )
            )
        elif _too_long(waiver, settings):
            out.append(
                _finding(
                    WAIVER_TOO_LONG,
                    Severity.error,
                    f"{what} runs until {waiver.expires.isoformat()}, longer than the "
                    f"{settings.max_days} days allowed; it does not apply",
                    waiver,
                )
            )
        elif left <= settings.warn_days:
            out.append(
                _finding(
                    WAIVER_EXPIRING,
                    Severity.warning,
                    f"{what} expires in {left} day(s), on {waiver.expires.isoformat()}",
                    waiver,
                )
            )
        if not waiver.used and (checked is None or waiver.covers_any(*checked)):
            out.append(
                _finding(
                    WAIVER_UNUSED,
                    Severity.warning,
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
