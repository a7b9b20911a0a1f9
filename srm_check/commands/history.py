"""`srm-check history`: what changed in the agreements, commit by commit, from git's log."""

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
    PathsArgument,
    PolicyOption,
    fail,
    settings_or_exit,
)

ORDER = 26


def history(
    paths: PathsArgument = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Only the commits after REV (a commit, tag or branch), as git's REV..HEAD.",
        ),
    ] = None,
    first_parent: Annotated[
        bool,
        typer.Option(
            "--first-parent",
            help="Follow only the first parent of merges: each merged pull request is one change.",
        ),
    ] = False,
    output_format: FormatOption = ChangeFormat.text,
    output: OutputOption = None,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    config_file: ConfigOption = None,
) -> None:
    """List, for each community, every change to its agreements in git's history: who holds what
    (from, to, and which way across the default boundary), cost notes added, changed or removed,
    and the change in cost per currency and period, with each commit, its date and author.

    Oldest commit first. In a shallow clone the history is partial and says so. Exit codes:
    0 shown; 2 no history (not a git repository, no such revision, nothing committed) or a
    usage or policy error.
    """
    from srm_check.core.paths import display_path
    from srm_check.pipeline.discovery import selected
    from srm_check.pipeline.history import HistoryError
    from srm_check.pipeline.history.diff import found_in
    from srm_check.pipeline.history.repo import Repository
    from srm_check.pipeline.history.walk import walk

    settings = settings_or_exit(config_file)
    named = named_paths(settings, paths)
    catalogues = catalogues_or_exit(settings, policy, builtin_policy)
    try:
        repo = Repository.at(named[0] if named else Path.cwd())
        relative = []
        for path in named:
            rel = repo.relative(path)
            if rel is None:
                fail(f"{path.as_posix()} is not in the git repository at {repo.root.as_posix()}")
            relative.append("" if rel == "." else rel)

        def wanted(path: str) -> bool:
            return found_in(path, relative) and selected(repo.root / path, settings)

        found = walk(repo, relative, catalogues, wanted, since=since, first_parent=first_parent)
    except HistoryError as exc:
        history_failed(exc)
    found.paths = [display_path(p) for p in named]
    from srm_check.formats.changes import render_history

    write_or_exit(render_history(found, output_format.value), output, named)


def register(app: typer.Typer) -> None:
    app.command()(history)
