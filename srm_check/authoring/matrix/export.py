"""Agreements as a matrix: one row per responsibility of a catalogue, one column per agreement,
each cell the holder and RACI roles (a deviation marked with its direction), under a header
block with the catalogue, the date and the provenance hashes of the audit report; beside it
the agreements' own fields and the register of deviations, cost notes and notes.

Only what the matrix can give back is exported: an agreement that cannot be read, names a
responsibility twice, or names one its catalogue lacks is refused, located, before anything
is written.
"""

from __future__ import annotations

import json
from typing import Any

from srm_check.authoring.matrix.cells import Holding, write_holding
from srm_check.authoring.matrix.grid import Located
from srm_check.authoring.matrix.model import AGREEMENT_COLUMNS, AGREEMENTS_SHEET, COST_COLUMNS, COSTS_SHEET
from srm_check.report.provenance import Provenance
from srm_check.rules.agreement import AgreementData, AssignmentData
from srm_check.rules.catalogue import COMMUNITY_MORE, MOVED, PROVIDER_MORE, THIRD_PARTY, CatalogueIndex
from srm_check.schemas.records import ResponsibilityRecord

Row = list[Any]
_ARROW = {PROVIDER_MORE: "▲", COMMUNITY_MORE: "▼", MOVED: "●", THIRD_PARTY: "●"}
_MOVE = {
    PROVIDER_MORE: "provider takes on more",
    COMMUNITY_MORE: "community takes on more",
    MOVED: "moved",
    THIRD_PARTY: "to a third party",
}
MATRIX_HEADINGS = ("number", "responsibility", "title", "default party")


class Exported:
    """The sheets of an export, by name, in order, and the cells that mark deviations."""

    def __init__(self) -> None:
        self.sheets: dict[str, list[Row]] = {}
        self.deviations: dict[str, set[tuple[int, int]]] = {}  # sheet -> (row, column), 0-based


Agreements = list[tuple[str, AgreementData, CatalogueIndex]]


def refusals(agreements: list[tuple[str, AgreementData, CatalogueIndex | None]]) -> list[Located]:
    """What a matrix cannot hold: unknown catalogues, responsibilities it lacks, repeats."""
    out = []
    for path, data, catalogue in agreements:
        where = f"{path}:{data.document.span('/catalogue').line}"
        if catalogue is None:
            out.append(
                Located(where, f"catalogue '{data.catalogue}' is not in the policy; it cannot be exported")
            )
            continue
        for entry in data.assignments:
            line = f"{path}:{entry.key_span.line}:{entry.key_span.column}"
            if entry.duplicate_of is not None:
                out.append(
                    Located(line, f"'{entry.responsibility}' is assigned twice; a matrix has one cell for it")
                )
            elif entry.responsibility not in catalogue.responsibilities:
                out.append(
                    Located(
                        line,
                        f"'{entry.responsibility}' is not a responsibility of {catalogue.ref}; a "
                        "matrix has no row for it",
                    )
                )
    return out


def party_of(text: str, catalogue: CatalogueIndex, own: list[dict[str, Any]]) -> str:
    """The party a holder names: itself, or the party whose team it is."""
    if text in catalogue.teams:
        return catalogue.teams[text]
    for party in own:
        for team in party.get("teams") or []:
            if isinstance(team, dict) and team.get("id") == text and isinstance(party.get("id"), str):
                return str(party["id"])
    return text


def holding_of(entry: AssignmentData) -> Holding:
    held = Holding(team=entry.team)
    for holder in entry.holders:
        held.add("accountable", holder.text)
    for holder in entry.contributors:
        held.add(holder.role, holder.text)
    held.nobody = not entry.holders and not entry.contributors
    return held


def _direction(
    entry: AssignmentData, default: str | None, catalogue: CatalogueIndex, own: list[dict[str, Any]]
) -> str | None:
    if len(entry.holders) != 1:
        return None
    return catalogue.direction(default, party_of(entry.holders[0].text, catalogue, own))


def header_block(catalogue: CatalogueIndex, provenance: Provenance, files: list[str]) -> list[Row]:
    """The rows above the matrix: what it was made from, as the audit report records it."""
    ref = next((c for c in provenance.catalogues if c.ref == catalogue.ref), None)
    rows: list[Row] = [
        ["# srm-check export: responsibility matrix"],
        [f"# catalogue: {catalogue.ref}", catalogue.model["title"]],
        [
            f"# catalogue sha256: {ref.sha256 if ref else catalogue.sha256}",
            ref.path if ref else catalogue.path,
        ],
        [f"# rules sha256: {provenance.rules_sha256}"],
        [f"# generated: {provenance.generated_at}", provenance.time_source],
        [f"# srm-check: {provenance.tool_version}"],
        [f"# git: {provenance.git_text}"],
    ]
    shown = set(files)
    rows += [
        [f"# agreement file: {f.path}", f"sha256 {f.sha256}"] for f in provenance.inputs if f.path in shown
    ]
    return [*rows, []]


