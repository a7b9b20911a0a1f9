"""formats/__init__.py: every format is one module with `render(result, options)`, found by name."""

from __future__ import annotations

import sys
import types

import pytest

from srm_check.core.codes import builtin_rules
from srm_check.core.problem import SrmError
from srm_check.formats import (
    DEFAULT_OPTIONS,
    FILE_ONLY,
    FORMATS,
    RECORDS_PROBLEMS,
    FormatOptions,
    get_formatter,
)
from srm_check.pipeline.results import FileResult, RunResult


def minimal() -> RunResult:
    """One agreement with no findings, checked by two rules."""
    return RunResult(
        [FileResult("a.yaml", [], documents=1, agreement_ids=["a"])], builtin_rules()[:2], tool_version="0"
    )


@pytest.mark.parametrize("name", FORMATS)
def test_every_registered_format_renders_a_minimal_run(name: str) -> None:
    render = get_formatter(name)
    text = render(minimal())
    assert text.endswith("\n") and text.strip()
    assert render(minimal(), DEFAULT_OPTIONS) == text
    assert render(minimal(), FormatOptions()) == text


@pytest.mark.parametrize("name", FORMATS)
def test_every_registered_format_records_policy_problems_or_says_it_does_not(name: str) -> None:
    from srm_check.core.problem import Problem

    run = RunResult([], [], problems=[Problem("bad rule", path="policy/rules.yaml")])
    text = get_formatter(name)(run)
    assert ("bad rule" in text.lower()) == (name in RECORDS_PROBLEMS)


@pytest.mark.parametrize("name", FORMATS)
def test_a_format_reads_only_the_options_it_knows(name: str) -> None:
    plain = get_formatter(name)(minimal())
    every = get_formatter(name)(minimal(), FormatOptions(color=True, junit_file_attribute=True))
    assert (every != plain) == (name in {"text", "junit"})
    if name == "text":
        assert "\033[" in every and "\033[" not in plain
    if name == "junit":
        # The suite has its file either way; the option adds it to each of the two test cases.
        assert every.count('file="a.yaml"') == plain.count('file="a.yaml"') + 2


def test_an_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(SrmError) as error:
        get_formatter("html")
    assert error.value.kind == "usage"
    assert error.value.summary == (
        "unknown format 'html' (choose from: text, json, sarif, junit, github, summary)"
    )


def test_the_capability_sets_name_registered_formats() -> None:
    assert set(FORMATS) >= FILE_ONLY
    assert set(FORMATS) >= RECORDS_PROBLEMS


def test_a_new_format_is_one_module_and_one_registry_line(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("srm_check_test_upper_format")

    def render(result: RunResult, options: FormatOptions = DEFAULT_OPTIONS) -> str:
        return f"{len(result.files)} FILES, COLOR={options.color}\n"

    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(FORMATS, "upper", module.__name__)
    assert get_formatter("upper")(minimal(), FormatOptions(color=True)) == "1 FILES, COLOR=True\n"
