"""`srm-check validate-policy`: check policy folders deeply (catalogues, rules, tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_check.commands.common import BuiltinPolicyOption, fail, fail_with, policy_sources_or_configured
from srm_check.core.text import plural, visible

ORDER = 45


def validate_policy(
    policy_dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Policy folders to validate together, with the shipped policy loaded beside them "
            "('@builtin' names it). Default: the configuration's `policy`, else the shipped policy.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    builtin_policy: BuiltinPolicyOption = None,
) -> None:
    """Validate catalogues, rules, overrides and rule tests against their formats and each other.

    Prints each problem as path:line:column: message [SRMxxx], and each warning (a catalogue whose
    assignments no rule checks) as path:line:column: warning: message. Exit codes: 0 the
    policy is valid (warnings or not), 2 it has problems.
    """
    from srm_check.authoring.validate import validate_policy as validate
    from srm_check.policy.loader import no_policy_error

    sources = policy_sources_or_configured(policy_dirs, builtin_policy)
    if not sources.folders:
        fail_with(no_policy_error())
    report = validate(sources)
    for problem in report.problems:
        typer.echo(visible(problem.located()))
    for warning in report.warnings:
        typer.echo(
            visible(f"{warning.path}:{warning.span.line}:{warning.span.column}: warning: {warning.message}")
        )
    if not report.ok:
        fail(f"the policy has {plural(len(report.problems), 'problem')}")
    overrides = f", {plural(report.overrides, 'override')}" if report.overrides else ""
    warnings = f", {plural(len(report.warnings), 'warning')}" if report.warnings else ""
    beside = " (beside the shipped policy)" if report.beside_shipped else ""
    typer.echo(
        f"policy valid: {plural(report.catalogues, 'catalogue')}, {plural(report.rules, 'rule')}{overrides}, "
        f"{plural(report.cases, 'test case')} in {plural(report.test_files, 'test file')}{beside}{warnings}"
    )


def register(app: typer.Typer) -> None:
    app.command("validate-policy")(validate_policy)
