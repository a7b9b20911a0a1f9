"""`srm-check validate-policy`: check policy folders deeply (catalogues, rules, tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_check.commands.common import fail, policy_dirs_or_configured
from srm_check.core.text import plural, visible

ORDER = 45


def validate_policy(
    policy_dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Policy folders to validate together. Default: the shipped policy.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Validate catalogues, rules and rule tests against their formats and each other.

    Prints each problem as path:line:column: message. Exit codes: 0 the policy is
    valid, 2 it has problems.
    """
    from srm_check.authoring.validate import validate_policy as validate

    dirs = policy_dirs_or_configured(policy_dirs)
    report = validate(dirs)
    for problem in report.problems:
        typer.echo(visible(str(problem)))
    if not report.ok:
        fail(f"the policy has {plural(len(report.problems), 'problem')}")
    typer.echo(
        f"policy valid: {plural(report.catalogues, 'catalogue')}, {plural(report.rules, 'rule')}, "
        f"{plural(report.cases, 'test case')} in {plural(report.test_files, 'test file')}"
    )


def register(app: typer.Typer) -> None:
    app.command("validate-policy")(validate_policy)
