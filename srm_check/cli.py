"""The `srm-check` command line: the app, its global options, and the entry point.

Commands live in `srm_check.commands`, one module each. Nothing here imports the
core, so that `--help` and `--version` stay instant; a pre-commit hook pays
start-up on every commit.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from srm_check import __version__
from srm_check.commands import register_all
from srm_check.commands.common import EXIT_INTERNAL

app = typer.Typer(
    name="srm-check",
    help="Check shared-responsibility agreements against declarative policies.",
    epilog="Exit codes: 0 passed; 1 findings at or above --fail-on; 2 usage, policy or "
    "configuration error; 3 internal error (a bug: please report it).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"srm-check {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Check shared-responsibility agreements against declarative policies."""


register_all(app)


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
