"""Options that name fields of the rule's facts: each must be one the facts have."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from srm_check.rules.facts import not_a_field
from srm_check.rules.functions.spec import OptionProblem


def field_problems(options: dict[str, Any], given: str, keys: Iterable[str]) -> list[OptionProblem]:
    """A problem per option among `keys` that names a field `given` facts lack (a rule that
    named one would silently never fail)."""
    problems = []
    for key in keys:
        name = options.get(key)
        message = not_a_field(name, given) if isinstance(name, str) else None
        if message:
            problems.append(OptionProblem(message, key))
    return problems
