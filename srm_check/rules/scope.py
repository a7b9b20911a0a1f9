"""Which rules apply to which catalogue, and at which severity: a policy's composition as data.

A rule may name the catalogues it applies to (`catalogues:`), and a policy may change a
rule's severity, or turn it off, for some catalogues (`overrides:`). The policy stage
resolves both into a `Composition`; the engine asks it, per agreement, which rules run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from srm_check.core.severity import Severity
from srm_check.core.tuples import NamedTuple

if TYPE_CHECKING:
    from srm_check.schemas.records import RuleRecord

# The kinds of fact that look at an agreement's assignments, not only at its metadata.
ASSIGNMENT_KINDS = frozenset({"responsibility", "assignment", "party_ref"})


class Scope(NamedTuple):
    """Where one rule applies: its catalogues (None: every one), and per catalogue its
    severity there (None: turned off there)."""

    catalogues: frozenset[str] | None = None
    severities: Mapping[str, Severity | None] = MappingProxyType({})

    def severity(self, catalogue: str | None, default: Severity) -> Severity | None:
        """The rule's severity on an agreement of `catalogue` (None: unknown), or None when it
        does not apply there."""
        if catalogue is None:
            return default if self.catalogues is None else None
        if self.catalogues is not None and catalogue not in self.catalogues:
            return None
        return self.severities.get(catalogue, default)


EVERYWHERE = Scope()


class Composition(NamedTuple):
    """The scope of each rule that has one (by rule id), and the catalogues whose assignments
    no rule checks (an agreement on one of them gets SRM030, never a silent pass)."""

    scopes: Mapping[str, Scope] = MappingProxyType({})
    unchecked: frozenset[str] = frozenset()

    def scope(self, rule_id: str) -> Scope:
        return self.scopes.get(rule_id, EVERYWHERE)

    def rules_for(self, rules: Iterable[RuleRecord], catalogue: str | None) -> list[RuleRecord]:
        """The rules that run on an agreement of `catalogue`, each at its severity there."""
        out: list[RuleRecord] = []
        for rule in rules:
            severity = self.scope(rule["id"]).severity(catalogue, rule["severity"])
            if severity is None:
                continue
            out.append(rule if severity == rule["severity"] else {**rule, "severity": severity})
        return out


def unchecked_catalogues(
    catalogues: Iterable[str], rules: Iterable[RuleRecord], scopes: Mapping[str, Scope]
) -> frozenset[str]:
    """The catalogues that no rule looking at assignments applies to (after scopes and overrides)."""
    looking = [r for r in rules if r["given"] in ASSIGNMENT_KINDS]

    def checked(ref: str) -> bool:
        return any(scopes.get(r["id"], EVERYWHERE).severity(ref, r["severity"]) for r in looking)

    return frozenset(ref for ref in catalogues if not checked(ref))
