"""Combine what the rule files declared, once every file is loaded: rule scopes, overrides,
and the responsibilities rules compare with, each checked against the whole policy.

Every mistake is located where it is written: an unknown catalogue or rule (with the
closest known one), an override of a built-in finding, of a rule where it does not apply,
or of the same rule and catalogue twice, and a reference to a responsibility that no
catalogue the rule applies to has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from srm_check.core.codes import builtin_rules
from srm_check.core.problem import Problem
from srm_check.core.severity import Severity
from srm_check.core.text import did_you_mean
from srm_check.policy.declared import Declared, Refs, Where, problem_at
from srm_check.rules.catalogue import Catalogues
from srm_check.rules.scope import Composition, Scope, unchecked_catalogues
from srm_check.schemas.records import OverrideRecord, RuleRecord


class Resolved(NamedTuple):
    """The composition, and each override as resolved (with where it is written)."""

    composition: Composition
    overrides: list[tuple[str, tuple[str, ...], str, str, Where]]


def _catalogues(refs: Refs, catalogues: Catalogues, problems: list[Problem]) -> list[str]:
    """`id@version` refs as they are, bare ids as every version of that id; unknown ones reported."""
    known = sorted(catalogues)
    out: list[str] = []
    for ref, where in refs:
        found = [ref] if ref in catalogues else []
        if "@" not in ref:
            found = sorted(r for r, c in catalogues.items() if c.model["catalogue"] == ref)
        if not found:
            close = did_you_mean(ref, known + sorted({c.model["catalogue"] for c in catalogues.values()}))
            problems.append(
                problem_at(where, f"unknown catalogue '{ref}'{close}; the policy holds {', '.join(known)}")
            )
        out += [r for r in found if r not in out]
    return out


class _Composer:
    def __init__(self, rules: list[RuleRecord], catalogues: Catalogues, problems: list[Problem]) -> None:
        self.rules = {r["id"]: r for r in rules}
        self.names = {r["name"]: r["id"] for r in rules}
        self.catalogues = catalogues
        self.problems = problems
        self.applies: dict[str, frozenset[str]] = {}
        self.severities: dict[str, dict[str, Severity | None]] = {}
        self.overridden: dict[tuple[str, str], Where] = {}

    def scope(self, rule_id: str, refs: Refs) -> None:
        self.applies[rule_id] = frozenset(_catalogues(refs, self.catalogues, self.problems))

    def rule(self, ref: str, where: Where) -> str | None:
        """The id of the rule an override names (id or name), or None (reported)."""
        found = ref if ref in self.rules else self.names.get(ref)
        if found is not None:
            return found
        builtin = {r["id"]: r for r in builtin_rules()}
        named = {r["name"]: r["id"] for r in builtin.values()}
        if ref in builtin or ref in named:
            message = (
                f"'{ref}' is a built-in finding of srm-check, not a rule of the policy: overrides change "
                "policy rules; set its severity in the configuration (`severity:`) instead"
            )
        else:
            close = did_you_mean(ref, [*self.rules, *self.names])
            message = f"unknown rule '{ref}'{close}: overrides name a rule of the policy, by id or name"
        self.problems.append(problem_at(where, message))
        return None

    def override(
        self, override: OverrideRecord, where: Where, refs: Refs
    ) -> tuple[str, tuple[str, ...]] | None:
        rule_id = self.rule(override["rule"], where)
        catalogues = _catalogues(refs, self.catalogues, self.problems)
        if rule_id is None:
            return None
        applies = self.applies.get(rule_id)
        level = None if override["severity"] == "off" else Severity(override["severity"])
        for ref in catalogues:
            place = next((w for r, w in refs if r == ref or r == ref.split("@")[0]), where)
            if applies is not None and ref not in applies:
                message = (
                    f"rule {rule_id} does not apply to catalogue {ref} (its `catalogues:` are "
                    f"{', '.join(sorted(applies))}), so this override would change nothing"
                )
                self.problems.append(problem_at(place, message))
                continue
            first = self.overridden.get((rule_id, ref))
            if first is not None:
                message = (
                    f"rule {rule_id} is already overridden for catalogue {ref} at {first[0]}:{first[1].line}"
                )
                self.problems.append(problem_at(place, message))
                continue
            self.overridden[(rule_id, ref)] = where
            self.severities.setdefault(rule_id, {})[ref] = level
        return rule_id, tuple(catalogues)

    def reference(self, rule_id: str, responsibility: str, where: Where, what: str) -> None:
        """A responsibility a rule compares with must exist in some catalogue the rule applies to."""
        applies = self.applies.get(rule_id)
        scope = [c for ref, c in self.catalogues.items() if applies is None or ref in applies]
        if any(responsibility in c.responsibilities for c in scope):
            return
        names = sorted({rid for c in scope for rid in c.responsibilities})
        which = "of the policy" if applies is None else "the rule applies to"
        close = did_you_mean(responsibility, names)
        message = (
            f"rule {rule_id}: no catalogue {which} has a responsibility '{responsibility}'{close}, "
            f"so this {what} never holds"
        )
        self.problems.append(problem_at(where, message))

    def composition(self, rules: Iterable[RuleRecord]) -> Composition:
        scopes = {
            rule_id: Scope(self.applies.get(rule_id), self.severities.get(rule_id, {}))
            for rule_id in {*self.applies, *self.severities}
        }
        return Composition(scopes, unchecked_catalogues(self.catalogues, rules, scopes))


def compose(
    rules: list[RuleRecord], catalogues: Catalogues, declared: Declared, problems: list[Problem]
) -> Resolved:
    """Resolve scopes, then overrides, then references; problems are added to `problems`."""
    composer = _Composer(rules, catalogues, problems)
    for rule_id, refs in declared.scopes:
        composer.scope(rule_id, refs)
    resolved = []
    for override, where, refs in declared.overrides:
        done = composer.override(override, where, refs)
        if done is not None:
            resolved.append((done[0], done[1], override["severity"], override["reason"], where))
    for rule_id, responsibility, where, what in declared.references:
        composer.reference(rule_id, responsibility, where, what)
    return Resolved(composer.composition(rules), resolved)
