"""`srm-check schema`: print the JSON Schema of a file format, for editors and other tools."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

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
) -> None:
    """Print the JSON Schema of agreements (or of catalogues, rule files, policy test files,
    the configuration or the waivers file).

    Save it and point editors at it with a first line such as
    `# yaml-language-server: $schema=agreement.schema.json`.
    """
    from srm_check.schemas import schema_text

    sys.stdout.write(schema_text(kind.value))


def register(app: typer.Typer) -> None:
    app.command()(schema)
