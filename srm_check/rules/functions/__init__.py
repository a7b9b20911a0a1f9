"""The closed vocabulary of check functions that rules are built from: one module per function.

Each function takes a fact's field value, the rule's options (already validated by the
rules schema) and a context, and returns None when the check passes or a dict of extra
message values when it fails. Rules can only name these functions: there is no way to
run code from a policy. Each module also holds the function's options, its description
and the words the rule docs use; the rules schema is generated from them.
"""

from __future__ import annotations

from srm_check.rules.functions import (
    after,
    date,
    defined,
    enumeration,
    falsy,
    maximum,
    minimum,
    pattern,
    text,
    truthy,
    undefined,
    unique,
)
from srm_check.rules.functions.spec import CheckFunction, Context, Option, OptionProblem, Options, Outcome

__all__ = ["FUNCTIONS", "CheckFunction", "Context", "Option", "OptionProblem", "Options", "Outcome"]

# In the order the schema and the docs list them.
FUNCTIONS: dict[str, CheckFunction] = {
    module.FUNCTION.name: module.FUNCTION
    for module in (
        truthy,
        falsy,
        defined,
        undefined,
        minimum,
        maximum,
        enumeration,
        pattern,
        text,
        date,
        after,
        unique,
    )
}
