"""`srm-check schema`: print the JSON Schema of a file format, for editors and other tools."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from srm_check.commands.common import write_output

ORDER = 80


class SchemaKind(str, Enum):
    agreement = "agreement"
    catalogue = "catalogue"
    rules = "rules"
    policytest = "policytest"
    config = "config"
    waivers = "waivers"


def schema(
    kind: Annotated[
        SchemaKind, typer.Option("--kind", "-k", help="Which file format's schema to print.")
    ] = SchemaKind.agreement,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file (for example one kept in the repository), not stdout.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of agreements (or of catalogues, rule files, policy test files,
    the configuration or the waivers file).

    Save it and point editors at it with a first line such as
    `# yaml-language-server: $schema=agreement.schema.json` (`srm-check init --schema`).
    """
    from srm_check.schemas import schema_text

    write_output(schema_text(kind.value), output)


def register(app: typer.Typer) -> None:
    app.command()(schema)
