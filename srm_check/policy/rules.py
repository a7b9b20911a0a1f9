"""Load one rule file: its structure, then that every rule names what its facts and function provide."""

from __future__ import annotations

import re

from srm_check.core.problem import Problem
from srm_check.core.severity import Severity
from srm_check.core.span import Span
from srm_check.policy.structure import structure_problems
from srm_check.rules.engine import PLACEHOLDER
from srm_check.rules.facts import FIELDS
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
        before = len(problems)
        rule_id, given, then = rule["id"], rule["given"], rule["then"]
        if rule_id in rule_origin:
            where, span = rule_origin[rule_id]
            problems.append(
                Problem(
                    f"rule id '{rule_id}' is already used at {where}:{span.line}",
                    doc.span(f"{base}/id"),
                    path=display,
                )
            )
        rule_origin.setdefault(rule_id, (display, doc.span(f"{base}/id")))
        fields = FIELDS[given]
        function = FUNCTIONS[then["function"]]
        named = [(then["field"], f"{base}/then/field")]
        named += [(c["field"], f"{base}/where/{j}/field") for j, c in enumerate(rule["where"])]
        options = then.get("options") or {}
        if then["function"] == "after":
            named.append((options["field"], f"{base}/then/options/field"))
        for name, pointer in named:
            if name not in fields:
                problems.append(
                    Problem(
                        f"'{name}' is not a field of {given} facts (fields: {', '.join(sorted(fields))})",
                        doc.span(pointer),
                        path=display,
                    )
                )
        for key in ("match", "not_match"):
            regex = options.get(key)
            if then["function"] == "pattern" and isinstance(regex, str):
                try:
                    re.compile(regex)
                except re.error as err:
                    problems.append(
                        Problem(
                            f"invalid regular expression: {err}",
                            doc.span(f"{base}/then/options/{key}"),
                            path=display,
                        )
                    )
        allowed = {*fields, "value", *function.extras}
        for name in PLACEHOLDER.findall(rule["message"]):
            if name not in allowed:
                problems.append(
                    Problem(
                        f"message uses '{{{name}}}', which {given} facts and "
                        f"function {then['function']} do not provide",
                        doc.span(f"{base}/message"),
                        path=display,
                    )
                )
        if len(problems) == before:
            rule["severity"] = Severity(rule["severity"])
            good.append(rule)
    return good
