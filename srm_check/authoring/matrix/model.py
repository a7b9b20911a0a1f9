"""Agreements as a matrix holds them, between a spreadsheet and YAML: who holds each
responsibility, its cost note and note, and the agreement's own fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from srm_check.authoring.matrix.cells import Holding

# The columns of the sheets that `export` writes beside the matrix, and `import` reads back.
AGREEMENT_COLUMNS = (
    "agreement",
    "community",
    "catalogue",
    "effective",
    "end",
    "description",
    "parties",
    "file",
)
COST_COLUMNS = (
    "agreement",
    "number",
    "responsibility",
    "party",
    "default party",
    "move",
    "cost note",
    "amount",
    "currency",
    "period",
    "note",
)
AGREEMENTS_SHEET = "Agreements"
COSTS_SHEET = "Costs"


@dataclass(slots=True)
class Entry:
    """One responsibility of an agreement: who holds it, its cost note and its note."""

    holding: Holding
    cost_text: str | None = None
    amount: int | float | None = None
    currency: str | None = None
    period: str | None = None
    note: str | None = None


@dataclass(slots=True)
class MatrixAgreement:
    """One agreement of a matrix; `source` says where it came from (a column, a sheet)."""

    id: str
    community: str
    catalogue: str
    source: str
    effective: str | None = None
    end: str | None = None
    description: str | None = None
    parties: list[dict[str, Any]] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
