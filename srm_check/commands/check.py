"""`srm-check check`: check agreements once and write the results in one or more formats.

`--format`/`--output` choose the main output (stdout by default); each `--report
FORMAT=PATH` writes one more file from the same run: one parse, one evaluation, so
every file agrees with the others and with a separate run of that format.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple, NoReturn

import typer

from srm_check import __version__
from srm_check.commands.common import (
    ColorMode,
    ColorOption,
    ConfigOption,
    IgnoreOption,
    NoWaiversOption,
    PathsArgument,
    PolicyOption,
    SelectOption,
    TodayOption,
    WaiversOption,
    fail,
    fail_with,
    overrides,
    parse_today,
    prepare_or_exit,
    print_problems,
    settings_or_exit,
    use_color,
    write_output,
)
from srm_check.core.severity import Severity
from srm_check.formats import FILE_ONLY, FORMATS, RECORDS_PROBLEMS

if TYPE_CHECKING:
    from srm_check.core.finding import Finding
    from srm_check.core.problem import SrmError
    from srm_check.pipeline.results import RunResult

ORDER = 10


# One choice per module in srm_check.formats: a new format needs no change here.
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Output(NamedTuple):
    """One output of a run: a format, and a file (None: stdout)."""

    format: str
    path: Path | None


def parse_report(value: str) -> Output:
    """`FORMAT=PATH` as an Output, or exit 2 saying what is wrong."""
    name, sep, path = value.partition("=")
    name = name.strip()
    if not sep or not path:
        fail(f"--report {value!r}: expected FORMAT=PATH, e.g. --report sarif=results.sarif")
    if name not in FORMATS:
        fail(f"--report {value!r}: unknown format {name!r} (choose from: {', '.join(FORMATS)})")
    return Output(name, Path(path))


def plan_outputs(primary: str, output: Path | None, reports: list[str]) -> list[Output]:
    """The main output first, then each --report; refuse what would mix or overwrite output."""
    if primary in FILE_ONLY and output is None:
        fail(
            f"--format {primary} writes a file for a CI system, not terminal output: "
            f"give --output FILE (or --report {primary}=FILE)"
        )
    outputs = [Output(primary, output), *(parse_report(r) for r in reports)]
    seen: dict[Path, Output] = {}
    for out in outputs:
        if out.path is None:
            continue
        key = out.path.resolve()
        if key in seen:
            fail(f"{out.path} is named for two outputs ({seen[key].format} and {out.format})")
        seen[key] = out
    return outputs


def render(out: Output, run: RunResult, *, color: bool, junit_file_attribute: bool) -> str:
    """The text of one output; formats are imported only here, when chosen."""
    if out.format == "junit":
        from srm_check.formats import junit

        return junit.render(run, file_attribute=junit_file_attribute)
    from srm_check.formats import get_formatter

    return get_formatter(out.format)(run, color=color and out.path is None)


def write_all(outputs: list[Output], run: RunResult, color: bool, junit_file_attribute: bool) -> None:
    """Write the files first and stdout last, so a terminal's last line is the summary."""
    for out in sorted(outputs, key=lambda o: o.path is None):
        write_output(render(out, run, color=color, junit_file_attribute=junit_file_attribute), out.path)


def report_policy_problems(
    error: SrmError,
    outputs: list[Output],
    fail_on: Severity,
    color: bool,
    junit_file_attribute: bool,
) -> NoReturn:
    """Print policy problems, write the outputs that can record them (SARIF, JUnit), exit 2."""
    problems = error.problems
    print_problems(problems)
    recorders = [o for o in outputs if o.format in RECORDS_PROBLEMS]
    if recorders:
        from srm_check.pipeline.fingerprints import SourceRoot
        from srm_check.pipeline.results import RunResult

        run = RunResult(
            files=[],
            rules=[],
            fail_on=fail_on,
            tool_version=__version__,
            problems=list(problems),
            root=SourceRoot.discover(),
        )
        write_all(recorders, run, color, junit_file_attribute)
    fail(error.summary)


