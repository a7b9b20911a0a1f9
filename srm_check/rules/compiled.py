"""What the engine, its plans (`rules.plan`) and the policy share about rules: which fields of the
run a rule names (message templates: `rules.messages`)."""

from __future__ import annotations

from srm_check.rules.conditions import OF
from srm_check.rules.facts import RUN_FIELDS
from srm_check.rules.functions import FUNCTIONS
from srm_check.rules.messages import PLACEHOLDER
from srm_check.schemas.records import RuleRecord


def run_fields_named(rule: RuleRecord) -> frozenset[str]:
    """The fields of the run a rule names (tests, conditions, field options, its message): such a
    rule is judged across the run, where they are known."""
    run_fields = RUN_FIELDS.get(rule["given"], {})
    if not run_fields:
        return frozenset()
    then = rule["then"]
    options = then.get("options") or {}
    named = {then["field"], *PLACEHOLDER.findall(rule["message"])}
    named |= {c["field"] for c in rule["where"] if not c.get(OF)}
    named |= {options.get(o.name) for o in FUNCTIONS[then["function"]].options.fields if o.fact_field}
    return frozenset(n for n in named if n in run_fields)
