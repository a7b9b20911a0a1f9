"""What several commands share: error exits, policy loading, output writing, colour."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from datetime import date

    from srm_check.config import Effective
    from srm_check.policy import Policy, PolicyProblem
    from srm_check.run import Prepared

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


PolicyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy folder (catalogues and rules); repeat to combine. Default: the shipped policy.",
        file_okay=False,
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
TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Judge waiver expiry as of this date."),
]


def parse_today(value: str | None) -> date | None:
    """`--today`: the date waivers are judged on (default: the real today)."""
    if value is None:
        return None
    from srm_check.functions import parse_date

    parsed = parse_date(value)
    if parsed is None:
        fail(f"--today {value!r}: expected a date written YYYY-MM-DD")
    return parsed


def _fail_with(problems: list[object], message: str) -> NoReturn:
    for problem in problems:
        typer.echo(str(problem), err=True)
    fail(message)


def prepare_or_exit(
    effective: Effective,
    paths: list[Path] | None,
    *,
    use_waivers: bool = True,
    today: date | None = None,
    on_policy_error: Callable[[list[PolicyProblem]], NoReturn] | None = None,
) -> Prepared:
    """Resolve the run (policy, files, rules, waivers), or say what is wrong, located, and exit 2."""
    from srm_check.checker import PathError
    from srm_check.config import ConfigError
    from srm_check.policy import PolicyError
    from srm_check.run import prepare
    from srm_check.waivers import WaiverError

    try:
        return prepare(effective, paths=paths, use_waivers=use_waivers, today=today)
    except PolicyError as exc:
        if on_policy_error is not None:
            on_policy_error(exc.problems)
        _fail_with(list(exc.problems), f"the policy has {len(exc.problems)} problem(s); nothing was checked")
    except ConfigError as exc:
        _fail_with(list(exc.problems), "the configuration is invalid")
    except WaiverError as exc:
        _fail_with(list(exc.problems), "the waivers file is invalid; nothing was checked")
    except PathError as exc:
        fail(str(exc))


def config_or_exit(
    config_file: Path | None,
    policy: list[Path] | None = None,
    fail_on: FailOn | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Effective:
    """The configuration file merged with command-line flags, or exit 2 with located problems."""
    from srm_check.config import ConfigError, apply_flags, load_config

    try:
        effective = load_config(config_file)
    except ConfigError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        fail("the configuration is invalid")
    flags = {
        "policy": [p.as_posix() for p in policy] if policy else None,
        "fail-on": fail_on.value if fail_on else None,
        "select": select,
        "ignore": ignore,
    }
    return apply_flags(effective, flags)


def fail(message: str) -> NoReturn:
    """Print an error for the user (never a traceback) and exit with code 2."""
    typer.echo(f"srm-check: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def use_color(mode: ColorMode, to_file: bool) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if mode is ColorMode.always:
        return True
    if mode is ColorMode.never or to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def policy_dirs_or_configured(dirs: list[Path] | None) -> list[Path]:
    """The policy folders named on the command line, else the configuration's, else the shipped one."""
    if dirs:
        return list(dirs)
    from srm_check.run import policy_dirs

    return policy_dirs(config_or_exit(None))


def load_policy_or_exit(dirs: list[Path] | None) -> Policy:
    """Load the policy (see policy_dirs_or_configured), or print each located problem and exit 2."""
    from srm_check.policy import PolicyError, load_policy

    try:
        return load_policy(policy_dirs_or_configured(dirs))
    except PolicyError as exc:
        for problem in exc.problems:
            typer.echo(f"{problem}", err=True)
        fail(f"the policy has {len(exc.problems)} problem(s); nothing was checked")


def write_output(text: str, output: Path | None) -> None:
    """Write to `output`, or to stdout; a file that cannot be written is a usage error."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
