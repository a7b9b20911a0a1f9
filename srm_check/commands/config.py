"""`srm-check config`: print the effective configuration and where each value came from."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from srm_check.commands.common import (
    ConfigOption,
    FailOn,
    IgnoreOption,
    PolicyOption,
    SelectOption,
    config_or_exit,
)

ORDER = 70


def config(
    config_file: ConfigOption = None,
    policy: PolicyOption = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Override the file's fail-on.")] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Print the effective configuration: each value, and the file:line or flag it came from.

    The configuration is `.srm-check.yaml` (or `[tool.srm-check]` in pyproject.toml), found by
    walking up from the working folder; command-line flags override it.
    """
    effective = config_or_exit(config_file, policy, fail_on, select, ignore)
    source = effective.file.as_posix() if effective.file else None
    if as_json:
        data = {
            "file": source,
            "values": {
                key: {"value": effective.values[key], "origin": effective.origins[key]}
                for key in sorted(effective.values)
            },
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(f"# configuration file: {source or 'none found (defaults)'}")
    width = max(len(k) for k in effective.values)
    for key in sorted(effective.values):
        value = json.dumps(effective.values[key], ensure_ascii=False)
        typer.echo(f"{key:<{width}} = {value}  # {effective.origins[key]}")


def register(app: typer.Typer) -> None:
    app.command()(config)
