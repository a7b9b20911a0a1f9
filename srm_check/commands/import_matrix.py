"""`srm-check import`: agreements from a responsibility matrix in a CSV or XLSX file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from srm_check.commands.common import (
    BuiltinPolicyOption,
    PolicyOption,
    fail,
    fail_with,
    load_policy_or_exit,
    policy_guard,
    policy_sources_or_configured,
)
from srm_check.core.exit_codes import ExitCode
from srm_check.core.severity import Severity
from srm_check.core.text import plural, visible

if TYPE_CHECKING:
    from srm_check.authoring.matrix.build import ImportOptions
    from srm_check.authoring.matrix.grid import Sheet, SheetError

ORDER = 61


class Layout(str, Enum):
    rows = "rows"
    columns = "columns"


class Axis(str, Enum):
    agreements = "agreements"
    parties = "parties"


def _say(message: str) -> None:
    typer.echo(visible(message), err=True)


def _sheet_error(exc: SheetError) -> NoReturn:
    for problem in exc.problems:
        _say(str(problem))
    fail(exc.summary)


def _read(file: Path, encoding: str | None) -> list[Sheet]:
    from srm_check.authoring.matrix.csv_source import read_csv
    from srm_check.authoring.matrix.xlsx_source import read_xlsx

    display = file.as_posix()
    suffix = file.suffix.lower()
    if not file.is_file():
        fail(f"{display}: no such file")
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(file, display)
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(file, display, encoding)
    fail(f"{display}: '{suffix}' is neither .csv nor .xlsx (an .xls workbook: save it as .xlsx)")


def _options(mapping: Path | None, given: dict[str, object]) -> ImportOptions:
    from srm_check.authoring.matrix.build import ImportOptions
    from srm_check.authoring.matrix.mapping import read_mapping

    options = read_mapping(mapping, mapping.as_posix()) if mapping is not None else ImportOptions()
    for key, value in given.items():
        if value is not None and value is not False:
            setattr(options, key, value.value if isinstance(value, Enum) else value)
    return options


def import_(
    file: Annotated[Path, typer.Argument(help="The matrix: a .csv or .xlsx file.", dir_okay=False)],
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogue", help="Catalogue id or id@version. Default: the file's header block, else guessed."
        ),
    ] = None,
    layout: Annotated[
        Layout | None,
        typer.Option("--layout", help="Where the responsibilities are: rows or columns. Default: guessed."),
    ] = None,
    axis: Annotated[
        Axis | None,
        typer.Option(
            "--axis",
            help="What the other axis names: agreements (cells name parties) or parties (cells hold "
            "RACI letters or marks). Default: guessed.",
        ),
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option(
            "--header-row",
            min=1,
            help="The table's header row (1 = the first). Default: the first row of two cells or more.",
        ),
    ] = None,
    community: Annotated[
        str | None,
        typer.Option(
            "--community",
            help="The community's name, for a sheet whose columns are parties. Default: the header "
            "block, else the sheet's name.",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="A YAML file with these choices and the sheet's names for responsibilities and parties.",
            dir_okay=False,
        ),
    ] = None,
    skip_unmatched: Annotated[
        bool,
        typer.Option(
            "--skip-unmatched",
            help="Leave out rows that match no responsibility (listed) instead of writing nothing.",
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="The CSV file's encoding when it is not UTF-8 (e.g. cp1252)."),
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option(
            "--effective",
            help="Effective date when the file gives none, YYYY-MM-DD. Default: today "
            "(SOURCE_DATE_EPOCH's day if set).",
        ),
    ] = None,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", help="Folder for the agreements.", file_okay=False)
    ] = Path("agreements"),
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace agreement files that exist (default: refuse, writing nothing)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the agreements and say what would be written; write nothing."),
    ] = False,
    policy: PolicyOption = None,
    builtin_policy: BuiltinPolicyOption = None,
) -> None:
    """Write one agreement per community from a responsibility matrix, each checked as written.

    Responsibilities are matched to the catalogue by id, number or title (case, punctuation
    and near misses tolerated); nothing is written until every row matches one (or
    --skip-unmatched), nor over an existing file without --force. Exit codes: 0 written; 1
    written, but `check` finds errors in them (a cell naming two accountable parties, say);
    2 the spreadsheet cannot be used (located) or a usage error.
    """
    from srm_check.authoring.matrix.build import Importer
    from srm_check.authoring.matrix.grid import SheetError
    from srm_check.authoring.scaffold import effective_date
    from srm_check.core.problem import SrmError

    loaded = load_policy_or_exit(policy_sources_or_configured(policy, builtin_policy))
    try:
        options = _options(
            mapping,
            {
                "catalogue": catalogue,
                "layout": layout,
                "axis": axis,
                "header_row": header_row,
                "community": community,
                "skip_unmatched": skip_unmatched,
            },
        )
        imported = Importer(_read(file, encoding), loaded, options).run()
        date = effective_date(effective)
    except SheetError as exc:
        _sheet_error(exc)
    except SrmError as exc:
        fail_with(exc)
    for note in imported.notes:
        _say(f"{note}")
    from srm_check.authoring.matrix.writeout import plan_files, write_files

    try:
        planned = plan_files(
            imported,
            loaded,
            output_dir,
            file.as_posix(),
            date,
            force,
            policy_guard(loaded_dirs(policy, builtin_policy)),
        )
        if not dry_run:
            write_files(planned, force)
    except SrmError as exc:
        fail_with(exc)
    errors = 0
    verb = "would write" if dry_run else "wrote"
    for item in planned:
        count = plural(len(item.agreement.entries), "responsibility", "responsibilities")
        _say(f"{verb} {item.display}: {count} of {item.catalogue.ref} (from {item.agreement.source})")
        for finding in item.findings:
            where = f"{finding.path}:{finding.span.line}:{finding.span.column}"
            _say(f"{where}: {finding.severity} [{finding.rule_id}] {finding.message}")
            errors += finding.severity is Severity.error
    if errors:
        _say(
            f"srm-check: {plural(errors, 'error')} in the imported agreements, "
            "as the matrix has them (see above)"
        )
        raise typer.Exit(ExitCode.FINDINGS)


def loaded_dirs(policy: list[Path] | None, builtin: bool | None) -> list[Path]:
    return policy_sources_or_configured(policy, builtin).folders


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
