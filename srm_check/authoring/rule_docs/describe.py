"""What a rule checks, in one English sentence, from its given/where/then.

The words come from the vocabulary's units: each fact kind says which facts there are,
each `where` operator and each check function says what it requires.
"""

from __future__ import annotations

from srm_check.rules.conditions import describe_condition
from srm_check.rules.facts import FIELDS, WORDS
from srm_check.rules.functions import FUNCTIONS
from srm_check.schemas.records import RuleRecord


def describe_check(rule: RuleRecord) -> str:
    """A rule's given/where/then as one English sentence."""
    given = rule["given"]
    then = rule["then"]
    subject = WORDS[given]
    where = [describe_condition(c) for c in rule["where"]]
    if where:
        subject += " where " + " and ".join(where)
    name = then["field"]
    meaning = FIELDS[given].get(name)
    target = f"`{name}` ({meaning})" if meaning else f"`{name}`"
    requirement = FUNCTIONS[then["function"]].requirement(then.get("options") or {})
    return f"For {subject}: {target} must {requirement}."
