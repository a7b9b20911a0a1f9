"""`srm-check check`: check agreements and report findings in one format."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from srm_check import __version__
from srm_check.commands.common import (
    ColorMode,
    ColorOption,
    FailOn,
    FailOnOption,
    PathsArgument,
    PolicyOption,
    find_files_or_exit,
    load_policy_or_exit,
    use_color,
    write_output,
)
from srm_check.formats import FORMATS

ORDER = 10


# One choice per module in srm_check.formats: a new format needs no change here.
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def check(
    paths: PathsArgument = None,
    policy: PolicyOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat["text"],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the output to this file.", dir_okay=False),
    ] = None,
    fail_on: FailOnOption = FailOn.error,
    color: ColorOption = ColorMode.auto,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Worker processes; 0 = one per core for large runs.", min=0),
    ] = 0,
) -> None:
    """Check agreements; exit 1 when a finding is at or above --fail-on.

    PATHS are agreement files or folders (searched for *.yaml and *.yml); the default
    is agreements/. Exit codes: 0 passed, 1 findings at or above --fail-on,
    2 usage or policy error.
    """
    from srm_check.checker import check_files, evaluated_rules
    from srm_check.formats import get_formatter
    from srm_check.results import RunResult

    loaded = load_policy_or_exit(policy)
    files = find_files_or_exit(paths)
    run = RunResult(
        files=list(check_files(files, loaded, jobs=jobs)),
        rules=evaluated_rules(loaded),
        fail_on=fail_on.value,
        tool_version=__version__,
        policy=loaded,
    )
    render = get_formatter(output_format.value)
    write_output(render(run, color=use_color(color, output is not None)), output)
    raise typer.Exit(run.exit_code)


def register(app: typer.Typer) -> None:
    app.command()(check)
