"""Every `where` operator, directly: values that match and values that do not, a null and a
missing field included, so that an operator that always (or never) holds fails here."""

from __future__ import annotations

from typing import Any

import pytest

from srm_check.rules.conditions import (
    OPERATORS,
    condition_test,
    describe_condition,
    operator_of,
)

MISSING = object()


def holds(condition: dict[str, Any], value: Any) -> bool:
    """Whether `condition` holds for a fact whose field `f` is `value` (MISSING: no such key)."""
    values: dict[str, Any] = {"other": "x"} if value is MISSING else {"f": value, "other": "x"}
    return condition_test({"field": "f", **condition})(values)


# operator -> (operand, values for which it holds, values for which it does not)
CASES: dict[str, tuple[Any, list[Any], list[Any]]] = {
    "equals": ("2i2c", ["2i2c"], ["community", "2I2C", None, MISSING, ["2i2c"]]),
    "not_equals": ("2i2c", ["community", None, MISSING, "2I2C"], ["2i2c"]),
    "in": (["2i2c", "community"], ["2i2c", "community"], ["campus", None, MISSING, "2i2"]),
    "not_in": (["2i2c", "community"], ["campus", None, MISSING], ["2i2c", "community"]),
}


def test_every_operator_is_tested_here() -> None:
    assert set(CASES) | {"defined"} == set(OPERATORS)
    assert list(OPERATORS) == ["equals", "not_equals", "in", "not_in", "defined"]


@pytest.mark.parametrize("key", sorted(CASES))
def test_operator_holds_for_matching_values(key: str) -> None:
    operand, matching, _ = CASES[key]
    for value in matching:
        assert holds({key: operand}, value), (key, value)


@pytest.mark.parametrize("key", sorted(CASES))
def test_operator_does_not_hold_for_other_values(key: str) -> None:
    operand, _, other = CASES[key]
    for value in other:
        assert not holds({key: operand}, value), (key, value)


def test_equals_null_matches_null_and_a_missing_field() -> None:
    assert holds({"equals": None}, None)
    assert holds({"equals": None}, MISSING)
    assert not holds({"equals": None}, "")
    assert not holds({"equals": None}, False)


def test_equals_compares_booleans_and_numbers_as_python_does() -> None:
    assert holds({"equals": True}, True)
    assert not holds({"equals": True}, False)
    assert holds({"equals": 3}, 3.0)


def test_in_null_lets_a_missing_field_match() -> None:
    assert holds({"in": [None, "a"]}, MISSING)
    assert not holds({"not_in": [None, "a"]}, None)


def test_defined_true_holds_for_any_value_that_is_not_null() -> None:
    for value in ["x", "", 0, False, []]:
        assert holds({"defined": True}, value), value
    assert not holds({"defined": True}, None)
    assert not holds({"defined": True}, MISSING)


def test_defined_false_holds_for_null_and_a_missing_field() -> None:
    assert holds({"defined": False}, None)
    assert holds({"defined": False}, MISSING)
    for value in ["x", "", 0, False]:
        assert not holds({"defined": False}, value), value


def test_a_condition_reads_only_its_own_field() -> None:
    test = condition_test({"field": "party", "equals": "2i2c"})
    assert test({"party": "2i2c", "default_party": "community"})
    assert not test({"party": "community", "default_party": "2i2c"})


def test_operator_of_finds_the_operator_key() -> None:
    for key, operator in OPERATORS.items():
        assert operator_of({"field": "f", key: None}) is operator
    # A condition without an operator compares with null, as it always did.
    assert operator_of({"field": "f"}) is OPERATORS["equals"]
    assert condition_test({"field": "f"})({"f": None})


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ({"field": "party", "equals": "2i2c"}, '`party` is `"2i2c"`'),
        ({"field": "deviates", "equals": True}, "`deviates` is `true`"),
        ({"field": "team", "equals": None}, "`team` is `null`"),
        ({"field": "party", "not_equals": "2i2c"}, '`party` is not `"2i2c"`'),
        ({"field": "id", "in": ["a", "b"]}, '`id` is one of `"a"`, `"b"`'),
        ({"field": "number", "not_in": [1, 2]}, "`number` is none of `1`, `2`"),
        ({"field": "team", "defined": True}, "`team` is set"),
        ({"field": "team", "defined": False}, "`team` is null"),
        ({"field": "title", "equals": "café"}, '`title` is `"café"`'),
    ],
)
def test_condition_words(condition: dict[str, Any], words: str) -> None:
    assert describe_condition(condition) == words


def test_schema_needs() -> None:
    needs = {key: (op.model, op.annotation) for key, op in OPERATORS.items()}
    assert needs == {
        "equals": ("EqualsCondition", Any),
        "not_equals": ("NotEqualsCondition", Any),
        "in": ("InCondition", list[Any]),
        "not_in": ("NotInCondition", list[Any]),
        "defined": ("DefinedCondition", bool),
    }
    assert all(op.doc.startswith("The field ") for op in OPERATORS.values())


def test_a_condition_on_another_responsibility_says_which() -> None:
    condition = {"of": "access-control", "field": "party", "equals": "2i2c"}
    assert describe_condition(condition) == '`party` of responsibility `access-control` is `"2i2c"`'
    assert describe_condition({"of": None, "field": "party", "equals": "2i2c"}) == '`party` is `"2i2c"`'


def test_a_value_written_like_a_placeholder_is_recognised() -> None:
    from srm_check.rules.words import placeholder_name

    assert placeholder_name("{access-control}") == "access-control"
    assert placeholder_name("{ run }") == "run"
    for value in ("access-control", "{}", "{a b}", "{{x}}", "{x", "x}", 3, None, ["{x}"]):
        assert placeholder_name(value) is None, value
