"""`srm-check config`: print the effective configuration and where each value came from."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    IgnoreOption,
    PolicyOption,
    SelectOption,
    overrides,
    settings_or_exit,
)
from srm_check.core.severity import FailOn
from srm_check.core.text import visible

ORDER = 70


def config(
    config_file: ConfigOption = None,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Override the file's fail-on.")] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Print the effective configuration: each value, and the file:line or flag it came from.

    The configuration is `.srm-check.yaml` (or `[tool.srm-check]` in pyproject.toml), found by
    walking up from the working folder; command-line flags override it.
    """
    settings = settings_or_exit(config_file, overrides(policy, fail_on, select, ignore, builtin_policy))
    source = settings.file.as_posix() if settings.file else None
    values = dict(sorted(settings.items()))
    if as_json:
        data = {
            "file": source,
            "values": {
                key: {"value": value, "origin": settings.origins[key]} for key, value in values.items()
            },
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    typer.echo(visible(f"# configuration file: {source or 'none found (defaults)'}"))
    width = max(len(k) for k in values)
    for key, value in values.items():
        line = f"{key:<{width}} = {json.dumps(value, ensure_ascii=False)}  # {settings.origins[key]}"
        typer.echo(visible(line))


def register(app: typer.Typer) -> None:
    app.command()(config)
