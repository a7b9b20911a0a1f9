"""`srm-check export`: the responsibility matrix of agreements, as CSV or XLSX."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srm_check import __version__
from srm_check.commands.common import (
    BuiltinPolicyOption,
    ConfigOption,
    FollowSymlinksOption,
    PathsArgument,
    PolicyOption,
    fail,
    fail_with,
    guard_output_or_exit,
    overrides,
    prepare_or_exit,
    settings_or_exit,
)
from srm_check.core.text import plural, visible

if TYPE_CHECKING:
    from srm_check.authoring.matrix.export import Agreements
    from srm_check.pipeline.results import RunResult
    from srm_check.policy.model import Policy

ORDER = 62


class SheetFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


def _format(chosen: SheetFormat | None, output: Path) -> SheetFormat:
    if chosen is not None:
        return chosen
    suffix = output.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return SheetFormat(suffix[1:])
    if str(output) == "-":
        return SheetFormat.csv
    fail(f"--output {output}: name a .csv or .xlsx file, or choose the format with --format")


def _agreements(run: RunResult, policy: Policy) -> Agreements:
    """The run's agreements with their catalogues, or exit 2 with what a matrix cannot hold."""
    from srm_check.authoring.matrix.export import refusals
    from srm_check.authoring.matrix.grid import Located
    from srm_check.core.codes import UNREADABLE_FILE, YAML_SYNTAX

    found = []
    problems: list[Located] = []
    for result in run.files:
        if result.kind != "agreement":
            continue
        broken = [f for f in result.findings if f.rule_id in UNREADABLE_FILE | {YAML_SYNTAX}]
        problems += [
            Located(f"{f.path}:{f.span.line}:{f.span.column}", f"{f.message} (not exported)") for f in broken
        ]
        for data in result.agreements if not broken else []:
            catalogue = policy.catalogues.find(data.catalogue) if data.catalogue else None
            found.append((result.path, data, catalogue))
    problems += refusals(found)
    if problems:
        for problem in problems:
            typer.echo(visible(str(problem)), err=True)
        fail(
            "nothing was exported: a matrix cannot hold these agreements as they are (run `srm-check check`)"
        )
    return [(path, data, catalogue) for path, data, catalogue in found if catalogue is not None]


def export(
    paths: PathsArgument = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write: .csv or .xlsx ('-': CSV to stdout).", dir_okay=False
        ),
    ] = Path("-"),
    output_format: Annotated[
        SheetFormat | None,
        typer.Option("--format", "-f", help="csv or xlsx. Default: from the --output suffix."),
    ] = None,
    costs: Annotated[
        bool,
        typer.Option(
            "--costs/--no-costs",
            help="Also write the register of deviations, cost notes and notes (needed to import the "
            "agreements back whole).",
        ),
    ] = True,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
    config_file: ConfigOption = None,
    follow_symlinks: FollowSymlinksOption = False,
) -> None:
    """Write the responsibility matrix of agreements: a row per responsibility, a column per agreement.

    Cells hold the holder and RACI roles, deviations marked (▲ provider takes on more, ▼ community
    takes on more, ● moved); a header block names the catalogue, the date and the provenance
    hashes of the audit report. `srm-check import` reads the file back. Exit codes: 0 written,
    2 usage or policy error, or agreements a matrix cannot hold (listed).
    """
    from srm_check.authoring.matrix.export import export_sheets
    from srm_check.authoring.matrix.write import to_csv, to_xlsx
    from srm_check.core.paths import display_path
    from srm_check.core.problem import SrmError
    from srm_check.pipeline.run import execute, read_files, run_inputs
    from srm_check.report.provenance import ProvenanceError, collect

    chosen = _format(output_format, output)
    stdout = str(output) == "-"
    if stdout and chosen is SheetFormat.xlsx:
        fail("an XLSX workbook is written to a file: give --output FILE.xlsx")
    settings = settings_or_exit(config_file, overrides(policy, None, None, None, builtin_policy))
    target = None if stdout else output
    guard_output_or_exit(target, run_inputs(settings, paths))
    prepared = prepare_or_exit(settings, paths, use_waivers=False, follow_symlinks=follow_symlinks)
    guard_output_or_exit(target, [], read_files(prepared))
    run = execute(prepared, keep_agreements=True)
    agreements = _agreements(run, prepared.policy)
    try:
        provenance = collect(prepared.policy, [(f, display_path(f)) for f in prepared.files], __version__)
    except ProvenanceError as exc:
        fail(str(exc))
    exported = export_sheets(agreements, provenance, costs)
    from srm_check.core.output import write_bytes, write_text

    try:
        if chosen is SheetFormat.xlsx:
            write_bytes(to_xlsx(exported, provenance.generated_at), output)
        else:
            write_text(to_csv(exported), target)
    except SrmError as exc:
        fail_with(exc)
    refs = sorted({c.ref for _, _, c in agreements})
    deviations = sum(len(marks) for marks in exported.deviations.values())
    shown = "standard output" if stdout else output.as_posix()
    typer.echo(
        visible(
            f"wrote {shown}: {plural(len(agreements), 'agreement')} on {', '.join(refs)}, "
            f"{plural(deviations, 'deviation')} marked"
        ),
        err=True,
    )


def register(app: typer.Typer) -> None:
    app.command()(export)
