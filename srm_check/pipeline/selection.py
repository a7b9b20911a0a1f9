"""Which rules run, and at which severity: `select`, `ignore` and severity overrides.

Rules are named by id or name. Built-in findings (SRM0xx) follow the same settings,
applied to the findings after loading, since they are raised before any rule runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from srm_check.core.codes import builtin_rules
from srm_check.core.finding import Finding
from srm_check.core.rule import RuleInfo
from srm_check.core.severity import Severity
from srm_check.core.tuples import NamedTuple

if TYPE_CHECKING:
    from srm_check.schemas.records import RuleRecord


def evaluated_rules(rules: Sequence[RuleRecord]) -> list[RuleInfo]:
    """Every rule a run evaluates: the built-in ones, then the policy's, each once."""
    return [*builtin_rules(), *rules]


class Selection(NamedTuple):
    """The outcome of select/ignore/severity, by rule id."""

    enabled: frozenset[str]
    severity: dict[str, Severity]

    def rules(self, rules: Iterable[RuleRecord]) -> list[RuleRecord]:
        """The enabled policy rules, with their severity overridden where configured."""
        out: list[RuleRecord] = []
        for rule in rules:
            if rule["id"] not in self.enabled:
                continue
            if rule["id"] in self.severity:
                rule = {**rule, "severity": self.severity[rule["id"]]}
            out.append(rule)
        return out

    def infos(self, infos: Iterable[RuleInfo]) -> list[RuleInfo]:
        """Rule documentation for the enabled rules, with overridden severities."""
        out: list[RuleInfo] = []
        for info in infos:
            if info["id"] in self.enabled:
                severity = self.severity.get(info["id"], info["severity"])
                out.append({**info, "severity": severity})
        return out

    def findings(self, findings: Iterable[Finding]) -> list[Finding]:
        """Drop findings of disabled rules; apply severity overrides (built-in ones included)."""
        out: list[Finding] = []
        for finding in findings:
            if finding.rule_id not in self.enabled:
                continue
            severity = self.severity.get(finding.rule_id)
            out.append(finding._replace(severity=severity) if severity else finding)
        return out


def rule_index(infos: Iterable[RuleInfo]) -> dict[str, str]:
    """Rule id or name -> rule id."""
    index: dict[str, str] = {}
    for info in infos:
        index[info["id"]] = info["id"]
        index[info["name"]] = info["id"]
    return index


def select(
    infos: Sequence[RuleInfo],
    select: Sequence[str],
    ignore: Sequence[str],
    severity: Mapping[str, str],
) -> Selection:
    """Resolve the settings against the known rules (names already checked to exist)."""
    index = rule_index(infos)
    chosen = {index[r] for r in select} if select else {i["id"] for i in infos}
    chosen -= {index[r] for r in ignore}
    levels: dict[str, Severity] = {}
    for ref, level in severity.items():
        if level == "off":
            chosen.discard(index[ref])
        else:
            levels[index[ref]] = Severity(level)
    return Selection(frozenset(chosen), levels)
