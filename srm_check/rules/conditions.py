"""The `where` operators: each one's test, its words in the rule docs and what its schema needs.

A condition is a mapping of `field` and exactly one operator key (the schema sees to
that), and optionally `of`: the id of another responsibility of the agreement, whose
field the condition tests instead of the fact's own. The engine builds tests from these
operators, the rule docs put conditions into words with them, and the rules schema gets
its condition variants from them.
"""

from collections.abc import Callable
from typing import Any, NamedTuple

from srm_check.rules.words import code, code_list

Test = Callable[[dict[str, Any]], bool]
"""A condition as a function of a fact's values; a missing field counts as null."""

OF = "of"
"""The condition key naming another responsibility, whose field the condition tests."""


class Operator(NamedTuple):
    """One `where` operator.

    `key` is the condition's key; `model`, `doc` and `annotation` are the name,
    description and operand type of its schema variant; `build` makes the test from
    the field name and the operand; `words` says it in English from the field (in
    backticks) and the operand.
    """

    key: str
    model: str
    doc: str
    annotation: Any
    build: Callable[[str, Any], Test]
    words: Callable[[str, Any], str]


def _equals(name: str, expected: Any) -> Test:
    return lambda values: values.get(name) == expected


def _not_equals(name: str, other: Any) -> Test:
    return lambda values: values.get(name) != other


def _in(name: str, allowed: list[Any]) -> Test:
    return lambda values: values.get(name) in allowed


def _not_in(name: str, banned: list[Any]) -> Test:
    return lambda values: values.get(name) not in banned


def _defined(name: str, wanted: Any) -> Test:
    expected = bool(wanted)
    return lambda values: (values.get(name) is not None) == expected


EQUALS = Operator(
    "equals",
    "EqualsCondition",
    "The field equals a value.",
    Any,
    _equals,
    lambda field, value: f"{field} is {code(value)}",
)
NOT_EQUALS = Operator(
    "not_equals",
    "NotEqualsCondition",
    "The field differs from a value.",
    Any,
    _not_equals,
    lambda field, value: f"{field} is not {code(value)}",
)
IN = Operator(
    "in",
    "InCondition",
    "The field is one of some values.",
    list[Any],
    _in,
    lambda field, values: f"{field} is one of {code_list(values)}",
)
NOT_IN = Operator(
    "not_in",
    "NotInCondition",
    "The field is none of some values.",
    list[Any],
    _not_in,
    lambda field, values: f"{field} is none of {code_list(values)}",
)
DEFINED = Operator(
    "defined",
    "DefinedCondition",
    "The field is set (true) or null (false).",
    bool,
    _defined,
    lambda field, wanted: f"{field} is {'set' if wanted else 'null'}",
)

# In the order the schema lists them.
OPERATORS: dict[str, Operator] = {op.key: op for op in (EQUALS, NOT_EQUALS, IN, NOT_IN, DEFINED)}


def operator_of(condition: dict[str, Any]) -> Operator:
    """The operator a condition uses (`equals` when it names none, as a null comparison)."""
    return next((op for key, op in OPERATORS.items() if key in condition), EQUALS)


def condition_test(condition: dict[str, Any]) -> Test:
    """A `where` condition as a function of a fact's values."""
    operator = operator_of(condition)
    return operator.build(condition["field"], condition.get(operator.key))


def describe_condition(condition: dict[str, Any]) -> str:
    """A `where` condition in words, for the rule docs: "`party` is one of `"2i2c"`", or
    "`party` of responsibility `access-control` is `"2i2c"`" with `of`."""
    operator = operator_of(condition)
    subject = f"`{condition['field']}`"
    if condition.get(OF):
        subject += f" of responsibility `{condition[OF]}`"
    return operator.words(subject, condition.get(operator.key))