def check(
    paths: PathsArgument = None,
    policy: PolicyOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Format of the main output (junit needs --output)."),
    ] = OutputFormat["text"],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the main output to this file.", dir_okay=False),
    ] = None,
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT=PATH",
            help="Also write the results in FORMAT to PATH, from the same run; repeat for more "
            f"(formats: {', '.join(FORMATS)}). Example: --report sarif=srm.sarif --report junit=srm.xml",
        ),
    ] = None,
    junit_file_attribute: Annotated[
        bool,
        typer.Option(
            "--junit-file-attribute",
            help="Give each JUnit test case a `file` attribute (GitLab links it; the Jenkins xUnit "
            "schema does not allow it).",
        ),
    ] = False,
    fail_on: Annotated[
        Severity | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity that fails the run (exit code 1). Default: the configuration's, "
            "else error.",
        ),
    ] = None,
    color: ColorOption = ColorMode.auto,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes; 0 = one per core for large runs.", min=0),
    ] = None,
    config_file: ConfigOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    waivers: WaiversOption = None,
    no_waivers: NoWaiversOption = False,
    today: TodayOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Fail only on findings not recorded in this baseline file.", dir_okay=False
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            help="Record today's findings in this baseline file, and pass.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Check agreements; exit 1 when a finding is at or above --fail-on.

    PATHS are agreement files or folders (searched for *.yaml and *.yml); the default is
    the configuration's `paths`, else agreements/. Exit codes: 0 passed, 1 findings at or
    above --fail-on, 2 usage, configuration or policy error (SARIF and JUnit outputs still
    record policy errors).
    """
    flags = replace(
        overrides(policy, fail_on, select, ignore),
        jobs=jobs,
        waivers=str(waivers.resolve()) if waivers is not None else None,
    )
    settings = settings_or_exit(config_file, flags)
    configured = [f"{name}={settings.path(path)}" for name, path in settings.outputs.items()]
    chosen = {r.partition("=")[0].strip() for r in reports or []}
    extra = [*(reports or []), *(r for r in configured if r.partition("=")[0] not in chosen)]
    outputs = plan_outputs(output_format.value, output, extra)
    colored = use_color(color, output is not None)
    prepared = prepare_or_exit(
        settings,
        paths,
        use_waivers=not no_waivers,
        today=parse_today(today),
        on_policy_error=lambda error: report_policy_problems(
            error, outputs, settings.fail_on, colored, junit_file_attribute
        ),
    )

    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.run import execute

    run = execute(prepared)
    run.root = SourceRoot.discover()
    if write_baseline is not None:
        from srm_check.pipeline.baseline import write_baseline as record

        count = record(write_baseline, run.findings, lambda f: fingerprint_of(f, run))
        apply_baseline(run, write_baseline)  # what was recorded is now "unchanged"
        write_all(outputs, run, colored, junit_file_attribute)
        typer.echo(f"srm-check: recorded {count} finding(s) in the baseline {write_baseline}", err=True)
        raise typer.Exit(0)
    if baseline is not None:
        apply_baseline(run, baseline)
    write_all(outputs, run, colored, junit_file_attribute)
    raise typer.Exit(run.exit_code)


def fingerprint_of(finding: Finding, run: RunResult) -> str:
    """The line-independent identity of a finding (rule, file, agreement, pointer)."""
    from srm_check.pipeline.fingerprints import fingerprint

    return fingerprint(finding, run.root)


def apply_baseline(run: RunResult, path: Path) -> None:
    """Mark findings new or unchanged against the baseline; keep the fixed ones for reporting."""
    from srm_check.core.problem import SrmError
    from srm_check.pipeline.baseline import compare, read_baseline

    try:
        recorded = read_baseline(path)
    except SrmError as exc:
        fail_with(exc)
    run.baseline_absent = compare(run.files, recorded, lambda f: fingerprint_of(f, run))


def register(app: typer.Typer) -> None:
    app.command()(check)
