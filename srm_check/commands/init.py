"""`srm-check init`: write a new agreement with every responsibility on its default party."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srm_check.commands.common import (
    PolicyOption,
    fail,
    load_policy_or_exit,
    write_output,
)
from srm_check.core.exit_codes import ExitCode

ORDER = 60


def init(
    community: Annotated[str, typer.Option("--community", "-c", help="The community's name.")],
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogue",
            help="Catalogue id or id@version. Default: the policy's only catalogue.",
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
            help="$schema reference for editors. Default: the shipped agreement schema, "
            "relative to the new file.",
        ),
    ] = None,
    policy: PolicyOption = None,
) -> None:
    """Write a new agreement: every responsibility on its default party, each commented
    with its number and title. It passes `srm-check check` as written.

    An existing file is never overwritten. Exit codes: 0 written, 1 written but the
    policy's rules find errors in it (a policy whose defaults break its own rules),
    2 usage error (existing file, unknown catalogue, bad date or id).
    """
    from srm_check.authoring import scaffold

    name = community.strip()
    if not name:
        fail("--community must not be empty")
    slug = agreement_id if agreement_id is not None else scaffold.slugify(name)
    if not slug:
        fail(f"cannot make an id from the community name {name!r}; give one with --id")
    if not scaffold.SLUG.match(slug) or len(slug) > 100:
        fail(f"--id '{slug}' is not a valid id: lower-case letters, digits, '.', '_' and '-'")
    loaded = load_policy_or_exit(policy)
    try:
        chosen = scaffold.choose_catalogue(loaded, catalogue)
        date = scaffold.effective_date(effective)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    to_stdout = output is not None and str(output) == "-"
    target = Path("agreements") / f"{slug}.yaml" if output is None else output
    if not to_stdout:
        if target.exists():
            fail(f"{target.as_posix()} already exists; not overwriting it (choose --output or --id)")
        clash = scaffold.ids_in_use(target.parent, slug)
        if clash is not None:
            fail(f"agreement id '{slug}' is already used in {clash}; choose another with --id")
    reference = schema if schema is not None else (None if to_stdout else scaffold.schema_reference(target))
    text = scaffold.render_agreement(
        chosen, agreement_id=slug, community=name, effective=date, schema_ref=reference
    )
    display = "<stdout>" if to_stdout else target.as_posix()
    errors = [f for f in scaffold.check_text(text, display, loaded) if f.severity == "error"]
    if to_stdout:
        write_output(text, None)
    else:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even racing
                handle.write(text)
        except FileExistsError:
            fail(f"{target.as_posix()} already exists; not overwriting it")
        except OSError as exc:
            fail(f"cannot write {target.as_posix()}: {exc.strerror}")
        count = len(chosen.order)
        typer.echo(
            f"wrote {display}: {count} responsibilities of {chosen.ref} on their default parties",
            err=True,
        )
    if errors:
        for finding in errors:
            typer.echo(
                f"{finding.path}:{finding.span.line}:{finding.span.column}: error "
                f"[{finding.rule_id}] {finding.message}",
                err=True,
            )
        typer.echo("srm-check: the policy's own rules fail the new agreement", err=True)
        raise typer.Exit(ExitCode.FINDINGS)


def register(app: typer.Typer) -> None:
    app.command()(init)
