"""Load one rule file: its structure, then that every rule names what its facts and function provide."""

from __future__ import annotations

from srm_check.core.problem import Problem
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.policy.structure import structure_problems
from srm_check.rules.engine import PLACEHOLDER
from srm_check.rules.facts import FIELDS, not_a_field
from srm_check.rules.functions import FUNCTIONS
from srm_check.schemas.records import RuleRecord
from srm_check.source.document import Document


def load_rules(
    doc: Document,
    display: str,
    problems: list[Problem],
    rule_origin: dict[str, tuple[str, Span]],
) -> list[RuleRecord]:
    structural = structure_problems("rules", doc, display)
    if structural:
        problems.extend(structural)
        return []
    good: list[RuleRecord] = []
    rules: list[RuleRecord] = doc.value["rules"]
    for i, rule in enumerate(rules):
        base = f"/rules/{i}"
        found = _repeated_id(rule, base, doc, rule_origin, display)
        rule_origin.setdefault(rule["id"], (display, doc.span(f"{base}/id")))
        found += [
            Problem(message, doc.span(pointer), path=display) for message, pointer in _mistakes(rule, base)
        ]
        problems.extend(found)
        if not found:
            rule["severity"] = Severity(rule["severity"])
            good.append(rule)
    return good


def _repeated_id(
    rule: RuleRecord, base: str, doc: Document, rule_origin: dict[str, tuple[str, Span]], display: str
) -> list[Problem]:
    if rule["id"] not in rule_origin:
        return []
    where, span = rule_origin[rule["id"]]
    message = f"rule id '{rule['id']}' is already used at {where}:{span.line}"
    return [Problem(message, doc.span(f"{base}/id"), path=display)]


def _mistakes(rule: RuleRecord, base: str) -> list[tuple[str, str]]:
    """What a rule names that its facts or function do not provide, as (message, pointer)."""
    given, then = rule["given"], rule["then"]
    function = FUNCTIONS[then["function"]]
    named = [(then["field"], f"{base}/then/field")]
    named += [(c["field"], f"{base}/where/{j}/field") for j, c in enumerate(rule["where"])]
    out = [(message, pointer) for name, pointer in named if (message := not_a_field(name, given))]
    options = then.get("options") or {}
    out += [(p.message, f"{base}/then/options/{p.key}") for p in function.check_options(options, given)]
    allowed = {*FIELDS[given], "value", *function.extras}
    for name in PLACEHOLDER.findall(rule["message"]):
        if name not in allowed:
            message = (
                f"message uses '{{{name}}}', which {given} facts and function {function.name} do not provide"
            )
            out.append((message, f"{base}/message"))
    return out
