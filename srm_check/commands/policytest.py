"""`srm-check test`: run the test cases kept beside a policy's rules (its `tests/` folder)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    ColorMode,
    ColorOption,
    fail,
    guard_output_or_exit,
    load_policy_or_exit,
    policy_guard,
    policy_sources_or_configured,
    print_problems,
    use_color,
    write_output,
)
from srm_check.core.exit_codes import ExitCode
from srm_check.core.text import plural, visible

if TYPE_CHECKING:
    from srm_check.authoring.policy_tests import CaseResult, SuiteResult
    from srm_check.formats.junit_xml import Kind, Suite

ORDER = 40

_GREEN, _RED, _YELLOW, _BOLD, _RESET = "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[0m"
_LABEL = {"-": "- expected", "+": "+ found   ", " ": "  matched "}


class TestFormat(str, Enum):
    text = "text"
    junit = "junit"


PolicyDirsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Policy folders whose tests/ to run, with the shipped policy loaded beside them "
        "('@builtin' names it: its own tests). Default: the configuration's `policy`, else the "
        "shipped policy.",
        show_default=False,
        file_okay=False,
    ),
]


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def render_text(suite: SuiteResult, *, require_coverage: bool, color: bool = False) -> str:
    """One line per case, the diff of each failing case, coverage, and a summary line."""
    lines: list[str] = []
    for result in suite.results:
        case = result.case
        # Test names, paths and findings are data: control characters are shown escaped.
        about = visible(f"{case.where} {case.name}")
        if result.passed:
            lines.append(f"{_paint('PASS', _GREEN, color)} {about}")
            continue
        lines.append(f"{_paint('FAIL', _RED, color)} {about}")
        lines.extend(f"    {_LABEL[d.mark]} {visible(d.text)}" for d in result.diff)
    lines.append("")
    uncovered = suite.uncovered
    if not suite.coverage:
        lines.append("Coverage: the policy has no rules.")
    elif not uncovered:
        lines.append(
            f"Coverage: each of the {plural(len(suite.coverage), 'rule')} has a failing and a passing case."
        )
    else:
        paint = _RED if require_coverage else _YELLOW
        lines.append(
            _paint(
                f"Coverage: {plural(len(uncovered), 'rule')} without a failing or a passing case "
                "(a failing case expects a finding of the rule; a passing case names it in `silent`):",
                paint,
                color,
            )
        )
        lines.extend(visible(f"  {c.rule_id}: no {' and no '.join(c.missing)} case") for c in uncovered)
    failed = len(suite.failed)
    summary = f"{plural(len(suite.results), 'test case')}: {len(suite.results) - failed} passed"
    summary += f", {failed} failed" if failed else ""
    if failed:
        verdict = "FAILED"
    elif uncovered and require_coverage:
        verdict = "FAILED: --require-coverage"
    else:
        verdict = "passed"
    lines.append(_paint(f"{summary} ({verdict})", _BOLD, color))
    return "\n".join(lines) + "\n"


def _classname(path: Path, dirs: list[Path]) -> str:
    """A JUnit class name for a test file, the same on every machine: its path in its policy
    folder, under the folder as named from the working folder (or the folder's own name
    when it lies elsewhere, as the shipped policy does), made a class name as `check`'s JUnit
    makes one: `policies/tests/costs.yaml` -> `policies.tests.costs`."""
    from srm_check.core.paths import display_path
    from srm_check.formats.junit import classname

    resolved = path.resolve()
    for folder in dirs:
        try:
            inside = resolved.relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
        shown = display_path(folder)
        base = folder.resolve().name if shown.startswith(("/", "../")) or shown == ".." else shown
        return classname(f"{base}/{inside}")
    return classname(path.name)


def _file_suites(suite: SuiteResult, dirs: list[Path]) -> list[Suite]:
    """A JUnit suite per test file, a case per test case (failing with the findings' diff)."""
    from srm_check.formats.junit_xml import Case, Outcome, Suite

    by_file: dict[str, list[CaseResult]] = {}
    for result in suite.results:
        by_file.setdefault(result.case.display, []).append(result)
    suites = []
    for display, results in by_file.items():
        name = _classname(results[0].case.path, dirs)
        cases = []
        for result in results:
            failure = None
            if not result.passed:
                message = f"{result.case.where}: expected and found findings differ"
                diff = "\n".join(f"{_LABEL[d.mark]} {d.text}" for d in result.diff)
                failure = Outcome("failure", message, "findings-differ", diff)
            cases.append(Case(result.case.name, name, failure))
        suites.append(Suite(display, cases, display))
    return suites


def _coverage_suite(suite: SuiteResult, *, require_coverage: bool) -> Suite:
    """A case per rule: failing (with --require-coverage) or skipped when a kind of case is missing."""
    from srm_check.formats.junit_xml import Case, Outcome, Suite

    kind: Kind = "failure" if require_coverage else "skipped"
    cases = []
    for item in suite.coverage:
        missing = None
        if item.missing:
            missing = Outcome(kind, f"{item.rule_id} has no {' and no '.join(item.missing)} case", "coverage")
        cases.append(Case(item.rule_id, "coverage", missing))
    return Suite("coverage", cases)


def render_junit(suite: SuiteResult, *, require_coverage: bool, dirs: list[Path] | None = None) -> str:
    """JUnit XML (the Jenkins xUnit schema): a suite per test file, a case per test case.

    Test cases are named by their name (unique in their file) and classed by their file;
    a last suite, `coverage`, holds one case per rule (failing when required and missing).
    No times or timestamps, so that the same run gives the same bytes.
    """
    from srm_check.formats.junit_xml import document

    suites = _file_suites(suite, dirs or [])
    if suite.coverage:
        suites.append(_coverage_suite(suite, require_coverage=require_coverage))
    return document("srm-check test", suites, timed=False)


def test(
    policy_dirs: PolicyDirsArgument = None,
    output_format: Annotated[
        TestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TestFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the output to this file.", dir_okay=False),
    ] = None,
    require_coverage: Annotated[
        bool,
        typer.Option(
            "--require-coverage",
            help="Fail (exit 1) unless every rule has a failing case and a passing case.",
        ),
    ] = False,
    color: ColorOption = ColorMode.auto,
    builtin_policy: BuiltinPolicyOption = None,
) -> None:
    """Run the policy's test cases (its tests/ folder) and report passes and failures.

    Exit codes: 0 all cases pass, 1 a case failed (or coverage is missing with
    --require-coverage), 2 a malformed test file or policy.
    """
    from srm_check.authoring.policy_tests import TESTS_DIR, load_cases, run_suite
    from srm_check.pipeline.selection import evaluated_rules

    sources = policy_sources_or_configured(policy_dirs, builtin_policy)
    guard_output_or_exit(output, policy_guard(sources.folders))
    policy = load_policy_or_exit(sources)
    dirs = sources.named
    cases, problems = load_cases(dirs, [r["id"] for r in evaluated_rules(policy.rules)])
    if problems:
        print_problems(problems)
        fail(f"the test files have {plural(len(problems), 'problem')}; no test was run")
    if not cases:
        where = ", ".join(f"{d.as_posix()}/{TESTS_DIR}" for d in dirs)
        fail(f"no test cases found (looked in {where})")
    suite = run_suite(cases, policy, [r["id"] for r in policy.rules_in(dirs)])
    if output_format is TestFormat.junit:
        text = render_junit(suite, require_coverage=require_coverage, dirs=dirs)
    else:
        text = render_text(
            suite, require_coverage=require_coverage, color=use_color(color, output is not None)
        )
    write_output(text, output)
    failed = bool(suite.failed) or (require_coverage and bool(suite.uncovered))
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("test")(test)
