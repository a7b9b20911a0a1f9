"""Which rule checks srm-check knows how to fix, and the rules a fix run evaluates.

A rule's data says whether it has a fix (its `fix` description); what the fix does follows
from what the rule checks (its `given` facts and `then` field), so a policy's own rule over
the same facts is fixed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from srm_check.schemas.records import RuleRecord

ADD_MISSING = "add-missing"
COST_NOTE = "cost-note"

# (given, then.field) -> the fix.
FIXABLE: dict[tuple[str, str], str] = {
    ("responsibility", "assigned"): ADD_MISSING,
    ("assignment", "cost_note"): COST_NOTE,
}
# The message a fix run gives each finding: the responsibility it is about, and nothing else.
_MARK = {"responsibility": "{id}", "assignment": "{responsibility}"}


def fix_kind(rule: RuleRecord) -> str | None:
    """The fix of a rule's check, whether or not the rule's data asks for it."""
    return FIXABLE.get((rule["given"], rule["then"]["field"]))


def has_fix(rule: RuleRecord) -> bool:
    """Whether `srm-check fix` fixes this rule's findings: its data describes a fix it knows."""
    return bool(rule.get("fix")) and fix_kind(rule) is not None


def fixable_checks() -> str:
    """The checks a `fix` description may sit on, in words (for validate-policy's message)."""
    return ", ".join(f"given: {given} with field {field}" for given, field in FIXABLE)


def marked_rules(rules: Iterable[RuleRecord]) -> list[RuleRecord]:
    """The rules that have a fix, each with a message that names only its responsibility."""
    return [{**rule, "message": _MARK[rule["given"]]} for rule in rules if has_fix(rule)]
