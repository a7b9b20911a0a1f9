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
from srm_check.core.exit_codes import ExitCode


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or only with command `only` (a faster start for a run)."""
    app = typer.Typer(
        name="srm-check",
        help="Check shared-responsibility agreements against declarative policies.",
        epilog="Exit codes: 0 passed; 1 findings at or above --fail-on; 2 usage, policy or "
        "configuration error; 3 internal error (a bug: please report it).",
        no_args_is_help=True,
        add_completion=True,  # --install-completion: typer imports its completion code anyway
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    register_all(app, only)
    return app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"srm-check {__version__}")
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Check shared-responsibility agreements against declarative policies."""


def __getattr__(name: str) -> typer.Typer:
    """`srm_check.cli.app`: the full app, built when first asked for (tests, embedding)."""
    if name == "app":
        globals()["app"] = full = build_app()
        return full
    raise AttributeError(name)


def _command(argv: list[str]) -> str | None:
    """The sub-command a command line runs (root options come before it)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main() -> None:
    """Entry point: run the app; turn any unexpected exception into a short message."""
    try:
        build_app(_command(sys.argv[1:]))()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("srm-check: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        from srm_check.core.text import visible

        typer.echo(
            f"srm-check: internal error: {type(exc).__name__}: {visible(str(exc))}\n"
            "This is a bug in srm-check; please report it with the command you ran.",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)
