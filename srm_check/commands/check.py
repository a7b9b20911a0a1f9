"""`srm-check check`: check agreements once and write the results in one or more formats.

`--format`/`--output` choose the main output (stdout by default); each `--report
FORMAT=PATH` writes one more file from the same run: one parse, one evaluation, so
every file agrees with the others and with a separate run of that format (see
formats/outputs.py).
"""

# No `from __future__ import annotations` here: typer reads `check`'s parameters from their
# annotations, and string annotations cost it two evaluations each (about 6 ms of every start).
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    ColorMode,
    ColorOption,
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
    category_or_exit,
    fail,
    fail_with,
    overrides,
    parse_today,
    prepare_or_exit,
    print_problems,
    read_stdin_or_exit,
    settings_or_exit,
    use_color,
)
from srm_check.core.problem import SrmError
from srm_check.core.severity import FailOn
from srm_check.core.text import plural, visible
from srm_check.formats import FORMATS, SARIF_CATEGORY, FormatOptions
from srm_check.formats.outputs import Output, guard_targets, plan_outputs, write_all, write_policy_problems

if TYPE_CHECKING:
    from srm_check.core.finding import Finding
    from srm_check.pipeline.baseline import Marker
    from srm_check.pipeline.cache import ResultCache
    from srm_check.pipeline.cache_folder import PolicyCache
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.results import RunResult
    from srm_check.pipeline.run import Prepared
    from srm_check.pipeline.settings import Settings

ORDER = 10
NO_CACHE_HELP = "Do not read or write the result cache (check every file afresh)."


# One choice per module in srm_check.formats: a new format needs no change here.
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def outputs_or_exit(
    settings: "Settings", primary: str, output: Path | None, reports: list[str]
) -> list[Output]:
    """The outputs of the run (the configuration's too), or exit 2 saying what is wrong."""
    configured = {name: settings.path(path) for name, path in settings.outputs.items()}
    origins = {
        name: problem
        for name in settings.outputs
        for problem in settings.located("outputs", "", f"/outputs/{name}")
    }
    try:
        return plan_outputs(primary, output, reports, configured, origins)
    except SrmError as exc:
        fail_with(exc)


def guard_or_exit(
    outputs: list[Output],
    settings: "Settings",
    paths: list[Path] | None,
    baselines: tuple[Path | None, Path | None],
) -> list[tuple[str, Path]]:
    """The files the run writes; exit 2, before anything is read, if one would replace an input."""
    from srm_check.pipeline.run import run_inputs

    read, written = baselines
    try:
        return guard_targets(
            outputs, run_inputs(settings, paths, baseline=read), [("--write-baseline", written)]
        )
    except SrmError as exc:
        fail_with(exc)


def write_or_exit(outputs: list[Output], run: "RunResult", options: FormatOptions) -> None:
    try:
        write_all(outputs, run, options)
    except SrmError as exc:
        fail_with(exc)


def report_policy_problems(
    error: SrmError, outputs: list[Output], fail_on: FailOn, options: FormatOptions
) -> NoReturn:
    """Print policy problems, write the outputs that can record them (SARIF, JUnit), exit 2."""
    print_problems(error.problems)
    try:
        write_policy_problems(outputs, error.problems, fail_on, options)
    except SrmError as exc:
        fail_with(exc)
    fail(error.summary)


def check(
    paths: PathsArgument = None,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
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
    sarif_category: Annotated[
        str,
        typer.Option(
            "--sarif-category",
            metavar="NAME",
            help="The SARIF analysis' category (automationDetails.id NAME/): give each analysis of "
            "one repository its own, so that GitHub code scanning keeps them apart.",
        ),
    ] = SARIF_CATEGORY,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity that fails the run (exit code 1); never: write every output and "
            "exit 0. Default: the configuration's, else error.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Text output: print the findings only, no summary.")
    ] = False,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="With PATHS '-': the path that the agreement read from standard input is shown "
            "as and matched against the configuration's include and exclude.",
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
    on: OnOption = None,
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
    follow_symlinks: FollowSymlinksOption = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=NO_CACHE_HELP)] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            envvar="SRM_CHECK_CACHE_DIR",
            help="The result cache's folder (or $SRM_CHECK_CACHE_DIR). Default: the configuration's "
            "`cache-dir`, else .srm-check-cache beside the configuration file or at the repository root.",
            file_okay=False,
        ),
    ] = None,
    context: Annotated[
        bool,
        typer.Option(
            "--context",
            help="With PATHS: also compare the named agreements with the other agreements of the "
            "configured paths, for the rules that compare agreements (SRM305: an agreement id "
            "used twice). The pre-commit hook uses it.",
        ),
    ] = False,
) -> None:
    """Check agreements; exit 1 when a finding is at or above --fail-on.

    PATHS are agreement files or folders (searched for *.yaml and *.yml); the default is
    the configuration's `paths`, else agreements/. `-` reads one agreement from standard
    input. Exit codes: 0 passed, 1 findings at or above --fail-on, 2 usage, configuration
    or policy error (SARIF and JUnit outputs still record policy errors).
    """
    stdin = read_stdin_or_exit(paths, stdin_filename)
    flags = overrides(policy, fail_on, select, ignore, builtin_policy)._replace(
        jobs=jobs,
        waivers=str(waivers.resolve()) if waivers is not None else None,
    )
    settings = settings_or_exit(config_file, flags)
    outputs = outputs_or_exit(settings, output_format.value, output, reports or [])
    named = None if stdin is not None else paths
    written = guard_or_exit(outputs, settings, named, (baseline, write_baseline))
    options = FormatOptions(
        color=use_color(color, output is not None),
        junit_file_attribute=junit_file_attribute,
        quiet=quiet,
        sarif_category=category_or_exit(sarif_category),
    )
    located = None if no_cache else cache_location(settings, cache_dir)
    prepared = prepare_or_exit(
        settings,
        None if stdin is not None else paths,
        use_waivers=not no_waivers,
        today=parse_today(today),
        on_policy_error=lambda error: report_policy_problems(error, outputs, settings.fail_on, options),
        follow_symlinks=follow_symlinks,
        stdin=stdin,
        on=parse_today(on, "--on"),
        context=context,
        policy_cache=None if located is None else policy_cache(located),
    )
    if prepared.excluded and not quiet and output_format.value != "text":
        names = ", ".join(visible(name) for name in prepared.excluded)
        typer.echo(f"srm-check: excluded by the configuration, not checked: {names}", err=True)

    from srm_check.core.output import refuse_read_files
    from srm_check.pipeline.run import read_files

    try:  # the files read are listed (a stat each) only when an output could be one of them
        refuse_read_files(written, read_files(prepared))
    except SrmError as exc:
        fail_with(exc)
    cache = cache_or_warn(prepared, located, quiet)
    if write_baseline is not None:
        run = collect(prepared, cache)
        count = record_baseline(run, write_baseline)
        write_or_exit(outputs, run, options)
        if not quiet:
            shown = visible(str(write_baseline))
            typer.echo(f"srm-check: recorded {plural(count, 'finding')} in the baseline {shown}", err=True)
        raise typer.Exit(0)
    run = stream_or_exit(prepared, outputs, options, cache, baseline)
    raise typer.Exit(run.exit_code)


