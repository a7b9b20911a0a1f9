"""`srm-check init`: write a new agreement with every responsibility on its default party."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    PolicyOption,
    fail_with,
    load_policy_or_exit,
    policy_sources_or_configured,
    write_output,
)
from srm_check.core.exit_codes import ExitCode
from srm_check.core.text import visible

if TYPE_CHECKING:
    from srm_check.policy.model import Policy

ORDER = 60


def init(
    community: Annotated[str, typer.Option("--community", "-c", help="The community's name.")],
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogue",
            help="Catalogue id or id@version. Default: the only catalogue of your policy folders "
            "(beside the shipped policy), else the policy's only catalogue.",
        ),
    ] = None,
    agreement_id: Annotated[
        str | None,
        typer.Option("--id", help="The agreement's id. Default: made from the community's name."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-' for stdout). Default: agreements/<id>.yaml.",
            dir_okay=False,
        ),
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option(
            "--effective",
            help="Effective date, YYYY-MM-DD. Default: today (the day of SOURCE_DATE_EPOCH if set).",
        ),
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            help="$schema reference for editors (a URL, or a path relative to the new file such as a "
            "copy from `srm-check schema --output`); '' for none. Default: the schema of this "
            "srm-check release, by URL.",
        ),
    ] = None,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
) -> None:
    """Write a new agreement: every responsibility on its default party, each commented
    with its number and title. It passes `srm-check check` as written.

    A responsibility without a default party is written as held by nobody, for its authors
    to assign. An existing file is never overwritten. Exit codes: 0 written, 1 written but
    the policy's rules find errors in it (responsibilities left to assign, or a policy
    whose defaults break its own rules),
    2 usage error (existing file, unknown catalogue, bad date or id).
    """
    from srm_check.authoring.new_agreement import InitRequest, new_agreement
    from srm_check.authoring.scaffold import unassigned
    from srm_check.core.problem import SrmError

    request = InitRequest(community, catalogue, agreement_id, output, effective, schema)

    def load() -> Policy:
        return load_policy_or_exit(policy_sources_or_configured(policy, builtin_policy))

    try:
        made = new_agreement(request, load)
    except SrmError as exc:
        fail_with(exc)
    if made.target is None:
        write_output(made.text, None)
    else:
        count, ref, open_ = len(made.catalogue.order), made.catalogue.ref, unassigned(made.catalogue)
        placed = f"{count} responsibilities of {ref} on their default parties"
        if open_:
            placed = f"{count - open_} of {placed}, {open_} to assign"
        typer.echo(visible(f"wrote {made.display}: {placed}"), err=True)
    if made.errors:
        for finding in made.errors:
            where = f"{finding.path}:{finding.span.line}:{finding.span.column}"
            typer.echo(visible(f"{where}: error [{finding.rule_id}] {finding.message}"), err=True)
        if unassigned(made.catalogue):
            typer.echo(
                "srm-check: name the accountable party of each responsibility without a default", err=True
            )
        else:
            typer.echo("srm-check: the policy's own rules fail the new agreement", err=True)
        raise typer.Exit(ExitCode.FINDINGS)


def register(app: typer.Typer) -> None:
    app.command()(init)
