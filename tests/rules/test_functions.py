"""Every check function of the vocabulary, directly: a value that passes, one that fails,
its options honoured, the extra message values it gives, and its words in the docs."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from srm_check.rules.functions import FUNCTIONS, CheckFunction, Context, OptionProblem
from srm_check.rules.functions.memory import Store
from srm_check.rules.functions.spec import REQUIRED, Location, is_number


def run(
    name: str,
    value: Any,
    options: dict[str, Any] | None = None,
    fact: dict[str, Any] | None = None,
    peers: dict[str, dict[str, Any]] | None = None,
    field: str = "party",
) -> Any:
    function = FUNCTIONS[name]
    context = Context(fact or {}, peers=peers or {}, field=field) if function.needs_context else None
    return function.run(value, options or {}, context)


def test_the_vocabulary_is_closed_and_in_order() -> None:
    assert list(FUNCTIONS) == [
        "truthy",
        "falsy",
        "defined",
        "undefined",
        "minimum",
        "maximum",
        "finite",
        "enumeration",
        "pattern",
        "text",
        "date",
        "after",
        "unique",
        "no_overlap",
        "acyclic",
        "known",
        "same_as",
        "different_from",
    ]
    for name, function in FUNCTIONS.items():
        assert isinstance(function, CheckFunction)
        assert function.name == name
        assert function.description.endswith(".")
        assert function.cross_file <= function.needs_context  # a cross-file function needs its context


def test_checking_does_not_import_pydantic() -> None:
    code = "import sys, srm_check.rules.functions, srm_check.rules.conditions, srm_check.rules.engine\n"
    code += "print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- truthy, falsy, defined, undefined ---------------------------------------------------------


@pytest.mark.parametrize("value", [True, 1, "x", ["a"], {"a": 1}])
def test_truthy_passes_set_values(value: Any) -> None:
    assert run("truthy", value) is None
    assert run("falsy", value) == {}


@pytest.mark.parametrize("value", [None, False, 0, 0.0, "", [], {}])
def test_falsy_passes_unset_values(value: Any) -> None:
    assert run("falsy", value) is None
    assert run("truthy", value) == {}


@pytest.mark.parametrize("value", [False, 0, "", []])
def test_defined_passes_anything_but_null(value: Any) -> None:
    assert run("defined", value) is None
    assert run("undefined", value) == {}


def test_defined_fails_and_undefined_passes_null() -> None:
    assert run("defined", None) == {}
    assert run("undefined", None) is None


# --- minimum, maximum --------------------------------------------------------------------------


def test_minimum() -> None:
    assert run("minimum", 3, {"value": 3}) is None
    assert run("minimum", 3.5, {"value": 3}) is None
    assert run("minimum", 2, {"value": 3}) == {"limit": 3}
    assert run("minimum", 2.9, {"value": 3}) == {"limit": 3}
    assert run("minimum", -1, {"value": 0.5}) == {"limit": 0.5}


def test_maximum() -> None:
    assert run("maximum", 3, {"value": 3}) is None
    assert run("maximum", 2, {"value": 3}) is None
    assert run("maximum", 4, {"value": 3}) == {"limit": 3}
    assert run("maximum", 3.1, {"value": 3}) == {"limit": 3}


@pytest.mark.parametrize("value", [None, "1000", True, [5]])
def test_bounds_skip_what_is_not_a_number(value: Any) -> None:
    # True is an int to Python but not a number to a rule.
    assert run("minimum", value, {"value": 100}) is None
    assert run("maximum", value, {"value": -100}) is None


def test_is_number() -> None:
    assert is_number(1) and is_number(1.5)
    assert not is_number(True) and not is_number("1") and not is_number(None)


# --- enumeration -------------------------------------------------------------------------------


def test_enumeration() -> None:
    options = {"values": ["2i2c", "community", 3]}
    assert run("enumeration", "2i2c", options) is None
    assert run("enumeration", 3, options) is None
    assert run("enumeration", None, options) is None  # null passes
    assert run("enumeration", "campus", options) == {"allowed": "2i2c, community, 3"}
    assert run("enumeration", "2I2C", options) == {"allowed": "2i2c, community, 3"}


# --- pattern -----------------------------------------------------------------------------------


def test_pattern_match() -> None:
    options = {"match": r"^[a-z]+-\d+$"}
    assert run("pattern", "abc-12", options) is None
    assert run("pattern", "ABC-12", options) == {"pattern": r"^[a-z]+-\d+$"}


def test_pattern_searches_rather_than_matches_whole_text() -> None:
    assert run("pattern", "see ticket 12", {"match": r"\d+"}) is None


def test_pattern_not_match() -> None:
    options = {"not_match": "(?i)todo"}
    assert run("pattern", "all done", options) is None
    assert run("pattern", "ToDo later", options) == {"pattern": "(?i)todo"}


def test_pattern_reports_the_expression_that_failed() -> None:
    options = {"match": "^a", "not_match": "z$"}
    assert run("pattern", "abc", options) is None
    assert run("pattern", "bcd", options) == {"pattern": "^a"}
    assert run("pattern", "abz", options) == {"pattern": "z$"}


@pytest.mark.parametrize("value", [None, 12, ["abc"]])
def test_pattern_skips_what_is_not_text(value: Any) -> None:
    assert run("pattern", value, {"match": "^never$"}) is None


def test_pattern_without_expressions_passes_any_text() -> None:
    assert run("pattern", "anything", {"match": None, "not_match": None}) is None


def test_pattern_checks_that_its_expressions_compile() -> None:
    check = FUNCTIONS["pattern"].check_options
    assert check({"match": "^ok$", "not_match": None}, "agreement") == []
    problems = check({"match": "([a-z]", "not_match": "*x"}, "agreement")
    assert [p.key for p in problems] == ["match", "not_match"]
    assert all(isinstance(p, OptionProblem) for p in problems)
    assert problems[0].message.startswith("invalid regular expression: missing ), unterminated subpattern")
    assert problems[1].message.startswith("invalid regular expression: nothing to repeat")


# --- text --------------------------------------------------------------------------------------


def test_text() -> None:
    assert run("text", "Covered by the grant", {}) is None
    assert run("text", "x", {}) is None


@pytest.mark.parametrize("value", [None, "", "   ", 42, ["a"]])
def test_text_missing_or_empty(value: Any) -> None:
    assert run("text", value, {}) == {"reason": "missing or empty"}


def test_text_placeholders_are_compared_stripped_and_case_insensitively() -> None:
    options = {"placeholders": ["TODO", " tbd "]}
    assert run("text", "  todo ", options) == {"reason": "'todo' is a placeholder"}
    assert run("text", "TBD", options) == {"reason": "'TBD' is a placeholder"}
    assert run("text", "todo: ask finance", options) is None


ISSUE_PLACEHOLDERS = [
    "TBD.",
    "TODO: cost",
    "TBD - waiting for finance",
    "to be determined",
    "Pending",
    "none",
    "0",
    "x",
]


def shipped_patterns(rule_id: str) -> list[str]:
    """The placeholder patterns of a shipped rule, as the policy gives them."""
    from srm_check.policy.loader import load_policy
    from srm_check.policy.model import default_policy_dir

    (rule,) = [r for r in load_policy([default_policy_dir()]).rules if r["id"] == rule_id]
    patterns: list[str] = rule["then"]["options"]["placeholder_patterns"]
    return patterns


def test_text_placeholder_patterns_match_the_whole_stripped_text_ignoring_case() -> None:
    options = {"placeholder_patterns": ["tbd\\b.*", "x+"]}
    assert run("text", "  TBD - waiting for finance ", options) == {
        "reason": "'TBD - waiting for finance' is a placeholder"
    }
    assert run("text", "XXX", options) == {"reason": "'XXX' is a placeholder"}
    # The whole text must match: a pattern is not searched for.
    assert run("text", "Extra 200 USD a month", options) is None
    assert run("text", "tbdx", options) is None


def test_a_long_placeholder_is_shown_shortened() -> None:
    outcome = run("text", "TBD " + "a" * 100, {"placeholder_patterns": ["tbd\\b.*"]})
    assert outcome == {"reason": f"'TBD {'a' * 53}...' is a placeholder"}


@pytest.mark.parametrize("note", ISSUE_PLACEHOLDERS)
def test_srm201_recognises_every_placeholder_the_issue_lists(note: str) -> None:
    options = {"placeholder_patterns": shipped_patterns("SRM201")}
    assert run("text", note, options) == {"reason": f"'{note}' is a placeholder"}


@pytest.mark.parametrize(
    "note",
    [
        "2i2c adds 200 USD a month.",
        "To be clear: 2i2c adds 200 USD a month.",
        "None of the fees change: the grant pays the partner.",
        "0.5 FTE of the university's staff, no fee change",
        "Xarray support is included in the base fee.",
    ],
)
def test_srm201_lets_real_notes_pass(note: str) -> None:
    assert run("text", note, {"placeholder_patterns": shipped_patterns("SRM201")}) is None


def test_invalid_placeholder_patterns_are_reported_with_their_index() -> None:
    problems = FUNCTIONS["text"].check_options({"placeholder_patterns": ["ok", "(unclosed"]}, "assignment")
    assert [p.key for p in problems] == ["placeholder_patterns/1"]
    assert problems[0].message.startswith("invalid regular expression: missing )")


# --- finite ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason", "shown"),
    [
        (float("inf"), "is infinity (or too large to read as a number)", "inf"),
        (float("-inf"), "is minus infinity (or too large to read as a number)", "-inf"),
        (float("nan"), "is not a number (NaN)", "nan"),
        (
            10**4000,
            "is implausibly large: its size is more than 1,000,000",
            "an integer of about 4,001 digits",
        ),
        (-2.5e6, "is implausibly large: its size is more than 1,000,000", "-2500000.0"),
    ],
)
def test_finite_reports_what_is_wrong_and_shows_the_number_briefly(
    value: Any, reason: str, shown: str
) -> None:
    outcome = run("finite", value, {"max_magnitude": 1000000})
    assert outcome == {"reason": reason, "limit": 1000000, "shown": shown}


@pytest.mark.parametrize("value", [0, -12.5, 1000000, None, "12", True])
def test_finite_passes_ordinary_numbers_and_non_numbers(value: Any) -> None:
    assert run("finite", value, {"max_magnitude": 1000000}) is None


def test_finite_without_a_limit_takes_any_finite_number() -> None:
    assert run("finite", 10**4000, {}) is None
    assert run("finite", float("inf"), {})["limit"] is None


@pytest.mark.parametrize("limit", [0, -1, float("inf"), float("nan")])
def test_finite_limit_must_be_positive_and_finite(limit: Any) -> None:
    (problem,) = FUNCTIONS["finite"].check_options({"max_magnitude": limit}, "assignment")
    assert problem == OptionProblem("max_magnitude must be a positive, finite number", "max_magnitude")


def test_text_min_length_counts_the_stripped_text() -> None:
    options = {"min_length": 5}
    assert run("text", "  abcd  ", options) == {"reason": "too short"}
    assert run("text", "abcde", options) is None


# --- date, after -------------------------------------------------------------------------------


def test_date() -> None:
    assert run("date", "2024-02-29") is None
    assert run("date", None) is None  # null passes
    assert run("date", "2023-02-29") == {}  # not a real day
    assert run("date", "2024-2-3") == {}  # not YYYY-MM-DD
    assert run("date", "soon") == {}


def test_after() -> None:
    options = {"field": "effective"}
    fact = {"effective": "2024-01-01"}
    assert run("after", "2024-01-02", options, fact) is None
    assert run("after", "2024-01-01", options, fact) == {"other": "2024-01-01"}  # strictly after
    assert run("after", "2023-12-31", options, fact) == {"other": "2024-01-01"}


def test_after_reads_the_field_its_options_name() -> None:
    fact = {"effective": "2024-01-01", "signed": "2025-01-01"}
    assert run("after", "2024-06-01", {"field": "effective"}, fact) is None
    assert run("after", "2024-06-01", {"field": "signed"}, fact) == {"other": "2025-01-01"}


@pytest.mark.parametrize(
    ("value", "other"), [(None, "2024-01-01"), ("2023-01-01", None), ("x", "2024-01-01")]
)
def test_after_is_skipped_unless_both_are_dates(value: Any, other: Any) -> None:
    assert run("after", value, {"field": "effective"}, {"effective": other}) is None


def test_after_checks_that_its_field_is_a_field_of_the_facts() -> None:
    check = FUNCTIONS["after"].check_options
    assert check({"field": "effective"}, "agreement") == []
    (problem,) = check({"field": "effective"}, "responsibility")
    assert problem.key == "field"
    assert problem.message.startswith(
        "'effective' is not a field of responsibility facts (fields: area, assigned, "
    )


# --- unique ------------------------------------------------------------------------------------


def _seen() -> Any:
    """What `unique` remembers across a run, as the engine makes it."""
    assert FUNCTIONS["unique"].memory is not None
    return FUNCTIONS["unique"].memory(Store())


def _unique(value: Any, seen: Any, line: int, options: dict[str, Any] | None = None) -> Any:
    location = Location("a.yaml", line, 1, line, 9)
    return FUNCTIONS["unique"].run(value, options or {}, Context({}, seen, location))


def test_unique_remembers_the_first_place_and_names_it_on_a_repeat() -> None:
    seen = _seen()
    assert _unique("alpha", seen, 2) is None
    assert _unique("beta", seen, 5) is None
    outcome = _unique("alpha", seen, 9)
    assert outcome == {
        "first_path": "a.yaml",
        "first_line": 2,
        "_related": Location("a.yaml", 2, 1, 2, 9),
    }
    assert _unique("alpha", seen, 12)["first_line"] == 2  # always the first, not the last


def test_unique_ignores_null_and_case_only_when_asked() -> None:
    seen = _seen()
    assert _unique(None, seen, 1) is None
    assert _unique(None, seen, 2) is None
    assert _unique("Alpha", seen, 3) is None
    assert _unique("alpha", seen, 4) is None
    ignoring = _seen()
    assert _unique("Alpha", ignoring, 3, {"ignore_case": True}) is None
    assert _unique("ALPHA", ignoring, 4, {"ignore_case": True})["first_line"] == 3


# --- extras, options and words -----------------------------------------------------------------

FAILING: dict[str, tuple[Any, dict[str, Any], dict[str, Any]]] = {
    # function -> a failing value, its options, the fact
    "truthy": (None, {}, {}),
    "falsy": (1, {}, {}),
    "defined": (None, {}, {}),
    "undefined": (1, {}, {}),
    "minimum": (1, {"value": 2}, {}),
    "maximum": (3, {"value": 2}, {}),
    "finite": (float("nan"), {}, {}),
    "enumeration": ("x", {"values": ["a"]}, {}),
    "pattern": ("x", {"match": "y"}, {}),
    "text": ("", {}, {}),
    "date": ("x", {}, {}),
    "after": ("2020-01-01", {"field": "effective"}, {"effective": "2021-01-01"}),
}
PEERS = {"access-control": {"id": "access-control", "party": "2i2c", "responsible": ["a", "b"]}}


@pytest.mark.parametrize("name", sorted(FAILING))
def test_a_failure_gives_exactly_the_extras_the_function_declares(name: str) -> None:
    value, options, fact = FAILING[name]
    outcome = run(name, value, options, fact)
    assert outcome is not None
    assert set(outcome) == set(FUNCTIONS[name].extras)


@pytest.mark.parametrize(("name", "value"), [("same_as", "community"), ("different_from", "2i2c")])
def test_a_relation_failure_gives_its_extras(name: str, value: str) -> None:
    outcome = run(name, value, {"responsibility": "access-control"}, peers=PEERS)
    assert outcome == {"other": "access-control", "other_value": "2i2c"}
    assert set(outcome) == set(FUNCTIONS[name].extras)


def test_unique_gives_its_extras() -> None:
    seen = _seen()
    _unique("a", seen, 1)
    outcome = _unique("a", seen, 2)
    assert {k for k in outcome if not k.startswith("_")} == set(FUNCTIONS["unique"].extras)


def test_every_function_is_covered_here() -> None:
    # The cross-file functions of the lifecycle rules are in test_functions_lifecycle.py.
    across = {"unique", "no_overlap", "acyclic", "known"}
    assert set(FAILING) | across | {"same_as", "different_from"} == set(FUNCTIONS)


def test_options_as_declared() -> None:
    declared = {
        name: [(o.name, o.required, None if o.required else o.default) for o in f.options.fields]
        for name, f in FUNCTIONS.items()
    }
    assert declared == {
        "truthy": [],
        "falsy": [],
        "defined": [],
        "undefined": [],
        "minimum": [("value", True, None)],
        "maximum": [("value", True, None)],
        "enumeration": [("values", True, None)],
        "pattern": [("match", False, None), ("not_match", False, None)],
        "finite": [("max_magnitude", False, None)],
        "text": [("placeholders", False, []), ("placeholder_patterns", False, []), ("min_length", False, 1)],
        "date": [],
        "after": [("field", True, None)],
        "unique": [("scope", False, "run"), ("ignore_case", False, False)],
        "no_overlap": [
            ("start", True, None),
            ("end", False, None),
            ("within", False, None),
            ("name", False, None),
            ("ignore_case", False, False),
        ],
        "acyclic": [("id", True, None)],
        "known": [("among", True, None)],
        "same_as": [("responsibility", True, None), ("field", False, None)],
        "different_from": [("responsibility", True, None), ("field", False, None)],
    }
    assert repr(REQUIRED) == "REQUIRED"
    assert FUNCTIONS["after"].options.fields[0].fact_field
    assert FUNCTIONS["text"].options.fields[2].constraints == {"ge": 1}


@pytest.mark.parametrize(
    ("name", "options", "words"),
    [
        ("truthy", {}, "be set, and not false, zero or empty"),
        ("falsy", {}, "be unset, false, zero or empty"),
        ("defined", {}, "be set (not null)"),
        ("undefined", {}, "be null"),
        ("minimum", {"value": 1}, "be at least 1"),
        ("maximum", {"value": 2.5}, "be at most 2.5"),
        ("enumeration", {"values": ["a", 1, None]}, 'be one of `"a"`, `1`, `null` (null passes)'),
        ("pattern", {"match": "^a"}, "match the regular expression `^a`"),
        ("pattern", {"not_match": "b"}, "not match `b`"),
        ("pattern", {"match": "^a", "not_match": "b"}, "match the regular expression `^a` and not match `b`"),
        ("pattern", {}, "be text (any text passes)"),
        ("text", {}, "be non-empty text"),
        ("text", {"min_length": 1, "placeholders": []}, "be non-empty text"),
        (
            "text",
            {"min_length": 3, "placeholders": ["TODO", "-"]},
            "be non-empty text of at least 3 characters that is not a placeholder (TODO, -)",
        ),
        (
            "text",
            {"placeholder_patterns": ["tbd.*", "x+"]},
            "be non-empty text that matches none of the placeholder patterns `tbd.*`, `x+`",
        ),
        (
            "text",
            {"placeholders": ["-"], "placeholder_patterns": ["tbd.*"]},
            "be non-empty text that is not a placeholder (-) and matches none of the placeholder "
            "patterns `tbd.*`",
        ),
        ("finite", {}, "be a finite number"),
        ("finite", {"max_magnitude": 1000000}, "be a finite number of size at most 1,000,000"),
        ("date", {}, "be a real calendar date written YYYY-MM-DD (null passes)"),
        (
            "after",
            {"field": "effective"},
            "be a date after the date in `effective` (skipped when either is not a date)",
        ),
        ("unique", {}, "not repeat a value already seen in an agreement checked in the same run"),
        (
            "same_as",
            {"responsibility": "access-control"},
            "be the same as that of responsibility `access-control` in the same agreement "
            "(skipped when either is null, or the catalogue has no such responsibility)",
        ),
        (
            "different_from",
            {"responsibility": "x", "field": "party"},
            "be different from `party` of responsibility `x` in the same agreement "
            "(skipped when either is null, or the catalogue has no such responsibility)",
        ),
        (
            "unique",
            {"ignore_case": True},
            "not repeat a value already seen in an agreement checked in the same run, ignoring case",
        ),
    ],
)
def test_requirement_words(name: str, options: dict[str, Any], words: str) -> None:
    assert FUNCTIONS[name].requirement(options) == words


@pytest.mark.parametrize(
    "name",
    sorted(
        set(FUNCTIONS) - {"pattern", "after", "text", "finite", "enumeration", "same_as", "different_from"}
    ),
)
def test_other_functions_leave_their_options_to_the_schema(name: str) -> None:
    assert FUNCTIONS[name].check_options({}, "agreement") == []


# --- enumeration: values are not templates -----------------------------------------------------


def test_enumeration_values_written_as_placeholders_are_an_error_naming_the_way_to_compare() -> None:
    """Regression: `values: ["{access-control}"]` validated, then always failed."""
    check = FUNCTIONS["enumeration"].check_options
    assert check({"values": ["2i2c", "community", "{not closed", 3, None]}, "responsibility") == []
    (problem,) = check({"values": ["2i2c", "{access-control}"]}, "responsibility")
    assert problem.key == "values/1"
    assert problem.message == (
        "'{access-control}' is compared as written, not filled in (values are not templates); to compare "
        "with responsibility 'access-control', use `function: same_as` with "
        "`options: {responsibility: access-control}`"
    )


# --- same_as, different_from -------------------------------------------------------------------


def test_same_as_compares_with_the_same_field_of_the_other_responsibility() -> None:
    options = {"responsibility": "access-control"}
    assert run("same_as", "2i2c", options, peers=PEERS) is None
    assert run("same_as", "community", options, peers=PEERS) == {
        "other": "access-control",
        "other_value": "2i2c",
    }
    assert run("different_from", "community", options, peers=PEERS) is None
    assert run("different_from", "2i2c", options, peers=PEERS) is not None


def test_relations_read_the_field_named_in_options_else_the_field_tested() -> None:
    assert (
        run("same_as", "2i2c", {"responsibility": "access-control", "field": "id"}, peers=PEERS) is not None
    )
    assert (
        run("same_as", "access-control", {"responsibility": "access-control", "field": "id"}, peers=PEERS)
        is None
    )
    # The role-set case: a list field, compared as a set (order does not matter).
    assert (
        run("same_as", ["b", "a"], {"responsibility": "access-control"}, peers=PEERS, field="responsible")
        is None
    )
    outcome = run("same_as", ["a"], {"responsibility": "access-control"}, peers=PEERS, field="responsible")
    assert outcome == {"other": "access-control", "other_value": "a, b"}


@pytest.mark.parametrize("name", ["same_as", "different_from"])
def test_relations_skip_null_on_either_side_and_a_responsibility_the_catalogue_lacks(name: str) -> None:
    held_by_nobody = {"access-control": {"party": None}}
    assert run(name, None, {"responsibility": "access-control"}, peers=PEERS) is None
    assert run(name, "x", {"responsibility": "access-control"}, peers=held_by_nobody) is None
    assert run(name, "x", {"responsibility": "not-in-this-catalogue"}, peers=PEERS) is None


@pytest.mark.parametrize("name", ["same_as", "different_from"])
def test_relations_need_responsibility_facts_and_one_of_their_fields(name: str) -> None:
    check = FUNCTIONS[name].check_options
    assert check({"responsibility": "x", "field": None}, "responsibility") == []
    assert check({"responsibility": "x", "field": "default_party"}, "responsibility") == []
    (wrong_kind,) = check({"responsibility": "x"}, "assignment")
    assert wrong_kind.key == "responsibility"
    assert wrong_kind.message == (
        "compares one responsibility with another: it needs `given: responsibility`, not assignment"
    )
    (wrong_field,) = check({"responsibility": "x", "field": "holder"}, "responsibility")
    assert wrong_field.key == "field"
    assert wrong_field.message.startswith("'holder' is not a field of responsibility facts (fields: ")


def test_the_relation_id_pattern_is_the_schemas_slug() -> None:
    from srm_check.rules.functions.relation import SLUG_PATTERN
    from srm_check.schemas.models.base import SLUG

    assert SLUG_PATTERN == SLUG


def test_each_function_is_registered_under_its_module_name() -> None:
    """The registry imports a function's module by its name when a rule first uses it."""
    for name in FUNCTIONS:
        assert FUNCTIONS[name].name == name
    assert "no-such-function" not in FUNCTIONS
