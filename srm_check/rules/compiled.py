"""A rule compiled for the engine: its function, options and `where` tests, built once per run.

Also what the engine and the policy share about rules: message templates and which fields
of the run a rule names.
"""

from __future__ import annotations

import re
from typing import Any

from srm_check.rules.conditions import OF, Test, condition_test
from srm_check.rules.facts import RUN_FIELDS
from srm_check.rules.functions import FUNCTIONS, CheckFunction
from srm_check.schemas.records import RuleRecord

Peers = dict[str, dict[str, Any]]
"""The responsibility facts of one agreement, by responsibility id."""

# A `{field}` in a rule's message template.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def render(template: str, values: dict[str, Any]) -> str:
    """Fill {field} placeholders; values print as text, null as 'none'."""

    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return "none" if value is None else str(value)

    return PLACEHOLDER.sub(one, template)


def _conjunction(tests: list[Test]) -> Test | None:
    """One test for all of `where` (None: no condition), without a generator per fact: rules
    run over every fact of their kind, so this is the engine's innermost loop."""
    if not tests:
        return None
    combined = tests[0]
    for test in tests[1:]:
        combined = (lambda first, then: lambda values: first(values) and then(values))(combined, test)
    return combined


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


class Compiled:
    """A rule ready to run: its function, options, and `where` tests on the fact's own fields
    (`accept`, all in one; those on fields of the run apart, in `accept_run`) and on other
    responsibilities' fields (`peer_tests`, by id)."""

    __slots__ = ("accept", "accept_run", "field", "function", "options", "peer_tests", "rule", "run_fields")

    def __init__(self, rule: RuleRecord) -> None:
        self.rule = rule
        self.field = rule["then"]["field"]
        self.function: CheckFunction = FUNCTIONS[rule["then"]["function"]]
        self.options: dict[str, Any] = rule["then"].get("options") or {}
        self.run_fields = run_fields_named(rule)
        own = [c for c in rule["where"] if not c.get(OF)]
        self.accept = _conjunction([condition_test(c) for c in own if c["field"] not in self.run_fields])
        self.accept_run = _conjunction([condition_test(c) for c in own if c["field"] in self.run_fields])
        self.peer_tests: list[tuple[str, Test]] = [
            (c[OF], condition_test(c)) for c in rule["where"] if c.get(OF)
        ]

    @property
    def needs_peers(self) -> bool:
        return bool(self.peer_tests) or self.function.peer_option is not None

    def applies(self, values: dict[str, Any], peers: Peers) -> bool:
        """Whether every `where` condition holds."""
        if self.accept is not None and not self.accept(values):
            return False
        return not self.peer_tests or self.peers_hold(peers)

    def peers_hold(self, peers: Peers) -> bool:
        """Whether the conditions on other responsibilities hold; one the catalogue lacks does not."""
        for other, test in self.peer_tests:
            peer = peers.get(other)
            if peer is None or not test(peer):
                return False
        return True