def cache_or_warn(
    prepared: "Prepared", located: "tuple[Path, Path | None] | None", quiet: bool
) -> "ResultCache | None":
    """The run's result cache, in the folder `located` (see `cache_location`; None: no cache);
    a cache that cannot be written is left out, with a warning."""
    from srm_check.pipeline.cache import open_cache

    if located is None:
        return None
    cache, problem = open_cache(prepared, *located)
    if problem is not None and not quiet:
        typer.echo(f"srm-check: warning: result cache not used: {visible(problem)}", err=True)
    return cache


def collect(prepared: "Prepared", cache: "ResultCache | None") -> "RunResult":
    """Every file's result, for what needs the whole run at once (writing a baseline)."""
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.stream import RunStream

    stream = RunStream(prepared, keep_all=True, cache=cache, root=SourceRoot.discover())
    return stream.drain()


def stream_or_exit(
    prepared: "Prepared",
    outputs: list[Output],
    options: FormatOptions,
    cache: "ResultCache | None",
    baseline: Path | None,
) -> "RunResult":
    """Check the files and write every output as they finish (marked against the baseline, if
    any); exit 2 when an output cannot be written or the baseline read."""
    from srm_check.formats.outputs import OpenOutputs
    from srm_check.pipeline.fingerprints import SourceRoot
    from srm_check.pipeline.stream import RunStream

    root = SourceRoot.discover()
    stream = RunStream(prepared, cache=cache, baseline=baseline_marker(baseline, root), root=root)
    try:
        opened = OpenOutputs(outputs, stream.head(), options)
    except SrmError as exc:
        fail_with(exc)
    try:
        for result in stream:
            opened.file(result)
        run = stream.result()
        opened.finish(run)
    except SrmError as exc:
        opened.discard()
        fail_with(exc)
    except BaseException:
        opened.discard()
        raise
    return run


def cache_location(settings: "Settings", named: Path | None) -> "tuple[Path, Path | None]":
    """The cache folder and the folder it must stay within (`cache_folder`): the result cache
    and the policy cache both live there, found once a run."""
    from srm_check.pipeline.cache_folder import cache_folder

    return cache_folder(settings, named)


def policy_cache(located: "tuple[Path, Path | None]") -> "PolicyCache":
    """The policy cache in the cache folder `located`."""
    from srm_check.pipeline.cache_folder import PolicyCache

    return PolicyCache(*located)


def baseline_marker(path: Path | None, root: "SourceRoot") -> "Marker | None":
    """What marks findings against the baseline `path` (None: no baseline); exit 2 if unreadable."""
    if path is None:
        return None
    from srm_check.pipeline.baseline import Marker, read_baseline

    try:
        return Marker(read_baseline(path), root)
    except SrmError as exc:
        fail_with(exc)


def fingerprints_of(findings: "list[Finding]", run: "RunResult") -> list[str]:
    """The line-independent identities of a run's findings, numbered where they repeat (as in SARIF)."""
    from srm_check.pipeline.fingerprints import numbered_fingerprints

    return numbered_fingerprints(findings, run.root)


def apply_baseline(run: "RunResult", path: Path) -> None:
    """Mark findings new or unchanged against the baseline; keep the fixed ones for reporting."""
    from srm_check.pipeline.baseline import compare, read_baseline

    try:
        recorded = read_baseline(path)
    except SrmError as exc:
        fail_with(exc)
    run.baseline_absent = compare(run.files, recorded, lambda found: fingerprints_of(found, run))


def record_baseline(run: "RunResult", path: Path) -> int:
    """Record the run's findings in the baseline `path`; they are now "unchanged". Returns how many."""
    from srm_check.pipeline.baseline import write_baseline

    try:
        count = write_baseline(path, run.findings, lambda found: fingerprints_of(found, run))
    except SrmError as exc:
        fail_with(exc)
    apply_baseline(run, path)
    return count


def register(app: typer.Typer) -> None:
    app.command()(check)
