"""`srm-check diff`: what changed between two agreements, or between two revisions of some."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_check.commands._changes import (
    ChangeFormat,
    FormatOption,
    OutputOption,
    catalogues_or_exit,
    history_failed,
    named_paths,
    write_or_exit,
)
from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    PolicyOption,
    fail,
    settings_or_exit,
)
from srm_check.core.exit_codes import ExitCode

ORDER = 25


def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="OLD NEW: two agreement files; with --rev, agreement files or folders (default: the "
            "configuration's `paths`, else agreements/).",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="OLD..NEW",
            help="Compare PATHS at two git revisions (OLD..NEW; OLD.. means OLD..HEAD), or at OLD "
            "and in the work tree (OLD alone).",
        ),
    ] = None,
    output_format: FormatOption = ChangeFormat.text,
    output: OutputOption = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything changed (as `git diff --exit-code`).")
    ] = False,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Show what changed between two agreements: who holds each responsibility (from, to, and
    which way across the default boundary), cost notes added, changed or removed, the change in
    cost per currency and period, and the lifecycle keys (dates, hubs, approvals).

    `srm-check diff OLD NEW` compares two files (one agreement each: a renewal is compared with
    the agreement it renews). `srm-check diff [PATHS] --rev v1.0..HEAD` compares agreements at two
    revisions, matched by id. Exit codes: 0 shown (with --exit-code: no change); 1 changes
    (only with --exit-code); 2 usage error, or git cannot say (no repository, no such revision,
    history missing in a shallow clone).
    """
    from srm_check.pipeline.discovery import selected
    from srm_check.pipeline.history import HistoryError
    from srm_check.pipeline.history.diff import diff_files, diff_revisions, parse_range

    settings = settings_or_exit(config_file)
    if rev is None and len(paths or []) != 2:
        fail("give two agreement files (OLD NEW), or PATHS with --rev OLD..NEW")
    catalogues = catalogues_or_exit(settings, policy, builtin_policy)
    named = named_paths(settings, paths)
    try:
        if rev is None:
            old, new = named
            for path in named:
                if not path.is_file():
                    fail(f"{path.as_posix()}: not a file (compare folders with --rev)")
            found = diff_files(old, new, catalogues)
        else:
            old_rev, new_rev = parse_range(rev)
            found = diff_revisions(named, old_rev, new_rev, catalogues, lambda p: selected(p, settings))
    except HistoryError as exc:
        history_failed(exc)
    from srm_check.formats.changes import render_diff

    write_or_exit(render_diff(found, output_format.value), output, named)
    if exit_code and found.changes:
        raise typer.Exit(ExitCode.FINDINGS)


def register(app: typer.Typer) -> None:
    app.command()(diff)
