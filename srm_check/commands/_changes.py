"""What `diff` and `history` share: their output formats, the policy's catalogues, which files
are agreements, and how a history problem ends the command (exit 2, with the reason)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from srm_check.commands.common import (
    fail,
    guard_output_or_exit,
    load_policy_or_exit,
    policy_sources_or_configured,
    write_output,
)

if TYPE_CHECKING:
    from srm_check.pipeline.history import HistoryError
    from srm_check.pipeline.settings import Settings
    from srm_check.rules.catalogue import Catalogues


class ChangeFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


FormatOption = Annotated[
    ChangeFormat,
    typer.Option(
        "--format", "-f", help="text; markdown (a pull-request comment, a CI job summary); or json."
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).", dir_okay=False)
]


def catalogues_or_exit(settings: Settings, policy: list[Path] | None, builtin: bool | None) -> Catalogues:
    """The catalogues of the policy in force (for numbers, titles and default parties)."""
    return load_policy_or_exit(policy_sources_or_configured(policy, builtin)).catalogues


def named_paths(settings: Settings, paths: list[Path] | None) -> list[Path]:
    """PATHS as given, else the configuration's `paths` (default agreements/)."""
    return list(paths) if paths else [settings.path(p) for p in settings.paths]


def history_failed(error: HistoryError) -> NoReturn:
    """Say why history cannot be read, and exit 2 (never a silent empty history)."""
    fail(str(error))


def write_or_exit(text: str, output: Path | None, inputs: list[Path]) -> None:
    """Write the output, refusing to write it over one of the files it was read from."""
    from srm_check.core.output import Guarded

    guard_output_or_exit(output, [Guarded(p, "a path this command reads", folder=p.is_dir()) for p in inputs])
    write_output(text, output)
