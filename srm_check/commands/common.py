"""What several commands share: options, error exits, settings and policy loading, output writing."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from srm_check.core.exit_codes import ExitCode
from srm_check.core.severity import FailOn

if TYPE_CHECKING:
    from datetime import date

    from srm_check.core.output import Guarded
    from srm_check.core.problem import Problem, SrmError
    from srm_check.pipeline.run import Prepared
    from srm_check.pipeline.settings import Overrides, Settings
    from srm_check.policy.loader import PolicyStore
    from srm_check.policy.model import Policy
    from srm_check.policy.sources import PolicySources


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


PolicyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy folder (catalogues, rules, overrides) added to the shipped policy; repeat for "
        "more. '@builtin' names the shipped policy. Default: the configuration's `policy`.",
        file_okay=False,
    ),
]
BuiltinPolicyOption = Annotated[
    bool | None,
    typer.Option(
        "--builtin-policy/--no-builtin-policy",
        help="Load the policy shipped with srm-check beside the policy folders, or leave it out "
        "(then the folders replace it). Default: the configuration's `builtin-policy`, else yes.",
        show_default=False,
    ),
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Agreement files or folders (searched for *.yaml, *.yml). Default: agreements/",
        show_default=False,
    ),
]
ColorOption = Annotated[
    ColorMode,
    typer.Option("--color", help="Colour text output: auto = on a terminal, unless NO_COLOR is set."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Configuration file (default: .srm-check.yaml or pyproject.toml [tool.srm-check], "
        "found by walking up from the working folder).",
        dir_okay=False,
    ),
]
SelectOption = Annotated[
    list[str] | None,
    typer.Option("--select", help="Only run this rule (id or name); repeat for more."),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Do not run this rule (id or name); repeat for more."),
]
WaiversOption = Annotated[
    Path | None,
    typer.Option(
        "--waivers",
        help="Waivers file (default: the configuration's `waivers`, else waivers.yaml if present).",
        dir_okay=False,
    ),
]
NoWaiversOption = Annotated[
    bool,
    typer.Option("--no-waivers", help="Audit run: ignore every waiver; show all findings as they are."),
]
FollowSymlinksOption = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks",
        help="Follow symbolic links that lead out of a checked or policy folder (by default such "
        "a link is a finding, SRM014, and is not read).",
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="Pretend today is this day: waiver expiry, and agreements unless --on says otherwise.",
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="YYYY-MM-DD",
        help="Judge agreements as of this day: in force, expired, approved, due for review. "
        "Default: --today, else today.",
    ),
]


def parse_today(value: str | None, flag: str = "--today") -> date | None:
    """`--today` (the date waivers are judged on) or `--on` (agreements): None when not given."""
    if value is None:
        return None
    from srm_check.core.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        fail(f"{flag} {value!r}: {_no_date(value)}")
    return parsed


def _no_date(value: str) -> str:
    """Why a flag's date is refused: a day the calendar lacks reads differently from a typo."""
    from srm_check.core.dates import looks_like_date

    if looks_like_date(value):
        return "no such day in the calendar (written YYYY-MM-DD, but not a real date)"
    return "expected a date written YYYY-MM-DD"


def fail(message: str) -> NoReturn:
    """Print an error for the user (never a traceback; control characters shown) and exit 2."""
    from srm_check.core.text import visible

    typer.echo(f"srm-check: error: {visible(message)}", err=True)
    raise typer.Exit(ExitCode.ERROR)


def fail_with(error: SrmError) -> NoReturn:
    """Print each located problem of an error, then its summary, and exit with code 2."""
    print_problems(error.problems)
    fail(error.summary)


def print_problems(problems: list[Problem]) -> None:
    """Each located problem on its own line of stderr with its stable id, control characters shown."""
    from srm_check.core.text import visible

    for problem in problems:
        typer.echo(visible(problem.located()), err=True)


def prepare_or_exit(
    settings: Settings,
    paths: list[Path] | None,
    *,
    use_waivers: bool = True,
    today: date | None = None,
    on_policy_error: Callable[[SrmError], NoReturn] | None = None,
    follow_symlinks: bool = False,
    stdin: tuple[bytes, str | None] | None = None,
    on: date | None = None,
    context: bool = False,
    policy_cache: PolicyStore | None = None,
) -> Prepared:
    """Resolve the run (policy, files, rules, waivers), or say what is wrong, located, and exit 2."""
    from srm_check.core.problem import SrmError
    from srm_check.pipeline.run import prepare

    try:
        return prepare(
            settings,
            paths=paths,
            use_waivers=use_waivers,
            today=today,
            stdin=stdin,
            follow_symlinks=follow_symlinks,
            on=on,
            context=context,
            policy_cache=policy_cache,
        )
    except SrmError as exc:
        if exc.kind == "policy" and on_policy_error is not None:
            on_policy_error(exc)
        fail_with(exc)


