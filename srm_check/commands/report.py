"""`srm-check report`: an audit report of agreements, in Markdown, HTML or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from srm_check import __version__
from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    FollowSymlinksOption,
    IgnoreOption,
    NoWaiversOption,
    PathsArgument,
    PolicyOption,
    SelectOption,
    TodayOption,
    WaiversOption,
    fail,
    guard_output_or_exit,
    overrides,
    parse_today,
    prepare_or_exit,
    settings_or_exit,
    write_output,
)
from srm_check.core.severity import FailOn

ORDER = 20


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    json = "json"


def _choose_format(chosen: ReportFormat | None, output: Path | None) -> str:
    """--format wins; otherwise the --output suffix (.md, .html, .json); otherwise Markdown.

    An --output suffix that names no report format (`r.pdf`) is an error, never silently
    Markdown: the file would not be what its name says."""
    from srm_check.report import SUFFIXES

    if chosen is not None:
        return chosen.value
    if output is None or not output.suffix:
        return "markdown"
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        known = ", ".join(SUFFIXES)
        fail(
            f"--output {output.as_posix()}: '{output.suffix}' is not a report format (known: {known}); "
            "rename the file, or choose the format with --format (markdown, html, json)"
        )
    return found


def report(
    paths: PathsArgument = None,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format. Default: from the --output suffix (.md, .html, .json), else markdown.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file.", dir_okay=False),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Lowest severity that fails (exit 1). Default: the configuration's."),
    ] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    waivers: WaiversOption = None,
    no_waivers: NoWaiversOption = False,
    today: TodayOption = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes; 0 = one per core for large runs. Default 1: a report keeps "
            "every agreement, and sending them back from workers costs more than it saves.",
            min=0,
        ),
    ] = 1,
    follow_symlinks: FollowSymlinksOption = False,
) -> None:
    """Write an audit report: who holds what, what moved from the default, what it costs.

    The same files, rules and findings as `check`. The report is written even when
    agreements fail; the exit code says whether they do: 0 passed, 1 findings at or
    above --fail-on, 2 usage or policy error. With SOURCE_DATE_EPOCH set, the report
    is byte-identical from run to run.
    """
    from srm_check.core.paths import display_path
    from srm_check.pipeline.run import execute
    from srm_check.report import get_writer
    from srm_check.report.build import build_report
    from srm_check.report.provenance import ProvenanceError, collect
    from srm_check.report.summary import Collector

    name = _choose_format(output_format, output)
    flags = overrides(policy, fail_on, select, ignore, builtin_policy)._replace(
        jobs=jobs,
        waivers=str(waivers.resolve()) if waivers is not None else None,
    )
    labels = {} if jobs != 1 else {"jobs": "report default"}
    settings = settings_or_exit(config_file).with_overrides(flags, labels)
    from srm_check.pipeline.run import read_files, run_inputs

    guard_output_or_exit(output, run_inputs(settings, paths))
    day = parse_today(today)
    prepared = prepare_or_exit(
        settings, paths, use_waivers=not no_waivers, today=day, follow_symlinks=follow_symlinks
    )
    guard_output_or_exit(output, [], read_files(prepared))
    try:
        provenance = collect(prepared.policy, [(f, display_path(f)) for f in prepared.files], __version__)
    except ProvenanceError as exc:
        fail(str(exc))
    # Each agreement is summarised as its file finishes (report.summary), never kept whole.
    from srm_check.pipeline.results import RunResult

    # Whether a finding fails the run, decided as the run decides it.
    judge = RunResult([], [], prepared.settings.fail_on)
    collector = Collector(prepared.policy, judge.fails)
    run = execute(prepared, keep=collector)
    write_output(get_writer(name)(build_report(run, provenance, collector, day)), output)
    raise typer.Exit(run.exit_code)


def register(app: typer.Typer) -> None:
    app.command()(report)
