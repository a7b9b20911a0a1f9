"""The command line: parse options, run the core, hand the result to a format, set the exit code.

Imports of the core happen inside the commands so that `--help` and `--version`
stay instant; a pre-commit hook pays start-up on every commit.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from srm_check import __version__

if TYPE_CHECKING:
    from srm_check.policy import Policy

EXIT_ERROR = 2
EXIT_INTERNAL = 3

app = typer.Typer(
    name="srm-check",
    help="Check shared-responsibility agreements against declarative policies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class SchemaKind(str, Enum):
    agreement = "agreement"
    catalogue = "catalogue"
    rules = "rules"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"srm-check {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Check shared-responsibility agreements against declarative policies.

    Exit codes: 0 no findings at or above --fail-on; 1 findings at or above it;
    2 usage, policy or configuration error; 3 internal error (a bug: please report it).
    """


def fail(message: str) -> NoReturn:
    """Print an error for the user (never a traceback) and exit with code 2."""
    typer.echo(f"srm-check: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _use_color(mode: ColorMode, to_file: bool) -> bool:
    if mode is ColorMode.always:
        return True
    if mode is ColorMode.never or to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


PolicyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--policy",
        "-p",
        help="Policy folder (catalogues and rules); repeat to combine. Default: the shipped policy.",
        file_okay=False,
    ),
]


def load_policy_or_exit(dirs: list[Path] | None) -> Policy:
    """Load the policy, or print each problem with its file:line and exit 2."""
    from srm_check.policy import PolicyError, default_policy_dir, load_policy

    try:
        return load_policy(list(dirs) if dirs else [default_policy_dir()])
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


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Agreement files or folders (searched for *.yaml, *.yml). Default: agreements/"),
    ] = None,
    policy: PolicyOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the output to this file.", dir_okay=False)
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that fails the run (exit code 1).")
    ] = FailOn.error,
    color: Annotated[
        ColorMode, typer.Option("--color", help="Colour text output: auto (terminal, no NO_COLOR).")
    ] = ColorMode.auto,
) -> None:
    """Check agreements; exit 1 when a finding is at or above --fail-on."""
    from srm_check.checker import PathError, check_files, discover, evaluated_rules
    from srm_check.formats import get_formatter
    from srm_check.results import RunResult

    loaded = load_policy_or_exit(policy)
    try:
        files = discover(paths or [Path("agreements")])
    except PathError as exc:
        fail(str(exc))
    results = list(check_files(files, loaded))
    run = RunResult(
        files=results,
        rules=evaluated_rules(loaded),
        fail_on=fail_on.value,
        tool_version=__version__,
        catalogues=sorted(loaded.catalogues),
    )
    render = get_formatter(output_format.value)
    write_output(render(run, color=_use_color(color, output is not None)), output)
    raise typer.Exit(run.exit_code)


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", "-k", help="Which file format's schema to print.")
    ] = SchemaKind.agreement,
) -> None:
    """Print the JSON Schema of agreements (or catalogues, or rule files).

    Editors use it through a first line such as
    `# yaml-language-server: $schema=agreement.schema.json`.
    """
    from srm_check.schemas import schema_text

    sys.stdout.write(schema_text(kind.value))


def main() -> None:
    """Entry point: run the app; turn any unexpected exception into a short message."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("srm-check: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        typer.echo(
            f"srm-check: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in srm-check; please report it with the command you ran.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
