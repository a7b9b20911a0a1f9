"""`srm-check report`: an audit report of agreements, in Markdown, HTML or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check import __version__
from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    FollowSymlinksOption,
    IgnoreOption,
    NoWaiversOption,
    OnOption,
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

if TYPE_CHECKING:
    from datetime import date

    from srm_check.pipeline.history.diff import Diff
    from srm_check.pipeline.results import RunResult
    from srm_check.pipeline.run import Prepared
    from srm_check.report.summary import Collector

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
    on: OnOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Add a 'Changes since REV' section: what changed in these agreements since the "
            "git revision REV (a tag, a commit, HEAD~3), to the work tree.",
            show_default=False,
        ),
    ] = None,
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
    above --fail-on, 2 usage or policy error. With --on DATE it describes the agreements in
    force on that day (and their findings) only. With SOURCE_DATE_EPOCH set, the report
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
        settings,
        paths,
        use_waivers=not no_waivers,
        today=day,
        follow_symlinks=follow_symlinks,
        on=(on_day := parse_today(on, "--on")),
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
    changes = _changes(since, prepared)
    run = execute(prepared, keep=collector) if on_day is None else _in_force(prepared, collector, on_day)
    built = build_report(run, provenance, collector, on_day or day, changes=changes, on=on_day)
    write_output(get_writer(name)(built), output)
    raise typer.Exit(run.exit_code)


def _in_force(prepared: Prepared, collector: Collector, on: date) -> RunResult:
    """The run narrowed to the agreements in force on `on`, each summarised as its file finishes."""
    from srm_check.core.text import plural
    from srm_check.pipeline.lifecycle import InForce
    from srm_check.pipeline.run import execute

    narrowing = InForce(on, collector)
    run = narrowing.drop(execute(prepared, keep=narrowing))
    # Said on stderr too, for a CI log that does not open the report.
    typer.echo(
        f"srm-check: the report describes the {plural(narrowing.kept, 'agreement')} in force on "
        f"{on.isoformat()} ({narrowing.seen - narrowing.kept} of {narrowing.seen} "
        "not in force that day left out)",
        err=True,
    )
    return run


def _changes(since: str | None, prepared: Prepared) -> Diff | None:
    """`--since REV`: what changed in the report's agreement files since REV (exit 2 when git
    cannot say: a report that silently lacks the section asked for would mislead)."""
    if since is None:
        return None
    from srm_check.pipeline.history import HistoryError
    from srm_check.pipeline.history.diff import changes_since

    try:
        return changes_since(since, prepared.files, prepared.policy.catalogues)
    except HistoryError as exc:
        fail(f"--since {since}: {exc}")


def register(app: typer.Typer) -> None:
    app.command()(report)