def settings_or_exit(config_file: Path | None, overrides: Overrides | None = None) -> Settings:
    """The configuration file's settings under the command line's, or exit 2 with located problems."""
    from srm_check.core.problem import SrmError
    from srm_check.pipeline.config_file import load_settings

    try:
        settings = load_settings(config_file)
    except SrmError as exc:
        fail_with(exc)
    return settings if overrides is None else settings.with_overrides(overrides)


def overrides(
    policy: list[Path] | None = None,
    fail_on: FailOn | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    builtin_policy: bool | None = None,
) -> Overrides:
    """The flags most commands share, as settings overrides."""
    from srm_check.pipeline.settings import Overrides

    return Overrides(
        policy=tuple(p.as_posix() for p in policy or ()),
        builtin_policy=builtin_policy,
        fail_on=fail_on,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
    )


def use_color(mode: ColorMode, to_file: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if mode is ColorMode.always:
        return True
    if mode is ColorMode.never or to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout is not None and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def policy_sources_or_configured(dirs: list[Path] | None, builtin: bool | None = None) -> PolicySources:
    """The policy folders: those named on the command line (else the configuration's), after the
    shipped policy unless `builtin` (else the configuration's `builtin-policy`) is False.

    The configuration is read only for what the command line leaves open."""
    from srm_check.pipeline.run import policy_sources
    from srm_check.policy.sources import resolve_sources

    if dirs and builtin is not None:
        return resolve_sources(list(dirs), builtin=builtin)
    settings = settings_or_exit(None)
    if dirs:
        return resolve_sources(list(dirs), builtin=settings.builtin_policy)
    return policy_sources(settings if builtin is None else settings._replace(builtin_policy=builtin))


def load_policy_or_exit(sources: PolicySources) -> Policy:
    """Load the policy of `sources`, or print each located problem and exit 2."""
    from srm_check.core.problem import SrmError
    from srm_check.policy.loader import load_policy

    try:
        return load_policy(sources.folders)
    except SrmError as exc:
        fail_with(exc)


def guard_output_or_exit(output: Path | None, guarded: Sequence[Guarded], read: Iterable[Path] = ()) -> None:
    """Exit 2 if writing `output` would replace one of the run's inputs: a `guarded` path
    (see core.output.refuse_inputs) or, by identity, one of the files `read`."""
    if output is None:
        return
    from srm_check.core.output import refuse_inputs, refuse_read_files
    from srm_check.core.problem import SrmError

    try:
        refuse_inputs([("--output", output)], guarded)
        refuse_read_files([("--output", output)], read)
    except SrmError as exc:
        fail_with(exc)


def policy_guard(dirs: list[Path]) -> list[Guarded]:
    """The inputs of a command that reads only the policy: its folders and the configuration."""
    from srm_check.core.output import Guarded
    from srm_check.pipeline.config_file import find_config

    guarded = [Guarded(folder, "in a policy folder", folder=True) for folder in dirs]
    config = find_config(Path.cwd())
    if config is not None:
        guarded.append(Guarded(config, "the configuration file"))
    return guarded


def write_output(text: str | Iterable[str], output: Path | None) -> None:
    """Write to `output`, or to stdout; a file that cannot be written is a usage error (exit 2)."""
    from srm_check.core.output import write_text
    from srm_check.core.problem import SrmError

    try:
        write_text(text, output)
    except SrmError as exc:
        fail_with(exc)


def read_stdin_or_exit(paths: list[Path] | None, filename: str | None) -> tuple[bytes, str | None] | None:
    """The agreement on standard input when PATHS is `-` (with the name it goes by), else None."""
    named = [str(p) for p in paths or []]
    if "-" not in named:
        if filename is not None:
            fail("--stdin-filename names the agreement read from standard input: give PATHS '-'")
        return None
    if named != ["-"]:
        fail("'-' (read standard input) cannot be combined with other PATHS")
    if filename is not None and not filename.strip():
        fail("--stdin-filename must not be empty")
    from srm_check.source.reader import MAX_FILE_BYTES

    return sys.stdin.buffer.read(MAX_FILE_BYTES + 1), filename


def category_or_exit(category: str) -> str:
    """--sarif-category: a printable name without spaces (it becomes automationDetails.id)."""
    if not category or any(c.isspace() or not c.isprintable() for c in category):
        from srm_check.core.text import visible

        fail(f"--sarif-category {visible(category)!r}: give a name without spaces, e.g. srm-check-policies")
    return category