def _own(data: AgreementData) -> list[dict[str, Any]]:
    value = data.document.value
    parties = value.get("parties") if isinstance(value, dict) else None
    return [p for p in parties if isinstance(p, dict)] if isinstance(parties, list) else []


def _field(data: AgreementData, key: str) -> str:
    value = data.document.value.get(key) if isinstance(data.document.value, dict) else None
    return "" if value is None else str(value)


def matrix_sheet(
    catalogue: CatalogueIndex, agreements: Agreements, block: list[Row], out: Exported, name: str
) -> None:
    rows: list[Row] = [*block, [*MATRIX_HEADINGS, *(data.id or path for path, data, _ in agreements)]]
    marks: set[tuple[int, int]] = set()
    entries = [{e.responsibility: e for e in data.assignments} for _, data, _ in agreements]
    for resp in catalogue.model["responsibilities"]:
        row: Row = [resp["number"], resp["id"], resp["title"], resp["default_party"] or ""]
        for column, ((_, data, _), by_id) in enumerate(zip(agreements, entries, strict=True)):
            entry = by_id.get(resp["id"])
            if entry is None:
                row.append("")
                continue
            cell = write_holding(holding_of(entry))
            direction = _direction(entry, resp["default_party"], catalogue, _own(data))
            if direction is not None:
                cell += f" {_ARROW[direction]}"
                marks.add((len(rows), len(MATRIX_HEADINGS) + column))
            row.append(cell)
        rows.append(row)
    out.sheets[name] = rows
    out.deviations[name] = marks


def agreements_sheet(agreements: Agreements) -> list[Row]:
    rows: list[Row] = [list(AGREEMENT_COLUMNS)]
    for path, data, _ in agreements:
        own = _own(data)
        rows.append(
            [
                data.id or "",
                data.community or "",
                data.catalogue or "",
                _field(data, "effective"),
                _field(data, "end"),
                _field(data, "description"),
                json.dumps(own, ensure_ascii=False, default=str) if own else "",
                path,
            ]
        )
    return rows


def _cost_row(
    agreement: str, resp: ResponsibilityRecord, entry: AssignmentData, direction: str | None
) -> Row:
    note = entry.cost_note
    amount: Any = note.amount if note is not None and note.amount is not None else ""
    return [
        agreement,
        resp["number"],
        entry.responsibility,
        ", ".join(h.text for h in entry.holders),
        resp["default_party"] or "",
        _MOVE.get(direction or "", ""),
        note.text if note else "",
        amount,
        (note.currency or "") if note else "",
        (note.period or "") if note else "",
        entry.note,
    ]


def costs_sheet(agreements: Agreements) -> list[Row]:
    """The deviation and cost register: every assignment with a cost note, a note, or a move."""
    rows: list[Row] = [list(COST_COLUMNS)]
    for _, data, catalogue in agreements:
        for entry in sorted(data.assignments, key=lambda e: catalogue.order.index(e.responsibility)):
            resp = catalogue.responsibilities[entry.responsibility]
            direction = _direction(entry, resp["default_party"], catalogue, _own(data))
            if entry.cost_note is not None or entry.note or direction is not None:
                rows.append(_cost_row(data.id or "", resp, entry, direction))
    return rows


def export_sheets(agreements: Agreements, provenance: Provenance, costs: bool) -> Exported:
    """The sheets: a matrix per catalogue (in the order of their references), the agreements, the register."""
    out = Exported()
    for ref in sorted({catalogue.ref for _, _, catalogue in agreements}):
        mine = [item for item in agreements if item[2].ref == ref]
        block = header_block(mine[0][2], provenance, [p for p, _, _ in mine])
        matrix_sheet(mine[0][2], mine, block, out, sheet_name(ref))
    out.sheets[AGREEMENTS_SHEET] = agreements_sheet(agreements)
    if costs:
        out.sheets[COSTS_SHEET] = costs_sheet(agreements)
    return out


def sheet_name(ref: str) -> str:
    """A worksheet name for a catalogue: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in ref)
    return cleaned[:31]
