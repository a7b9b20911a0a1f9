"""The `srm-check` command line: the app, its global options, and the entry point.

Commands live in `srm_check.commands`, one module each. Nothing here imports the
core, so that `--help` and `--version` stay instant; a pre-commit hook pays
start-up on every commit.
"""

import contextlib
import errno
import gc
import os
import sys
from types import FrameType
from typing import Annotated

import typer

from srm_check import GC_BEFORE, GC_THRESHOLD, __version__
from srm_check.commands import register_all
from srm_check.core.exit_codes import ExitCode


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or only with command `only` (a faster start for a run), or
    with none when `only` is "" (`--version`)."""
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


def _quiet_exit(message: str, code: ExitCode) -> None:
    """One line on stderr (if it still works), then the exit code: never a traceback."""
    with contextlib.suppress(OSError, ValueError):
        typer.echo(message, err=True)
    sys.exit(code)


def _command(argv: list[str]) -> str | None:
    """The sub-command a command line runs (root options come before it)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def _registered(argv: list[str]) -> str | None:
    """What `build_app` registers for a command line: its command; none ("") when it starts with
    `--version`, which typer answers as it parses the root options, before it looks up a command
    (so importing and inspecting every command, 40% of `srm-check --version`, is not needed)."""
    return "" if argv[:1] == ["--version"] else _command(argv)


class Terminated(BaseException):
    """SIGTERM arrived (a cancelled CI job): unwind like Ctrl-C, so that workers are stopped."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def _prepare_process() -> None:
    """Before any command: streams that never fail on a character they cannot show, SIGTERM that
    unwinds instead of killing, and a working folder that still exists."""
    import signal
    from pathlib import Path

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    signal.signal(signal.SIGTERM, _terminate)
    try:
        Path.cwd()
    except OSError as exc:
        typer.echo(f"srm-check: error: the working folder cannot be used: {exc.strerror}", err=True)
        sys.exit(ExitCode.ERROR)


# What writing to a full disk, a closed pipe or a closed descriptor raises.
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EFBIG, errno.EIO, errno.EDQUOT})


def _stdout_failed(exc: Exception) -> str | None:
    """Why standard output could not be written (closed, full, a closed pipe), or None when
    `exc` is something else. Files srm-check writes report their own errors (exit 2)."""
    if sys.stdout is None:
        return "it is closed"
    if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
        return exc.strerror or str(exc)
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as again:
        return getattr(again, "strerror", None) or str(again)
    return None


def _is_program(caller: FrameType) -> bool:
    """Whether `main` runs as the program itself (the `srm-check` script, `python -m srm_check`):
    called from the top level of a file run as `__main__`; not from a function, a test or
    `python -c`."""
    top = sys.modules.get("__main__")
    return (
        top is not None
        and caller.f_code.co_name == "<module>"
        and caller.f_globals is vars(top)
        and getattr(top, "__file__", None) is not None
    )


def _exit_now(done: SystemExit) -> None:
    """End the process with `done`'s exit code without the interpreter's teardown (freeing every
    object one by one, about a twentieth of a warm run): everything is written and closed by
    then, and standard streams are flushed here. Returns when that cannot be done cleanly, or
    when a worker process still runs (an interrupted run: the normal exit stops it)."""
    code = 0 if done.code is None else done.code
    if not isinstance(code, int):  # a message to print: Python does that
        return
    processes = sys.modules.get("multiprocessing")  # imported only by a run that started workers
    if processes is not None and processes.active_children():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(int(code))


def main() -> None:
    """Entry point: run the app; turn any unexpected exception into a short message."""
    program = _is_program(sys._getframe(1))
    _prepare_process()
    collecting = GC_BEFORE or gc.get_threshold()  # the program's start raised them already
    gc.set_threshold(*GC_THRESHOLD)
    try:
        try:
            build_app(_registered(sys.argv[1:]))()
        finally:
            gc.set_threshold(*collecting)
            if sys.stdout is not None:
                sys.stdout.flush()  # here, where a failure can still be reported
    except SystemExit as done:
        if program:
            _exit_now(done)
        raise
    except KeyboardInterrupt:
        _quiet_exit("srm-check: interrupted", ExitCode.INTERRUPTED)
    except Terminated:
        _quiet_exit("srm-check: terminated", ExitCode.TERMINATED)
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        reason = _stdout_failed(exc) if isinstance(exc, (OSError, ValueError, AttributeError)) else None
        if reason is not None:
            from srm_check.core.output import silence_stdout

            silence_stdout()
            _quiet_exit(f"srm-check: error: cannot write to standard output: {reason}", ExitCode.ERROR)
        from srm_check.core.text import visible

        typer.echo(
            f"srm-check: internal error: {type(exc).__name__}: {visible(str(exc))}\n"
            "This is a bug in srm-check; please report it with the command you ran.",
            err=True,
        )
        sys.exit(ExitCode.INTERNAL)
